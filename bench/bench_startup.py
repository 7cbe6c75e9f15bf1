"""How fast the command line starts: ``argmap --help``, ``--version`` and a cold ``query``.

Run with ``.venv/bin/python bench/bench_startup.py [--runs 7] [--root CHECKOUT] [--before OLD]``.

Each command runs ``--runs`` times in a fresh interpreter (``python -m argmap ...`` and, when the
environment has it, the console script ``argmap``; the checkout first on the path), the commands
taking turns (A B C A B C ...), so that a change in the machine's load falls on all of them. The
table gives the median and the fastest wall time, and the median CPU time (user + system: steadier
than wall time on a busy machine), beside bare Python and ``python -c 'import numpy'`` in the same
run; the last line is the gap between a cold query and importing numpy, wall and CPU, against the
target of issue 14 (within 0.25 s). The load average is printed before and after.

argmap's bytecode is compiled first (``compileall``, as an install or a first run leaves
``__pycache__`` behind): "cold" means a fresh interpreter, not Python compiling argmap's
sources again, which ``PYTHONDONTWRITEBYTECODE`` without a cache would make every run pay.

``--root`` times another checkout; ``--before OLD`` adds OLD's ``query`` (an older commit's
tree, e.g. from ``git archive``), interleaved with the rest, for a before/after table.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 0.25
NUMPY = "python -c 'import numpy'"
QUERY = "python -m argmap query scheming"
SCHEMING = "models/scheming.yaml"


def timed(argv: Sequence[str], root: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU time of one run of ``argv`` in ``root`` (which must succeed), in seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, cwd=root, env={**env, "PYTHONPATH": str(root)}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def commands(root: Path, before: Path | None) -> dict[str, tuple[list[str], Path]]:
    """The commands to time: name -> (argv, the folder it runs in)."""
    py = sys.executable
    script = Path(py).with_name("argmap")
    out: dict[str, tuple[list[str], Path]] = {
        "python -c pass": ([py, "-c", "pass"], root),
        NUMPY: ([py, "-c", "import numpy"], root),
        "argmap --version": ([py, "-m", "argmap", "--version"], root),
        "argmap --help": ([py, "-m", "argmap", "--help"], root),
        "argmap query --help": ([py, "-m", "argmap", "query", "--help"], root),
        QUERY: ([py, "-m", "argmap", "query", SCHEMING], root),
    }
    if script.exists():
        out["argmap query scheming (script)"] = ([str(script), "query", SCHEMING], root)
    if before is not None:
        out["before: " + QUERY] = ([py, "-m", "argmap", "query", SCHEMING], before)
    out["argmap export scheming svg"] = (
        [py, "-m", "argmap", "export", SCHEMING, "-f", "svg", "-o", "-"], root)
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per command (default 7)")
    parser.add_argument("--quick", action="store_true", help="3 runs per command")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to time")
    parser.add_argument("--before", type=Path, help="an older checkout whose query to time too")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else args.runs
    todo = commands(args.root.resolve(), args.before.resolve() if args.before else None)
    env = dict(os.environ)
    for folder in {folder for _, folder in todo.values()}:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder / "argmap")],
                       check=True, stdout=subprocess.DEVNULL)
    print(f"start-up of {args.root.resolve()} ({runs} runs each, taking turns; seconds)")
    print(f"load average {os.getloadavg()[0]:.2f} before the runs")
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in todo}
    for _ in range(runs):
        for name, (command, folder) in todo.items():
            times[name].append(timed(command, folder, env))
    print(f"{'command':42} {'median':>8} {'min':>8} {'cpu':>8} {'cpu - numpy':>12}")
    medians: dict[str, tuple[float, float]] = {}
    for name, pairs in times.items():
        walls, cpus = zip(*pairs, strict=True)
        medians[name] = (statistics.median(walls), statistics.median(cpus))
    numpy_cpu = medians[NUMPY][1]
    for name, (wall, cpu) in medians.items():
        over = "" if name in (NUMPY, "python -c pass") else f"{cpu - numpy_cpu:+12.3f}"
        print(f"{name:42} {wall:8.3f} {min(w for w, _ in times[name]):8.3f} {cpu:8.3f} {over:>12}")
    for name in medians:
        if name.startswith((QUERY, "argmap query scheming", "before: ")):
            print(verdict(medians, name))
    print(f"load average {os.getloadavg()[0]:.2f} after the runs")


def verdict(medians: dict[str, tuple[float, float]], name: str = QUERY) -> str:
    """The gap between a cold query (``name``) and importing numpy (wall and CPU medians), and
    whether it meets the target.

    >>> print(verdict({NUMPY: (0.1, 0.15), QUERY: (0.3, 0.35)}))
    gap: 'python -m argmap query scheming' - 'import numpy' = +0.200 s wall, +0.200 s CPU \
(target +0.25 s): met
    """
    numpy_wall, numpy_cpu = medians[NUMPY]
    wall, cpu = medians[name]
    met = "met" if max(wall - numpy_wall, cpu - numpy_cpu) <= TARGET_S else "not met"
    return (f"gap: {name!r} - 'import numpy' = {wall - numpy_wall:+.3f} s wall, "
            f"{cpu - numpy_cpu:+.3f} s CPU (target +{TARGET_S} s): {met}")


if __name__ == "__main__":
    main()
