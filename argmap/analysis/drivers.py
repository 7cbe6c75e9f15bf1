"""What drives a Monte Carlo spread: Spearman's rank correlation and first-order Sobol indices.

See :mod:`argmap.analysis.montecarlo` for the method and its references.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..model import Model
from ._common import Array, settings

__all__ = ["Driver", "first_order_sobol", "rank_correlation", "rank_drivers"]


@dataclass(frozen=True)
class Driver:
    """How much one uncertain probability drives the spread of the target."""

    key: str
    parameter: str
    label: str
    rank_correlation: float
    sobol: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "parameter": self.parameter,
            "label": self.label,
            "rank_correlation": self.rank_correlation,
            "first_order_sobol": self.sobol,
        }



def _ranks(x: Array, order: NDArray[np.intp] | None = None) -> Array:
    """Ranks of ``x`` (0-based) with ties averaged, as Spearman's coefficient needs."""
    order = np.argsort(x, kind="stable") if order is None else order
    ranks = np.empty(len(x))
    ranks[order] = np.arange(len(x), dtype=float)
    ordered = x[order]
    if len(x) > 1 and np.any(ordered[1:] == ordered[:-1]):
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        sizes = np.diff(np.r_[starts, len(x)])
        mean_rank = starts + (sizes - 1) / 2.0
        ranks[order] = np.repeat(mean_rank, sizes)
    return ranks


def _correlation(rx: Array, ry: Array) -> float:
    rx, ry = rx - rx.mean(), ry - ry.mean()
    denom = float(np.sqrt(np.sum(rx * rx) * np.sum(ry * ry)))
    return float(np.sum(rx * ry) / denom) if denom > 0 else 0.0


def rank_correlation(x: Array, y: Array) -> float:
    """Spearman's rank correlation; 0 when either is constant.

    >>> rank_correlation(np.array([1.0, 2, 3, 4]), np.array([1.0, 4, 9, 16]))
    1.0
    """
    return _correlation(_ranks(x), _ranks(y))


def first_order_sobol(
    x: Array, y: Array, bins: int | None = None, order: NDArray[np.intp] | None = None
) -> float:
    """``Var(E[y | x]) / Var(y)`` from given data: equal-count bins of ``x``, bias-corrected.

    >>> rng = np.random.default_rng(0)
    >>> x1, x2 = rng.random(20000), rng.random(20000)
    >>> round(first_order_sobol(x1, x1 + 0.5 * x2), 1)  # exact value 1 / 1.25 = 0.8
    0.8
    """
    n = len(y)
    var = float(np.var(y))
    if n < 4 or var <= 0 or np.ptp(x) == 0:
        return 0.0
    m = bins or int(min(50, max(2, np.sqrt(n) / 2)))
    order = np.argsort(x, kind="stable") if order is None else order
    yc = (y - y.mean())[order]
    starts = (np.arange(m) * n) // m
    sizes = np.diff(np.r_[starts, n]).astype(float)
    means = np.add.reduceat(yc, starts) / sizes
    between = float(np.sum(sizes * means**2) / n)
    within = float((np.sum(yc * yc) - np.sum(sizes * means**2)) / max(1, n - m))
    return float(np.clip((between - (m - 1) / n * within) / var, 0.0, 1.0))


def rank_drivers(
    model: Model,
    inputs: Mapping[str, Array],
    labels: Mapping[str, str],
    y: Array,
    ok: NDArray[np.bool_] | None = None,
) -> tuple[Driver, ...]:
    """Every driver, ranked by Sobol index then |rank correlation|; ``ok`` selects the usable
    samples of each input (one copy at a time, not all at once)."""
    ry = _ranks(y)
    parameter_of = {s.key: s.parameter for s in settings(model)}
    out = []
    for key, every in inputs.items():
        x = every if ok is None else every[ok]
        order = np.argsort(x, kind="stable")
        pid = parameter_of[key]
        rho = _correlation(_ranks(x, order), ry)
        out.append(Driver(key, pid, labels[key], rho, first_order_sobol(x, y, order=order)))
    return tuple(sorted(out, key=lambda d: (-d.sobol, -abs(d.rank_correlation))))
