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
from argmap import _schedule, engine
from argmap.engine import CompiledNetwork, ImpossibleEvidenceError, Structure, compile_structure
from tests.test_engine import brute_force, mutilate, queries, random_tables

FIXTURE = [HealthCheck.function_scoped_fixture]


@pytest.fixture
def rebuild(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Slice every tree, and give every set of observed variables a tree of its own."""
    monkeypatch.setattr(engine, "_SLICE_FROM", 0)
    monkeypatch.setattr(engine, "_REBUILD_BELOW", float("inf"))
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
    structure, evidence, do = q["structure"], q["evidence"], q["do"]
    rng: np.random.Generator = q["rng"]
    tables = q["tables"]
    if batch is not None:  # some tables batched, some not
        batched = random_tables(rng, structure, batch)
        tables = [b if rng.random() < 0.5 else t for b, t in zip(batched, tables, strict=True)]
    likelihoods = {}
    if soft:
        v = int(rng.integers(len(structure.cards)))
        likelihoods[v] = rng.uniform(0.1, 2.0, size=structure.cards[v])
    net = compile_structure(structure)
    try:
        fast = net.posterior(tables, evidence=evidence, likelihoods=likelihoods, do=do)
    except ImpossibleEvidenceError:
        return
    hard = {v: np.eye(structure.cards[v])[s] for v, s in evidence.items()}
    for v, vec in likelihoods.items():
        hard[v] = hard.get(v, 1.0) * vec
    cut, cut_tables = mutilate(structure, tables, do)
    whole = compile_structure(cut).posterior(cut_tables, likelihoods=hard)  # the compiled tree
    for v, (a, b) in enumerate(zip(fast.marginals, whole.marginals, strict=True)):
        assert a.shape == b.shape or (batch is not None and b.ndim == 1), v
        np.testing.assert_allclose(a, np.broadcast_to(b.T, a.T.shape).T, atol=1e-12)
    prob = np.asarray(fast.evidence_probability)
    np.testing.assert_allclose(prob, np.broadcast_to(whole.evidence_probability, prob.shape),
                               rtol=1e-10)


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE)
@given(q=queries(sizes=(2, 9)))
def test_retriangulated_matches_brute_force(rebuild: None, q: dict[str, Any]) -> None:
    structure, tables, evidence, do = q["structure"], q["tables"], q["evidence"], q["do"]
    rng: np.random.Generator = q["rng"]
    v = int(rng.integers(len(structure.cards)))
    likelihoods = {v: rng.uniform(0.1, 2.0, size=structure.cards[v])}
    post = compile_structure(structure).posterior(
        tables, evidence=evidence, likelihoods=likelihoods, do=do
    )
    cut, cut_tables = mutilate(structure, tables, do)
    brute, total = brute_force(cut, cut_tables, evidence, likelihoods)
    for a, b in zip(post.marginals, brute, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-12)
    assert post.evidence_probability == pytest.approx(total, rel=1e-10)


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
    monkeypatch.setattr(engine, "_REBUILD_BELOW", 0.0)  # never: the compiled tree, sliced
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
        cheaper = _jt.size(own, cards, scopes).cost < engine._REBUILD_BELOW * same
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
