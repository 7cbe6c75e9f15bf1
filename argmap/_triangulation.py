"""Triangulation by greedy elimination, bounded by a size budget.

The moral graph of a DAG (co-parents married, directions dropped) is triangulated by
eliminating one vertex at a time, trying the min-fill and min-weight orders and keeping the one
whose cliques hold the fewest states (Kjaerulff 1990, "Triangulation of graphs: algorithms
giving small total state space"). Elimination stops at the first clique past the budget
(:mod:`argmap._budget`), so a dense graph is refused at once instead of being triangulated in
full. The kept cliques come with the edges of their elimination tree, which is a junction tree
(Jensen & Nielsen, *Bayesian Networks and Decision Graphs*, 2nd ed., section 4.6).

>>> from argmap._budget import UNLIMITED
>>> cliques, edges = triangulate((2, 2, 2), ((), (0,), (1,)), UNLIMITED)
>>> sorted(sorted(c) for c in cliques), len(edges)
([[0, 1], [1, 2]], 1)
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence

from argmap._budget import Budget, Size, TooBigError, count, entries

__all__ = ["triangulate", "triangulate_scopes"]


def _interaction_graph(n: int, scopes: Sequence[Sequence[int]]) -> list[set[int]]:
    """The graph over ``0..n-1`` in which the variables of each scope are all joined."""
    adj: list[set[int]] = [set() for _ in range(n)]
    for scope in scopes:
        for a in scope:
            for b in scope:
                if a != b:
                    adj[a].add(b)
    return adj


def _fill(v: int, adj: list[set[int]]) -> int:
    """The edges eliminating ``v`` adds: pairs of its neighbours not yet joined (set
    differences in C: each pair counted from both ends, each neighbour once against itself).

    >>> _fill(0, [{1, 2, 3}, {0, 2}, {0, 1}, {0}])
    2
    """
    nbrs = adj[v]
    return (sum([len(nbrs - adj[a]) for a in nbrs]) - len(nbrs)) // 2


def _weight(v: int, adj: list[set[int]], logs: Sequence[float]) -> float:
    """The log of the entries of ``v``'s clique, summed in the order the set iterates (the
    same floats, so the same ties, as ``log(cards[v]) + sum(log(cards[u]) for u ...)``)."""
    return logs[v] + sum([logs[u] for u in adj[v]])


class _Elimination:
    """Greedy elimination (min-fill or min-weight) that stops at the first clique past a limit.

    A vertex whose clique would hold more than ``limit`` entries scores last, and its fill is
    never counted: so each step costs at most the square of ``log2(limit)`` for the scores, and
    a dense graph is refused at its first large clique instead of being triangulated in full.
    Scores sit in a heap (stale entries skipped), and only the vertices whose neighbourhood
    changed are scored again, so the choices are those of a plain ``min`` over fresh scores.
    """

    def __init__(self, cards: Sequence[int], moral: list[set[int]], fill_first: bool,
                 limit: float, total_limit: float) -> None:
        self.cards, self.fill_first = cards, fill_first
        self.log_limit = math.log(limit) + 1e-9 if limit < math.inf else math.inf
        self.total_limit = total_limit
        self.adj = [set(s) for s in moral]
        self.logs = [math.log(c) for c in cards]
        self.rough = [self.logs[v] + sum(self.logs[u] for u in a) for v, a in enumerate(self.adj)]
        self.width: dict[int, int] = {}  # eliminated vertex -> its number of neighbours then
        self.home: dict[int, int] = {}  # eliminated vertex v -> the kept clique holding C(v)
        self.edges: list[tuple[int, int]] = []  # the elimination tree over the kept cliques

    def score(self, v: int) -> tuple[float, ...]:
        if self.rough[v] > self.log_limit + 1e-6:  # past the limit, whatever the rounding
            return (math.inf, self.rough[v], v)
        weight = _weight(v, self.adj, self.logs)
        if weight > self.log_limit:
            return (math.inf, weight, v)
        fill = _fill(v, self.adj)
        return (fill, weight, v) if self.fill_first else (weight, fill, v)

    def run(self) -> tuple[list[frozenset[int]], float, frozenset[int] | None]:
        """The maximal cliques in elimination order, their total entries, and the clique past
        the limit that stopped the elimination (None if it ran to the end)."""
        adj, n = self.adj, len(self.cards)
        scores = {v: self.score(v) for v in range(n)}
        heap = [(s, v) for v, s in scores.items()]
        heapq.heapify(heap)
        cliques: list[frozenset[int]] = []
        waiting: dict[int, list[int]] = {}  # u -> earlier vertices w with u in w's neighbours
        claimed: set[int] = set()  # vertices w whose first-eliminated neighbour has gone
        total = 0
        while heap:
            s, v = heapq.heappop(heap)
            if scores.get(v) != s:
                continue
            nbrs = adj[v]
            clique = frozenset(nbrs | {v})
            if s[0] == math.inf:
                return cliques, math.inf, clique
            # C(v) lies inside an earlier clique iff it equals C(w) - {w} for an earlier w whose
            # first-eliminated neighbour is v (a child of v in the elimination tree); then v
            # joins w's clique, and v's other children hang from it.
            children = [w for w in waiting.pop(v, ()) if w not in claimed]
            claimed.update(children)
            inside = next((w for w in children if self.width[w] == len(clique)), None)
            if inside is None:
                self.home[v] = len(cliques)
                cliques.append(clique)
                total += math.prod(self.cards[u] for u in clique)
                if total > self.total_limit:
                    return cliques, math.inf, clique
            else:
                self.home[v] = self.home[inside]
            self.edges.extend((self.home[w], self.home[v]) for w in children if w != inside)
            self.width[v] = len(nbrs)
            for u in nbrs:
                waiting.setdefault(u, []).append(v)
            touched = set(nbrs)
            for a in nbrs:
                adj[a].discard(v)
                self.rough[a] -= self.logs[v]
                for b in nbrs - adj[a] - {a}:
                    adj[a].add(b)
                    self.rough[a] += self.logs[b]
                    if a < b:
                        touched |= adj[a] & adj[b]
            del scores[v]
            for u in touched:
                scores[u] = self.score(u)
                heapq.heappush(heap, (scores[u], u))
        return cliques, total, None


def triangulate(
    cards: Sequence[int], parents: Sequence[Sequence[int]], budget: Budget
) -> tuple[list[frozenset[int]], list[tuple[int, int]]]:
    """The maximal cliques of the cheaper of the min-fill and min-weight orders, and the edges
    of their elimination tree; raise :class:`TooBigError` if both pass the budget."""
    families = [(*pa, child) for child, pa in enumerate(parents)]
    return triangulate_scopes(cards, families, budget)


def triangulate_scopes(
    cards: Sequence[int], scopes: Sequence[Sequence[int]], budget: Budget
) -> tuple[list[frozenset[int]], list[tuple[int, int]]]:
    """As :func:`triangulate`, for factors over ``scopes`` instead of a DAG's families: the
    graph joins the variables of each scope (for families, the moral graph).

    >>> from argmap._budget import UNLIMITED
    >>> cliques, edges = triangulate_scopes((2, 2, 2), [(0, 1), (1, 2), (0, 2)], UNLIMITED)
    >>> [sorted(c) for c in cliques], edges
    ([[0, 1, 2]], [])
    """
    moral = _interaction_graph(len(cards), scopes)
    best: tuple[list[frozenset[int]], list[tuple[int, int]]] | None = None
    best_total = math.inf
    stopped: list[frozenset[int]] = []
    for fill_first in (True, False):
        run = _Elimination(cards, moral, fill_first, budget.max_clique, budget.max_total)
        cliques, total, past = run.run()
        if past is not None:
            stopped.append(past)
        elif total < best_total:
            best, best_total = (cliques, run.edges), total
    if best is None:  # both orders stopped: refuse with the smaller clique that stopped one
        clique = sorted(min(stopped, key=lambda c: (entries(cards, sorted(c)), sorted(c))))
        size = Size(entries(cards, clique), 0, 0, 0, tuple(clique), tuple(clique))
        if size.largest > budget.max_clique:
            raise TooBigError(
                f"a clique of {count(size.largest)} entries (at most {count(budget.max_clique)})",
                size,
            )
        raise TooBigError(f"cliques of more than {count(budget.max_total)} entries in all", size,
                          "total")
    return best
