"""Issue 13, class 2: the analysis commands answer within their budget or refuse.

Every refusal exits 2 with a plain message on the option that set the size (``--samples``,
``--bins``, ``--permutations``, ``--points``, ``--halfway``; ``MODEL`` when the model itself is
too large for the analysis), saying what the run would need and the most that fits. Never an
internal error (exit 1) or a traceback.
"""

from __future__ import annotations

import json

import pytest

from argmap import load_model
from argmap.analysis import most_samples
from tests.support.commands import run_main as run

SCHEMING = "models/scheming.yaml"
BIG = "tests/analysis/data/dirichlet_999.yaml"
A = "models/credences/carlsmith.yaml"
B = "models/credences/pessimist.yaml"


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The one error line of a refused command (exit 2, nothing on stdout)."""
    code, out, err = run(capsys, *argv)
    assert code == 2, (code, err)
    assert out == ""
    assert "Traceback" not in err and "internal error" not in err
    (line,) = err.splitlines()
    assert line.startswith("error: ")
    return line.removeprefix("error: ")


def test_ten_million_samples(capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(capsys, "montecarlo", SCHEMING, "--samples", "10000000")
    cap = most_samples(load_model(SCHEMING))
    assert line.startswith("--samples: 10,000,000 samples would need ~14.7 GiB of memory")
    assert "71 sampled probabilities and 113 claim states" in line
    assert line.endswith(f"the budget is 1 GiB: use at most {cap:,} samples")


def test_a_billion_bins(capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(capsys, "montecarlo", SCHEMING, "--samples", "100", "--bins", "1000000000")
    assert line == "--bins: expected 1 to 10,000 histogram bins, got 1,000,000,000"


def test_a_billion_permutations(capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(capsys, "compare", A, B, "--permutations", "1000000000")
    assert line == "--permutations: expected 2 to 100,000 permutations, got 1,000,000,000"


def test_permutations_past_the_work_budget(capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(capsys, "compare", A, B, "--exact-limit", "0", "--permutations", "100000")
    assert line.startswith("--permutations: 100,000 permutations would take ")
    assert "table entries of work" in line and "use at most" in line


@pytest.mark.parametrize(("samples", "words"), [
    ("100000", "100,000 samples would need ~2.36 GiB of memory (3,009 numbers kept per sample"),
    ("5000", "5,000 samples would take 4,995,000,000 table entries of work (999,000 per sample)"),
])
def test_999_state_dirichlet(capsys: pytest.CaptureFixture[str], samples: str, words: str) -> None:
    line = refused(capsys, "montecarlo", BIG, "--samples", samples)
    assert line.startswith(f"--samples: {words}")
    assert line.endswith("use at most 100 samples")


def test_999_state_dirichlet_within_its_budget(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "montecarlo", BIG, "--samples", "20", "--json")
    assert code == 0, err
    assert json.loads(out)["samples"] == 20


@pytest.mark.parametrize(("argv", "start"), [
    (("sensitivity", BIG), "MODEL: 1,998 settings would take 3,992,004,000 table entries"),
    (("voi", BIG), "MODEL: 999 findings would take 998,001,000 table entries"),
    (("sensitivity", BIG, "--pair", "parent=s0", "--pair", "big[*]=s1", "--points", "201"),
     "--points: a 201 x 201 grid (40,402 cells"),
])
def test_other_analyses_of_the_999_state_model(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], start: str
) -> None:
    assert refused(capsys, *argv).startswith(start)
