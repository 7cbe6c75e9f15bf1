"""In-memory conversion both ways: argmap models to and from pgmpy networks and pyAgrum
BayesNets (to_pgmpy / from_pgmpy, to_pyagrum / from_pyagrum), exact to 1e-12 on every marginal,
with state names and order kept."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap.errors import InputError, MissingExtraError
from argmap.interchange.importing import _unique as unique_ids
from argmap.model import Model
from tests.support.exports import EXAMPLES
from tests.support.random_models import random_model

EXACT = 1e-12
SPRINKLER = "models/examples/sprinkler.yaml"
SCHEMING = "models/scheming.yaml"
BNLEARN = ["asia", "cancer", "sachs", "child", "insurance"]


def worst(a: argmap.Result, b: argmap.Result) -> float:
    """Max |a - b| over every state of every claim (the claims and states must be the same)."""
    assert list(a.distributions) == list(b.distributions)
    for claim in a.distributions:
        assert list(a.distributions[claim]) == list(b.distributions[claim])
    return max(abs(p - b.distributions[c][s])
               for c, d in a.distributions.items() for s, p in d.items())


def round_trip_pgmpy(model: Model, credences: Any = None) -> Model:
    return argmap.from_pgmpy(argmap.to_pgmpy(model, credences))


def round_trip_pyagrum(model: Model, credences: Any = None) -> Model:
    return argmap.from_pyagrum(argmap.to_pyagrum(model, credences))


TRIPS: dict[str, Callable[..., Model]] = {"pgmpy": round_trip_pgmpy, "pyagrum": round_trip_pyagrum}


@pytest.mark.parametrize("via", TRIPS)
def test_sprinkler_round_trip_keeps_claims_states_text_and_marginals(via: str) -> None:
    model = argmap.load_model(SPRINKLER)
    back = TRIPS[via](model)
    assert back.id == model.id and back.claim_ids == model.claim_ids
    for cid, claim in model.claims.items():
        got = back.claims[cid]
        assert got.states == claim.states
        assert got.parents == claim.parents
        assert (got.statement, got.short, got.basis) == (claim.statement, claim.short, claim.basis)
        assert [link.role for link in got.links] == [link.role for link in claim.links]
    assert worst(argmap.marginals(back), argmap.marginals(model)) < EXACT
    evidence = {"wet": "true"}
    assert worst(argmap.marginals(back, evidence=evidence),
                 argmap.marginals(model, evidence=evidence)) < EXACT


@pytest.mark.parametrize("profile", ["carlsmith", "pessimist"])
@pytest.mark.parametrize("via", TRIPS)
def test_scheming_with_a_profile_round_trips_exactly(via: str, profile: str) -> None:
    model = argmap.load_model(SCHEMING)
    credences = argmap.load_credences(f"models/credences/{profile}.yaml", model)
    back = TRIPS[via](model, credences)
    assert back.claim_ids == model.claim_ids
    assert all(back.claims[c].states == model.claims[c].states for c in model.claims)
    mine = argmap.marginals(model, credences)
    assert worst(argmap.marginals(back), mine) < EXACT
    if profile == "pessimist":  # the profile really went in: without it the numbers differ
        assert worst(argmap.marginals(model), mine) > 1e-3
    context = argmap.headline_context(model)
    assert worst(argmap.marginals(back, evidence=context.evidence),
                 argmap.marginals(model, credences, evidence=context.evidence)) < EXACT


def test_to_pgmpy_agrees_with_pgmpy_inference_and_names_states_in_order() -> None:
    from pgmpy.inference import VariableElimination

    model = argmap.load_model(SCHEMING)
    network = argmap.to_pgmpy(model)
    assert list(network.nodes()) == list(model.claim_ids)
    assert network.name == "scheming"
    ours = argmap.marginals(model)
    engine = VariableElimination(network)
    for cid, claim in model.claims.items():
        cpd = network.get_cpds(cid)
        assert cpd.state_names[cid] == list(claim.states)
        assert tuple(cpd.variables[1:]) == claim.parents
        factor = engine.query([cid], show_progress=False)
        for state in claim.states:
            assert abs(factor.get_value(**{cid: state}) - ours.p(cid, state)) < 1e-9


def test_to_pyagrum_agrees_with_pyagrums_exact_inference() -> None:
    import pyagrum as gum

    model = argmap.load_model(SCHEMING)
    bn = argmap.to_pyagrum(model)
    ours = argmap.marginals(model)
    inference = gum.LazyPropagation(bn)
    inference.makeInference()
    for cid, claim in model.claims.items():
        assert bn.variable(cid).labels() == claim.states
        posterior = inference.posterior(cid).toarray()
        for i, state in enumerate(claim.states):
            assert abs(posterior[i] - ours.p(cid, state)) < 1e-9


def bnlearn(name: str) -> Any:
    from pgmpy.readwrite import BIFReader

    return BIFReader(string=gzip.open(EXAMPLES / f"{name}.bif.gz", "rt").read()).get_model()


def as_imported(values: np.ndarray) -> np.ndarray:
    """A CPD's columns as the import pipeline keeps them: renormalised when they sum to 1 only
    within 1e-6 (sachs has such columns), otherwise untouched."""
    sums = values.sum(axis=0)
    return np.where(np.abs(sums - 1) > 1e-9, values / sums, values)


@pytest.mark.parametrize("name", BNLEARN)
def test_bnlearn_networks_from_pgmpy_and_back(name: str) -> None:
    network = bnlearn(name)
    model = argmap.from_pgmpy(network, model_id=name)
    assert model.id == name
    assert set(model.claim_ids) == {str(v) for v in network.nodes()}
    for cid, claim in model.claims.items():  # names that are not ids are mapped ("7.5")
        original = network.get_cpds(cid).state_names[cid]
        assert list(claim.states) == unique_ids([str(s) for s in original], "s")
    again = argmap.to_pgmpy(model)
    for cid in model.claim_ids:
        original, back = network.get_cpds(cid), again.get_cpds(cid)
        assert back.variables == original.variables
        assert np.max(np.abs(back.get_values() - as_imported(original.get_values()))) < EXACT
    assert worst(argmap.marginals(round_trip_pgmpy(model)), argmap.marginals(model)) < EXACT


@pytest.mark.parametrize("name", BNLEARN)
def test_bnlearn_networks_through_pyagrum(name: str) -> None:
    model = argmap.from_pgmpy(bnlearn(name), model_id=name)
    bn = argmap.to_pyagrum(model)
    back = argmap.from_pyagrum(bn)
    assert back.claim_ids == model.claim_ids
    assert worst(argmap.marginals(back), argmap.marginals(model)) < EXACT


def test_a_foreign_pyagrum_network_imports_with_its_descriptions_and_renamed_states() -> None:
    import pyagrum as gum

    bn = gum.BayesNet("demo")
    bn.add(gum.LabelizedVariable("rain", "It <b>rains</b>", ["yes", "no"]))
    bn.add(gum.LabelizedVariable("wet", "", ["1", "high-risk", "x"]))
    bn.addArc("rain", "wet")
    bn.cpt("rain").fillWith([0.2, 0.8])
    bn.cpt("wet")[{"rain": "yes"}] = [0.7, 0.2, 0.1]
    bn.cpt("wet")[{"rain": "no"}] = [0.1, 0.1, 0.8]
    model = argmap.from_pyagrum(bn)
    assert model.id == "demo"
    assert model.claims["rain"].statement == "It <b>rains</b>"
    assert model.claims["wet"].statement == "wet"
    assert model.claims["wet"].states == ("s_1", "high_risk", "x")
    result = argmap.marginals(model, evidence={"wet": "x"})
    inference = gum.LazyPropagation(bn)
    inference.setEvidence({"wet": "x"})
    inference.makeInference()
    assert abs(result.p("rain", "yes") - inference.posterior("rain")[{"rain": "yes"}]) < EXACT


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 100_000), n=st.integers(1, 8))
def test_random_models_round_trip_exactly_both_ways(seed: int, n: int) -> None:
    model = random_model(seed, n=n)
    expected = argmap.marginals(model)
    for trip in TRIPS.values():
        back = trip(model)
        assert back.claim_ids == model.claim_ids
        assert worst(argmap.marginals(back), expected) < EXACT


def test_bad_arguments_are_argument_problems() -> None:
    with pytest.raises(InputError) as err:
        argmap.from_pgmpy(42)
    assert err.value.problems[0].code == "type" and err.value.problems[0].loc[0] == "network"
    with pytest.raises(InputError) as err:
        argmap.from_pyagrum("bn")
    assert err.value.problems[0].code == "type" and err.value.problems[0].loc[0] == "bn"
    from pgmpy.models import DiscreteBayesianNetwork

    network = DiscreteBayesianNetwork([("a", "b")])
    with pytest.raises(InputError) as err:
        argmap.from_pgmpy(network)
    assert "no probability table" in str(err.value)


def test_missing_pyagrum_is_one_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(__import__("sys").modules, "pyagrum", None)
    with pytest.raises(MissingExtraError) as err:
        argmap.to_pyagrum(argmap.load_model(SPRINKLER))
    assert err.value.problems[0].code == "missing-extra"
    assert "pip install 'argmap[pyagrum]'" in str(err.value)
