"""The app on a model that is not the scheming model: every page runs, nothing speaks of schemers.

Issue 12 ("argmap is general, not one map"): the app opens on models/scheming.yaml, is switched
to models/power_seeking.yaml with the model selectbox, visits every page in the router's
PAGES, and is switched back. Each model lists only the profiles that name its id.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import argmap
from argmap.ui import sources, state
from argmap.ui.describe import pct
from argmap.ui.streamlit_app import PAGES

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "ui" / "streamlit_app.py")
POWER = "power_seeking.yaml"
SCHEMING = "scheming.yaml"


def run(target: Any) -> AppTest:
    """Run the app (or the app of a just-changed widget); fail on any exception."""
    at: AppTest = target.run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> str:
    """Every piece of text on the page (markdown, captions, metrics, errors, titles, labels)."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "text", "error",
                 "warning", "info", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for widget in (*at.selectbox, *at.slider, *at.radio, *at.toggle):
        parts.append(str(widget.label))
        parts += [str(o) for o in getattr(widget, "options", [])]
    parts += [str(g.proto.spec) for g in at.get("graphviz_chart")]
    for diagram in at.get("bidi_component"):  # the clickable diagram: each box's lines
        nodes = json.loads(diagram.proto.json)["nodes"]
        parts += [line for node in nodes.values() for line in node["lines"]]
    return "\n".join(parts)


@pytest.fixture
def real_models(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(sources.MODELS_ENV, raising=False)


def test_profiles_are_listed_by_the_model_they_name(real_models: None) -> None:
    power = sources.profile_files(POWER, "power_seeking")
    scheming = sources.profile_files(SCHEMING, "scheming")
    assert "credences/carlsmith-2021.yaml" in power
    assert "credences/superforecasters-2023.yaml" in power
    assert not set(power) & set(scheming)
    assert "credences/carlsmith.yaml" in scheming
    assert sources.default_profile(POWER, power) == "credences/carlsmith-2021.yaml"


def test_every_page_works_on_the_power_seeking_model(real_models: None) -> None:
    at = run(AppTest.from_file(APP, default_timeout=90))
    assert at.session_state[state.PICK_MODEL] == SCHEMING
    at = run(at.selectbox(key=state.PICK_MODEL).select(POWER))
    assert at.session_state[state.PICK_MODEL] == POWER
    assert at.session_state[state.PICK_PROFILE] == "credences/carlsmith-2021.yaml"
    profiles = at.selectbox(key=state.PICK_PROFILE).options
    assert any("carlsmith-2021" in o for o in profiles)
    assert any("superforecasters-2023" in o for o in profiles)
    assert not any("pessimist" in o or "optimist" in o for o in profiles)
    model = argmap.load_model(ROOT / "models" / POWER)
    carlsmith = argmap.load_credences(ROOT / "models" / "credences" / "carlsmith-2021.yaml", model)
    assert at.metric[0].value == pct(argmap.marginals(model, carlsmith).p("catastrophe"))
    for page in PAGES:
        at.switch_page(f"views/{page.file}")
        run(at)
        assert at.session_state[state.PICK_MODEL] == POWER
        text = shown(at)
        assert "schemer" not in text.lower(), (page.file, text)
        if page.file not in ("credences.py", "export.py"):  # these name parameters, formats
            assert "catastrophe" in text.lower(), page.file
    at.switch_page("views/map.py")
    run(at)
    at = run(at.selectbox(key=state.PICK_MODEL).select(SCHEMING))
    assert at.session_state[state.PICK_PROFILE] == "credences/carlsmith.yaml"
    assert "schemer" in shown(at).lower()
