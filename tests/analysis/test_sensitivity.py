"""Tornado and two-way sensitivity, checked against one-at-a-time marginals."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from argmap import ArgmapError, load_credences, load_model, marginals
from argmap.analysis import sensitivity, settings, two_way
from argmap.analysis._common import with_state
from argmap.model import Model
from argmap.values import Point, PointDist, Value
from tests.support.random_models import random_model

SPRINKLER = "models/examples/sprinkler.yaml"


def _target_with(
    model: Model,
    base: dict[str, Value],
    pid: str,
    dist: np.ndarray,
    target: str,
    **query: dict[str, str],
) -> float:
    over = dict(base)
    over[pid] = (
        Point(float(dist[0]))
        if model.parameters[pid].is_scalar
        else PointDist(tuple(map(float, dist)))
    )
    claim, state = target.split("=")
    return marginals(model, over, **query).p(claim, state)


def _check_tornado(
    model: Model, credences: object = None, target: str | None = None, **query: dict[str, str]
) -> None:
    result = sensitivity(model, credences, target=target, **query)  # type: ignore[arg-type]
    target = result.target.label
    base_over = dict(credences.values) if credences is not None else {}  # type: ignore[attr-defined]
    assert abs(result.base - marginals(model, base_over, **query).p(*target.split("="))) < 1e-12
    assert len(result.swings) == len(list(settings(model)))
    swings = [s.swing for s in result.swings]
    assert swings == sorted(swings, reverse=True)
    from argmap.tables import point_values

    means = point_values(model, base_over)
    for s in result.swings:
        param = model.parameters[s.parameter]
        state = None if s.state is None else param.states.index(s.state)
        lo_dist, hi_dist = with_state(means[s.parameter], state, np.array([s.low, s.high])).T
        assert (
            abs(
                s.target_low - _target_with(model, base_over, s.parameter, lo_dist, target, **query)
            )
            < 1e-12
        )
        assert (
            abs(
                s.target_high
                - _target_with(model, base_over, s.parameter, hi_dist, target, **query)
            )
            < 1e-12
        )


def test_tornado_on_sprinkler_matches_one_at_a_time() -> None:
    model = load_model(SPRINKLER)
    _check_tornado(model)
    dry = load_credences("models/examples/credences/sprinkler-dry.yaml", model)
    _check_tornado(model, dry, target="rain=true", evidence={"wet": "true"})


def test_tornado_on_random_models_matches_one_at_a_time() -> None:
    for seed in (3, 11, 29):
        model = random_model(seed, n=6)
        _check_tornado(model)
        first = next(iter(model.claims))
        _check_tornado(model, do={first: model.claims[first].states[0]})


def test_default_ranges_are_intervals_else_plus_minus_swing() -> None:
    model = load_model(SPRINKLER)
    dry = load_credences("models/examples/credences/sprinkler-dry.yaml", model)
    swings = {s.key: s for s in sensitivity(model, dry).swings}
    assert (swings["wet.leak"].low, swings["wet.leak"].high) == (0.0, 0.02)  # the interval
    beta = swings["sprinkler[cloudy=false]"]  # beta(7, 3): its 5-95% interval
    assert 0.43 < beta.low < 0.46 and 0.89 < beta.high < 0.91
    assert (swings["cloudy"].low, swings["cloudy"].high) == pytest.approx((0.0, 0.4))  # 0.2 +/- 0.2
    assert swings["wet.rain"].high == 1.0  # clipped
    wide = {s.key: s for s in sensitivity(model, dry, swing=0.1, use_intervals=False).swings}
    assert (wide["wet.leak"].low, wide["wet.leak"].high) == pytest.approx((0.0, 0.11))
    explicit = sensitivity(model, ranges={"cloudy": (0.0, 1.0)}, keys=["cloudy"])
    assert len(explicit.swings) == 1 and explicit.swings[0].low == 0.0


def test_multi_state_settings_rescale_the_other_states() -> None:
    model = load_model("models/scheming.yaml")
    multi = next(p for p in model.parameters.values() if not p.is_scalar)
    keys = [f"{multi.id}={s}" for s in multi.states]
    result = sensitivity(model, keys=keys, ranges={keys[0]: (0.0, 1.0)})
    assert {s.key for s in result.swings} == set(keys)
    dist = with_state(np.array(multi.means()), 0, np.array([0.3]))[:, 0]
    assert dist[0] == 0.3 and abs(dist.sum() - 1) < 1e-15
    ratio = np.array(multi.means())[1:]
    if ratio.sum() > 0:
        np.testing.assert_allclose(dist[1:] / dist[1:].sum(), ratio / ratio.sum())


def test_two_way_grid_matches_one_at_a_time() -> None:
    model = load_model(SPRINKLER)
    grid = two_way(
        model, x="cloudy", y="wet.sprinkler", points=4, evidence={"wet": "true"}, target="rain=true"
    )
    assert grid.values.shape == (4, 4)
    for i, x in enumerate(grid.x):
        for j, y in enumerate(grid.y):
            over = {"cloudy": Point(float(x)), "wet.sprinkler": Point(float(y))}
            expected = marginals(model, over, evidence={"wet": "true"}).p("rain")
            assert abs(grid.values[i, j] - expected) < 1e-12
    assert abs(grid.base - marginals(model, evidence={"wet": "true"}).p("rain")) < 1e-12


def test_bad_settings_are_argmap_errors() -> None:
    model = load_model(SPRINKLER)
    def fails(call: Callable[[], object]) -> tuple[str | None, str]:
        """The argument at fault and the code of the one problem ``call`` raises."""
        with pytest.raises(ArgmapError) as err:
            call()
        (problem,) = err.value.problems
        return problem.argument, problem.code

    assert fails(lambda: sensitivity(model, keys=["wet.rian"])) == ("keys", "unknown-parameter")
    assert fails(lambda: sensitivity(model, target="wet=damp")) == ("target", "unknown-state")
    assert fails(lambda: sensitivity(model, target="wte=true")) == ("target", "unknown-claim")
    assert fails(lambda: two_way(model, x="cloudy", y="cloudy")) == ("y", "bad-argument")
    assert fails(lambda: two_way(model, x="cloudy", y="wet.rian")) == ("y", "unknown-parameter")
    assert fails(lambda: two_way(model, x="cloudy", y="wet.rain", points=1)) == (
        "points",
        "out-of-range",
    )
    assert fails(lambda: sensitivity(model, swing=2)) == ("swing", "out-of-range")
    assert fails(lambda: sensitivity(model, ranges={"cloudy": (0.5, 0.1)})) == (
        "ranges",
        "bad-value",
    )
    assert fails(lambda: sensitivity(model, ranges={"cloudy": (0.5, 1.5)})) == (
        "ranges",
        "out-of-range",
    )
    scheming = load_model("models/scheming.yaml")
    multi = next(p for p in scheming.parameters.values() if not p.is_scalar)
    with pytest.raises(ArgmapError, match="one state of it"):
        sensitivity(scheming, keys=[multi.id])
    assert fails(lambda: sensitivity(scheming, keys=[multi.id])) == ("keys", "bad-value")


def test_tornado_of_the_scheming_model_is_complete_and_ranked() -> None:
    model = load_model("models/scheming.yaml")
    result = sensitivity(model)
    assert result.target.label == model.output_label
    assert all(0 <= s.target_low <= 1 and 0 <= s.target_high <= 1 for s in result.swings)
    assert result.swings[0].swing > 0
    data = result.to_dict()
    assert data["target"] == model.output_label and len(data["swings"]) == len(result.swings)


def test_definitions_at_0_or_1_are_left_out_unless_asked() -> None:
    """A point at exactly 0 or 1 reads as a definition (no scheming without its prerequisites):
    the tornado ranks credences, so it leaves those out and says which."""
    model = load_model("models/scheming.yaml")
    default = sensitivity(model)
    everything = sensitivity(model, include_fixed=True)
    assert default.fixed and "bego_independent.bego_natural" in default.fixed
    assert {s.key for s in default.swings} | set(default.fixed) == {
        s.key for s in everything.swings
    }
    assert not set(default.fixed) & {s.key for s in default.swings}
    assert everything.fixed == ()
