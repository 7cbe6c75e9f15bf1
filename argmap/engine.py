"""Exact inference on discrete Bayesian networks: all marginals in one junction-tree pass.

:func:`compile_structure` turns a network's shape into a :class:`CompiledNetwork` once (junction
tree, message schedule, einsum subscripts), refusing with :class:`TooBigError` a tree past the
size :data:`BUDGET` before anything is planned; :meth:`CompiledNetwork.posterior` then runs
Shafer-Shenoy message passing, collect to the root and distribute back, each message or belief
one precompiled contraction (:mod:`argmap._contraction`; paths planned with a bounded search).
Evidence, soft evidence and ``do()`` are multiplied into the tables, so they never change the
plan. Tables may carry a trailing batch axis, kept last; one plan per pattern of batched tables
and batch size.

Messages are normalised as they are computed and their log scale is tracked, so tables with
entries like ``1e-300`` neither underflow nor give NaN.

References
----------
.. [1] S. L. Lauritzen and D. J. Spiegelhalter, "Local computations with probabilities on
   graphical structures and their application to expert systems", JRSS B 50(2), 1988.
.. [2] P. P. Shenoy and G. Shafer, "Axioms for probability and belief-function propagation",
   UAI 1990.
.. [3] J. Pearl, *Causality*, 2nd ed., 2009, section 3.2 (interventions as graph surgery).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from argmap import _contraction as _ct
from argmap import _junction_tree as _jt
from argmap._budget import BUDGET, UNLIMITED, Budget, Size, TooBigError

__all__ = [
    "BUDGET", "UNLIMITED", "Budget", "CompiledNetwork", "ImpossibleEvidenceError", "Posterior",
    "Size", "Structure", "TooBigError", "compile_structure",
]

Array = NDArray[np.float64]
_MAX_PLANS = 256  # compiled plans kept per network (one per batched-table pattern and B)
_BATCH_BUDGET = 1 << 24  # elements per intermediate array when batched (128 MiB of float64)


@dataclass(frozen=True)
class Structure:
    """The shape of a discrete Bayesian network: variable i has cards[i] states and parents[i]."""

    cards: tuple[int, ...]
    parents: tuple[tuple[int, ...], ...]  # indices into cards; the graph is a DAG


class ImpossibleEvidenceError(ValueError):
    """The evidence has probability zero (for at least one batch member).

    ``members`` holds the indices of the batch members with P(evidence) == 0 (empty when the
    query was not batched).
    """

    def __init__(self, message: str, members: Sequence[int] = ()) -> None:
        super().__init__(message)
        self.members = tuple(members)


@dataclass(frozen=True)
class Posterior:
    """Marginals of every variable given the evidence, and the probability of the evidence.

    ``marginals[i]`` has shape ``(cards[i],)``, or ``(cards[i], B)`` when batched;
    ``evidence_probability`` is a float, or an array of shape ``(B,)`` when batched. Below about
    1e-308 it underflows to 0.0 while the marginals stay exact; only an exactly impossible
    observation raises :class:`ImpossibleEvidenceError`.
    """

    marginals: tuple[Array, ...]
    evidence_probability: Array | float


class CompiledNetwork:
    """A structure compiled for repeated exact inference; make one with :func:`compile_structure`.

    Examples
    --------
    Disease ``D`` (prior 0.01) and test ``T`` (sensitivity 0.9, false-positive rate 0.05):

    >>> net = compile_structure(Structure(cards=(2, 2), parents=((), (0,))))
    >>> prior = np.array([0.99, 0.01])
    >>> test = np.array([[0.95, 0.05], [0.10, 0.90]])  # rows: D = 0, 1; columns: T = 0, 1
    >>> post = net.posterior([prior, test], evidence={1: 1})
    >>> np.round(post.marginals[0], 4).tolist(), round(float(post.evidence_probability), 4)
    ([0.8462, 0.1538], 0.0585)
    >>> net.posterior([prior, test], do={1: 1}).marginals[0].tolist()
    [0.99, 0.01]
    """

    def __init__(self, structure: Structure, budget: Budget = BUDGET) -> None:
        _jt.validate_structure(structure.cards, structure.parents)
        self.structure = structure
        cards, parents = structure.cards, structure.parents
        self._n = n = len(cards)
        self._table_shapes = tuple(
            (*(cards[p] for p in pa), card) for card, pa in zip(cards, parents, strict=True)
        )
        self._tree: _jt.JunctionTree = _jt.build_junction_tree(cards, parents, budget)
        self.size: Size = _jt.size(self._tree, cards)
        budget.check(self.size)  # before the schedule is laid out or any contraction planned
        self._schedule: _jt.Schedule = _jt.schedule(self._tree, cards, parents)
        self._template: list[Any] = [None] * (self._schedule.n_slots - n)
        for v, card in enumerate(cards):  # vectors of ones for outputs no input carries
            self._template[self._schedule.ones - n + v] = np.ones(card)
        largest = max((math.prod(cards[u] for u in c) for c in self._tree.cliques), default=1)
        self._chunk = max(1, _BATCH_BUDGET // largest)  # batch members per pass
        self._plans: dict[tuple[tuple[bool, ...], int | None], _ct.Plan] = {}

    def _plan(self, pattern: tuple[bool, ...], batch: int | None) -> _ct.Plan:
        """The compiled contractions for tables batched as in ``pattern`` (cached)."""
        key = (pattern, batch)
        plan = self._plans.get(key)
        if plan is not None:
            return plan
        batched = list(pattern) + [False] * len(self._template)
        cards = self.structure.cards

        steps = []
        for c in (*self._schedule.collect, *self._schedule.distribute):
            flags = tuple(batched[i] for i in c.inputs)
            fn = _ct.contraction(c.scopes, c.out_scope, flags, cards, batch)
            batched[c.output] = any(flags)
            steps.append(_ct.Step(fn, c.inputs, c.output, tuple(range(len(c.out_scope))), c, flags))
        plan = _ct.Plan(tuple(steps), len(self._schedule.collect) - 1)
        if len(self._plans) >= _MAX_PLANS:
            del self._plans[next(iter(self._plans))]
        self._plans[key] = plan
        return plan

    def _propagate(
        self, ops: list[Array], batch: int | None, log_scale: Any, lo: int = 0
    ) -> tuple[list[Array], Any, Any]:
        """Collect and distribute (batch members ``lo`` to ``lo + chunk`` if batched).

        Returns the marginals, log P(evidence), and where P(evidence) == 0.
        """
        if batch is not None:
            hi = min(lo + self._chunk, batch)
            ops = [
                op[..., lo:hi] if op.ndim > len(shape) else op
                for op, shape in zip(ops, self._table_shapes, strict=True)
            ]
            log_scale = log_scale[lo:hi] if np.ndim(log_scale) else log_scale
            batch = hi - lo
        pattern = tuple(
            op.ndim != len(shape) for op, shape in zip(ops, self._table_shapes, strict=True)
        )
        plan = self._plan(pattern, batch if any(pattern) else None)
        buf: list[Any] = [*ops, *self._template]
        log_prob = log_scale
        for k, step in enumerate(plan.steps):
            m = step.fn(*[buf[i] for i in step.inputs])
            z = m.sum(axis=step.axes)
            if not (z > 0).all():  # P(e) == 0, or products below the float64 range
                _ct.check_finite(z)
                marginals, log_prob, zero = self._log_propagate(plan, ops, log_scale)
                break
            buf[step.output] = m / z
            if k <= plan.root:
                log_prob = log_prob + np.log(z)
        else:
            marginals = [buf[slot].sum(axis=axes) for slot, axes in self._schedule.marginal]
            zero = False
        if batch is None:
            return marginals, log_prob, zero
        marginals = [m if m.ndim == 2 else np.repeat(m[:, None], batch, 1) for m in marginals]
        return marginals, np.broadcast_to(log_prob, (batch,)), np.broadcast_to(zero, (batch,))

    def _log_propagate(
        self, plan: _ct.Plan, ops: list[Array], log_scale: Any
    ) -> tuple[list[Array], Any, Any]:
        """The same schedule in log space: slower, but nothing underflows.

        The fallback when a message sums to zero: it tells P(evidence) == 0 from products
        below the float64 range, and gets the marginals right in the second case.
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            buf: list[Any] = [None if x is None else np.log(x) for x in [*ops, *self._template]]
            for step in plan.steps:
                spec, out = step.spec, any(step.batched)
                names = tuple(dict.fromkeys(v for scope in spec.scopes for v in scope))
                total: Any = np.float64(0.0)
                for i, scope, bat in zip(spec.inputs, spec.scopes, step.batched, strict=True):
                    total = total + _ct.align(buf[i], scope, bat, names, out)
                kept = [v for v in names if v in spec.out_scope]
                total = _ct.logsumexp(total, tuple(k for k, v in enumerate(names) if v not in kept))
                order = [kept.index(v) for v in spec.out_scope] + ([len(kept)] if out else [])
                buf[step.output] = np.transpose(total, order)
            log_prob = log_scale + _ct.logsumexp(
                buf[plan.steps[plan.root].output], plan.steps[plan.root].axes
            )
            marginals = []
            for slot, axes in self._schedule.marginal:
                log_m = _ct.logsumexp(buf[slot], axes)
                w = np.exp(log_m - log_m.max(axis=0))
                marginals.append(w / w.sum(axis=0))
        return marginals, log_prob, log_prob == -np.inf

    def posterior(
        self,
        tables: Sequence[NDArray[Any]],
        *,
        evidence: Mapping[int, int] | None = None,
        likelihoods: Mapping[int, NDArray[Any]] | None = None,
        do: Mapping[int, int] | None = None,
    ) -> Posterior:
        """Marginals of all variables and P(evidence), given (soft) evidence and interventions.

        Parameters
        ----------
        tables
            ``tables[i]`` has shape ``(*parent cards, cards[i])`` (child axis last), optionally
            with a trailing batch axis ``B`` shared by all batched tables.
        evidence
            ``{i: s}``: variable ``i`` is observed in state ``s``.
        likelihoods
            ``{i: vec}``: virtual evidence, ``vec`` of shape ``(cards[i],)`` or ``(cards[i], B)``.
        do
            ``{i: s}``: variable ``i`` is set to ``s`` and cut from its parents.

        Returns
        -------
        Posterior
            Observed and intervened variables have one-hot marginals; ``evidence_probability``
            is computed in the intervened network.

        Raises
        ------
        ImpossibleEvidenceError
            If the evidence has probability zero (for any batch member).
        ValueError
            If a table, state or likelihood has the wrong shape or value.

        Examples
        --------
        >>> net = compile_structure(Structure(cards=(2,), parents=((),)))
        >>> batch = np.array([[0.2, 0.5], [0.8, 0.5]])  # two priors along a batch axis of size 2
        >>> net.posterior([batch], likelihoods={0: np.array([1.0, 3.0])}).marginals[0].tolist()
        [[0.07692307692307693, 0.25], [0.9230769230769231, 0.75]]
        """
        ops, batch = self._check_tables(tables)
        log_scale, fixed, batch = self._apply_evidence(
            ops, batch, evidence or {}, likelihoods or {}, do or {}
        )
        if batch == 0:
            raise ValueError("the batch axis has size 0")
        if batch is None:
            marginals, log_prob, zero = self._propagate(ops, None, log_scale)
        else:  # in chunks, so that no intermediate holds more than _BATCH_BUDGET numbers
            parts = [
                self._propagate(ops, batch, log_scale, lo) for lo in range(0, batch, self._chunk)
            ]
            ms = zip(*(p[0] for p in parts), strict=False)  # no marginals if P(e) == 0
            marginals = [np.concatenate(m, axis=1) for m in ms]
            log_prob, zero = (np.concatenate([p[k] for p in parts]) for k in (1, 2))
        if np.any(zero):
            members = np.flatnonzero(zero).tolist() if batch is not None else []
            why = _ct.impossible_message(evidence, likelihoods, do, zero)
            raise ImpossibleEvidenceError(why, members)
        for v, s in fixed.items():
            marginals[v] = np.zeros((self.structure.cards[v], *(() if batch is None else (batch,))))
            marginals[v][s] = 1.0
        prob = np.exp(log_prob)
        return Posterior(tuple(marginals), float(prob) if batch is None else prob)

    def _check_tables(self, tables: Sequence[NDArray[Any]]) -> tuple[list[Array], int | None]:
        if len(tables) != self._n:
            raise ValueError(f"expected {self._n} tables, got {len(tables)}")
        ops = [np.asarray(t, dtype=np.float64) for t in tables]
        batch: int | None = None
        for i, (op, shape) in enumerate(zip(ops, self._table_shapes, strict=True)):
            if op.shape[: len(shape)] != shape or op.ndim > len(shape) + 1:
                raise ValueError(
                    f"table of variable {i} (parents {self.structure.parents[i]}) has shape "
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

    def _state(self, kind: str, v: int, s: int) -> tuple[int, int]:
        if not 0 <= v < self._n:
            raise ValueError(f"{kind} names variable {v}; there are {self._n} variables")
        if not 0 <= s < self.structure.cards[v]:
            raise ValueError(
                f"{kind} puts variable {v} in state {s}; it has {self.structure.cards[v]} states"
            )
        return int(v), int(s)

    def _apply_evidence(
        self,
        ops: list[Array],
        batch: int | None,
        evidence: Mapping[int, int],
        likelihoods: Mapping[int, NDArray[Any]],
        do: Mapping[int, int],
    ) -> tuple[Any, dict[int, int], int | None]:
        """Put interventions and evidence into ``ops``.

        Returns the log scale removed, the variables whose marginal is a known one-hot, and the
        batch size (a batched likelihood can set it).
        """
        fixed: dict[int, int] = {}
        for v, s in do.items():
            v, s = self._state("do()", v, s)
            one_hot = np.zeros(self.structure.cards[v])
            one_hot[s] = 1.0
            ops[v] = np.broadcast_to(one_hot, self._table_shapes[v])
            fixed[v] = s
        vectors: dict[int, Array] = {}
        for v, s in evidence.items():
            v, s = self._state("evidence", v, s)
            vectors[v] = np.zeros(self.structure.cards[v])
            vectors[v][s] = 1.0
            fixed[v] = s
        for v, vec in likelihoods.items():
            self._state("likelihoods", v, 0)
            lik = np.asarray(vec, dtype=np.float64)
            card = self.structure.cards[v]
            if batch is None and lik.ndim == 2:
                batch = lik.shape[1]
            if lik.shape not in ((card,), (card, batch)) or not np.all(lik >= 0):
                raise ValueError(
                    f"likelihood of variable {v} has shape {lik.shape}; expected "
                    f"({card},) or ({card}, B) with non-negative entries"
                )
            if v in vectors:  # hard and soft evidence on the same variable
                lik = lik * (vectors[v][:, None] if lik.ndim == 2 else vectors[v])
            vectors[v] = lik
        log_scale: Any = 0.0
        for v, vec in vectors.items():
            op, ndim = ops[v], len(self._table_shapes[v])
            if op.ndim > ndim and vec.ndim == 1:
                vec = vec[:, None]
            elif op.ndim == ndim and vec.ndim == 2:
                op = op[..., None]
            op = op * vec
            scale = op.max(axis=tuple(range(ndim))) if op.size else np.float64(1.0)
            scale = np.where(scale > 0, scale, 1.0)  # an all-zero table is caught as P(e) = 0
            ops[v] = op / scale
            log_scale = log_scale + np.log(scale)
        return log_scale, fixed, batch


@functools.lru_cache(maxsize=128)
def _compile(structure: Structure, budget: Budget) -> CompiledNetwork:
    return CompiledNetwork(structure, budget)


def compile_structure(structure: Structure, budget: Budget = BUDGET) -> CompiledNetwork:
    """Compile the inference plan of a network structure (the same object for equal structures).

    Parameters
    ----------
    structure
        Cardinalities and parent lists; parent lists may be any sequences of ints.
    budget
        Limits on the junction tree's size, checked before any contraction is planned.

    Raises
    ------
    TooBigError
        If the junction tree is past ``budget`` (``err.size.clique``: its largest clique).

    Examples
    --------
    A chain ``A -> B -> C`` of binary variables; observing ``C`` updates ``A``:

    >>> net = compile_structure(Structure(cards=(2, 2, 2), parents=((), (0,), (1,))))
    >>> flip = np.array([[0.9, 0.1], [0.2, 0.8]])
    >>> post = net.posterior([np.array([0.5, 0.5]), flip, flip], evidence={2: 1})
    >>> [np.round(m, 4).tolist() for m in post.marginals]
    [[0.2048, 0.7952], [0.1325, 0.8675], [0.0, 1.0]]
    >>> compile_structure(Structure((2, 2, 2), ((), (0,), (1,)))) is net
    True
    >>> net.size.largest, net.size.total
    (4, 8)
    """
    canonical = Structure(
        tuple(int(c) for c in structure.cards),
        tuple(tuple(int(p) for p in pa) for pa in structure.parents),
    )
    return _compile(canonical, budget)
