"""Benchmark the analyses (argmap.analysis) against pgmpy and pyAgrum doing the same work.

Run with ``.venv/bin/python bench/bench_analysis.py [--quick]``. On the scheming model
(``models/scheming.yaml``) it times, in one process:

* **Monte Carlo**: 10,000 sampled credence sets, every claim's marginal for each. argmap runs
  :func:`argmap.analysis.montecarlo` (sampling, one batched exact pass, summaries, drivers)
  and, separately, the batched pass alone. pyAgrum (``LazyPropagation``; a new engine per
  sample, since it ignores CPT edits after inference) and pgmpy (``VariableElimination``, one
  query per claim) are timed on the first 200 (pyAgrum) and 20 (pgmpy) of the SAME samples and
  extrapolated linearly to 10,000: the table says so.
* **Tornado**: every settable probability swung low and high (2n + 1 networks, target only).
  argmap runs :func:`argmap.analysis.sensitivity` (one batched call); pyAgrum and pgmpy run the
  same swung networks one by one, editing only the swung claim's table.
* VOI, cruxes (optimist vs pessimist) and pooling, argmap only, for reference.
* **Monte Carlo against the sample count**: 10^3 to 10^6 samples (``--quick``: to 10^4), each
  in its own subprocess: time, cost per sample and peak RSS against 1 GiB
  (``bench/bench_mc_memory.py``).

The pyAgrum network is built in-process from our float64 tables (its BIF reader parses single
precision). Every comparison also reports the largest absolute difference between engines.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_mc_memory import table as mc_memory_table  # noqa: E402

from argmap import Model, build_tables, load_credences, load_model  # noqa: E402
from argmap.analysis import (  # noqa: E402
    base_values,
    cruxes,
    draw_samples,
    evaluate,
    montecarlo,
    pool,
    resolve_target,
    sensitivity,
    settings,
    value_of_information,
    with_state,
)

Array = NDArray[np.float64]
ROOT = Path(__file__).resolve().parents[1]


def median_s(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def member(tables: list[Array], model: Model, j: int) -> list[Array]:
    """The unbatched tables of batch member ``j``."""
    return [
        t[..., j] if t.ndim == len(c.parents) + 2 else t
        for t, c in zip(tables, model.claims.values(), strict=True)
    ]


class PyAgrum:
    """A pyAgrum BayesNet of the model, whose CPTs are refilled from our float64 tables."""

    def __init__(self, model: Model) -> None:
        import pyagrum as gum

        self.gum, self.model = gum, model
        self.bn = gum.BayesNet(model.id)
        for cid, claim in model.claims.items():
            self.bn.add(gum.LabelizedVariable(cid, cid, len(claim.states)))
        for cid, claim in model.claims.items():
            for p in claim.parents:
                self.bn.addArc(p, cid)
        self.perm = {}
        for cid, claim in model.claims.items():
            axes = {p: i for i, p in enumerate(claim.parents)} | {cid: len(claim.parents)}
            self.perm[cid] = [axes[n] for n in reversed(self.bn.cpt(cid).names)]

    def set(self, cid: str, table: Array) -> None:
        self.bn.cpt(cid)[:] = np.ascontiguousarray(np.transpose(table, self.perm[cid]))

    def set_all(self, tables: list[Array]) -> None:
        for cid, table in zip(self.model.claims, tables, strict=True):
            self.set(cid, table)

    def all_marginals(self) -> list[Array]:
        engine = self.gum.LazyPropagation(self.bn)
        engine.makeInference()
        return [np.asarray(engine.posterior(cid).toarray()) for cid in self.model.claims]

    def target(self, cid: str) -> Array:
        engine = self.gum.LazyPropagation(self.bn)
        engine.makeInference()
        return np.asarray(engine.posterior(cid).toarray())


class Pgmpy:
    """A pgmpy DiscreteBayesianNetwork whose CPD values are overwritten in place."""

    def __init__(self, model: Model, tables: list[Array]) -> None:
        from pgmpy.factors.discrete import TabularCPD
        from pgmpy.inference import VariableElimination
        from pgmpy.models import DiscreteBayesianNetwork

        self.VE, self.model = VariableElimination, model
        self.net = DiscreteBayesianNetwork(
            [(p, c) for c, cl in model.claims.items() for p in cl.parents]
        )
        self.net.add_nodes_from(model.claims)
        cpds = []
        for (cid, claim), table in zip(model.claims.items(), tables, strict=True):
            card = len(claim.states)
            cpds.append(
                TabularCPD(
                    cid,
                    card,
                    np.moveaxis(table, -1, 0).reshape(card, -1),
                    evidence=list(claim.parents) or None,
                    evidence_card=[len(model.claims[p].states) for p in claim.parents] or None,
                )
            )
        self.net.add_cpds(*cpds)
        self.cpds = {cid: self.net.get_cpds(cid) for cid in model.claims}

    def set(self, cid: str, table: Array) -> None:
        cpd = self.cpds[cid]
        cpd.values[...] = np.moveaxis(table, -1, 0).reshape(cpd.values.shape)

    def set_all(self, tables: list[Array]) -> None:
        for cid, table in zip(self.model.claims, tables, strict=True):
            self.set(cid, table)

    def all_marginals(self) -> list[Array]:
        ve = self.VE(self.net)
        return [
            np.asarray(ve.query([cid], show_progress=False).values) for cid in self.model.claims
        ]

    def target(self, cid: str) -> Array:
        return np.asarray(self.VE(self.net).query([cid], show_progress=False).values)


def bench_montecarlo(
    model: Model, n: int, n_agrum: int, n_pgmpy: int, rows: list[list[str]]
) -> None:
    start = time.perf_counter()
    montecarlo(model, samples=n, seed=0)
    cold = time.perf_counter() - start
    full = median_s(lambda: montecarlo(model, samples=n, seed=0), 5)
    batch, _, _ = draw_samples(model, None, n, np.random.default_rng(0))
    base = base_values(model, None)
    engine_only = median_s(lambda: evaluate(model, base, batch, n), 5)
    result = evaluate(model, base, batch, n)
    values = {
        pid: batch.get(pid, np.broadcast_to(v[:, None], (len(v), n))) for pid, v in base.items()
    }
    tables = build_tables(model, values)
    ours = [result.marginals[cid] for cid in model.claims]

    # the references refill only the tables that vary between samples
    varying = [
        (i, cid)
        for i, (cid, c) in enumerate(model.claims.items())
        if tables[i].ndim == len(c.parents) + 2
    ]
    agrum = PyAgrum(model)
    agrum.set_all(member(tables, model, 0))
    diff = 0.0

    def agrum_run() -> None:
        nonlocal diff
        for j in range(n_agrum):
            for i, cid in varying:
                agrum.set(cid, tables[i][..., j])
            got = agrum.all_marginals()
            diff = max(
                diff,
                max(float(np.max(np.abs(g - o[:, j]))) for g, o in zip(got, ours, strict=True)),
            )

    t_agrum = median_s(agrum_run, 3) * n / n_agrum
    pg = Pgmpy(model, member(tables, model, 0))
    pdiff = 0.0

    def pgmpy_run() -> None:
        nonlocal pdiff
        for j in range(n_pgmpy):
            for i, cid in varying:
                pg.set(cid, tables[i][..., j])
            got = pg.all_marginals()
            pdiff = max(
                pdiff,
                max(float(np.max(np.abs(g - o[:, j]))) for g, o in zip(got, ours, strict=True)),
            )

    t_pgmpy = median_s(pgmpy_run, 3) * n / n_pgmpy
    rows.append(
        [
            f"Monte Carlo, {n:,} samples, all marginals: montecarlo() "
            f"(first call {cold * 1000:.0f} ms)",
            f"{full * 1000:.0f} ms",
            f"{t_agrum * 1000:,.0f} ms*",
            f"{t_pgmpy * 1000:,.0f} ms**",
            f"{t_agrum / full:,.0f}x / {t_pgmpy / full:,.0f}x",
            f"{max(diff, pdiff):.1e}",
        ]
    )
    rows.append(
        [
            f"  the batched exact pass alone ({n:,} x {len(model.claims)} marginals)",
            f"{engine_only * 1000:.0f} ms",
            "",
            "",
            f"{t_agrum / engine_only:,.0f}x / {t_pgmpy / engine_only:,.0f}x",
            "",
        ]
    )
    rows.append(
        [
            "",
            "",
            f"* {n_agrum} samples x {n // n_agrum}",
            f"** {n_pgmpy} samples x {n // n_pgmpy}",
            "",
            "",
        ]
    )


def bench_tornado(model: Model, rows: list[list[str]]) -> None:
    start = time.perf_counter()
    result = sensitivity(model)
    cold = time.perf_counter() - start
    warm = median_s(lambda: sensitivity(model), 20)
    goal = resolve_target(model)
    base = base_values(model, None)
    by_key = {s.key: s for s in result.swings}
    # the settings sensitivity() swung (it leaves out numbers fixed at 0 or 1, definitions)
    chosen = [s for s in settings(model) if s.key in by_key]
    base_tables = build_tables(model, base)
    order = list(model.claims)

    def swung(setting: Any, p: float) -> tuple[str, Array]:
        values = dict(base)
        values[setting.parameter] = with_state(
            base[setting.parameter], setting.state, np.array([p])
        )[:, 0]
        claim = model.parameters[setting.parameter].claim
        return claim, build_tables(model, values)[order.index(claim)]

    jobs = []  # the same 2n + 1 networks: (claim, table, expected target)
    jobs.append((order[0], base_tables[0], result.base))
    for s in chosen:
        sw = by_key[s.key]
        for p, expected in ((sw.low, sw.target_low), (sw.high, sw.target_high)):
            claim, table = swung(s, p)
            jobs.append((claim, table, expected))

    def one_by_one(engine: Any) -> float:
        worst = 0.0
        for claim, table, expected in jobs:
            i = order.index(claim)
            engine.set(claim, table)
            got = float(engine.target(goal.claim)[goal.index])
            engine.set(claim, base_tables[i])
            worst = max(worst, abs(got - expected))
        return worst

    agrum = PyAgrum(model)
    agrum.set_all(base_tables)
    diff = one_by_one(agrum)
    t_agrum = median_s(lambda: one_by_one(agrum), 3)
    pg = Pgmpy(model, base_tables)
    pdiff = one_by_one(pg)
    t_pgmpy = median_s(lambda: one_by_one(pg), 3)
    rows.append(
        [
            f"Tornado, {len(chosen)} settings ({len(jobs)} networks), target: sensitivity() "
            f"(first call {cold * 1000:.0f} ms)",
            f"{warm * 1000:.1f} ms",
            f"{t_agrum * 1000:,.0f} ms",
            f"{t_pgmpy * 1000:,.0f} ms",
            f"{t_agrum / warm:,.0f}x / {t_pgmpy / warm:,.0f}x",
            f"{max(diff, pdiff):.1e}",
        ]
    )


def bench_others(model: Model, rows: list[list[str]]) -> None:
    t_voi = median_s(lambda: value_of_information(model), 10)
    rows.append([f"VOI, {len(model.claims) - 1} claims: value_of_information()",
                 f"{t_voi * 1000:.1f} ms", "", "", "", ""])
    folder = ROOT / "models" / "credences"
    files = {  # this model's profiles only (the folder holds other models' too)
        p.stem: p for p in sorted(folder.glob("*.yaml"))
        if f"\nmodel: {model.id}\n" in p.read_text(encoding="utf-8")
    }
    if {"optimist", "pessimist"} <= set(files):
        a = load_credences(files["optimist"], model)
        b = load_credences(files["pessimist"], model)
        result = cruxes(model, a, b)
        t_cx = median_s(lambda: cruxes(model, a, b), 5)
        rows.append(
            [
                f"Cruxes optimist vs pessimist, {len(result.cruxes)} claims "
                f"({2 ** len(result.cruxes)} "
                "coalitions, exact) + 3 halfway points: cruxes()",
                f"{t_cx * 1000:.0f} ms",
                "",
                "",
                "",
                "",
            ]
        )
        profiles = [load_credences(p, model) for p in files.values()]
        t_pool = median_s(lambda: pool(model, profiles), 10)
        rows.append(
            [f"Pool of {len(profiles)} profiles: pool()", f"{t_pool * 1000:.1f} ms", "", "", "", ""]
        )


def machine() -> str:
    import opt_einsum
    import pyagrum

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgmpy
    return (
        f"{platform.platform()}; {os.cpu_count()} CPUs "
        f"({platform.processor() or platform.machine()}); "
        f"Python {platform.python_version()}; numpy {np.__version__}; opt_einsum "
        f"{opt_einsum.__version__}; pgmpy {pgmpy.__version__}; pyAgrum {pyagrum.__version__}"
    )


def table(rows: Sequence[Sequence[str]]) -> str:
    head = [
        "work (scheming model)",
        "argmap",
        "pyAgrum",
        "pgmpy",
        "argmap faster by (pyAgrum / pgmpy)",
        "max abs diff",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer reference samples")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")
    import logging

    logging.getLogger("pgmpy").setLevel(logging.ERROR)
    model = load_model(ROOT / "models" / "scheming.yaml")
    print(machine())
    print(
        f"model: {model.id}, {len(model.claims)} claims, {len(model.parameters)} parameters, "
        f"{len(list(settings(model)))} settable probabilities\n"
    )
    rows: list[list[str]] = []
    bench_montecarlo(model, 10_000, 50 if args.quick else 200, 5 if args.quick else 20, rows)
    bench_tornado(model, rows)
    bench_others(model, rows)
    print(table(rows))
    print(
        "\nTargets: Monte Carlo under 500 ms and >= 100x faster than pyAgrum per sample; "
        "tornado under 50 ms."
    )
    print("\nMonte Carlo on the scheming model against the sample count (a subprocess each):")
    print("\n".join(mc_memory_table(args.quick)))


if __name__ == "__main__":
    main()
