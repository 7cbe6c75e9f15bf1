"""Coherence: stated marginals against the marginals the tables imply, hand-computed."""

from __future__ import annotations

import pytest

from argmap.analysis import Coherence, coherence
from argmap.errors import InputError
from argmap.loading import load_model_text
from argmap.values import Point

# a -> b -> c, a three-state d under a.
#   P(a) = 0.3
#   P(b) = 0.3 * 0.9 + 0.7 * 0.2 = 0.41
#   P(c) = 0.41 * 0.5 + 0.59 * 0.1 = 0.264
#   P(d) = 0.3 * (0.6, 0.3, 0.1) + 0.7 * (0.1, 0.2, 0.7) = (0.25, 0.23, 0.52)
CHAIN = """
id: chain
title: Chain
claims:
  a: {statement: A., prior: 0.3, stated: {p: 0.3}}
  b:
    statement: B.
    parents: [a]
    table: [{when: {a: true}, p: 0.9}, {when: {a: false}, p: 0.2}]
    stated: {p: 0.41, source: "report, section 2"}
  c:
    statement: C.
    parents: [b]
    table: [{when: {b: true}, p: 0.5}, {when: {b: false}, p: 0.1}]
    stated: {p: 0.3, source: "report, section 6"}
  d:
    statement: D.
    states: [low, mid, high]
    parents: [a]
    table:
      - {when: {a: true}, p: {low: 0.6, mid: 0.3, high: 0.1}}
      - {when: {a: false}, p: {low: 0.1, mid: 0.2, high: 0.7}}
    stated: {p: {low: 0.25, mid: 0.25, high: 0.5}}
  e: {statement: E., parents: [a], logic: not}
"""


def test_each_stated_marginal_against_the_hand_computed_one() -> None:
    result = coherence(load_model_text(CHAIN, "chain.yaml"))
    assert [r.claim for r in result.claims] == ["a", "b", "c", "d"]  # e states nothing
    a, b, c, d = result.claims
    assert a.difference == pytest.approx(0, abs=1e-12) and not a.exceeds
    assert b.implied == pytest.approx((0.41, 0.59), abs=1e-12) and not b.exceeds
    assert b.source == "report, section 2"
    assert c.stated == (0.3, 0.7)
    assert c.implied == pytest.approx((0.264, 0.736), abs=1e-12)
    assert c.difference == pytest.approx(0.036, abs=1e-12) and c.exceeds
    assert d.implied == pytest.approx((0.25, 0.23, 0.52), abs=1e-12)
    assert d.difference == pytest.approx(0.02, abs=1e-12) and d.exceeds
    assert [r.claim for r in result.incoherent] == ["c", "d"] and not result.coherent


def test_tolerance_decides_what_exceeds() -> None:
    model = load_model_text(CHAIN, "chain.yaml")
    assert [r.claim for r in coherence(model, tolerance=0.03).incoherent] == ["c"]
    assert coherence(model, tolerance=0.036).coherent  # exactly the difference: agrees
    with pytest.raises(InputError) as err:
        coherence(model, tolerance=1.5)
    assert err.value.codes == ("out-of-range",) and err.value.problems[0].argument == "tolerance"


def test_credences_move_the_implied_marginal_not_the_stated_one() -> None:
    model = load_model_text(CHAIN, "chain.yaml")
    result = coherence(model, {"a": Point(0.5)})  # P(b) = 0.5 * 0.9 + 0.5 * 0.2 = 0.55
    b = result.claims[1]
    assert b.stated == pytest.approx((0.41, 0.59))
    assert b.implied == pytest.approx((0.55, 0.45), abs=1e-12)
    assert result.claims[0].exceeds  # a's stated 0.3 against the credence 0.5


def test_to_dict_and_a_model_without_stated_marginals() -> None:
    data = coherence(load_model_text(CHAIN, "chain.yaml")).to_dict()
    assert data["model"] == "chain" and data["coherent"] is False
    assert data["claims"][2]["stated"] == {"true": 0.3, "false": 0.7}
    assert data["claims"][2]["source"] == "report, section 6"
    plain = "id: p\ntitle: P\nclaims:\n  a: {statement: A., prior: 0.3}\n"
    empty = coherence(load_model_text(plain, "p.yaml"))
    assert isinstance(empty, Coherence) and empty.claims == () and empty.coherent


def test_a_bad_stated_marginal_is_a_located_problem() -> None:
    text = CHAIN.replace("{low: 0.25, mid: 0.25, high: 0.5}", "{low: 0.25, mid: 0.25, high: 0.4}")
    text = text.replace('stated: {p: 0.41, source: "report, section 2"}', "stated: {p: 1.4}")
    with pytest.raises(InputError) as err:
        load_model_text(text, "chain.yaml")
    found = {(p.line, p.code) for p in err.value.problems}
    assert (10, "out-of-range") in found and (23, "sum") in found
    with pytest.raises(InputError, match="unknown key 'sorce'"):
        load_model_text(CHAIN.replace("source: \"report, section 2\"", "sorce: x"), "c.yaml")
