"""How fast the app answers a credence change: in a real browser, under AppTest, in the library.

Run with ``.venv/bin/python bench/bench_app.py [--model scheming.yaml] [--n 20]``
(``--n 3`` is the quick mode ``make bench-quick`` runs; ``--no-browser`` skips Chromium;
``--against DIR --rounds R`` times only the browser, interleaving this checkout with another,
for a before and after under the same load).

1. **The browser** (``bench/app_browser.py``): starts ``streamlit run ui``, opens the Map page
   in Debian Chromium through playwright and moves one named credence slider (``--slider``; by
   default the first ``P(true)`` in the sidebar: on the scheming model, long_horizon_training's,
   which moves the headline on every step; training_scale's P(extensive) moves it by less than
   the 0.1 points it shows) with the keyboard, ``--n`` times. Per move it
   measures, from the key press, the time until the headline's value changed and until the
   diagram's boxes show the new numbers and fills, and the kilobytes the server sent. Targets
   (issue 14): headline <= 150 ms and diagram <= 400 ms at the 95th percentile.
2. **AppTest** (no browser, no websocket): the Map page's whole re-run (router, sidebar, page)
   after a slider change, with the first group of sliders open and with every group open.
3. **The library**: ``argmap.marginals`` on the current credences (the same values each call,
   and one number changed each call), and ``to_dot``.

The verdicts are printed; the exit code does not depend on them (a crash still fails).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import app_browser  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

import argmap  # noqa: E402
from argmap import to_dot  # noqa: E402
from argmap.ui import controls, state  # noqa: E402

HEADLINE_P95_MS = 150.0
DIAGRAM_P95_MS = 400.0
RERUN_TARGET_MS = 150.0


def summary(samples: Sequence[float]) -> str:
    """Median, 95th percentile and max of ``samples`` (ms)."""
    if not samples:
        return "no samples"
    return (f"median {statistics.median(samples):7.1f}  p95 {p95(samples):7.1f}  "
            f"max {max(samples):7.1f} ms")


def p95(samples: Sequence[float]) -> float:
    """The 95th percentile (inclusive; the max for fewer than 20 samples)."""
    if len(samples) < 2:
        return max(samples)
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def time_slider(at: AppTest, key: str, n: int) -> list[float]:
    """Re-run times (ms) for ``n`` moves of the slider ``key`` (on the Map, the re-run of
    its fragments; an untimed full run follows, since AppTest then holds only their
    elements, where a browser keeps the page)."""
    times = []
    for i in range(n):
        value = round(0.05 + 0.9 * (i % 10) / 9, 2)
        start = time.perf_counter()
        at.slider(key=key).set_value(value).run()
        times.append((time.perf_counter() - start) * 1000)
        if at.exception:
            raise SystemExit(f"the app failed: {at.exception}")
        if not any(s.key == state.PICK_MODEL for s in at.selectbox):
            at.run()
    return times


def time_call(call: Callable[[int], Any], n: int) -> list[float]:
    """Times (ms) of ``call(i)`` for i in range(n)."""
    times = []
    for i in range(n):
        start = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def browser_run(args: argparse.Namespace, root: Path = ROOT) -> app_browser.Run:
    """One server of the checkout ``root``, one browser, ``args.n`` moves."""
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = app_browser.start_server(Path(tmp) / "server.log", root)
        try:
            return app_browser.drive(url, args.model, args.slider, args.n)
        finally:
            app_browser.stop(proc)


def load() -> str:
    """The 1-minute load average, now."""
    with open("/proc/loadavg", encoding="ascii") as f:
        return f.read().split()[0]


def against(args: argparse.Namespace) -> None:
    """``--against DIR``: this checkout (A) and another (B), interleaved A B B A A B ..., each
    round with its load; then every round's moves pooled per checkout."""
    pooled: dict[str, dict[str, list[float]]] = {}
    for r in range(args.rounds):
        for name, root in (("A", ROOT), ("B", args.against))[:: 1 if r % 2 == 0 else -1]:
            at_load = load()
            run = browser_run(args, root)
            heads = [m.headline for m in run.moves if m.headline is not None]
            got = pooled.setdefault(name, {"headline": [], "diagram": [], "loads": []})
            got["headline"] += heads
            got["diagram"] += [m.diagram for m in run.moves if m.diagram is not None]
            got["loads"].append(float(at_load))
            print(f"round {r} {name}: load {at_load}, headline {summary(heads)}")
    for name, root in (("A", ROOT), ("B", args.against)):
        got = pooled[name]
        print(f"{name} = {root}: loads {min(got['loads'])}-{max(got['loads'])}")
        print(f"  key press to the headline:        {summary(got['headline'])}")
        print(f"  key press to the diagram updated: {summary(got['diagram'])}")


def browser(args: argparse.Namespace) -> None:
    """Part 1: a real browser against a real server."""
    if not app_browser.CHROMIUM.exists():
        print(f"browser: skipped ({app_browser.CHROMIUM} not found)")
        return
    run = browser_run(args)
    heads = [m.headline for m in run.moves if m.headline is not None]
    diagrams = [m.diagram for m in run.moves if m.diagram is not None]
    sends = [m.send for m in run.moves if m.send is not None]
    replies = [m.reply for m in run.moves if m.reply is not None]
    lasts = [m.last for m in run.moves if m.last is not None]
    kbytes = [m.kbytes for m in run.moves]
    print(f"browser (Chromium, 1400x900), slider {run.slider!r}, {len(run.moves)} moves:")
    print(f"  first render (page load to headline and diagram): {run.first_ms:8.1f} ms")
    print(f"  key press to the value sent:      {summary(sends)}")
    print(f"  key press to the first reply:     {summary(replies)}")
    print(f"  key press to its last message:    {summary(lasts)}")
    print(f"  key press to the headline:        {summary(heads)}")
    print(f"  key press to the diagram updated: {summary(diagrams)}")
    recolour = [m.recolour for m in run.moves if m.recolour is not None]
    print(f"  the component's recolouring:      {summary(recolour)}")
    print(f"  sent by the server per move: median {statistics.median(kbytes):.1f} kB, "
          f"max {max(kbytes):.1f} kB")
    missed = [m.key for m in run.moves if m.headline is None or m.diagram is None]
    if missed:
        print(f"  moves where the headline or diagram did not change in 15 s: {missed}")
    print(f"  headline after the last move: {run.moves[-1].text if run.moves else '?'}")
    for name, samples, target in (("headline", heads, HEADLINE_P95_MS),
                                  ("diagram", diagrams, DIAGRAM_P95_MS)):  # fmt: skip
        verdict = ("OK" if samples and not missed and p95(samples) <= target else "TOO SLOW"
                   if samples else "NOT SEEN")  # fmt: skip
        print(f"  target: {name} <= {target:.0f} ms at p95 -> {verdict}")


def apptest(args: argparse.Namespace) -> None:
    """Parts 2 and 3: AppTest re-runs, then the library alone."""
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
    pid = key.removeprefix("cred:")
    moved = [{**values, pid: argmap.Point(round(0.05 + 0.9 * (i % 10) / 9, 2))}
             for i in range(10)]  # fmt: skip
    result = argmap.marginals(model, values)
    runs = max(args.n, 50)
    same = time_call(lambda i: argmap.marginals(model, values), runs)
    changed = time_call(lambda i: argmap.marginals(model, moved[i % 10]), runs)
    draw = time_call(lambda i: to_dot(model, result), runs)

    at.switch_page("views/credences.py")
    at.run()
    credences = time_slider(at, key, args.n)

    print(f"AppTest: first render (read, validate, compile, draw): {first * 1000:8.1f} ms")
    print(f"  Map page re-run after a slider change ({key}; its fragments), {args.n} moves:")
    print(f"    as it opens ({sliders} sliders, first group open): {summary(times)}")
    print(f"    every group open ({all_sliders} sliders):             {summary(times_all)}")
    print(f"  Credences page re-run after a slider change:          {summary(credences)}")
    verdict = "OK" if statistics.median(times) < RERUN_TARGET_MS else "TOO SLOW"
    print(f"  target: Map page re-run (as it opens) under {RERUN_TARGET_MS:.0f} ms at the "
          f"median -> {verdict}")
    print(f"library, {runs} calls each:")
    print(f"  argmap.marginals, the same credences:   {summary(same)}")
    print(f"  argmap.marginals, one number changed:   {summary(changed)}")
    print(f"  to_dot (the diagram's DOT):             {summary(draw)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="scheming.yaml", help="a file under models/")
    parser.add_argument("--n", type=int, default=20, help="slider moves to time")
    parser.add_argument("--slider", default=r"^P\(true\)",
                        help="the browser's slider: a regular expression on its name "
                        "(the sidebar's first slider when none matches)")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser part")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="compare with another checkout (say, `git archive` of main in a "
                        "folder): browser runs only, interleaved with this one's")
    parser.add_argument("--rounds", type=int, default=4, help="with --against: runs of each")
    args = parser.parse_args()
    with open("/proc/loadavg", encoding="ascii") as f:
        print(f"load average: {' '.join(f.read().split()[:3])}")
    if args.against:
        against(args)
        return
    first_claims = argmap.load_model(ROOT / "models" / args.model)
    print(f"model models/{args.model}: {len(first_claims.claims)} claims, "
          f"{len(first_claims.parameters)} parameters")
    if not args.no_browser:
        browser(args)
    apptest(args)


if __name__ == "__main__":
    main()
