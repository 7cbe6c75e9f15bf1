"""The Why? page: the chain in words, the scenarios, errors in a box (AppTest and the words)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from argmap.analysis import explain
from argmap.loading import load_model
from argmap.ui.describe import pct, state_label
from argmap.ui.explaining import chain_sentences, mpe_table, scenario_table

ROOT = Path(__file__).resolve().parents[2]
SPRINKLER = ROOT / "models" / "examples" / "sprinkler.yaml"


def test_chain_sentences_use_short_names_and_the_numbers() -> None:
    model = load_model(SPRINKLER)
    why = explain(model, target="wet=true")
    lines = chain_sentences(model, why)
    assert lines[0] == ("**Rain** is *true* in 70.5% of the cases where **Wet grass** is *true* "
                        "(50.0% before knowing that).")  # fmt: skip
    assert lines[1].startswith("**Cloudy** is *true* in 79.4% of the cases where the steps above")
    assert len(lines) == len(why.chain)


def test_scenario_tables_name_claims_and_states_readably() -> None:
    model = load_model(ROOT / "models" / "scheming.yaml")
    why = explain(model, top=3)
    table = scenario_table(model, why)
    assert list(table["#"]) == [1, 2, 3]
    assert list(table["P(scenario | target)"]) == [pct(s.probability) for s in why.scenarios]
    text = " ".join(table["what differs from the most probable"])
    assert not any(f"{c}:" in text for c in model.claims if model.claims[c].short != c)
    full = mpe_table(model, why)
    assert list(full["id"]) == list(why.scenarios[0].states)
    assert all("_" not in s for s in full["state"])
    assert set(full["claim"]) <= {c.short for c in model.claims.values()}


def _open_why(at: AppTest) -> AppTest:
    at.switch_page("views/why.py")
    return at.run()


def test_the_page_shows_the_chain_and_scenarios() -> None:
    at = _open_why(AppTest.from_file(str(ROOT / "ui" / "streamlit_app.py"), default_timeout=60))
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    model = load_model(ROOT / "models" / "scheming.yaml")
    out, index = model.output
    assert f"**{model.claims[out].short}** is *{state_label(model.claims[out].states[index])}*" \
        in text
    assert "The chain that carries it" in text
    assert len(at.table) == 1 and len(at.dataframe) == 1  # scenarios; the MPE in full
    assert len(at.table[0].value) == 5
    at.number_input(key="why:top").set_value(2).run()
    assert len(at.table[0].value) == 2


@pytest.mark.parametrize("evidence", [{"scheming": "true"}])
def test_an_observed_target_is_an_error_box_not_a_traceback(evidence: dict[str, str]) -> None:
    at = AppTest.from_file(str(ROOT / "ui" / "streamlit_app.py"), default_timeout=60).run()
    at.session_state["why:target"] = "scheming=true"
    from argmap.ui import state

    for claim, value in evidence.items():
        at.session_state[state.SCENARIOS]["scheming.yaml"] = state.Scenario({claim: value}, {})
    at = _open_why(at)
    assert not at.exception
    assert at.error and "Cannot explain" in at.error[0].value
