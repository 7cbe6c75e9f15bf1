"""The Export page (AppTest): one download button per format, made by the library."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from argmap import headline_context
from argmap.export import DiagramOptions, export
from argmap.formats import FORMATS

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "ui" / "streamlit_app.py")


def open_export() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/export.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_export_page_offers_every_format() -> None:
    at = open_export()
    buttons = at.get("download_button")
    active = at.session_state["argmap.active"]
    names = [b.proto.label for b in buttons]
    assert names == [f"Download {active.model.id}{f.extension}" for f in FORMATS.values()
                     if f.writes]
    assert all(not b.proto.disabled for b in buttons[:3])  # dot, svg, png: always possible


def test_preview_is_what_the_library_exports() -> None:
    at = open_export()
    active = at.session_state["argmap.active"]
    draft = at.session_state["argmap.drafts"][(active.model_key, active.profile_key)]
    for fmt in ("argdown", "json", "dot"):
        at.selectbox(key="export:preview").set_value(fmt).run()
        assert not at.exception
        given = headline_context(active.model).evidence  # the app exports under the condition
        want = export(active.model, fmt, dict(draft.values), evidence=given).decode()
        assert at.code[0].value.rstrip("\n") == want.rstrip("\n")


def test_preview_follows_the_options() -> None:
    at = open_export()
    at.radio(key="export:rankdir").set_value("LR").run()
    at.toggle(key="export:numbers").set_value(False).run()
    active = at.session_state["argmap.active"]
    text = at.code[0].value
    assert text.startswith("flowchart LR") and "%" not in text
    draft = at.session_state["argmap.drafts"][(active.model_key, active.profile_key)]
    want = export(active.model, "mermaid", dict(draft.values),
                  evidence=headline_context(active.model).evidence,
                  options=DiagramOptions(rankdir="LR", numbers=False))
    assert text.rstrip("\n") == want.decode().rstrip("\n")
