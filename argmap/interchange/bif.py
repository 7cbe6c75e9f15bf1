"""BIF, the Bayesian Interchange Format (GeNIe, bnlearn, pgmpy, pyAgrum): read and write.

Both directions go through pgmpy (:mod:`argmap.interchange.pgmpy_bridge`); each claim's text
travels as variable properties (:mod:`argmap.interchange.properties`).

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> text = to_bif(model)
>>> text.startswith("network sprinkler")
True
>>> data = parse_bif(text)
>>> data.parents["wet"], data.states["rain"]
(('rain', 'sprinkler'), ('true', 'false'))
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Model
from ..values import Value
from .network import NetworkData
from .pgmpy_bridge import read_pgmpy, write_pgmpy
from .properties import encoded_properties


def parse_bif(text: str) -> NetworkData:
    """The network in BIF ``text`` (``ValueError`` with the reader's message when unreadable)."""
    return read_pgmpy(text, "bif")


def to_bif(model: Model, overrides: Mapping[str, Value] | None = None) -> str:
    """The model as BIF text (the Bayesian Interchange Format read by GeNIe, bnlearn, ...)."""
    return write_pgmpy(model, "bif", overrides, encoded_properties(model, "bif"))
