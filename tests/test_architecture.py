"""The house rules of ``docs/architecture.md``, checked on the source itself.

Every import in ``argmap/`` (at module level or inside a function) goes to the same layer or a
lower one, and the module import graph has no circle; ``ui/`` and ``bench/`` import only the
public modules (and the app its own package, ``argmap.ui``); only the CLI names command-line
options; only the pgmpy bridge imports pgmpy; no module is over 400 lines. ``argmap/ui`` and
``argmap/models`` are links to the top-level ``ui/`` and ``models/`` (one copy in git).
"""

from __future__ import annotations

import ast
import importlib
import re
import types
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "argmap"
APP = "argmap.ui"  # the app: ui/ in the repository, linked in as argmap/ui
LINKS = {"ui": "../ui", "models": "../models"}  # argmap/<name> -> the top-level folder

# Layers, lowest first. A module may import from its own layer and the ones below it.
# Keep this table and the drawing in docs/architecture.md the same.
LAYERS: list[tuple[str, list[str]]] = [
    ("foundation", ["argmap.errors", "argmap.schema", "argmap.schema_errors", "argmap.values",
                    "argmap.reading",  # issue 13: the one reader of user files
                    "argmap.checks", "argmap.saving", "argmap.formats",
                    "argmap.json_schema",  # issue 15: JSON Schemas of the file types
                    "argmap._extras",  # issue 15: optional packages, one message
                    "argmap._display",  # issue 15: reprs, HTML tables, display hooks
                    "argmap.bundled",  # issue 15: the bundled models' folder
                    "argmap._graphs",  # issue 14: no networkx in the core
                    "argmap._fast_yaml",  # issue 14: libyaml reads valid files
                    "argmap._located_yaml",  # issue 14: ruamel, positions, on demand
                    "argmap._compact_tables"]),  # issue 14: tables as blocks of numbers
    ("model", ["argmap.model"]),
    ("tables and engine", ["argmap.tables", "argmap.roles", "argmap.engine",
                           "argmap._contraction", "argmap._junction_tree",
                           "argmap._triangulation", "argmap._budget",
                           "argmap._schedule", "argmap._logspace", "argmap._evidence",
                           "argmap._programs"]),  # issue 14
    ("files", ["argmap.resolve", "argmap.output", "argmap.loading", "argmap.credences",
               "argmap.credence_writer"]),
    ("inference", ["argmap.inference"]),
    ("analysis", ["argmap.analysis"]),
    ("interchange", ["argmap.interchange"]),
    ("export", ["argmap.export"]),
    ("api", ["argmap"]),
    ("cli", ["argmap.cli", "argmap.__main__", APP]),  # the app sits beside the CLI
]
PUBLIC = {"argmap", "argmap.analysis", "argmap.export"}
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    """The library's modules (the app, linked in as argmap/ui, is checked by its own tests)."""
    linked = tuple(PACKAGE / name for name in LINKS)
    return {
        module_name(p): p
        for p in sorted(PACKAGE.rglob("*.py"))
        if not any(p.is_relative_to(link) for link in linked)
    }


def imports_of(path: Path, name: str) -> Iterator[str]:
    """Every argmap module ``path`` imports, anywhere in the file (TYPE_CHECKING included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.split(".")[0] == "argmap")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.split(".")[0] != "argmap":
                continue
            known = modules()
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                yield sub if sub in known else target


def layer_of(name: str) -> int:
    best, index = "", -1
    for i, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > len(best):
                best, index = prefix, i
    if index < 0:
        raise AssertionError(f"{name} is in no layer: add it to LAYERS and docs/architecture.md")
    return index


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for name, path in modules().items():
        graph.add_node(name)
        for target in imports_of(path, name):
            if target != name:
                graph.add_edge(name, target)
    return graph


def test_every_module_has_a_layer() -> None:
    for name in modules():
        layer_of(name)


def test_imports_never_go_up_a_layer() -> None:
    upward = [
        f"{a} ({LAYERS[layer_of(a)][0]}) imports {b} ({LAYERS[layer_of(b)][0]})"
        for a, b in import_graph().edges
        if layer_of(b) > layer_of(a)
    ]
    assert upward == []


def test_no_import_circle() -> None:
    graph = import_graph()
    # A package's __init__ re-exporting its own modules is not a circle of meaning.
    graph.remove_edges_from(
        [(a, b) for a, b in list(graph.edges) if b.startswith(a + ".") or a == "argmap"]
    )
    cycles = list(nx.simple_cycles(graph))
    assert cycles == []


@pytest.mark.parametrize("folder", ["ui", "bench"])
def test_ui_and_bench_import_only_public_modules(folder: str) -> None:
    private = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            if isinstance(node, ast.ImportFrom) and node.module in PUBLIC:
                # from argmap import values: a private submodule through a public one
                public = importlib.import_module(node.module)
                names += [f"{node.module}.{a.name}" for a in node.names
                          if isinstance(getattr(public, a.name, None), types.ModuleType)]
            for target in names:
                own = target == APP or target.startswith(APP + ".")  # the app's own modules
                if target.split(".")[0] == "argmap" and target not in PUBLIC and not own:
                    private.append(f"{path.relative_to(ROOT)}:{node.lineno}: {target}")
    assert private == []


def test_only_the_cli_names_options() -> None:
    """No text below the CLI (message, docstring) names a command-line option."""
    option = re.compile(r"(?<![\w-])--[a-z][a-z-]+")
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}: {option.findall(node.value)}"
        for name, path in modules().items()
        if not name.startswith("argmap.cli")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and option.search(node.value)
    ]
    assert found == []


def test_library_imports_its_own_modules_at_the_top() -> None:
    """No function-level import of an argmap module below the CLI (none dodges a circle; the
    CLI imports its commands' modules late so that start-up stays light)."""
    found = []
    for name, path in modules().items():
        if name.startswith("argmap.cli"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    relative = isinstance(inner, ast.ImportFrom) and inner.level > 0
                    absolute = isinstance(inner, ast.Import | ast.ImportFrom) and any(
                        n.split(".")[0] == "argmap"
                        for n in ([a.name for a in inner.names] if isinstance(inner, ast.Import)
                                  else [getattr(inner, "module", None) or ""])
                    )
                    if relative or absolute:
                        found.append(f"{path.relative_to(ROOT)}:{inner.lineno} in {node.name}")
    assert found == []


def test_only_extras_display_and_the_api_import_by_name() -> None:
    """A module imported by its name (``importlib.import_module``) is invisible to the layer
    checks above: only ``_extras.require`` (third-party packages), ``_display.show`` (the
    display hooks, each named in ``_display.HOOKS``) and the lazy API (``argmap/__init__.py``'s
    ``_SOURCES``) do it. Each hook points up the layers, each lazy name down from the API, to a
    module that exists."""
    found = [
        name for name, path in modules().items()
        if "import_module" in path.read_text(encoding="utf-8") or "__import__(" in
        path.read_text(encoding="utf-8")
    ]
    assert sorted(found) == ["argmap", "argmap._display", "argmap._extras"]
    from argmap import _SOURCES
    from argmap._display import HOOKS

    for short in _SOURCES:
        assert layer_of(f"argmap.{short}") < layer_of("argmap")
        assert importlib.import_module(f"argmap.{short}")

    for module, function in HOOKS.values():
        assert layer_of(module) > layer_of("argmap.model")
        assert callable(getattr(importlib.import_module(module), function))


def test_only_the_pyagrum_bridge_uses_pyagrum() -> None:
    found = [
        name for name, path in modules().items()
        if re.search(r"^\s*(from|import) pyagrum|require\(\s*\"pyagrum\"",
                     path.read_text(encoding="utf-8"), re.M)
    ]
    assert found == ["argmap.interchange.pyagrum_bridge"]


def test_only_the_bridge_imports_pgmpy() -> None:
    found = [
        name
        for name, path in modules().items()
        if re.search(r"^\s*(from|import) pgmpy", path.read_text(encoding="utf-8"), re.M)
        and not name.endswith("pgmpy_bridge")
    ]
    assert found == []


@pytest.mark.parametrize("folder", ["argmap", "ui"])
def test_modules_stay_small(folder: str) -> None:
    big = [
        f"{p.relative_to(ROOT)}: {n} lines"
        for p in sorted((ROOT / folder).rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert big == []


def test_app_scripts_have_no_bare_strings() -> None:
    """Streamlit's "magic" prints any bare expression of a script it runs (the router and
    every page): an attribute docstring there would appear on the page."""
    scripts = [ROOT / "ui" / "streamlit_app.py", *sorted((ROOT / "ui" / "views").glob("*.py"))]
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in scripts
        for node in ast.parse(path.read_text(encoding="utf-8")).body[1:]
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    ]
    assert found == []


@pytest.mark.parametrize(("name", "target"), sorted(LINKS.items()))
def test_app_and_models_are_linked_into_the_package(name: str, target: str) -> None:
    """One copy in git: argmap/ui and argmap/models are links (the wheel holds the files)."""
    link = PACKAGE / name
    assert link.is_symlink() and str(link.readlink()) == target
    assert link.resolve() == (ROOT / name).resolve()


def test_the_library_never_imports_the_app() -> None:
    """Nothing in argmap imports argmap.ui (only the CLI may, and it starts the app by path)."""
    found = [
        f"{name} imports {target}"
        for name, path in modules().items()
        for target in imports_of(path, name)
        if target == APP or target.startswith(APP + ".")
    ]
    assert found == []
