"""The app opens on the model and profile ``argmap app MODEL -c FILE`` names (through the
environment), and on the scheming model and its author's profile otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import argmap
from argmap.ui import sources, state
from argmap.ui.describe import pct

APP = str(Path(__file__).resolve().parents[2] / "ui" / "streamlit_app.py")
SPRINKLER = "examples/sprinkler.yaml"
DRY = "examples/credences/sprinkler-dry.yaml"


def opened(monkeypatch: pytest.MonkeyPatch, model: str | None, profile: str | None) -> AppTest:
    monkeypatch.delenv(sources.MODELS_ENV, raising=False)
    for name, value in ((sources.OPEN_ENV, model), (sources.OPEN_PROFILE_ENV, profile)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception, at.exception
    return at


def test_opens_on_the_model_and_profile_named(monkeypatch: pytest.MonkeyPatch) -> None:
    at = opened(monkeypatch, SPRINKLER, DRY)
    assert at.session_state[state.PICK_MODEL] == SPRINKLER
    assert at.session_state[state.PICK_PROFILE] == DRY
    model = argmap.load_model(argmap.models_dir() / SPRINKLER)
    dry = argmap.load_credences(argmap.models_dir() / DRY, model)
    assert str(at.metric[0].value) == pct(argmap.headline(model, dry).p_given)


def test_a_name_the_folder_lacks_falls_back_to_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = opened(monkeypatch, "no/such.yaml", "credences/nothing.yaml")
    assert at.session_state[state.PICK_MODEL] == "scheming.yaml"
    assert at.session_state[state.PICK_PROFILE] == "credences/carlsmith.yaml"
