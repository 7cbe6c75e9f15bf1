"""Pooling credence files: linear and logarithmic, weights, distances, the written profile."""

from __future__ import annotations

import numpy as np
import pytest

from argmap import ArgmapError, load_credences, load_credences_text, load_model, marginals
from argmap.analysis import pool
from argmap.analysis.pooling import pool_distributions
from argmap.credence_writer import credence_template
from argmap.inference import overrides_of
from argmap.tables import point_values
from argmap.values import Point, PointDist

SPRINKLER = "models/examples/sprinkler.yaml"


def _profiles():  # type: ignore[no-untyped-def]
    model = load_model(SPRINKLER)
    dry = load_credences("models/examples/credences/sprinkler-dry.yaml", model)
    wet = {"cloudy": Point(0.9), "wet.leak": Point(0.3)}
    return model, [None, dry, wet]


def test_linear_pool_is_the_weighted_mean_of_each_parameter() -> None:
    model, profiles = _profiles()
    result = pool(model, profiles, weights=[2, 1, 1])
    means = [point_values(model, overrides_of(p)) for p in profiles]
    for pid in model.parameters:
        expected = (2 * means[0][pid] + means[1][pid] + means[2][pid]) / 4
        assert result.values[pid] == Point(pytest.approx(float(expected[0])))
    targets = [marginals(model, overrides_of(p)).p("wet") for p in profiles]
    assert (
        abs(result.linear_pool_of_targets - (2 * targets[0] + targets[1] + targets[2]) / 4) < 1e-12
    )
    assert abs(result.pooled_target - marginals(model, result.values).p("wet")) < 1e-12
    for member, t in zip(result.members, targets, strict=True):
        assert abs(member.target - t) < 1e-12
        assert abs(member.target_difference - (t - result.pooled_target)) < 1e-12
    assert [m.weight for m in result.members] == [0.5, 0.25, 0.25]


def test_log_pool_is_the_normalised_geometric_mean() -> None:
    model, profiles = _profiles()
    result = pool(model, profiles, method="log")
    means = [point_values(model, overrides_of(p)) for p in profiles]
    for pid in model.parameters:
        geo = np.prod([m[pid] for m in means], axis=0) ** (1 / 3)
        expected = geo / geo.sum()
        assert abs(result.values[pid].mean - expected[0]) < 1e-12  # type: ignore[union-attr]
    pooled = pool_distributions(np.array([[0.5, 0.5], [0.9, 0.1]]), np.array([0.5, 0.5]), "log")
    assert pooled[0] == pytest.approx(0.75, abs=1e-15)


def test_log_pool_without_common_support_is_an_error() -> None:
    model = load_model(SPRINKLER)
    with pytest.raises(ArgmapError, match="logarithmic pooling is undefined for cloudy") as err:
        pool(model, [{"cloudy": Point(0.0)}, {"cloudy": Point(1.0)}], method="log")
    assert err.value.codes == ("bad-argument",) and err.value.problems[0].argument == "method"
    ok = pool(model, [{"cloudy": Point(0.0)}, {"cloudy": Point(1.0)}], method="log", weights=[1, 0])
    assert ok.values["cloudy"] == Point(0.0)


def test_distances_from_the_pool() -> None:
    model, profiles = _profiles()
    result = pool(model, profiles)
    same = pool(model, [None, None])
    assert all(m.total_kl == 0 and m.mean_abs_difference == 0 for m in same.members)
    wet = result.members[2]
    assert wet.abs_difference["cloudy"] == pytest.approx(0.9 - (0.5 + 0.2 + 0.9) / 3)
    q = (0.5 + 0.2 + 0.9) / 3
    kl = 0.9 * np.log2(0.9 / q) + 0.1 * np.log2(0.1 / (1 - q))
    assert wet.kl["cloudy"] == pytest.approx(kl, abs=1e-12)
    assert wet.furthest(2) == ["cloudy", "wet.leak"]


def test_multi_state_parameters_pool_to_distributions() -> None:
    model = load_model("models/scheming.yaml")
    multi = next(p for p in model.parameters.values() if not p.is_scalar)
    k = len(multi.states)
    one = {multi.id: PointDist(tuple([1.0 / k] * k))}
    result = pool(model, [None, one])
    pooled = result.values[multi.id]
    assert isinstance(pooled, PointDist)
    expected = (np.array(multi.means()) + 1.0 / k) / 2
    np.testing.assert_allclose(pooled.values, expected, atol=1e-15)


def test_pooled_profile_writes_a_valid_credence_file() -> None:
    model, profiles = _profiles()
    result = pool(model, profiles, method="log")
    text = credence_template(model, result.values, author="group pool")
    loaded = load_credences_text(text, model)
    for pid, value in result.values.items():
        assert loaded.values[pid] == value


def test_bad_input() -> None:
    model, profiles = _profiles()
    with pytest.raises(ArgmapError, match="two or more") as err:
        pool(model, profiles[:1])
    assert err.value.codes == ("bad-value",) and err.value.problems[0].argument == "profiles"
    with pytest.raises(ArgmapError, match="3 weights") as err:
        pool(model, profiles, weights=[1, 2])
    assert err.value.codes == ("bad-value",) and err.value.problems[0].argument == "weights"
    with pytest.raises(ArgmapError, match="non-negative") as err:
        pool(model, profiles, weights=[1, -1, 1])
    assert err.value.codes == ("out-of-range",)
    with pytest.raises(ArgmapError, match="unknown method") as err:
        pool(model, profiles, method="median")  # type: ignore[arg-type]
    assert err.value.codes == ("bad-value",) and err.value.problems[0].argument == "method"
    with pytest.raises(ArgmapError) as err:
        pool(model, profiles, labels=["one"])
    assert err.value.codes == ("bad-value",) and err.value.problems[0].argument == "labels"
