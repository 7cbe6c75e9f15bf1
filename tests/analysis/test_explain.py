"""`explain`: the most probable scenarios and the chain, checked against brute-force enumeration
of the joint distribution, against pgmpy's MAP query and against the engine's posteriors."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap.analysis import _maxproduct as mp
from argmap.analysis.explain import MAX_SCENARIOS, explain
from argmap.errors import ArgmapError
from argmap.loading import load_model
from argmap.model import Model
from argmap.tables import build_tables, point_values
from tests.support.random_models import random_model

ROOT = Path(__file__).resolve().parents[2]
SPRINKLER = ROOT / "models" / "examples" / "sprinkler.yaml"
SCHEMING = ROOT / "models" / "scheming.yaml"


def enumerate_scenarios(
    model: Model, known: dict[str, str], do: dict[str, str]
) -> list[tuple[float, dict[str, str]]]:
    """Every joint state with P(states | known) under do(), by brute force, best first."""
    tables = build_tables(model, point_values(model))
    claims = list(model.claims.values())
    index = {c.id: i for i, c in enumerate(claims)}
    fixed = {index[c]: claims[index[c]].states.index(s) for c, s in {**known, **do}.items()}
    ranges = [[fixed[i]] if i in fixed else range(len(c.states)) for i, c in enumerate(claims)]
    rows = []
    for states in itertools.product(*ranges):
        p = 1.0
        for i, c in enumerate(claims):
            if c.id in do:
                continue
            p *= float(tables[i][(*(states[index[q]] for q in c.parents), states[i])])
        rows.append((p, states))
    total = sum(p for p, _ in rows)
    out = [
        (p / total, {c.id: c.states[s] for c, s in zip(claims, states, strict=True)
                     if index[c.id] not in fixed})
        for p, states in rows
    ]  # fmt: skip
    return sorted(out, key=lambda r: -r[0])


def test_sprinkler_scenarios_are_the_enumerated_ones() -> None:
    model = load_model(SPRINKLER)
    why = explain(model, target="wet=true", top=8)
    expected = enumerate_scenarios(model, {"wet": "true"}, {})
    assert len(why.scenarios) == 8 == len(expected)
    for got, (p, states) in zip(why.scenarios, expected, strict=True):
        assert got.probability == pytest.approx(p, abs=1e-12)
        assert dict(got.states) == states
    assert sum(s.probability for s in why.scenarios) == pytest.approx(1.0, abs=1e-12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), top=st.integers(1, 6), data=st.data())
def test_random_models_agree_with_enumeration(seed: int, top: int, data: st.DataObject) -> None:
    model = random_model(seed, n=6, uncertain=False)
    ids = list(model.claims)
    target_claim = data.draw(st.sampled_from(ids))
    target = f"{target_claim}={model.claims[target_claim].states[0]}"
    others = [c for c in ids if c != target_claim]
    observed = data.draw(st.lists(st.sampled_from(others), max_size=2, unique=True))
    forced = data.draw(st.lists(st.sampled_from([c for c in others if c not in observed]),
                                max_size=1, unique=True))  # fmt: skip
    evidence = {c: model.claims[c].states[-1] for c in observed}
    do = {c: model.claims[c].states[0] for c in forced}
    try:
        argmap.marginals(model, evidence={**evidence, target_claim: target.split("=")[1]}, do=do)
    except ArgmapError:
        return  # impossible evidence: nothing to explain (tested below)
    why = explain(model, target=target, evidence=evidence, do=do, top=top)
    expected = enumerate_scenarios(model, {**evidence, target_claim: target.split("=")[1]}, do)
    expected = [e for e in expected if e[0] > 0]
    assert len(why.scenarios) == min(top, len(expected))
    for got, (p, _) in zip(why.scenarios, expected, strict=False):
        assert got.probability == pytest.approx(p, rel=1e-9, abs=1e-15)
    for got in why.scenarios:  # each listed scenario has the probability enumeration gives it
        match = [p for p, s in expected if s == dict(got.states)]
        assert match and got.probability == pytest.approx(match[0], rel=1e-9, abs=1e-15)
    assert len({tuple(s.states.items()) for s in why.scenarios}) == len(why.scenarios)


@pytest.mark.parametrize("seed", range(8))
def test_the_most_probable_explanation_equals_pgmpy_map_query(seed: int) -> None:
    from pgmpy.inference import VariableElimination

    from argmap.interchange import to_pgmpy

    model = load_model(SPRINKLER) if seed == 0 else random_model(seed, n=7, uncertain=False)
    ids = list(model.claims)
    known = {ids[-1]: model.claims[ids[-1]].states[0], ids[1]: model.claims[ids[1]].states[-1]}
    try:
        argmap.marginals(model, evidence=known)
    except ArgmapError:
        known.pop(ids[1])
    target = f"{ids[-1]}={known.pop(ids[-1])}"
    why = explain(model, target=target, evidence=known, top=1)
    known[why.target.claim] = why.target.state
    free = [c for c in ids if c not in known]
    theirs = VariableElimination(to_pgmpy(model)).map_query(
        variables=free, evidence=known, show_progress=False
    )
    ours = dict(why.scenarios[0].states)
    net, _ = _masks(model, known)
    assert _log_p(net, model, ours, known) == pytest.approx(
        _log_p(net, model, theirs, known), abs=1e-12
    )  # the same probability; the same states unless two joint states tie


def test_the_scheming_mpe_is_optimal_in_every_block_by_pgmpy() -> None:
    """pgmpy's map_query keeps every query variable in one table (2**40 entries for all the
    scheming model's free claims) and pyAgrum 3.3.1's mpe() fails on it ("Empty tensor"), so the
    full-size check is by blocks: for each claim with its parents and children, pgmpy's MAP of
    the block given every other claim at its MPE state must be the MPE's own states."""
    from pgmpy.inference import VariableElimination

    from argmap.interchange import to_pgmpy

    model = load_model(SCHEMING)
    given = argmap.headline_context(model).evidence
    why = explain(model, evidence=given, top=1)
    known = {**given, why.target.claim: why.target.state}
    mpe = dict(why.scenarios[0].states)
    net, _ = _masks(model, known)
    ve = VariableElimination(to_pgmpy(model))
    children = {c: [d for d, x in model.claims.items() if c in x.parents] for c in model.claims}
    checked = 0
    for cid, claim in model.claims.items():
        block = [c for c in dict.fromkeys([cid, *claim.parents, *children[cid]]) if c in mpe]
        if not block or len(block) > 12:
            continue
        rest = {**known, **{c: s for c, s in mpe.items() if c not in block}}
        theirs = ve.map_query(variables=block, evidence=rest, show_progress=False)
        swapped = {**mpe, **theirs}  # pgmpy's best block: never better than ours (ties happen)
        assert _log_p(net, model, mpe, known) == pytest.approx(
            _log_p(net, model, swapped, known), abs=1e-9
        ), cid
        checked += 1
    assert checked >= 40


def _masks(model: Model, known: dict[str, str]) -> tuple[mp.Network, list[mp.Mask]]:
    from argmap.analysis.explain import network

    return network(model, build_tables(model, point_values(model)), known, {})


def _log_p(net: mp.Network, model: Model, states: dict[str, str], known: dict[str, str]) -> float:
    full = {**known, **states}
    total = 0.0
    for i, (cid, c) in enumerate(model.claims.items()):
        table = net.tables[i]
        assert table is not None
        index = (*(model.claims[p].states.index(full[p]) for p in c.parents),
                 c.states.index(full[cid]))  # fmt: skip
        total += math.log(float(table[index]))
    return total


def test_chain_shares_are_the_engines_posteriors() -> None:
    model = load_model(SCHEMING)
    given = argmap.headline_context(model).evidence
    why = explain(model, evidence=given, top=1)
    assert why.chain, "the scheming target has parents, so the chain has a first step"
    known = {**given, why.target.claim: why.target.state}
    before = argmap.marginals(model, evidence=given)
    together = 1.0
    below = why.target.claim
    for step in why.chain:
        assert step.claim in model.claims[below].parents and step.below == below
        post = argmap.marginals(model, evidence=known)
        assert step.share == pytest.approx(post.p(step.claim, step.state), abs=1e-12)
        assert step.before == pytest.approx(before.p(step.claim, step.state), abs=1e-12)
        best = max(
            post.p(p, s) for p in model.claims[below].parents if p not in known
            for s in model.claims[p].states
        )  # fmt: skip
        assert step.share == pytest.approx(best, abs=1e-12)
        together *= step.share
        assert step.together == pytest.approx(together, rel=1e-12)
        known[step.claim] = step.state
        below = step.claim
    assert not [p for p in model.claims[below].parents if p not in known]
    assert why.probability == pytest.approx(
        before.p(why.target.claim, why.target.state), abs=1e-12
    )


def test_chain_together_is_the_joint_probability_of_its_states() -> None:
    model = load_model(SPRINKLER)
    why = explain(model, target="wet=true")
    chain = {s.claim: s.state for s in why.chain}
    mass = sum(p for p, states in enumerate_scenarios(model, {"wet": "true"}, {})
               if all(states[c] == s for c, s in chain.items()))  # fmt: skip
    assert why.chain[-1].together == pytest.approx(mass, abs=1e-12)


def test_an_intervention_stops_the_chain_and_cuts_the_parents() -> None:
    model = load_model(SPRINKLER)
    why = explain(model, target="wet=true", do={"rain": "true"}, top=4)
    assert all("rain" not in s.states for s in why.scenarios)
    expected = enumerate_scenarios(model, {"wet": "true"}, {"rain": "true"})
    assert [round(s.probability, 12) for s in why.scenarios] == [
        round(p, 12) for p, _ in expected[:4]
    ]
    assert "rain" not in [s.claim for s in why.chain]


@pytest.mark.parametrize("top", [0, -1, MAX_SCENARIOS + 1, True, 2.5])
def test_bad_top_is_refused(top: object) -> None:
    with pytest.raises(ArgmapError) as err:
        explain(load_model(SPRINKLER), top=top)  # type: ignore[arg-type]
    assert err.value.problems[0].loc[0] == "top"


def test_an_observed_or_impossible_target_is_refused() -> None:
    model = load_model(SPRINKLER)
    with pytest.raises(ArgmapError) as err:
        explain(model, target="wet=true", evidence={"wet": "true"})
    assert err.value.problems[0].loc[0] == "target"
    with pytest.raises(ArgmapError) as err:
        explain(model, target="rain=true", do={"cloudy": "true"}, evidence={"rain": "false"})
    assert err.value.problems[0].loc[0] == "target"


def test_an_oversized_elimination_is_refused_not_attempted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mp, "MAX_FACTOR_ENTRIES", 4)
    with pytest.raises(ArgmapError) as err:
        explain(load_model(SPRINKLER), target="wet=true")
    assert err.value.problems[0].code == "limit"
    assert "entries" in err.value.problems[0].message


def test_log_total_is_the_engines_evidence_probability() -> None:
    model = load_model(SCHEMING)
    given = argmap.headline_context(model).evidence
    net, masks = _masks(model, dict(given))
    assert math.exp(mp.log_total(net, masks)) == pytest.approx(
        argmap.marginals(model, evidence=given).evidence_probability, rel=1e-10
    )
    assert np.isneginf(mp.log_total(net, [np.zeros(len(m), bool) for m in masks]))


def test_too_many_scenarios_for_the_work_budget_are_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from argmap.analysis import budget

    model = load_model(SCHEMING)
    net, _ = _masks(model, {})
    monkeypatch.setattr(budget, "WORK", 40 * mp.cost(net))
    with pytest.raises(ArgmapError) as err:
        explain(model, top=5)
    problem = err.value.problems[0]
    assert problem.code == "budget" and problem.loc[0] == "top" and "at most 1" in problem.message
    assert explain(model, top=1).scenarios  # what the message offers does run


def test_cost_counts_every_table_an_elimination_builds() -> None:
    model = load_model(SPRINKLER)
    net, masks = _masks(model, {"wet": "true"})
    built: list[int] = []
    real = mp._combine

    def spy(group, cards):  # type: ignore[no-untyped-def]
        out = real(group, cards)
        built.append(out[1].size)
        return out

    import unittest.mock

    with unittest.mock.patch.object(mp, "_combine", spy):
        mp.best(net, masks)
    assert sum(built) <= mp.cost(net) and max(built) >= 4


def test_the_search_cap_bounds_scenarios_on_a_big_map() -> None:
    from argmap.analysis.explain import MAX_SEARCHES

    model = load_model(SCHEMING)
    free = len(model.claims) - 1
    most = 1 + (MAX_SEARCHES - 2) // free
    with pytest.raises(ArgmapError) as err:
        explain(model, top=most + 1)
    assert err.value.problems[0].code == "budget"
    assert f"at most {most}" in err.value.problems[0].message
