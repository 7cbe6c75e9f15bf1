"""Every command on a model that is not the scheming model (issue 12: argmap is general).

Runs query, validate, sensitivity, voi, montecarlo, compare (the two published profiles),
pool and every export the brief names on models/power_seeking.yaml, in process. Each must exit
0, say nothing of schemers, and agree with the library where it prints a number.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import argmap
from argmap.interchange import import_network
from tests.support.commands import run_main as run

ROOT = Path(__file__).resolve().parents[2]
MODEL = str(ROOT / "models" / "power_seeking.yaml")
CARLSMITH = str(ROOT / "models" / "credences" / "carlsmith-2021.yaml")
SUPER = str(ROOT / "models" / "credences" / "superforecasters-2023.yaml")


def ok(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = run(capsys, *args)
    assert code == 0, err
    assert "schemer" not in (out + err).lower()
    return out


def library(profile: str | None = None) -> float:
    model = argmap.load_model(MODEL)
    cred = argmap.load_credences(profile, model) if profile else None
    return argmap.marginals(model, cred).p("catastrophe")


def test_validate_and_query(capsys: pytest.CaptureFixture[str]) -> None:
    assert "ok (9 claims" in ok(capsys, "validate", MODEL)
    assert "ok" in ok(capsys, "validate", MODEL, "-c", SUPER)
    out = ok(capsys, "query", MODEL, "-c", CARLSMITH)
    assert "P(catastrophe=true)" in out and f"{library(CARLSMITH):.4f}" in out
    data = json.loads(ok(capsys, "query", MODEL, "-c", SUPER, "--json"))["result"]
    assert data["marginals"]["catastrophe"]["true"] == pytest.approx(library(SUPER), abs=1e-12)


def test_sensitivity_voi_and_montecarlo(capsys: pytest.CaptureFixture[str]) -> None:
    out = ok(capsys, "sensitivity", MODEL, "-c", CARLSMITH, "--top", "5")
    assert "Sensitivity of P(catastrophe=true)" in out
    data = json.loads(ok(capsys, "sensitivity", MODEL, "-c", CARLSMITH, "--json"))["result"]
    assert data["base"] == pytest.approx(library(CARLSMITH), abs=1e-12)
    assert "Value of information" in ok(capsys, "voi", MODEL, "-c", SUPER, "--top", "3")
    data = json.loads(ok(capsys, "voi", MODEL, "--json"))["result"]
    assert data["claims"]
    data = json.loads(ok(capsys, "montecarlo", MODEL, "-c", CARLSMITH, "--samples", "500",
                         "--json"))["result"]
    assert data  # all points: every sample is the exact answer
    assert ok(capsys, "montecarlo", MODEL, "--samples", "200")


def test_compare_and_pool_the_two_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(ok(capsys, "compare", MODEL, CARLSMITH, SUPER, "--json"))["result"]
    assert data["a"]["target"] == pytest.approx(library(CARLSMITH), abs=1e-9)
    assert data["b"]["target"] == pytest.approx(library(SUPER), abs=1e-9)
    assert "catastrophe" in ok(capsys, "compare", MODEL, CARLSMITH, SUPER)
    data = json.loads(ok(capsys, "pool", MODEL, CARLSMITH, SUPER, "--json"))["result"]
    assert data["linear_pool_of_targets"] == pytest.approx(
        (library(CARLSMITH) + library(SUPER)) / 2, abs=1e-12)
    mean = [(a + b) / 2 for a, b in zip((0.65, 0.80, 0.40, 0.65, 0.40, 0.95),
                                        (0.80, 0.90, 0.58, 0.25, 0.05, 0.40), strict=True)]
    assert data["pooled_target"] == pytest.approx(math.prod(mean), abs=1e-9)
    assert ok(capsys, "pool", MODEL, CARLSMITH, SUPER)


@pytest.mark.parametrize("fmt", ["svg", "dot", "mermaid", "argdown", "bif", "json"])
def test_exports(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"power_seeking.{fmt}"
    text = ok(capsys, "export", MODEL, "-c", CARLSMITH, "--format", fmt, "-o", str(out))
    assert f"({fmt}," in text
    data = out.read_text(encoding="utf-8")
    assert "schemer" not in data.lower()
    if fmt in ("svg", "dot", "mermaid", "argdown"):
        assert "Existential catastrophe" in data or "existential catastrophe" in data
    if fmt == "bif":
        imported = import_network(out)
        assert set(imported.model.claims) == set(argmap.load_model(MODEL).claims)
    if fmt == "json":
        assert "power_seeking" in data


def test_without_a_model_the_credence_file_names_it(capsys: pytest.CaptureFixture[str]) -> None:
    rel_a = "models/credences/carlsmith-2021.yaml"
    rel_b = "models/credences/superforecasters-2023.yaml"
    data = json.loads(ok(capsys, "query", "-c", rel_b, "--json"))["result"]
    assert data["model"] == "power_seeking"
    data = json.loads(ok(capsys, "compare", rel_a, rel_b, "--json"))["result"]
    assert data["model"] == "power_seeking"
    data = json.loads(ok(capsys, "pool", CARLSMITH, SUPER, "--json"))["result"]
    assert data["model"] == "power_seeking"
    code, out, _ = run(capsys, "query", "--json")  # no credence file: the scheming model
    assert code == 0 and json.loads(out)["result"]["model"] == "scheming"
