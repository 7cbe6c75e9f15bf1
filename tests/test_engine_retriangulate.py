"""A junction tree per set of observed variables (issue 14): the sliced tables triangulated
anew, as if the observed and set variables were not in the network.

The re-triangulated path is forced here (every set of observed variables gets a tree of its
own, whatever the estimates say) and checked against the unsliced path (the same observations
as one-hot soft evidence on the compiled tree) and against brute force.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap import _contraction as _ct
from argmap import _junction_tree as _jt
from argmap import _programs, _schedule, engine
from argmap.engine import CompiledNetwork, ImpossibleEvidenceError, Structure, compile_structure
from tests.test_engine import brute_force, queries, random_tables
from tests.test_engine_evidence import check_against_brute_force, check_against_one_hot

FIXTURE = [HealthCheck.function_scoped_fixture]


@pytest.fixture
def rebuild(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Slice every tree, and give every set of observed variables a tree of its own."""
    monkeypatch.setattr(engine, "_SLICE_FROM", 0)
    monkeypatch.setattr(_programs, "REBUILD_BELOW", float("inf"))
    engine._compile.cache_clear()
    yield
    engine._compile.cache_clear()


def ring(k: int) -> Structure:
    """Binary X0 -> X1 -> ... -> X(k-1), and X0 -> X(k-1): a moral graph that is one cycle."""
    parents = [()] + [(i - 1,) for i in range(1, k - 1)] + [(0, k - 2)]
    return Structure((2,) * k, tuple(parents))


def _tree_of(net: CompiledNetwork, fixed: tuple[int, ...]) -> int:
    """The number of cliques of the program for ``fixed`` observed variables."""
    return net._program(fixed, ())[0].cliques


@settings(max_examples=80, deadline=None, suppress_health_check=FIXTURE)
@given(q=queries(sizes=(2, 12)), batch=st.sampled_from([None, 3]), soft=st.booleans())
def test_retriangulated_equals_one_hot_soft_evidence(
    rebuild: None, q: dict[str, Any], batch: int | None, soft: bool
) -> None:
    check_against_one_hot(q, batch, soft)


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE)
@given(q=queries(sizes=(2, 9)))
def test_retriangulated_matches_brute_force(rebuild: None, q: dict[str, Any]) -> None:
    check_against_brute_force(q)


def test_observing_a_ring_leaves_a_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    """Observing one variable of a ring: the rest is a chain (and the last variable's family),
    whose own tree has cliques of two variables (and that family), cheaper than the ring's tree
    (cliques of three) without it: so it is chosen under the default threshold, and its results
    equal those of the compiled tree."""
    monkeypatch.setattr(engine, "_SLICE_FROM", 0)
    k = 12
    net = CompiledNetwork(ring(k))
    assert max(len(c) for c in net._tree.cliques) == 3
    program, _ = net._program((k // 2,), ())
    assert program.cliques != len(net._tree.cliques)
    triangle = {0, k - 2, k - 1}  # the last variable's family
    assert all(len(s) <= 2 or set(s) == triangle for op in program.ops for s in op.spec.scopes)
    tables = random_tables(np.random.default_rng(1), ring(k))
    fast = net.posterior(tables, evidence={k // 2: 1})
    monkeypatch.setattr(_programs, "REBUILD_BELOW", 0.0)  # never: the compiled tree, sliced
    same = CompiledNetwork(ring(k))
    assert _tree_of(same, (k // 2,)) == len(same._tree.cliques)
    slow = same.posterior(tables, evidence={k // 2: 1})
    for a, b in zip(fast.marginals, slow.marginals, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-12)
    assert fast.evidence_probability == pytest.approx(slow.evidence_probability, rel=1e-12)


def test_a_tree_of_its_own_only_when_estimated_cheaper(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tree of the sliced tables is used iff its estimated cost is below the threshold
    times the compiled tree's without the observed variables (on a ring, observing breaks the
    loop: it is; on a chain, it stays a chain: it is not)."""
    monkeypatch.setattr(engine, "_SLICE_FROM", 0)
    chain = Structure((2,) * 10, ((),) + tuple((i,) for i in range(9)))
    seen = set()
    for structure, fixed in ((ring(10), (0,)), (ring(10), (3,)), (ring(10), (0, 5)),
                             (ring(10), (2, 3, 4)), (chain, (4,)), (chain, (9,))):
        net = CompiledNetwork(structure)
        cards = structure.cards
        scopes = [tuple(u for u in (*pa, i) if u not in fixed)
                  for i, pa in enumerate(structure.parents)]
        own = _jt.build_reduced_junction_tree(cards, scopes, fixed)
        assert own is not None
        same = _jt.size(net._tree, cards, scopes, fixed).cost
        cheaper = _jt.size(own, cards, scopes).cost < _programs.REBUILD_BELOW * same
        cost = functools.partial(_ct.cost, cards=cards)
        expected = (
            _schedule.schedule(own, cards, scopes, fixed, cost=cost) if cheaper
            else _schedule.schedule(net._tree, cards, scopes, fixed, cost=cost, hugin=net._hugin)
        )
        assert net._program(fixed, ())[0] == expected
        seen.add(cheaper)
    assert seen == {True, False}


def test_every_variable_observed_keeps_the_compiled_tree(rebuild: None) -> None:
    structure = ring(5)
    tables = random_tables(np.random.default_rng(2), structure)
    net = compile_structure(structure)
    evidence = {v: 0 for v in range(5)}
    post = net.posterior(tables, evidence=evidence)
    assert _tree_of(net, tuple(range(5))) == len(net._tree.cliques)
    _, total = brute_force(structure, tables, evidence, {})
    assert post.evidence_probability == pytest.approx(total, rel=1e-12)


def test_impossible_evidence_on_a_tree_of_its_own(rebuild: None) -> None:
    structure = Structure((2, 2, 2), ((), (0,), (0, 1)))
    tables = [np.array([0.5, 0.5]), np.array([[1.0, 0.0], [0.3, 0.7]]),
              np.full((2, 2, 2), 0.5)]
    with pytest.raises(ImpossibleEvidenceError):
        compile_structure(structure).posterior(tables, evidence={0: 0, 1: 1})
