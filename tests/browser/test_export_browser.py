"""The Export page in a real browser: clicking a download button delivers the library's file."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import argmap
from argmap.export import export

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def test_download_buttons_deliver_the_files(
    serve_app: Callable[..., str], page: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "models" / "examples"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "models" / "examples" / "sprinkler.yaml", folder / "sprinkler.yaml")
    model = argmap.load_model(folder / "sprinkler.yaml")
    page.goto(serve_app(models_dir=tmp_path / "models"))
    page.get_by_test_id("stMetricValue").first.wait_for()  # the Map page is up
    page.get_by_role("link", name="Export").click()
    page.wait_for_url(re.compile(r"/export(\?|$)"))  # the view's query may follow
    for fmt, name in (("mermaid", "sprinkler.mmd"), ("svg", "sprinkler.svg"),
                      ("bif", "sprinkler.bif"), ("html", "sprinkler.html")):
        button = page.get_by_role("button", name=f"Download {name}")
        with page.expect_download(timeout=60_000) as info:
            button.click()
        download = info.value
        assert download.suggested_filename == name
        data = Path(download.path()).read_bytes()
        # The app passes every parameter's value (here, the model's own numbers).
        values = {pid: p.value for pid, p in model.parameters.items()}
        assert data == export(model, fmt, values), fmt
