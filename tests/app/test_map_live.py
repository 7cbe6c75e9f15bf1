"""The Map's live fragments: a credence slider re-runs only them, and they redraw all it changes.

A slider on the Map re-runs the page's live parts (the headline, the diagram, what changed, the
share box) and not the router, the sidebar's pickers, the view options or the sliders.
AppTest then holds only the elements of that run, where a browser keeps the rest of the page
as it was. So: every element of the whole page that differs after the move (a full run
before against a full run after) must be among the elements the move's own run drew; else
the browser would show it stale. And the move's run must be partial (no model picker), or
the test proves nothing.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import argmap
from argmap.ui import state, urlstate
from argmap.ui.describe import pct
from tests.app.test_app import SPRINKLER, TRI, draft_values, expected, models_dir, open_app

__all__ = ["models_dir"]  # the fixture, imported for the tests below


def shown(at: AppTest) -> Counter[str]:
    """Every element on the page as its type and protobuf text (numbers, labels, the
    diagram's data): what the browser draws. Without a widget's ``set_value`` and
    ``raw_value``: the first run sets the pickers' values, later ones leave them be."""
    found: Counter[str] = Counter()

    def walk(node: Any) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)
        proto = getattr(node, "proto", None)
        if proto is not None and not isinstance(children, dict):
            text = "".join(line for line in str(proto).splitlines(keepends=True)
                           if not line.startswith(("set_value:", "raw_value:")))  # fmt: skip
            found[f"{node.type}: {text}"] += 1

    walk(at._tree)
    return found


def partial(at: AppTest) -> bool:
    """True when the last run drew only fragments (the sidebar's model picker is missing)."""
    return not any(s.key == state.PICK_MODEL for s in at.selectbox)


def move_and_compare(at: AppTest, key: str, value: float) -> tuple[Counter[str], AppTest]:
    """Move slider ``key``; return what the move's own run drew (checking it redrew every
    element that changed on the whole page) and the app after a full run."""
    before = shown(at)
    at.slider(key=key).set_value(value).run()
    assert not at.exception, at.exception
    assert partial(at), "the move re-ran the whole app, not the live fragments"
    drawn = shown(at)
    at.run()
    assert not at.exception, at.exception
    after = shown(at)
    # the moved slider shows its new value in the browser already
    changed = Counter({k: n for k, n in (after - before).items() if f'-{key}"' not in k})
    assert changed, "the move changed nothing on the page"
    stale = changed - drawn
    assert not stale, f"changed on the page but not redrawn by the move: {list(stale)[:3]}"
    return drawn, at


@pytest.mark.parametrize(
    ("key", "value"),
    [("cred:cloudy", 0.9), ("cred:sprinkler[cloudy=false]", 0.6), ("cred:wet.rain", 0.2)],
)
def test_a_slider_move_redraws_every_number_it_changes(models_dir: Path, key: str, value: float):
    at = open_app()
    at.session_state[urlstate.SHARE_OPEN] = True  # the share box open: its link holds them
    at.run()
    model = argmap.load_model(models_dir / SPRINKLER)
    drawn, at = move_and_compare(at, key, value)
    values = draft_values(at)
    assert values[key.removeprefix("cred:")].mean == pytest.approx(value)
    text = "\n".join(drawn)
    assert pct(argmap.marginals(model, values).p("wet", "true")) in text  # the headline
    assert "1 number changed from this profile" in text  # the sidebar's count, in the fragment
    assert "The link appears" in text  # the share box (AppTest has no URL to show)
    assert str(at.metric[0].value) == expected(model, values)


def test_moves_in_a_row_and_a_distribution_redraw_everything(models_dir: Path):
    """Several moves, then a three-state distribution, whose states' sliders move together:
    its move re-runs the sliders too (each shows its new share)."""
    at = open_app(TRI)
    for key, value in (("cred:effort", 0.8), ("cred:effort", 0.3)):
        move_and_compare(at, key, value)
    mood = next(s.key for s in at.slider if s.key and s.key.startswith("cred:mood@"))
    drawn, at = move_and_compare(at, mood, 0.7)
    assert any(line.startswith("slider:") for line in drawn)  # its linked sliders redrawn


def test_reset_redraws_the_sliders_and_the_numbers(models_dir: Path):
    at = open_app()
    first = str(at.metric[0].value)
    move_and_compare(at, "cred:cloudy", 0.9)
    assert str(at.metric[0].value) != first
    before = shown(at)
    at.button(key="sidebar:reset").click().run()
    assert not at.exception and partial(at)
    drawn = shown(at)
    at.run()
    assert str(at.metric[0].value) == first
    assert at.slider(key="cred:cloudy").value == pytest.approx(0.5)
    assert not (shown(at) - before) - drawn


def test_a_closed_share_box_sends_no_link(models_dir: Path):
    """Closed (as it opens), the share box holds nothing, so a move sends no link; opened,
    it shows one."""
    at = open_app()
    at.slider(key="cred:cloudy").set_value(0.9).run()
    assert partial(at) and not any("link" in str(c.value) for c in at.caption)
    at.session_state[urlstate.SHARE_OPEN] = True
    at.run()
    assert any("The link appears" in str(c.value) for c in at.caption)


def test_no_docstring_leaks_onto_the_page(models_dir: Path):
    """Streamlit's "magic" prints a bare string in a page script: the Map shows none of its
    module's attribute docstrings (Sphinx roles such as ``:func:`` mark them)."""
    at = open_app()
    for element in (*at.markdown, *at.caption):
        assert ":func:" not in str(element.value) and ":data:" not in str(element.value)
