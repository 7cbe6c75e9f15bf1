"""Running the installed ``argmap`` console script, as a person does, from the repository root."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from argmap.cli import main

ROOT = Path(__file__).resolve().parents[2]


def argmap_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``argmap ARGS`` (the script beside this Python, else the one on PATH)."""
    beside = Path(sys.executable).parent / "argmap"
    command = str(beside) if beside.exists() else shutil.which("argmap")
    if command is None:
        pytest.skip("the argmap console script is not installed")
    return subprocess.run([command, *args], capture_output=True, text=True, timeout=60, cwd=ROOT)


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process: its exit code, standard output and standard error."""
    try:
        main(list(argv))
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
