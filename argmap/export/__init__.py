"""Exports for people: argument diagrams (DOT, and SVG, PNG and PDF through Graphviz), Mermaid,
Argdown and a self-contained HTML report, one module per format; and :func:`export`, the one
entry point for every format argmap writes (network files and JSON come from
:mod:`argmap.interchange`, which this package may import; never the other way round).

Which formats exist, with their suffixes, is the registry's: :mod:`argmap.formats`. A model's
diagram in Jupyter (``Model._repr_svg_``) is drawn by :mod:`argmap.export.notebook`.

>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> to_mermaid(model).startswith("flowchart TB")
True
>>> export(model, "json")[:1]
b'{'
"""

from ..formats import FORMATS, Format, formats
from .argdown import to_argdown
from .dot import DiagramOptions, colour, quote, to_dot
from .files import export, write_output
from .images import find_engine, render
from .mermaid import to_mermaid
from .report import to_html

__all__ = [
    "DiagramOptions",
    "FORMATS",
    "Format",
    "colour",
    "export",
    "find_engine",
    "formats",
    "quote",
    "render",
    "to_argdown",
    "to_dot",
    "to_html",
    "to_mermaid",
    "write_output",
]
