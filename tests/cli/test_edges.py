"""Issue 13, classes 6 and 7: inputs that inject, and numbers and paths at the edge.

Every case exits 2 with a plain located message (never an internal error, exit 1), and a write
that fails leaves the old file as it was.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tests.support.commands import run_main as run

SPRINKLER = "models/examples/sprinkler.yaml"
DRY = "models/examples/credences/sprinkler-dry.yaml"


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ("inf,1", "--weights: bad weight"),
        ("nan,1", "--weights: bad weight"),
        ("-1,1", "--weights: bad weight"),
        ("0,0", "--weights: all weights are zero"),
    ],
)
def test_pool_refuses_bad_weights(
    capsys: pytest.CaptureFixture[str], weights: str, expected: str
) -> None:
    code, _, err = run(capsys, "pool", SPRINKLER, DRY, DRY, "-w", weights, "--method", "log")
    assert code == 2 and expected in err and "internal error" not in err


def test_pool_huge_weights_are_normalised_safely(capsys: pytest.CaptureFixture[str]) -> None:
    code, huge, _ = run(capsys, "pool", SPRINKLER, DRY, DRY, "-w", "1e308,1e308", "--json",
                        "--method", "log")
    assert code == 0
    code, equal, _ = run(capsys, "pool", SPRINKLER, DRY, DRY, "-w", "1,1", "--json",
                         "--method", "log")
    assert code == 0 and huge == equal


@pytest.mark.parametrize("seed", ["-1", str(2**32), str(2**70)])
def test_seed_out_of_range(capsys: pytest.CaptureFixture[str], seed: str) -> None:
    code, _, err = run(capsys, "montecarlo", SPRINKLER, "-c", DRY, "-n", "10", "--seed", seed)
    assert code == 2 and "--seed: bad seed" in err and "internal error" not in err


def test_seed_edges_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    for seed in ("0", str(2**32 - 1)):
        code, _, err = run(capsys, "montecarlo", SPRINKLER, "-c", DRY, "-n", "10", "--seed", seed)
        assert code == 0, err


def _loop(tmp_path: Path) -> Path:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.symlink_to(b)
    b.symlink_to(a)
    return a


@pytest.mark.parametrize("command", [
    ["credences", "init", SPRINKLER],
    ["pool", SPRINKLER, DRY, DRY],
    ["export", SPRINKLER, "--format", "json"],
])
def test_output_folder_and_symlink_loop_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    code, _, err = run(capsys, *command, "-o", str(tmp_path))
    assert code == 2 and "is a folder" in err and "internal error" not in err
    force = [] if command[0] == "export" else ["--force"]
    code, _, err = run(capsys, *command, "-o", str(_loop(tmp_path)), *force)
    assert code == 2 and "cannot" in err and "internal error" not in err


@pytest.mark.parametrize(("fails", "number"), [
    ("fsync", errno.ENOSPC), ("replace", errno.EACCES), ("replace", errno.ELOOP),
])
def test_failed_write_keeps_the_old_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    fails: str, number: int,
) -> None:
    """A full disk (fsync fails), no permission or a loop at the rename: exit 2, plain
    message, the old file untouched and no temporary file left behind."""
    target = tmp_path / "mine.yaml"
    target.write_text("old: text\n", encoding="utf-8")

    def broken(*_: object) -> None:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(os, fails, broken)
    code, _, err = run(capsys, "credences", "init", SPRINKLER, "-o", str(target), "--force")
    assert code == 2, err
    assert f"error: {target}: cannot write here ({os.strerror(number)})" in err
    assert "internal error" not in err
    assert target.read_text(encoding="utf-8") == "old: text\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.yaml"]
