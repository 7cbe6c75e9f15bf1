"""Shared fixtures: the repository's paths, and a real browser driving the app.

Browser tests (``@pytest.mark.browser``) need Chromium at /usr/bin/chromium. Without it they
are skipped with the reason, except in CI (``CI=true``), where they fail instead.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.server import wait_until_healthy

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository's root folder."""
    return ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


# Settings a stranger's folder might hold: the app's own (ui/.streamlit/config.toml) must win.
FOREIGN_CONFIG = """\
[browser]
gatherUsageStats = true

[server]
maxUploadSize = 200
"""


def foreign_folder(base: Path) -> Path:
    """A folder outside the repository whose ``.streamlit/config.toml`` contradicts the app's."""
    folder = base / "elsewhere"
    (folder / ".streamlit").mkdir(parents=True, exist_ok=True)
    (folder / ".streamlit" / "config.toml").write_text(FOREIGN_CONFIG)
    return folder


@contextlib.contextmanager
def _serve(env: dict[str, str], log: Path, cwd: Path) -> Iterator[str]:
    """``streamlit run <repo>/ui`` started in ``cwd``, with no settings on the command line.

    Telemetry and the upload limit come from the app's own settings wherever it starts, so
    the command passes only what a test needs (port, address, headless, no file watcher).
    """
    port = _free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "ui"),
        "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    env = {**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))}
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            if not wait_until_healthy(url, proc, 60):
                raise RuntimeError(f"the app did not start; see {log}")
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _need_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing; in CI the browser tests must run")
    pytest.skip(f"{CHROMIUM} not found (apt-get install -y chromium to run the browser tests)")


@pytest.fixture(scope="session")
def serve_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., str]]:
    """Start the app on a free port; ``serve_app(models_dir=None)`` -> base URL.

    The server starts in a folder outside the repository whose Streamlit settings contradict
    the app's (telemetry on, 200 MB uploads), as a user's folder might.

    ``models_dir`` points the app at another models folder (``ARGMAP_MODELS_DIR``). Servers
    stop at the end of the session.
    """
    _need_chromium()
    stack = contextlib.ExitStack()
    logs = tmp_path_factory.mktemp("app-logs")
    elsewhere = foreign_folder(tmp_path_factory.mktemp("cwd"))

    def start(models_dir: Path | None = None) -> str:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if models_dir is not None:
            env["ARGMAP_MODELS_DIR"] = str(models_dir)
        else:
            env.pop("ARGMAP_MODELS_DIR", None)
        log = logs / f"server-{len(list(logs.iterdir()))}.log"
        return stack.enter_context(_serve(env, log, elsewhere))

    with stack:
        yield start


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Chromium from /usr/bin/chromium, driven by playwright."""
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh 1280x800 page (its own context, so no state leaks between tests)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()
