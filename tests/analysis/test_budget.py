"""Resource budgets (issue 13, class 2): every analysis answers within its memory and work
budget or refuses with the numbers, on the argument that set the size; chunking changes no
result."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap import Dirichlet, InputError, Model, PointDist, load_credences, load_model
from argmap.analysis import batch as batch_module
from argmap.analysis import (
    budget,
    cruxes,
    evaluate,
    montecarlo,
    most_samples,
    sensitivity,
    two_way,
    value_of_information,
)
from argmap.analysis._common import base_values
from argmap.analysis.montecarlo import _costs, draw_samples
from tests.support.random_models import random_model

ROOT = Path(__file__).resolve().parents[2]
BIG = ROOT / "tests" / "analysis" / "data" / "dirichlet_999.yaml"
SCHEMING = ROOT / "models" / "scheming.yaml"


@pytest.fixture(scope="module")
def big() -> Model:
    return load_model(BIG)


@pytest.fixture(scope="module")
def scheming() -> Model:
    return load_model(SCHEMING)


def refusal(err: pytest.ExceptionInfo[InputError], argument: str, code: str = "budget") -> str:
    """The one problem's message, after checking its code and argument."""
    (problem,) = err.value.problems
    assert problem.code == code
    assert problem.argument == argument
    return problem.message


# --- the examples ---------------------------------------------------------------------


def test_ten_million_samples_refused_with_the_numbers(scheming: Model) -> None:
    with pytest.raises(InputError) as err:
        montecarlo(scheming, samples=10_000_000)
    message = refusal(err, "samples")
    assert message.startswith("10,000,000 samples would need ~")
    assert "GiB of memory (112 numbers kept per sample: 71 sampled probabilities" in message
    assert message.endswith(
        f"use at most {most_samples(scheming, work=budget.SAMPLE_WORK):,} samples"
    )


def test_bins_capped(scheming: Model) -> None:
    with pytest.raises(InputError) as err:
        montecarlo(scheming, samples=10, bins=1_000_000_000)
    assert "expected 1 to 10,000 histogram bins, got 1,000,000,000" in refusal(
        err, "bins", "out-of-range"
    )
    assert montecarlo(scheming, samples=50, bins=budget.MAX_BINS).histogram[0].size == 10_000


def test_permutations_capped(scheming: Model) -> None:
    a = load_credences(ROOT / "models/credences/carlsmith.yaml", scheming)
    b = load_credences(ROOT / "models/credences/pessimist.yaml", scheming)
    with pytest.raises(InputError) as err:
        cruxes(scheming, a, b, permutations=1_000_000_000)
    assert "expected 2 to 100,000 permutations, got 1,000,000,000" in refusal(
        err, "permutations", "out-of-range"
    )
    with pytest.raises(InputError) as err:  # within the cap, past the work budget
        cruxes(scheming, a, b, exact_limit=0, permutations=100_000)
    message = refusal(err, "permutations")
    assert "100,000 permutations would take" in message and "use at most" in message


def test_999_state_dirichlet_refused_at_100000_samples(big: Model) -> None:
    with pytest.raises(InputError) as err:
        montecarlo(big, samples=100_000)
    message = refusal(err, "samples")
    assert "999 sampled probabilities and the tails of 1,998 claim states" in message
    assert message.endswith("use at most 1,001 samples")
    with pytest.raises(InputError) as err:  # the app's old default
        montecarlo(big, samples=5_000)
    assert "5,000 samples would take 4,995,000,000 table entries of work" in refusal(
        err, "samples"
    )
    assert most_samples(big, work=budget.SAMPLE_WORK) == 1001
    assert most_samples(big) == 100  # what the app offers: a run of a few seconds


def test_other_analyses_refuse_the_999_state_model(big: Model) -> None:
    with pytest.raises(InputError) as err:
        sensitivity(big)
    assert "1,998 settings would take" in refusal(err, "model")
    with pytest.raises(InputError) as err:
        sensitivity(big, keys=[f"big[*]=s{i}" for i in range(60)])
    assert refusal(err, "keys").endswith("use at most 50 settings")
    assert len(sensitivity(big, keys=["big[*]=s0", "big[*]=s1"]).swings) == 2
    with pytest.raises(InputError) as err:
        two_way(big, x="parent=s0", y="big[*]=s1", points=201)
    message = refusal(err, "points")
    assert message.startswith("a 201 x 201 grid (40,402 cells")
    assert message.endswith("use at most 9 points")
    with pytest.raises(InputError) as err:
        value_of_information(big)
    assert "999 findings would take 998,001,000 table entries" in refusal(err, "model")


def test_exact_shapley_refused_past_the_budget(big: Model) -> None:
    other = {
        "parent": PointDist((0.5, *[0.5 / 998] * 998)),
        "big[*]": Dirichlet((9.0, *[1.0] * 998)),
    }
    with pytest.raises(InputError) as err:  # 2 claims differ: 4 coalitions fit; halfway not
        cruxes(big, None, other, halfway=1)
    assert refusal(err, "halfway").endswith("use halfway=0")
    assert len(cruxes(big, None, other, halfway=0).cruxes) == 2


# --- chunking changes nothing -----------------------------------------------------------------


@pytest.mark.parametrize("chunk", [1, 7, 333, 599])
def test_chunked_montecarlo_equals_one_chunk(scheming: Model, chunk: int) -> None:
    whole = montecarlo(scheming, samples=600, seed=3, chunk=600)
    part = montecarlo(scheming, samples=600, seed=3, chunk=chunk)
    for key, x in whole.inputs.items():  # the draws: bit for bit
        assert np.array_equal(x, part.inputs[key])
    # each sample is computed on its own; the engine may sum in another order (1 ulp)
    np.testing.assert_allclose(part.values, whole.values, rtol=0, atol=1e-14)
    assert [d.key for d in part.drivers] == [d.key for d in whole.drivers]


def test_chunk_must_be_positive(scheming: Model) -> None:
    with pytest.raises(InputError) as err:
        montecarlo(scheming, samples=10, chunk=0)
    assert "expected 1 to 10,000,000 samples per chunk, got 0" in refusal(
        err, "chunk", "out-of-range"
    )


def test_draws_match_the_unchunked_sampler(scheming: Model) -> None:
    batch, inputs, _ = draw_samples(scheming, None, 500, np.random.default_rng(5))
    mc = montecarlo(scheming, samples=500, seed=np.random.default_rng(5), chunk=17)
    for key, x in inputs.items():
        assert np.array_equal(x, mc.inputs[key])
    assert not any(x.flags.writeable for x in mc.inputs.values())


def test_evaluate_in_chunks_equals_one_call(
    scheming: Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch, _, _ = draw_samples(scheming, None, 400, np.random.default_rng(1))
    base = base_values(scheming, None)
    whole = evaluate(scheming, base, batch, 400)
    monkeypatch.setattr(batch_module, "chunk_size", lambda entries: 37)
    part = evaluate(scheming, base, batch, 400)
    for cid in scheming.claims:
        np.testing.assert_allclose(part.marginals[cid], whole.marginals[cid], rtol=0, atol=1e-14)


# --- the budget's arithmetic ------------------------------------------------------------------


@given(
    keep=st.integers(1, 10_000),
    entries=st.integers(1, 2_000_000),
    per=st.integers(1, 600),
)
def test_most_is_the_largest_count_that_passes(keep: int, entries: int, per: int) -> None:
    limit = budget.most(keep, entries, per)
    if limit >= 1:
        budget.check("n", limit, "units", keep=keep, entries=entries, per=per)
    with pytest.raises(InputError) as err:
        budget.check("n", limit + 1, "units", keep=keep, entries=entries, per=per)
    assert err.value.codes == ("budget",)
    assert err.value.problems[0].argument == "n"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**16), n=st.integers(3, 9), samples=st.integers(50, 6000))
def test_estimate_bounds_the_peak(seed: int, n: int, samples: int) -> None:
    """The memory the budget counts is at least the peak numpy allocation (tracemalloc)."""
    model = random_model(seed, n=n)
    _, _, keep, entries = _costs(model, None)
    montecarlo(model, samples=5, seed=seed)  # compile the network before measuring
    tracemalloc.start()
    try:
        montecarlo(model, samples=samples, seed=seed)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    floor = 2 << 20  # Python's own small objects: results, dicts, the engine's plans
    assert peak <= budget.memory(samples, keep, entries) + floor
