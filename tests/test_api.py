"""The public API: what ``argmap/__init__.py`` exports is what ``__all__`` says."""

from __future__ import annotations

import subprocess
import sys

import argmap


def test_all_matches_exports() -> None:
    public = {n for n in dir(argmap) if not n.startswith("_")}
    modules = {n for n in public if type(getattr(argmap, n)).__name__ == "module"}
    assert set(argmap.__all__) == public - modules
    for name in argmap.__all__:
        assert getattr(argmap, name) is not None


def test_importing_argmap_does_not_import_pgmpy() -> None:
    code = "import sys, argmap; sys.exit(any(m.startswith('pgmpy') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
