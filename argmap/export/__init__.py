"""Exports: argument diagrams (DOT, and SVG, PNG and PDF through Graphviz), Mermaid, Argdown,
networks (BIF, XMLBIF, Hugin NET), JSON and a self-contained HTML report; and the import of
BIF, XMLBIF and NET networks as argmap models. One module per format.

>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> to_mermaid(model).startswith("flowchart TB")
True
>>> sorted(FORMATS)[:4]
['argdown', 'bif', 'dot', 'html']
"""

from ..importing import ImportedNetwork, ImportReport, import_network, import_network_text
from .argdown import to_argdown
from .dot import DiagramOptions, colour, quote, to_dot
from .formats import FORMATS, export, format_for, write_output
from .images import render
from .mermaid import to_mermaid
from .networks import to_bif, to_json, to_net, to_xmlbif
from .report import to_html

__all__ = [
    "FORMATS",
    "DiagramOptions",
    "ImportReport",
    "ImportedNetwork",
    "colour",
    "export",
    "format_for",
    "import_network",
    "import_network_text",
    "quote",
    "render",
    "to_argdown",
    "to_bif",
    "to_dot",
    "to_html",
    "to_json",
    "to_mermaid",
    "to_net",
    "to_xmlbif",
    "write_output",
]
