"""Incremental marginals: tables kept per model and rebuilt only when their values change give
the same tables and the same results, bit for bit, as building everything from scratch."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap import tables as tables_module
from argmap.inference import run
from argmap.tables import build_tables, memo, point_tables, point_values
from argmap.values import Beta, Dirichlet, Interval, Point, PointDist, Value
from tests.support.random_models import random_model

EXAMPLES = ["models/examples/sprinkler.yaml", "models/scheming.yaml"]


def reference(
    model: argmap.Model, overrides: dict[str, Value], evidence: dict[str, str]
) -> tuple[dict[str, dict[str, str]], str]:
    """Marginals as ``argmap.marginals`` computed them before the memo (every table built,
    every number clamped one by one), as hex: equal text means equal bits."""
    posterior = run(model, build_tables(model, point_values(model, overrides)),
                    evidence=evidence)  # fmt: skip
    dists = {
        cid: {s: min(1.0, max(0.0, float(x))).hex()
              for s, x in zip(claim.states, posterior.marginals[i], strict=True)}
        for i, (cid, claim) in enumerate(model.claims.items())
    }  # fmt: skip
    return dists, float(np.asarray(posterior.evidence_probability)).hex()


def as_hex(result: argmap.Result) -> tuple[dict[str, dict[str, str]], str]:
    dists = {c: {s: float(p).hex() for s, p in d.items()} for c, d in result.distributions.items()}
    return dists, float(result.evidence_probability).hex()


def same_tables(got: list[np.ndarray], want: list[np.ndarray]) -> bool:
    return len(got) == len(want) and all(
        g.shape == w.shape and g.dtype == w.dtype and g.tobytes() == w.tobytes()
        for g, w in zip(got, want, strict=True)
    )


@st.composite
def a_value(draw: Any, param: argmap.Parameter) -> Value:
    """A random value of the parameter's kind (every form the files can write)."""
    unit = st.floats(0.0, 1.0, allow_nan=False)
    if param.is_scalar:
        kind = draw(st.sampled_from(["point", "beta", "interval"]))
        if kind == "point":
            return Point(draw(unit))
        if kind == "beta":
            return Beta(draw(st.floats(0.5, 20)), draw(st.floats(0.5, 20)))
        lo = draw(unit)
        return Interval(lo, draw(st.floats(lo, 1.0)))
    k = len(param.states)
    weights = draw(st.lists(st.integers(1, 9), min_size=k, max_size=k))
    if draw(st.booleans()):
        return Dirichlet(tuple(float(w) for w in weights))
    return PointDist(tuple(w / sum(weights) for w in weights))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(2, 9), data=st.data())
def test_random_edit_sequences_match_a_full_rebuild(seed: int, n: int, data: Any) -> None:
    model = random_model(seed, n)
    params = list(model.parameters.values())
    overrides: dict[str, Value] = {}
    history: list[dict[str, Value]] = [{}]
    for _ in range(data.draw(st.integers(1, 12), label="edits")):
        move = data.draw(st.sampled_from(["set", "set", "set", "back", "reset"]), label="move")
        if move == "set" and params:
            param = data.draw(st.sampled_from(params), label="param")
            overrides = {**overrides, param.id: data.draw(a_value(param), label="value")}
        elif move == "back":  # values seen before: kept tables come back
            overrides = dict(data.draw(st.sampled_from(history), label="earlier"))
        else:
            overrides = {}
        history.append(overrides)
        assert same_tables(point_tables(model, overrides),
                           build_tables(model, point_values(model, overrides)))  # fmt: skip
        claim = data.draw(st.sampled_from([None, *model.claims]), label="observed")
        evidence = {} if claim is None else {claim: model.claims[claim].states[0]}
        try:
            want = reference(model, overrides, evidence)
        except argmap.ImpossibleEvidenceError:
            with pytest.raises(argmap.ImpossibleEvidenceError):
                argmap.marginals(model, overrides, evidence=evidence)
            continue
        assert as_hex(argmap.marginals(model, overrides, evidence=evidence)) == want


@pytest.mark.parametrize("path", EXAMPLES)
def test_shipped_models_match_a_full_rebuild(path: str) -> None:
    model = argmap.load_model(path)
    pid = next(iter(model.parameters))
    for value in (Point(0.2), Point(0.9), Point(0.2)):
        assert as_hex(argmap.marginals(model, {pid: value})) == reference(model, {pid: value}, {})


def test_one_edit_rebuilds_the_tables_that_read_it_and_no_other() -> None:
    model = argmap.load_model("models/scheming.yaml")
    param = next(p for p in model.parameters.values() if p.is_scalar)
    before = point_tables(model)
    after = point_tables(model, {param.id: Point(0.123)})
    changed = [cid for cid, a, b in zip(model.claims, before, after, strict=True) if a is not b]
    assert changed == [param.claim]
    assert point_tables(model)[list(model.claims).index(param.claim)] is before[
        list(model.claims).index(param.claim)]  # the profile's table was kept  # fmt: skip


def test_kept_tables_are_read_only() -> None:
    model = argmap.load_model("models/examples/sprinkler.yaml")
    table = point_tables(model)[0]
    with pytest.raises(ValueError, match="read-only"):
        table[0] = 0.5


def test_only_the_last_few_tables_are_kept_per_claim() -> None:
    model = argmap.load_model("models/examples/sprinkler.yaml")
    first = next(iter(model.parameters))
    for i in range(3 * tables_module.KEEP):
        point_tables(model, {first: Point(i / 100)})
    assert max(len(b) for b in memo(model).built) == tables_module.KEEP


def test_an_unhashable_value_is_built_every_time() -> None:
    model = argmap.load_model("models/examples/sprinkler.yaml")
    pid = next(iter(model.parameters))

    class Unhashable(Point):
        __hash__ = None  # type: ignore[assignment]

    overrides = {pid: Unhashable(0.3)}
    got = point_tables(model, overrides)  # type: ignore[arg-type]
    assert same_tables(got, build_tables(model, point_values(model, {pid: Point(0.3)})))


def test_a_collected_model_takes_its_memo_with_it() -> None:
    model = argmap.load_model("models/examples/sprinkler.yaml")
    argmap.marginals(model)
    ref = weakref.ref(memo(model))
    del model
    gc.collect()
    assert ref() is None


def test_equal_values_share_a_table_whatever_object_holds_them() -> None:
    model = argmap.load_model("models/examples/sprinkler.yaml")
    pid = next(iter(model.parameters))
    a = point_tables(model, {pid: Point(0.25)})
    b = point_tables(model, dict({pid: Point(0.25)}))
    assert all(x is y for x, y in zip(a, b, strict=True))
