"""The few graph algorithms loading and the engine need, on plain dicts and lists.

networkx did this job, but importing it costs more than a small query (0.1-0.2 s at start-up,
issue 14), and four short functions cover what is used. Each follows networkx's visiting order
(nodes in first-seen order, neighbours in edge order), so results are the same as before:
cycles are reported along the same path, and junction trees come out identical.

Examples
--------
>>> find_cycle([("a", "b"), ("b", "c"), ("c", "a")])
['a', 'b', 'c', 'a']
>>> find_cycle([("a", "b")]) is None
True
>>> topological_order(["c", "b", "a"], [("a", "b")], key={"c": 0, "b": 1, "a": 2}.get)
['c', 'a', 'b']
>>> list(bfs_tree_edges(4, [(0, 1), (2, 3)], root=0))
[(0, 1), (0, 2), (2, 3)]
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

N = TypeVar("N", bound=Hashable)


def _successors(nodes: Iterable[N], edges: Iterable[tuple[N, N]]) -> dict[N, list[N]]:
    """Each node's children in edge order; nodes in first-seen order (edges first)."""
    out: dict[N, list[N]] = {}
    for u, v in edges:
        out.setdefault(u, [])
        out.setdefault(v, [])
        if v not in out[u]:
            out[u].append(v)
    for node in nodes:
        out.setdefault(node, [])
    return out


def find_cycle(edges: Sequence[tuple[N, N]]) -> list[N] | None:
    """A directed cycle as its nodes, the first repeated at the end, or None if there is none.

    Depth first from each node in first-seen order, like ``networkx.find_cycle``.

    >>> find_cycle([(1, 1)])
    [1, 1]
    >>> find_cycle([(0, 1), (1, 2), (2, 1)])
    [1, 2, 1]
    """
    children = _successors((), edges)
    done: set[N] = set()
    for start in children:
        if start in done:
            continue
        path: list[N] = [start]
        on_path: set[N] = {start}
        stack: list[Iterator[N]] = [iter(children[start])]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
                continue
            if child in on_path:
                return [*path[path.index(child):], child]
            if child not in done:
                path.append(child)
                on_path.add(child)
                stack.append(iter(children[child]))
    return None


def has_path(children: dict[N, list[N]], source: N, target: N) -> bool:
    """Whether ``target`` can be reached from ``source`` along ``children`` (a node reaches
    itself).

    >>> has_path({"a": ["b"], "b": []}, "a", "b"), has_path({"a": ["b"], "b": []}, "b", "a")
    (True, False)
    """
    seen = {source}
    stack = [source]
    while stack:
        node = stack.pop()
        if node == target:
            return True
        for child in children.get(node, ()):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return False


def topological_order(
    nodes: Iterable[N], edges: Iterable[tuple[N, N]], key: Callable[[N], Any]
) -> list[N]:
    """Parents before children, the smallest ``key`` first among the nodes that are ready
    (``networkx.lexicographical_topological_sort``). The graph must have no cycle."""
    children = _successors(nodes, edges)
    waiting = dict.fromkeys(children, 0)
    for kids in children.values():
        for kid in kids:
            waiting[kid] += 1
    ready = [(key(n), i, n) for i, n in enumerate(children) if waiting[n] == 0]
    heapq.heapify(ready)
    order: list[N] = []
    index = {n: i for i, n in enumerate(children)}
    while ready:
        _, _, node = heapq.heappop(ready)
        order.append(node)
        for kid in children[node]:
            waiting[kid] -= 1
            if waiting[kid] == 0:
                heapq.heappush(ready, (key(kid), index[kid], kid))
    if len(order) != len(children):
        raise ValueError("the graph has a cycle")
    return order


def bfs_tree_edges(
    n: int, edges: Sequence[tuple[int, int]], root: int
) -> Iterator[tuple[int, int]]:
    """Breadth-first tree edges from ``root`` over the undirected graph on ``0..n-1``, after
    joining its connected parts to the part holding node 0 (by its smallest node), as
    ``networkx.connected_components`` and ``bfs_edges`` on a ``Graph`` built in that order."""
    adjacent: list[list[int]] = [[] for _ in range(n)]

    def link(a: int, b: int) -> None:
        if b not in adjacent[a]:
            adjacent[a].append(b)
            if a != b:
                adjacent[b].append(a)

    for a, b in edges:
        link(a, b)
    seen: set[int] = set()
    firsts: list[int] = []
    for start in range(n):
        if start in seen:
            continue
        part = [start]
        seen.add(start)
        for node in part:
            for other in adjacent[node]:
                if other not in seen:
                    seen.add(other)
                    part.append(other)
        firsts.append(min(part))
    for first in firsts[1:]:
        link(firsts[0], first)
    visited = {root}
    queue = [root]
    for node in queue:
        for other in adjacent[node]:
            if other not in visited:
                visited.add(other)
                queue.append(other)
                yield node, other
