"""The engine on argument maps: the scheming model and random maps, against pgmpy and pyAgrum.

Printed by ``bench/bench_engine.py`` after the bnlearn table (see its docstring). Per map, with
no evidence and with 3 observed claims (forward-sampled): compile ms, the median ms of
argmap's all-marginals ``posterior()``, pgmpy's (one ``VariableElimination`` query per
variable), a fresh pyAgrum's (a new ``LazyPropagation``, every posterior), the max |difference|
from each, and a batch of ``B`` random table samples through the engine at once.
"""

from __future__ import annotations

import statistics
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path

import bnlearn
import numpy as np
from bnlearn import Tables

import argmap
from argmap import Structure, compile_structure, structure_to_pgmpy
from argmap.analysis import base_values

ROOT = Path(__file__).resolve().parents[1]


def argument_map(
    n: int, states: int, rng: np.random.Generator, cross: float = 0.15
) -> tuple[Structure, Tables]:
    """A tree of claims growing back from conclusion 0, plus ``cross * n`` cross links.

    Edges point from premise to the claim it bears on (higher index to lower), at most three
    parents per claim; rows of every table are Dirichlet(1) draws.
    """
    parents: list[list[int]] = [[] for _ in range(n)]
    for k in range(1, n):
        open_ = [j for j in range(k) if len(parents[j]) < 3]
        parents[int(rng.choice(open_))].append(k)
    added, tries = 0, 0
    while added < round(cross * n) and tries < 1000:
        tries += 1
        a, b = sorted(rng.choice(n, size=2, replace=False).tolist())
        if len(parents[a]) < 3 and b not in parents[a]:
            parents[a].append(b)
            added += 1
    structure = Structure((states,) * n, tuple(tuple(sorted(p)) for p in parents))
    return structure, random_tables(structure, rng)


def random_tables(
    structure: Structure, rng: np.random.Generator, batch: int | None = None
) -> Tables:
    """Dirichlet(1) rows for every table, with a trailing batch axis if ``batch`` is given."""
    out = []
    for card, pa in zip(structure.cards, structure.parents, strict=True):
        shape = (*(structure.cards[p] for p in pa), card, *(() if batch is None else (batch,)))
        g = rng.gamma(1.0, size=shape)
        out.append(g / g.sum(axis=len(pa), keepdims=True))
    return out


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def bench_map(
    label: str,
    structure: Structure,
    tables: Tables,
    names: list[str],
    rng: np.random.Generator,
    repeat: int,
    batch: int,
) -> list[str]:
    """The two rows (0 and 3 observed) of one map."""
    from pgmpy.inference import VariableElimination

    start = time.perf_counter()
    net = compile_structure(structure)
    compile_ms = 1000 * (time.perf_counter() - start)
    bn = bnlearn.to_pyagrum(structure, tables, names)
    ve = VariableElimination(structure_to_pgmpy(structure, tables, names))
    order = bnlearn.topological_order(structure)
    rows = []
    for observed in (0, 3):
        sample = bnlearn.forward_sample(structure, tables, order, rng)
        chosen = rng.choice(len(names), size=observed, replace=False).tolist()
        ev = {int(v): sample[v] for v in chosen}
        ours = net.posterior(tables, evidence=ev).marginals
        theirs = bnlearn.pgmpy_all(ve, names, structure.cards, ev)
        agrum = bnlearn.pyagrum_fresh(bn, names, ev)
        d_pgmpy = max(np.abs(a - b).max() for a, b in zip(ours, theirs, strict=True))
        d_agrum = max(np.abs(a - c).max() for a, c in zip(ours, agrum, strict=True))
        t_engine = _median_ms(partial(net.posterior, tables, evidence=ev), 20 * repeat)
        t_pgmpy = _median_ms(partial(bnlearn.pgmpy_all, ve, names, structure.cards, ev), repeat)
        t_agrum = _median_ms(partial(bnlearn.pyagrum_fresh, bn, names, ev), 5 * repeat)
        samples = random_tables(structure, rng, batch)
        net.posterior(samples, evidence=ev)  # plan the batched shapes
        t_batch = _median_ms(partial(net.posterior, samples, evidence=ev), 3)
        rows.append(
            f"{label:<16}{len(names):>4}{observed:>4}{compile_ms:>9.1f}{t_engine:>9.2f}"
            f"{t_pgmpy:>9.1f}{t_agrum:>9.2f}{d_pgmpy:>9.0e}{d_agrum:>9.0e}{t_batch:>9.1f}"
        )
    return rows


def maps_table(quick: bool, rng: np.random.Generator) -> None:
    """Print the argument-map table (the scheming model, then random maps)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgmpy.inference  # noqa: F401  (3-4 s: before the first timing)
    repeat, batch = (3, 1000) if quick else (7, 10_000)
    print(
        f"{'argument map':<16}{'n':>4}{'obs':>4}{'compile':>9}{'engine':>9}{'pgmpy':>9}"
        f"{'pyAgrum':>9}{'d_pgmpy':>9}{'d_agrum':>9}{f'B={batch}':>9}"
    )
    scheming = argmap.load_model(ROOT / "models" / "scheming.yaml")
    carlsmith = argmap.load_credences(ROOT / "models" / "credences" / "carlsmith.yaml", scheming)
    ids = list(scheming.claims)
    structure = Structure(
        tuple(len(c.states) for c in scheming.claims.values()),
        tuple(tuple(ids.index(p) for p in c.parents) for c in scheming.claims.values()),
    )
    tables = argmap.build_tables(scheming, base_values(scheming, carlsmith))
    for row in bench_map("scheming", structure, tables, ids, rng, repeat, batch):
        print(row, flush=True)
    api_ms = _median_ms(partial(argmap.marginals, scheming, carlsmith), 20 * repeat)
    print(f"{'':<16}argmap.marginals on the scheming model (tables + engine): {api_ms:.2f} ms")
    for states in (2, 3):
        for k in range(1 if quick else 2):
            structure, tables = argument_map(25, states, rng)
            names = [f"C{i}" for i in range(25)]
            for row in bench_map(f"argmap25/{states}st#{k}", structure, tables, names, rng,
                                 repeat, batch):
                print(row, flush=True)
