"""argmap._graphs gives exactly what networkx gave (it replaced networkx for start-up time), on
random graphs: the same cycle, the same order, the same breadth-first tree."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap import _graphs

edges_st = st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=20)


def dag(edges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(min(a, b), max(a, b)) for a, b in edges if a != b]


@settings(max_examples=300, deadline=None)
@given(edges_st)
def test_find_cycle_is_networkx(edges: list[tuple[int, int]]) -> None:
    try:
        cycle = nx.find_cycle(nx.DiGraph(edges))
        expected: list[int] | None = [u for u, _ in cycle] + [cycle[0][0]]
    except nx.NetworkXNoCycle:
        expected = None
    assert _graphs.find_cycle(edges) == expected


@settings(max_examples=300, deadline=None)
@given(edges_st, st.permutations(range(10)))
def test_topological_order_is_networkx(edges: list[tuple[int, int]], rank: list[int]) -> None:
    edges = dag(edges)
    nodes = list(range(10))
    graph = nx.DiGraph(edges)
    graph.add_nodes_from(nodes)
    expected = list(nx.lexicographical_topological_sort(graph, key=rank.__getitem__))
    assert _graphs.topological_order(nodes, edges, key=rank.__getitem__) == expected


@settings(max_examples=300, deadline=None)
@given(edges_st, st.integers(0, 7), st.integers(0, 7))
def test_has_path_is_networkx(edges: list[tuple[int, int]], a: int, b: int) -> None:
    graph = nx.DiGraph(edges)
    graph.add_nodes_from([a, b])
    children: dict[int, list[int]] = {}
    for u, v in edges:
        children.setdefault(u, []).append(v)
    assert _graphs.has_path(children, a, b) == nx.has_path(graph, a, b)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=12),
       st.integers(0, 9))
def test_bfs_tree_is_networkx(edges: list[tuple[int, int]], root: int) -> None:
    """The junction tree's rooting: parts joined to node 0's by their smallest node."""
    tree = nx.Graph()
    tree.add_nodes_from(range(10))
    tree.add_edges_from(edges)
    firsts = [min(part) for part in nx.connected_components(tree)]
    tree.add_edges_from((firsts[0], c) for c in firsts[1:])
    expected = list(nx.bfs_edges(tree, root))
    assert list(_graphs.bfs_tree_edges(10, edges, root)) == expected
    assert len(expected) == 9  # one tree over all the nodes
