"""Monte Carlo in chunks (issue 14): the claims' spreads kept as sums and 5% tails equal the
summaries over every sample's marginals kept whole, as before."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap import Model, load_model
from argmap.analysis import base_values, draw_samples, evaluate, montecarlo
from argmap.analysis._spreads import SpreadAccumulator, tail_size

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def scheming() -> Model:
    return load_model(ROOT / "models" / "scheming.yaml")


def whole_run_spreads(model: Model, samples: int, seed: int) -> dict[str, np.ndarray]:
    """Every claim's (mean, 5%, 95%) per state from all samples' marginals at once (the
    pre-chunking computation)."""
    batch, _, _ = draw_samples(model, None, samples, np.random.default_rng(seed))
    result = evaluate(model, base_values(model, None), batch, samples)
    out = {}
    for cid in model.claims:
        d = np.asarray(result.marginals[cid])
        lo, hi = np.quantile(d, [0.05, 0.95], axis=1)
        out[cid] = np.stack([d.mean(axis=1), lo, hi])
    return out


@pytest.mark.parametrize("chunk", [97, 1000, 3000])
def test_chunked_spreads_equal_the_whole_run(scheming: Model, chunk: int) -> None:
    expected = whole_run_spreads(scheming, 3000, seed=4)
    mc = montecarlo(scheming, samples=3000, seed=4, chunk=chunk)
    for cid, spread in mc.claims.items():
        mean, lo, hi = expected[cid]
        # one batched engine call or several: a sample's marginals may differ in the last bit
        np.testing.assert_allclose(spread.mean, mean, rtol=0, atol=1e-14)
        np.testing.assert_allclose(spread.low, lo, rtol=0, atol=1e-14)
        np.testing.assert_allclose(spread.high, hi, rtol=0, atol=1e-14)
    assert mc.values.shape == (3000,)


def test_one_chunk_spreads_are_numpy_quantiles_bit_for_bit(scheming: Model) -> None:
    expected = whole_run_spreads(scheming, 2000, seed=9)
    mc = montecarlo(scheming, samples=2000, seed=9, chunk=2000)
    for cid, spread in mc.claims.items():
        _, lo, hi = expected[cid]
        assert spread.low == tuple(map(float, lo)) and spread.high == tuple(map(float, hi))


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(),
    states=st.integers(1, 3),
    n=st.integers(1, 400),
    extra=st.integers(0, 300),
    ties=st.booleans(),
)
def test_accumulator_equals_numpy(
    data: st.DataObject, states: int, n: int, extra: int, ties: bool
) -> None:
    """Any values, ties, chunking, and fewer values than the capacity (impossible samples
    left out): the quantiles are numpy's over all values, exactly."""
    seed = data.draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    d = rng.integers(0, 5, size=(states, n)) / 4 if ties else rng.random((states, n))
    acc = SpreadAccumulator(states, n + extra)
    lo = 0
    while lo < n:
        step = data.draw(st.integers(1, 64))
        acc.add(d[:, lo : lo + step])
        lo += step
    spread = acc.spread(tuple(f"s{i}" for i in range(states)))
    q05, q95 = np.quantile(d, [0.05, 0.95], axis=1)
    assert spread.low == tuple(map(float, q05)) and spread.high == tuple(map(float, q95))
    np.testing.assert_allclose(spread.mean, d.mean(axis=1), rtol=0, atol=1e-15)


def test_tails_stay_small() -> None:
    """A million values keep two tails of ~5% each (plus one chunk between trims)."""
    rng = np.random.default_rng(0)
    acc = SpreadAccumulator(2, 1_000_000)
    for _ in range(200):
        p = rng.random(5000)
        acc.add(np.stack([p, 1 - p]))
        kept = acc.low.count + acc.high.count
        assert kept <= 2 * (2 * tail_size(1_000_000) + 5000)
    assert acc.spread(("a", "b")).low[0] == pytest.approx(0.05, abs=0.005)
