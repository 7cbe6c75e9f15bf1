"""The app's own Streamlit settings apply wherever it is started (issue 13, class 8).

Streamlit reads ``.streamlit/config.toml`` from the home folder, then the current folder, then
the folder of the script it runs; the last wins. The app keeps its settings beside its script
(``ui/.streamlit/config.toml``), so a user's folder or home settings cannot turn telemetry on
or raise the upload limit. These tests resolve the settings as ``streamlit run <repo>/ui`` does,
in a separate process started in a hostile folder under a hostile home.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

from argmap.ui.sources import SERVER_UPLOAD_MB
from tests.conftest import FOREIGN_CONFIG, ROOT, foreign_folder

APP_CONFIG = ROOT / "ui" / ".streamlit" / "config.toml"

RESOLVE = """
import json, os, sys
from streamlit import config
from streamlit.web import bootstrap
# what `streamlit run <target>` does before it loads the settings (streamlit/web/cli.py)
target = sys.argv[1]
if os.path.isdir(target):
    target = os.path.join(target, "streamlit_app.py")
config._main_script_path = os.path.abspath(target)
bootstrap.load_config_options(flag_options={})
print(json.dumps({k: config.get_option(k) for k in sys.argv[2:]}))
"""

KEYS = ("browser.gatherUsageStats", "server.maxUploadSize", "server.headless")


def resolved(cwd: Path, home: Path, target: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env["HOME"] = str(home)
    out = subprocess.run(
        [sys.executable, "-c", RESOLVE, target, *KEYS],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    value: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return value


def test_the_app_settings_are_what_the_project_promises() -> None:
    settings = tomllib.loads(APP_CONFIG.read_text())
    assert settings["browser"]["gatherUsageStats"] is False
    # MB: the server's cap; the app refuses more than 2,000,000 bytes itself, in an error box
    assert settings["server"]["maxUploadSize"] == SERVER_UPLOAD_MB == 10
    assert not (ROOT / ".streamlit").exists(), "one copy of the settings, beside the app"


def test_a_hostile_folder_and_home_cannot_change_them(tmp_path: Path) -> None:
    home = foreign_folder(tmp_path / "home")
    elsewhere = foreign_folder(tmp_path)
    for target in (str(ROOT / "ui"), str(ROOT / "ui" / "streamlit_app.py")):
        got = resolved(elsewhere, home, target)
        assert got["browser.gatherUsageStats"] is False, target
        assert got["server.maxUploadSize"] == SERVER_UPLOAD_MB, target
        assert got["server.headless"] is True, target


def test_the_hostile_settings_do_apply_to_another_script(tmp_path: Path) -> None:
    """The check above could fail: without the app's file, the folder's settings win."""
    elsewhere = foreign_folder(tmp_path)
    other = tmp_path / "other_app.py"
    other.write_text("")
    got = resolved(elsewhere, tmp_path, str(other))
    assert "gatherUsageStats = true" in FOREIGN_CONFIG
    assert got["browser.gatherUsageStats"] is True
    assert got["server.maxUploadSize"] == 200
