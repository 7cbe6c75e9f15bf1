"""The wheel is the product (issue 15): built from the repository, installed in a fresh venv
outside it, and used from an empty folder as a new user would.

The module builds the wheel once from a copy of the repository's files (``git ls-files``, the
links kept, so no stale ``build/`` can leak in), checks what it holds, installs it with the
app's extra into a venv under ``tmp_path``, and then, in an empty folder with a home of its
own: ``argmap query``, ``argmap export -o x.svg``, the README's Python example (read from
README.md), the app under Streamlit's AppTest, ``argmap app`` serving its page, and mypy from a
consumer's point of view (``py.typed``). pip may use the network and its cache.

Marked ``wheel`` (``-m "not wheel"`` leaves it out of a quick run); CI runs it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, foreign_folder
from tests.support.readme import readme_python
from tests.support.server import wait_until_healthy

pytestmark = [pytest.mark.wheel, pytest.mark.timeout(900)]  # hang guard, not a speed test

EXTRAS = "[app]"  # the extra that brings the app; pip warns and goes on while it is not defined


@dataclass(frozen=True)
class Installed:
    """The built wheel, the fresh venv it is installed in, and an empty folder to work in."""

    wheel: Path
    venv: Path
    empty: Path
    env: dict[str, str]

    def bin(self, name: str) -> str:
        return str(self.venv / ("Scripts" if os.name == "nt" else "bin") / name)

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args), cwd=self.empty, env=self.env, capture_output=True, text=True,
            timeout=timeout,
        )  # fmt: skip


def _copy_sources(target: Path) -> None:
    """The repository's files (tracked and new, not ignored) with links kept as links."""
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        src, dst = ROOT / name, target / name
        if not src.is_symlink() and not src.exists():
            continue  # deleted in the work tree, not yet in git
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            dst.symlink_to(os.readlink(src))
        else:
            shutil.copy2(src, dst)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    source, dist, venv = base / "src", base / "dist", base / "venv"
    _copy_sources(source)
    pip_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_USER")}
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)],
        check=True, env=pip_env, timeout=600,
    )  # fmt: skip
    (wheel,) = dist.glob("argmap-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
         "--no-compile", f"{wheel}{EXTRAS}"],  # no .pyc for ~75 packages: half the time
        check=True, env=pip_env, timeout=900,
    )  # fmt: skip
    empty = base / "empty"
    empty.mkdir()
    home = foreign_folder(base / "home")  # a home whose Streamlit settings contradict the app's
    env = {k: v for k, v in pip_env.items() if not k.startswith(("ARGMAP_", "STREAMLIT_"))}
    env |= {"HOME": str(home), "PATH": os.pathsep.join([str(python.parent), env["PATH"]])}
    env.pop("VIRTUAL_ENV", None)
    return Installed(wheel, venv, empty, env)


def test_the_wheel_holds_the_package_the_app_and_the_models(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as whl:
        names = set(whl.namelist())
        meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = whl.read(meta).decode()
        top = whl.read(meta.replace("METADATA", "top_level.txt")).decode().split()
    assert top == ["argmap"]
    assert {n.split("/")[0] for n in names} == {"argmap", meta.split("/")[0]}, "no top-level ui"
    for name in ("argmap/py.typed", "argmap/models/scheming.yaml",
                 "argmap/models/power_seeking.yaml", "argmap/models/credences/carlsmith.yaml",
                 "argmap/models/examples/sprinkler.yaml",
                 "argmap/models/examples/credences/sprinkler-dry.yaml",
                 "argmap/ui/streamlit_app.py", "argmap/ui/views/map.py",
                 "argmap/ui/.streamlit/config.toml", "argmap/cli/serve.py"):  # fmt: skip
        assert name in names, name
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    shipped = {n for n in names if n.startswith("argmap/models/")}
    in_git = {f"argmap/models/{p.relative_to(ROOT / 'models').as_posix()}"
              for p in (ROOT / "models").rglob("*.yaml")}
    assert in_git <= shipped, "every model and profile in models/ ships"
    assert "License-Expression: MIT" in metadata
    assert "Project-URL: Repository, https://github.com/argmap/argmap" in metadata


def test_query_and_export_work_from_an_empty_folder(installed: Installed) -> None:
    done = installed.run(installed.bin("argmap"), "query")
    assert done.returncode == 0, done.stderr
    here = subprocess.run(
        [sys.executable, "-m", "argmap", "query"], cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.stdout == here.stdout and "P(model_class=schemer" in done.stdout
    done = installed.run(installed.bin("argmap"), "export", "-o", "x.svg")
    assert done.returncode == 0, done.stderr
    svg = (installed.empty / "x.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith(("<?xml", "<svg")) and "</svg>" in svg
    assert svg.count("<g id=\"node") >= 10  # a diagram of the model's claims, not an empty one


def test_the_readme_python_example_runs_from_an_empty_folder(installed: Installed) -> None:
    code = readme_python()
    done = installed.run(installed.bin("python"), "-c", code)
    assert done.returncode == 0, done.stderr
    here = subprocess.run(
        [sys.executable, "-c", code], cwd=installed.empty, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120,
    )  # fmt: skip
    assert here.returncode == 0, here.stderr
    assert done.stdout == here.stdout and len(done.stdout.splitlines()) == 2


APPTEST = """
from importlib.resources import files
from streamlit.testing.v1 import AppTest
from argmap.ui import state
at = AppTest.from_file(str(files("argmap") / "ui" / "streamlit_app.py"), default_timeout=120)
at.run()
assert not at.exception, at.exception
print(at.session_state[state.PICK_MODEL], at.session_state[state.PICK_PROFILE])
print(at.metric[0].value)
"""


def test_the_installed_app_runs_on_the_bundled_model(installed: Installed) -> None:
    done = installed.run(installed.bin("python"), "-c", APPTEST)
    assert done.returncode == 0, done.stderr
    picks, metric = done.stdout.strip().splitlines()[-2:]
    assert picks == "scheming.yaml credences/carlsmith.yaml"
    assert re.fullmatch(r"\d+(\.\d+)?%", metric), metric


SETTINGS = """
import json, os
from streamlit import config
from streamlit.web import bootstrap
def show(script, is_hello, args, flag_options):
    keys = ("browser.gatherUsageStats", "server.maxUploadSize", "server.headless")
    print(json.dumps({"script": script, "read_only": os.environ.get("ARGMAP_READ_ONLY"),
                      **{k: config.get_option(k) for k in keys}}))
bootstrap.run = show  # Streamlit's own parsing and settings, then print instead of serving
from argmap.cli import main
main(["app"])
"""


def test_argmap_app_settings_win_and_the_bundled_models_are_read_only(
    installed: Installed,
) -> None:
    """In a home whose Streamlit settings say otherwise: telemetry off, 10 MB; and the app
    saves nothing into site-packages."""
    done = installed.run(installed.bin("python"), "-c", SETTINGS)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["script"].startswith(str(installed.venv))
    assert got["script"].endswith("argmap/ui/streamlit_app.py")
    assert (got["read_only"], got["browser.gatherUsageStats"], got["server.maxUploadSize"],
            got["server.headless"]) == ("1", False, 10, True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def served(installed: Installed, tmp_path: Path) -> Iterator[str]:
    """``argmap app --port P --host 127.0.0.1`` in the empty folder; stopped afterwards."""
    port, log = _free_port(), tmp_path / "app.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [installed.bin("argmap"), "app", "--port", str(port), "--host", "127.0.0.1"],
            cwd=installed.empty, env=installed.env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            if not wait_until_healthy(url, proc, 120):
                raise AssertionError(f"argmap app did not start:\n{log.read_text()}")
            yield url
        finally:
            proc.send_signal(signal.SIGINT)  # what Ctrl+C sends: Streamlit stops cleanly
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    assert "Traceback" not in log.read_text()


def test_argmap_app_serves_the_page(served: str) -> None:
    with urllib.request.urlopen(served, timeout=10) as r:
        page = r.read().decode()
    assert r.status == 200 and "<title>" in page and "<div id=\"root\">" in page


CONSUMER = """\
from pathlib import Path

import argmap

folder: Path = argmap.models_dir()
model = argmap.load_model(folder / "scheming.yaml")
wrong: int = model.title
"""


def test_a_consumer_sees_argmaps_types(installed: Installed, tmp_path: Path) -> None:
    """py.typed: mypy reads the installed package's hints (without it: import-untyped)."""
    script = tmp_path / "consumer.py"
    script.write_text(CONSUMER)
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--python-executable", installed.bin("python"),
         "--no-incremental", "--follow-imports=silent", str(script)],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert "import-untyped" not in done.stdout, done.stdout
    assert done.stdout.count("error:") == 1, done.stdout
    assert 'consumer.py:7: error: Incompatible types in assignment (expression has type "str"' \
        in done.stdout
