"""The public API: what `argmap`, `argmap.analysis` and `argmap.export` export is what their
``__all__`` says, and importing argmap does not load pgmpy."""

from __future__ import annotations

import importlib
import subprocess
import sys
import types

import pytest


@pytest.mark.parametrize("name", ["argmap", "argmap.analysis", "argmap.export"])
def test_all_matches_exports(name: str) -> None:
    """Each public module's ``__all__`` lists exactly what it exports (its submodules aside)."""
    module = importlib.import_module(name)
    public = {n for n in dir(module) if not n.startswith("_")}
    submodules = {n for n in public if isinstance(getattr(module, n), types.ModuleType)}
    assert set(module.__all__) == public - submodules
    assert sorted(module.__all__) == list(module.__all__)
    for item in module.__all__:
        assert getattr(module, item) is not None


def test_importing_argmap_does_not_import_pgmpy() -> None:
    code = "import sys, argmap; sys.exit(any(m.startswith('pgmpy') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_lazy_names_match_the_type_checking_imports() -> None:
    """``argmap`` loads its names lazily: the map it loads them by, the imports type checkers
    read and ``__all__`` list the same names from the same modules."""
    import ast
    from pathlib import Path

    import argmap

    tree = ast.parse(Path(argmap.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name: node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 1
        for alias in node.names
    }
    assert imported == argmap._MODULE_OF
    assert set(imported) == set(argmap.__all__)


def test_export_stays_the_function_once_the_subpackage_loads() -> None:
    code = ("import argmap.export, argmap, types; from argmap.export import to_dot; "
            "assert callable(argmap.export) and not isinstance(argmap.export, types.ModuleType)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
