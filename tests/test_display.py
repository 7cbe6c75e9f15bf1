"""Notebook display: short reprs, HTML tables (escaped), to_pandas(), and the model's diagram."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

import argmap
from argmap import analysis
from argmap._display import MAX_HTML_ROWS, Table, html_table
from argmap.errors import MissingExtraError

SPRINKLER = "models/examples/sprinkler.yaml"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def sprinkler() -> argmap.Model:
    return argmap.load_model(SPRINKLER)


@pytest.fixture(scope="module")
def scheming() -> argmap.Model:
    return argmap.load_model("models/scheming.yaml")


@pytest.fixture(scope="module")
def hostile() -> argmap.Model:
    """The sprinkler with a script in a statement, a short name and the title."""
    text = open(SPRINKLER, encoding="utf-8").read()
    text = text.replace("title: Rain, sprinkler and wet grass", f'title: "{SCRIPT}"')
    text = text.replace("short: Wet grass", f'short: "{SCRIPT}"')
    text = text.replace("statement: It rains.", f'statement: "It rains {SCRIPT}"')
    return argmap.load_model_text(text, name="hostile.yaml")


def test_model_repr_is_one_short_line(scheming: argmap.Model) -> None:
    text = repr(scheming)
    assert len(text) < 300 and "\n" not in text
    assert text.startswith("<Model 'scheming': 53 claims, 68 links, 71 parameters, ")
    assert "output 'model_class=schemer' given situational_awareness=true" in text


def test_claim_and_credences_reprs(scheming: argmap.Model) -> None:
    claim = repr(scheming.claims["slack"])
    assert claim == ("<Claim 'slack' (table, states low/medium/high, parents training_stage, "
                     "training_scale): 'Slack in training'>")
    credences = argmap.load_credences("models/credences/pessimist.yaml", scheming)
    text = repr(credences)
    assert len(text) < 200 and text.startswith("<Credences ")
    assert f"for model 'scheming': {len(credences.values)} values" in text


def test_reprs_keep_dataclass_equality(sprinkler: argmap.Model) -> None:
    again = argmap.load_model(SPRINKLER)
    assert again == sprinkler and again.claims["wet"] == sprinkler.claims["wet"]
    a, b = argmap.marginals(sprinkler), argmap.marginals(again)
    assert a == b
    assert a != argmap.marginals(sprinkler, evidence={"wet": "true"})
    unlabelled = argmap.Result(a.model_id, a.distributions, evidence_probability=1.0)
    assert unlabelled == a  # the short names are for display only


def test_result_table_and_dataframe(sprinkler: argmap.Model) -> None:
    result = argmap.marginals(sprinkler, evidence={"wet": "true"})
    assert repr(result) == "<Result of 'sprinkler': 4 claims, evidence wet=true>"
    html = result._repr_html_()
    assert html.startswith('<table class="argmap">') and "<th>short</th>" in html
    assert "<td>Wet grass</td>" in html and html.count("<tr>") == 1 + 8
    frame = result.to_pandas()
    assert list(frame.columns) == ["claim", "short", "state", "p"]
    assert len(frame) == 8
    rain = frame[(frame.claim == "rain") & (frame.state == "true")]
    assert rain.p.item() == result.p("rain", "true")
    assert frame.groupby("claim").p.sum().round(12).eq(1).all()


def test_user_text_is_escaped_in_html_and_svg(hostile: argmap.Model) -> None:
    html = argmap.marginals(hostile)._repr_html_()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    svg = hostile._repr_svg_()
    if svg is not None:  # Graphviz is here: its SVG escapes the text
        assert "<script" not in svg and "&lt;script&gt;" in svg


def test_model_svg_draws_the_diagram(sprinkler: argmap.Model) -> None:
    from argmap.export.images import engines

    svg = sprinkler._repr_svg_()
    if not any("svg" in e.formats for e in engines()):
        assert svg is None
        return
    assert svg is not None and "<svg" in svg
    assert "Wet grass" in svg and "65%" in svg  # the claims with their probabilities


def test_model_svg_is_none_without_graphviz(
    sprinkler: argmap.Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARGMAP_GRAPHVIZ", "/nonexistent/dot")
    assert sprinkler._repr_svg_() is None
    monkeypatch.setenv("ARGMAP_GRAPHVIZ", "graphviz-pure")
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(sys.modules["argmap.export.images"], "_pure_path", lambda: None)
    assert sprinkler._repr_svg_() is None


def test_big_tables_are_cut_in_html_only() -> None:
    rows = [(i, float(i)) for i in range(MAX_HTML_ROWS + 5)]
    html = html_table(Table("many", ("i", "x"), rows))
    assert html.count("<tr>") == 1 + MAX_HTML_ROWS + 1 and "and 5 more rows" in html


def test_to_pandas_without_pandas_is_one_message(
    sprinkler: argmap.Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError) as err:
        argmap.marginals(sprinkler).to_pandas()
    assert str(err.value) == ("Result.to_pandas(): needs pandas, which is not installed: "
                              "pip install 'argmap[pandas]'")


def _analyses(model: argmap.Model) -> dict[str, Callable[[], Any]]:
    dry = argmap.load_credences("models/examples/credences/sprinkler-dry.yaml", model)
    wet = {"cloudy": argmap.Point(0.9)}
    return {
        "sensitivity": lambda: argmap.sensitivity(model, evidence={"rain": "true"}),
        "two_way": lambda: argmap.two_way(model, x="cloudy", y="wet.leak", points=4),
        "voi": lambda: argmap.value_of_information(model),
        "montecarlo": lambda: argmap.montecarlo(model, dry, samples=200, seed=1),
        "cruxes": lambda: argmap.cruxes(model, dry, wet),
        "pool": lambda: argmap.pool(model, [dry, wet]),
        "explain": lambda: analysis.explain(model),
        "coherence": lambda: analysis.coherence(model),
        "edits": lambda: analysis.edit_effects(model, wet, None),
        "batch": lambda: argmap.batch_marginals(model, {"cloudy": [0.1, 0.5, 0.9]}),
    }


ROWS = {  # how many rows each result's table has, from the result itself
    "sensitivity": lambda r: len(r.swings), "two_way": lambda r: r.values.size,
    "voi": lambda r: len(r.claims), "montecarlo": lambda r: len(r.drivers),
    "cruxes": lambda r: len(r.cruxes), "pool": lambda r: len(r.members),
    "explain": lambda r: len(r.chain), "coherence": lambda r: len(r.claims),
    "edits": lambda r: len(r.edits), "batch": lambda r: r.size * 8,  # claims x states x members
}


@pytest.mark.parametrize("name", list(ROWS))
def test_analysis_results_show_short(sprinkler: argmap.Model, name: str) -> None:
    result = _analyses(sprinkler)[name]()
    text = repr(result)
    assert text.startswith(f"<{type(result).__name__} ") and text.endswith(">")
    assert len(text) < 300 and "\n" not in text
    rows = ROWS[name](result)
    assert rows > 0 or name == "coherence"
    html = result._repr_html_()
    assert html.count("<tr>") == 1 + min(rows, MAX_HTML_ROWS) + (rows > MAX_HTML_ROWS)
    assert len(result.to_pandas()) == rows
    assert result == result and type(result).__eq__ is not object.__eq__


def test_analysis_titles_say_what_they_are(sprinkler: argmap.Model) -> None:
    made = _analyses(sprinkler)
    assert repr(made["sensitivity"]()) == (
        "<Sensitivity of wet=true: 0.917 now, 8 swings, evidence rain=true>")
    cruxes = made["cruxes"]()
    expected = f"Teaching example {cruxes.value_a:.4g} vs B {cruxes.value_b:.4g}: 2 claims"
    assert expected in repr(cruxes)
    frame = made["montecarlo"]().to_pandas()
    assert list(frame.columns) == ["key", "label", "rank_correlation", "sobol"]


def test_a_profile_label_is_escaped(sprinkler: argmap.Model) -> None:
    text = f'argmap: 1\nmodel: sprinkler\nauthor: "{SCRIPT}"\ncredences:\n  cloudy: 0.3\n'
    bad = argmap.load_credences_text(text, sprinkler)
    html = argmap.cruxes(sprinkler, bad, {"cloudy": argmap.Point(0.9)})._repr_html_()
    assert "&lt;script&gt;" in html and "<script>" not in html
