"""How fast the command line starts: ``argmap --help``, ``--version`` and a cold ``query``.

Run with ``.venv/bin/python bench/bench_startup.py [--runs 10] [--root CHECKOUT]``.

Each command runs ``--runs`` times in a fresh interpreter (``python -m argmap ...``, the
repository first on the path) and the table gives the median and the fastest wall time, and the
median CPU time (user + system: steadier than wall time on a busy machine), beside bare Python
and ``python -c 'import numpy'`` on the same machine in the same run. The target
(issue 14) is a cold ``query`` on the scheming model within 0.25 s of importing numpy.
``--root`` times another checkout (e.g. an older commit's worktree) for a before/after table.
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


def timed(argv: Sequence[str], root: Path) -> tuple[float, float]:
    """Wall and CPU time of one run of ``argv`` (which must succeed), in seconds."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, cwd=root, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per command (default 10)")
    parser.add_argument("--quick", action="store_true", help="3 runs per command")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to time")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else args.runs
    root = args.root.resolve()
    py = sys.executable
    commands = {
        "python -c pass": [py, "-c", "pass"],
        "python -c 'import numpy'": [py, "-c", "import numpy"],
        "argmap --version": [py, "-m", "argmap", "--version"],
        "argmap --help": [py, "-m", "argmap", "--help"],
        "argmap query --help": [py, "-m", "argmap", "query", "--help"],
        "argmap query scheming": [py, "-m", "argmap", "query", "models/scheming.yaml"],
        "argmap export scheming svg": [py, "-m", "argmap", "export", "models/scheming.yaml",
                                       "-f", "svg", "-o", "-"],
    }
    print(f"start-up of {root} ({runs} runs each, wall time, seconds)")
    print(f"load average {os.getloadavg()[0]:.2f} before the runs")
    print(f"{'command':30} {'median':>8} {'min':>8} {'cpu':>8} {'cpu - numpy':>12}")
    medians: dict[str, tuple[float, float]] = {}
    for name, command in commands.items():
        walls, cpus = zip(*(timed(command, root) for _ in range(runs)), strict=True)
        median, cpu = statistics.median(walls), statistics.median(cpus)
        medians[name] = (median, cpu)
        numpy_cpu = medians.get("python -c 'import numpy'", (0.0, 0.0))[1]
        over = f"{cpu - numpy_cpu:+12.3f}" if numpy_cpu and "numpy" not in name else ""
        print(f"{name:30} {median:8.3f} {min(walls):8.3f} {cpu:8.3f} {over:>12}")
    print(verdict(medians))
    print(f"load average {os.getloadavg()[0]:.2f} after the runs")


def verdict(medians: dict[str, tuple[float, float]]) -> str:
    """The gap between a cold query and importing numpy (wall and CPU medians), and whether it
    meets the target.

    >>> print(verdict({"python -c 'import numpy'": (0.1, 0.15),
    ...                "argmap query scheming": (0.3, 0.35)}))
    gap: cold 'argmap query scheming' - 'import numpy' = +0.200 s wall, +0.200 s CPU \
(target +0.25 s): met
    """
    numpy_wall, numpy_cpu = medians["python -c 'import numpy'"]
    wall, cpu = medians["argmap query scheming"]
    met = "met" if max(wall - numpy_wall, cpu - numpy_cpu) <= TARGET_S else "not met"
    return (f"gap: cold 'argmap query scheming' - 'import numpy' = {wall - numpy_wall:+.3f} s "
            f"wall, {cpu - numpy_cpu:+.3f} s CPU (target +{TARGET_S} s): {met}")


if __name__ == "__main__":
    main()
