"""The size budget (issue 13, class 1) and bounded contraction planning (issue 14, item 1).

Small files with large networks are refused from the junction tree's size, structurally before
any contraction is planned (the tests make planning fail loudly, and never time anything);
models under the budget compile as before and agree with brute force; the bounded path search
gives the same numbers as opt_einsum's ``auto-hq``.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

import numpy as np
import opt_einsum as oe
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import argmap
from argmap import _contraction, _junction_tree, _schedule, engine
from argmap._budget import BUDGET, UNLIMITED, Budget, TooBigError, entries
from argmap.engine import CompiledNetwork, Structure, compile_structure
from argmap.inference import structure_of
from tests.support import big_models
from tests.support.commands import run_main
from tests.support.random_models import joint, random_model
from tests.test_engine import random_network, random_tables


@pytest.fixture
def no_planning(monkeypatch: pytest.MonkeyPatch) -> None:
    """Planning or laying out a schedule fails the test: a refusal must come before both."""

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("planned or scheduled a network past the budget")

    monkeypatch.setattr(_contraction, "contraction", fail)
    monkeypatch.setattr(_schedule, "schedule", fail)
    engine._compile.cache_clear()


EXAMPLES = {
    "noisy_or_dense": big_models.noisy_or_dense,  # 48 claims, noisy-OR with 8 parents each
    "dense_links": big_models.dense_links,  # 32 causes shared by 32 effects
    "huge": big_models.huge,  # ~48 KB, 200 claims of 10 parents: cliques of 2**138 entries
    "many_children": lambda: big_models.model_text("star", "Star", [[]] + [[0]] * 300),
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_issue_examples_are_refused_from_the_estimate(name: str, no_planning: None) -> None:
    text = EXAMPLES[name]()
    assert len(text) < 50_000
    model = argmap.load_model_text(text, f"{name}.yaml")
    for call in (argmap.model_size, argmap.marginals):
        with pytest.raises(argmap.InputError) as caught:
            call(model)
        (problem,) = caught.value.problems
        assert problem.code == "too-big" and problem.file == f"{name}.yaml"
        assert "model too big to compute exactly" in problem.message
        named = [c for c in model.claims if repr(c) in problem.message]
        assert len(named) >= 2, problem.message  # the claims of the clique at fault
        assert problem.loc[:1] == ("claims",) and problem.loc[1] in model.claims


def test_the_huge_example_would_need_hundreds_of_gib() -> None:
    """The third example, smaller: its full triangulation (no budget) has a clique past 2**35
    entries (256 GiB of float64), yet the budgeted one stops early: at its first clique past
    the largest clique's limit, or once its cliques pass the limit on all cliques."""
    model = argmap.load_model_text(big_models.huge(n=150, k=4), "huge.yaml")
    s = structure_of(model)
    tree = _junction_tree.build_junction_tree(s.cards, s.parents, UNLIMITED)
    assert max(entries(s.cards, c) for c in tree.cliques) > 2**35
    with pytest.raises(TooBigError) as caught:
        _junction_tree.build_junction_tree(s.cards, s.parents, BUDGET)
    err = caught.value
    assert (err.kind, err.size.largest > BUDGET.max_clique) in (("clique", True), ("total", False))


def test_a_budget_on_total_inputs_or_cost_refuses_before_planning(no_planning: None) -> None:
    chain = Structure((3,) * 12, ((),) + tuple((i,) for i in range(11)))
    size = _junction_tree.size(_junction_tree.build_junction_tree(chain.cards, chain.parents),
                               chain.cards)
    for budget, kind in (
        (Budget(max_total=size.total - 1), "total"),
        (Budget(max_cost=size.cost - 1), "cost"),
        (Budget(max_inputs=size.inputs - 1), "inputs"),
        (Budget(max_clique=8), "clique"),
    ):
        with pytest.raises(TooBigError) as caught:
            compile_structure(chain, budget)
        assert caught.value.kind == kind, caught.value
        assert caught.value.clique


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 25), limit=st.integers(4, 400))
def test_size_is_the_compiled_trees_and_the_budget_is_exact(seed: int, n: int, limit: int) -> None:
    structure, _ = random_network(np.random.default_rng(seed), n, max_parents=4)
    net = CompiledNetwork(structure, UNLIMITED)
    cliques = net._tree.cliques
    sizes = [entries(structure.cards, c) for c in cliques]
    assert net.size.largest == max(sizes) == entries(structure.cards, net.size.clique)
    assert net.size.total == sum(sizes)
    steps = [op.spec for op in net._program((), ())[0].ops]
    assert net.size.inputs >= max(len(c.inputs) for c in steps if c.output >= n) - 1
    assert net.size.cost >= sum(
        entries(structure.cards, c.out_scope) for c in steps
    )  # at least the entries every contraction writes
    budget = Budget(max_clique=limit, max_total=4 * limit)
    within = net.size.largest <= limit and net.size.total <= 4 * limit
    try:
        tight = CompiledNetwork(structure, budget)
    except TooBigError:
        assert not within  # refused only if the unbudgeted tree is past the budget
    else:
        assert tight.size.largest <= limit and tight.size.total <= 4 * limit
        if within:  # the budget changes nothing for a network inside it
            assert tight._tree == net._tree


@pytest.mark.parametrize("seed", range(8))
def test_models_under_the_budget_agree_with_brute_force(seed: int) -> None:
    model = random_model(seed, n=8)
    size = argmap.model_size(model)
    assert size.largest <= BUDGET.max_clique and size.inputs <= BUDGET.max_inputs
    p = joint(model)
    result = argmap.marginals(model)
    for i, (cid, claim) in enumerate(model.claims.items()):
        others = tuple(k for k in range(p.ndim) if k != i)
        brute = p.sum(axis=others)
        for s, state in enumerate(claim.states):
            assert result.p(cid, state) == pytest.approx(brute[s], abs=1e-12)


def _wide(rng: np.random.Generator, n: int) -> Structure:
    """A star with a few extra links: the hub's clique has many neighbours, so that some
    messages have more than ``DP_INPUTS`` inputs (planned greedily)."""
    parents: list[tuple[int, ...]] = [()]
    for i in range(1, n):
        other = int(rng.integers(1, i)) if i > 1 and rng.random() < 0.3 else 0
        parents.append(tuple(sorted({0, other})))
    return Structure(tuple(int(c) for c in rng.integers(2, 4, size=n)), tuple(parents))


@pytest.mark.parametrize("seed", range(6))
def test_bounded_paths_give_the_numbers_of_auto_hq(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(seed)
    structure = _wide(rng, 40) if seed % 2 else random_network(rng, 30, max_parents=4)[0]
    tables = random_tables(rng, structure)
    batched = [np.stack([t, t * 0.5 + 0.5 / t.shape[-1]], axis=-1) for t in tables]
    evidence = {int(v): 0 for v in rng.choice(len(structure.cards), size=3, replace=False)}
    bounded = CompiledNetwork(structure, UNLIMITED)
    inputs = [len(op.spec.inputs) for op in bounded._program((), ())[0].ops]
    if seed % 2:
        assert max(inputs) > _contraction.DP_INPUTS  # the greedy branch is exercised
    got = [bounded.posterior(t, evidence=evidence) for t in (tables, batched)]
    monkeypatch.setattr(_contraction, "PATH", "auto-hq")
    before = CompiledNetwork(structure, UNLIMITED)
    want = [before.posterior(t, evidence=evidence) for t in (tables, batched)]
    for g, w in zip(got, want, strict=True):
        np.testing.assert_allclose(g.evidence_probability, w.evidence_probability, rtol=1e-12)
        for a, b in zip(g.marginals, w.marginals, strict=True):
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


def test_bounded_path_switches_by_number_of_inputs() -> None:
    sizes = {k: 2 for k in "abcdefghijklmnopqrstuvwxyz"}
    for n in (3, 8, 16):  # a chain a-b, b-c, ...: every branch returns a full pairwise path
        letters = "abcdefghijklmnopqrstuvwxyz"[: n + 1]
        inputs = [set(letters[i : i + 2]) for i in range(n)]
        path = _contraction.PATH(inputs, set(letters[0] + letters[-1]), sizes)
        assert len(path) == n - 1 and all(len(step) == 2 for step in path)


def test_many_inputs_run_without_the_einsum_operand_limit() -> None:
    """A clique with 80 inputs: np.einsum takes at most 32 (or 64) operands; pairwise it runs."""
    n = 81
    star = Structure((2,) * n, ((),) + tuple((0,) for _ in range(n - 1)))
    tables = [np.array([0.3, 0.7])] + [np.array([[0.9, 0.1], [0.2, 0.8]])] * (n - 1)
    post = compile_structure(star).posterior(tables, evidence={1: 0})
    p1 = 0.3 * 0.9 + 0.7 * 0.2
    assert post.marginals[0][0] == pytest.approx(0.3 * 0.9 / p1, abs=1e-12)
    assert post.evidence_probability == pytest.approx(p1, abs=1e-12)


def test_triangulating_a_dense_or_wide_graph_at_the_file_limits_is_bounded() -> None:
    """Models as large as the file limits allow (about 15,000 claims, or 450 claims of 28
    parents): each is refused or compiled from the bounded triangulation (no timing here; the
    elimination stops at its first clique past the budget and scores by a heap)."""
    n = 15_000
    star = Structure((2,) * n, ((),) + tuple((0,) for _ in range(n - 1)))
    with pytest.raises(TooBigError) as caught:
        compile_structure(star)
    assert caught.value.kind == "inputs" and 0 in caught.value.clique
    dense = Structure((2,) * 450, tuple(tuple(range(max(0, i - 28), i)) for i in range(450)))
    with pytest.raises(TooBigError):
        compile_structure(dense)
    chain = Structure((2,) * n, ((),) + tuple((i,) for i in range(n - 1)))
    assert compile_structure(chain).size.largest == 4


def test_validate_reports_the_size(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "validate", "models/scheming.yaml")
    assert code == 0, err
    size = argmap.model_size(argmap.load_model("models/scheming.yaml"))
    assert f"largest clique {size.largest:,} entries, {size.total:,} in all" in out


def test_validate_refuses_a_model_past_the_budget(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "dense.yaml"
    path.write_text(big_models.noisy_or_dense())
    code, out, err = run_main(capsys, "validate", str(path))
    assert code == 2 and not out
    assert err.startswith(f"error: {path}: model too big to compute exactly: a clique of ")
    assert "Traceback" not in err and "internal error" not in err


def test_budget_numbers_are_the_documented_ones() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "errors.md").read_text()
    section = doc.split("## Size budget for compiling a model", 1)[1]
    for number in (BUDGET.max_clique, BUDGET.max_total, BUDGET.max_cost, BUDGET.max_inputs):
        assert f"{int(number):,}" in section
    assert math.isinf(UNLIMITED.max_clique)
    assert list(itertools.islice(iter(sorted(EXAMPLES)), 1))


def test_dynamic_programming_only_where_greedy_is_not_negligible(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Six to ten inputs: the greedy path is kept when it costs fewer than ``NEGLIGIBLE``
    multiply-adds, and dynamic programming plans the rest (each branch seen once)."""
    calls: list[int] = []
    dp = _contraction._DP

    def spy(inputs: Any, *args: Any) -> Any:
        calls.append(len(inputs))
        return dp(inputs, *args)

    monkeypatch.setattr(_contraction, "_DP", spy)
    letters = "abcdefgh"
    inputs = [set(letters[i : i + 2]) for i in range(7)]  # a chain of 7 pairwise tables
    output = set("ah")
    for card, dynamic in ((2, False), (64, True)):
        sizes = dict.fromkeys(letters, card)
        greedy = oe.paths.greedy(inputs, output, sizes)
        cost = _contraction.flops(inputs, output, sizes, greedy)
        assert (cost >= _contraction.NEGLIGIBLE) == dynamic
        calls.clear()
        path = _contraction.PATH(inputs, output, sizes)
        assert calls == ([7] if dynamic else [])
        if not dynamic:
            assert path == [tuple(step) for step in greedy]
        want = oe.contract_path(",".join("".join(sorted(s)) for s in inputs) + "->ah",
                                *[(card, card)] * 7, shapes=True, optimize=path)[1].opt_cost
        assert _contraction.flops(inputs, output, sizes, path) == want
