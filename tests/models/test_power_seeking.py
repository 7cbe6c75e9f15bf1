"""The power-seeking map against Carlsmith (2021): the chain, the two profiles, pooling.

The report's argument is six premises, each conditional on the ones before; the map's output
must be their product under any profile that sets them, and the optional considerations
(``basis: interpretation``) must leave that product alone at their defaults. The only fixed
numbers are published ones, checked as bands: the report's ~5% and the superforecaster
aggregates' ~0.21%. Everything else is computed here from the profile files.

The pooling demonstration: a panel of five invented forecasters (generated below, labelled
illustrative) whose linear pool of premises is exactly the superforecaster aggregates. Pooling
the premises then propagating gives the product of the means; propagating each forecaster and
then pooling gives the mean of the products. Every forecaster's premises are ordered alike
(the pessimist is pessimistic on every premise), so by Chebyshev's sum inequality the mean of
products is at least the product of means: the same direction as the panel's 1% overall
against the 0.21% product of its aggregates.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from ruamel.yaml import YAML

import argmap
from argmap.interchange import pgmpy_marginals
from tests.support.commands import run_main

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "power_seeking.yaml"
CARLSMITH = ROOT / "models" / "credences" / "carlsmith-2021.yaml"
SUPER = ROOT / "models" / "credences" / "superforecasters-2023.yaml"
CHAIN = ("timelines", "incentives", "alignment_difficulty", "high_impact", "disempowerment",
         "catastrophe")
OPTIONAL = ("agency_by_default", "deployment_pressure", "warning_shots")
AGGREGATES = (0.80, 0.90, 0.58, 0.25, 0.05, 0.40)  # superforecasters 2023, premises 1-6


@cache
def model() -> argmap.Model:
    return argmap.load_model(MODEL)


def premise_parameters(claim: str) -> list[argmap.Parameter]:
    """The parameters that hold premise ``claim``'s number: its prior, or its rows under the
    previous premise being true (one per state of an optional parent)."""
    index = CHAIN.index(claim)
    params = model().parameters_of(claim)
    if index == 0:
        return list(params)
    previous = CHAIN[index - 1]
    return [p for p in params if p.when is not None and p.when.get(previous) == "true"]


def published(path: Path) -> list[float]:
    """Each premise's number as written in the profile file (all its rows must agree)."""
    loaded = argmap.load_credences(path, model())
    numbers = []
    for claim in CHAIN:
        values = {loaded.values[p.id].mean for p in premise_parameters(claim)}
        assert len(values) == 1, (path.name, claim, values)
        numbers.append(float(values.pop()))
    return numbers


def premises_profile(numbers: list[float] | tuple[float, ...]) -> dict[str, argmap.Value]:
    """A credence mapping that sets the six premises (every row of each) to ``numbers``."""
    return {
        p.id: argmap.Point(float(x))
        for claim, x in zip(CHAIN, numbers, strict=True)
        for p in premise_parameters(claim)
    }


def query(capsys: pytest.CaptureFixture[str], *args: str) -> float:
    code, out, err = run_main(capsys, "query", str(MODEL), *args, "--json")
    assert code == 0, err
    return float(json.loads(out)["result"]["marginals"]["catastrophe"]["true"])


# --- the structure -----------------------------------------------------------------------


def test_the_model_is_a_chain_of_six_premises_plus_three_considerations() -> None:
    m = model()
    assert m.output == ("catastrophe", 0) and not m.given
    for previous, claim in zip(CHAIN, CHAIN[1:], strict=False):
        assert previous in m.claims[claim].parents
    for claim in CHAIN:
        assert m.claims[claim].basis == "report" and m.claims[claim].evidence in ("S", "M")
    for claim in OPTIONAL:
        assert m.claims[claim].basis == "interpretation"
    # without the previous premise, the premise is false: the zero rows are structure
    for previous, claim in zip(CHAIN, CHAIN[1:], strict=False):
        zero = [p for p in m.parameters_of(claim) if p.when and p.when.get(previous) == "false"]
        assert zero and all(p.value.mean == 0 for p in zero)


# --- the two profiles --------------------------------------------------------------------


def test_carlsmith_profile_gives_the_product_of_its_premises(
    capsys: pytest.CaptureFixture[str],
) -> None:
    numbers = published(CARLSMITH)
    assert numbers == pytest.approx([0.65, 0.80, 0.40, 0.65, 0.40, 0.95], abs=1e-12)
    p = query(capsys, "-c", str(CARLSMITH))
    assert p == pytest.approx(math.prod(numbers), abs=1e-9)
    assert 0.045 < p < 0.055  # the report: "about 5%" (5.1%)


def test_superforecaster_profile_gives_the_product_of_the_aggregates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    numbers = published(SUPER)
    assert numbers == pytest.approx(list(AGGREGATES), abs=1e-12)
    p = query(capsys, "-c", str(SUPER))
    assert p == pytest.approx(math.prod(numbers), abs=1e-9)
    assert 0.0018 < p < 0.0024  # the aggregates' product, about 0.21%


def test_the_model_defaults_are_the_reports_numbers() -> None:
    base = argmap.marginals(model()).p("catastrophe")
    assert base == pytest.approx(math.prod(published(CARLSMITH)), abs=1e-12)


# --- the considerations leave the answer alone at their defaults --------------------------


@pytest.mark.parametrize("profile", [None, CARLSMITH, SUPER])
def test_optional_parents_do_not_move_the_answer_at_their_defaults(profile: Path | None) -> None:
    cred = argmap.load_credences(profile, model()) if profile else None
    base = argmap.marginals(model(), cred)
    for claim in OPTIONAL:
        for st in model().claims[claim].states:
            forced = argmap.marginals(model(), cred, do={claim: st})
            for premise in CHAIN:
                assert forced.p(premise) == pytest.approx(base.p(premise), abs=1e-12)


def test_removing_the_optional_parents_gives_the_same_answer(tmp_path: Path) -> None:
    yaml = YAML()
    spec = yaml.load(MODEL.read_text(encoding="utf-8"))
    for claim in OPTIONAL:
        del spec["claims"][claim]
    for claim in CHAIN[1:]:
        body = spec["claims"][claim]
        body["parents"] = {CHAIN[CHAIN.index(claim) - 1]: "supports"}
        previous = CHAIN[CHAIN.index(claim) - 1]
        true_row = next(r for r in body["table"] if r["when"][previous] == "true")
        body["table"] = [{"when": {previous: "true"}, "p": true_row["p"]},
                         {"when": {previous: "false"}, "p": 0.0}]
    bare_path = tmp_path / "bare.yaml"
    with bare_path.open("w", encoding="utf-8") as f:
        yaml.dump(spec, f)
    bare = argmap.load_model(bare_path)
    assert set(bare.claims) == set(CHAIN)
    full = argmap.marginals(model()).p("catastrophe")
    assert argmap.marginals(bare).p("catastrophe") == pytest.approx(full, abs=1e-12)


def test_a_split_row_makes_a_consideration_matter() -> None:
    """The considerations are live: splitting their rows moves the answer (and only then)."""
    values = dict(premises_profile(published(CARLSMITH)))
    heeded = next(p for p in premise_parameters("disempowerment")
                  if p.when and p.when.get("warning_shots") == "true")
    values[heeded.id] = argmap.Point(0.1)
    low = argmap.marginals(model(), values, do={"warning_shots": "true"}).p("catastrophe")
    high = argmap.marginals(model(), values, do={"warning_shots": "false"}).p("catastrophe")
    assert low < high


# --- against pgmpy -----------------------------------------------------------------------


@pytest.mark.parametrize("profile", [None, CARLSMITH, SUPER])
def test_marginals_match_pgmpy(profile: Path | None) -> None:
    cred = argmap.load_credences(profile, model()) if profile else None
    ours = argmap.marginals(model(), cred)
    ref = pgmpy_marginals(model(), cred.values if cred else None)
    for claim, dist in ref.items():
        for st, p in dist.items():
            assert ours.distributions[claim][st] == pytest.approx(p, abs=1e-9), (claim, st)
    evidence = {"high_impact": "true"}
    ours = argmap.marginals(model(), cred, evidence=evidence)
    ref = pgmpy_marginals(model(), cred.values if cred else None, evidence=evidence)
    assert ours.p("timelines") == pytest.approx(ref["timelines"]["true"], abs=1e-9)
    assert ours.p("timelines") == pytest.approx(1.0, abs=1e-12)  # the chain: 4 needs 1-3


# --- pooling: pool then propagate is not propagate then pool ------------------------------


def illustrative_panel(n: int = 5, spread: float = 0.9) -> list[list[float]]:
    """``n`` INVENTED forecasters whose mean premise is exactly each aggregate. Forecaster i
    puts premise k at ``a_k + spread * min(a_k, 1 - a_k) * z_i`` with z evenly spaced in
    [-1, 1] (mean 0), so every forecaster's premises are ordered alike."""
    a = np.array(AGGREGATES)
    z = np.linspace(-1.0, 1.0, n)
    panel = a[None, :] + spread * np.minimum(a, 1 - a)[None, :] * z[:, None]
    return [list(map(float, row)) for row in panel]


def test_pool_then_propagate_differs_from_propagate_then_pool() -> None:
    panel = illustrative_panel()
    result = argmap.pool(
        model(),
        [premises_profile(row) for row in panel],
        method="linear",
        labels=[f"invented forecaster {i + 1}" for i in range(len(panel))],
    )
    # the linear pool of the panel's premises is the published aggregate of each premise
    for claim, aggregate in zip(CHAIN, AGGREGATES, strict=True):
        for p in premise_parameters(claim):
            assert result.values[p.id].mean == pytest.approx(aggregate, abs=1e-12)
    products = [math.prod(row) for row in panel]
    assert result.pooled_target == pytest.approx(math.prod(AGGREGATES), abs=1e-12)
    assert result.linear_pool_of_targets == pytest.approx(float(np.mean(products)), abs=1e-12)
    for member, product in zip(result.members, products, strict=True):
        assert member.target == pytest.approx(product, abs=1e-12)
    # comonotone premises: the mean of products is at least the product of means (Chebyshev)
    assert result.linear_pool_of_targets > result.pooled_target


def test_pool_command_reports_both_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = []
    for i, row in enumerate(illustrative_panel()):
        path = tmp_path / f"forecaster-{i + 1}.yaml"
        text = argmap.credence_template(model(), premises_profile(row), author=f"invented {i + 1}",
                                        note="Illustrative: invented for the pooling test.")
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    code, out, err = run_main(capsys, "pool", str(MODEL), *files, "--json")
    assert code == 0, err
    data = json.loads(out)["result"]
    assert data["pooled_target"] == pytest.approx(math.prod(AGGREGATES), abs=1e-9)
    assert data["linear_pool_of_targets"] > data["pooled_target"]
