"""argmap: probabilistic argument maps.

Turn a report's claims into a Bayesian network, put your own credences on the inputs, and
see what they imply, exactly.

>>> import argmap
>>> model = argmap.load_model("models/examples/sprinkler.yaml")
>>> result = argmap.marginals(model, evidence={"wet": "true"})
>>> round(result.p("rain"), 3)
0.705
"""

from .credences import Credences, load_credences, load_credences_text
from .errors import (
    ArgmapError,
    ConflictError,
    ExportError,
    ImpossibleEvidenceError,
    InputError,
    Problem,
    UnknownNameError,
)
from .inference import Result, marginals
from .loading import load_model, load_model_text
from .model import Claim, Link, Model, Parameter

__all__ = [
    "ArgmapError",
    "Claim",
    "ConflictError",
    "Credences",
    "ExportError",
    "ImpossibleEvidenceError",
    "InputError",
    "Link",
    "Model",
    "Parameter",
    "Problem",
    "Result",
    "UnknownNameError",
    "load_credences",
    "load_credences_text",
    "load_model",
    "load_model_text",
    "marginals",
]
__version__ = "0.1.0"
