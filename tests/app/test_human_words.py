"""No chart or table of the analysis pages shows a raw parameter or claim id where a reader
looks (axes, bar labels, legends, cells); ids stay in tooltips and in an explicit id column."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

import argmap

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "ui" / "streamlit_app.py")
SHOWN = ("x", "y", "text", "color", "row", "column")


def _shown_fields(spec: dict[str, Any]) -> set[str]:
    fields: set[str] = set()
    for part in [spec, *spec.get("layer", [])]:
        for channel, enc in part.get("encoding", {}).items():
            if channel in SHOWN and isinstance(enc, dict) and "field" in enc:
                fields.add(enc["field"])
    return fields


def _raw_ids(model: argmap.Model) -> set[str]:
    shorts = {c.short for c in model.claims.values()}
    states = {s for c in model.claims.values() for s in c.states}
    ids = set(model.parameters) | set(model.claims)
    return {i for i in ids if i not in shorts and i not in states}


def _check(at: AppTest, model: argmap.Model, page: str) -> int:
    raw = _raw_ids(model)
    seen = 0
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        fields = _shown_fields(spec)
        for d in chart.proto.datasets:
            frame = pa.ipc.open_stream(d.data.data).read_all().to_pandas()
            for field in fields & set(frame.columns):
                values = {str(v) for v in frame[field]}
                seen += len(values)
                assert not values & raw, f"{page}: {field} shows ids {sorted(values & raw)}"
    for table in [*at.table, *at.dataframe]:
        frame: pd.DataFrame = table.value
        for column in frame.columns:
            if column == "id":
                continue
            values = {str(v) for v in frame[column]} | {str(v) for v in frame.index}
            seen += len(values)
            assert not values & raw, f"{page}: column {column} shows ids {sorted(values & raw)}"
    return seen


@pytest.mark.parametrize(
    "page", ["sensitivity.py", "uncertainty.py", "compare.py", "why.py", "credences.py"]
)
def test_no_raw_ids_on_the_page(page: str) -> None:
    at = AppTest.from_file(APP, default_timeout=90).run()
    model: argmap.Model = at.session_state["argmap.active"].model
    at.switch_page(f"views/{page}")
    at.run()
    assert not at.exception
    seen = _check(at, model, page)
    if page != "credences.py":
        assert seen > 10, f"{page}: nothing was checked"


def test_the_headline_bars_say_states_in_words() -> None:
    at = AppTest.from_file(APP, default_timeout=90).run()
    model: argmap.Model = at.session_state["argmap.active"].model
    out = model.claims[model.output[0]]
    texts = [str(bar.proto.text) for bar in at.get("progress")]
    assert len(texts) >= len(out.states)
    assert any(s != s.replace("_", " ") for s in out.states)  # the check below can fail
    assert not [t for t in texts if "_" in t.replace("\\_", "")], texts
