"""One entry point for every format argmap writes, and writing the result to a file atomically.

Which formats exist is the registry's (:data:`argmap.formats.FORMATS`); this module makes the
bytes: diagrams, Mermaid, Argdown and the report here in :mod:`argmap.export`, network files and
JSON through :mod:`argmap.interchange`.

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> export(model, "argdown")[:2]
b'//'
>>> export(model, "BIF")[:16]
b'network sprinkle'
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..credences import Credences
from ..errors import ExportError
from ..formats import format_for
from ..inference import Result, marginals, overrides_of
from ..interchange import to_json, write_network
from ..model import Model
from ..saving import atomic_write
from ..values import Value
from .argdown import to_argdown
from .dot import DiagramOptions, to_dot
from .images import render
from .mermaid import to_mermaid
from .report import to_html


def export(
    model: Model,
    fmt: str,
    credences: Credences | Mapping[str, Value] | None = None,
    *,
    evidence: Mapping[str, str] | None = None,
    do: Mapping[str, str] | None = None,
    options: DiagramOptions | None = None,
    result: Result | None = None,
) -> bytes:
    """The model in format ``fmt`` (see :data:`argmap.formats.FORMATS`), as the file's bytes.

    Diagrams, Argdown, JSON and the report show the marginals under ``credences``,
    ``evidence`` and ``do``; network files carry the tables with ``credences`` applied
    (a network file has no place for evidence or interventions). An unknown ``fmt`` is an
    :class:`~argmap.errors.ExportError` about the ``fmt`` argument (code ``unknown-name``).
    """
    spec = format_for(fmt, None)
    name = spec.name
    overrides = overrides_of(credences)
    if spec.kind == "network":
        return write_network(model, name, overrides).encode("utf-8")
    if name == "html":
        page = to_html(model, credences, evidence=evidence, do=do, result=result, options=options)
        return page.encode("utf-8")
    result = result or marginals(model, credences, evidence=evidence, do=do)
    if name in ("dot", "svg", "png", "pdf"):
        dot = to_dot(model, result, options)
        return dot.encode("utf-8") if name == "dot" else render(dot, name)
    if name == "mermaid":
        return to_mermaid(model, result, options).encode("utf-8")
    if name == "argdown":
        return to_argdown(model, result).encode("utf-8")
    if name == "json":
        meta = None
        if isinstance(credences, Credences):
            meta = {"author": credences.author, "path": credences.path, "date": credences.date,
                    "note": credences.note, "illustrative": credences.illustrative}
        return to_json(model, result, overrides=overrides, credences=meta).encode("utf-8")
    raise ExportError.argument(  # a format registered as writable, with no writer here yet
        "fmt", f"the format {name!r} is registered but export() has no writer for it "
        "(expected a branch in argmap/export/files.py)", code="unavailable",
    )


def write_output(path: str | Path, data: bytes) -> None:
    """Write an export atomically (a crash leaves the old file or the new one, whole).

    A folder, a read-only file, or a place that cannot be written, is an
    :class:`~argmap.errors.InputError` about the file (code ``write``); a pipe or a terminal is
    written into, never replaced (see :mod:`argmap.saving`).
    """
    atomic_write(path, data)
