"""Exact inference on discrete Bayesian networks: all marginals in one junction-tree pass.

:func:`compile_structure` turns a network's shape into a :class:`CompiledNetwork` once (junction
tree, and the program of its message pass), refusing with :class:`TooBigError` a tree past the
size :data:`BUDGET` before anything is laid out or planned; :meth:`CompiledNetwork.posterior`
then collects to the root (Shafer-Shenoy messages) and distributes back (each clique's belief
computed once, and its children's messages divided out of it: Hugin), each message or belief
one precompiled contraction (:mod:`argmap._schedule` lays out the pass, :mod:`argmap._contraction`
compiles it, with paths planned by a bounded search). Observed and ``do()``-set variables are
sliced out of the tables (each table indexed at their states), so the pass runs on cliques
without them: one program per set of observed and set variables, laid out on first use and
kept (LRU, in :mod:`argmap._programs`), on the compiled tree or, when its estimated cost is
lower, on a tree of its own (the sliced tables triangulated anew, as pyAgrum does: removing an
observed variable can break a loop); soft evidence is multiplied into the tables. Tables may
carry a trailing batch axis, kept last; one plan per program, pattern of batched tables and
batch size. Each buffer is dropped after its last use, so a pass holds about one clique's
belief at a time.

Messages are normalised as they are computed and their log scale is tracked, so tables with
entries like ``1e-300`` neither underflow nor give NaN.

References
----------
.. [1] S. L. Lauritzen and D. J. Spiegelhalter, "Local computations with probabilities on
   graphical structures and their application to expert systems", JRSS B 50(2), 1988.
.. [2] P. P. Shenoy and G. Shafer, "Axioms for probability and belief-function propagation",
   UAI 1990.
.. [3] F. V. Jensen, S. L. Lauritzen and K. G. Olesen, "Bayesian updating in causal
   probabilistic networks by local computations", Computational Statistics Quarterly 4, 1990.
.. [4] J. Pearl, *Causality*, 2nd ed., 2009, section 3.2 (interventions as graph surgery).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from argmap import _contraction as _ct
from argmap import _evidence as _ev
from argmap import _junction_tree as _jt
from argmap import _logspace as _lg
from argmap import _programs as _pg
from argmap import _schedule as _sch
from argmap._budget import BUDGET, UNLIMITED, Budget, Size, TooBigError

__all__ = [
    "BUDGET", "UNLIMITED", "Budget", "CompiledNetwork", "ImpossibleEvidenceError", "Posterior",
    "Size", "Structure", "TooBigError", "compile_structure",
]

Array = NDArray[np.float64]
_SLICE_FROM = 1 << 15  # trees with at most this many entries multiply one-hot vectors into the
# tables instead of slicing (no new program per set of observed variables: laying one out costs
# more than the pass it saves; alarm: 6 ms against 1.5 ms)


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
        self._n = len(cards)
        self._families = tuple((*pa, i) for i, pa in enumerate(parents))
        self._table_shapes = tuple(tuple(cards[u] for u in f) for f in self._families)
        self._tree: _jt.JunctionTree = _jt.build_junction_tree(cards, parents, budget)
        self.size: Size = _jt.size(self._tree, cards)
        budget.check(self.size)  # before any program is laid out or contraction planned
        self._programs = _pg.Programs(self._tree, cards, self._families, budget)
        self._hugin = self._programs.hugin  # laid out at compile time
        self.peak_slots = 0  # the most buffers a pass held at once (messages, beliefs; a hook)

    def _program(self, fixed: tuple[int, ...], dropped: tuple[int, ...]) -> tuple[
        _sch.Program, list[Any]
    ]:
        """The program and table scopes for these observed or set variables (cached, LRU)."""
        layout = self._programs.layout((fixed, dropped))
        return layout.program, layout.scopes

    def _propagate(
        self, key: _pg.Key, ops: list[Any], batch: int | None, log_scale: Any, lo: int = 0
    ) -> tuple[list[Any], Any, Any]:
        """Collect and distribute (batch members ``lo`` to ``lo + chunk`` if batched).

        Returns the marginals (None for observed variables), log P(evidence), and where
        P(evidence) == 0.
        """
        layout = self._programs.layout(key)
        scopes, chunk = layout.scopes, layout.chunk
        template = self._programs.template(layout.program)
        if batch is not None:
            hi = min(lo + chunk, batch)
            ops = [
                op[..., lo:hi] if op is not None and op.ndim > len(scope) else op
                for op, scope in zip(ops, scopes, strict=True)
            ]
            log_scale = log_scale[lo:hi] if np.ndim(log_scale) else log_scale
            batch = hi - lo
        pattern = tuple(
            op is not None and op.ndim != len(scope) for op, scope in zip(ops, scopes, strict=True)
        )
        plan = self._programs.plan(key, pattern, batch if any(pattern) else None)
        buf: list[Any] = [*ops, *template]
        marginals: list[Any] = [None] * self._n
        log_prob, live, peak = log_scale, 0, 0
        for k, step in enumerate(plan.steps):
            op = step.op
            m = step.fn(*[buf[i] for i in op.inputs])
            z = m.sum(axis=step.axes)
            if not (z > 0).all():  # P(e) == 0, or products below the float64 range
                _ct.check_finite(z)
                marginals, log_prob = _lg.propagate(plan, ops, scopes, template, log_scale)
                break
            m = m / z
            if k <= plan.root:
                log_prob = log_prob + np.log(z)
            for v, axes in op.reads:
                marginals[v] = m.sum(axis=axes) if axes else m
            live += buf[op.output] is None
            buf[op.output] = m
            peak = max(peak, live)
            for i in op.free:
                ones = plan.program.ones
                if buf[i] is not None and i >= self._n and not ones <= i < ones + self._n:
                    live -= 1
                buf[i] = None
        self.peak_slots = peak
        zero = log_prob == -np.inf
        if batch is None:
            return marginals, log_prob, zero
        marginals = [
            m if m is None or m.ndim == 2 else np.repeat(m[:, None], batch, 1) for m in marginals
        ]
        return marginals, np.broadcast_to(log_prob, (batch,)), np.broadcast_to(zero, (batch,))

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
        ops, batch = _ev.check_tables(tables, self._table_shapes, self.structure.parents)
        fixed, dropped, log_scale, batch = _ev.apply_evidence(
            ops, batch, self._table_shapes, evidence or {}, likelihoods or {}, do or {}
        )
        if batch == 0:
            raise ValueError("the batch axis has size 0")
        if self.size.total <= _SLICE_FROM:  # a small tree: one-hot tables, the same program
            key: _pg.Key = ((), ())
            for v, s in fixed.items():
                one_hot = np.zeros(self.structure.cards[v])
                one_hot[s] = 1.0
                shape = self._table_shapes[v]
                if v in dropped:
                    ops[v] = np.broadcast_to(one_hot, shape)
                else:
                    ops[v] = ops[v] * (one_hot[:, None] if ops[v].ndim > len(shape) else one_hot)
        else:
            key = (tuple(sorted(fixed)), tuple(sorted(dropped)))
            for i, family in enumerate(self._families):  # slice the fixed variables out
                if i in dropped:
                    ops[i] = None
                elif any(u in fixed for u in family):
                    ops[i] = ops[i][tuple(fixed.get(u, slice(None)) for u in family)]
        if batch is None:
            marginals, log_prob, zero = self._propagate(key, ops, None, log_scale)
        else:  # in chunks, so that no intermediate holds more than BATCH_BUDGET numbers
            parts = [
                self._propagate(key, ops, batch, log_scale, lo)
                for lo in range(0, batch, self._programs.layout(key).chunk)
            ]
            ms = zip(*(p[0] for p in parts), strict=True)
            marginals = [None if m[0] is None else np.concatenate(m, axis=1) for m in ms]
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
