"""Batched exact inference: every claim's marginals for many credence vectors in one pass.

The junction-tree engine (:mod:`argmap.engine`) accepts tables with a trailing batch axis and
keeps it through every contraction. This module works one level up, with parameter values:
give some parameters a batch of values ``{parameter id: array (k, B)}`` (the rest stay at their
point values under the credences), and get every claim's marginals ``(card, B)`` and
P(evidence) ``(B,)`` from one engine call. Results equal one-at-a-time
:func:`argmap.inference.marginals` calls to about 1e-15.

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> cloudy = np.array([[0.1, 0.5, 0.9], [0.9, 0.5, 0.1]])
>>> batch = batch_marginals(model, {"cloudy": cloudy})
>>> batch.p("rain").round(4).tolist()
[0.26, 0.5, 0.74]
>>> batch_marginals(model, {"cloudy": cloudy}, evidence={"wet": "true"}).size
3
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from .. import engine
from .._display import Table, Tabular
from ..errors import ImpossibleEvidenceError, InputError
from ..inference import run
from ..model import Model
from ..tables import build_tables
from ._common import (
    Array,
    ArrayBool,
    Assignment,
    CredencesLike,
    base_values,
    parameter_of,
    readonly,
)
from .budget import chunk_size, table_entries

Impossible = Literal["raise", "nan"]


@dataclass(frozen=True, repr=False)
class BatchResult(Tabular):
    """Every claim's marginals for a batch of ``size`` credence vectors.

    ``marginals[claim]`` has shape ``(card, size)``; ``evidence_probability`` and
    ``impossible`` have shape ``(size,)``. Members whose evidence has probability zero (only
    when asked for with ``impossible="nan"``) have NaN marginals and ``impossible`` True.
    """

    model_id: str
    states: Mapping[str, tuple[str, ...]]
    marginals: Mapping[str, Array]
    evidence_probability: Array
    impossible: ArrayBool

    @property
    def size(self) -> int:
        return int(self.evidence_probability.shape[0])

    def _table(self) -> Table:
        """One row per claim, state and member (tidy)."""
        rows = [(claim, state, member, float(p))
                for claim, table in self.marginals.items()
                for state, row in zip(self.states[claim], table, strict=True)
                for member, p in enumerate(row)]
        return Table(f"of {self.model_id!r}: {self.size} members, {len(self.states)} claims",
                     ("claim", "state", "member", "p"), rows)

    def p(self, claim: str, state: str | int | None = None) -> Array:
        """P(claim = state) for every member, shape ``(size,)`` (first state by default)."""
        index = self.states[claim].index(state) if isinstance(state, str) else (state or 0)
        return np.asarray(self.marginals[claim][index], dtype=float)


def batch_marginals(
    model: Model,
    values: Mapping[str, ArrayLike],
    credences: CredencesLike = None,
    *,
    evidence: Assignment | None = None,
    do: Assignment | None = None,
    impossible: Impossible = "raise",
) -> BatchResult:
    """Exact marginals of every claim for a batch of parameter values, in one engine call.

    Parameters
    ----------
    model
        The model.
    values
        ``{parameter id: array}``: shape ``(k, B)`` (a distribution over the parameter's
        ``k`` states per column), or ``(B,)`` for a scalar parameter (P of its first state).
        Every batched entry must have the same ``B``. Parameters not named keep their point
        value under ``credences`` (uncertain values at their mean).
    credences
        A credence file (or ``{parameter id: Value}``) for the parameters not in ``values``.
    evidence, do
        ``{claim: state}`` observations and interventions, applied to every member.
    impossible
        ``"raise"`` (default): an :class:`~argmap.errors.ImpossibleEvidenceError` if the
        evidence has probability zero for any member; ``"nan"``: such members get NaN.

    Returns
    -------
    BatchResult
    """
    base = base_values(model, credences)
    batch: dict[str, Array] = {}
    size: int | None = None
    for pid, raw in values.items():
        param = parameter_of(model, pid, "values")
        k = len(param.states)
        arr = np.asarray(raw, dtype=float)
        if arr.ndim == 1 and param.is_scalar:
            arr = np.stack([arr, 1.0 - arr])
        if arr.ndim != 2 or arr.shape[0] != k:
            raise InputError.argument(
                "values", f"{pid}: expected shape ({k}, B) or (B,) for a scalar, got {arr.shape}",
                code="bad-value", loc=(pid,),
            )
        if size is not None and arr.shape[1] != size:
            raise InputError.argument(
                "values", f"{pid}: batch size {arr.shape[1]} (expected {size}, as the others)",
                code="bad-value", loc=(pid,),
            )
        size = arr.shape[1]
        if not (np.all(arr >= 0) and np.all(arr <= 1)):
            raise InputError.argument(
                "values", f"{pid}: expected probabilities in [0, 1] summing to 1 per column",
                code="out-of-range", loc=(pid,),
            )
        if not np.allclose(arr.sum(0), 1, atol=1e-9):
            raise InputError.argument(
                "values", f"{pid}: expected probabilities in [0, 1] summing to 1 per column",
                code="sum", loc=(pid,),
            )
        batch[pid] = arr
    if size is None:
        raise InputError.argument(
            "values", "no batched parameter (expected at least one)", code="bad-value"
        )
    return evaluate(model, base, batch, size, evidence=evidence, do=do, impossible=impossible)


def evaluate(
    model: Model,
    base: Mapping[str, Array],
    batch: Mapping[str, Array],
    size: int,
    *,
    evidence: Assignment | None = None,
    do: Assignment | None = None,
    impossible: Impossible = "raise",
) -> BatchResult:
    """:func:`batch_marginals` on checked arrays: ``base[pid]`` (k,), ``batch[pid]`` (k, size).

    Every parameter of a claim that has a batched parameter is broadcast to the batch, so each
    table is either wholly batched or not at all. Members are evaluated a chunk at a time
    (:func:`~argmap.analysis.budget.chunk_size`), so the tables stay within
    :data:`~argmap.analysis.budget.CHUNK` numbers whatever ``size`` is; each member's numbers
    do not depend on the chunking.
    """
    touched = {model.parameters[pid].claim for pid in batch}
    step = chunk_size(table_entries(model))
    if size <= step:
        marginals, prob, zero = _member_posterior(
            model, base, batch, size, touched, evidence, do, impossible
        )
    else:  # a chunk at a time, so that the batched tables never pass budget.CHUNK numbers
        marginals = [np.empty((len(c.states), size)) for c in model.claims.values()]
        prob, zero = np.empty(size), np.empty(size, dtype=bool)
        for lo in range(0, size, step):
            hi = min(size, lo + step)
            part = {pid: arr[:, lo:hi] for pid, arr in batch.items()}
            ms, prob[lo:hi], zero[lo:hi] = _member_posterior(
                model, base, part, hi - lo, touched, evidence, do, impossible
            )
            for whole, m in zip(marginals, ms, strict=True):
                whole[:, lo:hi] = m
    states = {cid: c.states for cid, c in model.claims.items()}
    return BatchResult(
        model.id,
        states,
        {cid: readonly(m) for cid, m in zip(model.claims, marginals, strict=True)},
        readonly(prob),
        zero,
    )


def _member_posterior(
    model: Model,
    base: Mapping[str, Array],
    batch: Mapping[str, Array],
    size: int,
    touched: set[str],
    evidence: Assignment | None,
    do: Assignment | None,
    impossible: Impossible,
) -> tuple[list[Array], Array, ArrayBool]:
    """The tables of ``size`` members (every parameter of a touched claim broadcast), then
    :func:`_posterior` on them."""
    values: dict[str, Array] = {}
    for pid, param in model.parameters.items():
        if pid in batch:
            values[pid] = batch[pid]
        elif param.claim in touched:
            values[pid] = np.broadcast_to(base[pid][:, None], (len(param.states), size))
        else:
            values[pid] = base[pid]
    return _posterior(model, build_tables(model, values), size, evidence, do, impossible)


def _posterior(
    model: Model,
    tables: list[Array],
    size: int,
    evidence: Assignment | None,
    do: Assignment | None,
    impossible: Impossible,
) -> tuple[list[Array], Array, ArrayBool]:
    """Marginals (card, size), P(e) (size,) and the impossible mask, splitting on P(e) = 0."""
    try:
        post = run(model, tables, evidence=evidence, do=do)
    except ImpossibleEvidenceError:
        if impossible == "raise":
            raise
        if size == 1:
            cards = [len(c.states) for c in model.claims.values()]
            nan = [np.full((card, 1), np.nan) for card in cards]
            return nan, np.zeros(1), np.ones(1, dtype=bool)
        half = size // 2
        parts = [
            _posterior(model, _slice(model, tables, lo, hi), hi - lo, evidence, do, impossible)
            for lo, hi in ((0, half), (half, size))
        ]
        return (
            [np.concatenate(ms, axis=1) for ms in zip(parts[0][0], parts[1][0], strict=True)],
            np.concatenate([parts[0][1], parts[1][1]]),
            np.concatenate([parts[0][2], parts[1][2]]),
        )
    return _batched(post, size), _prob(post.evidence_probability, size), np.zeros(size, dtype=bool)


def _slice(model: Model, tables: list[Array], lo: int, hi: int) -> list[Array]:
    return [
        t[..., lo:hi] if t.ndim == len(c.parents) + 2 else t
        for t, c in zip(tables, model.claims.values(), strict=True)
    ]


def _batched(post: engine.Posterior, size: int) -> list[Array]:
    return [m if m.ndim == 2 else np.repeat(m[:, None], size, axis=1) for m in post.marginals]


def _prob(prob: Array | float, size: int) -> Array:
    return np.broadcast_to(np.asarray(prob, dtype=float), (size,))
