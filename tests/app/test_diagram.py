"""The Map page's clickable diagram (ui/diagram.py), headless: what it draws and sends.

The browser side (clicks, recolouring in place, screenshots) is in
tests/browser/test_diagram_browser.py.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

import argmap
from argmap import Point
from argmap.export import colour, quote, render
from argmap.ui import diagram
from tests.app.test_app import SPRINKLER, TRI, inspect, models_dir, open_app, run

__all__ = ["models_dir"]  # the shared fixture, imported for these tests

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _default_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    """The diagram finds Graphviz itself (not a binary a caller's environment names)."""
    monkeypatch.delenv("ARGMAP_GRAPHVIZ", raising=False)


def sent(at: AppTest) -> dict[str, Any]:
    """What the Map page sent the diagram component on its last run."""
    found = at.get("bidi_component")
    assert len(found) == 1
    data: dict[str, Any] = json.loads(found[0].proto.json)
    return data


def svg_nodes(svg: str) -> dict[str, int]:
    """Each ``g.node`` of Graphviz's SVG: its title (the claim id) and how many text lines."""
    tree = ET.fromstring(svg)
    out = {}
    for g in tree.iter(f"{SVG}g"):
        if g.get("class") == "node":
            title = g.find(f"{SVG}title")
            assert title is not None and title.text is not None
            out[title.text] = len(list(g.iter(f"{SVG}text")))
    return out


# --- what each box shows ----------------------------------------------------------------------


def test_fills_bars_and_marks_for_a_known_model(models_dir: Path):
    model = argmap.load_model(models_dir / TRI)
    result = argmap.marginals(model, evidence={"effort": "true"}, do={"result": "good"})
    lines = diagram.label_lines(diagram.diagram_dot(model, result))
    nodes = diagram.node_data(model, result, lines, observed={"effort"}, forced={"result"},
                              edited={"mood"}, given=())  # fmt: skip
    dist = result.distributions
    # the output: P(its target state); a true/false claim: P(true)
    assert nodes["verdict"]["fill"] == colour(dist["verdict"]["true"])
    assert nodes["verdict"]["marks"] == ["output"] and nodes["verdict"]["bar"] == []
    assert nodes["both"]["fill"] == colour(dist["both"]["true"])
    assert nodes["effort"]["marks"] == ["observed"]
    # a three-state claim: white, a bar of every state in order, swatches on its state lines
    mood = nodes["mood"]
    assert mood["fill"] == diagram.WHITE and mood["marks"] == ["edited"]
    assert [s for s, _, _ in mood["bar"]] == ["low", "medium", "high"]
    assert [p for _, p, _ in mood["bar"]] == pytest.approx([dist["mood"][s] for s in
                                                            ("low", "medium", "high")])
    assert len({c for _, _, c in mood["bar"]}) == 3
    for index, hue in mood["swatch"].items():
        state = mood["lines"][int(index)].split(":")[0]
        assert (state, hue) in {(s, c) for s, _, c in mood["bar"]}
    assert len(mood["swatch"]) == 3
    assert nodes["result"]["marks"] == ["forced"]
    assert any(line == "set: good" for line in nodes["result"]["lines"])
    assert f"{dist['verdict']['true']:.0%}" in nodes["verdict"]["lines"]


def test_without_a_result_boxes_are_white_and_unnumbered(models_dir: Path):
    model = argmap.load_model(models_dir / TRI)
    nodes = diagram.node_data(model, None, diagram.label_lines(diagram.diagram_dot(model, None)))
    assert {n["fill"] for n in nodes.values()} == {diagram.WHITE}
    assert all(n["bar"] == [] and not any("%" in s for s in n["lines"]) for n in nodes.values())


@pytest.mark.parametrize(("key", "rankdir", "group_by"),
                         [(TRI, "TB", "none"), (SPRINKLER, "TB", "none"), (TRI, "LR", "group"),
                          ("scheming", "TB", "group")])  # fmt: skip
def test_the_layout_has_one_text_per_label_line(
    models_dir: Path, key: str, rankdir: str, group_by: str
):
    """The component rewrites each box's lines in place: Graphviz must draw one ``text`` per
    line the page sends, and the blanked layout must not depend on the numbers."""
    path = ROOT / "models" / "scheming.yaml" if key == "scheming" else models_dir / key
    model = argmap.load_model(path)
    dot = diagram.diagram_dot(model, argmap.marginals(model), rankdir=rankdir, group_by=group_by)
    svg = render(diagram.layout_dot(dot), "svg").decode()
    lines = diagram.label_lines(dot)
    assert svg_nodes(svg) == {cid: len(text) for cid, text in lines.items()}
    pid = next(p.id for p in model.parameters.values() if p.is_scalar)
    other = diagram.diagram_dot(model, argmap.marginals(model, {pid: Point(0.93)}),
                                rankdir=rankdir, group_by=group_by)
    assert other != dot and diagram.layout_dot(other) == diagram.layout_dot(dot)


def test_label_lines_read_back_hostile_text():
    for text in ['say "hi" \\N <b>&amp;</b>', "<script>x</script>", "a\\nb", "&lt;&#60;"]:
        dot = f"  {quote('id')} [label={quote(text + chr(10) + 'second')}];"
        assert diagram.label_lines(dot) == {"id": [text, "second"]}


@settings(max_examples=60, deadline=None)
@given(hs.text(alphabet=hs.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
               min_size=1, max_size=30).filter(lambda t: t.strip() and t == t.strip()))
def test_label_lines_invert_quote(text: str):
    assert diagram.label_lines(f'  "n" [label={quote(text)}];') == {"n": [text]}


def test_focus_keeps_a_claim_its_parents_and_children(models_dir: Path):
    model = argmap.load_model(models_dir / TRI)
    near = diagram.neighbourhood(model, "verdict")
    assert near == ["effort", "result", "verdict", "both"]
    dot = diagram.focus_dot(diagram.diagram_dot(model, None), near)
    assert set(diagram.label_lines(dot)) == set(near)
    assert '"mood" -> "result"' not in dot and '"result" -> "verdict"' in dot
    assert set(svg_nodes(render(dot, "svg").decode())) == set(near)


# --- the page -----------------------------------------------------------------------------------


def test_a_slider_recolours_without_a_new_layout(models_dir: Path):
    model = argmap.load_model(models_dir / SPRINKLER)
    at = open_app()
    first = sent(at)
    assert set(first["nodes"]) == set(model.claims)
    assert set(svg_nodes(first["svg"])) == set(model.claims)
    run(at.slider(key="cred:cloudy").set_value(0.9))
    second = sent(at)
    # the same layout, whose SVG this session has sent already: not sent again
    assert second["key"] == first["key"] and second["svg"] is None
    p = argmap.marginals(model, {"cloudy": Point(0.9)}).p("cloudy")
    assert second["nodes"]["cloudy"]["fill"] == colour(p) != first["nodes"]["cloudy"]["fill"]
    assert f"{p:.0%}" in second["nodes"]["cloudy"]["lines"]
    assert second["nodes"]["cloudy"]["marks"] == ["edited"]
    assert second["stamp"] != first["stamp"]


def test_a_layout_is_laid_out_once_and_sent_once_per_session(
    models_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    calls: list[str] = []

    def counting(dot: str, fmt: str, **kwargs: Any) -> bytes:
        calls.append(dot)
        return render(dot, fmt, **kwargs)

    monkeypatch.setattr(diagram, "render", counting)
    diagram.layout.clear()
    at = open_app()
    assert len(calls) == 1 and isinstance(sent(at)["svg"], str)
    for p in (0.1, 0.7, 0.3):
        run(at.slider(key="cred:cloudy").set_value(p))
        assert sent(at)["svg"] is None
    run(at.toggle(key="map:left_right").set_value(True))  # a new layout: laid out, sent
    assert len(calls) == 2 and isinstance(sent(at)["svg"], str)
    run(at.toggle(key="map:left_right").set_value(False))  # back: cached and sent before
    assert len(calls) == 2 and sent(at)["svg"] is None
    other = open_app()  # another session is sent the layout, which is not laid out again
    assert len(calls) == 2 and isinstance(sent(other)["svg"], str)


def test_a_component_that_lacks_its_layout_is_sent_it_again(models_dir: Path):
    at = open_app()
    run(at.slider(key="cred:cloudy").set_value(0.9))
    data = sent(at)
    assert data["svg"] is None
    component = at.get("bidi_component")[0].proto
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(
        id=f"$$STREAMLIT_INTERNAL_KEY_{component.id}__events",
        json_trigger_value=json.dumps([{"event": "need", "value": data["key"]}])))
    at._run(states)
    assert not at.exception
    again = sent(at)
    assert again["key"] == data["key"] and isinstance(again["svg"], str)
    assert sent(run(at))["svg"] is None


def test_observed_forced_and_edited_marks_on_the_page(models_dir: Path):
    at = open_app(TRI)
    run(at.slider(key="cred:effort").set_value(0.8))
    inspect(at, "mood")
    at.selectbox(key="inspect:state:mood").select("high")
    run(at.button(key="observe:mood").click())
    inspect(at, "result")
    at.selectbox(key="inspect:state:result").select("poor")
    run(at.button(key="force:result").click())
    at.switch_page("views/map.py")
    nodes = sent(run(at))["nodes"]
    assert nodes["mood"]["marks"] == ["observed"]
    assert nodes["result"]["marks"] == ["forced"]
    assert nodes["effort"]["marks"] == ["edited"]
    assert nodes["verdict"]["marks"] == ["output"]
    assert "observed: high" in nodes["mood"]["lines"]


def test_the_legend_says_what_a_fill_means(models_dir: Path):
    at = open_app(TRI)
    legend = next(str(c.value) for c in at.caption if "**Fill**" in str(c.value))
    assert "P(true)" in legend and "bar of every state" in legend
    assert "OBSERVED" in legend and "FORCED" in legend and "EDITED" in legend


def test_clicking_a_claim_opens_it_in_the_inspector(models_dir: Path):
    at = open_app(TRI)
    component = at.get("bidi_component")[0].proto
    states = at._tree.get_widget_states()
    click = WidgetState(id=f"$$STREAMLIT_INTERNAL_KEY_{component.id}__events",
                        json_trigger_value=json.dumps([{"event": "clicked", "value": "mood"}]))
    states.widgets.append(click)
    at._run(states)
    assert not at.exception, at.exception
    assert at.selectbox(key="inspect:claim").value == "mood"
    assert any("Observe or force it" in str(m.value) for m in at.markdown)


def test_an_unknown_click_is_ignored(models_dir: Path):
    at = open_app(TRI)
    component = at.get("bidi_component")[0].proto
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(
        id=f"$$STREAMLIT_INTERNAL_KEY_{component.id}__events",
        json_trigger_value=json.dumps([{"event": "clicked", "value": "<img src=x>"}])))
    at._run(states)
    assert not at.exception and len(at.get("bidi_component")) == 1


def test_focus_sends_only_the_neighbourhood(models_dir: Path):
    at = open_app(TRI)
    run(at.selectbox(key="map:focus").select("verdict"))
    data = sent(at)
    assert set(data["nodes"]) == {"effort", "result", "verdict", "both"}
    assert set(svg_nodes(data["svg"])) == set(data["nodes"]) and data["focus"] == "verdict"


def test_graphviz_pure_alone_lays_it_out(models_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """A machine with only the pip packages: the ``graphviz-pure`` binary lays it out."""
    monkeypatch.setenv("ARGMAP_GRAPHVIZ", "graphviz-pure")
    assert diagram.engine() is not None and "graphviz-pure" in Path(str(diagram.engine())).name
    model = argmap.load_model(models_dir / SPRINKLER)
    data = sent(open_app())
    assert set(svg_nodes(data["svg"])) == set(model.claims)


@pytest.mark.parametrize("how", ["missing program", "no program"])
def test_without_graphviz_the_page_falls_back(models_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path, how: str):  # fmt: skip
    if how == "missing program":
        monkeypatch.setenv("ARGMAP_GRAPHVIZ", str(tmp_path / "no-such-dot"))
    else:
        monkeypatch.setattr(diagram, "engine", lambda: None)
    at = open_app()
    assert not at.exception
    assert len(at.get("bidi_component")) == 0
    charts = at.get("graphviz_chart")
    assert len(charts) == 1 and '"wet" [' in charts[0].proto.spec
    note = [str(c.value) for c in at.caption if "cannot be clicked" in str(c.value)]
    assert len(note) == 1 and not at.error
    said = "is not installed" if how == "no program" else "could not lay this diagram out"
    assert re.search(said, note[0])


def test_states_in_boxes_are_words_and_keep_their_swatches():
    """The diagram names states as the page does (``somewhat better``, not ``somewhat_better``),
    and each state's line keeps its swatch."""
    model = argmap.load_model("models/scheming.yaml")
    given = dict(model.given)
    result = argmap.marginals(model, evidence=given)
    lines = diagram.label_lines(diagram.diagram_dot(model, result))
    nodes = diagram.node_data(model, result, lines, given=set(given))
    capability = nodes["capability"]
    states = model.claims["capability"].states
    assert any("_" in s for s in states)  # else this test shows nothing
    for state in states:
        words = argmap.state_words(state) + ": "
        assert any(line.startswith(words) for line in capability["lines"])
    assert not any("_" in line for line in capability["lines"])
    assert f"given: {argmap.state_words(given['capability'])}" in capability["lines"]
    assert len(capability["swatch"]) == len(states)
