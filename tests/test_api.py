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
