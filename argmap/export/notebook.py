"""A model's diagram for Jupyter: what ``Model._repr_svg_`` shows.

The model layer cannot import this layer, so :class:`argmap.model.Model` reaches
:func:`model_svg` through the display hook table of :mod:`argmap._display`, only when a
notebook displays a model. The diagram is the export's (:func:`argmap.export.to_dot`, rendered
by :func:`argmap.export.render`) with every claim's probability at the model's own numbers.
Without a Graphviz program it returns None, and Jupyter shows the model's text ``repr``.

Examples
--------
>>> from argmap.loading import load_model
>>> svg = model_svg(load_model("models/examples/sprinkler.yaml"))
>>> svg is None or ("<svg" in svg and "Wet grass" in svg)
True
"""

from __future__ import annotations

from ..errors import ArgmapError
from ..inference import Result, marginals
from ..model import Model
from .dot import to_dot
from .images import engines, render


def model_svg(model: Model, result: Result | None = None) -> str | None:
    """The diagram as SVG text (with ``result``'s probabilities, by default the model's own),
    or None when no Graphviz program is installed or it fails."""
    if not any("svg" in engine.formats for engine in engines()):
        return None
    if result is None:
        try:
            result = marginals(model)
        except ArgmapError:  # too big to compute exactly: the diagram without numbers
            result = None
    try:
        return render(to_dot(model, result), "svg", timeout=60.0).decode("utf-8")
    except ArgmapError:
        return None
