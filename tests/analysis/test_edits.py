"""`edit_effects`: each edit's effect is the target's change when that one edit is undone,
checked one query at a time against `marginals`."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import argmap
from argmap import Beta, Point, load_credences, load_model
from argmap.analysis import edit_effects

ROOT = Path(__file__).resolve().parents[2]
SCHEMING = ROOT / "models" / "scheming.yaml"


def _own(model: argmap.Model) -> dict[str, argmap.Value]:
    return {pid: p.value for pid, p in model.parameters.items()}


def test_no_edit_no_effects() -> None:
    model = load_model(SCHEMING)
    effects = edit_effects(model, _own(model), _own(model))
    assert effects.edits == () and effects.now == effects.baseline


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_each_effect_is_one_revert(data: st.DataObject) -> None:
    model = load_model(SCHEMING)
    profile = load_credences(ROOT / "models" / "credences" / "carlsmith.yaml", model)
    base = {**_own(model), **profile.values}
    scalars = [pid for pid, p in model.parameters.items() if len(p.states) == 2]
    picked = data.draw(st.lists(st.sampled_from(scalars), min_size=1, max_size=4, unique=True))
    mine = dict(base)
    for pid in picked:
        x = data.draw(st.floats(0.01, 0.99))
        mine[pid] = Point(x) if data.draw(st.booleans()) else Beta(10 * x, 10 * (1 - x))
    given_ = argmap.headline_context(model).evidence
    effects = edit_effects(model, mine, base, evidence=given_)
    claim, index = model.output
    state = model.claims[claim].states[index]
    now = argmap.marginals(model, mine, evidence=given_).p(claim, state)
    assert effects.now == pytest.approx(now, abs=1e-12)
    assert effects.baseline == pytest.approx(
        argmap.marginals(model, base, evidence=given_).p(claim, state), abs=1e-12
    )
    changed = {pid for pid in picked if mine[pid] != base[pid]}
    assert {e.parameter for e in effects.edits} == changed
    for e in effects.edits:
        undone = {**mine, e.parameter: base[e.parameter]}
        without = argmap.marginals(model, undone, evidence=given_).p(claim, state)
        assert e.without == pytest.approx(without, abs=1e-12)
        assert e.effect == pytest.approx(now - without, abs=1e-12)
        assert e.claim == model.parameters[e.parameter].claim
    assert [abs(e.effect) for e in effects.edits] == sorted(
        (abs(e.effect) for e in effects.edits), reverse=True
    )


def test_a_multi_state_edit_is_reverted_whole() -> None:
    model = load_model(SCHEMING)
    pid = next(pid for pid, p in model.parameters.items() if len(p.states) > 2)
    k = len(model.parameters[pid].states)
    mine = {**_own(model), pid: argmap.PointDist(tuple([1.0 / k] * k))}
    effects = edit_effects(model, mine, _own(model))
    assert [e.parameter for e in effects.edits] == [pid]
    assert effects.edits[0].without == pytest.approx(effects.baseline, abs=1e-12)
