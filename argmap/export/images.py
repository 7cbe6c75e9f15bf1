"""Rendering DOT to SVG, PNG and PDF with Graphviz.

The real ``dot`` program is used when it is on ``PATH``; otherwise the ``graphviz-pure``
command (a static Graphviz binary installed by the ``graphviz-pure`` wheel, one of argmap's
dependencies) renders SVG and PNG, so both work after ``pip install`` alone. PDF needs the
real Graphviz. ``ARGMAP_GRAPHVIZ`` (``dot``, ``graphviz-pure`` or a path) forces an engine.

Examples
--------
>>> svg = render('digraph { a -> b }', "svg").decode()
>>> "<svg" in svg
True
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from ..errors import ExportError
from ..formats import formats

IMAGE_FORMATS = tuple(f.name for f in formats() if f.needs == "graphviz")
"""The formats rendered by Graphviz (the registry's formats that need it)."""
INSTALL_HINT = "install Graphviz (apt-get install graphviz)"
ENGINE_ENV = "ARGMAP_GRAPHVIZ"


@dataclass(frozen=True)
class Engine:
    """A Graphviz program and the formats it can write."""

    name: str
    path: str
    formats: frozenset[str]


def _pure_path() -> str | None:
    found = shutil.which("graphviz-pure")
    if found:
        return found
    for folder in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        candidate = Path(folder) / ("graphviz-pure.exe" if os.name == "nt" else "graphviz-pure")
        if candidate.is_file():
            return str(candidate)
    return None


def engines() -> list[Engine]:
    """The Graphviz programs available here, best first (or the one ``ARGMAP_GRAPHVIZ`` names)."""
    forced = os.environ.get(ENGINE_ENV, "").strip()
    found: list[Engine] = []
    dot = shutil.which("dot")
    pure = _pure_path()
    if forced == "graphviz-pure" or (forced and Path(forced).name.startswith("graphviz-pure")):
        path = pure if forced == "graphviz-pure" else forced
        return [Engine("graphviz-pure", path, frozenset({"svg", "png"}))] if path else []
    if forced:
        path = dot if forced == "dot" else forced
        return [Engine("dot", path, frozenset(IMAGE_FORMATS))] if path else []
    if dot:
        found.append(Engine("dot", dot, frozenset(IMAGE_FORMATS)))
    if pure:
        found.append(Engine("graphviz-pure", pure, frozenset({"svg", "png"})))
    return found


def find_engine(fmt: str) -> Engine:
    """The engine to render ``fmt`` with, or an ExportError saying what to install.

    The error is about the ``format`` argument, with code ``unavailable``.
    """
    available = engines()
    for engine in available:
        if fmt in engine.formats:
            return engine
    if available:
        have = ", ".join(e.name for e in available)
        raise ExportError.argument(
            "fmt",
            f"{fmt.upper()} needs Graphviz's dot program, which is not installed here (found "
            f"only {have}, which writes SVG and PNG): {INSTALL_HINT}",
            code="unavailable",
        )
    raise ExportError.argument(
        "fmt",
        f"no Graphviz program found to render {fmt.upper()}: {INSTALL_HINT}, or "
        "pip install graphviz-pure",
        code="unavailable",
    )


def render(dot: str, fmt: str, *, timeout: float = 120.0) -> bytes:
    """Render DOT text to ``fmt`` (svg, png or pdf) bytes."""
    if fmt not in IMAGE_FORMATS:
        raise ExportError.argument(
            "fmt", f"unknown image format {fmt!r} (expected one of {list(IMAGE_FORMATS)})",
            code="unknown-name",
        )
    engine = find_engine(fmt)
    try:
        done = subprocess.run(
            [engine.path, f"-T{fmt}"],
            input=dot.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise ExportError.single(engine.path, f"Graphviz failed to run ({err})",
                                 code="unavailable") from None
    if done.returncode != 0 or not done.stdout:
        message = " ".join(done.stderr.decode("utf-8", "replace").split())[:400]
        raise ExportError.single(
            engine.path, f"Graphviz could not render the diagram (exit {done.returncode}: "
            f"{message or 'no output'})", code="invalid",
        )
    return done.stdout
