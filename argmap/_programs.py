"""The programs and plans of a compiled network, kept per set of observed variables (LRU).

A query with observed (or ``do()``-set) variables runs on tables with those variables sliced
out, so it needs a program of its own (:mod:`argmap._schedule`): laid out on first use for that
set, on the compiled junction tree without those variables, or, when its estimated cost is
lower by :data:`REBUILD_BELOW`, on a tree of its own (the sliced tables triangulated anew, as
pyAgrum does: removing an observed variable can break a loop). Each program is compiled
(:mod:`argmap._contraction`) once per pattern of batched tables and batch size. A
:class:`Programs` keeps both in least-recently-used caches of at most :data:`MAX_PLANS`
entries, keyed by the sorted observed and set variables.

>>> from argmap._budget import UNLIMITED
>>> from argmap._junction_tree import build_junction_tree
>>> cards, parents = (2, 2, 2), ((), (0,), (1,))
>>> families = tuple((*pa, i) for i, pa in enumerate(parents))
>>> programs = Programs(build_junction_tree(cards, parents), cards, families, UNLIMITED)
>>> layout = programs.layout(((1,), ()))
>>> layout.scopes, layout.chunk
([(0,), (0,), (2,)], 8388608)
>>> list(programs.layouts)
[((), ()), ((1,), ())]
"""

from __future__ import annotations

import functools
import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from argmap import _contraction as _ct
from argmap import _junction_tree as _jt
from argmap import _schedule as _sch
from argmap._budget import Budget, TooBigError

__all__ = [
    "BATCH_BUDGET", "KNOWN_CONTRACTIONS", "MAX_PLANS", "REBUILD_BELOW", "Key", "Layout",
    "Programs", "remember",
]

MAX_PLANS = 256  # programs and compiled plans kept per network (LRU): one program per set of
# observed and set variables, one plan per program, pattern of batched tables and batch size
Key = tuple[tuple[int, ...], tuple[int, ...]]  # (fixed variables, set variables), sorted
KNOWN_CONTRACTIONS = 1 << 16  # compiled contractions kept for the next plans (each a small
# object: an opt_einsum expression or np.einsum's subscripts), forgotten all at once past this
BATCH_BUDGET = 1 << 24  # elements per intermediate array when batched (128 MiB of float64)
REBUILD_BELOW = 0.8  # a set of observed variables gets a junction tree of its own when that
# tree's estimated cost is below this fraction of the compiled tree's (sliced): a smaller gain
# does not repay laying out a new program (pigs: 0.9 s of path searches); tests force it


@dataclass(frozen=True)
class Layout:
    """The program for one set of fixed variables, its table scopes (``None``: no table, for
    a ``do()``-set variable) and the batch members one pass takes at most."""

    program: _sch.Program
    scopes: list[Any]
    chunk: int


class Programs:
    """The programs (:attr:`layouts`) and compiled plans (:attr:`plans`) of one network."""

    def __init__(
        self,
        tree: _jt.JunctionTree,
        cards: tuple[int, ...],
        families: tuple[tuple[int, ...], ...],
        budget: Budget,
    ) -> None:
        self.tree, self.cards, self.families, self.budget = tree, cards, families, budget
        self.layouts: OrderedDict[Key, Layout] = OrderedDict()
        self.plans: OrderedDict[tuple[Key, tuple[bool, ...], int | None], _ct.Plan] = (
            OrderedDict()
        )
        self.templates: dict[int, list[Any]] = {}  # buffers of a program, by its cliques
        self.contractions: dict[Any, Any] = {}  # compiled contractions, shared by the plans
        self.hugin: tuple[bool, ...] | None = None
        self.hugin = self.layout(((), ())).program.hugin  # decided without evidence, then kept

    def layout(self, key: Key) -> Layout:
        """The :class:`Layout` for ``key`` (cached, LRU): on the compiled tree with the fixed
        variables taken out, or on a tree of its own if that is estimated cheaper."""
        found = self.layouts.get(key)
        if found is not None:
            self.layouts.move_to_end(key)
            return found
        fixed, dropped = key
        gone = set(fixed)
        scopes: list[Any] = [
            None if i in dropped else tuple(u for u in f if u not in gone)
            for i, f in enumerate(self.families)
        ]
        cards = self.cards
        cost = functools.partial(_ct.cost, cards=cards)
        tree = self.tree
        own = self.own_tree(scopes, gone) if gone else None
        if own is None:
            program = _sch.schedule(  # the Hugin cliques: chosen without evidence, then kept
                tree, cards, scopes, gone, cost=cost, hugin=self.hugin
            )
        else:
            tree = own
            program = _sch.schedule(tree, cards, scopes, gone, cost=cost)
        largest = max(
            (math.prod(cards[u] for u in c if u not in gone) for c in tree.cliques), default=1
        )
        chunk = max(1, BATCH_BUDGET // largest)  # batch members per pass
        layout = Layout(program, scopes, chunk)
        remember(self.layouts, key, layout)
        return layout

    def own_tree(self, scopes: list[Any], gone: set[int]) -> _jt.JunctionTree | None:
        """The junction tree of the sliced tables, if its estimated cost is below
        :data:`REBUILD_BELOW` times that of the compiled tree without the ``gone`` variables."""
        cards = self.cards
        try:  # None if every variable is observed or set: the compiled tree will do
            own = _jt.build_reduced_junction_tree(cards, scopes, gone, self.budget)
        except TooBigError:
            return None
        same = _jt.size(self.tree, cards, scopes, gone).cost
        cheaper = own is not None and _jt.size(own, cards, scopes).cost < REBUILD_BELOW * same
        return own if cheaper else None

    def template(self, program: _sch.Program) -> list[Any]:
        """The buffers of ``program`` past its tables: vectors of ones for outputs no input
        carries, None elsewhere."""
        found = self.templates.get(program.cliques)
        if found is None:
            nc, n = program.cliques, len(self.cards)
            found = [None] * (nc * 3 + 2 * n)
            for v, card in enumerate(self.cards):
                found[3 * nc + v] = np.ones(card)
            self.templates[program.cliques] = found
        return found

    def plan(self, key: Key, pattern: tuple[bool, ...], batch: int | None) -> _ct.Plan:
        """The compiled contractions for tables batched as in ``pattern`` (cached, LRU)."""
        plan = self.plans.get((key, pattern, batch))
        if plan is not None:
            self.plans.move_to_end((key, pattern, batch))
            return plan
        if len(self.contractions) > KNOWN_CONTRACTIONS:
            self.contractions.clear()
        program = self.layout(key).program
        plan = _ct.compile_plan(program, pattern, self.cards, batch, self.contractions)
        remember(self.plans, (key, pattern, batch), plan)
        return plan


def remember(cache: OrderedDict[Any, Any], key: Any, value: Any) -> None:
    """Put ``value`` in an LRU ``cache`` of at most :data:`MAX_PLANS` entries.

    >>> cache: OrderedDict[int, int] = OrderedDict((k, k) for k in range(MAX_PLANS))
    >>> remember(cache, -1, -1)
    >>> len(cache), next(iter(cache))
    (256, 1)
    """
    cache[key] = value
    if len(cache) > MAX_PLANS:
        cache.popitem(last=False)
