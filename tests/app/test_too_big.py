"""The app on a model past the engine's size budget (issue 13, class 1): an error box naming
the claims, no traceback, and the session stays usable (no compile is attempted)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from argmap.ui import sources, state
from tests.support.big_models import noisy_or_dense

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "ui" / "streamlit_app.py")


def test_a_model_past_the_budget_shows_an_error_box(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "dense.yaml").write_text(noisy_or_dense(), encoding="utf-8")
    monkeypatch.setenv(sources.MODELS_ENV, str(folder))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[state.PICK_MODEL] = "dense.yaml"
    at.run()
    assert not at.exception, at.exception
    shown = "\n".join(str(e.value) for e in at.error)
    assert "model too big to compute exactly" in shown, shown
    assert "'c0', 'c1'" in shown and "Traceback" not in shown
