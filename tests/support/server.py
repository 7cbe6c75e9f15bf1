"""Waiting for a Streamlit server the tests started: its health endpoint answers, or it died."""

from __future__ import annotations

import subprocess
import time
import urllib.request


def wait_until_healthy(url: str, proc: subprocess.Popen[bytes], seconds: float) -> bool:
    """Poll ``url``'s ``/_stcore/health`` until it answers 200 (True), or until ``proc`` exits or
    ``seconds`` pass (False)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return True
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.1)
