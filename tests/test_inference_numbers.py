"""Extreme but valid numbers give defined answers, or a clear "impossible evidence" error.

Probabilities of exactly 0 and 1 (in priors, tables, noisy-OR/AND leaks and strengths, logic),
tiny ones (1e-300, and 1e-320 below the normal floats), evidence of probability zero and
evidence whose probability underflows a float: every marginal must be finite, in [0, 1] and
sum to 1, or the query must raise :class:`argmap.ImpossibleEvidenceError` -- and exactly when
the evidence really has probability zero. The reference is brute-force enumeration of the
joint distribution in exact fractions (no underflow), over the same tables.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from fractions import Fraction
from itertools import combinations, product
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap.tables import build_tables, point_values
from argmap.values import Beta, Interval, Point, Value
from tests.support.commands import argmap_cli

ROOT = Path(__file__).resolve().parents[1]

ZERO_ONE = """id: zero_one
title: Zeros and ones everywhere
claims:
  a: {statement: A never holds., prior: 0}
  b: {statement: B always holds., prior: 1}
  c:
    statement: C
    parents: [a, b]
    table:
      - {when: {a: "true", b: "true"}, p: 1}
      - {when: {a: "true", b: "false"}, p: 0}
      - {when: {a: "false", b: "true"}, p: 0.5}
      - {when: {a: "false", b: "false"}, p: 1}
  d:
    statement: D
    parents: [b, c]
    noisy_or: {leak: 0, strengths: {b: 1, c: 0}}
  e:
    statement: E
    parents: [c, d]
    noisy_and: {leak: 1, strengths: {c: 1, d: 0}}
"""

TINY = """id: tiny
title: Tiny numbers
claims:
  a: {statement: A, prior: 1e-300}
  b: {statement: B, prior: 1e-320}
  s:
    statement: S
    states: [low, mid, high]
    prior: {low: 1e-300, mid: 0, high: 1}
  c:
    statement: C
    parents: [a, b]
    table:
      - {when: {a: "true"}, p: 1e-300}
      - {when: {a: "false", b: "true"}, p: 1}
      - {when: {a: "false", b: "false"}, p: 0}
  d:
    statement: D
    states: [x, y, z]
    parents: [s, c]
    table:
      - {when: {s: low}, p: {x: 1, y: 0, z: 0}}
      - {when: {s: mid}, p: {x: 0, y: 1, z: 0}}
      - {when: {s: high, c: "true"}, p: {x: 0, y: 1e-300, z: 1}}
      - {when: {s: high, c: "false"}, p: {x: 1e-300, y: 0, z: 1}}
"""

LOGIC = """id: logic
title: Deterministic logic over certain inputs
claims:
  a: {statement: A, prior: 1}
  b: {statement: B, prior: 0}
  c: {statement: C, prior: 0.5}
  all_of: {statement: All of them., parents: [a, b, c], logic: all}
  any_of: {statement: Any of them., parents: [a, b, c], logic: any}
  not_c: {statement: Not C., parents: [c], logic: not}
"""

CHAIN = (
    "id: chain\ntitle: A chain of rare events\nclaims:\n  c0: {statement: C0, prior: 1e-300}\n"
    + "".join(
        f"  c{i}:\n    statement: C{i}\n    parents: [c{i - 1}]\n    table:\n"
        f'      - {{when: {{c{i - 1}: "true"}}, p: 1e-300}}\n'
        f'      - {{when: {{c{i - 1}: "false"}}, p: 1e-300}}\n'
        for i in range(1, 6)
    )
)

MODELS = {"zero_one": ZERO_ONE, "tiny": TINY, "logic": LOGIC, "chain": CHAIN}


# ---------------------------------------------------------------------------- the reference


def reference(
    model: argmap.Model,
    evidence: Mapping[str, str],
    do: Mapping[str, str],
    overrides: Mapping[str, Value] | None = None,
) -> tuple[Fraction, dict[str, list[Fraction]]]:
    """P(evidence) and the posterior of every claim, exactly, by enumerating the joint."""
    tables = build_tables(model, point_values(model, overrides))
    claims = list(model.claims.values())
    index = {c.id: i for i, c in enumerate(claims)}
    fixed = {index[c]: claims[index[c]].states.index(s) for c, s in {**evidence, **do}.items()}
    total = Fraction(0)
    sums = [[Fraction(0)] * len(c.states) for c in claims]
    for combo in product(*(range(len(c.states)) for c in claims)):
        if any(combo[i] != s for i, s in fixed.items()):
            continue
        weight = Fraction(1)
        for i, claim in enumerate(claims):
            if claim.id in do:  # graph surgery: the claim's own table is cut
                continue
            key = tuple(combo[index[p]] for p in claim.parents) + (combo[i],)
            weight *= Fraction(float(tables[i][key]))
            if not weight:
                break
        total += weight
        for i, state in enumerate(combo):
            sums[i][state] += weight
    return total, {c.id: sums[i] for i, c in enumerate(claims)}


def assignments(model: argmap.Model, size: int) -> Iterator[dict[str, str]]:
    for chosen in combinations(model.claims, size):
        for states in product(*(model.claims[c].states for c in chosen)):
            yield dict(zip(chosen, states, strict=True))


def check_defined(result: argmap.Result) -> None:
    for claim, dist in result.distributions.items():
        values = list(dist.values())
        assert all(math.isfinite(x) and 0.0 <= x <= 1.0 for x in values), (claim, dist)
        assert abs(sum(values) - 1.0) <= 1e-9, (claim, dist)
    # P(evidence) is not a marginal; the engine rounds it (1.0000000000000002 with no evidence).
    assert math.isfinite(result.evidence_probability)
    assert 0.0 <= result.evidence_probability <= 1.0 + 1e-12


def check_query(
    model: argmap.Model,
    evidence: dict[str, str],
    do: dict[str, str],
    overrides: Mapping[str, Value] | None = None,
) -> None:
    """The engine agrees with the exact reference: a defined answer, or impossible evidence."""
    p_evidence, sums = reference(model, evidence, do, overrides)
    if p_evidence == 0:
        with pytest.raises(argmap.ImpossibleEvidenceError, match="impossible evidence") as err:
            argmap.marginals(model, overrides, evidence=evidence, do=do)
        assert err.value.exit_code == 2 and err.value.codes == ("impossible-evidence",)
        return
    result = argmap.marginals(model, overrides, evidence=evidence, do=do)
    check_defined(result)
    for claim, dist in result.distributions.items():
        for state, got in zip(model.claims[claim].states, dist.values(), strict=True):
            want = float(sums[claim][model.claims[claim].states.index(state)] / p_evidence)
            assert got == pytest.approx(want, abs=1e-9), (claim, state, evidence, do)
    assert result.evidence_probability == pytest.approx(float(p_evidence), rel=1e-9, abs=1e-300)


# ---------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("name", sorted(MODELS))
def test_extreme_models_give_defined_answers_or_impossible_evidence(name: str) -> None:
    model = argmap.load_model_text(MODELS[name], f"{name}.yaml")
    check_query(model, {}, {})
    for size in (1, 2):
        for evidence in assignments(model, size):
            check_query(model, evidence, {})
    for do in assignments(model, 1):
        check_query(model, {}, do)
        for evidence in assignments(model, 1):
            if not set(evidence) & set(do):
                check_query(model, evidence, do)


def test_zero_probability_evidence_is_reported_as_impossible() -> None:
    model = argmap.load_model_text(ZERO_ONE)
    with pytest.raises(argmap.ImpossibleEvidenceError) as err:
        argmap.marginals(model, evidence={"a": "true"})
    message = str(err.value)
    assert "impossible evidence: a=true has probability 0" in message
    assert "nan" not in message.lower()
    # The same claim forced by do() is not evidence: it is a defined answer.
    result = argmap.marginals(model, do={"a": "true"})
    check_defined(result)
    assert result.p("a") == 1.0 and result.p("c") == 1.0  # b is certain: the row a, b gives 1


def test_evidence_whose_probability_underflows_still_gives_posteriors() -> None:
    """P(c0..c5 all true) = 1e-1800: not a float, but not zero either."""
    model = argmap.load_model_text(CHAIN)
    evidence = {claim: "true" for claim in model.claims}
    result = argmap.marginals(model, evidence=evidence)
    check_defined(result)
    assert all(result.p(claim) == 1.0 for claim in model.claims)
    p_evidence, _ = reference(model, evidence, {})
    assert p_evidence > 0 and float(p_evidence) == 0.0


def test_extreme_credences_override_the_model() -> None:
    model = argmap.load_model(ROOT / "models/examples/sprinkler.yaml")
    extremes: list[dict[str, Value]] = [
        {"cloudy": Point(0.0), "wet.leak": Point(0.0)},
        {"cloudy": Point(1.0), "wet.rain": Point(1.0), "wet.sprinkler": Point(1.0)},
        {"rain[cloudy=true]": Point(1e-300), "rain[cloudy=false]": Point(1e-300)},
        {"sprinkler[cloudy=false]": Beta(1e-6, 1e6), "wet.leak": Interval(0.0, 0.0)},
        {"cloudy": Interval(1.0, 1.0), "sprinkler[cloudy=true]": Point(0.0)},
    ]
    for overrides in extremes:
        check_query(model, {}, {}, overrides)
        for evidence in assignments(model, 1):
            check_query(model, evidence, {}, overrides)
        check_query(model, {"wet": "true"}, {"rain": "false"}, overrides)


def test_credence_file_with_extreme_numbers(tmp_path: Path) -> None:
    model = argmap.load_model(ROOT / "models/examples/sprinkler.yaml")
    path = tmp_path / "extreme.yaml"
    path.write_text(
        "model: sprinkler\ncredences:\n  cloudy: 1\n  wet: {leak: 0, rain: 1e-300, sprinkler: 0}\n"
        "  rain:\n    - {when: {cloudy: true}, p: 0}\n"
    )
    cred = argmap.load_credences(path, model)
    check_defined(argmap.marginals(model, cred))
    check_defined(argmap.marginals(model, cred, evidence={"wet": "false"}))
    with pytest.raises(argmap.ImpossibleEvidenceError):
        argmap.marginals(model, cred, evidence={"rain": "true"})  # cloudy is certain, rain never


# ---------------------------------------------------------------------------- through the CLI


def test_cli_impossible_evidence_exits_2_with_the_message(tmp_path: Path) -> None:
    path = tmp_path / "zero_one.yaml"
    path.write_text(ZERO_ONE)
    for option in (["--evidence", "a=true"], ["--evidence", "b=false", "--json"]):
        done = argmap_cli("query", str(path), *option)
        assert done.returncode == 2, (done.stdout, done.stderr)
        assert "impossible evidence" in done.stderr and "probability 0" in done.stderr
        assert "Traceback" not in done.stderr
        if "--json" in option:  # the failed envelope, with the problem's code
            data = json.loads(done.stdout)
            assert data["ok"] is False and data["problems"][0]["code"] == "impossible-evidence"
        else:
            assert not done.stdout


@pytest.mark.parametrize("name", sorted(MODELS))
def test_cli_json_numbers_are_defined(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(MODELS[name])
    model = argmap.load_model(path)
    first = next(iter(model.claims))
    queries = [[], ["--do", f"{first}={model.claims[first].states[0]}"]]
    if name == "chain":
        queries.append([f"--evidence={c}=true" for c in model.claims])  # P(e) underflows
    for extra in queries:
        done = argmap_cli("query", str(path), "--json", *extra)
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)["result"]  # NaN or Infinity would parse, and fail below
        for claim, dist in data["marginals"].items():
            assert all(math.isfinite(x) and 0 <= x <= 1 for x in dist.values()), (claim, dist)
            assert sum(dist.values()) == pytest.approx(1.0, abs=1e-9)
        assert math.isfinite(data["evidence_probability"])


# ---------------------------------------------------------------------------- random models

EXTREME = st.sampled_from([0.0, 1.0, 1e-300, 1e-320, 1 - 1e-16, 0.5, 1e-12])
DISTRIBUTIONS_3 = st.sampled_from(
    [
        "{x: 1, y: 0, z: 0}",
        "{x: 0, y: 0, z: 1}",
        "{x: 1e-300, y: 0, z: 1}",
        "{x: 0.5, y: 0.5, z: 0}",
    ]
)


@st.composite
def extreme_models(draw: st.DrawFn) -> str:
    """A random small network (no roles) whose numbers are mostly 0, 1 or tiny."""
    n = draw(st.integers(2, 5))
    lines = ["id: rand", "title: Random extremes", "claims:"]
    for i in range(n):
        three = draw(st.booleans())
        parents = sorted(draw(st.sets(st.integers(0, i - 1), max_size=2))) if i else []
        lines += [f"  c{i}:", f"    statement: C{i}"]
        if three:
            lines.append("    states: [x, y, z]")
        if not parents:
            prior = draw(DISTRIBUTIONS_3) if three else repr(draw(EXTREME))
            lines.append(f"    prior: {prior}")
            continue
        lines.append(f"    parents: [{', '.join(f'c{p}' for p in parents)}]")
        form = "table" if three else draw(st.sampled_from(["table", "noisy_or", "noisy_and"]))
        if form == "table":
            lines.append("    table:")
            lines.append(
                f"      - {{when: {{}}, p: {draw(DISTRIBUTIONS_3) if three else draw(EXTREME)!r}}}"
            )
        else:
            strengths = ", ".join(f"c{p}: {draw(EXTREME)!r}" for p in parents)
            lines.append(f"    {form}: {{leak: {draw(EXTREME)!r}, strengths: {{{strengths}}}}}")
    return "\n".join(lines).replace("'", "") + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=extreme_models(), data=st.data())
def test_random_extreme_models_agree_with_the_exact_reference(
    text: str, data: st.DataObject
) -> None:
    model = argmap.load_model_text(text, "rand.yaml")
    claims = list(model.claims)
    observed = data.draw(st.lists(st.sampled_from(claims), max_size=3, unique=True))
    evidence = {c: data.draw(st.sampled_from(model.claims[c].states)) for c in observed}
    free = [c for c in claims if c not in evidence]
    forced = data.draw(st.lists(st.sampled_from(free), max_size=1)) if free else []
    do = {c: data.draw(st.sampled_from(model.claims[c].states)) for c in forced}
    check_query(model, evidence, do)
