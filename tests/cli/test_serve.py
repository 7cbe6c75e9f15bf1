"""``argmap app``: the model is checked before Streamlit starts, the project's settings win over
any folder's, a missing Streamlit is one line.

The server itself is started from a built wheel in ``tests/test_wheel.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from argmap.cli import serve
from argmap.errors import ArgmapError
from tests.conftest import ROOT, foreign_folder
from tests.support.commands import run_main

# Runs `argmap app ...` in a fresh process with Streamlit's server replaced by a print of the
# settings Streamlit resolved (its real command-line parsing and config loading run).
RESOLVE = """
import json, os, sys
from streamlit import config
from streamlit.web import bootstrap
def show(script, is_hello, args, flag_options):
    keys = ["browser.gatherUsageStats", "server.maxUploadSize", "server.headless",
            "server.port", "client.toolbarMode", "theme.base"]
    env = {k: os.environ.get(k) for k in ("ARGMAP_MODELS_DIR", "ARGMAP_MODEL", "ARGMAP_PROFILE")}
    print(json.dumps({"script": script, "env": env,
                      "options": {k: config.get_option(k) for k in keys}}))
bootstrap.run = show
from argmap.cli import main
main(sys.argv[1:])
"""


def resolve(tmp_path: Path, *args: str) -> dict[str, object]:
    """``argmap app *args`` started in a hostile folder under a hostile home."""
    home = foreign_folder(tmp_path / "home")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("STREAMLIT_", "ARGMAP_"))}
    path = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env |= {"HOME": str(home), "PYTHONPATH": path}
    done = subprocess.run(
        [sys.executable, "-c", RESOLVE, "app", *args], cwd=foreign_folder(tmp_path), env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return data


def test_the_settings_passed_are_the_apps_own() -> None:
    config = tomllib.loads((ROOT / "ui" / ".streamlit" / "config.toml").read_text())
    flat = {f"{section}.{key}": value for section, table in config.items()
            for key, value in table.items()}
    assert {k: str(v).lower() for k, v in flat.items()} == serve.SETTINGS


def test_app_passes_the_projects_settings_over_a_hostile_folder(tmp_path: Path) -> None:
    got = resolve(tmp_path, "--port", "8765")
    assert got["script"] == str((ROOT / "ui" / "streamlit_app.py").resolve())
    assert got["options"] == {
        "browser.gatherUsageStats": False, "server.maxUploadSize": 10, "server.headless": True,
        "server.port": 8765, "client.toolbarMode": "minimal", "theme.base": "light",
    }  # fmt: skip
    assert got["env"] == {"ARGMAP_MODELS_DIR": None, "ARGMAP_MODEL": None, "ARGMAP_PROFILE": None}


def test_app_opens_the_model_and_profile_named(tmp_path: Path) -> None:
    got = resolve(tmp_path, str(ROOT / "models" / "power_seeking.yaml"),
                  "-c", str(ROOT / "models" / "credences" / "superforecasters-2023.yaml"))
    assert got["env"] == {
        "ARGMAP_MODELS_DIR": str((ROOT / "models").resolve()),
        "ARGMAP_MODEL": "power_seeking.yaml",
        "ARGMAP_PROFILE": "credences/superforecasters-2023.yaml",
    }


def test_a_model_outside_the_models_folder_brings_its_own_folder(tmp_path: Path) -> None:
    mine = tmp_path / "work" / "mine.yaml"
    mine.parent.mkdir()
    mine.write_text((ROOT / "models" / "examples" / "sprinkler.yaml").read_text())
    env = serve.app_env(str(mine), None, {})
    assert env == {"ARGMAP_MODELS_DIR": str(mine.parent.resolve()), "ARGMAP_MODEL": "mine.yaml"}
    inside = serve.app_env(str(ROOT / "models" / "examples" / "sprinkler.yaml"), None,
                           {"ARGMAP_MODELS_DIR": str(ROOT / "models")})
    assert inside["ARGMAP_MODEL"] == "examples/sprinkler.yaml"


def test_installed_bundled_models_are_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """From a wheel the app never saves into site-packages; a checkout's models/ stays
    writable, and so does a folder of the person's own."""
    assert serve.installed_models() is False  # this checkout: argmap/models is a link
    assert serve.app_env(None, None, {}) == {}
    monkeypatch.setattr(serve, "installed_models", lambda: True)
    assert serve.app_env(None, None, {}) == {"ARGMAP_READ_ONLY": "1"}
    assert serve.app_env(None, None, {"ARGMAP_READ_ONLY": "0"}) == {}
    sprinkler = str(ROOT / "models" / "examples" / "sprinkler.yaml")
    assert serve.app_env(sprinkler, None, {})["ARGMAP_READ_ONLY"] == "1"
    assert "ARGMAP_READ_ONLY" not in serve.app_env(sprinkler, None, {"ARGMAP_MODELS_DIR": "/"})


def test_a_profile_the_app_cannot_list_is_refused() -> None:
    with pytest.raises(ArgmapError) as err:
        serve.app_env(str(ROOT / "models" / "examples" / "sprinkler.yaml"),
                      str(ROOT / "tests" / "data" / "nothing.yaml"), {})
    assert err.value.codes  # the file does not exist: a located read error
    assert serve.app_env(None, None, {}) == {}


def test_a_bad_model_is_a_located_error_before_streamlit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "streamlit", None)  # were it reached: missing-extra
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nclaims: 3\n")
    code, out, err = run_main(capsys, "app", str(bad))
    assert code == 2 and out == ""
    assert f"{bad}:2:9: wrong type for 'claims'" in err and "argmap[app]" not in err
    code, _, err = run_main(capsys, "app", str(tmp_path / "absent.yaml"))
    assert code == 2 and "absent.yaml: no such file" in err


def test_without_streamlit_one_line_names_the_extra(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "streamlit", None)
    code, out, err = run_main(capsys, "app", "--port", "8765")
    assert (code, out) == (2, "")
    assert err.strip().splitlines() == [
        "error: argmap app: needs streamlit, which is not installed: pip install 'argmap[app]'"
    ]


def test_help_says_what_the_command_does(capsys: pytest.CaptureFixture[str]) -> None:
    """(That ``argmap app --help`` loads neither Streamlit nor pgmpy is checked with every
    command's help in tests/cli/test_startup.py.)"""
    code, out, _err = run_main(capsys, "app", "--help")
    assert code == 0 and "Start the app on a model" in out
