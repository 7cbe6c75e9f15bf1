"""Issue 13, class 2, in the app: on a model too large for an analysis's default size, the
pages offer only what fits the budget, or show the library's refusal in an error box; never a
traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "ui" / "streamlit_app.py")
BIG = ROOT / "tests" / "analysis" / "data" / "dirichlet_999.yaml"


@pytest.fixture
def big_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A models folder holding only the 999-state Dirichlet model."""
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copy(BIG, folder / BIG.name)
    monkeypatch.setenv("ARGMAP_MODELS_DIR", str(folder))
    return folder


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["argmap.active"].model.id == "dirichlet999"
    at.switch_page(f"views/{page}")
    at.run()
    assert not at.exception, at.exception
    return at


def test_uncertainty_page_offers_only_what_fits(big_dir: Path) -> None:
    """The old default (5,000 samples) would take ~40 GB of tables; the page offers 100."""
    at = open_page("uncertainty.py")
    (samples,) = [s for s in at.select_slider if s.label == "Samples"]
    assert list(samples.options) == ["100"]
    assert samples.value == 100
    assert any("At most 100 samples fit the analysis budget" in c.value for c in at.caption)
    assert not at.error
    assert any("100 sets of credences drawn" in c.value for c in at.caption)


def test_sensitivity_page_shows_the_refusal_in_an_error_box(big_dir: Path) -> None:
    at = open_page("sensitivity.py")
    (box,) = at.error
    assert "Sensitivity cannot be computed here." in box.value
    assert "1,998 settings would take" in box.value and "use at most 50 settings" in box.value
    assert "Traceback" not in box.value and "MODEL" not in box.value
