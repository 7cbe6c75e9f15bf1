"""The app as a workbench (issue 16): the headline on every page, and on the Credences page
how far each edit moved it."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import argmap
from argmap import Point
from argmap.analysis import edit_effects
from argmap.ui import controls, widgets
from argmap.ui.describe import pct, points
from argmap.ui.streamlit_app import PAGES

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "ui" / "streamlit_app.py")


def _bar(at: AppTest) -> str:
    """The compact headline's text (the only markdown that starts with a bold P(...))."""
    texts = [m.value for m in at.markdown if m.value.startswith("**P(")]
    return texts[0] if texts else ""


def _default() -> tuple[argmap.Model, dict[str, argmap.Value]]:
    from tests.browser.test_app_browser import default_model

    return default_model()


@pytest.mark.parametrize("page", [p.file for p in PAGES[1:]])
def test_every_page_but_the_map_shows_the_compact_headline(page: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(f"views/{page}")
    at.run()
    assert not at.exception
    model, values = _default()
    claim, index = model.output
    given = argmap.headline_context(model).evidence
    p = argmap.marginals(model, values, evidence=given).p(claim, model.claims[claim].states[index])
    assert _bar(at).startswith(f"**P({model.claims[claim].short}") and f"= {pct(p)}**" in _bar(at)


def test_the_map_shows_the_full_headline_not_the_bar() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and at.metric and not _bar(at)


def test_an_edit_on_the_credences_page_moves_the_headline_shown_there() -> None:
    model, values = _default()
    claim, index = model.output
    state_name = model.claims[claim].states[index]
    given = argmap.headline_context(model).evidence
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/credences.py")
    at.run()
    before = _bar(at)
    first = next(iter(controls.groups(model)))[1][0]
    param = next(p for p in model.parameters_of(first.id) if len(p.states) == 2)
    at.slider(key=controls.key(param.id)).set_value(0.95).run()
    assert not at.exception
    moved = {**values, param.id: Point(0.95)}
    p0 = argmap.marginals(model, values, evidence=given).p(claim, state_name)
    p1 = argmap.marginals(model, moved, evidence=given).p(claim, state_name)
    assert p1 != p0, "this edit should move the headline"
    bar = _bar(at)
    assert bar != before and f"= {pct(p1)}**" in bar
    assert f"{points(p1 - p0)} points from the profile's {pct(p0)}" in bar
    effect = edit_effects(model, moved, values, evidence=given).effect_of(param.id)
    assert effect is not None
    captions = [c.value for c in at.caption if c.value.startswith("Edited")]
    assert captions == [
        f"Edited (the profile says {_words(values[param.id], param.states)}): moves the "
        f"headline {points(effect.effect)} points"
    ]


def _words(value: argmap.Value, states: tuple[str, ...]) -> str:
    from argmap.ui.describe import md, value_words

    return md(value_words(value, states))


def test_headline_words_without_edits_name_the_profile() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/inspector.py")
    at.run()
    assert "the profile's numbers" in _bar(at) and "under the headline condition" in _bar(at)
    assert widgets.HEADLINE_BAR == "argmap-headline"
