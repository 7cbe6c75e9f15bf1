"""The tour notebook (docs/tour.ipynb) runs headless, shows the model's diagram and the tables,
and is stored without outputs.

With ``nbclient`` and ``ipykernel`` installed (the ``dev`` extra) the notebook runs in a real
Jupyter kernel, started in ``docs/``; without them its cells run in order in one namespace
here, and each cell's last expression is displayed the way IPython's formatter would (the
``_repr_svg_`` / ``_repr_html_`` methods), so the test runs (and can fail) either way.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "docs" / "tour.ipynb"
KERNEL = all(importlib.util.find_spec(m) for m in ("nbclient", "nbformat", "ipykernel"))


def code_cells() -> list[str]:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def test_the_notebook_is_stored_without_outputs() -> None:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)


def bundle(value: Any) -> dict[str, Any]:
    """What IPython's display formatter puts in a cell's output for ``value``."""
    data: dict[str, Any] = {"text/plain": repr(value)}
    for method, mime in (("_repr_svg_", "image/svg+xml"), ("_repr_html_", "text/html")):
        shown = getattr(value, method, lambda: None)()
        if shown is not None:
            data[mime] = shown
    return data


def run_in_process() -> list[list[dict[str, Any]]]:
    """Each code cell's display data, running the cells in order in one namespace (in docs/)."""
    namespace: dict[str, Any] = {"__name__": "__tour__"}
    outputs: list[list[dict[str, Any]]] = []
    here = Path.cwd()
    os.chdir(ROOT / "docs")
    try:
        for source in code_cells():
            tree = ast.parse(source)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, "<cell>", "exec"), namespace)  # noqa: S102 - our own notebook
            if last is None:
                outputs.append([])
                continue
            value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
            outputs.append([] if value is None else [bundle(value)])
    finally:
        os.chdir(here)
    return outputs


def run_in_kernel() -> list[list[dict[str, Any]]]:
    """Each code cell's display data from a real Jupyter kernel (nbclient), started in docs/."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "docs")}})
    client.execute()  # raises CellExecutionError on the first cell that fails
    return [
        [dict(o["data"]) for o in cell.outputs
         if o["output_type"] in ("execute_result", "display_data")]
        for cell in notebook.cells if cell.cell_type == "code"
    ]


@pytest.mark.timeout(900)
def test_the_tour_runs_and_shows_the_diagram_and_tables() -> None:
    from argmap.export.images import engines

    outputs = run_in_kernel() if KERNEL else run_in_process()
    sources = code_cells()
    assert len(outputs) == len(sources)
    shown = dict(zip(sources, outputs, strict=True))
    (model,) = shown["model"]
    assert model["text/plain"].startswith("<Model 'scheming': 53 claims")
    if any("svg" in engine.formats for engine in engines()):
        assert "<svg" in model["image/svg+xml"] and "Schemer" in model["image/svg+xml"]
    (table,) = shown["result = argmap.marginals(model)\nresult"]
    assert table["text/html"].startswith('<table class="argmap">')
    assert "<td>schemer</td>" in table["text/html"]
    (cruxes,) = next(o for s, o in shown.items() if s.startswith("argmap.cruxes("))
    assert cruxes["text/plain"].startswith("<Cruxes of model_class=schemer")
    assert "<table" in cruxes["text/html"]
    (trip,) = [o for s, o in shown.items() if "from_pyagrum" in s]
    assert trip == []  # the last cell prints; it ran to the end without an error
