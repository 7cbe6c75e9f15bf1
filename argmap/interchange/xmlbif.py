"""XMLBIF 0.3 (the XML form of BIF, read by GeNIe, Weka, pgmpy and pyAgrum): read and write.

Both directions go through pgmpy (:mod:`argmap.interchange.pgmpy_bridge`); each claim's text
travels as ``<PROPERTY>`` elements (:mod:`argmap.interchange.properties`).

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> text = to_xmlbif(model)
>>> "<BIF VERSION=\\"0.3\\">" in text
True
>>> parse_xmlbif(text).variables[:2]
('cloudy', 'rain')
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Model
from ..values import Value
from .network import NetworkData
from .pgmpy_bridge import read_pgmpy, write_pgmpy
from .properties import encoded_properties


def parse_xmlbif(text: str) -> NetworkData:
    """The network in XMLBIF ``text`` (``ValueError`` with the reader's message if unreadable)."""
    return read_pgmpy(text, "xmlbif")


def to_xmlbif(model: Model, overrides: Mapping[str, Value] | None = None) -> str:
    """The model as XMLBIF 0.3 text."""
    return write_pgmpy(model, "xmlbif", overrides, encoded_properties(model, "xmlbif"))
