"""Hugin NET (Hugin, GeNIe, Netica, pgmpy, pyAgrum): read and write.

Both directions go through pgmpy (:mod:`argmap.interchange.pgmpy_bridge`), whose NET writer is
made to write every number in full precision. Each claim's text travels as quoted node
properties (:mod:`argmap.interchange.properties`); the network's name goes in the ``net`` block,
where Hugin keeps it.

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> text = to_net(model)
>>> text.startswith('net {\\n    name = "sprinkler";')
True
>>> data = parse_net(text)
>>> data.name, data.properties["rain"]["argmap"]  # raw property text, quotes and all
('sprinkler', '"1"')
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Model
from ..values import Value
from .network import NetworkData
from .pgmpy_bridge import read_pgmpy, write_pgmpy
from .properties import encoded_properties


def parse_net(text: str) -> NetworkData:
    """The network in Hugin NET ``text`` (``ValueError`` with the reader's message if not)."""
    return read_pgmpy(text, "net")


def to_net(model: Model, overrides: Mapping[str, Value] | None = None) -> str:
    """The model as Hugin NET text (read by Hugin, GeNIe, Netica and pyAgrum)."""
    text = write_pgmpy(model, "net", overrides, encoded_properties(model, "net"))
    # Hugin keeps the network's name in the net block; pgmpy writes an empty one.
    return text.replace("net {\n}\n", f'net {{\n    name = "{model.id}";\n}}\n', 1)
