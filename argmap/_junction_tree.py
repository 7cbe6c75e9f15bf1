"""Junction tree construction for discrete Bayesian networks: the compile-time half of the engine.

The steps follow the textbook recipe (Lauritzen & Spiegelhalter 1988; Jensen & Nielsen,
*Bayesian Networks and Decision Graphs*, 2nd ed., ch. 4):

1. moralise the DAG (marry co-parents, drop directions);
2. triangulate by greedy elimination, trying min-fill and min-weight orders and keeping the one
   whose cliques hold the fewest states (Kjaerulff 1990), stopping at the first clique past a
   size budget (steps 1-2 in :mod:`argmap._triangulation`, the budget in :mod:`argmap._budget`);
3. keep the maximal elimination cliques and join them by the elimination tree (each clique to
   the clique of its first-eliminated neighbour), which has the running-intersection property;
4. give each conditional table to the smallest clique containing its family, and each variable a
   "home": the smallest clique containing it, where its marginal is read;
5. lay out the Shafer-Shenoy message schedule (Shenoy & Shafer 1990) as a list of contractions
   over numbered buffer slots.

Nothing here touches numbers: the output is index bookkeeping used by :mod:`argmap.engine`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from argmap._budget import UNLIMITED, Budget, Size, measure
from argmap._graphs import bfs_tree_edges, find_cycle
from argmap._triangulation import triangulate

__all__ = [
    "Contraction",
    "JunctionTree",
    "Schedule",
    "build_junction_tree",
    "schedule",
    "size",
    "validate_structure",
]


@dataclass(frozen=True)
class JunctionTree:
    """A rooted clique tree over variables ``0..n-1``.

    Attributes
    ----------
    cliques
        Sorted variable indices of each clique.
    parent
        ``parent[c]`` is the neighbour of clique ``c`` towards the root, ``-1`` for the root.
    order
        Cliques in breadth-first order from the root (every parent before its children).
    table_home
        ``table_home[i]`` is the clique holding the table of variable ``i``.
    var_home
        ``var_home[i]`` is the smallest clique containing variable ``i``.
    """

    cliques: tuple[tuple[int, ...], ...]
    parent: tuple[int, ...]
    order: tuple[int, ...]
    table_home: tuple[int, ...]
    var_home: tuple[int, ...]

    def separator(self, c: int) -> tuple[int, ...]:
        """Variables shared by clique ``c`` and its parent (sorted; empty for the root)."""
        p = self.parent[c]
        if p < 0:
            return ()
        return tuple(sorted(set(self.cliques[c]) & set(self.cliques[p])))

    def children(self, c: int) -> tuple[int, ...]:
        """Child cliques of clique ``c``, in ``order``."""
        return tuple(k for k in self.order if self.parent[k] == c)


def validate_structure(cards: Sequence[int], parents: Sequence[Sequence[int]]) -> None:
    """Raise ValueError unless ``parents`` describes a DAG over ``len(cards)`` variables."""
    n = len(cards)
    if len(parents) != n:
        raise ValueError(f"{n} cards but {len(parents)} parent lists")
    for i, (card, pa) in enumerate(zip(cards, parents, strict=True)):
        if card < 1:
            raise ValueError(f"variable {i} has {card} states; need at least 1")
        if len(set(pa)) != len(pa) or i in pa or any(not 0 <= p < n for p in pa):
            raise ValueError(f"variable {i} has invalid parents {tuple(pa)} (n = {n})")
    cycle = find_cycle([(p, i) for i, pa in enumerate(parents) for p in pa])
    if cycle is not None:
        edges = list(zip(cycle, cycle[1:], strict=False))
        raise ValueError(f"the parent lists contain a cycle: {edges}")


def build_junction_tree(
    cards: Sequence[int], parents: Sequence[Sequence[int]], budget: Budget = UNLIMITED
) -> JunctionTree:
    """Build a rooted junction tree for the DAG given by ``parents``.

    Parameters
    ----------
    cards
        Number of states of each variable (used to weigh cliques).
    parents
        ``parents[i]`` are the parent indices of variable ``i``.
    budget
        Elimination stops at the first clique past ``budget.max_clique`` entries, or once the
        cliques hold more than ``budget.max_total`` (the other limit is checked by the engine).

    Returns
    -------
    JunctionTree
        The elimination tree of the maximal cliques (a junction tree; Jensen & Nielsen,
        section 4.6). Disconnected parts of the network are joined by empty separators, so
        the result is always one tree.

    Raises
    ------
    TooBigError
        If both elimination orders pass the budget; ``size.clique`` is the clique that
        stopped the smaller one.

    Examples
    --------
    >>> jt = build_junction_tree((2, 2, 2), ((), (0,), (1,)))
    >>> sorted(jt.cliques)
    [(0, 1), (1, 2)]
    """
    n = len(cards)
    if n == 0:
        return JunctionTree((), (), (), (), ())
    found, edges = triangulate(cards, parents, budget)
    rank = sorted(range(len(found)), key=lambda c: (-len(found[c]), sorted(found[c])))
    new = {c: k for k, c in enumerate(rank)}
    sets = [found[c] for c in rank]
    size = [math.prod(cards[u] for u in c) for c in sets]

    holders: dict[int, list[int]] = {}
    for c, members in enumerate(sets):
        for v in members:
            holders.setdefault(v, []).append(c)
    root = min(range(len(sets)), key=lambda c: (size[c], c))  # its belief is always computed
    parent = [-1] * len(sets)
    order = [root]
    tree = [(new[a], new[b]) for a, b in edges]
    for a, b in bfs_tree_edges(len(sets), tree, root):
        parent[b] = a
        order.append(b)

    def smallest(required: set[int]) -> int:
        fewest = min(required, key=lambda v: (len(holders[v]), v))
        candidates = [c for c in holders[fewest] if required <= sets[c]]
        return min(candidates, key=lambda c: (size[c], c))

    table_home = tuple(smallest({i, *parents[i]}) for i in range(n))
    var_home = tuple(smallest({i}) for i in range(n))
    return JunctionTree(
        cliques=tuple(tuple(sorted(c)) for c in sets),
        parent=tuple(parent),
        order=tuple(order),
        table_home=table_home,
        var_home=var_home,
    )


@dataclass(frozen=True)
class Contraction:
    """One einsum of the schedule: ``inputs`` (buffer slots, axes over ``scopes``) -> ``output``."""

    inputs: tuple[int, ...]
    scopes: tuple[tuple[int, ...], ...]
    output: int
    out_scope: tuple[int, ...]


@dataclass(frozen=True)
class Schedule:
    """The message-passing program of a junction tree.

    Buffer slots: tables ``0..n-1``; the message from clique ``c`` to its parent at ``n + c``;
    the message into ``c`` from its parent at ``n + C + c``; the belief of ``c`` at
    ``n + 2C + c``; a vector of ones over variable ``v`` at ``n + 3C + v`` (for a variable that
    a contraction outputs but no input carries); a marginal contracted directly at
    ``n + 3C + n + v``.

    Attributes
    ----------
    collect
        Messages towards the root, leaves first; the last contraction is the root's belief.
    distribute
        Messages away from the root, then the beliefs and marginals the variables are read from.
    marginal
        ``marginal[v] = (slot, axes)``: the marginal of ``v`` is ``buffer[slot]`` summed over
        ``axes``.
    ones
        The slot of the vector of ones over variable 0 (variable ``v``'s is ``ones + v``).
    n_slots
        Number of buffer slots.
    """

    collect: tuple[Contraction, ...]
    distribute: tuple[Contraction, ...]
    marginal: tuple[tuple[int, tuple[int, ...]], ...]
    ones: int
    n_slots: int


def schedule(
    jt: JunctionTree, cards: Sequence[int], parents: Sequence[Sequence[int]], big: int = 4096
) -> Schedule:
    """Lay out collect/distribute messages, beliefs and marginals as contractions.

    A variable's marginal is read from the root's belief if it is there, else from the belief of
    its home clique; when that clique has more than ``big`` states, the belief is never built:
    the variable's marginal is taken from the smallest separator holding it (the product of the
    two messages across it) or else contracted directly from the clique's inputs.
    """
    n, nc = len(cards), len(jt.cliques)
    if nc == 0:
        return Schedule((), (), (), 0, 0)
    ones, direct = n + 3 * nc, n + 3 * nc + n
    scope: dict[int, tuple[int, ...]] = {i: (*parents[i], i) for i in range(n)}
    tables: list[list[int]] = [[] for _ in range(nc)]
    for i, c in enumerate(jt.table_home):
        tables[c].append(i)
    holding: list[list[int]] = [[] for _ in range(n)]  # v -> cliques whose separator has v
    for c in range(nc):
        scope[n + c] = scope[n + nc + c] = sep = jt.separator(c)
        scope[n + 2 * nc + c] = jt.cliques[c]
        for v in sep:
            holding[v].append(c)
    for v in range(n):
        scope[ones + v] = scope[direct + v] = (v,)
    children: list[list[int]] = [[] for _ in range(nc)]
    for c in jt.order[1:]:  # as jt.children(c), in one pass
        children[jt.parent[c]].append(c)

    def contraction(inputs: list[int], output: int) -> Contraction:
        covered = {v for i in inputs for v in scope[i]}
        inputs = inputs + [ones + v for v in scope[output] if v not in covered]
        return Contraction(tuple(inputs), tuple(scope[i] for i in inputs), output, scope[output])

    def clique_inputs(c: int, exclude: int) -> list[int]:
        inputs = tables[c] + [n + k for k in children[c] if k != exclude]
        if jt.parent[c] >= 0 and exclude != jt.parent[c]:
            inputs.append(n + nc + c)
        return inputs

    root = jt.order[0]
    collect = [contraction(clique_inputs(c, jt.parent[c]), n + c) for c in reversed(jt.order[1:])]
    collect.append(contraction(clique_inputs(root, -1), n + 2 * nc + root))
    distribute = [contraction(clique_inputs(jt.parent[c], c), n + nc + c) for c in jt.order[1:]]

    size = [math.prod(cards[u] for u in clique) for clique in jt.cliques]
    beliefs: set[int] = set()
    marginal: list[tuple[int, tuple[int, ...]]] = []
    for v in range(n):
        home = root if v in jt.cliques[root] else jt.var_home[v]
        if home == root or size[home] <= big:
            if home != root and home not in beliefs:
                beliefs.add(home)
                distribute.append(contraction(clique_inputs(home, -1), n + 2 * nc + home))
            axes = tuple(k for k, u in enumerate(jt.cliques[home]) if u != v)
            marginal.append((n + 2 * nc + home, axes))
            continue
        seps = holding[v]
        if seps:
            c = min(seps, key=lambda c: math.prod(cards[u] for u in scope[n + c]))
            distribute.append(contraction([n + c, n + nc + c], direct + v))
        else:
            distribute.append(contraction(clique_inputs(home, -1), direct + v))
        marginal.append((direct + v, ()))
    return Schedule(tuple(collect), tuple(distribute), tuple(marginal), ones, direct + n)


def size(jt: JunctionTree, cards: Sequence[int]) -> Size:
    """The size of ``jt``: its cliques and the work of its message schedule (no contraction
    is laid out or planned; see :func:`argmap._budget.measure`).

    >>> size(build_junction_tree((2, 3, 2), ((), (0,), (1,))), (2, 3, 2))
    Size(largest=6, total=12, cost=48, inputs=3, clique=(0, 1), busiest=(0, 1))
    """
    neighbours = [0] * len(jt.cliques)
    for c, p in enumerate(jt.parent):
        if p >= 0:
            neighbours[c] += 1
            neighbours[p] += 1
    tables = [0] * len(jt.cliques)
    for c in jt.table_home:
        tables[c] += 1
    return measure(cards, jt.cliques, neighbours, tables)
