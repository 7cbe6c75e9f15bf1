"""The headline's condition (``output.given``) in the app: the headline reads under it, names
it in words, shows the unconditional number beside it; the sidebar toggle drops it, and every
page computes under the same context."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import argmap
from argmap.analysis import sensitivity
from argmap.ui import sources, state
from argmap.ui.describe import pct

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "ui" / "streamlit_app.py")
GIVEN = "examples/sprinkler_given.yaml"
PLAIN = "examples/sprinkler.yaml"


@pytest.fixture
def models_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "models"
    (folder / "examples").mkdir(parents=True)
    for rel in (GIVEN, PLAIN):
        shutil.copy(ROOT / "models" / rel, folder / rel)
    monkeypatch.setenv(sources.MODELS_ENV, str(folder))
    return folder


def open_app(model: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[state.PICK_MODEL] = model
    at.run()
    assert not at.exception, at.exception
    return at


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    return "\n".join([*(str(m.value) for m in at.markdown), *(str(c.value) for c in at.caption)])


def test_headline_reads_under_the_condition_and_names_it(models_dir: Path) -> None:
    model = argmap.load_model(models_dir / GIVEN)
    h = argmap.headline(model)
    at = open_app(GIVEN)
    assert at.metric[0].value == pct(h.p_given) != pct(h.p_unconditional)
    shown = texts(at)
    assert "**Given** Cloudy = true" in shown
    assert f"unconditional: {pct(h.p_unconditional)}" in shown
    given_md = next(m for m in at.markdown if "**Given**" in str(m.value))
    assert "already known to be cloudy" in str(given_md.proto.help)  # output.note as its help
    assert at.toggle(key=state.APPLY_GIVEN).value is True


def test_the_toggle_drops_the_condition(models_dir: Path) -> None:
    model = argmap.load_model(models_dir / GIVEN)
    h = argmap.headline(model)
    at = open_app(GIVEN)
    at.toggle(key=state.APPLY_GIVEN).set_value(False)
    run(at)
    assert at.metric[0].value == pct(h.p_unconditional)
    shown = texts(at)
    assert "**Given**" not in shown and "Read without the model's headline condition" in shown
    at.toggle(key=state.APPLY_GIVEN).set_value(True)
    run(at)
    assert at.metric[0].value == pct(h.p_given)


def test_own_observation_of_a_given_claim_replaces_the_condition(models_dir: Path) -> None:
    model = argmap.load_model(models_dir / GIVEN)
    at = open_app(GIVEN)
    at.switch_page("views/inspector.py")
    run(at)
    at.selectbox(key="inspect:claim").select("cloudy")
    run(at)
    at.selectbox(key="inspect:state:cloudy").select("false")
    at.button(key="observe:cloudy").click()
    run(at)
    at.switch_page("views/map.py")
    run(at)
    want = argmap.marginals(model, evidence={"cloudy": "false"}).p("wet")
    assert at.metric[0].value == pct(want)
    assert "**Given**" not in texts(at)


def test_analysis_pages_compute_under_the_same_condition(models_dir: Path) -> None:
    model = argmap.load_model(models_dir / GIVEN)
    at = open_app(GIVEN)
    at.switch_page("views/sensitivity.py")
    run(at)
    from argmap.ui.charts import target_label

    label = f"P({target_label(model, model.output_label)})"
    shown = {m.label.replace("\\", ""): m.value for m in at.metric}
    assert shown[label] == pct(sensitivity(model, evidence=dict(model.given)).base)
    at.toggle(key=state.APPLY_GIVEN).set_value(False)
    run(at)
    shown = {m.label.replace("\\", ""): m.value for m in at.metric}
    assert shown[label] == pct(sensitivity(model).base)


def test_a_model_without_a_condition_shows_no_condition(models_dir: Path) -> None:
    at = open_app(PLAIN)
    shown = texts(at)
    assert "Given**" not in shown and "unconditional" not in shown
    assert "headline condition" not in shown
    assert not [t for t in at.toggle if t.key == state.APPLY_GIVEN]


def test_an_impossible_condition_is_named_on_the_map(models_dir: Path) -> None:
    (models_dir / "examples" / "credences").mkdir()
    never = models_dir / "examples" / "credences" / "never.yaml"
    never.write_text("model: sprinkler_given\ncredences: {cloudy: 0}\n", encoding="utf-8")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[state.PICK_MODEL] = GIVEN
    at.session_state[state.PICK_PROFILE] = "examples/credences/never.yaml"
    run(at)
    shown = "\n".join(str(e.value) for e in at.error)
    assert "headline's condition cloudy=true has probability 0" in shown
    at.toggle(key=state.APPLY_GIVEN).set_value(False)
    run(at)
    assert not at.error and at.metric[0].value == pct(1 - 0.99 * 0.82 * 0.55)  # never cloudy


UNDERSCORED = """\
id: underscored
title: A condition whose state has underscores
output:
  claim: verdict
  state: "true"
  given:
    mood: somewhat_better
claims:
  mood:
    statement: How the mood went.
    short: Mood
    states: [much_worse, somewhat_better]
    prior: {much_worse: 0.4, somewhat_better: 0.6}
  verdict:
    statement: The verdict.
    parents: {mood: null}
    table:
      - {when: {mood: much_worse}, p: 0.2}
      - {when: {mood: somewhat_better}, p: 0.7}
"""


def test_the_condition_names_states_in_words(models_dir: Path) -> None:
    (models_dir / "underscored.yaml").write_text(UNDERSCORED, encoding="utf-8")
    assert argmap.load_model(models_dir / "underscored.yaml").given == {"mood": "somewhat_better"}
    shown = texts(open_app("underscored.yaml"))
    assert "**Given** Mood = somewhat better" in shown
    assert "somewhat_better" not in shown
