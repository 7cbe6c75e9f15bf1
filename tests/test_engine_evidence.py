"""Evidence-specialised programs (issue 14, items 2-3): observed and set variables are sliced out
of the tables, each clique's belief is built once, and buffers are dropped after their last use.

The sliced path is checked against the unsliced one (the same observations given as one-hot soft
evidence, which the engine multiplies into the full tables), against brute force, and against
pyAgrum on bnlearn networks.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap import _programs, _schedule, engine
from argmap._budget import BUDGET, TooBigError
from argmap.engine import CompiledNetwork, ImpossibleEvidenceError, Structure, compile_structure
from tests.test_engine import brute_force, mutilate, queries, random_network, random_tables


@pytest.fixture(autouse=True, scope="module")
def always_slice() -> Iterator[None]:
    """Slice evidence out of every tree here: small trees multiply one-hot vectors instead
    (that path is what tests/test_engine.py exercises on its small networks)."""
    before, engine._SLICE_FROM = engine._SLICE_FROM, 0
    engine._compile.cache_clear()
    yield
    engine._SLICE_FROM = before
    engine._compile.cache_clear()


def one_hot(card: int, s: int) -> np.ndarray:
    return np.eye(card)[s]


def check_against_one_hot(q: dict[str, Any], batch: int | None, soft: bool) -> None:
    """The engine's answer (sliced, on whatever tree it picks) equals the same observations
    given as one-hot soft evidence on the compiled tree of the mutilated network."""
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
        sliced = net.posterior(tables, evidence=evidence, likelihoods=likelihoods, do=do)
    except ImpossibleEvidenceError:
        return
    hard = {v: one_hot(structure.cards[v], s) for v, s in evidence.items()}
    for v, vec in likelihoods.items():
        hard[v] = hard.get(v, 1.0) * vec
    cut, cut_tables = mutilate(structure, tables, do)  # a set variable's table: unbatched
    whole = compile_structure(cut).posterior(cut_tables, likelihoods=hard)
    for v, (a, b) in enumerate(zip(sliced.marginals, whole.marginals, strict=True)):
        assert a.shape == b.shape or (batch is not None and b.ndim == 1), v
        np.testing.assert_allclose(a, np.broadcast_to(b.T, a.T.shape).T, atol=1e-12)
    prob = np.asarray(sliced.evidence_probability)
    np.testing.assert_allclose(prob, np.broadcast_to(whole.evidence_probability, prob.shape),
                               rtol=1e-10)


def check_against_brute_force(q: dict[str, Any]) -> None:
    """The engine's answer with evidence, soft evidence and do() equals the brute-force joint."""
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


@settings(max_examples=80, deadline=None)
@given(q=queries(sizes=(2, 12)), batch=st.sampled_from([None, 3]), soft=st.booleans())
def test_sliced_evidence_equals_one_hot_soft_evidence(
    q: dict[str, Any], batch: int | None, soft: bool
) -> None:
    check_against_one_hot(q, batch, soft)


@settings(max_examples=60, deadline=None)
@given(q=queries(sizes=(2, 9)))
def test_sliced_evidence_matches_brute_force(q: dict[str, Any]) -> None:
    check_against_brute_force(q)


def test_one_program_per_set_of_observed_variables() -> None:
    structure, tables = random_network(np.random.default_rng(3), 12)
    net = CompiledNetwork(structure)
    for evidence in ({1: 0}, {1: 1}, {2: 0, 1: 0}, {1: 0, 2: 1}):
        net.posterior(tables, evidence=evidence)
    assert set(net._programs.layouts) == {((), ()), ((1,), ()), ((1, 2), ())}
    net.posterior(tables, do={1: 0})
    assert ((1,), (1,)) in net._programs.layouts


def test_observed_variables_leave_the_cliques() -> None:
    """Observing the middle of a chain of 3-state variables: no op touches it."""
    n = 9
    chain = Structure((3,) * n, ((),) + tuple((i,) for i in range(n - 1)))
    net = CompiledNetwork(chain)
    program, scopes = net._program((4,), ())
    assert all(4 not in s for s in scopes if s is not None)
    for op in program.ops:
        assert 4 not in op.spec.out_scope and all(4 not in s for s in op.spec.scopes)


def test_buffers_are_dropped_after_their_last_use() -> None:
    """Replaying each program: no op reads a dropped slot, every message and belief is dropped
    by the end, and a long chain holds about one message per clique at the peak (before: every
    message and belief of the pass stayed alive until its end)."""
    n = 200
    chain = Structure((2,) * n, ((),) + tuple((i,) for i in range(n - 1)))
    rng = np.random.default_rng(0)
    structure, _ = random_network(rng, 30)
    for s in (chain, structure):
        net = CompiledNetwork(s)
        for fixed in ((), (3,)):
            program, _ = net._program(fixed, ())
            live: set[int] = set()
            gone: set[int] = set()
            for op in program.ops:
                assert not gone & set(op.inputs)
                live.add(op.output)
                gone -= {op.output}
                live -= set(op.free)
                gone |= set(op.free)
            assert live == set()
    tables = random_tables(rng, chain)
    net = CompiledNetwork(chain)
    net.posterior(tables)
    cliques = len(net._tree.cliques)
    assert 0 < net.peak_slots <= cliques + 2 < 3 * cliques


def test_a_network_past_the_budget_is_refused_before_any_program(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Thirty binary parents of one claim: a clique of 2**31 entries, refused from the
    triangulation's first clique past the budget, before any array or program."""

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("laid out a program for a network past the budget")

    monkeypatch.setattr(_schedule, "schedule", fail)
    engine._compile.cache_clear()
    wide = Structure((2,) * 31, ((),) * 30 + (tuple(range(30)),))
    with pytest.raises(TooBigError) as caught:
        compile_structure(wide)
    assert caught.value.kind == "clique" and caught.value.size.largest > BUDGET.max_clique
    assert caught.value.size.total == 0  # stopped at its first clique: nothing else measured


# ---------------------------------------------------------------------------------------------
# bnlearn networks against pyAgrum (LazyPropagation), with evidence


def _bnlearn(gum: Any, name: str) -> tuple[Any, list[str], Structure, list[np.ndarray]]:
    import tempfile

    import pgmpy.utils

    src = Path(pgmpy.utils.__file__).parent / "example_models" / f"{name}.bif.gz"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.bif"
        path.write_bytes(gzip.decompress(src.read_bytes()))
        bn = gum.loadBN(str(path))
    names = [bn.variable(i).name() for i in sorted(bn.nodes())]
    index = {v: i for i, v in enumerate(names)}
    cards, parents, tables = [], [], []
    for v in names:
        cpt = bn.cpt(v)
        pa = list(cpt.names[1:])
        axes = list(reversed(cpt.names))  # toarray() puts the last variable first
        t = np.transpose(np.asarray(cpt.toarray(), dtype=float), [axes.index(u) for u in [*pa, v]])
        cards.append(bn.variable(v).domainSize())
        parents.append(tuple(index[p] for p in pa))
        tables.append(np.ascontiguousarray(t))
    return bn, names, Structure(tuple(cards), tuple(parents)), tables


@pytest.mark.parametrize("name", ["alarm", "water", "pathfinder"])
def test_bnlearn_networks_with_evidence_match_pyagrum(name: str) -> None:
    gum = pytest.importorskip("pyagrum")
    bn, names, structure, tables = _bnlearn(gum, name)
    net = compile_structure(structure)  # under the default budget (water was refused before)
    generator = gum.BNDatabaseGenerator(bn)
    generator.drawSamples(1)
    row = generator.to_pandas().iloc[0]
    rng = np.random.default_rng(len(name))
    chosen = rng.choice(len(names), size=3, replace=False).tolist()
    evidence = {int(v): bn.variable(names[v]).index(str(row[names[v]])) for v in chosen}
    ie = gum.LazyPropagation(bn)
    for ev in ({}, evidence):
        ie.eraseAllEvidence()
        ie.setEvidence({names[v]: s for v, s in ev.items()})
        ie.makeInference()
        post = net.posterior(tables, evidence=ev)
        for v, name_v in enumerate(names):
            theirs = np.asarray(ie.posterior(name_v).toarray())
            np.testing.assert_allclose(post.marginals[v], theirs, atol=1e-9, err_msg=name_v)
        assert post.evidence_probability == pytest.approx(ie.evidenceProbability(), rel=1e-9)


def test_plans_share_compiled_contractions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new set of observed variables reuses the contractions other plans compiled (the same
    objects, so the same bits as a network that compiled them afresh), and a full cache is
    forgotten, not grown."""
    structure, tables = random_network(np.random.default_rng(5), 14)
    net = CompiledNetwork(structure)
    net.posterior(tables, evidence={1: 0})
    got = net.posterior(tables, evidence={2: 1})
    want = CompiledNetwork(structure).posterior(tables, evidence={2: 1})
    for a, b in zip(got.marginals, want.marginals, strict=True):
        assert np.array_equal(a, b)
    first, second = (
        {(s.op.spec.scopes, s.op.spec.out_scope): s.fn for s in plan.steps}
        for plan in list(net._programs.plans.values())[-2:]
    )
    shared = first.keys() & second.keys()
    assert shared and all(first[k] is second[k] for k in shared)
    monkeypatch.setattr(_programs, "KNOWN_CONTRACTIONS", 0)
    again = net.posterior(tables, evidence={3: 0})
    last = next(reversed(net._programs.plans.values()))
    assert len(net._programs.contractions) <= len(last.steps)
    fresh = CompiledNetwork(structure).posterior(tables, evidence={3: 0})
    for a, b in zip(again.marginals, fresh.marginals, strict=True):
        assert np.array_equal(a, b)
