"""Batched inference over credence vectors equals one-at-a-time marginals (analysis.batch)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap import ArgmapError, ImpossibleEvidenceError, load_model, marginals
from argmap.analysis import batch_marginals
from argmap.model import Model
from argmap.values import Point, PointDist, Value
from tests.support.random_models import random_model

SPRINKLER = "models/examples/sprinkler.yaml"


def _random_values(
    model: Model, rng: np.random.Generator, size: int, share: float = 0.6
) -> dict[str, np.ndarray]:
    """Random (k, size) values for a random subset of the parameters."""
    out = {}
    for pid, param in model.parameters.items():
        if rng.random() < share:
            out[pid] = rng.dirichlet(np.ones(len(param.states)), size).T
    if not out:
        pid = next(iter(model.parameters))
        out[pid] = rng.dirichlet(np.ones(len(model.parameters[pid].states)), size).T
    return out


def _overrides(model: Model, values: dict[str, np.ndarray], j: int) -> dict[str, Value]:
    over: dict[str, Value] = {}
    for pid, arr in values.items():
        col = arr[:, j]
        over[pid] = (
            Point(float(col[0]))
            if model.parameters[pid].is_scalar
            else PointDist(tuple(map(float, col)))
        )
    return over


def _check_against_one_at_a_time(
    model: Model, values: dict[str, np.ndarray], **query: dict[str, str]
) -> None:
    batch = batch_marginals(model, values, **query)
    size = next(iter(values.values())).shape[1]
    assert batch.size == size
    for j in range(size):
        one = marginals(model, _overrides(model, values, j), **query)
        for cid in model.claims:
            expected = np.array(list(one.distributions[cid].values()))
            np.testing.assert_allclose(batch.marginals[cid][:, j], expected, rtol=0, atol=1e-12)
        assert abs(batch.evidence_probability[j] - one.evidence_probability) < 1e-12


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 6))
def test_random_models_match_one_at_a_time(seed: int, size: int) -> None:
    model = random_model(seed, n=7)
    rng = np.random.default_rng(seed)
    _check_against_one_at_a_time(model, _random_values(model, rng, size))


def test_with_evidence_and_do_on_random_models() -> None:
    for seed in range(6):
        model = random_model(100 + seed, n=8)
        rng = np.random.default_rng(seed)
        claims = list(model.claims)
        observed, forced = claims[-1], claims[len(claims) // 2]
        query = {
            "evidence": {observed: model.claims[observed].states[0]},
            "do": {forced: model.claims[forced].states[-1]},
        }
        values = _random_values(model, rng, 4)
        values = {
            pid: np.clip(v, 0.02, 0.98) / np.clip(v, 0.02, 0.98).sum(0) for pid, v in values.items()
        }
        _check_against_one_at_a_time(model, values, **query)


def test_scheming_model_matches_one_at_a_time() -> None:
    model = load_model("models/scheming.yaml")
    rng = np.random.default_rng(7)
    _check_against_one_at_a_time(model, _random_values(model, rng, 5, share=1.0))


def test_mixed_batched_and_point_rows_of_one_table() -> None:
    """Only one row of a table batched (with B equal to the claim's card, the hard case)."""
    model = load_model(SPRINKLER)
    values = {"rain[cloudy=true]": np.array([[0.8, 0.7], [0.2, 0.3]])}
    _check_against_one_at_a_time(model, values)


def test_scalar_parameters_take_a_flat_batch() -> None:
    model = load_model(SPRINKLER)
    flat = batch_marginals(model, {"cloudy": np.array([0.1, 0.9])})
    full = batch_marginals(model, {"cloudy": np.array([[0.1, 0.9], [0.9, 0.1]])})
    np.testing.assert_array_equal(flat.p("rain"), full.p("rain"))
    assert flat.p("rain", "false").shape == (2,)


def test_bad_values_are_argmap_errors() -> None:
    model = load_model(SPRINKLER)
    with pytest.raises(ArgmapError, match="did you mean 'cloudy'") as err:
        batch_marginals(model, {"clody": np.array([0.1])})
    assert err.value.codes == ("unknown-parameter",)
    assert err.value.problems[0].loc == ("values", "clody")
    with pytest.raises(ArgmapError, match="batch size") as err:
        batch_marginals(model, {"cloudy": np.array([0.1]), "wet.leak": np.array([0.1, 0.2])})
    assert err.value.codes == ("bad-value",)
    with pytest.raises(ArgmapError, match="summing to 1") as err:
        batch_marginals(model, {"cloudy": np.array([[0.1], [0.2]])})
    assert err.value.codes == ("sum",)
    with pytest.raises(ArgmapError) as err:
        batch_marginals(model, {"cloudy": np.array([1.5])})
    assert err.value.codes == ("out-of-range",)
    with pytest.raises(ArgmapError, match="shape") as err:
        batch_marginals(model, {"cloudy": np.zeros((3, 2))})
    assert err.value.codes == ("bad-value",)
    with pytest.raises(ArgmapError, match="no batched") as err:
        batch_marginals(model, {})
    assert err.value.codes == ("bad-value",) and err.value.problems[0].argument == "values"


def test_impossible_members_raise_or_become_nan() -> None:
    model = load_model(SPRINKLER)
    # with no rain and no sprinkler and no leak, wet grass is impossible
    values = {
        "rain[cloudy=true]": np.array([0.8, 0.0, 0.8]),
        "rain[cloudy=false]": np.array([0.2, 0.0, 0.2]),
        "sprinkler[cloudy=true]": np.array([0.1, 0.0, 0.1]),
        "sprinkler[cloudy=false]": np.array([0.5, 0.0, 0.5]),
        "wet.leak": np.array([0.01, 0.0, 0.01]),
    }
    with pytest.raises(ImpossibleEvidenceError):
        batch_marginals(model, values, evidence={"wet": "true"})
    result = batch_marginals(model, values, evidence={"wet": "true"}, impossible="nan")
    assert result.impossible.tolist() == [False, True, False]
    assert np.isnan(result.p("rain")[1]) and result.evidence_probability[1] == 0
    expected = marginals(model, evidence={"wet": "true"}).p("rain")
    assert abs(result.p("rain")[0] - expected) < 1e-12


def test_results_are_read_only() -> None:
    result = batch_marginals(load_model(SPRINKLER), {"cloudy": np.array([0.3])})
    with pytest.raises(ValueError):
        result.marginals["rain"][0, 0] = 1.0


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 100_000), size=st.integers(1, 40))
def test_batched_marginals_are_distributions(seed: int, size: int) -> None:
    model = random_model(seed, n=9)
    rng = np.random.default_rng(seed)
    result = batch_marginals(model, _random_values(model, rng, size))
    for cid in model.claims:
        m = result.marginals[cid]
        assert m.shape == (len(model.claims[cid].states), size)
        assert np.all(m >= -1e-15) and np.all(m <= 1 + 1e-15)
        np.testing.assert_allclose(m.sum(axis=0), 1.0, atol=1e-12)
