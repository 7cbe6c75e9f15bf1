"""The size budget of a compiled network: how much work the engine agrees to take on.

A junction tree's cost is known before any number is multiplied: a clique over variables with
``k1, k2, ...`` states holds ``k1 * k2 * ...`` entries, and the messages out of a clique each
multiply its tables and the messages of its other neighbours over those entries.
:func:`measure` reads these off the tree; :meth:`Budget.check` refuses a network past the
budget with :class:`TooBigError`, which names the variables of the clique at fault, so that the
layers above can name the claims responsible. Nothing here plans or runs a contraction.

The default :data:`BUDGET` admits every discrete network of the bnlearn repository (the largest,
munin1, has a clique of 137,200,000 entries, 288,066,381 in all, and an estimated cost of
2.8e10) and refuses what is past about twice that, before anything is allocated or planned:
a largest clique of 2**28 entries is 2 GiB of float64 (the engine holds one clique's belief
at a time, freeing each buffer after its last use, so a pass needs a few clique-sized arrays,
not the whole tree: munin1 peaks at 3.5 GB); 2**29 entries in all cliques (4 GiB, were
they all held) bounds the work of a pass with the next limit; 2**35 estimated multiply-adds
bounds one pass (the estimate is pessimistic: munin1, estimated at 2.8e10, takes about 12 s of
CPU a pass on a loaded machine; pyAgrum's LazyPropagation took 5.3 s unloaded); and a
message multiplies at most 100 arrays, since planning a contraction of ``k`` inputs costs about
``k**2`` and laying out the messages of a clique with ``k`` neighbours ``k**2`` too. The
numbers are fixed, not read from the machine, so that a model is accepted or refused the same
way everywhere. Hostile input stays cheap to refuse: the
triangulation stops at its first clique past the limit, from the logarithms of its states.

>>> size = Size(largest=8, total=24, cost=40, inputs=3, clique=(0, 1, 2), busiest=(0, 1, 2))
>>> BUDGET.check(size)
>>> Budget(max_clique=4).check(size)
Traceback (most recent call last):
...
argmap._budget.TooBigError: a clique of 8 entries (at most 4)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["BUDGET", "UNLIMITED", "Budget", "Size", "TooBigError", "count", "entries", "measure"]

MAX_CLIQUE = 1 << 28  # entries of the largest clique (268,435,456: 2 GiB of float64)
MAX_TOTAL = 1 << 29  # entries of all cliques together (536,870,912: 4 GiB)
MAX_COST = 1 << 35  # multiply-adds of one pass, as estimated (34,359,738,368)
MAX_INPUTS = 100  # tables and messages one message multiplies together


@dataclass(frozen=True)
class Size:
    """How big a compiled network is.

    Attributes
    ----------
    largest
        Entries of the largest clique (the product of its variables' numbers of states).
    total
        Entries of all cliques together.
    cost
        Multiply-adds of one collect-and-distribute pass, if each message multiplies its
        inputs one at a time over its clique's entries (an estimate: a good contraction order
        often needs fewer).
    inputs
        The most tables and messages one message multiplies (a clique's tables and neighbours).
    clique
        The variables of the largest clique (indices, sorted).
    busiest
        The variables of the clique with the most inputs.
    """

    largest: int
    total: int
    cost: int
    inputs: int
    clique: tuple[int, ...]
    busiest: tuple[int, ...] = ()


class TooBigError(ValueError):
    """A network past the budget.

    ``size`` is the size as far as it was measured (when the triangulation stopped early, only
    ``largest`` and ``clique`` are known, the others are 0); ``kind`` says which limit was
    passed (``clique``, ``total``, ``inputs`` or ``cost``) and ``clique`` holds the variables
    at fault: the largest clique, or for ``inputs`` the clique with the most.
    """

    def __init__(self, message: str, size: Size, kind: str = "clique") -> None:
        super().__init__(message)
        self.size, self.kind = size, kind
        self.clique = size.busiest if kind == "inputs" else size.clique


@dataclass(frozen=True)
class Budget:
    """Limits on a compiled network's :class:`Size` (``math.inf`` for no limit)."""

    max_clique: float = MAX_CLIQUE
    max_total: float = MAX_TOTAL
    max_cost: float = MAX_COST
    max_inputs: float = MAX_INPUTS

    def check(self, size: Size) -> None:
        """Raise :class:`TooBigError` if ``size`` is past any limit (the first in this order:
        largest clique, all cliques, inputs of one message, cost)."""
        for kind, what, got, limit in (
            ("clique", "a clique of {} entries", size.largest, self.max_clique),
            ("total", "cliques of {} entries in all", size.total, self.max_total),
            ("inputs", "a message multiplying {} tables and messages", size.inputs,
             self.max_inputs),
            ("cost", "{} multiply-adds a pass", size.cost, self.max_cost),
        ):
            if got > limit:
                raise TooBigError(f"{what.format(count(got))} (at most {count(limit)})", size,
                                  kind)


BUDGET = Budget()
"""The budget every model is compiled under (the numbers are listed in ``docs/errors.md``)."""

UNLIMITED = Budget(math.inf, math.inf, math.inf, math.inf)
"""No limit (for benchmarks and tests on networks known to be large)."""


def count(n: float) -> str:
    """A count as a message shows it: with thousands separators, or its order of magnitude
    when it is too long to read.

    >>> count(1048576), count(2**138)
    ('1,048,576', 'about 3.5e+41')
    """
    return f"{n:,}" if n < 10**15 else f"about {float(n):.2g}"


def entries(cards: Sequence[int], variables: Sequence[int]) -> int:
    """The number of entries of a table over ``variables``.

    >>> entries((2, 3, 4), (0, 2))
    8
    """
    return math.prod(cards[v] for v in variables)


def measure(
    cards: Sequence[int],
    cliques: Sequence[Sequence[int]],
    neighbours: Sequence[int],
    tables: Sequence[int],
) -> Size:
    """The size of a junction tree with ``cliques``, where clique ``c`` has ``neighbours[c]``
    neighbours in the tree and holds ``tables[c]`` conditional tables.

    Clique ``c`` multiplies ``k = tables[c] + neighbours[c]`` inputs for its belief, and
    ``k - 1`` for each of its ``neighbours[c]`` outgoing messages.

    >>> measure((2, 2, 3), [(0, 1), (1, 2)], [1, 1], [2, 1])
    Size(largest=6, total=10, cost=38, inputs=3, clique=(1, 2), busiest=(0, 1))
    """
    sizes = [entries(cards, c) for c in cliques]
    k = [t + d for t, d in zip(tables, neighbours, strict=True)]
    if not sizes:
        return Size(1, 0, 0, 0, ())
    cost = sum(s * (d * (i - 1) + i) for s, d, i in zip(sizes, neighbours, k, strict=True))
    big = max(range(len(sizes)), key=sizes.__getitem__)
    busy = max(range(len(sizes)), key=k.__getitem__)
    return Size(
        largest=sizes[big],
        total=sum(sizes),
        cost=cost,
        inputs=k[busy],
        clique=tuple(sorted(cliques[big])),
        busiest=tuple(sorted(cliques[busy])),
    )
