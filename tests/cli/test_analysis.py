"""The analysis commands: tables, --json, options, and exit code 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap import load_credences, load_model, marginals
from tests.support.commands import run_main as run

SCHEMING = "models/scheming.yaml"
SPRINKLER = "models/examples/sprinkler.yaml"
DRY = "models/examples/credences/sprinkler-dry.yaml"
PROFILES = sorted(  # the scheming model's profiles (the folder also holds other models')
    str(p) for p in Path("models/credences").glob("*.yaml")
    if "\nmodel: scheming\n" in p.read_text(encoding="utf-8")
)


def test_sensitivity_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sensitivity", SCHEMING, "--top", "5")
    assert code == 0 and "Sensitivity of P(model_class=schemer)" in out and "more (--top 0" in out
    code, out, _ = run(
        capsys, "sensitivity", SPRINKLER, "--json", "-e", "wet=true", "-t", "rain=true"
    )
    data = json.loads(out)["result"]
    assert data["target"] == "rain=true" and data["evidence"] == {"wet": "true"}
    assert (
        abs(data["base"] - marginals(load_model(SPRINKLER), evidence={"wet": "true"}).p("rain"))
        < 1e-12
    )


def test_two_way_grid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "sensitivity",
        SPRINKLER,
        "--pair",
        "cloudy",
        "--pair",
        "wet.rain",
        "--points",
        "3",
        "--json",
    )
    assert code == 0
    data = json.loads(out)["result"]
    assert len(data["values"]) == 3 and data["x"]["key"] == "cloudy"
    code, out, _ = run(capsys, "sensitivity", SPRINKLER, "--pair", "cloudy", "--pair", "wet.rain")
    assert code == 0 and "(rows)" in out


def test_voi(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "voi", SCHEMING, "--top", "3")
    assert code == 0 and "Value of information" in out
    code, out, _ = run(capsys, "voi", SPRINKLER, "--json", "--rank", "mi", "--do", "cloudy=true")
    data = json.loads(out)["result"]
    assert data["rank_by"] == "mi" and "cloudy" not in [c["claim"] for c in data["claims"]]


def test_montecarlo(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "montecarlo", SCHEMING, "--samples", "500", "--seed", "3")
    assert code == 0 and "5-95% interval" in out and "What drives the spread" in out
    code, out, _ = run(capsys, "montecarlo", SPRINKLER, "-c", DRY, "-n", "300", "--json")
    a = json.loads(out)["result"]
    code, out, _ = run(capsys, "montecarlo", SPRINKLER, "-c", DRY, "-n", "300", "--json")
    assert json.loads(out)["result"] == a  # reproducible
    assert sum(a["histogram"]["counts"]) == 300
    code, out, _ = run(capsys, "montecarlo", SPRINKLER, "-n", "10", "--json")
    assert json.loads(out)["result"]["mean"] == marginals(load_model(SPRINKLER)).p("wet")


def test_compare(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", SPRINKLER, DRY, DRY)
    assert code == 0 and "attributed to the 0 claims" in out
    if len(PROFILES) >= 2:
        code, out, _ = run(capsys, "compare", SCHEMING, PROFILES[0], PROFILES[1], "--json")
        assert code == 0
        data = json.loads(out)["result"]
        total = sum(c["shapley"] for c in data["cruxes"])
        assert abs(total - data["difference"]) < 1e-10
        code, out, _ = run(capsys, "compare", SCHEMING, PROFILES[0], PROFILES[1])
        assert "difference B - A" in out and "To meet halfway" in out


def test_pool_writes_a_profile(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "group.yaml"
    code, out, _ = run(
        capsys, "pool", SPRINKLER, DRY, DRY, "--method", "log", "-w", "2,1", "-o", str(target)
    )
    assert code == 0 and "wrote" in out and "Log pool of 2 profiles" in out
    model = load_model(SPRINKLER)
    group = load_credences(target, model)
    dry = load_credences(DRY, model)
    assert group.values["cloudy"].mean == pytest.approx(dry.values["cloudy"].mean)
    code, _, err = run(capsys, "pool", SPRINKLER, DRY, DRY, "-o", str(target))
    assert code == 2 and "file exists" in err
    code, out, _ = run(capsys, "pool", SPRINKLER, DRY, DRY, "--json", "-w", "1", "-w", "3")
    assert [m["weight"] for m in json.loads(out)["result"]["members"]] == [0.25, 0.75]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["sensitivity", SPRINKLER, "--target", "wet=damp"], "--target: unknown state 'damp'"),
        (["sensitivity", SPRINKLER, "--pair", "cloudy"], "--pair: expected two --pair"),
        (["sensitivity", SPRINKLER, "--pair", "cloudy", "--pair", "wet.rian"],
         "--pair: unknown parameter 'wet.rian' (did you mean 'wet.rain'?)"),
        (["sensitivity", SPRINKLER, "--swing", "2"], "--swing: expected a number in [0, 1]"),
        (["voi", SPRINKLER, "--rank", "best"], "--rank: unknown ranking"),
        (["voi", SPRINKLER, "--evidence", "wet"], "--evidence: bad value 'wet' (expected id="),
        (["voi", SPRINKLER, "-e", "wet=true", "-t", "wet"], "--target: the target 'wet' is"),
        (["montecarlo", SPRINKLER, "--samples", "0"], "--samples: expected 1 to 10,000,000"),
        (["montecarlo", SPRINKLER, "--bins", "0"], "--bins: expected 1 to 10,000 histogram"),
        (["montecarlo", SPRINKLER, "--do", "nope=true"], "--do: unknown claim 'nope'"),
        (["compare", SPRINKLER, DRY, "missing.yaml"], "missing.yaml"),
        (["compare", SPRINKLER, DRY, DRY, "--exact-limit", "30"], "--exact-limit: expected 0 to"),
        (["compare", SPRINKLER, DRY, DRY, "--exact-limit", "0", "--permutations", "1"],
         "--permutations: expected 2 to 100,000 permutations"),
        (["pool", SPRINKLER, DRY], "FILES: expected two or more"),
        (["pool", SPRINKLER, DRY, DRY, "--weights", "1,x"], "--weights: bad weight"),
        (["pool", SPRINKLER, DRY, DRY, "--weights", "1,2,3"], "--weights: expected 2 weights"),
        (["pool", SPRINKLER, DRY, DRY, "--method", "median"], "--method: unknown method"),
    ],
)
def test_bad_input_exits_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and f"error: {message}" in err and "Traceback" not in err, err
