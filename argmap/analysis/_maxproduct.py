"""Exact max-product (and sum-product) variable elimination in log space, and the k best joint
states by Lawler's partitioning.

The network's tables become log-factors; evidence, the target and interventions become masks
(a state allowed or not). :func:`best` returns the most probable joint state of every variable
under the masks (the MPE), :func:`log_total` the log-probability of the masks themselves, and
:func:`k_best` the ``k`` most probable joint states in order, each found by solving the MPE of
one part of a partition of what is left [1]_ [2]_.

References
----------
.. [1] E. L. Lawler, "A procedure for computing the K best solutions to discrete optimization
   problems and its application to the shortest path problem", *Management Science* 18(7),
   1972, pp. 401-405.
.. [2] D. Nilsson, "An efficient algorithm for finding the M most probable configurations in
   probabilistic expert systems", *Statistics and Computing* 8, 1998, pp. 159-173.

Examples
--------
Two coins, the second copies the first with probability 0.9:

>>> import numpy as np
>>> net = Network(cards=(2, 2), parents=((), (0,)),
...               tables=(np.array([0.3, 0.7]), np.array([[0.9, 0.1], [0.1, 0.9]])))
>>> score, states = best(net, [np.ones(2, bool), np.ones(2, bool)])
>>> states, round(float(np.exp(score)), 2)
((1, 1), 0.63)
>>> [(s, round(float(np.exp(v)), 2)) for v, s in k_best(net, [np.ones(2, bool)] * 2, k=3)]
[((1, 1), 0.63), ((0, 0), 0.27), ((1, 0), 0.07)]
"""

from __future__ import annotations

import functools
import heapq
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]

MAX_FACTOR_ENTRIES = 4_000_000  # the largest intermediate table one elimination may build


class TooLargeError(ValueError):
    """Eliminating would build a table past :data:`MAX_FACTOR_ENTRIES` entries."""

    def __init__(self, entries: int, variables: tuple[int, ...]) -> None:
        super().__init__(f"an intermediate table of {entries:,} entries")
        self.entries = entries
        self.variables = variables


@dataclass(frozen=True, eq=False)
class Network:
    """Cardinalities, parent indices and tables (``tables[i]`` has shape
    ``(*cards[parents[i]], cards[i])``). A variable with ``tables[i] is None`` has no factor of
    its own (an intervention cut it from its parents; a mask fixes its state)."""

    cards: tuple[int, ...]
    parents: tuple[tuple[int, ...], ...]
    tables: tuple[Array | None, ...]


Factor = tuple[tuple[int, ...], Array]  # scope (variable indices) and log-values over it


def _log(a: Array) -> Array:
    out = np.full(a.shape, -np.inf)
    np.log(a, out=out, where=a > 0)
    return out


def _table_factors(net: Network) -> list[Factor]:
    return [
        ((*net.parents[v], v), _log(np.asarray(table, dtype=float)))
        for v, table in enumerate(net.tables)
        if table is not None
    ]


@functools.lru_cache(maxsize=16)
def _prepared(net: Network) -> tuple[tuple[Factor, ...], tuple[int, ...]]:
    """The network's log-factors and its elimination order, computed once per network (masks
    add only one-variable factors, which change neither)."""
    factors = _table_factors(net)
    return tuple(factors), tuple(_order(factors, net.cards))


def _factors(net: Network, masks: Sequence[Mask]) -> list[Factor]:
    factors = list(_prepared(net)[0])
    for v, mask in enumerate(masks):
        if not mask.all():
            factors.append(((v,), np.where(mask, 0.0, -np.inf)))
    return factors


def _order(factors: Sequence[Factor], cards: Sequence[int]) -> list[int]:
    """A greedy elimination order: each time the variable whose elimination builds the smallest
    table (min-weight), ties by index."""
    adjacent: dict[int, set[int]] = {v: set() for v in range(len(cards))}
    for scope, _ in factors:
        for v in scope:
            adjacent[v].update(scope)
    for v in adjacent:
        adjacent[v].discard(v)
    order: list[int] = []
    left = set(adjacent)
    while left:
        v = min(left, key=lambda u: (math.prod(cards[w] for w in adjacent[u]) * cards[u], u))
        for a, b in itertools.permutations(adjacent[v], 2):
            adjacent[a].add(b)
        for u in adjacent[v]:
            adjacent[u].discard(v)
        left.remove(v)
        order.append(v)
    return order


def _combine(group: Sequence[Factor], cards: Sequence[int]) -> Factor:
    """The sum of log-factors over the union of their scopes (sorted variable indices)."""
    scope = tuple(sorted({v for s, _ in group for v in s}))
    entries = math.prod(cards[v] for v in scope)
    if entries > MAX_FACTOR_ENTRIES:
        raise TooLargeError(entries, scope)
    total = np.zeros(tuple(cards[v] for v in scope))
    for s, values in group:
        perm = sorted(range(len(s)), key=lambda i: s[i])
        aligned = np.transpose(values, perm)
        shape = [cards[v] if v in s else 1 for v in scope]
        total = total + aligned.reshape(shape)
    return scope, total


def _logsumexp(a: Array, axis: int) -> Array:
    m = np.max(a, axis=axis, keepdims=True)
    safe = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        out: Array = np.log(np.sum(np.exp(a - safe), axis=axis)) + np.squeeze(safe, axis=axis)
    return out


def _eliminate(
    net: Network, masks: Sequence[Mask], maximise: bool
) -> tuple[float, list[Factor], tuple[int, ...]]:
    factors = _factors(net, masks)
    order = _prepared(net)[1]
    kept: list[Factor] = []  # the combined table at each elimination, for the backtrack
    pool = list(factors)
    for v in order:
        group = [f for f in pool if v in f[0]]
        pool = [f for f in pool if v not in f[0]]
        if not group:
            kept.append(((v,), np.zeros(net.cards[v])))
            continue
        scope, table = _combine(group, net.cards)
        kept.append((scope, table))
        axis = scope.index(v)
        reduced = np.max(table, axis=axis) if maximise else _logsumexp(table, axis)
        pool.append((scope[:axis] + scope[axis + 1 :], reduced))
    total = float(sum(float(np.asarray(t).reshape(())) for _, t in pool))
    return total, kept, order


def cost(net: Network) -> int:
    """The entries of every table one elimination builds (the work of one :func:`best` or
    :func:`log_total`), from the scopes alone: nothing is computed.

    >>> cost(Network((2, 2), ((), (0,)), (np.ones(2) / 2, np.eye(2))))
    6
    """
    factors, order = _prepared(net)
    scopes = [set(scope) for scope, _ in factors]
    total = 0
    for v in order:
        group = [s for s in scopes if v in s]
        scopes = [s for s in scopes if v not in s]
        union = set().union(*group) if group else {v}
        total += math.prod(net.cards[u] for u in union)
        scopes.append(union - {v})
    return total


def log_total(net: Network, masks: Sequence[Mask]) -> float:
    """``log P(every variable in its mask)``: -inf when the masks are impossible."""
    return _eliminate(net, masks, maximise=False)[0]


def best(net: Network, masks: Sequence[Mask]) -> tuple[float, tuple[int, ...]]:
    """The most probable joint state under the masks and its log-probability (-inf, with an
    arbitrary state, when the masks allow nothing of positive probability)."""
    score, kept, order = _eliminate(net, masks, maximise=True)
    state = [0] * len(net.cards)
    for v, (scope, table) in zip(reversed(order), reversed(kept), strict=True):
        index = tuple(slice(None) if u == v else state[u] for u in scope)
        state[v] = int(np.argmax(table[index]))
    return score, tuple(state)


def k_best(net: Network, masks: Sequence[Mask], k: int) -> list[tuple[float, tuple[int, ...]]]:
    """The ``k`` most probable joint states under the masks, best first, as (log-probability,
    states); fewer when fewer have positive probability. Ties keep a fixed, repeatable order."""
    first = best(net, masks)
    if first[0] == -np.inf or k < 1:
        return []
    free = [v for v, m in enumerate(masks) if int(m.sum()) > 1]
    counter = itertools.count()
    heap: list[tuple[float, int, tuple[float, tuple[int, ...]], list[Mask]]] = [
        (-first[0], next(counter), first, [m.copy() for m in masks])
    ]
    found: list[tuple[float, tuple[int, ...]]] = []
    while heap and len(found) < k:
        _, _, solution, space = heapq.heappop(heap)
        found.append(solution)
        states = solution[1]
        for i, v in enumerate(free):  # the rest of ``space``, in disjoint parts
            part = list(space)
            for u in free[:i]:
                part[u] = np.arange(net.cards[u]) == states[u]
            part[v] = space[v] & (np.arange(net.cards[v]) != states[v])
            if not part[v].any():
                continue
            child = best(net, part)
            if child[0] > -np.inf:
                heapq.heappush(heap, (-child[0], next(counter), child, part))
    return found
