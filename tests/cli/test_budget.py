"""Issue 13, class 2: the analysis commands answer within their budget or refuse.

Every refusal exits 2 with a plain message on the option that set the size (``--samples``,
``--bins``, ``--permutations``, ``--points``, ``--halfway``; ``MODEL`` when the model itself is
too large for the analysis), saying what the run would need and the most that fits. Never an
internal error (exit 1) or a traceback.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap import load_model
from argmap.analysis import budget, most_samples
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
    cap = most_samples(load_model(SCHEMING), work=budget.SAMPLE_WORK)
    assert line.startswith("--samples: 10,000,000 samples would need ~8.47 GiB of memory")
    assert "71 sampled probabilities and the tails of 113 claim states" in line
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
    ("100000", "100,000 samples would need ~1.91 GiB of memory (2,410 numbers kept per sample"),
    ("5000", "5,000 samples would take 4,995,000,000 table entries of work (999,000 per sample)"),
])
def test_999_state_dirichlet(capsys: pytest.CaptureFixture[str], samples: str, words: str) -> None:
    line = refused(capsys, "montecarlo", BIG, "--samples", samples)
    assert line.startswith(f"--samples: {words}")
    assert line.endswith("use at most 1,001 samples")


def test_999_state_dirichlet_within_its_budget(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "montecarlo", BIG, "--samples", "20", "--json")
    assert code == 0, err
    assert json.loads(out)["result"]["samples"] == 20


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


SPRINKLER = "models/examples/sprinkler.yaml"
DRY = "models/examples/credences/sprinkler-dry.yaml"
HUGE = 10**30
FIXTURE = HealthCheck.function_scoped_fixture


@settings(max_examples=25, deadline=None, suppress_health_check=[FIXTURE])
@given(
    option=st.sampled_from(["--samples", "--bins"]),
    value=st.integers(-HUGE, 0) | st.integers(10_000_001, HUGE),
)
def test_any_size_out_of_reach_is_refused_on_its_option(
    capsys: pytest.CaptureFixture[str], option: str, value: int
) -> None:
    """Sizes nothing could run are refused (exit 2, the option named), never an exit 1."""
    line = refused(capsys, "montecarlo", SPRINKLER, "-c", DRY, "--samples=10", f"{option}={value}")
    assert line.startswith(f"{option}: expected 1 to ")
    assert line.endswith(f"got {value:,}")


@settings(max_examples=10, deadline=None, suppress_health_check=[FIXTURE])
@given(samples=st.integers(1, 10_000_000))
def test_samples_past_the_budget_are_refused_with_the_most_that_fits(
    capsys: pytest.CaptureFixture[str], samples: int
) -> None:
    """On the 999-state model any count above 1,001 is refused, saying 1,001."""
    if samples <= 1001:
        samples = 1002 + samples * 1000
    line = refused(capsys, "montecarlo", BIG, f"--samples={samples}")
    assert line.startswith(f"--samples: {samples:,} samples would ")
    assert line.endswith("use at most 1,001 samples")


@settings(max_examples=15, deadline=None, suppress_health_check=[FIXTURE])
@given(permutations=st.integers(-HUGE, 1) | st.integers(100_001, HUGE))
def test_any_permutation_count_out_of_range_is_refused(
    capsys: pytest.CaptureFixture[str], permutations: int
) -> None:
    line = refused(capsys, "compare", A, B, "--exact-limit=0", f"--permutations={permutations}")
    assert line == (
        f"--permutations: expected 2 to 100,000 permutations, got {permutations:,}"
    )
