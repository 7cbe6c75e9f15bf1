"""The view lives in the URL: a new session with the URL restores the numbers, observations,
interventions and condition; a link that does not fit says so and restores what fits."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

import argmap
from argmap.ui import controls, state, urlstate
from argmap.ui.describe import pct
from argmap.values import means

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "ui" / "streamlit_app.py")


def _bar(at: AppTest) -> str:
    return next((m.value for m in at.markdown if m.value.startswith("**P(")), "")


def _params(at: AppTest) -> dict[str, list[str]]:
    return {k: list(v) if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def _fresh(params: dict[str, list[str]], page: str | None = "views/inspector.py") -> AppTest:
    """A new session opened on a URL with ``params`` (then on ``page``: the Map shows the
    restore's messages, once)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page is None:
        return at
    at.switch_page(page)
    return at.run()


def test_a_new_session_with_the_url_restores_the_view() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/credences.py")
    at.run()
    model: argmap.Model = at.session_state[state.ACTIVE].model
    first = next(iter(controls.groups(model)))[1][0]
    param = next(p for p in model.parameters_of(first.id) if len(p.states) == 2)
    at.slider(key=controls.key(param.id)).set_value(0.95).run()
    at.switch_page("views/inspector.py")
    at.run()
    observed = next(c for c in model.claims if c not in model.given and c != model.output[0]
                    and not model.claims[c].is_input)  # fmt: skip
    at.selectbox(key="inspect:claim").set_value(observed).run()
    at.button(key=f"observe:{observed}").click().run()
    assert not at.exception
    params = _params(at)
    assert params[urlstate.MODEL] == ["scheming.yaml"]
    assert param.id.split(".")[0] in params[urlstate.CHANGES][0]
    assert params[urlstate.OBSERVE] == [f"{observed}={model.claims[observed].states[0]}"]
    before = _bar(at)

    again = _fresh(params)
    assert not again.exception
    assert _bar(again) == before
    pair = ("scheming.yaml", params[urlstate.PROFILE][0])
    values = again.session_state[state.DRAFTS][pair]
    edited = at.session_state[state.DRAFTS][pair].values[param.id]
    assert values.values[param.id] == edited and means(edited)[0] == 0.95
    evidence = {**argmap.headline_context(model).evidence,
                observed: model.claims[observed].states[0]}  # fmt: skip
    out, index = model.output
    expected = argmap.marginals(model, values.values, evidence=evidence)
    assert f"= {pct(expected.p(out, model.claims[out].states[index]))}**" in _bar(again)


def test_the_condition_toggle_and_do_travel_too() -> None:
    at = _fresh({urlstate.GIVEN: ["0"], urlstate.DO: ["scheming=true"]})
    assert not at.exception
    assert at.session_state[state.APPLY_GIVEN] is False
    assert "under the headline condition" not in _bar(at)
    scenario = at.session_state[state.SCENARIOS]["scheming.yaml"]
    assert scenario.do == {"scheming": "true"}
    assert _params(at)[urlstate.DO] == ["scheming=true"]


def test_a_link_that_does_not_fit_restores_what_fits_and_says_so() -> None:
    at = _fresh({
        urlstate.CHANGES: ["  no_such_claim: 0.5\n"],
        urlstate.OBSERVE: ["nope=true", "scheming=maybe", "scheming=true"],
    }, page=None)  # fmt: skip
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert "does not fully fit" in text
    assert "no\\_such\\_claim" in text and "nope=true" in text and "scheming=maybe" in text
    assert at.session_state[state.SCENARIOS]["scheming.yaml"].evidence == {"scheming": "true"}


def test_hostile_link_text_is_shown_literally() -> None:
    at = _fresh({urlstate.CHANGES: ["  <img src=x onerror=alert(1)>: 0.5\n"]}, page=None)
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert "<img" not in text.replace("\\<img", "")  # escaped for markdown
