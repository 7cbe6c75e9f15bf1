"""Widget labels: Markdown shows them literally, and a screen reader reads no backslashes.

Streamlit shows a widget's label as Markdown and puts the same string in its ``aria-label``.
``describe.widget_label`` escapes only what Markdown would change. Checked with markdown-it
(CommonMark with strikethrough), which renders the label back to exactly its text.
"""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as hs
from markdown_it import MarkdownIt

import argmap
from argmap.ui.describe import param_label, state_label, widget_label
from tests.app.test_app import ROOT

RENDER = MarkdownIt("commonmark").enable("strikethrough")


def rendered(markdown: str) -> str:
    """The text a reader sees: the rendered HTML without its tags."""
    return html.unescape(re.sub(r"<[^>]*>", "", RENDER.render(markdown))).strip()


@settings(max_examples=400, deadline=None)
@given(hs.text(alphabet=hs.sampled_from(list("ab1 _*:~`[]()<>$&#!.-\\|")), max_size=24))
def test_a_label_renders_as_its_own_text(text: str):
    flat = " ".join(text.split())
    assert rendered(widget_label(text)) == flat
    # and no colon starts a :shortcode: or :red[directive] (Streamlit's own Markdown)
    assert not re.search(r"(?<!\\):\w", widget_label(text))


def test_the_shipped_models_slider_labels_carry_no_backslash():
    for name in ("scheming.yaml", "power_seeking.yaml"):
        model = argmap.load_model(ROOT / "models" / name)
        for param in model.parameters.values():
            assert "\\" not in widget_label(param_label(model, param)), param.id
            for state in param.states:
                assert "\\" not in widget_label(state_label(state)), state
