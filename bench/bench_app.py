"""How fast the app answers a credence change.

Run with ``.venv/bin/python bench/bench_app.py [--model scheming.yaml] [--n 20]``.

Drives ``ui/streamlit_app.py`` with Streamlit's AppTest (no browser, no websocket): opens the
Map page on the model (and its default credence profile), then moves the first credence slider
``--n`` times and prints the median time of the whole re-run (router, sidebar, page), beside
the pure inference time (``argmap.marginals`` on the same credences) and the diagram's
(``to_dot``). The target is a re-run under 150 ms. The Credences page (every control, with
its uncertainty inputs) is timed the same way, for information.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

import argmap  # noqa: E402
from argmap import to_dot  # noqa: E402
from argmap.ui import controls, state  # noqa: E402

TARGET_MS = 150.0


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000.0


def time_slider(at: AppTest, key: str, n: int) -> list[float]:
    """Re-run times for ``n`` moves of the slider ``key``."""
    times = []
    for i in range(n):
        value = round(0.05 + 0.9 * (i % 10) / 9, 2)
        start = time.perf_counter()
        at.slider(key=key).set_value(value).run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise SystemExit(f"the app failed: {at.exception}")
    return times


def time_call(call: Callable[[], Any], n: int) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="scheming.yaml", help="a file under models/")
    parser.add_argument("--n", type=int, default=20, help="slider changes to time")
    args = parser.parse_args()

    at = AppTest.from_file(str(ROOT / "ui" / "streamlit_app.py"), default_timeout=120)
    at.session_state[state.PICK_MODEL] = args.model
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    if at.exception or not at.metric:
        raise SystemExit(f"the app did not open the model: {at.exception or at.error}")
    key = next(s.key for s in at.slider if s.key and s.key.startswith("cred:"))
    sliders = len(at.slider)
    at.run()  # warm
    times = time_slider(at, key, args.n)
    headline = at.metric[0].value
    # the worst case: every group of sliders open in the sidebar
    active = at.session_state[state.ACTIVE]
    for i in range(len(list(controls.groups(active.model)))):
        at.session_state[f"map:open:{i}"] = True
    at.run()
    all_sliders = len(at.slider)
    times_all = time_slider(at, key, args.n)

    active = at.session_state[state.ACTIVE]
    draft = at.session_state[state.DRAFTS][(active.model_key, active.profile_key)]
    model, values = active.model, dict(draft.values)
    result = argmap.marginals(model, values)
    infer = time_call(lambda: argmap.marginals(model, values), max(args.n, 50))
    draw = time_call(lambda: to_dot(model, result), max(args.n, 50))

    at.switch_page("views/credences.py")
    at.run()
    credences = time_slider(at, key, args.n)

    print(
        f"model models/{args.model}: {len(model.claims)} claims, {len(model.parameters)} "
        f"parameters; credences: {draft.profile.label}"
    )
    print(f"first render (read, validate, compile, draw):   {first * 1000:8.1f} ms")
    print(f"Map page re-run after a slider change ({key}), median of {args.n}:")
    print(
        f"  as it opens ({sliders} sliders, first group open): "
        f"{median_ms(times):6.1f} ms (max {max(times) * 1000:.1f})"
    )
    print(
        f"  every group open ({all_sliders} sliders):             "
        f"{median_ms(times_all):6.1f} ms (max {max(times_all) * 1000:.1f})"
    )
    print(f"  argmap.marginals on the same credences, median: {median_ms(infer):8.2f} ms")
    print(f"  to_dot (the diagram), median:                   {median_ms(draw):8.2f} ms")
    print(f"  headline after the last change: {headline}")
    print(
        f"Credences page re-run after a slider change, median of {args.n}: "
        f"{median_ms(credences):6.1f} ms"
    )
    verdict = "OK" if max(median_ms(times), median_ms(times_all)) < TARGET_MS else "TOO SLOW"
    print(f"target: Map page re-run under {TARGET_MS:.0f} ms -> {verdict}")


if __name__ == "__main__":
    main()
