"""Inference checked against pgmpy's exact inference and against hand-computed cases."""

from __future__ import annotations

import itertools
import json
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import argmap
from argmap.interchange import pgmpy_marginals, to_pgmpy

EXAMPLES = ["models/examples/sprinkler.yaml", "models/scheming.yaml"]


def assert_close(ours: argmap.Result, ref: dict[str, dict[str, float]], tol: float = 1e-9) -> None:
    for claim, dist in ref.items():
        for state, p in dist.items():
            assert abs(ours.distributions[claim][state] - p) <= tol, (claim, state)


def test_sprinkler_hand_computed() -> None:
    """P(rain | wet) by summing the joint by hand, independently of both engines."""
    model = argmap.load_model("models/examples/sprinkler.yaml")
    p_c = {1: 0.5, 0: 0.5}
    p_r = {1: 0.8, 0: 0.2}  # P(rain | cloudy = key)
    p_s = {1: 0.1, 0: 0.5}

    def p_w(r: int, s: int) -> float:
        return 1 - (1 - 0.01) * (0.1 if r else 1) * (0.1 if s else 1)

    num = den = 0.0
    for c, r, s in itertools.product((0, 1), repeat=3):
        joint = p_c[c] * (p_r[c] if r else 1 - p_r[c]) * (p_s[c] if s else 1 - p_s[c]) * p_w(r, s)
        den += joint
        num += joint * r
    result = argmap.marginals(model, evidence={"wet": "true"})
    assert result.p("rain") == pytest.approx(num / den, abs=1e-12)
    assert result.evidence_probability == pytest.approx(den, abs=1e-12)


def test_two_node_bayes_rule() -> None:
    """P(a | b) = 0.3 * 0.9 / (0.3 * 0.9 + 0.7 * 0.2) = 0.27 / 0.41."""
    model = argmap.load_model_text(
        """
id: bayes
title: Bayes rule
claims:
  a: {statement: A, prior: 0.3}
  b:
    statement: B
    parents: [a]
    table:
      - {when: {a: "true"}, p: 0.9}
      - {when: {a: "false"}, p: 0.2}
"""
    )
    result = argmap.marginals(model, evidence={"b": "true"})
    assert result.p("a") == pytest.approx(0.27 / 0.41, abs=1e-12)
    assert result.evidence_probability == pytest.approx(0.41, abs=1e-12)
    forced = argmap.marginals(model, do={"b": "true"})
    assert forced.p("a") == pytest.approx(0.3, abs=1e-12)


@pytest.mark.parametrize("path", EXAMPLES)
def test_examples_match_pgmpy(path: str) -> None:
    model = argmap.load_model(path)
    assert to_pgmpy(model).check_model()
    assert_close(argmap.marginals(model), pgmpy_marginals(model))


@pytest.mark.parametrize("path", EXAMPLES)
def test_examples_with_evidence_and_do_match_pgmpy(path: str) -> None:
    model = argmap.load_model(path)
    ids = list(model.claims)
    evidence = {ids[-1]: model.claims[ids[-1]].states[0]}
    do = {ids[0]: model.claims[ids[0]].states[-1]}
    ours = argmap.marginals(model, evidence=evidence, do=do)
    assert_close(ours, pgmpy_marginals(model, evidence=evidence, do=do))
    assert ours.distributions[ids[0]][model.claims[ids[0]].states[-1]] == 1.0


def test_credences_change_the_answer_and_match_pgmpy() -> None:
    model = argmap.load_model("models/examples/sprinkler.yaml")
    cred = argmap.load_credences("models/examples/credences/sprinkler-dry.yaml", model)
    ours = argmap.marginals(model, cred)
    assert ours.p("cloudy") == pytest.approx(0.2)
    assert_close(ours, pgmpy_marginals(model, cred.values))


# ---- random models, generated as YAML documents -------------------------------------------


@st.composite
def random_model(draw: Any) -> dict[str, Any]:
    n = draw(st.integers(2, 9))
    claims: dict[str, Any] = {}
    for i in range(n):
        cid = f"c{i}"
        k = draw(st.sampled_from([2, 2, 3]))
        states = ["true", "false"] if k == 2 else ["low", "mid", "high"]
        possible = [f"c{j}" for j in range(i)]
        parents = draw(
            st.lists(st.sampled_from(possible), unique=True, max_size=min(3, len(possible)))
            if possible
            else st.just([])
        )
        claim: dict[str, Any] = {"statement": f"Claim {i}", "states": states}
        if not parents:
            claim["prior"] = _dist(draw, states)
        else:
            kinds = ["table", "table"] + (["noisy_or", "noisy_and", "logic"] if k == 2 else [])
            kind = draw(st.sampled_from(kinds))
            claim["parents"] = parents
            if kind == "table":
                pcards = [claims[p]["states"] for p in parents]
                rows = []
                for combo in itertools.product(*pcards):
                    rows.append(
                        {"when": dict(zip(parents, combo, strict=False)), "p": _dist(draw, states)}
                    )
                claim["table"] = rows
            elif kind == "logic":
                claim["logic"] = (
                    "not" if len(parents) == 1 else draw(st.sampled_from(["all", "any"]))
                )
            else:
                prob = st.floats(0.0, 1.0, allow_nan=False)
                claim[kind] = {"leak": draw(prob), "strengths": {p: draw(prob) for p in parents}}
        claims[cid] = claim
    return {"id": "random", "title": "Random", "claims": claims}


def _dist(draw: Any, states: list[str]) -> dict[str, float]:
    weights = draw(st.lists(st.integers(0, 20), min_size=len(states), max_size=len(states)))
    if sum(weights) == 0:
        weights[0] = 1
    total = sum(weights)
    values = [w / total for w in weights]
    values[-1] = 1.0 - sum(values[:-1])  # exact in floating point up to 1e-16
    return {s: max(0.0, v) for s, v in zip(states, values, strict=False)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=random_model(), data=st.data())
def test_random_models_match_pgmpy(spec: dict[str, Any], data: Any) -> None:
    model = argmap.load_model_text(json.dumps(spec), "random.yaml")
    ids = list(model.claims)
    chosen = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=3))
    split = data.draw(st.integers(0, len(chosen)))
    evidence = {c: data.draw(st.sampled_from(model.claims[c].states)) for c in chosen[:split]}
    do = {c: data.draw(st.sampled_from(model.claims[c].states)) for c in chosen[split:]}
    try:
        ours = argmap.marginals(model, evidence=evidence, do=do)
    except argmap.ImpossibleEvidenceError:
        # Check with the reference that the evidence really is impossible.
        assume(False)
        return
    assert ours.evidence_probability > 0
    for dist in ours.distributions.values():
        assert abs(sum(dist.values()) - 1) < 1e-9
        assert all(0 <= p <= 1 for p in dist.values())
    assert_close(ours, pgmpy_marginals(model, evidence=evidence, do=do))


def test_impossible_evidence_is_an_error_not_nan() -> None:
    model = argmap.load_model_text(
        """
id: z
title: Zero
claims:
  a: {statement: A, prior: 0.0}
  b: {statement: B, parents: [a], logic: not}
"""
    )
    with pytest.raises(argmap.ImpossibleEvidenceError, match="impossible evidence") as err:
        argmap.marginals(model, evidence={"a": "true"})
    assert err.value.codes == ("impossible-evidence",)
    assert err.value.problems[0].argument == "evidence"
    result = argmap.marginals(model, evidence={"b": "true"})
    assert result.p("a") == 0.0 and np.isfinite(result.evidence_probability)


def test_unknown_names_suggest() -> None:
    model = argmap.load_model("models/examples/sprinkler.yaml")
    with pytest.raises(argmap.UnknownNameError, match="did you mean 'rain'") as err:
        argmap.marginals(model, evidence={"rainn": "true"})
    assert err.value.codes == ("unknown-claim",)
    assert err.value.problems[0].loc == ("evidence", "rainn")
    assert str(err.value) == "evidence: unknown claim 'rainn' (did you mean 'rain'?)"
    with pytest.raises(argmap.UnknownNameError, match="unknown state 'maybe'") as err:
        argmap.marginals(model, do={"rain": "maybe"})
    assert err.value.codes == ("unknown-state",) and err.value.problems[0].argument == "do"
    with pytest.raises(argmap.UnknownNameError) as err:
        argmap.marginals(model, evidence={"rain": 1})  # type: ignore[dict-item]
    assert err.value.codes == ("type",)
    with pytest.raises(argmap.InputError, match="both observed and intervened") as err:
        argmap.marginals(model, evidence={"rain": "true"}, do={"rain": "false"})
    assert err.value.codes == ("bad-argument",)
    result = argmap.marginals(model)
    with pytest.raises(argmap.UnknownNameError, match="did you mean 'rain'") as err:
        result.p("rainn")
    assert err.value.codes == ("unknown-claim",) and err.value.problems[0].argument == "claim"
    with pytest.raises(argmap.UnknownNameError) as err:
        result.p("rain", "maybe")
    assert err.value.codes == ("unknown-state",) and err.value.problems[0].argument == "state"


# --- the headline's condition (output.given) ------------------------------------------------

GIVEN_MODEL = "models/examples/sprinkler_given.yaml"


def _p_wet(p_rain: float, p_sprinkler: float) -> float:
    """P(wet) by hand: noisy-OR (leak 0.01, strengths 0.9) over independent rain and sprinkler."""
    return 1 - 0.99 * (1 - 0.9 * p_rain) * (1 - 0.9 * p_sprinkler)


def test_headline_is_the_output_given_the_condition_by_hand_and_by_marginals() -> None:
    model = argmap.load_model(GIVEN_MODEL)
    h = argmap.headline(model)
    assert h.target == "wet=true" and dict(h.given) == {"cloudy": "true"}
    assert h.p_given == pytest.approx(_p_wet(0.8, 0.1), abs=1e-12)  # cloudy: rain .8, sprinkler .1
    assert h.p_unconditional == pytest.approx(
        0.5 * _p_wet(0.8, 0.1) + 0.5 * _p_wet(0.2, 0.5), abs=1e-12)
    assert h.p_given == pytest.approx(argmap.marginals(model, evidence=model.given).p("wet"))
    assert h.p_unconditional == pytest.approx(argmap.marginals(model).p("wet"))
    assert h.distribution["false"] == pytest.approx(1 - h.p_given)
    assert h.to_dict()["given"] == {"cloudy": "true"}


def test_headline_adds_the_callers_evidence_on_other_claims() -> None:
    model = argmap.load_model(GIVEN_MODEL)
    h = argmap.headline(model, evidence={"rain": "true"})
    assert h.p_given == pytest.approx(_p_wet(1.0, 0.1), abs=1e-12)
    want = argmap.marginals(model, evidence={"cloudy": "true", "rain": "true"}).p("wet")
    assert h.p_given == pytest.approx(want)
    assert h.p_unconditional == pytest.approx(
        argmap.marginals(model, evidence={"rain": "true"}).p("wet"))


def test_the_callers_evidence_on_a_given_claim_overrides_the_condition() -> None:
    model = argmap.load_model(GIVEN_MODEL)
    h = argmap.headline(model, evidence={"cloudy": "false"})
    assert dict(h.given) == {}
    assert h.p_given == pytest.approx(_p_wet(0.2, 0.5), abs=1e-12)
    assert h.p_given == h.p_unconditional


def test_do_on_a_given_claim_drops_it_from_the_evidence() -> None:
    model = argmap.load_model(GIVEN_MODEL)
    context = argmap.inference.headline_context(model, do={"cloudy": "false"})
    assert context.evidence == {} and context.do == {"cloudy": "false"} and context.given == {}
    h = argmap.headline(model, do={"cloudy": "false"})
    assert h.p_given == pytest.approx(_p_wet(0.2, 0.5), abs=1e-12)


def test_unconditional_drops_the_whole_condition() -> None:
    model = argmap.load_model(GIVEN_MODEL)
    context = argmap.inference.headline_context(model, {"rain": "true"}, unconditional=True)
    assert context == ({"rain": "true"}, {}, {})
    assert argmap.inference.headline_context(model).evidence == {"cloudy": "true"}


def test_a_model_without_a_condition_has_one_headline_number() -> None:
    model = argmap.load_model("models/examples/sprinkler.yaml")
    h = argmap.headline(model)
    assert dict(h.given) == {} and h.p_given == h.p_unconditional
    assert h.p_given == pytest.approx(argmap.marginals(model).p("wet"))


def test_an_impossible_condition_is_reported_as_such() -> None:
    model = argmap.load_model(GIVEN_MODEL)
    never_cloudy = argmap.load_credences_text(
        "model: sprinkler_given\ncredences: {cloudy: 0}\n", model)
    with pytest.raises(argmap.ImpossibleEvidenceError) as err:
        argmap.headline(model, never_cloudy)
    problem = err.value.problems[0]
    assert problem.code == "impossible-evidence" and problem.argument == "given"
    assert "headline's condition cloudy=true has probability 0" in problem.message
    # the caller's own impossible evidence is still reported as evidence
    with pytest.raises(argmap.ImpossibleEvidenceError) as err:
        argmap.headline(model, never_cloudy, evidence={"cloudy": "true"})
    assert err.value.problems[0].argument == "evidence"
