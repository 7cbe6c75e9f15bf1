"""BIF, the Bayesian Interchange Format (GeNIe, bnlearn, pgmpy, pyAgrum): read and write.

Reading is native (:mod:`argmap.interchange.bif_reader`: no pgmpy, every problem located);
writing goes through pgmpy (:mod:`argmap.interchange.pgmpy_bridge`). Each claim's text travels
as variable properties (:mod:`argmap.interchange.properties`).

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
from .bif_reader import parse_bif_text
from .network import NetworkData
from .pgmpy_bridge import write_pgmpy
from .properties import encoded_properties


def parse_bif(text: str) -> NetworkData:
    """The network in BIF ``text``, read without pgmpy (a located
    :class:`~argmap.interchange.network.NetworkSyntaxError` when unreadable)."""
    return parse_bif_text(text)


def to_bif(model: Model, overrides: Mapping[str, Value] | None = None) -> str:
    """The model as BIF text (the Bayesian Interchange Format read by GeNIe, bnlearn, ...)."""
    return write_pgmpy(model, "bif", overrides, encoded_properties(model, "bif"))
