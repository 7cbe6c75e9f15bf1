"""`argmap explain` on the command line: text, JSON, and refusals (exit 2, option named)."""

from __future__ import annotations

import json

import pytest

import argmap
from argmap.analysis import explain
from argmap.loading import load_model
from tests.support.commands import run_main

SPRINKLER = "models/examples/sprinkler.yaml"


def test_default_model_explains_its_headline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "explain", "--top", "3")
    assert code == 0, err
    model = argmap.load_model("models/scheming.yaml")
    headline = argmap.headline(model)
    claim, index = model.output
    target = f"{claim}={model.claims[claim].states[index]}"
    assert out.startswith(f"Why is P({target}) = {headline.p_given:.1%}?")
    assert "the model's headline condition" in out
    assert "The chain that carries it" in out and "  1. " in out
    assert "#3 " in out and "#4 " not in out


def test_json_is_the_library_result(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "explain", SPRINKLER, "-t", "wet=true", "--evidence",
                            "cloudy=false", "--top", "4", "--json")  # fmt: skip
    assert code == 0
    data = json.loads(out)["result"]
    ours = explain(load_model(SPRINKLER), target="wet=true", evidence={"cloudy": "false"}, top=4)
    assert data["target"] == "wet=true" and data["evidence"] == {"cloudy": "false"}
    assert [s["probability"] for s in data["scenarios"]] == pytest.approx(
        [s.probability for s in ours.scenarios], abs=1e-15
    )
    assert [s["states"] for s in data["scenarios"]] == [dict(s.states) for s in ours.scenarios]
    assert [c["claim"] for c in data["chain"]] == [c.claim for c in ours.chain]
    assert len(data["scenarios"]) == 4  # rain and sprinkler are free: four joint states


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--top", "0"], "--top"),
        (["--top", "51"], "--top"),
        (["-t", "wet=maybe"], "--target"),
        (["-t", "wet=true", "--evidence", "wet=true"], "--target"),
        (["--evidence", "nope=true"], "--evidence"),
    ],
)
def test_refusals_name_the_option(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    code, _, err = run_main(capsys, "explain", SPRINKLER, *argv)
    assert code == 2
    assert err.startswith(f"error: {expected}"), err
    assert "Traceback" not in err

