"""Pure edits of credence values behind the app's controls (no Streamlit here).

A slider shows a value's mean; moving it keeps the value's kind (a Beta keeps its
concentration, an interval its width, a mean-and-sd its spread, as far as the new mean allows).
A multi-state distribution moves one state at a time and rescales the others proportionally,
so it always sums to 1 (within 1e-12; numbers are kept to 6 decimals so saved files stay
readable).

>>> rescale((0.2, 0.3, 0.5), 0, 0.6)
(0.6, 0.15, 0.25)
>>> with_mean(Beta(2, 8), 0.5)
Beta(a=5.0, b=5.0)
>>> with_mean(Interval(0.1, 0.3), 0.05)
Interval(lo=0.0, hi=0.1)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from argmap import (
    Beta,
    Dirichlet,
    Interval,
    MeanSd,
    Point,
    PointDist,
    Uncertain,
    Value,
    parse_value,
)

SCALAR_MODES = ("point", "beta", "interval", "mean_sd")
"""How one probability can be written: a point, beta(a, b), [lo, hi] or {mean, sd}."""
DIST_MODES = ("point", "dirichlet")
"""How a distribution over three or more states can be written."""
MODE_NAMES = {
    "point": "point",
    "beta": "beta(a, b)",
    "interval": "interval [lo, hi]",
    "mean_sd": "mean ± sd",
    "dirichlet": "dirichlet(...)",
}
DIGITS = 6
EDGE = 0.001
"""Beta-like values keep their mean inside [EDGE, 1 - EDGE] (a Beta needs a, b > 0)."""


def sig(x: float, digits: int = 6) -> float:
    """``x`` rounded to ``digits`` significant digits (what ``beta(...)`` text keeps).

    >>> sig(2.857142857)
    2.85714
    """
    return float(f"{x:.{digits}g}")


def clean(x: float) -> float:
    """Drop float noise from a slider (0.30000000000000004 -> 0.3), clipped to [0, 1]."""
    return min(1.0, max(0.0, float(f"{float(x):.12g}")))


def is_distribution(value: Value) -> bool:
    """True for a value over three or more states (PointDist or Dirichlet)."""
    return isinstance(value, PointDist | Dirichlet)


def mean_of(value: Value) -> float:
    """The probability a scalar value stands for (its mean)."""
    if isinstance(value, PointDist | Dirichlet):
        raise TypeError("a distribution has no single mean")
    return float(value.mean)


def means_of(value: Value) -> tuple[float, ...]:
    """The point distribution a multi-state value stands for."""
    if isinstance(value, PointDist | Dirichlet):
        return tuple(float(x) for x in value.means)
    m = float(value.mean)
    return (m, 1.0 - m)


def mode_of(value: Value) -> str:
    """The mode name of a value (see SCALAR_MODES and DIST_MODES)."""
    if isinstance(value, MeanSd):
        return "mean_sd"
    if isinstance(value, Beta):
        return "beta"
    if isinstance(value, Interval):
        return "interval"
    if isinstance(value, Dirichlet):
        return "dirichlet"
    return "point"


def with_mean(value: Uncertain, mean: float) -> Uncertain:
    """``value`` moved to a new mean, keeping its kind and (where possible) its spread."""
    m = clean(mean)
    if isinstance(value, MeanSd):
        m = min(1 - EDGE, max(EDGE, m))
        limit = math.sqrt(m * (1 - m))
        sd = value.sd_value if value.sd_value < limit else sig(limit / 2, 4)
        return mean_sd(m, sd)
    if isinstance(value, Beta):
        m = min(1 - EDGE, max(EDGE, m))
        total = value.a + value.b
        return Beta(sig(m * total), sig((1 - m) * total))
    if isinstance(value, Interval):
        half = min((value.hi - value.lo) / 2, m, 1 - m)
        return Interval(clean(m - half), clean(m + half))
    return Point(m)


def mean_sd(mean: float, sd: float) -> MeanSd:
    """The Beta with this mean and sd (ValueError when the sd is impossible for the mean)."""
    value = parse_value({"mean": mean, "sd": sd})
    assert isinstance(value, MeanSd)
    return value


def with_mode(value: Value, mode: str) -> Value:
    """``value`` written another way with the same mean (ValueError when it cannot be)."""
    if is_distribution(value):
        means = means_of(value)
        if mode == "dirichlet":
            if isinstance(value, Dirichlet):
                return value
            return Dirichlet(tuple(max(sig(20 * x), EDGE) for x in means))
        return PointDist(tidy(means))
    assert not isinstance(value, PointDist | Dirichlet)
    m = mean_of(value)
    if mode == mode_of(value):
        return value
    if mode == "point":
        return Point(clean(m))
    if mode == "beta":
        if isinstance(value, Beta):
            return Beta(sig(value.a), sig(value.b))
        m = min(1 - EDGE, max(EDGE, m))
        return Beta(sig(10 * m), sig(10 * (1 - m)))
    if mode == "interval":
        half = min(0.1, m, 1 - m)
        return Interval(clean(m - half), clean(m + half))
    if mode == "mean_sd":
        if not 0 < m < 1:
            raise ValueError(f"a mean of {m:g} leaves no room for a spread (expected 0 < mean < 1)")
        sd = value.sd if isinstance(value, Beta) else min(0.1, math.sqrt(m * (1 - m)) / 2)
        return mean_sd(m, sig(sd, 4))
    raise ValueError(f"unknown mode {mode!r} (expected one of {SCALAR_MODES})")


def tidy(means: Sequence[float]) -> tuple[float, ...]:
    """``means`` rounded to 6 decimals, the largest adjusted so they sum to 1.

    >>> tidy((1 / 3, 1 / 3, 1 / 3))
    (0.333334, 0.333333, 0.333333)
    """
    parts = [round(min(1.0, max(0.0, x)), DIGITS) for x in means]
    big = max(range(len(parts)), key=lambda i: parts[i])
    parts[big] = round(1.0 - sum(p for i, p in enumerate(parts) if i != big), DIGITS)
    return tuple(parts)


def rescale(means: Sequence[float], index: int, new: float) -> tuple[float, ...]:
    """Set state ``index`` to ``new``; scale the other states so the total stays 1.

    The others keep their proportions; when they are all 0 they share what is left equally.
    Numbers are kept to 6 decimals and the largest other state absorbs the rounding, so the
    sum is 1 within 1e-12.
    """
    k = len(means)
    new = round(clean(new), DIGITS)
    rest = round(1.0 - new, DIGITS)
    others = [i for i in range(k) if i != index]
    total = sum(max(0.0, means[i]) for i in others)
    parts = [0.0] * k
    parts[index] = new
    if rest <= 0:
        return tuple(parts)
    for i in others:
        share = max(0.0, means[i]) / total if total > 0 else 1 / len(others)
        parts[i] = round(rest * share, DIGITS)
    big = max(others, key=lambda i: parts[i])
    parts[big] = round(rest - sum(parts[i] for i in others if i != big), DIGITS)
    if parts[big] < 0:  # only when almost nothing is left: give it all to one state
        for i in others:
            parts[i] = 0.0
        parts[big] = rest
    return tuple(parts)


def with_distribution(value: Value, means: Sequence[float]) -> Value:
    """A multi-state value with new means, keeping a Dirichlet's concentration."""
    if isinstance(value, Dirichlet):
        total = sum(value.alphas)
        return Dirichlet(tuple(max(sig(total * x), EDGE) for x in means))
    return PointDist(tuple(means))


def with_concentration(value: Value, total: float) -> Value:
    """A Beta or Dirichlet with the same mean and a new total a + b (or sum of alphas)."""
    if isinstance(value, Dirichlet):
        return Dirichlet(tuple(max(sig(total * x), EDGE) for x in means_of(value)))
    m = min(1 - EDGE, max(EDGE, mean_of(value)))
    return Beta(sig(total * m), sig(total * (1 - m)))
