"""The bnlearn networks shipped with pgmpy, read offline for the engine bench.

Each ``<name>.bif.gz`` in pgmpy's ``utils/example_models`` folder is read with pyAgrum's BIF
reader (fast); where it refuses a file (child's state ``Asy/Patch`` is not a BIF identifier to
it) pgmpy's reader takes over and the pyAgrum network is built from pgmpy's tables. Either
way the argmap tables are read back from the pyAgrum network, so both engines compute with
the very same numbers.

Only public argmap names are used (``argmap.Structure``); pyAgrum and pgmpy are the
``networks`` extra's.
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import tempfile
import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from argmap import Structure

Tables = list[NDArray[np.float64]]

NETWORKS = (
    "asia cancer earthquake sachs survey alarm barley child insurance mildew water hailfinder "
    "hepar2 win95pts andes diabetes link munin1 munin2 munin3 munin4 pathfinder pigs munin"
).split()
"""The 24 discrete bnlearn networks pgmpy ships, smallest families first (issue 14's order)."""


def examples_dir() -> Path:
    """pgmpy's ``example_models`` folder, found without importing pgmpy (3-4 s)."""
    spec = importlib.util.find_spec("pgmpy")
    if spec is None or spec.origin is None:
        raise SystemExit("pgmpy is not installed: pip install 'argmap[networks]'")
    return Path(spec.origin).parent / "utils" / "example_models"


def available() -> list[str]:
    """Every ``*.bif.gz`` network there: :data:`NETWORKS` first, then any others by name."""
    found = {p.name.removesuffix(".bif.gz") for p in examples_dir().glob("*.bif.gz")}
    return [n for n in NETWORKS if n in found] + sorted(found - set(NETWORKS))


@dataclass
class Network:
    """One network: the pyAgrum BayesNet and argmap's view of the same numbers."""

    name: str
    bn: Any
    names: list[str]
    structure: Structure
    tables: Tables
    reader: str  # "pyAgrum" or "pgmpy"
    load_s: float


def load(name: str) -> Network:
    """Read ``name`` (a bnlearn network) into pyAgrum and argmap's tables."""
    import pyagrum as gum

    start = time.perf_counter()
    text = gzip.decompress((examples_dir() / f"{name}.bif.gz").read_bytes())
    with tempfile.NamedTemporaryFile(suffix=".bif", delete=False) as f:
        f.write(text)
    try:
        bn, reader = gum.loadBN(f.name), "pyAgrum"
    except Exception:  # pyAgrum's BIF grammar is stricter than the files
        bn, reader = _via_pgmpy(f.name), "pgmpy"
    finally:
        os.unlink(f.name)
    names, structure, tables = from_pyagrum(bn)
    return Network(name, bn, names, structure, tables, reader, time.perf_counter() - start)


def from_pyagrum(bn: Any) -> tuple[list[str], Structure, Tables]:
    """Names, structure and tables (parents' axes, then the child's) of a pyAgrum BayesNet."""
    names = [bn.variable(n).name() for n in sorted(bn.nodes())]
    index = {v: i for i, v in enumerate(names)}
    cards, parents, tables = [], [], []
    for v in names:
        cpt = bn.cpt(v)
        pa = list(cpt.names[1:])
        axes = list(reversed(cpt.names))  # toarray(): the last variable first
        t = np.transpose(np.asarray(cpt.toarray(), dtype=float), [axes.index(n) for n in [*pa, v]])
        cards.append(bn.variable(v).domainSize())
        parents.append(tuple(index[p] for p in pa))
        tables.append(np.ascontiguousarray(t))
    return names, Structure(tuple(cards), tuple(parents)), tables


def to_pyagrum(structure: Structure, tables: Tables, names: Sequence[str]) -> Any:
    """A pyAgrum BayesNet of argmap's view (states 0..k-1)."""
    import pyagrum as gum

    bn = gum.BayesNet("bench")
    for name, card in zip(names, structure.cards, strict=True):
        bn.add(gum.LabelizedVariable(name, name, card))
    for i, pa in enumerate(structure.parents):
        for p in pa:
            bn.addArc(names[p], names[i])
    for i, pa in enumerate(structure.parents):
        cpt = bn.cpt(names[i])
        axes = {names[p]: k for k, p in enumerate(pa)} | {names[i]: len(pa)}
        perm = [axes[n] for n in reversed(cpt.names)]  # the numpy view: last variable first
        cpt[:] = np.ascontiguousarray(np.transpose(tables[i], perm))
    return bn


def _via_pgmpy(path: str) -> Any:
    """pgmpy's BIF reader, then the network rebuilt in pyAgrum with pgmpy's tables."""
    import logging

    logging.getLogger("pgmpy").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgmpy.readwrite import BIFReader

        model = BIFReader(path).get_model()
    names = list(model.nodes())
    index = {name: i for i, name in enumerate(names)}
    cards, parents, tables = [], [], []
    for name in names:
        cpd = model.get_cpds(name)
        cards.append(int(cpd.cardinality[0]))
        parents.append(tuple(index[p] for p in cpd.variables[1:]))
        tables.append(np.moveaxis(np.asarray(cpd.values, dtype=np.float64), 0, -1))
    return to_pyagrum(Structure(tuple(cards), tuple(parents)), tables, names)


def topological_order(structure: Structure) -> list[int]:
    """Parents before children (Kahn's algorithm).

    >>> topological_order(Structure((2, 2, 2), ((2,), (), (1,))))
    [1, 2, 0]
    """
    children: list[list[int]] = [[] for _ in structure.cards]
    missing = [len(pa) for pa in structure.parents]
    for i, pa in enumerate(structure.parents):
        for p in pa:
            children[p].append(i)
    ready = [i for i, m in enumerate(missing) if m == 0]
    order = []
    while ready:
        i = ready.pop(0)
        order.append(i)
        for c in children[i]:
            missing[c] -= 1
            if missing[c] == 0:
                ready.append(c)
    return order


def forward_sample(
    structure: Structure, tables: Tables, order: Sequence[int], rng: np.random.Generator
) -> list[int]:
    """One joint state drawn from the network (so any part of it has probability > 0)."""
    state = [0] * len(structure.cards)
    for i in order:
        row = tables[i][tuple(state[p] for p in structure.parents[i])]
        state[i] = int(rng.choice(len(row), p=row / row.sum()))
    return state


def evidence_sets(
    net: Network, observed: int, count: int, rng: np.random.Generator
) -> list[dict[int, int]]:
    """``count`` evidence sets on the same ``observed`` random variables, each the states of
    a new forward sample (a new evidence set per repeat; one plan per set of observed
    variables is allowed to be reused, as in an app where the observations change)."""
    if observed == 0:
        return [{} for _ in range(count)]
    chosen = sorted(rng.choice(len(net.names), size=observed, replace=False).tolist())
    order = topological_order(net.structure)
    out = []
    for _ in range(count):
        sample = forward_sample(net.structure, net.tables, order, rng)
        out.append({int(v): sample[v] for v in chosen})
    return out


def pyagrum_fresh(bn: Any, names: Sequence[str], ev: Mapping[int, int]) -> list[NDArray[Any]]:
    """pyAgrum on new tables: a new LazyPropagation, the evidence, inference, every posterior."""
    import pyagrum as gum

    ie = gum.LazyPropagation(bn)
    ie.setEvidence({names[v]: s for v, s in ev.items()})
    ie.makeInference()
    return [np.asarray(ie.posterior(name).toarray()) for name in names]


def pyagrum_warm(ie: Any, names: Sequence[str], ev: Mapping[int, int]) -> list[NDArray[Any]]:
    """pyAgrum's engine reused for a new evidence set: erase, set, infer, every posterior."""
    ie.eraseAllEvidence()
    ie.setEvidence({names[v]: s for v, s in ev.items()})
    ie.makeInference()
    return [np.asarray(ie.posterior(name).toarray()) for name in names]


def pgmpy_all(
    ve: Any, names: Sequence[str], cards: Sequence[int], ev: Mapping[int, int]
) -> list[NDArray[np.float64]]:
    """pgmpy's VariableElimination, one query per unobserved variable (states 0..k-1)."""
    evidence = {names[v]: s for v, s in ev.items()}
    out = []
    for v, name in enumerate(names):
        if v in ev:
            out.append(np.eye(cards[v])[ev[v]])
            continue
        factor = ve.query([name], evidence=evidence, show_progress=False)
        order = [factor.state_names[name].index(s) for s in range(cards[v])]
        out.append(np.asarray(factor.values)[order])
    return out
