"""Every claim's spread over Monte Carlo samples, accumulated a chunk of samples at a time.

A claim's spread is, per state, the mean of its marginal over the usable samples and the 5%
and 95% points (:func:`numpy.quantile`, linear). Keeping every sample's marginals would take
``8 x states x samples`` bytes (904 MB for a million samples of ``models/scheming.yaml``);
the accumulator keeps instead each state's sum and only the values that can still be among
the lowest or highest ``tail`` of all (``tail`` a little over 5% of the samples), which is
all the quantiles read. The quantiles are then computed by :func:`numpy.quantile` itself on
an array holding those tails with a filler between them, so they are exactly the ones over
all samples; the means equal a one-pass mean to rounding (the sums are added chunk by chunk).

>>> rng = np.random.default_rng(0)
>>> p = rng.random(1000)
>>> d = np.stack([p, 1 - p])
>>> acc = SpreadAccumulator(2, 1000)
>>> for lo in range(0, 1000, 64):
...     acc.add(d[:, lo:lo + 64])
>>> spread = acc.spread(("yes", "no"))
>>> spread.low == tuple(map(float, np.quantile(d, 0.05, axis=1)))
True
>>> spread.high == tuple(map(float, np.quantile(d, 0.95, axis=1)))
True
>>> np.allclose(spread.mean, d.mean(axis=1), rtol=0, atol=1e-15)
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._common import Array

QUANTILES = (0.05, 0.95)


@dataclass(frozen=True)
class ClaimSpread:
    """One claim's marginal over the samples: per state, the mean and the 5% and 95% points."""

    states: tuple[str, ...]
    mean: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]


def tail_size(samples: int) -> int:
    """Values kept per state and tail for ``samples`` samples: every order statistic that
    the 5% (and, from the top, 95%) point of up to ``samples`` values interpolates between,
    with a margin of one for the rounding of numpy's index.

    >>> tail_size(1_000_000), tail_size(10)
    (50003, 4)
    """
    return math.ceil(QUANTILES[0] * samples) + 3


class _Tail:
    """The lowest ``size`` values of each row seen so far (a superset of them, between
    trims): rows are states, columns values in no particular order."""

    def __init__(self, rows: int, size: int) -> None:
        self.size = size
        self.parts: list[Array] = []
        self.count = 0
        self.bound = np.full((rows, 1), np.inf)  # no row keeps a value above its bound

    def add(self, d: Array) -> None:
        if self.count >= self.size:  # only columns with a value below some row's bound
            d = d[:, (d < self.bound).any(axis=0)]
        if d.shape[1]:
            self.parts.append(d)
            self.count += d.shape[1]
        if self.count >= 2 * self.size:
            self.trim()

    def trim(self) -> None:
        """Keep each row's ``size`` lowest values; their largest becomes the row's bound."""
        whole = np.concatenate(self.parts, axis=1) if len(self.parts) > 1 else self.parts[0]
        if whole.shape[1] > self.size:
            whole = np.partition(whole, self.size - 1, axis=1)[:, : self.size].copy()
            self.bound = whole[:, -1:]
        self.parts, self.count = [whole], whole.shape[1]

    def lowest(self) -> Array:
        """Each row's lowest ``min(size, seen)`` values, ascending."""
        if not self.parts:
            return np.empty((self.bound.shape[0], 0))
        self.trim()
        return np.sort(self.parts[0], axis=1)


class SpreadAccumulator:
    """Sums and tails of one claim's marginals ``(states, chunk)``, chunk by chunk, for at
    most ``samples`` samples in all."""

    def __init__(self, states: int, samples: int) -> None:
        size = tail_size(samples)
        self.total = np.zeros(states)
        self.count = 0
        self.low, self.high = _Tail(states, size), _Tail(states, size)

    def add(self, d: Array) -> None:
        """Take the marginals of a chunk of usable samples, shape ``(states, chunk)``."""
        self.total += d.sum(axis=1)
        self.count += d.shape[1]
        self.low.add(d)
        self.high.add(-d)  # the highest values are the lowest of their negation

    def spread(self, states: tuple[str, ...]) -> ClaimSpread:
        """The claim's :class:`ClaimSpread` over every sample added (at least one)."""
        n = self.count
        low = self.low.lowest()
        high = -self.high.lowest()[:, ::-1]  # ascending
        a = low.shape[1]
        if n <= a + high.shape[1]:  # the tails hold every value: the lowest a, then the rest
            whole = np.concatenate([low, high[:, high.shape[1] - (n - a):]], axis=1)
        else:  # values between the tails are never read: a filler that keeps the order
            filler = np.broadcast_to(low[:, -1:], (low.shape[0], n - a - high.shape[1]))
            whole = np.concatenate([low, filler, high], axis=1)
        lo, hi = np.quantile(whole, QUANTILES, axis=1)
        return ClaimSpread(
            states,
            tuple(map(float, self.total / n)),
            tuple(map(float, lo)),
            tuple(map(float, hi)),
        )
