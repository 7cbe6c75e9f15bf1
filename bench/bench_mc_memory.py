"""Monte Carlo's time and peak memory against the sample count, one subprocess per count.

Printed by ``bench/bench_analysis.py``; run alone as ``python bench/bench_mc_memory.py
[--quick]``, or ``python bench/bench_mc_memory.py --child N`` for one measurement (JSON).
Each child loads ``models/scheming.yaml``, runs a 100-sample Monte Carlo (imports, network
compiled), reads its peak RSS (``VmHWM`` in ``/proc/self/status``), then times
``argmap.montecarlo(model, samples=N, seed=0)`` and reads the peak again: the whole process's
high-water mark, not numpy's allocations alone. (``ru_maxrss`` would not do: Linux carries a
parent's peak over into a child it forks and execs.)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 1 << 30  # 1 GiB: issue 14's "within 1 GB"
COUNTS = (1_000, 10_000, 100_000, 1_000_000)


def peak_rss() -> int:
    """This process's peak resident memory in bytes (Linux's ``VmHWM``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status: peak memory is measured on Linux only")


def child(samples: int) -> dict[str, float]:
    """One measurement in this process (call it in a fresh one)."""
    sys.path.insert(0, str(ROOT))
    import argmap

    model = argmap.load_model(ROOT / "models" / "scheming.yaml")
    argmap.montecarlo(model, samples=100, seed=0)
    before = peak_rss()
    start = time.perf_counter()
    mc = argmap.montecarlo(model, samples=samples, seed=0)
    seconds = time.perf_counter() - start
    peak = peak_rss()
    return {"samples": samples, "seconds": seconds, "before": before, "peak": peak,
            "mean": mc.mean, "p5": mc.interval[0], "p95": mc.interval[1]}


def measure(samples: int) -> dict[str, float]:
    """:func:`child` in a subprocess."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(samples)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    result: dict[str, float] = json.loads(out.stdout.splitlines()[-1])
    return result


def table(quick: bool) -> list[str]:
    """The Markdown table, one row per sample count (quick: up to 10^4)."""
    lines = [
        "| samples | time | per sample | peak RSS | before the run | within 1 GiB | mean | "
        "5-95% |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n in COUNTS[:2] if quick else COUNTS:
        r = measure(n)
        lines.append(
            f"| {n:,} | {r['seconds']:.2f} s | {1e6 * r['seconds'] / n:.1f} µs | "
            f"{r['peak'] / 2**20:,.0f} MiB | {r['before'] / 2**20:,.0f} MiB | "
            f"{'yes' if r['peak'] <= LIMIT else 'NO'} | {r['mean']:.5f} | "
            f"{r['p5']:.4f}-{r['p95']:.4f} |"
        )
    lines.append("load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10^3 and 10^4 samples only")
    parser.add_argument("--child", type=int, help="measure N samples here, print JSON")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)))
    else:
        print("\n".join(table(args.quick)))


if __name__ == "__main__":
    main()
