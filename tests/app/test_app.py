"""The Streamlit app, driven headlessly with AppTest: every number matches the library."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import argmap
from argmap import Beta, Interval, MeanSd, Point, PointDist
from argmap.ui import edit, sources, state
from argmap.ui.describe import dependence, md, pct

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "ui" / "streamlit_app.py")
SPRINKLER = "examples/sprinkler.yaml"
DRY = "examples/credences/sprinkler-dry.yaml"
TRI = "examples/tri.yaml"
TRI_TEXT = """\
argmap: 1
id: tri
title: "A toy with three-state claims, *markdown* and <b>tags</b>"
output: {claim: verdict, state: "true"}
groups:
  - {id: inputs, title: Inputs}
  - {id: effects, title: Effects}
claims:
  mood:
    statement: "The mood is *bright* <script>window.__x=1</script>"
    short: Mood
    states: [low, medium, high]
    group: inputs
    prior: {low: 0.2, medium: 0.5, high: 0.3}
  effort:
    statement: Effort is high.
    group: inputs
    prior: beta(3, 7)
  result:
    statement: The result is good.
    states: [poor, fair, good]
    group: effects
    parents: {mood: moderates}
    table:
      - when: {mood: low}
        p: {poor: 0.6, fair: 0.3, good: 0.1}
      - when: {mood: medium}
        p: {poor: 0.3, fair: 0.4, good: 0.3}
      - when: {mood: high}
        p: dirichlet(1, 3, 6)
  verdict:
    statement: The verdict is favourable.
    group: effects
    parents:
      result: {role: supports, active: good}
      effort: supports
    noisy_or:
      leak: 0.05
      strengths: {result: 0.7, effort: 0.4}
  both:
    statement: Both hold.
    parents: {verdict: supports, effort: supports}
    logic: all
"""


@pytest.fixture
def models_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private models folder: the sprinkler example, its credence file, a 3-state toy."""
    folder = tmp_path / "models"
    (folder / "examples" / "credences").mkdir(parents=True)
    shutil.copy(ROOT / "models" / SPRINKLER, folder / SPRINKLER)
    shutil.copy(ROOT / "models" / DRY, folder / DRY)
    (folder / TRI).write_text(TRI_TEXT, encoding="utf-8")
    monkeypatch.setenv(sources.MODELS_ENV, str(folder))
    return folder


def open_app(model: str = SPRINKLER, profile: str | None = None) -> AppTest:
    """The app on ``model`` (and ``profile``), with every group of sliders open."""
    at = AppTest.from_file(APP, default_timeout=60)
    for i in range(4):
        at.session_state[f"map:open:{i}"] = True
    at.session_state[state.PICK_MODEL] = model
    if profile is not None:
        at.session_state[state.PICK_PROFILE] = profile
    at.run()
    assert not at.exception, at.exception
    return at


def run(target: Any) -> AppTest:
    """Run the app (or the app of a just-changed widget); fail on any exception.

    A credence slider on the Map re-runs only the page's live fragments, and AppTest then
    holds only their elements, where the browser keeps the rest of the page: a full run
    follows, to read the whole page. ``test_map_live.py`` checks the fragments' own run.
    """
    at: AppTest = target.run()
    assert not at.exception, at.exception
    if not any(s.key == state.PICK_MODEL for s in at.selectbox):  # a fragments-only run
        at.run()
        assert not at.exception, at.exception
    return at


def headline(at: AppTest) -> str:
    return str(at.metric[0].value)


def expected(model: argmap.Model, values=None, evidence=None, do=None) -> str:  # noqa: ANN001
    claim, index = model.output
    result = argmap.marginals(model, values, evidence=evidence, do=do)
    return pct(result.p(claim, model.claims[claim].states[index]))


def draft_values(at: AppTest) -> dict[str, argmap.Value]:
    active = at.session_state[state.ACTIVE]
    return dict(at.session_state[state.DRAFTS][(active.model_key, active.profile_key)].values)


def errors(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in at.error).replace("\\", "")


# --- opening ------------------------------------------------------------------------------


def test_opens_on_the_scheming_model_and_the_authors_profile(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(sources.MODELS_ENV, raising=False)
    scheming = ROOT / "models" / "scheming.yaml"
    carlsmith = ROOT / "models" / "credences" / "carlsmith.yaml"
    if not (scheming.exists() and carlsmith.exists()):
        pytest.skip("the scheming model or its carlsmith profile is not in models/ yet")
    at = AppTest.from_file(APP, default_timeout=60)
    run(at)
    assert at.session_state[state.PICK_MODEL] == "scheming.yaml"
    assert at.session_state[state.PICK_PROFILE] == "credences/carlsmith.yaml"
    model = argmap.load_model(scheming)
    assert headline(at) == expected(model, argmap.load_credences(carlsmith, model),
                                    evidence=argmap.headline_context(model).evidence)
    assert len(at.get("bidi_component")) == 1  # the clickable diagram (ui/diagram.py)


def test_every_parameter_has_a_slider_named_after_it(models_dir: Path):
    for key in (SPRINKLER, TRI):
        at = open_app(key)
        model = argmap.load_model(models_dir / key)
        keys = {s.key for s in at.slider}
        for param in model.parameters.values():
            if param.is_scalar:
                assert f"cred:{param.id}" in keys
            else:
                assert {f"cred:{param.id}@{s}" for s in param.states} <= keys


# --- the headline follows the credences ----------------------------------------------------


@pytest.mark.parametrize(
    ("pid", "value"), [("cloudy", 0.3), ("rain[cloudy=false]", 0.55), ("wet.leak", 0.2)]
)
def test_a_slider_moves_the_headline_to_the_librarys_number(models_dir: Path, pid, value):
    model = argmap.load_model(models_dir / SPRINKLER)
    at = open_app()
    before = headline(at)
    assert before == expected(model)
    run(at.slider(key=f"cred:{pid}").set_value(value))
    assert headline(at) == expected(model, {pid: Point(value)})
    assert headline(at) != before
    assert at.metric[0].delta  # the change against the loaded profile is shown
    wet = json.loads(at.get("bidi_component")[0].proto.json)["nodes"]["wet"]["lines"]
    p = argmap.marginals(model, {pid: Point(value)}).p("wet")
    assert f"{p:.0%}" in wet


def test_a_profile_and_several_changes_match_the_library(models_dir: Path):
    model = argmap.load_model(models_dir / SPRINKLER)
    dry = argmap.load_credences(models_dir / DRY, model)
    at = open_app(profile=DRY)
    assert headline(at) == expected(model, dry)
    run(at.slider(key="cred:cloudy").set_value(0.6))
    run(at.slider(key="cred:wet.sprinkler").set_value(0.4))
    values = {**dry.values, "cloudy": Point(0.6), "wet.sprinkler": Point(0.4)}
    assert headline(at) == expected(model, values)
    # an uncertain value's slider moves its mean and keeps its kind
    run(at.slider(key="cred:sprinkler[cloudy=false]").set_value(0.5))
    moved = draft_values(at)["sprinkler[cloudy=false]"]
    assert isinstance(moved, Beta) and moved.mean == pytest.approx(0.5)
    assert moved.a + moved.b == pytest.approx(10)
    assert headline(at) == expected(model, draft_values(at))


# --- evidence and interventions -----------------------------------------------------------


def inspect(at: AppTest, claim: str) -> AppTest:
    at.switch_page("views/inspector.py")
    run(at)
    return run(at.selectbox(key="inspect:claim").select(claim))


def test_evidence_and_interventions_take_effect(models_dir: Path):
    model = argmap.load_model(models_dir / SPRINKLER)
    at = open_app()
    inspect(at, "rain")
    at.selectbox(key="inspect:state:rain").select("true")
    run(at.button(key="observe:rain").click())
    inspect(at, "sprinkler")
    at.selectbox(key="inspect:state:sprinkler").select("false")
    run(at.button(key="force:sprinkler").click())
    at.switch_page("views/map.py")
    run(at)
    evidence, do = {"rain": "true"}, {"sprinkler": "false"}
    assert headline(at) == expected(model, evidence=evidence, do=do)
    assert headline(at) != expected(model)
    # the active ones are listed in the sidebar and can be removed
    run(at.button(key="release:rain").click())
    assert headline(at) == expected(model, do=do)
    run(at.button(key="release:sprinkler").click())
    assert headline(at) == expected(model)


def test_observing_a_claim_shows_its_new_probability_in_the_inspector(models_dir: Path):
    model = argmap.load_model(models_dir / SPRINKLER)
    at = open_app()
    inspect(at, "wet")
    at.selectbox(key="inspect:state:wet").select("true")
    run(at.button(key="observe:wet").click())
    run(at.selectbox(key="inspect:claim").select("rain"))
    p = argmap.marginals(model, evidence={"wet": "true"}).p("rain")
    assert any(pct(p) in str(bar.proto.text) for bar in at.get("progress"))


def test_impossible_evidence_is_a_message_not_a_crash(models_dir: Path):
    at = open_app()
    run(at.slider(key="cred:cloudy").set_value(1.0))
    inspect(at, "cloudy")
    at.selectbox(key="inspect:state:cloudy").select("false")
    run(at.button(key="observe:cloudy").click())
    assert "probability 0" in errors(at)
    assert not at.session_state[state.SCENARIOS][SPRINKLER].evidence  # nothing was added
    # evidence that becomes impossible after a credence change
    at.switch_page("views/map.py")
    run(at)
    run(at.slider(key="cred:cloudy").set_value(0.5))
    inspect(at, "cloudy")
    at.selectbox(key="inspect:state:cloudy").select("false")
    run(at.button(key="observe:cloudy").click())
    at.switch_page("views/map.py")
    run(at)
    run(at.slider(key="cred:cloudy").set_value(1.0))
    assert "impossible" in errors(at)
    assert headline(at) == "—"


# --- uploads and invalid files ------------------------------------------------------------

BAD_MODEL = b"""\
id: bad
title: Bad
claims:
  rain: {statement: It rains., prior: 1.3}
  wet: {statement: Wet., parents: [rian], noisy_or: {leak: 0.1, strengths: {rian: 0.5}}}
"""


def test_upload_handling_returns_a_model_or_located_problems():
    problems = sources.model_from_upload(BAD_MODEL, "../../etc/bad.yaml")
    assert isinstance(problems, list) and len(problems) >= 2
    assert all(p.startswith("bad.yaml:") for p in problems)  # no folders in the name
    assert any("bad.yaml:4:" in p and "out of range" in p for p in problems)
    assert any("rian" in p for p in problems)
    too_big = sources.model_from_upload(b"#" * (sources.MAX_UPLOAD_BYTES + 1), "big.yaml")
    assert isinstance(too_big, list) and "too large" in too_big[0]
    binary = sources.model_from_upload(b"\x00\x01\x02", "x.yaml")
    assert isinstance(binary, list) and "binary" in binary[0]
    good = sources.model_from_upload((ROOT / "models" / SPRINKLER).read_bytes(), "s.yaml")
    assert isinstance(good, argmap.Model) and good.id == "sprinkler"
    bad_cred = sources.credences_from_upload(
        b"model: sprinkler\ncredences: {cloudy: 2}\n", "c.yaml", good
    )
    assert isinstance(bad_cred, list) and bad_cred[0].startswith("c.yaml:2:")


def test_an_invalid_uploaded_model_shows_its_problems(models_dir: Path):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[state.PICK_MODEL] = state.UPLOAD
    at.session_state[state.UPLOADS] = {
        "model": sources.Upload("bad.yaml", BAD_MODEL),
        "profile": None,
    }
    run(at)
    text = errors(at)
    assert "cannot be loaded" in text
    assert "bad.yaml:4:" in text and "out of range" in text
    assert not at.metric  # no page ran on a broken model
    # the app keeps running: pick a good model
    run(at.selectbox(key=state.PICK_MODEL).select(SPRINKLER))
    assert not at.error and at.metric


def test_a_valid_uploaded_model_and_an_invalid_uploaded_profile(models_dir: Path):
    model_bytes = (models_dir / SPRINKLER).read_bytes()
    upload = sources.Upload("mine.yaml", model_bytes)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[state.PICK_MODEL] = state.UPLOAD
    at.session_state[state.PICK_PROFILE] = state.UPLOAD
    at.session_state[state.UPLOADS] = {
        "model": upload,
        "profile": sources.Upload("c.yaml", b"model: sprinkler\ncredences:\n  cloudy: nope\n"),
    }
    run(at)
    text = errors(at)
    assert "c.yaml:3:" in text and "showing the model's own numbers" in text
    assert headline(at) == expected(argmap.load_model(models_dir / SPRINKLER))


def test_a_model_that_does_not_validate_in_the_folder(models_dir: Path):
    (models_dir / "broken.yaml").write_text(BAD_MODEL.decode(), encoding="utf-8")
    at = open_app("broken.yaml")
    assert "models/broken.yaml:4:" in errors(at)


# --- saving -------------------------------------------------------------------------------


def own_profile(path: Path) -> str:
    """Mark a profile as saved by the app (the only kind "Save" writes over); its new text."""
    from argmap.ui.save_as import MARK

    text = MARK + "\n" + path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    return text


def test_save_writes_a_file_that_loads_back_equal_and_keeps_comments(models_dir: Path):
    path = models_dir / DRY
    original = own_profile(path)
    model = argmap.load_model(models_dir / SPRINKLER)
    at = open_app(profile=DRY)
    run(at.slider(key="cred:cloudy").set_value(0.35))
    run(at.slider(key="cred:wet.rain").set_value(0.8))
    at.switch_page("views/credences.py")
    run(at)
    run(at.button(key="credences:save").click())
    assert "Saved 2 changed numbers" in "\n".join(str(s.value) for s in at.success)
    saved = path.read_text(encoding="utf-8")
    assert saved != original
    for comment in ("# A teaching credence file", "# clouds are rare here", "# dew, somewhere"):
        assert comment in saved
    keys = [line.split(":")[0] for line in saved.splitlines() if line and line[0].isalpha()]
    assert keys == [
        line.split(":")[0] for line in original.splitlines() if line and line[0].isalpha()
    ]
    loaded = argmap.load_credences(path, model)
    values = draft_values(at)
    effective = {pid: loaded.values.get(pid, p.value) for pid, p in model.parameters.items()}
    assert effective == values
    assert loaded.values["cloudy"] == Point(0.35)
    # after the save the file is the new baseline: nothing is left to save
    assert at.button(key="credences:save").disabled


def test_save_is_refused_when_the_file_changed_on_disk(models_dir: Path):
    path = models_dir / DRY
    own_profile(path)
    at = open_app(profile=DRY)
    run(at.slider(key="cred:cloudy").set_value(0.35))
    theirs = path.read_text(encoding="utf-8") + "# someone else's edit\n"
    path.write_text(theirs, encoding="utf-8")
    at.switch_page("views/credences.py")
    run(at)
    assert any("changed on disk" in str(w.value) for w in at.warning)
    run(at.button(key="credences:save").click())
    assert "Not saved" in errors(at) and "changed on disk" in errors(at)
    assert path.read_text(encoding="utf-8") == theirs  # their edit is intact
    # reloading keeps the person's change on top of the new file, then saving works
    run(at.button(key="credences:reload").click())
    assert draft_values(at)["cloudy"] == Point(0.35)
    run(at.button(key="credences:save").click())
    saved = path.read_text(encoding="utf-8")
    assert "# someone else's edit" in saved and "cloudy: 0.35" in saved


def test_save_never_replaces_a_read_only_file(models_dir: Path):
    path = models_dir / DRY
    original = own_profile(path)
    path.chmod(0o444)
    at = open_app(profile=DRY)
    run(at.slider(key="cred:cloudy").set_value(0.35))
    at.switch_page("views/credences.py")
    run(at)
    run(at.button(key="credences:save").click())
    assert "Not saved" in errors(at) and "is read-only (permission denied" in errors(at)
    assert not at.exception
    assert path.read_text(encoding="utf-8") == original and not path.stat().st_mode & 0o222


def test_a_read_only_server_offers_download_not_save(
    models_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    """ARGMAP_READ_ONLY=1 (a shared server): nobody can overwrite the shipped profiles."""
    monkeypatch.setenv("ARGMAP_READ_ONLY", "1")
    path = models_dir / DRY
    original = path.read_text(encoding="utf-8")
    at = open_app(profile=DRY)
    run(at.slider(key="cred:cloudy").set_value(0.35))
    at.switch_page("views/credences.py")
    run(at)
    assert not [b for b in at.button if b.key == "credences:save"]
    assert any("read-only" in str(c.value) for c in at.caption)
    assert path.read_text(encoding="utf-8") == original


def test_download_text_loads_back_equal(models_dir: Path):
    from argmap.ui import saving

    model = argmap.load_model(models_dir / SPRINKLER)
    at = open_app()
    run(at.slider(key="cred:cloudy").set_value(0.45))
    values = draft_values(at)
    profile = state.own_numbers(model)
    cur = state.Current(model, values, {}, {}, profile, SPRINKLER, None)
    text = saving.credence_text(cur)
    loaded = argmap.load_credences_text(text, model)
    assert dict(loaded.values) == values
    assert "# sprinkler: The sprinkler runs." in text


def test_reset_puts_the_profiles_values_back(models_dir: Path):
    model = argmap.load_model(models_dir / SPRINKLER)
    dry = argmap.load_credences(models_dir / DRY, model)
    at = open_app(profile=DRY)
    run(at.slider(key="cred:cloudy").set_value(0.9))
    at.switch_page("views/credences.py")
    run(at)
    run(at.button(key="credences:reset").click())
    at.switch_page("views/map.py")
    run(at)
    assert headline(at) == expected(model, dry)
    assert at.slider(key="cred:cloudy").value == pytest.approx(0.2)


def test_edits_survive_switching_model_and_back(models_dir: Path):
    at = open_app()
    run(at.slider(key="cred:cloudy").set_value(0.9))
    run(at.selectbox(key=state.PICK_MODEL).select(TRI))
    run(at.selectbox(key=state.PICK_MODEL).select(SPRINKLER))
    assert at.slider(key="cred:cloudy").value == pytest.approx(0.9)


# --- multi-state claims and uncertain values ----------------------------------------------


def test_linked_sliders_always_sum_to_one(models_dir: Path):
    model = argmap.load_model(models_dir / TRI)
    at = open_app(TRI)
    moves = [
        ("mood", "low", 0.7), ("mood", "high", 0.25), ("mood", "medium", 1.0),
        ("mood", "low", 0.33), ("result[mood=high]", "good", 0.0),
        ("result[mood=low]", "fair", 0.123), ("result[mood=low]", "poor", 0.999),
    ]  # fmt: skip
    for pid, name, value in moves:
        run(at.slider(key=f"cred:{pid}@{name}").set_value(value))
        param = model.parameters[pid]
        shown = [at.slider(key=f"cred:{pid}@{s}").value for s in param.states]
        stored = edit.means_of(draft_values(at)[pid])
        assert math.fsum(stored) == pytest.approx(1.0, abs=1e-9)
        assert math.fsum(shown) == pytest.approx(1.0, abs=1e-9)
        assert shown[param.states.index(name)] == pytest.approx(value, abs=1e-3)
        assert all(0.0 <= x <= 1.0 for x in stored)
    assert headline(at) == expected(model, draft_values(at))
    # the point distribution's proportions: moving low to 0.7 rescales medium:high = 5:3
    at = open_app(TRI)
    run(at.slider(key="cred:mood@low").set_value(0.7))
    assert draft_values(at)["mood"] == PointDist((0.7, 0.1875, 0.1125))


@given(
    st.lists(st.floats(0, 1), min_size=3, max_size=6).filter(lambda xs: sum(xs) > 0),
    st.integers(0, 5),
    st.floats(0, 1),
)
def test_rescale_is_always_a_distribution(weights: list[float], index: int, new: float):
    means = [w / sum(weights) for w in weights]
    index %= len(means)
    out = edit.rescale(means, index, new)
    assert math.fsum(out) == pytest.approx(1.0, abs=1e-9)
    assert all(0.0 <= x <= 1.0 for x in out)
    assert out[index] == pytest.approx(new, abs=1e-6)


def test_uncertain_values_are_editable(models_dir: Path):
    model = argmap.load_model(models_dir / SPRINKLER)
    at = open_app()
    at.switch_page("views/credences.py")
    run(at)
    run(at.selectbox(key="cred:cloudy#mode").select("beta"))
    assert draft_values(at)["cloudy"] == Beta(5.0, 5.0)
    run(at.number_input(key="cred:cloudy#a").set_value(15.0))
    assert draft_values(at)["cloudy"] == Beta(15.0, 5.0)
    run(at.selectbox(key="cred:wet.leak#mode").select("interval"))
    assert draft_values(at)["wet.leak"] == Interval(0.0, 0.02)
    run(at.number_input(key="cred:wet.leak#hi").set_value(0.1))
    assert draft_values(at)["wet.leak"] == Interval(0.0, 0.1)
    run(at.selectbox(key="cred:rain[cloudy=true]#mode").select("mean_sd"))
    value = draft_values(at)["rain[cloudy=true]"]
    assert isinstance(value, MeanSd) and value.mean_value == pytest.approx(0.8)
    run(at.number_input(key="cred:rain[cloudy=true]#sd").set_value(0.05))
    assert draft_values(at)["rain[cloudy=true]"].sd_value == pytest.approx(0.05)
    run(at.number_input(key="cred:rain[cloudy=true]#sd").set_value(0.45))  # impossible sd
    assert "impossible mean and sd" in "\n".join(str(w.value) for w in at.warning)
    assert draft_values(at)["rain[cloudy=true]"].sd_value == pytest.approx(0.05)
    at.switch_page("views/map.py")
    run(at)
    assert headline(at) == expected(model, draft_values(at))
    assert at.slider(key="cred:cloudy").value == pytest.approx(0.75)


def test_a_dirichlet_row_moves_with_its_concentration(models_dir: Path):
    at = open_app(TRI)
    run(at.slider(key="cred:result[mood=high]@good").set_value(0.3))
    value = draft_values(at)["result[mood=high]"]
    assert isinstance(value, argmap.Dirichlet)
    assert sum(value.alphas) == pytest.approx(10, rel=1e-3)
    assert value.means[2] == pytest.approx(0.3, abs=1e-4)


# --- words, and text shown literally ------------------------------------------------------


def test_the_inspector_writes_out_dependence_and_shows_text_literally(models_dir: Path):
    model = argmap.load_model(models_dir / TRI)
    at = open_app(TRI)
    inspect(at, "mood")
    assert "The mood is *bright* <script>window.__x=1</script>" in [t.value for t in at.text]
    for element in at.markdown:
        assert "<script>" not in str(element.value)
    lines = dependence(
        model, model.claims["result"], {p: v.value for p, v in model.parameters.items()}
    )
    assert lines[0] == "when mood=low: poor 0.60, fair 0.30, good 0.10"
    verdict = dependence(
        model, model.claims["verdict"], {p: v.value for p, v in model.parameters.items()}
    )
    assert "leak" in verdict[0] and "If result is good" in verdict[1]
    both = dependence(model, model.claims["both"], {})
    assert both == ["Holds exactly when all of these hold: verdict is true; effort is true."]
    inspect(at, "result")
    assert any(
        "when mood\\=low" in str(m.value) or "when mood=low" in str(m.value) for m in at.markdown
    )


def test_problems_are_worded_for_the_app():
    """A file's problem keeps its place; a library argument's problem is only its message."""
    from argmap.ui.describe import problem_lines

    err = argmap.InputError([
        argmap.Problem("m.yaml", 3, 5, "bad value"),
        argmap.Problem("m.yaml", None, None, "file too large"),
        argmap.Problem(None, None, None, "unknown claim 'x'", loc=("evidence",)),
    ])  # fmt: skip
    assert problem_lines(err) == ["m.yaml:3:5: bad value", "m.yaml: file too large",
                                  "unknown claim 'x'"]


def test_markdown_escaping():
    assert md("*a* <b> $x$ [l](u)") == "\\*a\\* \\<b\\> \\$x\\$ \\[l\\](u)"
    assert md("# title") == "\\# title"
    assert md("1. item") == "1\\. item"
    assert md("- item") == "\\- item"
    assert md("2023. A year") == "2023\\. A year"
    assert md("a - b. c") == "a - b. c"


# --- structure ----------------------------------------------------------------------------


def test_the_router_lists_every_page_file_once_in_order():
    from argmap.ui import streamlit_app

    files = {p.name for p in streamlit_app.VIEWS.glob("*.py")}
    listed = [p.file for p in streamlit_app.PAGES]
    assert sorted(listed) == sorted(files)  # no page left out, none listed twice
    assert [p.title for p in streamlit_app.PAGES] == [
        "Map", "Credences", "Claim inspector", "Why?", "Sensitivity", "Uncertainty", "Compare",
        "Export", "Glossary",
    ]  # fmt: skip


def test_ui_doctests():
    import doctest

    from argmap.ui import cache, describe

    for module in (cache, describe, edit):
        assert doctest.testmod(module).failed == 0


# --- stated marginals ---------------------------------------------------------------------


def test_the_map_page_names_stated_marginals_the_tables_contradict(models_dir: Path):
    from tests.analysis.test_coherence import CHAIN

    (models_dir / "chain.yaml").write_text(CHAIN, encoding="utf-8")
    at = open_app("chain.yaml")
    boxes = [str(box.value) for box in at.info if "Stated marginals" in str(box.value)]
    assert len(boxes) == 1, [str(b.value) for b in at.info]
    assert "the source states P(true) = 30.0% (report, section 6); its tables imply 26.4%" in (
        boxes[0].replace("\\", ""))
    assert "P(mid) = 25.0%" in boxes[0] and "23.0%" in boxes[0]
    at = open_app(SPRINKLER)
    assert not [b for b in at.info if "Stated marginals" in str(b.value)]
