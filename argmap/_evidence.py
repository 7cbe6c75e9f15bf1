"""The engine's inputs: tables checked against the network, evidence checked and soft evidence
multiplied in (observed and set variables are sliced out by :mod:`argmap.engine`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["apply_evidence", "check_tables"]


def check_tables(
    tables: Sequence[NDArray[Any]],
    shapes: Sequence[tuple[int, ...]],
    parents: Sequence[tuple[int, ...]],
) -> tuple[list[Any], int | None]:
    """The tables as float arrays, and their batch size (None if none is batched); raise
    ValueError for a wrong number of tables or a wrong shape.

    >>> ops, batch = check_tables([[0.5, 0.5]], [(2,)], [()])
    >>> ops[0].dtype, batch
    (dtype('float64'), None)
    """
    if len(tables) != len(shapes):
        raise ValueError(f"expected {len(shapes)} tables, got {len(tables)}")
    ops = [np.asarray(t, dtype=np.float64) for t in tables]
    batch: int | None = None
    for i, (op, shape) in enumerate(zip(ops, shapes, strict=True)):
        if op.shape[: len(shape)] != shape or op.ndim > len(shape) + 1:
            raise ValueError(
                f"table of variable {i} (parents {parents[i]}) has shape "
                f"{op.shape}; expected {shape} or {(*shape, 'B')}"
            )
        if op.ndim > len(shape):
            if batch is not None and op.shape[-1] != batch:
                raise ValueError(
                    f"table of variable {i} has batch size {op.shape[-1]}; "
                    f"other tables have batch size {batch}"
                )
            batch = op.shape[-1]
    return ops, batch

def _state(kind: str, v: int, s: int, cards: Sequence[int]) -> tuple[int, int]:
    if not 0 <= v < len(cards):
        raise ValueError(f"{kind} names variable {v}; there are {len(cards)} variables")
    if not 0 <= s < cards[v]:
        raise ValueError(f"{kind} puts variable {v} in state {s}; it has {cards[v]} states")
    return int(v), int(s)

def apply_evidence(
    ops: list[Any],
    batch: int | None,
    shapes: Sequence[tuple[int, ...]],
    evidence: Mapping[int, int],
    likelihoods: Mapping[int, NDArray[Any]],
    do: Mapping[int, int],
) -> tuple[dict[int, int], set[int], Any, int | None]:
    """Check the evidence, and put soft evidence into ``ops`` (tables of ``shapes``, child
    axis last).

    Returns the fixed (observed or set) variables with their states, the set ones (whose
    tables are left out), the log scale removed (``-inf`` where the evidence contradicts
    itself), and the batch size (a batched likelihood can set it).
    """
    cards = [shape[-1] for shape in shapes]
    fixed: dict[int, int] = {}
    log_scale: Any = 0.0
    for v, s in do.items():
        v, s = _state("do()", v, s, cards)
        fixed[v] = s
    for v, s in evidence.items():
        v, s = _state("evidence", v, s, cards)
        if fixed.get(v, s) != s:  # observed in a state other than the one set
            log_scale = -np.inf
        fixed[v] = s
    dropped = {int(v) for v in do}
    for v, vec in likelihoods.items():
        _state("likelihoods", v, 0, cards)
        lik = np.asarray(vec, dtype=np.float64)
        card = cards[v]
        if batch is None and lik.ndim == 2:
            batch = lik.shape[1]
        if lik.shape not in ((card,), (card, batch)) or not np.all(lik >= 0):
            raise ValueError(
                f"likelihood of variable {v} has shape {lik.shape}; expected "
                f"({card},) or ({card}, B) with non-negative entries"
            )
        v = int(v)
        with np.errstate(divide="ignore"):
            if v in fixed:  # soft evidence on an observed or set variable: a number
                log_scale = log_scale + np.log(lik[fixed[v]])
                continue
            op, ndim = ops[v], len(shapes[v])
            if op.ndim > ndim and lik.ndim == 1:
                lik = lik[:, None]
            elif op.ndim == ndim and lik.ndim == 2:
                op = op[..., None]
            op = op * lik
            scale = op.max(axis=tuple(range(ndim))) if op.size else np.float64(1.0)
            scale = np.where(scale > 0, scale, 1.0)  # all zero: caught as P(e) = 0
            ops[v] = op / scale
            log_scale = log_scale + np.log(scale)
    return fixed, dropped, log_scale, batch
