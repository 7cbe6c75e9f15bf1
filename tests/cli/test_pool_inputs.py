"""`pool -o` never overwrites one of the credence files it pools, even with --force."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.commands import run_main


def test_pool_never_overwrites_one_of_its_inputs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path
    a = folder / "a.yaml"
    b = folder / "b.yaml"
    for name, target in (("carlsmith.yaml", a), ("pessimist.yaml", b)):
        shutil.copy(Path("models/credences") / name, target)
    before = a.read_bytes()
    code, _, err = run_main(capsys, "pool", "models/scheming.yaml", str(a), str(b), "-o",
                            str(a), "--force")  # fmt: skip
    assert code == 2 and "is an input of this command" in err
    assert a.read_bytes() == before
