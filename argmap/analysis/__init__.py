"""Analyses of an argument map: which claims matter, how sure we are, where people differ.

Every analysis is a pure function returning a frozen result (with ``to_dict()`` for JSON);
the CLI (:mod:`argmap.cli.analysis`, its tables in :mod:`argmap.cli.render`) and the app
format them. All run on batched exact inference (:func:`batch_marginals`): many credence
vectors in one engine pass.

- :func:`sensitivity`, :func:`two_way`: tornado and two-way grids;
- :func:`value_of_information`: expected change and mutual information per claim;
- :func:`montecarlo`: the target's distribution over uncertain credences, and its drivers;
- :func:`cruxes`: Shapley attribution of two people's difference, and halfway points;
- :func:`pool`: linear or logarithmic pooling of several credence files;
- :func:`coherence`: stated marginals (``stated:``) against the marginals the tables imply;
- :func:`edit_effects`: how far undoing each edit of a profile would move the target;
- :func:`explain`: the most probable scenarios behind a target (MPE) and the chain carrying it.

>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> sensitivity(model).target.label
'wet=true'
"""

from ._common import Setting, Target, base_values, resolve_target, settings, with_state
from .batch import BatchResult, batch_marginals, evaluate
from .coherence import Coherence, StatedMarginal, coherence
from .cruxes import Crux, Cruxes, Halfway, cruxes
from .edits import EditEffect, EditEffects, edit_effects
from .explain import ChainStep, Explanation, Scenario, explain
from .montecarlo import ClaimSpread, Driver, MonteCarlo, draw_samples, montecarlo, most_samples
from .pooling import Member, Pool, pool
from .sensitivity import Sensitivity, Swing, TwoWay, sensitivity, two_way
from .voi import ClaimVOI, ValueOfInformation, value_of_information

__all__ = [
    "BatchResult",
    "ChainStep",
    "ClaimSpread",
    "ClaimVOI",
    "Coherence",
    "Crux",
    "Cruxes",
    "Driver",
    "EditEffect",
    "EditEffects",
    "Explanation",
    "Halfway",
    "Member",
    "MonteCarlo",
    "Pool",
    "Scenario",
    "Sensitivity",
    "Setting",
    "StatedMarginal",
    "Swing",
    "Target",
    "TwoWay",
    "ValueOfInformation",
    "base_values",
    "batch_marginals",
    "coherence",
    "cruxes",
    "draw_samples",
    "edit_effects",
    "evaluate",
    "explain",
    "montecarlo",
    "most_samples",
    "pool",
    "resolve_target",
    "sensitivity",
    "settings",
    "two_way",
    "value_of_information",
    "with_state",
]
