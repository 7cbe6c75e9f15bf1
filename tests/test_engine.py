"""Tests for argmap.engine: exact marginals checked against pgmpy, by hand and by brute force."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from argmap import _contraction
from argmap._junction_tree import build_junction_tree
from argmap.engine import (
    CompiledNetwork,
    ImpossibleEvidenceError,
    Structure,
    compile_structure,
)

Tables = list[NDArray[np.float64]]
TOL = 1e-9
PGMPY = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


# ---------------------------------------------------------------------------------------------
# Helpers: random networks, forward sampling, brute force, pgmpy reference


def random_network(
    rng: np.random.Generator, n: int, max_card: int = 4, max_parents: int = 3
) -> tuple[Structure, Tables]:
    """A random DAG whose variable indices are *not* in topological order."""
    order = rng.permutation(n)  # order[k] is the k-th variable in a topological order
    cards = tuple(int(c) for c in rng.integers(2, max_card + 1, size=n))
    parents: list[tuple[int, ...]] = [()] * n
    for k in range(1, n):
        size = int(rng.integers(0, min(k, max_parents) + 1))
        chosen = rng.choice(k, size=size, replace=False)
        parents[order[k]] = tuple(int(order[j]) for j in chosen)
    structure = Structure(cards, tuple(parents))
    return structure, random_tables(rng, structure)


def random_tables(
    rng: np.random.Generator, structure: Structure, batch: int | None = None
) -> Tables:
    tables = []
    for card, pa in zip(structure.cards, structure.parents, strict=True):
        shape = (*(structure.cards[p] for p in pa), card)
        t = rng.dirichlet(np.ones(card), size=shape[:-1] + (() if batch is None else (batch,)))
        tables.append(t if batch is None else np.moveaxis(t, -2, -1))
    return tables


def topological(structure: Structure) -> list[int]:
    done: list[int] = []
    while len(done) < len(structure.cards):
        done += [
            i
            for i, pa in enumerate(structure.parents)
            if i not in done and all(p in done for p in pa)
        ]
    return done


def forward_sample(
    rng: np.random.Generator, structure: Structure, tables: Tables, do: Mapping[int, int]
) -> list[int]:
    state = [0] * len(structure.cards)
    for i in topological(structure):
        if i in do:
            state[i] = do[i]
            continue
        row = tables[i][tuple(state[p] for p in structure.parents[i])]
        state[i] = int(rng.choice(len(row), p=row / row.sum()))
    return state


def mutilate(
    structure: Structure, tables: Tables, do: Mapping[int, int]
) -> tuple[Structure, Tables]:
    """Graph surgery: intervened variables lose their parents and get a one-hot prior."""
    parents = list(structure.parents)
    tables = list(tables)
    for v, s in do.items():
        parents[v] = ()
        tables[v] = np.eye(structure.cards[v])[s]
    return Structure(structure.cards, tuple(parents)), tables


def brute_force(
    structure: Structure,
    tables: Tables,
    evidence: Mapping[int, int] | None = None,
    likelihoods: Mapping[int, NDArray[np.float64]] | None = None,
) -> tuple[list[NDArray[np.float64]], float]:
    """Marginals and P(evidence) by summing the full joint (small networks only)."""
    n = len(structure.cards)
    joint = np.ones(structure.cards)
    for i, pa in enumerate(structure.parents):
        joint = joint * _expand(tables[i], (*pa, i), n)
    for v, s in (evidence or {}).items():
        joint = joint * _expand(np.eye(structure.cards[v])[s], (v,), n)
    for v, vec in (likelihoods or {}).items():
        joint = joint * _expand(vec, (v,), n)
    total = float(joint.sum())
    margs = [joint.sum(axis=tuple(k for k in range(n) if k != v)) / total for v in range(n)]
    return margs, total


def _expand(table: NDArray[np.float64], axes: Sequence[int], n: int) -> NDArray[np.float64]:
    """Broadcast ``table`` (axes over variables ``axes``) to an n-dimensional joint."""
    order = np.argsort(axes)
    shape = [1] * n
    for ax, v in enumerate(axes):
        shape[v] = table.shape[ax]
    return np.transpose(table, order).reshape(shape)


@pytest.fixture(scope="module")
def pgmpy() -> SimpleNamespace:
    """pgmpy imported once (it takes seconds), with helpers building the reference answer."""
    import logging

    from pgmpy.inference import VariableElimination

    logging.getLogger("pgmpy").setLevel(logging.ERROR)

    def model(structure: Structure, tables: Tables) -> Any:
        from argmap.interchange import structure_to_pgmpy

        return structure_to_pgmpy(structure, tables, [f"X{i}" for i in range(len(structure.cards))])

    def posterior(
        bn: Any, evidence: Mapping[int, int], skip: Sequence[int] = ()
    ) -> tuple[list[NDArray[np.float64] | None], float]:
        ve = VariableElimination(bn)
        ev = {f"X{v}": s for v, s in evidence.items()}
        margs: list[NDArray[np.float64] | None] = []
        for v in range(len(bn.nodes())):
            if v in evidence or v in skip:
                margs.append(None)
                continue
            f = ve.query([f"X{v}"], evidence=ev, show_progress=False)
            margs.append(np.array([f.get_value(**{f"X{v}": s}) for s in range(len(f.values))]))
        if not evidence:
            return margs, 1.0
        f = ve.query(list(ev), joint=True, show_progress=False)
        return margs, float(f.get_value(**ev))

    return SimpleNamespace(model=model, posterior=posterior)


def assert_matches(
    post: Any, reference: Sequence[NDArray[np.float64] | None], prob: float, tol: float = TOL
) -> None:
    for v, (ours, theirs) in enumerate(zip(post.marginals, reference, strict=True)):
        assert np.all(np.isfinite(ours))
        assert ours.sum() == pytest.approx(1.0, abs=1e-12)
        if theirs is not None:
            np.testing.assert_allclose(ours, theirs, atol=tol, rtol=0, err_msg=f"variable {v}")
    assert post.evidence_probability == pytest.approx(prob, rel=1e-9, abs=1e-300)


# ---------------------------------------------------------------------------------------------
# Cases worked out by hand


def test_bayes_rule_by_hand() -> None:
    # Disease D: P(D=1) = 0.01. Test T: P(T=1 | D=1) = 0.9, P(T=1 | D=0) = 0.05.
    # P(T=1) = 0.01 * 0.9 + 0.99 * 0.05 = 0.009 + 0.0495 = 0.0585
    # P(D=1 | T=1) = 0.009 / 0.0585 = 0.153846...  (= 2/13)
    net = compile_structure(Structure((2, 2), ((), (0,))))
    tables = [np.array([0.99, 0.01]), np.array([[0.95, 0.05], [0.1, 0.9]])]
    post = net.posterior(tables, evidence={1: 1})
    np.testing.assert_allclose(post.marginals[0], [11 / 13, 2 / 13], rtol=1e-14)
    np.testing.assert_array_equal(post.marginals[1], [0.0, 1.0])
    assert post.evidence_probability == pytest.approx(0.0585, rel=1e-14)
    # No evidence: P(T=1) = 0.0585 again, and P(evidence) = 1.
    post = net.posterior(tables)
    np.testing.assert_allclose(post.marginals[1], [0.9415, 0.0585], rtol=1e-14)
    assert post.evidence_probability == pytest.approx(1.0, rel=1e-14)


def test_explaining_away_by_hand() -> None:
    # Burglary B (0.1) and earthquake E (0.2) both set off the alarm A = B or E (deterministic).
    # P(A=1) = 1 - 0.9 * 0.8 = 0.28;  P(B=1 | A=1) = 0.1 / 0.28 = 5/14.
    # Learning E=1 explains the alarm away: P(B=1 | A=1, E=1) = P(B=1) = 0.1,
    # and P(A=1, E=1) = 0.2.  Under do(A=1) the causes keep their priors.
    net = compile_structure(Structure((2, 2, 2), ((), (), (0, 1))))
    alarm = np.zeros((2, 2, 2))
    alarm[0, 0] = [1.0, 0.0]
    alarm[0, 1] = alarm[1, 0] = alarm[1, 1] = [0.0, 1.0]
    tables = [np.array([0.9, 0.1]), np.array([0.8, 0.2]), alarm]
    post = net.posterior(tables, evidence={2: 1})
    np.testing.assert_allclose(post.marginals[0], [9 / 14, 5 / 14], rtol=1e-14)
    assert post.evidence_probability == pytest.approx(0.28, rel=1e-14)
    post = net.posterior(tables, evidence={2: 1, 1: 1})
    np.testing.assert_allclose(post.marginals[0], [0.9, 0.1], rtol=1e-14)
    assert post.evidence_probability == pytest.approx(0.2, rel=1e-14)
    post = net.posterior(tables, do={2: 1})
    np.testing.assert_allclose(post.marginals[0], [0.9, 0.1], rtol=1e-14)
    np.testing.assert_array_equal(post.marginals[2], [0.0, 1.0])
    assert post.evidence_probability == pytest.approx(1.0, rel=1e-14)


def test_soft_evidence_by_hand() -> None:
    # Prior P(X) = (0.5, 0.5); a witness three times as likely to speak if X=1:
    # posterior = (0.5 * 1, 0.5 * 3) / 2 = (0.25, 0.75); "P(evidence)" = 0.5 + 1.5 = 2.
    net = compile_structure(Structure((2,), ((),)))
    post = net.posterior([np.array([0.5, 0.5])], likelihoods={0: np.array([1.0, 3.0])})
    np.testing.assert_allclose(post.marginals[0], [0.25, 0.75], rtol=1e-14)
    assert post.evidence_probability == pytest.approx(2.0, rel=1e-14)


# ---------------------------------------------------------------------------------------------
# Small named networks against pgmpy

CHAIN = Structure((2, 3, 2, 2), ((), (0,), (1,), (2,)))
V_STRUCTURE = Structure((2, 2, 3), ((), (), (0, 1)))
DIAMOND = Structure((2, 3, 2, 2, 2), ((), (0,), (0,), (1, 2), (3,)))  # a loop: needs fill-in
NETWORKS = {"chain": CHAIN, "v-structure": V_STRUCTURE, "diamond": DIAMOND}


@pytest.mark.parametrize("name", NETWORKS)
def test_named_networks_match_pgmpy(pgmpy: SimpleNamespace, name: str) -> None:
    structure = NETWORKS[name]
    rng = np.random.default_rng(7)
    tables = random_tables(rng, structure)
    bn = pgmpy.model(structure, tables)
    net = compile_structure(structure)
    last = len(structure.cards) - 1
    for evidence in ({}, {last: 1}, {0: 1, last: 0}, {1: 2} if structure.cards[1] > 2 else {1: 1}):
        post = net.posterior(tables, evidence=evidence)
        margs, prob = pgmpy.posterior(bn, evidence)
        assert_matches(post, margs, prob)
        brute, total = brute_force(structure, tables, evidence)
        assert_matches(post, brute, total, tol=1e-12)


def test_v_structure_explains_away(pgmpy: SimpleNamespace) -> None:
    net = compile_structure(V_STRUCTURE)
    tables = random_tables(np.random.default_rng(3), V_STRUCTURE)
    alone = net.posterior(tables, evidence={2: 0}).marginals[0]
    with_other = net.posterior(tables, evidence={2: 0, 1: 1}).marginals[0]
    prior = net.posterior(tables).marginals[0]
    assert not np.allclose(alone, prior) and not np.allclose(with_other, alone)
    margs, _ = pgmpy.posterior(pgmpy.model(V_STRUCTURE, tables), {2: 0, 1: 1})
    np.testing.assert_allclose(with_other, margs[0], atol=TOL)


def from_pgmpy(model: Any) -> tuple[Structure, Tables]:
    """(Structure, tables) of a pgmpy network: variables in ``model.nodes()`` order."""
    names = list(model.nodes())
    cards, parents, tables = [], [], []
    for name in names:
        cpd = model.get_cpds(name)  # values: (card, *parent cards), parents in cpd.variables[1:]
        cards.append(int(cpd.cardinality[0]))
        parents.append(tuple(names.index(p) for p in cpd.variables[1:]))
        tables.append(np.moveaxis(np.asarray(cpd.values, dtype=np.float64), 0, -1))
    return Structure(tuple(cards), tuple(parents)), tables


@pytest.mark.parametrize("name", ["asia", "child", "alarm"])
def test_bnlearn_networks_match_pgmpy(pgmpy: SimpleNamespace, name: str) -> None:
    import warnings

    from pgmpy.utils import get_example_model

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        structure, tables = from_pgmpy(get_example_model(name))
    # alarm's rows sum to 1 only within 1e-7, and pgmpy prunes barren nodes while we normalise
    # the whole joint: the answers then differ by ~5e-9. Renormalised, both are exact.
    tables = [t / t.sum(axis=-1, keepdims=True) for t in tables]
    rng = np.random.default_rng(len(name))
    state = forward_sample(rng, structure, tables, {})
    evidence = {int(v): state[v] for v in rng.choice(len(state), size=3, replace=False)}
    post = compile_structure(structure).posterior(tables, evidence=evidence)
    margs, prob = pgmpy.posterior(pgmpy.model(structure, tables), evidence)
    assert_matches(post, margs, prob)


# ---------------------------------------------------------------------------------------------
# Random networks (hypothesis) against pgmpy


@st.composite
def queries(draw: st.DrawFn, sizes: tuple[int, int] = (10, 15)) -> dict[str, Any]:
    seed = draw(st.integers(0, 2**32 - 1))
    n = draw(st.integers(*sizes))
    n_obs = draw(st.integers(0, 4))
    n_do = draw(st.integers(0, 2))
    rng = np.random.default_rng(seed)
    structure, tables = random_network(rng, n)
    do_vars = rng.choice(n, size=min(n_do, n), replace=False).tolist()
    do = {int(v): int(rng.integers(structure.cards[v])) for v in do_vars}
    state = forward_sample(rng, structure, tables, do)  # so that P(evidence) > 0
    others = [v for v in range(n) if v not in do]
    observed = rng.choice(others, size=min(n_obs, len(others)), replace=False).tolist()
    evidence = {int(v): state[v] for v in observed}
    return {"structure": structure, "tables": tables, "evidence": evidence, "do": do, "rng": rng}


@PGMPY
@given(q=queries())
def test_random_networks_match_pgmpy(pgmpy: SimpleNamespace, q: dict[str, Any]) -> None:
    structure, tables, evidence, do = q["structure"], q["tables"], q["evidence"], q["do"]
    post = compile_structure(structure).posterior(tables, evidence=evidence, do=do)
    # The reference: pgmpy on the network after graph surgery (one-hot tables for do()).
    cut, cut_tables = mutilate(structure, tables, do)
    margs, prob = pgmpy.posterior(pgmpy.model(cut, cut_tables), evidence, skip=list(do))
    assert_matches(post, margs, prob)
    for v, s in do.items():
        np.testing.assert_array_equal(post.marginals[v], np.eye(structure.cards[v])[s])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=queries(sizes=(6, 10)))
def test_do_matches_pgmpy_do(pgmpy: SimpleNamespace, q: dict[str, Any]) -> None:
    structure, tables, evidence, do = q["structure"], q["tables"], q["evidence"], q["do"]
    if not do:
        do = {0: 0}
    evidence = {v: s for v, s in evidence.items() if v not in do}
    try:
        post = compile_structure(structure).posterior(tables, evidence=evidence, do=do)
    except ImpossibleEvidenceError:  # evidence was sampled before do was changed
        return
    # pgmpy's own do() cuts the incoming edges and averages the table over the parents; then
    # conditioning on X = s in the cut network gives the interventional distribution, and
    # P_cut(evidence, X = s) = P(evidence | do(X = s)) * P_cut(X = s).
    bn = pgmpy.model(structure, tables).do([f"X{v}" for v in do])
    margs, prob = pgmpy.posterior(bn, {**evidence, **do})
    p_do = np.prod([bn.get_cpds(f"X{v}").values[s] for v, s in do.items()])
    assert_matches(post, margs, prob / p_do)


@settings(max_examples=100, deadline=None)
@given(q=queries(sizes=(1, 8)), soft=st.booleans())
def test_small_networks_match_brute_force(q: dict[str, Any], soft: bool) -> None:
    structure, tables, evidence, do = q["structure"], q["tables"], q["evidence"], q["do"]
    rng: np.random.Generator = q["rng"]
    likelihoods = {}
    if soft:
        for v in rng.choice(len(structure.cards), size=2).tolist():
            likelihoods[int(v)] = rng.uniform(0.1, 2.0, size=structure.cards[v])
    post = compile_structure(structure).posterior(
        tables, evidence=evidence, likelihoods=likelihoods, do=do
    )
    cut, cut_tables = mutilate(structure, tables, do)
    brute, total = brute_force(cut, cut_tables, evidence, likelihoods)
    assert_matches(post, brute, total, tol=1e-12)


# ---------------------------------------------------------------------------------------------
# Batching


@settings(max_examples=100, deadline=None)
@given(q=queries(sizes=(1, 12)), batch=st.integers(1, 5), soft=st.booleans())
def test_batched_equals_one_at_a_time(q: dict[str, Any], batch: int, soft: bool) -> None:
    structure, evidence, do = q["structure"], q["evidence"], q["do"]
    rng: np.random.Generator = q["rng"]
    n = len(structure.cards)
    batched = random_tables(rng, structure, batch)
    mixed = [b if rng.random() < 0.5 else t for b, t in zip(batched, q["tables"], strict=True)]
    if all(t.ndim == len(pa) + 1 for t, pa in zip(mixed, structure.parents, strict=True)):
        mixed[0] = batched[0]  # at least one batched table
    likelihoods = {}
    if soft:
        v = int(rng.integers(n))
        shape = (structure.cards[v],) + ((batch,) if rng.random() < 0.5 else ())
        likelihoods[v] = rng.uniform(0.1, 2.0, size=shape)
    net = compile_structure(structure)
    try:
        post = net.posterior(mixed, evidence=evidence, likelihoods=likelihoods, do=do)
    except ImpossibleEvidenceError:  # evidence sampled from other tables; rare with Dirichlet(1)
        return
    assert np.shape(post.evidence_probability) == (batch,)
    for b in range(batch):
        one = net.posterior(
            [
                t[..., b] if t.ndim > len(pa) + 1 else t
                for t, pa in zip(mixed, structure.parents, strict=True)
            ],
            evidence=evidence,
            likelihoods={v: x[:, b] if x.ndim == 2 else x for v, x in likelihoods.items()},
            do=do,
        )
        for v in range(n):
            assert post.marginals[v].shape == (structure.cards[v], batch)
            np.testing.assert_allclose(post.marginals[v][:, b], one.marginals[v], atol=1e-12)
        assert np.asarray(post.evidence_probability)[b] == pytest.approx(
            one.evidence_probability, rel=1e-12
        )


def test_batched_in_chunks_equals_whole() -> None:
    structure, _ = random_network(np.random.default_rng(11), 9)
    tables = random_tables(np.random.default_rng(12), structure, batch=10)
    whole = CompiledNetwork(structure).posterior(tables, evidence={3: 1})
    net = CompiledNetwork(structure)
    net._chunk = 3  # pretend the cliques are huge: 4 passes of 3, 3, 3 and 1 members
    chunked = net.posterior(tables, evidence={3: 1})
    for a, b in zip(whole.marginals, chunked.marginals, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-15)
    np.testing.assert_allclose(whole.evidence_probability, chunked.evidence_probability)


@settings(max_examples=30, deadline=None)
@given(q=queries(sizes=(2, 8)), batch=st.sampled_from([None, 3]))
def test_pairwise_paths_agree_with_single_einsum_calls(
    q: dict[str, Any], batch: int | None
) -> None:
    """Force every contraction through an opt_einsum expression (as for large cliques)."""

    structure, evidence, do = q["structure"], q["evidence"], q["do"]
    tables = q["tables"] if batch is None else random_tables(q["rng"], structure, batch)
    fast = CompiledNetwork(structure).posterior(tables, evidence=evidence, do=do)
    small, _contraction.SMALL_INDEX_SPACE = _contraction.SMALL_INDEX_SPACE, 0
    try:
        slow = CompiledNetwork(structure).posterior(tables, evidence=evidence, do=do)
    finally:
        _contraction.SMALL_INDEX_SPACE = small
    for a, b in zip(fast.marginals, slow.marginals, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-13)
    np.testing.assert_allclose(fast.evidence_probability, slow.evidence_probability, rtol=1e-12)


def test_do_on_the_only_batched_table_keeps_the_batch_axis() -> None:
    net = compile_structure(CHAIN)
    tables = random_tables(np.random.default_rng(5), CHAIN)
    tables[1] = random_tables(np.random.default_rng(6), CHAIN, batch=4)[1]
    post = net.posterior(tables, do={1: 2})
    assert all(m.shape == (c, 4) for m, c in zip(post.marginals, CHAIN.cards, strict=True))
    np.testing.assert_allclose(post.evidence_probability, np.ones(4))


def test_batched_likelihood_alone_sets_the_batch() -> None:
    net = compile_structure(Structure((2,), ((),)))
    lik = np.array([[1.0, 1.0], [1.0, 3.0]])  # (card, B): member 0 neutral, member 1 is 3:1
    post = net.posterior([np.array([0.5, 0.5])], likelihoods={0: lik})
    np.testing.assert_allclose(post.marginals[0], [[0.5, 0.25], [0.5, 0.75]])


# ---------------------------------------------------------------------------------------------
# Impossible evidence and extreme numbers


def test_impossible_evidence_raises_with_the_variables() -> None:
    net = compile_structure(V_STRUCTURE)
    tables = random_tables(np.random.default_rng(1), V_STRUCTURE)
    tables[2][1, 1] = [1.0, 0.0, 0.0]  # C is surely 0 when A = B = 1
    with pytest.raises(ImpossibleEvidenceError, match=r"observed variables \[0, 1, 2\]"):
        net.posterior(tables, evidence={0: 1, 1: 1, 2: 2})
    with pytest.raises(ImpossibleEvidenceError, match=r"interventions on variables \[0, 1\]"):
        net.posterior(tables, evidence={2: 1}, do={0: 1, 1: 1})
    with pytest.raises(ImpossibleEvidenceError):  # observing a state other than the one set
        net.posterior(tables, evidence={0: 0}, do={0: 1})
    with pytest.raises(ImpossibleEvidenceError, match="soft evidence"):
        net.posterior(tables, likelihoods={2: np.zeros(3)})
    assert issubclass(ImpossibleEvidenceError, ValueError)


def test_impossible_evidence_in_one_batch_member() -> None:
    net = compile_structure(Structure((2, 2), ((), (0,))))
    prior = np.array([[0.5, 1.0, 0.3], [0.5, 0.0, 0.7]])  # member 1: X0 is surely 0
    child = np.array([[1.0, 0.0], [0.0, 1.0]])  # X1 = X0
    with pytest.raises(ImpossibleEvidenceError, match=r"batch members \[1\]") as caught:
        net.posterior([prior, child], evidence={1: 1})
    assert caught.value.members == (1,)


def test_tiny_probabilities_stay_finite_and_correct() -> None:
    # P(A=1) = 1e-300; observing A=1 has P(e) = 1e-300 and the child follows A.
    net = compile_structure(Structure((2, 2), ((), (0,))))
    tables = [np.array([1 - 1e-300, 1e-300]), np.array([[0.9, 0.1], [0.2, 0.8]])]
    post = net.posterior(tables, evidence={0: 1})
    np.testing.assert_allclose(post.marginals[1], [0.2, 0.8], rtol=1e-14)
    assert post.evidence_probability == pytest.approx(1e-300, rel=1e-12)
    post = net.posterior(tables, evidence={1: 1})  # P(A=1 | B=1) = 0.8e-300 / 0.1 = 8e-300
    assert post.marginals[0][1] == pytest.approx(8e-300, rel=1e-12)


def test_products_below_the_float_range_do_not_underflow() -> None:
    # Two witnesses C1, C2 of A (prior 1/2) with P(Ck=1 | A=0) = 1e-200 and P(Ck=1 | A=1) = 2e-200.
    # P(A=1 | C1=C2=1) = 0.5 * 4e-400 / (0.5 * 1e-400 + 0.5 * 4e-400) = 0.8: the products are
    # far below the smallest float64, so only scaled messages get this right.
    net = compile_structure(Structure((2, 2, 2), ((), (0,), (0,))))
    witness = np.array([[1 - 1e-200, 1e-200], [1 - 2e-200, 2e-200]])
    post = net.posterior([np.array([0.5, 0.5]), witness, witness], evidence={1: 1, 2: 1})
    np.testing.assert_allclose(post.marginals[0], [0.2, 0.8], rtol=1e-12)
    assert np.isfinite(post.evidence_probability)  # 2.5e-400 rounds to 0.0 in float64


def log_brute_force(
    structure: Structure, tables: Tables, evidence: Mapping[int, int]
) -> tuple[list[NDArray[np.float64]], float]:
    """Marginals and log P(evidence) from the joint kept in log space: immune to underflow."""
    n = len(structure.cards)
    log_joint = np.zeros(structure.cards)
    with np.errstate(divide="ignore"):
        for i, pa in enumerate(structure.parents):
            log_joint = log_joint + _expand(np.log(tables[i]), (*pa, i), n)
        for v, s in evidence.items():
            log_joint = log_joint + _expand(np.log(np.eye(structure.cards[v])[s]), (v,), n)
    top = log_joint.max()
    if top == -np.inf:
        return [], -np.inf
    weights = np.exp(log_joint - top)
    total = weights.sum()
    margs = [weights.sum(axis=tuple(k for k in range(n) if k != v)) / total for v in range(n)]
    return margs, float(top + np.log(total))


def test_underflow_falls_back_to_log_space() -> None:
    # A -> B, (A, B) -> C, A -> D, with B = C = 1 observed. B = 1 is impossible when A = 0, so
    # only A = 1 remains: P(e) = P(A=1) P(B=1 | A=1) P(C=1 | A=1, B=1) = 1e-200 ** 3 = 1e-600.
    # The three tables share a clique and their product underflows to 0; the log-space
    # fallback still finds A = 1 and D ~ P(D | A=1) = (0.3, 0.7), and P(e) rounds to 0.0.
    net = compile_structure(Structure((2, 2, 2, 2), ((), (0,), (0, 1), (0,))))
    a = np.array([1 - 1e-200, 1e-200])
    b = np.array([[1.0, 0.0], [1 - 1e-200, 1e-200]])
    c = np.full((2, 2, 2), 0.5)
    c[1, 1] = [1 - 1e-200, 1e-200]
    d = np.array([[0.9, 0.1], [0.3, 0.7]])
    post = net.posterior([a, b, c, d], evidence={1: 1, 2: 1})
    np.testing.assert_allclose(post.marginals[0], [0.0, 1.0], atol=1e-15)
    np.testing.assert_allclose(post.marginals[3], [0.3, 0.7], atol=1e-12)  # log/exp roundoff
    assert post.evidence_probability == 0.0
    # Batched: member 0 underflows, member 1 (a fair prior on A) does not.
    fair = np.stack([a, [0.5, 0.5]], axis=-1)
    post = net.posterior([fair, b, c, d], evidence={1: 1, 2: 1})
    np.testing.assert_allclose(post.marginals[3], [[0.3, 0.3], [0.7, 0.7]], atol=1e-12)
    assert post.evidence_probability[1] == pytest.approx(0.5 * 1e-200 * 1e-200, rel=1e-12)


@settings(max_examples=100, deadline=None)
@given(q=queries(sizes=(3, 8)), tiny=st.sampled_from([1e-300, 1e-200, 1e-150]))
def test_tables_with_zeros_and_tiny_entries(q: dict[str, Any], tiny: float) -> None:
    # pgmpy is no reference here: it multiplies without rescaling and returns NaN.
    structure, evidence = q["structure"], q["evidence"]
    rng: np.random.Generator = q["rng"]
    tables = []
    for t in q["tables"]:
        t = np.where(rng.random(t.shape) < 0.4, rng.choice([0.0, tiny], size=t.shape), t)
        t = t + (t.sum(axis=-1, keepdims=True) == 0)  # rows that became all zero: make them ones
        tables.append(t / t.sum(axis=-1, keepdims=True))
    if rng.random() < 0.5:  # observe a sample of the new tables: often through tiny entries
        state = forward_sample(rng, structure, [np.where(t > 0, 1.0, 0.0) for t in tables], {})
        evidence = {v: state[v] for v in evidence}
    margs, log_prob = log_brute_force(structure, tables, evidence)
    try:
        post = compile_structure(structure).posterior(tables, evidence=evidence)
    except ImpossibleEvidenceError:
        assert log_prob == -np.inf
        event("impossible")
        return
    assert log_prob > -np.inf
    event("log P(e) < -700" if log_prob < -700 else "log P(e) < -300" if log_prob < -300 else "ok")
    for ours, theirs in zip(post.marginals, margs, strict=True):
        assert np.all(np.isfinite(ours))
        np.testing.assert_allclose(ours, theirs, atol=1e-12, rtol=0)
    if log_prob > -700:
        assert np.log(post.evidence_probability) == pytest.approx(log_prob, rel=1e-9)
    else:  # beyond float64: underflows to (near) zero, never NaN
        assert 0.0 <= post.evidence_probability < 1e-300


# ---------------------------------------------------------------------------------------------
# Validation, caching, structure


def test_wrong_shapes_raise_clear_errors() -> None:
    net = compile_structure(V_STRUCTURE)
    tables = random_tables(np.random.default_rng(0), V_STRUCTURE)
    with pytest.raises(ValueError, match=r"variable 2 .*shape \(3, 2, 2\); expected \(2, 2, 3\)"):
        net.posterior([*tables[:2], np.moveaxis(tables[2], -1, 0)])
    with pytest.raises(ValueError, match="expected 3 tables, got 2"):
        net.posterior(tables[:2])
    batched = random_tables(np.random.default_rng(0), V_STRUCTURE, batch=3)
    with pytest.raises(ValueError, match="batch size 2"):
        net.posterior([batched[0], batched[1][..., :2], tables[2]])
    with pytest.raises(ValueError, match="variable 2 in state 3"):
        net.posterior(tables, evidence={2: 3})
    with pytest.raises(ValueError, match="names variable 5"):
        net.posterior(tables, do={5: 0})
    with pytest.raises(ValueError, match=r"likelihood of variable 0 has shape \(3,\)"):
        net.posterior(tables, likelihoods={0: np.ones(3)})
    with pytest.raises(ValueError, match="NaN"):
        net.posterior([tables[0] * np.nan, *tables[1:]])


def test_invalid_structures_are_rejected() -> None:
    with pytest.raises(ValueError, match="cycle"):
        compile_structure(Structure((2, 2), ((1,), (0,))))
    with pytest.raises(ValueError, match="invalid parents"):
        compile_structure(Structure((2, 2), ((), (5,))))


def test_compilation_is_cached() -> None:
    a = compile_structure(Structure((2, 2), ((), (0,))))
    b = compile_structure(Structure((2, 2), ((), [0])))  # type: ignore[arg-type]
    assert a is b


def test_disconnected_parts_and_isolated_variables() -> None:
    structure = Structure((2, 3, 2, 2), ((), (0,), (), ()))  # {0 -> 1}, {2}, {3}
    rng = np.random.default_rng(4)
    tables = random_tables(rng, structure)
    post = compile_structure(structure).posterior(tables, evidence={1: 2, 3: 1})
    brute, total = brute_force(structure, tables, {1: 2, 3: 1})
    assert_matches(post, brute, total, tol=1e-14)
    empty = compile_structure(Structure((), ())).posterior([])
    assert empty.marginals == () and empty.evidence_probability == 1.0


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 30))
def test_junction_tree_properties(seed: int, n: int) -> None:
    structure, _ = random_network(np.random.default_rng(seed), n)
    jt = build_junction_tree(structure.cards, structure.parents)
    cliques = [set(c) for c in jt.cliques]
    for i, pa in enumerate(structure.parents):  # each family sits in its assigned clique
        assert {i, *pa} <= cliques[jt.table_home[i]]
        assert i in cliques[jt.var_home[i]]
    for v in range(n):  # running intersection: the cliques holding v form a subtree
        holding = [c for c, members in enumerate(cliques) if v in members]
        roots = [c for c in holding if jt.parent[c] < 0 or v not in cliques[jt.parent[c]]]
        assert len(roots) == 1
    assert sorted(jt.order) == list(range(len(cliques)))
    for a, b in itertools.combinations(cliques, 2):
        assert not a <= b and not b <= a
