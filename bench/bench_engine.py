"""Benchmark argmap's junction-tree engine against pyAgrum (and pgmpy) on every bnlearn network.

Run with ``.venv/bin/python bench/bench_engine.py [--quick] [--networks a,b] [--budget
unlimited]``. Two tables, all times in milliseconds (medians); ``--first-sets K`` prints only a
third: the first query on each of K new sets of 3 observed variables (planning included: a
program per set), the second on the same set, and their difference, in CPU time.

**Every bnlearn network shipped with pgmpy** (``bench/bnlearn.py`` reads them offline), with
no evidence and with 3 observed variables (a new forward sample's states each repeat, so
P(e) > 0; the observed variables stay the same within a row):

* ``compile``: ``argmap.compile_structure`` (triangulation, junction tree);
* ``first``: the first ``posterior()`` of the row (contraction planning included);
* ``argmap``: the median ``posterior()``, every variable's marginal;
* ``fresh``: pyAgrum on new tables: a new ``LazyPropagation``, ``setEvidence``,
  ``makeInference``, every ``posterior`` (pyAgrum ignores table edits made after inference, so
  this is what new numbers cost it: what argmap does on every call);
* ``warm``: one pyAgrum engine reused: ``eraseAllEvidence``, ``setEvidence``,
  ``makeInference``, every posterior (``-`` without evidence: pyAgrum returns its cached answer);
* ``x fresh``, ``x warm``: argmap's time over pyAgrum's (below 1: argmap is faster);
* ``d_agrum``: the largest |difference| of any marginal from pyAgrum's (every repeat's
  evidence), ``d_pgmpy`` from pgmpy's ``VariableElimination`` on the small networks only;
* the verdict: FASTER or SLOWER than fresh pyAgrum at the median.

A network past the engine's size budget is a ``too big`` row (``--budget unlimited`` measures
it anyway; munin1's largest clique alone is ~1.1 GB then). Repeats stop after ~1.5 s per
measurement (at least 3); ``--quick`` takes a handful of small networks, 3-5 repeats.

**Argument maps** (the scheming model, random argument maps): the earlier table, with pgmpy's
and a fresh pyAgrum's time, and ``B=``: a batch of random table samples (Dirichlet(1) rows,
batch axis last) through the engine for all marginals.

Some bnlearn files (alarm, insurance) have table rows that sum to 1 only within 1e-7. We and
pyAgrum normalise the whole joint; pgmpy first prunes barren nodes, so for such files it differs
from both by up to ~5e-9. With rows renormalised all three agree to ~3e-16.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bnlearn  # noqa: E402
from bench_maps import maps_table  # noqa: E402

from argmap import Budget, compile_structure  # noqa: E402

PGMPY_MAX = 40
"""pgmpy's reference only on networks of at most this many variables (it takes seconds to
minutes per all-marginals pass beyond)."""

QUICK = ("asia", "sachs", "child", "insurance", "alarm", "hailfinder")


@dataclasses.dataclass(frozen=True)
class Repeats:
    """Repeat a measurement at least ``low`` and at most ``high`` times, stopping once it has
    taken ``seconds`` per engine; only once if one call took more than ``slow`` seconds
    (pyAgrum takes ~100 s per inference on link: the full run must stay within minutes)."""

    seconds: float
    low: int
    high: int
    slow: float = 10.0


def timed(
    fns: dict[str, Callable[[Any], Any]], args: Sequence[Any], repeats: Repeats
) -> tuple[dict[str, float], dict[str, list[Any]], int]:
    """Median milliseconds of each ``fn(args[k])``, the outputs of the calls made, and the
    number of rounds.

    The engines take turns, one call each per round (round ``k`` on ``args[k % len(args)]``),
    so that a change in the machine's load falls on all of them alike.
    """
    times: dict[str, list[float]] = {name: [] for name in fns}
    outputs: dict[str, list[Any]] = {name: [] for name in fns}
    begin, rounds = time.perf_counter(), 0
    while (rounds < repeats.low or (
        rounds < repeats.high and time.perf_counter() - begin < repeats.seconds * len(fns)
    )) and not (rounds and max(max(t) for t in times.values()) > repeats.slow):
        arg = args[rounds % len(args)]
        for name, fn in fns.items():
            start = time.perf_counter()
            out = fn(arg)
            times[name].append(time.perf_counter() - start)
            if rounds < len(args):
                outputs[name].append(out)
        rounds += 1
    return {k: 1000 * statistics.median(t) for k, t in times.items()}, outputs, rounds


def max_diff(ours: Sequence[Sequence[NDArray[Any]]], theirs: Sequence[Sequence[NDArray[Any]]]):
    """The largest |difference| of any marginal, over the evidence sets both computed."""
    return max(
        float(np.abs(a - b).max())
        for o, t in zip(ours, theirs, strict=False)
        for a, b in zip(o, t, strict=True)
    )


@dataclasses.dataclass
class Row:
    """One table row: a network with 0 or 3 observed variables, or why it was not measured."""

    name: str
    n: int
    obs: int = 0
    compile_ms: float = math.nan
    first_ms: float = math.nan
    ours: float = math.nan
    fresh: float = math.nan
    warm: float = math.nan
    d_agrum: float = math.nan
    d_pgmpy: float = math.nan
    runs: int = 0
    failed: str = ""

    def line(self) -> str:
        head = f"{self.name:<11}{self.n:>5}"
        if self.failed:
            return f"{head}     {self.failed}"[:200]

        def num(x: float, fmt: str) -> str:
            return "-" if math.isnan(x) else format(x, fmt)

        verdict = "FASTER" if self.ours < self.fresh else "SLOWER"
        return (
            f"{head}{self.obs:>4}{self.compile_ms:>11.1f}{self.first_ms:>11.1f}{self.ours:>11.2f}"
            f"{self.fresh:>11.2f}{num(self.warm, '.2f'):>11}{self.ours / self.fresh:>8.2f}"
            f"{num(self.ours / self.warm, '.2f'):>8}{num(self.d_agrum, '.0e'):>8}"
            f"{num(self.d_pgmpy, '.0e'):>8}  {verdict}"
            + (f" ({self.runs} run{'s' if self.runs > 1 else ''}: slow)" if self.runs < 3 else "")
        )


HEADER = (  # times are 11 wide: pyAgrum takes 100,000 ms and more on link
    f"{'network':<11}{'n':>5}{'obs':>4}{'compile':>11}{'first':>11}{'argmap':>11}{'fresh':>11}"
    f"{'warm':>11}{'x fresh':>8}{'x warm':>8}{'d_agrum':>8}{'d_pgmpy':>8}  verdict"
)


def measure(name: str, budget: Budget, repeats: Repeats, rng: np.random.Generator) -> list[Row]:
    """The rows of one bnlearn network: 0 and 3 observed variables, or one failure row."""
    import pyagrum as gum

    try:
        net = bnlearn.load(name)
    except Exception as err:  # a bench reports, it does not stop
        return [Row(name, 0, failed=f"cannot read ({type(err).__name__}: {err})")]
    n = len(net.names)
    start = time.perf_counter()
    try:
        compiled = compile_structure(net.structure, budget=budget)
    except Exception as err:  # TooBigError (a ValueError) past the budget
        why = "too big" if type(err).__name__ == "TooBigError" else "failed"
        return [Row(name, n, failed=f"{why} ({type(err).__name__}: {err})")]
    compile_ms = 1000 * (time.perf_counter() - start)
    ve = None
    if n <= PGMPY_MAX:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from pgmpy.inference import VariableElimination

            from argmap import structure_to_pgmpy

            ve = VariableElimination(structure_to_pgmpy(net.structure, net.tables, net.names))
    rows = []
    for observed in (0, 3):
        row = Row(name, n, observed, compile_ms)
        sets = bnlearn.evidence_sets(net, observed, repeats.high, rng)

        def ours(ev: dict[int, int]) -> list[NDArray[Any]]:
            return compiled.posterior(net.tables, evidence=ev).marginals

        try:
            start = time.perf_counter()
            first = ours(sets[0])
            row.first_ms = 1000 * (time.perf_counter() - start)
        except Exception as err:  # MemoryError, say: the row says so
            row.failed = f"posterior failed ({type(err).__name__}: {err})"
            rows.append(row)
            continue
        engines = {"argmap": ours, "fresh": partial(bnlearn.pyagrum_fresh, net.bn, net.names)}
        if observed:
            ie = gum.LazyPropagation(net.bn)
            ie.makeInference()
            engines["warm"] = partial(bnlearn.pyagrum_warm, ie, net.names)
        medians, outputs, row.runs = timed(engines, sets, repeats)
        row.ours, row.fresh = medians["argmap"], medians["fresh"]
        row.warm = medians.get("warm", math.nan)
        row.d_agrum = max(max_diff(outputs["argmap"], outputs[k]) for k in engines if k != "argmap")
        if ve is not None:
            row.d_pgmpy = max_diff(
                [first], [bnlearn.pgmpy_all(ve, net.names, net.structure.cards, sets[0])]
            )
        rows.append(row)
    return rows


def first_queries(name: str, sets: int, rng: np.random.Generator) -> str:
    """One line: the first query (planning included) and the second (planned) on each of
    ``sets`` new sets of 3 observed variables of a network, as medians in ms (CPU time: this
    process alone, whatever the machine's load), and the median difference: the planning."""
    net = bnlearn.load(name)
    compiled = compile_structure(net.structure)
    compiled.posterior(net.tables)
    firsts, seconds = [], []
    for _ in range(sets):
        (ev,) = bnlearn.evidence_sets(net, 3, 1, rng)
        for times in (firsts, seconds):
            start = time.process_time()
            compiled.posterior(net.tables, evidence=ev)
            times.append(1000 * (time.process_time() - start))
    first, second = statistics.median(firsts), statistics.median(seconds)
    planning = statistics.median(f - s for f, s in zip(firsts, seconds, strict=True))
    return (
        f"{name:<11}{sets:>5}{first:>11.1f}{second:>11.1f}{planning:>11.1f}"
        f"{max(firsts):>11.1f}   load " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )


FIRST_HEADER = (
    f"{'network':<11}{'sets':>5}{'first':>11}{'second':>11}{'planning':>11}{'max first':>11}"
)


def summary(rows: Sequence[Row]) -> list[str]:
    """Networks compiled, slower than pyAgrum (fresh, warm), and where argmap is closest."""
    names = list(dict.fromkeys(r.name for r in rows))
    done = [r for r in rows if not r.failed]
    failed = sorted({r.name for r in rows if r.failed})
    slower = [f"{r.name}/{r.obs}" for r in done if r.ours >= r.fresh]
    slower_warm = [f"{r.name}/{r.obs}" for r in done if not math.isnan(r.warm) and r.ours >= r.warm]
    lines = [
        f"{len(names) - len(failed)} of {len(names)} networks measured"
        + (f"; not: {', '.join(failed)}" if failed else ""),
        f"slower than fresh pyAgrum at the median: {len(slower)} of {len(done)} rows"
        + (f" ({', '.join(slower)})" if slower else ""),
        f"slower than warm pyAgrum (with evidence): {len(slower_warm)}"
        + (f" ({', '.join(slower_warm)})" if slower_warm else ""),
    ]
    if done:
        worst = max(done, key=lambda r: r.ours / r.fresh)
        lines.append(
            f"closest to fresh pyAgrum: {worst.name} with {worst.obs} observed, "
            f"{worst.ours:.2f} ms vs {worst.fresh:.2f} ms (x {worst.ours / worst.fresh:.2f})"
        )
        with_warm = [r for r in done if not math.isnan(r.warm)]
        if with_warm:
            worst = max(with_warm, key=lambda r: r.ours / r.warm)
            lines.append(
                f"closest to warm pyAgrum: {worst.name} with {worst.obs} observed, "
                f"{worst.ours:.2f} ms vs {worst.warm:.2f} ms (x {worst.ours / worst.warm:.2f})"
            )
        lines.append(f"largest difference from pyAgrum: {max(r.d_agrum for r in done):.1e}")
    return lines


def machine() -> str:
    import pyagrum

    import argmap

    return (
        f"{platform.platform()}; {os.cpu_count()} CPUs "
        f"({platform.processor() or platform.machine()}); Python {platform.python_version()}; "
        f"argmap {argmap.__version__}; numpy {np.__version__}; pyAgrum {pyagrum.__version__}; "
        f"pyAgrum threads {pyagrum.getNumberOfThreads()}; "
        "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few small networks, few repeats")
    parser.add_argument("--networks", help="comma-separated bnlearn names (default: all 24)")
    parser.add_argument("--budget", choices=("default", "unlimited"), default="default",
                        help="the engine's size budget: argmap's default, or none")
    parser.add_argument("--no-maps", action="store_true", help="skip the argument-map table")
    parser.add_argument("--agrum-threads", type=int, default=1,
                        help="pyAgrum's threads (default 1, as argmap's engine; 0: pyAgrum's own"
                        " default, which on a busy machine can be 20x slower)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--first-sets", type=int, default=0, metavar="K",
                        help="only the first-query table: K new sets of 3 observed variables"
                        " per network, CPU ms (no pyAgrum)")
    args = parser.parse_args(argv)
    import pyagrum as gum

    if args.agrum_threads > 0:
        gum.setNumberOfThreads(args.agrum_threads)
    import logging

    logging.getLogger("pgmpy").setLevel(logging.ERROR)
    known = bnlearn.available()
    if args.networks:
        chosen = [n.strip() for n in args.networks.split(",") if n.strip()]
        unknown = [n for n in chosen if n not in known]
        if unknown:
            parser.exit(2, f"unknown networks: {', '.join(unknown)} (known: {' '.join(known)})\n")
    else:
        chosen = [n for n in QUICK if n in known] if args.quick else known
    if args.first_sets:
        print(machine())
        print(FIRST_HEADER, flush=True)
        for name in chosen:
            print(first_queries(name, args.first_sets, np.random.default_rng(args.seed)),
                  flush=True)
        return
    repeats = Repeats(0.2, 3, 5) if args.quick else Repeats(1.5, 3, 15)
    budget = Budget()
    if args.budget == "unlimited":
        budget = Budget(**{f.name: math.inf for f in dataclasses.fields(Budget)})
    rng = np.random.default_rng(args.seed)
    print(machine())
    print(f"budget: {args.budget}; repeats: {repeats.low}-{repeats.high}, ~{repeats.seconds} s")
    print(HEADER, flush=True)
    rows: list[Row] = []
    for name in chosen:
        for row in measure(name, budget, repeats, rng):
            rows.append(row)
            print(row.line(), flush=True)
    print("\n".join(summary(rows)), flush=True)
    if not args.no_maps:
        print()
        maps_table(quick=args.quick, rng=rng)


if __name__ == "__main__":
    main()
