"""The one registry of file formats: names, suffixes, what each is for, what argmap can do with it.

Pure data and lookups (no format is imported here), so the CLI and the app can list formats
without loading the code that writes them. Import (:mod:`argmap.interchange`), export
(:mod:`argmap.export`), the CLI and the app all read their suffixes and capabilities from
:data:`FORMATS`; adding a format is one entry here plus the module that reads or writes it.

Examples
--------
>>> FORMATS["xmlbif"].extension, FORMATS["xmlbif"].kind
('.xml', 'network')
>>> format_for(None, "out/map.mmd").name, format_for("PNG", None).name
('mermaid', 'png')
>>> [f.name for f in formats(kind="network", reads=True)]
['bif', 'xmlbif', 'net', 'xdsl', 'bayesdown']
>>> for_path("asia.bif.gz", reads=True).name
'bif'
>>> try:
...     format_for("docx", None)
... except ExportError as err:
...     print(err.codes, err.problems[0].argument)
('unknown-name',) fmt
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from .errors import ExportError, InputError

Kind = Literal["diagram", "network", "data", "document"]
"""What a format holds: a picture of the map, a Bayesian network for other tools, the model as
data, or a document for people (a report, an argument map's text)."""

COMPRESSED = (".gz",)
"""Suffixes looked through when reading (``asia.bif.gz`` is BIF)."""


@dataclass(frozen=True)
class Format:
    """A file format: its name, suffixes, kind and what argmap can do with it.

    ``suffixes`` are lower case with the dot; the first is the one argmap writes. ``needs``
    names an outside program the format needs (Graphviz for images), or is None.

    >>> FORMATS["pdf"].needs, FORMATS["pdf"].binary, FORMATS["bif"].reads
    ('graphviz', True, True)
    """

    name: str
    title: str
    kind: Kind
    suffixes: tuple[str, ...]
    media_type: str
    description: str
    reads: bool = False
    writes: bool = True
    binary: bool = False
    needs: str | None = None

    @property
    def extension(self) -> str:
        """The suffix argmap writes (``.xml`` for XMLBIF)."""
        return self.suffixes[0]


_ALL = (
    Format("dot", "DOT", "diagram", (".dot", ".gv"), "text/vnd.graphviz",
           "Graphviz DOT source of the diagram"),
    Format("svg", "SVG", "diagram", (".svg",), "image/svg+xml",
           "the diagram as SVG (for the web)", needs="graphviz"),
    Format("png", "PNG", "diagram", (".png",), "image/png",
           "the diagram as PNG (for slides)", binary=True, needs="graphviz"),
    Format("pdf", "PDF", "diagram", (".pdf",), "application/pdf",
           "the diagram as PDF (for papers)", binary=True, needs="graphviz"),
    Format("mermaid", "Mermaid", "diagram", (".mmd", ".mermaid"), "text/plain",
           "a Mermaid flowchart (renders on GitHub)"),
    Format("argdown", "Argdown", "document", (".argdown", ".ad"), "text/plain",
           "Argdown, for argument-mapping tools", reads=True),
    Format("bif", "BIF", "network", (".bif",), "text/plain",
           "the network as BIF (GeNIe, bnlearn, ...)", reads=True),
    Format("xmlbif", "XMLBIF", "network", (".xml", ".xmlbif", ".bifxml"), "application/xml",
           "the network as XMLBIF 0.3", reads=True),
    Format("net", "Hugin NET", "network", (".net", ".hugin"), "text/plain",
           "the network as Hugin NET", reads=True),
    Format("xdsl", "GeNIe XDSL", "network", (".xdsl",), "application/xml",
           "the network as GeNIe's XDSL (GeNIe, SMILE, pyAgrum)", reads=True),
    Format("bayesdown", "BayesDown", "network", (".md", ".bayesdown"), "text/markdown",
           "AMTAIR's BayesDown (an Argdown-like list with probabilities)", reads=True,
           writes=False),
    Format("json", "JSON", "data", (".json",), "application/json",
           "the whole model and its results"),
    Format("html", "HTML", "document", (".html", ".htm"), "text/html",
           "a self-contained shareable report"),
)  # fmt: skip

FORMATS: MappingProxyType[str, Format] = MappingProxyType({f.name: f for f in _ALL})
"""Every format by name, in the order the CLI and the app list them."""

_BY_SUFFIX = {suffix: f for f in _ALL for suffix in f.suffixes}


def formats(
    *, kind: Kind | None = None, reads: bool | None = None, writes: bool | None = None
) -> Iterator[Format]:
    """The formats of a ``kind`` that argmap ``reads`` / ``writes`` (None: either), in order.

    >>> [f.name for f in formats(kind="diagram", writes=True)]
    ['dot', 'svg', 'png', 'pdf', 'mermaid']
    """
    for f in _ALL:
        if kind in (None, f.kind) and reads in (None, f.reads) and writes in (None, f.writes):
            yield f


def names(*, kind: Kind | None = None, reads: bool | None = None,
          writes: bool | None = None) -> tuple[str, ...]:
    """The names of :func:`formats`.

    >>> names(kind="network", reads=True)
    ('bif', 'xmlbif', 'net', 'xdsl', 'bayesdown')
    """
    return tuple(f.name for f in formats(kind=kind, reads=reads, writes=writes))


def suffixes(*, reads: bool | None = None, writes: bool | None = None) -> tuple[str, ...]:
    """Every suffix of the formats argmap ``reads`` / ``writes``.

    >>> suffixes(reads=True)[:2], suffixes(reads=True)[-3:]
    (('.argdown', '.ad'), ('.xdsl', '.md', '.bayesdown'))
    """
    return tuple(s for f in formats(reads=reads, writes=writes) for s in f.suffixes)


def for_path(path: str | Path, *, reads: bool | None = None,
             writes: bool | None = None) -> Format | None:
    """The format a file name implies, or None (when reading, ``.gz`` is looked through).

    >>> for_path("map.SVG").name, for_path("notes.txt"), for_path("a.bif.gz", writes=True)
    ('svg', None, None)
    """
    name = Path(str(path)).name.lower()
    if reads:
        for packed in COMPRESSED:
            name = name.removesuffix(packed)
    found = _BY_SUFFIX.get(Path(name).suffix)
    if found is None or reads not in (None, found.reads) or writes not in (None, found.writes):
        return None
    return found


def stem(path: str | Path) -> str:
    """A file's name without its registered format suffix and compression (others stay).

    >>> stem("nets/alarm.bif.gz"), stem("x.XML"), stem("notes.txt")
    ('alarm', 'x', 'notes.txt')
    """
    name = Path(str(path)).name
    for packed in COMPRESSED:
        if name.lower().endswith(packed):
            name = name[: -len(packed)]
    suffix = Path(name).suffix.lower()
    return name[: -len(suffix)] if suffix in _BY_SUFFIX else name


def format_for(fmt: str | None, path: str | Path | None) -> Format:
    """The writable format ``fmt`` names, else the one ``path``'s suffix implies.

    Problems name the ``fmt`` argument (code ``unknown-name`` or ``bad-argument``) or, for a
    suffix that says nothing, the file.
    """
    writable = names(writes=True)
    implied = for_path(path, writes=True) if path is not None and str(path) != "-" else None
    if fmt:
        key = fmt.strip().lower()
        if key not in writable:
            raise ExportError.argument(
                "fmt", f"unknown format {fmt!r} (expected one of {', '.join(writable)})",
                code="unknown-name",
            )
        if implied is not None and implied.name != key:
            raise ExportError.argument(
                "fmt", f"the file name {str(path)!r} says {implied.name} but the format is "
                f"{key} (expected them to agree; rename the file or leave the format out)",
            )
        return FORMATS[key]
    if path is None or str(path) == "-":
        raise ExportError.argument(
            "fmt", "no format given (expected a format name, or an output file name ending in "
            f"one of {', '.join(suffixes(writes=True))})",
        )
    if implied is None:
        suffix = Path(str(path)).suffix.lower()
        raise ExportError.single(
            str(path), f"cannot tell the format from the extension {suffix or '(none)'!r} "
            f"(expected one of {', '.join(suffixes(writes=True))}, or a format name)",
            code="unknown-name",
        )
    return implied


def readable_format(fmt: str | None, path: str | Path) -> Format:
    """The format to read ``path`` as: ``fmt`` if given, else from its suffix (``.gz`` too).

    >>> readable_format(None, "h.net").name, readable_format("XMLBIF", "x").name
    ('net', 'xmlbif')
    """
    readable = names(reads=True)
    if fmt:
        key = fmt.strip().lower()
        if key not in readable:
            raise InputError.argument(
                "fmt", f"unknown import format {fmt!r} (expected one of "
                f"{', '.join(readable)})", code="unknown-name",
            )
        return FORMATS[key]
    found = for_path(path, reads=True)
    if found is None:
        suffix = Path(Path(str(path)).name.lower().removesuffix(".gz")).suffix
        raise InputError.single(
            str(path), f"unknown file type to import {suffix or '(none)'!r} (expected "
            f"{', '.join(suffixes(reads=True))}, optionally {', '.join(COMPRESSED)})",
            code="unknown-name",
        )
    return found
