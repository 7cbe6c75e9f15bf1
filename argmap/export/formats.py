"""One entry point for every export format, and writing the result to a file atomically.

Examples
--------
>>> format_for(None, "out/map.mmd"), format_for("PNG", None)
('mermaid', 'png')
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> export(model, "argdown")[:2]
b'//'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..credences import Credences
from ..errors import ExportError, InputError
from ..inference import Result, marginals, overrides_of
from ..model import Model
from ..values import Value
from .dot import DiagramOptions


@dataclass(frozen=True)
class Format:
    """An export format: its name, file extension, media type and what it is for."""

    name: str
    extension: str
    media_type: str
    binary: bool
    description: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("dot", ".dot", "text/vnd.graphviz", False, "Graphviz DOT source of the diagram"),
        Format("svg", ".svg", "image/svg+xml", False, "the diagram as SVG (for the web)"),
        Format("png", ".png", "image/png", True, "the diagram as PNG (for slides)"),
        Format("pdf", ".pdf", "application/pdf", True, "the diagram as PDF (for papers)"),
        Format("mermaid", ".mmd", "text/plain", False, "a Mermaid flowchart (renders on GitHub)"),
        Format("argdown", ".argdown", "text/plain", False, "Argdown, for argument-mapping tools"),
        Format("bif", ".bif", "text/plain", False, "the network as BIF (GeNIe, bnlearn, ...)"),
        Format("xmlbif", ".xml", "application/xml", False, "the network as XMLBIF 0.3"),
        Format("net", ".net", "text/plain", False, "the network as Hugin NET"),
        Format("json", ".json", "application/json", False, "the whole model and its results"),
        Format("html", ".html", "text/html", False, "a self-contained shareable report"),
    )
}
EXTENSIONS = {
    ".dot": "dot", ".gv": "dot", ".svg": "svg", ".png": "png", ".pdf": "pdf",
    ".mmd": "mermaid", ".mermaid": "mermaid", ".argdown": "argdown", ".ad": "argdown",
    ".bif": "bif", ".xmlbif": "xmlbif", ".bifxml": "xmlbif", ".xml": "xmlbif", ".net": "net",
    ".json": "json", ".html": "html", ".htm": "html",
}  # fmt: skip
DIAGRAMS = ("dot", "svg", "png", "pdf", "mermaid")
NETWORKS = ("bif", "xmlbif", "net")


def format_for(fmt: str | None, path: str | Path | None) -> str:
    """The format named by ``fmt``, else implied by ``path``'s extension."""
    if fmt:
        name = fmt.strip().lower()
        if name not in FORMATS:
            raise ExportError.single(
                "--format", f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})"
            )
        implied = EXTENSIONS.get(Path(str(path)).suffix.lower()) if path else None
        if implied is not None and implied != name:
            raise ExportError.single(
                str(path), f"the file name says {implied} but --format says {name} (expected "
                "them to agree; rename the file or drop --format)"
            )
        return name
    if path is None or str(path) == "-":
        raise ExportError.single("--format", "no format given (expected --format FMT or an "
                                 f"output file ending in one of {', '.join(EXTENSIONS)})")
    suffix = Path(str(path)).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ExportError.single(
            str(path),
            f"cannot tell the format from the extension {suffix or '(none)'!r} (expected one "
            f"of {', '.join(EXTENSIONS)}, or --format FMT)",
        )
    return EXTENSIONS[suffix]


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
    """The model in format ``fmt`` (see :data:`FORMATS`), as the bytes of the file.

    Diagrams, Argdown, JSON and the report show the marginals under ``credences``,
    ``evidence`` and ``do``; network files carry the tables with ``credences`` applied
    (a network file has no place for evidence or interventions).
    """
    name = format_for(fmt, None)
    overrides = overrides_of(credences)
    if name in NETWORKS:
        from .networks import to_network

        return to_network(model, name, overrides).encode("utf-8")
    if name == "html":
        from .report import to_html

        page = to_html(model, credences, evidence=evidence, do=do, result=result, options=options)
        return page.encode("utf-8")
    result = result or marginals(model, credences, evidence=evidence, do=do)
    if name in ("dot", "svg", "png", "pdf"):
        from .dot import to_dot

        dot = to_dot(model, result, options)
        if name == "dot":
            return dot.encode("utf-8")
        from .images import render

        return render(dot, name)
    if name == "mermaid":
        from .mermaid import to_mermaid

        return to_mermaid(model, result, options).encode("utf-8")
    if name == "argdown":
        from .argdown import to_argdown

        return to_argdown(model, result).encode("utf-8")
    from .networks import to_json

    meta = None
    if isinstance(credences, Credences):
        meta = {"author": credences.author, "path": credences.path, "date": credences.date,
                "note": credences.note, "illustrative": credences.illustrative}
    return to_json(model, result, overrides=overrides, credences=meta).encode("utf-8")


def write_output(path: str | Path, data: bytes) -> None:
    """Write an export atomically (a crash leaves the old file or the new one, whole)."""
    from ..saving import atomic_write

    target = Path(path)
    if target.is_dir():
        raise InputError.single(str(target), "is a folder (expected a file name to write)")
    try:
        atomic_write(target, data)
    except OSError as err:
        raise InputError.single(str(target), f"cannot write here ({err.strerror})") from None
