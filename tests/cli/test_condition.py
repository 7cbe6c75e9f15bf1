"""The headline's condition (``output.given``) on the command line: query and the analyses
read the output under it by default, say so, and drop it with ``--unconditional``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import argmap
from tests.support.commands import run_main as run

GIVEN = "models/examples/sprinkler_given.yaml"
SPRINKLER = "models/examples/sprinkler.yaml"
SAYS = "given cloudy=true (the model's headline condition; --unconditional to drop it)"


@pytest.fixture(scope="module")
def model() -> argmap.Model:
    return argmap.load_model(GIVEN)


def test_query_shows_the_headline_under_the_condition_and_the_unconditional_beside(
    capsys: pytest.CaptureFixture[str], model: argmap.Model
) -> None:
    code, out, _ = run(capsys, "query", GIVEN)
    assert code == 0 and SAYS in out
    p = argmap.marginals(model, evidence={"cloudy": "true"}).p("wet")
    p0 = argmap.marginals(model).p("wet")
    assert f"P(wet=true | cloudy=true) = {p:.4f}   (unconditional: {p0:.4f})" in out
    assert "cloudy (given)" in out


def test_query_json_has_the_condition_and_both_numbers(
    capsys: pytest.CaptureFixture[str], model: argmap.Model
) -> None:
    code, out, _ = run(capsys, "query", GIVEN, "--json")
    data = json.loads(out)["result"]
    assert code == 0 and data["given"] == {"cloudy": "true"} and data["unconditional"] is False
    h = argmap.headline(model)
    assert data["p_given"] == pytest.approx(h.p_given)
    assert data["p_unconditional"] == pytest.approx(h.p_unconditional)
    assert data["p_given"] != pytest.approx(data["p_unconditional"])
    assert data["marginals"]["wet"]["true"] == pytest.approx(h.p_given)


def test_unconditional_drops_the_condition(
    capsys: pytest.CaptureFixture[str], model: argmap.Model
) -> None:
    code, out, _ = run(capsys, "query", GIVEN, "--unconditional")
    assert code == 0 and SAYS not in out
    assert "unconditional: the model's headline condition cloudy=true is dropped" in out
    assert f"P(wet=true) = {argmap.marginals(model).p('wet'):.4f}" in out
    _, out, _ = run(capsys, "query", GIVEN, "--unconditional", "--json")
    data = json.loads(out)["result"]
    assert data["given"] == {} and data["unconditional"] is True and data["evidence"] == {}


def test_own_evidence_on_a_given_claim_wins(
    capsys: pytest.CaptureFixture[str], model: argmap.Model
) -> None:
    _, out, _ = run(capsys, "query", GIVEN, "-e", "cloudy=false", "--json")
    data = json.loads(out)["result"]
    assert data["given"] == {} and data["evidence"] == {"cloudy": "false"}
    want = argmap.marginals(model, evidence={"cloudy": "false"}).p("wet")
    assert data["p_given"] == pytest.approx(want) == data["p_unconditional"]
    _, out, _ = run(capsys, "query", GIVEN, "--do", "cloudy=false")
    assert "the model's headline condition cloudy=true is replaced by your --evidence and --do" \
        in out


def test_a_model_without_a_condition_prints_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "query", SPRINKLER)
    assert "given" not in out and "unconditional" not in out and "P(wet=true) = 0.6506" in out
    _, with_flag, _ = run(capsys, "query", SPRINKLER, "--unconditional")
    assert with_flag == out
    _, out, _ = run(capsys, "sensitivity", SPRINKLER, "--top", "2")
    assert "given" not in out and "unconditional" not in out


@pytest.mark.parametrize(
    ("command", "key"),
    [
        (["sensitivity"], "base"),
        (["sensitivity", "--pair", "rain[cloudy=true]", "--pair", "wet.rain", "--points", "3"],
         "base"),
        (["voi"], "base"),
        (["montecarlo", "-n", "200"], "point"),
    ],
)
def test_analyses_run_under_the_condition_unless_told_not_to(
    capsys: pytest.CaptureFixture[str], model: argmap.Model, command: list[str], key: str
) -> None:
    code, out, _ = run(capsys, *command, GIVEN)
    assert code == 0 and SAYS in out
    _, out, _ = run(capsys, *command, GIVEN, "--json")
    under = json.loads(out)["result"]
    _, out, _ = run(capsys, *command, GIVEN, "--json", "--unconditional")
    plain = json.loads(out)["result"]
    assert under["given"] == {"cloudy": "true"} and plain["given"] == {}
    assert under[key] == pytest.approx(argmap.headline(model).p_given)
    assert plain[key] == pytest.approx(argmap.headline(model).p_unconditional)


def test_compare_and_pool_run_under_the_condition(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, model: argmap.Model
) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("model: sprinkler_given\ncredences: {\"rain[cloudy=true]\": 0.6}\n")
    b.write_text("model: sprinkler_given\ncredences: {\"rain[cloudy=true]\": 0.9, cloudy: 0.2}\n")
    _, out, _ = run(capsys, "compare", GIVEN, str(a), str(b), "--json")
    under = json.loads(out)["result"]
    _, out, _ = run(capsys, "compare", GIVEN, str(a), str(b), "--json", "--unconditional")
    plain = json.loads(out)["result"]
    # under the condition the prior of cloudy cannot matter; without it, it does
    share = {c["claim"]: c["shapley"] for c in under["cruxes"]}
    assert share["cloudy"] == pytest.approx(0, abs=1e-12)
    assert abs({c["claim"]: c["shapley"] for c in plain["cruxes"]}["cloudy"]) > 0.01
    assert under["given"] == {"cloudy": "true"} and plain["given"] == {}
    _, out, _ = run(capsys, "pool", GIVEN, str(a), str(b))
    assert SAYS in out


def test_an_impossible_condition_is_named_not_blamed_on_evidence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    never = tmp_path / "never.yaml"
    never.write_text("model: sprinkler_given\ncredences: {cloudy: 0}\n")
    for command in ("query", "sensitivity"):
        code, _, err = run(capsys, command, GIVEN, "-c", str(never))
        assert code == 2
        assert "the headline's condition cloudy=true has probability 0" in err
        assert "--evidence" not in err
    code, _, _ = run(capsys, "query", GIVEN, "-c", str(never), "--unconditional")
    assert code == 0


def test_the_condition_line_names_states_in_words_and_json_keeps_the_ids(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The line says ``capability=somewhat better``, as the app names the state; the formula
    line and ``--json`` keep the ids (what ``--evidence`` takes)."""
    code, out, _ = run(capsys, "query", "models/scheming.yaml")
    assert code == 0
    assert "given situational_awareness=true, capability=somewhat better, " in out
    assert "| situational_awareness=true, capability=somewhat_better, " in out
    code, out, _ = run(capsys, "query", "models/scheming.yaml", "--json")
    assert json.loads(out)["result"]["given"]["capability"] == "somewhat_better"
