"""BayesDown import: a hand-computed file, AMTAIR's own files against pyAgrum, and the errors."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

import argmap
from argmap.analysis import coherence
from argmap.errors import InputError
from argmap.interchange import NetworkData, import_network, import_network_text, parse_bayesdown
from tests.support.commands import run_main

ROOT = Path(__file__).resolve().parents[2]
OURS = ROOT / "tests" / "data" / "bayesdown" / "sprinkler.md"
AMTAIR = ROOT / "tests" / "data" / "amtair"


def test_a_hand_computed_file() -> None:
    imported = import_network(OURS)
    model = imported.model
    assert list(model.claims) == ["Rain", "Sprinkler", "Wet"]
    assert model.claims["Wet"].parents == ("Rain", "Sprinkler")
    assert model.claims["Sprinkler"].parents == ("Rain",)
    result = argmap.marginals(model)
    # P(on) = 0.2 * 0.01 + 0.8 * 0.4 = 0.322 (p(off|no_rain) is the rest: 0.6)
    assert result.p("Sprinkler", "on") == pytest.approx(0.322, abs=1e-12)
    # P(wet) = 0.2*0.01*0.99 + 0.2*0.99*0.8 + 0.8*0.4*0.9 + 0.8*0.6*0.0 = 0.44838
    assert result.p("Wet", "wet") == pytest.approx(0.44838, abs=1e-12)
    wet = model.claims["Wet"]
    assert wet.statement == "The grass is wet." and wet.note is not None
    assert "sprinkler.md line 4" in wet.note
    assert wet.stated is not None and wet.stated.p == (0.5, 0.5)
    assert wet.stated.source == "sprinkler.md line 4, priors"
    assert model.claims["Rain"].stated is None  # a node without causes: its priors are its table
    rows = {r.claim: r for r in coherence(model).claims}
    assert rows["Wet"].difference == pytest.approx(0.05162, abs=1e-12)
    assert rows["Sprinkler"].difference == pytest.approx(0.022, abs=1e-12)


def pyagrum_marginals(data: NetworkData) -> dict[str, np.ndarray]:
    """The network's marginals by pyAgrum's LazyPropagation, built from the parsed tables."""
    gum = pytest.importorskip("pyagrum")
    bn = gum.BayesNet("check")
    ids = {}
    for k, var in enumerate(data.variables):
        ids[var] = bn.add(gum.LabelizedVariable(f"v{k}", var, list(data.states[var])))
    for var in data.variables:
        for parent in data.parents[var]:
            bn.addArc(ids[parent], ids[var])
    for var in data.variables:
        parents = data.parents[var]
        pk = [f"v{data.variables.index(p)}" for p in parents]
        for combo in itertools.product(*(range(len(data.states[p])) for p in parents)):
            where = {name: int(s) for name, s in zip(pk, combo, strict=True)}
            bn.cpt(ids[var])[where] = data.tables[var][combo].tolist()
    engine = gum.LazyPropagation(bn)
    engine.makeInference()
    return {var: engine.posterior(ids[var]).toarray() for var in data.variables}


@pytest.mark.parametrize("path", [OURS, AMTAIR / "carlsmith.md", AMTAIR / "rain-sprinkler-lawn.md"],
                         ids=lambda p: p.name)
def test_marginals_equal_pyagrums(path: Path) -> None:
    data = parse_bayesdown(path.read_text(encoding="utf-8"), path.name)
    expected = pyagrum_marginals(data)
    model = import_network(path).model
    result = argmap.marginals(model)
    ids = {c.note.split("variable ")[1].strip("'.)"): cid for cid, c in model.claims.items()
           if c.note}
    assert len(ids) == len(data.variables)
    for var in data.variables:
        got = [result.distributions[ids[var]][s] for s in model.claims[ids[var]].states]
        np.testing.assert_allclose(got, expected[var], rtol=0, atol=1e-9)


def test_amtairs_carlsmith_file_imports_whole() -> None:
    imported = import_network(AMTAIR / "carlsmith.md")
    model = imported.model
    assert len(model.claims) == 23 and imported.report.renormalised_count == 0
    assert "HUMAN_DIS" not in "".join(model.claims)  # ids from the file are valid as they are
    misaligned = model.claims["Misaligned_Power_Seeking"]
    assert misaligned.parents == ("APS_Systems", "Difficulty_Of_Alignment",
                                  "Deployment_Decisions")
    # The node is mentioned again under three other nodes (a repeat without its posteriors).
    assert {c for c, claim in model.claims.items() if "Misaligned_Power_Seeking"
            in claim.parents} == {"Scale_Of_Power_Seeking", "Barriers_To_Understanding",
                                  "Adversarial_Dynamics", "Stakes_Of_Error"}
    result = coherence(model)
    assert len(result.claims) == 12 and len(result.incoherent) == 12
    top = {r.claim: r for r in result.claims}["Existential_Catastrophe"]
    assert top.stated[0] == 0.05 and top.implied[0] == pytest.approx(0.1105, abs=5e-4)


def test_the_cli_imports_and_coherence_runs(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    out = tmp_path / "sprinkler.yaml"
    code, text, err = run_main(capsys, "import", str(OURS), "-o", str(out))
    assert code == 0, err
    assert "imported 3 claims from sprinkler.md (BayesDown)" in text
    assert "stated: {p: {wet: 0.5, dry: 0.5}, source: \"sprinkler.md line 4, priors\"}" in (
        out.read_text())
    code, text, _ = run_main(capsys, "coherence", str(out))
    assert code == 0 and "2 of 2 differ beyond it" in text
    code, _, err = run_main(capsys, "validate", str(out))
    assert code == 0 and err.count("warning: ") == 2


def test_format_by_name_and_markdown_that_is_not_bayesdown(tmp_path: Path) -> None:
    text = OURS.read_text(encoding="utf-8")
    named = tmp_path / "sprinkler.txt"
    named.write_text(text, encoding="utf-8")
    assert len(import_network(named, fmt="bayesdown").model.claims) == 3
    notes = tmp_path / "notes.md"
    notes.write_text("# Meeting notes\n\n- [ ] buy milk\n", encoding="utf-8")
    with pytest.raises(InputError, match="does not look like BayesDown") as err:
        import_network(notes)
    assert err.value.codes == ("syntax",)


@pytest.mark.parametrize(("text", "line", "code", "message"), [
    ('[A]: a. {"instantiations": ["y", "n"], "priors": {"p(y)": "0.3"}}\n'
     '[A]: a. {"instantiations": ["y", "n"], "priors": {"p(y)": "0.4"}}\n',
     2, "duplicate", "conflicting definitions of A: priors differ"),
    ('[A]: a. {"instantiations": ["y", "n"], "posteriors": {"p(y|b)": "0.3"}}\n + [B]\n',
     2, "unknown-name", "B is never defined"),
    ('[A]: a. {"instantiations": ["y"], "priors": {"p(y)": "1"}}\n', 1, "bad-value",
     "instantiations must list two or more"),
    ('[A]: a. {"instantiations": ["y", "n"], "priors": {"p(y)": "1.3"}}\n', 1, "out-of-range",
     "p(y) = 1.3 out of range"),
    ('[A]: a. {"instantiations": ["y", "n"], "priors": {"p(y)": "0.5"}}\nsome prose\n', 2,
     "syntax", "not a BayesDown item"),
    ('[B]: b. {"instantiations": ["y", "n"], "priors": {"p(y)": "0.5"}}\n'
     '[A]: a. {“instantiations”: ["y", "n"]}\n', 2, "syntax", "curly quotes"),
])
def test_located_problems(text: str, line: int, code: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        import_network_text(text, "bayesdown", name="x.md")
    found = [p for p in err.value.problems if message in p.message]
    assert found, err.value
    assert (found[0].file, found[0].line, found[0].code) == ("x.md", line, code)
    assert found[0].column is not None and found[0].column >= 1


def test_a_row_may_leave_one_state_out() -> None:
    data = parse_bayesdown('[A]: a. {"instantiations": ["x", "y", "z"], '
                           '"priors": {"p(x)": "0.2", "p(z)": "0.5"}}')
    assert data.tables["A"].tolist() == pytest.approx([0.2, 0.3, 0.5])
