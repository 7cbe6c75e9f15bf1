"""The app in a real browser, for ``bench/bench_app.py``: slider to headline, slider to diagram.

Starts ``streamlit run ui`` on a free port, opens the Map page in Debian Chromium (playwright),
then moves one named credence slider with the keyboard, ``n`` times. A script injected before
the page's own (:data:`PROBE`) stamps, with the page's clock (``performance.now()``):

- the key press (a capturing ``keydown`` listener),
- the first websocket message the page sends after it (the widget's new value going out),
  and the first and last messages the server sends back for the re-run,
- the first DOM change after which the headline's text differs from before the press,
- the first change after which the diagram's boxes (fill and text of every ``g.node``, inside
  the component's shadow root) differ from before,

and counts the bytes the server sent for the re-run. Between moves it waits until the
websocket has been quiet for :data:`QUIET_MS`, so re-runs never overlap. Nothing here asserts a
time: the numbers are printed.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
QUIET_MS = 300
KEYS = ("End", "Home", "PageUp", "PageUp", "End", "PageDown", "PageDown", "Home")
"""The moves, in turn: each lands on another value than the one before (0.5 at the start)."""

PROBE = r"""
(() => {
  const B = window.__bench = { armed: false, bytes: 0, lastMsg: performance.now() };
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (e) => {
        const d = e.data;
        B.lastMsg = performance.now();
        if (!B.armed) return;
        B.bytes += d.byteLength ?? d.size ?? d.length ?? 0;
        if (B.tSend !== null) {
          if (B.tReply === null) B.tReply = B.lastMsg;
          B.tLast = B.lastMsg;
        }
      });
    }
    send(d) {
      if (B.armed && B.tKey !== null && B.tSend === null) B.tSend = performance.now();
      return super.send(d);
    }
  };
  window.addEventListener("keydown", () => {
    if (B.armed && B.tKey === null) B.tKey = performance.now();
  }, true);
  B.head = () => {
    const e = document.querySelector('[data-testid="stMetricValue"]');
    return e ? e.textContent : "";
  };
  B.findRoot = () => {
    for (const e of document.querySelectorAll('[data-testid="stMain"] *')) {
      if (e.shadowRoot && e.shadowRoot.querySelector(".argmap-diagram")) return e.shadowRoot;
    }
    return null;
  };
  B.sig = (root) => root ? [...root.querySelectorAll(".argmap-diagram svg g.node")].map((n) => {
    const s = n.querySelector("path, polygon, ellipse");
    return (s ? s.getAttribute("fill") : "") + "|" + n.textContent;
  }).join("\n") : "";
  B.checkHead = () => {
    if (B.armed && B.tHead === null && B.head() !== B.headBefore) B.tHead = performance.now();
  };
  B.checkDiagram = () => {
    if (!B.armed || B.tDiagram !== null) return;
    if (B.sig(B.root) !== B.sigBefore) B.tDiagram = performance.now();
  };
  B.watch = () => {
    if (B.rootObserver) B.rootObserver.disconnect();
    B.root = B.findRoot();
    if (!B.root) return;
    B.rootObserver = new MutationObserver(B.checkDiagram);
    B.rootObserver.observe(B.root, { subtree: true, childList: true, attributes: true,
      characterData: true });
  };
  new MutationObserver(() => {
    B.checkHead();
    if (B.armed && B.tDiagram === null && !(B.root && B.root.host.isConnected)) {
      B.watch();
      B.checkDiagram();
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
  B.arm = () => {
    B.watch();
    Object.assign(B, { tKey: null, tSend: null, tHead: null, tDiagram: null, bytes: 0,
      tReply: null, tLast: null,
      headBefore: B.head(), sigBefore: B.sig(B.root), armed: true });
  };
})();
"""


READ = """() => { const B = window.__bench; B.armed = false;
  return { tKey: B.tKey, tSend: B.tSend, tHead: B.tHead, tDiagram: B.tDiagram, bytes: B.bytes,
           tReply: B.tReply, tLast: B.tLast, text: B.head(),
           recolour: B.root ? Number(B.root.querySelector(".argmap-diagram").dataset.recolourMs)
                            : null }; }"""


@dataclass(frozen=True)
class Move:
    """One slider move, in ms from the key press (None: not seen within the wait)."""

    key: str
    send: float | None
    reply: float | None
    last: float | None
    headline: float | None
    diagram: float | None
    kbytes: float
    text: str
    recolour: float | None = None
    """How long the component took to recolour the boxes (its ``data-recolour-ms``)."""


@dataclass(frozen=True)
class Run:
    """A browser run: what was opened and every move."""

    url: str
    slider: str
    first_ms: float
    moves: list[Move]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(log: Path, root: Path = ROOT) -> tuple[subprocess.Popen[bytes], str]:
    """``streamlit run ui`` of the checkout ``root`` (this one by default) on a free port;
    returns the process and its URL once healthy."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(root / "ui"),
               "--server.headless", "true", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root),
                                                                     os.environ.get("PYTHONPATH")]))}
    out = log.open("w")
    proc = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.1)
    stop(proc)
    raise SystemExit(f"the app did not start; see {log}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _ms(b: dict[str, Any], name: str) -> float | None:
    t = b.get(name)
    return None if t is None or b.get("tKey") is None else float(t) - float(b["tKey"])


def drive(url: str, model: str, slider: str, n: int, width: int = 1400) -> Run:
    """Open the Map page on ``model`` and move the slider whose name matches ``slider`` (a
    regular expression; the sidebar's first slider when none matches) ``n`` times."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.set_default_timeout(30_000)
            page.add_init_script(PROBE)
            start = time.perf_counter()
            page.goto(f"{url}/?model={model}")
            page.get_by_test_id("stMetricValue").first.wait_for()
            page.locator(".argmap-diagram svg g.node").first.wait_for()
            first = (time.perf_counter() - start) * 1000
            sidebar = page.get_by_test_id("stSidebar")
            sidebar.get_by_role("slider").first.wait_for()
            names = sidebar.get_by_role("slider").evaluate_all(
                "ss => ss.map(s => s.getAttribute('aria-label') || '')")
            name = next((s for s in names if re.search(slider, s)), names[0])
            quoted = name.replace("\\", "\\\\").replace('"', '\\"')
            handle = sidebar.locator(f'input[type="range"][aria-label="{quoted}"]')
            moves = []
            for i in range(n):
                _settle(page)
                handle.focus()
                page.evaluate("() => window.__bench.arm()")
                key = KEYS[i % len(KEYS)]
                page.keyboard.press(key)
                try:
                    page.wait_for_function(
                        "() => __bench.tHead !== null && __bench.tDiagram !== null",
                        timeout=15_000)
                except Exception:  # noqa: BLE001 - a move that changed nothing is reported
                    pass
                _settle(page)
                b = page.evaluate(READ)
                times = [_ms(b, t) for t in ("tSend", "tReply", "tLast", "tHead", "tDiagram")]
                moves.append(Move(key, *times, float(b["bytes"]) / 1000, str(b["text"]),
                                  b.get("recolour")))
            return Run(url, name, first, moves)
        finally:
            browser.close()


def _settle(page: Any) -> None:
    """Wait until the server has sent nothing for QUIET_MS (the re-run is over)."""
    page.wait_for_function(f"() => performance.now() - __bench.lastMsg > {QUIET_MS}",
                           timeout=30_000, polling=50)
