"""What each edited number did to the target: the change when that one edit is undone.

For credences ``c`` edited from a ``baseline`` (a profile), the effect of editing parameter
``θ`` is ``P(t | c) - P(t | c with θ put back to the baseline)``: how far this edit moves the
target with every other edit kept. All reverts run in one batched engine call. The effects
need not add up to the total change ``P(t | c) - P(t | baseline)``: edits interact (for an
attribution that does add up, see :func:`argmap.analysis.cruxes`).

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> base = {pid: p.value for pid, p in model.parameters.items()}
>>> from argmap import Point
>>> mine = {**base, "rain[cloudy=true]": Point(0.9)}
>>> effects = edit_effects(model, mine, base, target="wet=true")
>>> [(e.parameter, round(e.effect, 4)) for e in effects.edits]
[('rain[cloudy=true]', 0.0405)]
>>> round(effects.now - effects.baseline, 4)
0.0405
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._display import Tabular
from ..inference import marginals, overrides_of
from ..model import Model
from ..tables import point_values
from ._common import Assignment, CredencesLike, Target, TargetLike, header, resolve_target
from .batch import batch_marginals


@dataclass(frozen=True)
class EditEffect:
    """One edited parameter: the target without this edit, and the edit's effect."""

    parameter: str
    claim: str
    without: float  # P(t) with this one parameter back at the baseline
    effect: float  # now - without

    def to_dict(self) -> dict[str, Any]:
        return {"parameter": self.parameter, "claim": self.claim, "without": self.without,
                "effect": self.effect}  # fmt: skip


@dataclass(frozen=True, repr=False)
class EditEffects(Tabular):
    """Every edit's effect on one target (see :func:`edit_effects`), largest first."""

    _rows = ("edits", ("parameter", "claim", "without", "effect"))
    _title = "of {n} edits on {self.target.label}: {self.baseline:.4g} -> {self.now:.4g}"

    model_id: str
    target: Target
    now: float  # P(t) under the edited credences
    baseline: float  # P(t) under the baseline
    edits: tuple[EditEffect, ...]
    evidence: Mapping[str, str] = field(default_factory=dict)
    do: Mapping[str, str] = field(default_factory=dict)

    def effect_of(self, parameter: str) -> EditEffect | None:
        """The effect of editing ``parameter`` (None when it was not edited)."""
        return next((e for e in self.edits if e.parameter == parameter), None)

    def to_dict(self) -> dict[str, Any]:
        return {**header(self), "now": self.now, "baseline": self.baseline,
                "edits": [e.to_dict() for e in self.edits]}  # fmt: skip


def edit_effects(
    model: Model,
    credences: CredencesLike,
    baseline: CredencesLike,
    *,
    target: TargetLike = None,
    evidence: Assignment | None = None,
    do: Assignment | None = None,
) -> EditEffects:
    """Each parameter whose value differs between ``credences`` and ``baseline``, with how far
    undoing that one edit would move P(target) (uncertain values at their mean).

    Parameters
    ----------
    model
        The model.
    credences, baseline
        The edited credences and the ones they were edited from (credence files or
        ``{parameter id: Value}``; parameters not named keep the model's own numbers).
    target
        ``"claim=state"``; default the model's declared output.
    evidence, do
        Observations and interventions in force.
    """
    goal = resolve_target(model, target, evidence=evidence, do=do)
    mine, theirs = overrides_of(credences), overrides_of(baseline)
    own = {pid: p.value for pid, p in model.parameters.items()}
    changed = [pid for pid in model.parameters
               if mine.get(pid, own[pid]) != theirs.get(pid, own[pid])]  # fmt: skip
    now = marginals(model, credences, evidence=evidence, do=do).p(goal.claim, goal.state)
    base = marginals(model, baseline, evidence=evidence, do=do).p(goal.claim, goal.state)
    edits: list[EditEffect] = []
    if changed:
        now_points = point_values(model, mine)
        base_points = point_values(model, theirs)
        batch = {
            pid: np.stack([base_points[pid] if j == i else now_points[pid]
                           for j in range(len(changed))], axis=-1)
            for i, pid in enumerate(changed)
        }  # fmt: skip
        result = batch_marginals(model, batch, credences, evidence=evidence, do=do)
        without = result.p(goal.claim, goal.state)
        edits = [
            EditEffect(pid, model.parameters[pid].claim, float(w), now - float(w))
            for pid, w in zip(changed, without, strict=True)
        ]
        edits.sort(key=lambda e: -abs(e.effect))
    return EditEffects(model.id, goal, now, base, tuple(edits), dict(evidence or {}),
                       dict(do or {}))  # fmt: skip
