"""README.md as a package index shows it: every link absolute (a relative link breaks there),
and its Python example runs from any folder (the bundled models, not the checkout's paths)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.support.readme import readme_python

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)")


def test_readme_links_are_absolute() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = LINK.findall(text)
    assert len(targets) > 10
    relative = [t for t in targets if not t.startswith(("https://", "http://", "#"))]
    assert relative == []
    images = re.findall(r"!\[[^\]]*\]\(([^)\s]+)", text)
    assert all(t.startswith("https://raw.githubusercontent.com/") for t in images), images


def test_the_readme_python_example_runs_from_any_folder(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", readme_python()], cwd=tmp_path, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()
    p_given, p_unconditional = map(float, first.split())
    assert 0 < p_unconditional < p_given < 1  # the README's 0.2214... 0.1701...
    assert 0 < float(second) < 1
