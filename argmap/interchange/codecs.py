"""The network formats by name: one reader and one writer per format module.

The registry (:mod:`argmap.formats`) says which formats exist and what they are; this table
says which function reads or writes each network format. Adding a format: a module with its
``parse_<name>`` / ``to_<name>`` pair, its entry in :data:`argmap.formats.FORMATS`, and its
line here.

>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> read_network(write_network(model, "net"), "net").variables[:2]
('cloudy', 'rain')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..model import Model
from ..values import Value
from .bayesdown import looks_like_bayesdown, parse_bayesdown
from .bif import parse_bif, to_bif
from .net import parse_net, to_net
from .network import NetworkData
from .xdsl import parse_xdsl, to_xdsl
from .xmlbif import parse_xmlbif, to_xmlbif

Reader = Callable[[str], NetworkData]
Writer = Callable[[Model, Mapping[str, Value] | None], str]

READERS: Mapping[str, Reader] = {
    "bif": parse_bif, "xmlbif": parse_xmlbif, "net": parse_net, "xdsl": parse_xdsl,
    "bayesdown": parse_bayesdown,
}
WRITERS: Mapping[str, Writer] = {
    "bif": to_bif, "xmlbif": to_xmlbif, "net": to_net, "xdsl": to_xdsl,
}
SNIFFERS: Mapping[str, Callable[[str], bool]] = {"bayesdown": looks_like_bayesdown}
"""Formats whose suffix is shared with other kinds of file (``.md``): is the text this format?"""


def read_network(text: str, fmt: str) -> NetworkData:
    """Parse network ``text`` in format ``fmt`` (a network format of the registry).

    Raises ``KeyError`` for a format with no reader (callers check the registry first), and
    whatever the format's reader raises on unreadable text (readers that locate their
    problems raise :class:`argmap.errors.InputError`).
    """
    return READERS[fmt](text)


def write_network(model: Model, fmt: str, overrides: Mapping[str, Value] | None = None) -> str:
    """The model (credences ``overrides`` applied) as network format ``fmt``'s text."""
    return WRITERS[fmt](model, overrides)
