"""Monte Carlo over uncertain credences: exactness, reproducibility, drivers."""

from __future__ import annotations

import numpy as np
import pytest

from argmap import ArgmapError, load_credences, load_model, marginals
from argmap.analysis import montecarlo
from argmap.analysis.montecarlo import first_order_sobol, rank_correlation
from argmap.model import Model
from argmap.values import Point, PointDist, Value
from tests.support.random_models import random_model

SPRINKLER = "models/examples/sprinkler.yaml"


def test_all_points_give_exactly_the_point_answer() -> None:
    model = load_model(SPRINKLER)
    for query in ({}, {"evidence": {"wet": "true"}}, {"do": {"rain": "false"}}):
        mc = montecarlo(model, samples=257, target="sprinkler=true", **query)  # type: ignore[arg-type]
        point = marginals(model, **query).p("sprinkler")  # type: ignore[arg-type]
        assert mc.mean == point and mc.median == point and mc.point == point
        assert mc.interval == (point, point) and mc.sd == 0.0
        assert np.all(mc.values == point) and mc.drivers == ()
        assert mc.claims["rain"].mean[0] == marginals(model, **query).p("rain")  # type: ignore[arg-type]


def test_point_random_model_is_exact_too() -> None:
    model = random_model(5, n=9, uncertain=False)
    mc = montecarlo(model, samples=100)
    assert mc.mean == marginals(model).p(*model.output_label.split("="))


def _sample_overrides(
    model: Model, mc_inputs: dict[str, np.ndarray], j: int, base: dict[str, Value]
) -> dict[str, Value]:
    over = dict(base)
    for pid, param in model.parameters.items():
        if param.is_scalar and pid in mc_inputs:
            over[pid] = Point(float(mc_inputs[pid][j]))
        elif not param.is_scalar and f"{pid}={param.states[0]}" in mc_inputs:
            over[pid] = PointDist(tuple(float(mc_inputs[f"{pid}={s}"][j]) for s in param.states))
    return over


def test_each_sample_is_exact_inference_on_its_credences() -> None:
    for seed in (1, 2):
        model = random_model(seed, n=8)
        mc = montecarlo(model, samples=40, seed=seed)
        assert mc.inputs, "the random model has uncertain values"
        claim, state = model.output_label.split("=")
        for j in range(0, 40, 7):
            over = _sample_overrides(model, dict(mc.inputs), j, {})
            assert abs(mc.values[j] - marginals(model, over).p(claim, state)) < 1e-12


def test_seeded_runs_are_reproducible() -> None:
    model = load_model(SPRINKLER)
    dry = load_credences("models/examples/credences/sprinkler-dry.yaml", model)
    a = montecarlo(model, dry, samples=500, seed=42)
    b = montecarlo(model, dry, samples=500, seed=np.random.default_rng(42))
    c = montecarlo(model, dry, samples=500, seed=43)
    np.testing.assert_array_equal(a.values, b.values)
    assert not np.array_equal(a.values, c.values)
    chunked = montecarlo(model, dry, samples=500, seed=42, progress=lambda done, total: None)
    np.testing.assert_allclose(a.values, chunked.values, rtol=0, atol=1e-15)


def test_summary_statistics_and_histogram() -> None:
    model = load_model(SPRINKLER)
    dry = load_credences("models/examples/credences/sprinkler-dry.yaml", model)
    mc = montecarlo(model, dry, samples=3000, seed=3, bins=17)
    counts, edges = mc.histogram
    assert counts.sum() == 3000 and len(edges) == 18
    assert abs(mc.mean - mc.values.mean()) < 1e-12
    assert mc.interval[0] < mc.median < mc.interval[1]
    assert [d.key for d in mc.drivers][0] == "sprinkler[cloudy=false]"
    assert mc.drivers[0].rank_correlation > 0.95 and mc.drivers[0].sobol > 0.9
    data = mc.to_dict()
    assert data["interval_5_95"] == list(mc.interval) and len(data["drivers"]) == 2


def test_scheming_model_uncertainty() -> None:
    model = load_model("models/scheming.yaml")
    mc = montecarlo(model, samples=2000, seed=0)
    assert 0 < mc.interval[0] < mc.point < mc.interval[1] < 1
    assert mc.drivers and sum(d.sobol for d in mc.drivers) <= 1.2


def test_dirichlet_values_are_sampled() -> None:
    model = random_model(3, n=8)  # c1 has a dirichlet prior
    mc = montecarlo(model, samples=300, seed=0)
    keys = [k for k in mc.inputs if k.startswith("c1=")]
    assert len(keys) == 3
    total = sum(mc.inputs[k] for k in keys)
    np.testing.assert_allclose(total, 1.0)


def test_sobol_and_rank_correlation_estimators() -> None:
    rng = np.random.default_rng(0)
    x1, x2 = rng.random(40_000), rng.random(40_000)
    y = x1 + 2 * x2  # first-order indices 1/5 and 4/5
    assert first_order_sobol(x1, y) == pytest.approx(0.2, abs=0.02)
    assert first_order_sobol(x2, y) == pytest.approx(0.8, abs=0.02)
    assert first_order_sobol(rng.random(40_000), y) < 0.01
    assert rank_correlation(x1, -(x1**3)) == pytest.approx(-1.0)
    assert rank_correlation(x1, np.zeros_like(x1)) == 0.0


def test_bad_input() -> None:
    model = load_model(SPRINKLER)
    with pytest.raises(ArgmapError, match="samples") as err:
        montecarlo(model, samples=0)
    assert err.value.codes == ("out-of-range",) and err.value.problems[0].argument == "samples"
    assert str(err.value) == "samples: expected 1 to 10,000,000 samples, got 0"
    with pytest.raises(ArgmapError) as err:
        montecarlo(model, bins=0)
    assert err.value.codes == ("out-of-range",) and err.value.problems[0].argument == "bins"
    with pytest.raises(ArgmapError, match="unknown claim") as err:
        montecarlo(model, target="nope=true")
    assert err.value.codes == ("unknown-claim",) and err.value.problems[0].argument == "target"
