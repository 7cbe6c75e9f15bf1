"""The size budget of a compiled network: how much work the engine agrees to take on.

A junction tree's cost is known before any number is multiplied: a clique over variables with
``k1, k2, ...`` states holds ``k1 * k2 * ...`` entries, and each message of the schedule touches
the product of the states of every variable it involves. :func:`measure` reads these off the
tree and the schedule; :meth:`Budget.check` refuses a network past the budget with
:class:`TooBigError`, which names the variables of the largest clique, so that the layers above
can name the claims responsible. Nothing here plans or runs a contraction.

The default :data:`BUDGET` is sized for one process of about 1 GB: a largest clique of 2**20
entries is 8 MiB of float64, so a batched pass (the engine's chunks hold at most 2**24 numbers
per intermediate array, 128 MiB) still runs 16 batch members at a time; 2**23 entries in all
cliques is 64 MiB; 2**26 multiply-adds per pass is about 0.1-0.3 s of numpy on one core.

>>> size = Size(largest=8, total=24, cost=40, clique=(0, 1, 2))
>>> BUDGET.check(size)
>>> Budget(max_clique=4).check(size)
Traceback (most recent call last):
...
argmap._budget.TooBigError: the largest clique holds 8 entries (at most 4)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["BUDGET", "UNLIMITED", "Budget", "Size", "TooBigError", "entries", "measure"]

MAX_CLIQUE = 1 << 20  # entries of the largest clique (1,048,576: 8 MiB of float64)
MAX_TOTAL = 1 << 23  # entries of all cliques together (8,388,608: 64 MiB)
MAX_COST = 1 << 26  # multiply-adds of one pass, summed over messages (67,108,864)


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
        Multiply-adds of one collect-and-distribute pass if each message were one loop over all
        the variables it involves (an upper bound on what a good contraction order needs).
    clique
        The variables of the largest clique (indices, sorted).
    """

    largest: int
    total: int
    cost: int
    clique: tuple[int, ...]


class TooBigError(ValueError):
    """A network past the budget: ``size`` (as far as it was measured) and what was exceeded.

    ``size.clique`` holds the variables of the largest clique found; when the triangulation
    stopped early, ``size.total`` and ``size.cost`` are lower bounds.
    """

    def __init__(self, message: str, size: Size) -> None:
        super().__init__(message)
        self.size = size


@dataclass(frozen=True)
class Budget:
    """Limits on a compiled network's :class:`Size` (``math.inf`` for no limit)."""

    max_clique: float = MAX_CLIQUE
    max_total: float = MAX_TOTAL
    max_cost: float = MAX_COST

    def check(self, size: Size) -> None:
        """Raise :class:`TooBigError` if ``size`` is past any limit."""
        for what, got, limit in (
            ("the largest clique holds", size.largest, self.max_clique),
            ("all cliques hold", size.total, self.max_total),
            ("one pass of messages takes", size.cost, self.max_cost),
        ):
            if got > limit:
                unit = "multiply-adds" if "pass" in what else "entries"
                raise TooBigError(f"{what} {got:,} {unit} (at most {limit:,})", size)


BUDGET = Budget()
"""The budget every model is compiled under (the numbers are listed in ``docs/errors.md``)."""

UNLIMITED = Budget(math.inf, math.inf, math.inf)
"""No limit (for benchmarks and tests on networks known to be large)."""


def entries(cards: Sequence[int], variables: Sequence[int]) -> int:
    """The number of entries of a table over ``variables``.

    >>> entries((2, 3, 4), (0, 2))
    8
    """
    return math.prod(cards[v] for v in variables)


def measure(
    cards: Sequence[int],
    cliques: Sequence[Sequence[int]],
    messages: Sequence[Sequence[Sequence[int]]],
) -> Size:
    """The size of a junction tree with ``cliques``, whose schedule runs ``messages``.

    Each message is given as the scopes (variable lists) of its inputs and its output.

    >>> measure((2, 2, 3), [(0, 1), (1, 2)], [[(0, 1), (1,)], [(1, 2), (1,)]])
    Size(largest=6, total=10, cost=10, clique=(1, 2))
    """
    sizes = [entries(cards, c) for c in cliques]
    k = max(range(len(sizes)), key=sizes.__getitem__, default=-1)
    cost = sum(entries(cards, sorted({v for scope in m for v in scope})) for m in messages)
    return Size(
        largest=sizes[k] if sizes else 1,
        total=sum(sizes),
        cost=cost,
        clique=tuple(sorted(cliques[k])) if sizes else (),
    )
