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
5. (in :mod:`argmap._schedule`) lay out the message pass as a list of contractions over
   numbered buffer slots.

Nothing here touches numbers: the output is index bookkeeping used by :mod:`argmap.engine`.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from argmap._budget import UNLIMITED, Budget, Size, measure
from argmap._graphs import bfs_tree_edges, find_cycle
from argmap._triangulation import triangulate, triangulate_scopes

__all__ = [
    "JunctionTree",
    "build_junction_tree",
    "build_reduced_junction_tree",
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
    return _assemble(cards, found, edges, [(*pa, i) for i, pa in enumerate(parents)])


def build_reduced_junction_tree(
    cards: Sequence[int],
    scopes: Sequence[Sequence[int] | None],
    removed: Collection[int],
    budget: Budget = UNLIMITED,
) -> JunctionTree | None:
    """A junction tree for factors over ``scopes`` (``None``: no factor), without the
    ``removed`` variables (observed or set: sliced out of every scope, which must not hold
    them); None if every variable is removed.

    The graph joins the variables of each scope: the moral graph with the removed variables
    deleted (parents of a removed child stay joined: they share its sliced table). Removed
    variables are in no clique; their ``var_home`` is the root, and so is the ``table_home`` of a
    table with an empty scope. Raises :class:`TooBigError` as :func:`build_junction_tree`.

    >>> jt = build_reduced_junction_tree((2, 2, 2), [(0,), (0,), (0, 2)], {1})
    >>> jt.cliques, jt.table_home
    (((0, 2),), (0, 0, 0))
    """
    gone = set(removed)
    keep = [v for v in range(len(cards)) if v not in gone]
    if not keep:
        return None
    index = {v: k for k, v in enumerate(keep)}
    local = [tuple(index[v] for v in s) for s in scopes if s is not None]
    found, edges = triangulate_scopes([cards[v] for v in keep], local, budget)
    cliques = [frozenset(keep[k] for k in c) for c in found]
    return _assemble(cards, cliques, edges, [() if s is None else tuple(s) for s in scopes])


def _assemble(
    cards: Sequence[int],
    found: Sequence[frozenset[int]],
    edges: Sequence[tuple[int, int]],
    table_scopes: Sequence[Sequence[int]],
) -> JunctionTree:
    """Root the elimination tree of the cliques ``found`` (at its smallest clique), and give
    each table (over ``table_scopes``) and each variable its home."""
    n = len(cards)
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
        if not required or any(v not in holders for v in required):
            return root  # an empty scope, or a variable in no clique (removed)
        fewest = min(required, key=lambda v: (len(holders[v]), v))
        candidates = [c for c in holders[fewest] if required <= sets[c]]
        return min(candidates, key=lambda c: (size[c], c))

    table_home = tuple(smallest(set(scope)) for scope in table_scopes)
    var_home = tuple(smallest({i}) for i in range(n))
    return JunctionTree(
        cliques=tuple(tuple(sorted(c)) for c in sets),
        parent=tuple(parent),
        order=tuple(order),
        table_home=table_home,
        var_home=var_home,
    )


def size(
    jt: JunctionTree,
    cards: Sequence[int],
    scopes: Sequence[Sequence[int] | None] | None = None,
    removed: Collection[int] = (),
) -> Size:
    """The size of ``jt``: its cliques and the work of its message schedule (no contraction
    is laid out or planned; see :func:`argmap._budget.measure`), with the ``removed`` variables
    taken out of every clique and tables over ``scopes`` (default: one per variable; ``None``:
    no table).

    >>> size(build_junction_tree((2, 3, 2), ((), (0,), (1,))), (2, 3, 2))
    Size(largest=6, total=12, cost=48, inputs=3, clique=(0, 1), busiest=(0, 1))
    """
    neighbours = [0] * len(jt.cliques)
    for c, p in enumerate(jt.parent):
        if p >= 0:
            neighbours[c] += 1
            neighbours[p] += 1
    tables = [0] * len(jt.cliques)
    for i, c in enumerate(jt.table_home):
        if scopes is None or scopes[i] is not None:
            tables[c] += 1
    gone = set(removed)
    cliques = [tuple(v for v in c if v not in gone) for c in jt.cliques]
    return measure(cards, cliques, neighbours, tables)
