"""Credence values: a point, or an uncertain value that Monte Carlo samples.

Forms accepted in YAML (see ``docs/format.md``):

- ``0.3``: a point probability;
- ``"beta(2, 5)"``: a Beta distribution;
- ``[0.1, 0.4]``: an interval, read as uniform between its ends;
- ``{mean: 0.3, sd: 0.1}``: mean and spread, read as the Beta with that mean and
  standard deviation;
- ``"dirichlet(2, 3, 5)"``: for a whole multi-state distribution.

Point inference uses each value's mean. A :data:`Value` is what a parameter holds: one
probability (:data:`Uncertain`) or a whole distribution (:class:`PointDist`, :class:`Dirichlet`).
The parsers raise :class:`BadValue` (a ``ValueError`` carrying a :data:`~argmap.errors.Code`).

Examples
--------
>>> parse_value(0.25)
Point(value=0.25)
>>> parse_value("beta(2, 6)").mean
0.25
>>> parse_value([0.1, 0.3]).mean
0.2
>>> round(parse_value({"mean": 0.3, "sd": 0.1}).a, 6)
6.0
>>> parse_value(1.3)
Traceback (most recent call last):
...
argmap.values.BadValue: probability out of range (expected a number in [0, 1], got 1.3)
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import Code, describe, short_number, unknown_state

TOLERANCE = 1e-9
"""How far a distribution's sum may be from 1 before it is an error (never renormalised)."""


class BadValue(ValueError):
    """A value that cannot be read; ``code`` says which kind of problem it is."""

    def __init__(self, message: str, code: Code = "bad-value") -> None:
        super().__init__(message)
        self.code: Code = code


@dataclass(frozen=True)
class Point:
    """A probability known exactly (for this person)."""

    value: float

    @property
    def mean(self) -> float:
        return self.value

    def interval(self) -> tuple[float, float] | None:
        """A Point has no uncertainty interval."""
        return None

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.full(n, self.value)

    def to_yaml(self) -> Any:
        return self.value


@dataclass(frozen=True)
class Beta:
    """A Beta(a, b) distribution over a probability."""

    a: float
    b: float

    @property
    def mean(self) -> float:
        return self.a / (self.a + self.b)

    @property
    def sd(self) -> float:
        s = self.a + self.b
        return math.sqrt(self.a * self.b / (s * s * (s + 1)))

    def interval(self) -> tuple[float, float]:
        """The central 90% interval (5th and 95th percentiles), by a seeded sample."""
        xs = np.random.default_rng(0).beta(self.a, self.b, 20_000)
        lo, hi = np.quantile(xs, [0.05, 0.95])
        return float(lo), float(hi)

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.beta(self.a, self.b, n)

    def to_yaml(self) -> Any:
        return f"beta({_num(self.a)}, {_num(self.b)})"


@dataclass(frozen=True)
class Interval:
    """A probability somewhere in ``[lo, hi]``, read as uniform."""

    lo: float
    hi: float

    @property
    def mean(self) -> float:
        return (self.lo + self.hi) / 2

    def interval(self) -> tuple[float, float]:
        return self.lo, self.hi

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.uniform(self.lo, self.hi, n)

    def to_yaml(self) -> Any:
        return [self.lo, self.hi]


@dataclass(frozen=True)
class MeanSd(Beta):
    """Mean and spread, stored as the Beta with that mean and standard deviation."""

    mean_value: float = 0.0
    sd_value: float = 0.0

    def to_yaml(self) -> Any:
        return {"mean": self.mean_value, "sd": self.sd_value}


@dataclass(frozen=True)
class Dirichlet:
    """A Dirichlet distribution over a whole distribution of k states."""

    alphas: tuple[float, ...]

    @property
    def means(self) -> tuple[float, ...]:
        total = sum(self.alphas)
        return tuple(a / total for a in self.alphas)

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Samples with shape ``(k, n)``."""
        return rng.dirichlet(self.alphas, n).T

    def to_yaml(self) -> Any:
        return "dirichlet(" + ", ".join(_num(a) for a in self.alphas) + ")"


@dataclass(frozen=True)
class PointDist:
    """A point distribution over k > 2 states (already checked to sum to 1)."""

    values: tuple[float, ...]

    @property
    def means(self) -> tuple[float, ...]:
        return self.values

    def to_yaml(self, states: Sequence[str]) -> dict[str, float]:
        return dict(zip(states, self.values, strict=True))


Uncertain = Point | Beta | Interval
"""A value for one probability."""

Value = Uncertain | PointDist | Dirichlet
"""A parameter's value: one probability (of the first state) or a whole distribution."""


def means(value: Value) -> tuple[float, ...]:
    """The point distribution a value stands for (an uncertain value gives its mean).

    >>> means(Point(0.25)), means(PointDist((0.2, 0.3, 0.5)))
    ((0.25, 0.75), (0.2, 0.3, 0.5))
    """
    if isinstance(value, PointDist | Dirichlet):
        return value.means
    return (value.mean, 1.0 - value.mean)


_CALL = re.compile(r"^\s*(beta|dirichlet)\s*\((.*)\)\s*$", re.IGNORECASE)


def _num(x: float) -> str:
    """The shortest text that reads back as exactly ``x`` (``2`` for 2.0).

    >>> _num(2.0), _num(0.1), _num(1 / 3)
    ('2', '0.1', '0.3333333333333333')
    """
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)


def check_probability(x: Any) -> float:
    """Return ``x`` as a float if it is a number in [0, 1]; raise ValueError otherwise.

    >>> check_probability(1)
    1.0
    >>> check_probability("0.3")
    Traceback (most recent call last):
    ...
    argmap.values.BadValue: not a probability (expected a number in [0, 1], got the text '0.3')
    """
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise BadValue(
            f"not a probability (expected a number in [0, 1], got {describe(x)})", "type"
        )
    try:
        value = float(x)
    except OverflowError:
        value = math.inf
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        raise BadValue(
            f"probability out of range (expected a number in [0, 1], got {short_number(x)})",
            "out-of-range",
        )
    return value


MAX_PARAMETER = 1e12
"""The largest beta/dirichlet parameter accepted (larger ones lose all precision)."""


def _positive_args(text: str, name: str) -> tuple[float, ...]:
    parts = [p.strip() for p in text.split(",")]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise BadValue(
            f"bad {name}(...) (expected positive numbers separated by commas, got {text!r})"
        ) from None
    for v in values:
        if not (0 < v <= MAX_PARAMETER):
            raise BadValue(
                f"bad {name}(...) (expected positive parameters of at most 1e12, "
                f"got {_num(v)})",
                "out-of-range",
            )
    return values


def _unclosed_call(raw: str) -> str:
    """A hint when ``beta(2, 5)`` was cut at its comma by a YAML flow collection."""
    if re.match(r"^\s*(beta|dirichlet)\s*\([^)]*$", raw, re.IGNORECASE):
        return (
            "; inside {...} or [...] YAML splits beta(a, b) at its comma, so put it in quotes: "
            '"beta(a, b)"'
        )
    return ""


def parse_value(raw: Any) -> Uncertain:
    """Parse one probability value: a point, ``beta(a, b)``, ``[lo, hi]`` or ``{mean, sd}``."""
    if isinstance(raw, str):
        match = _CALL.match(raw)
        if not match:
            raise BadValue(
                "not a probability (expected a number in [0, 1], 'beta(a, b)', [lo, hi] or "
                f"{{mean: m, sd: s}}, got {describe(raw)}{_unclosed_call(raw)})",
                "type",
            )
        kind, args = match.group(1).lower(), match.group(2)
        if kind == "dirichlet":
            raise BadValue(
                "dirichlet(...) sets a whole distribution (expected it in place of the "
                "state-by-state mapping of a claim with more than two states)"
            )
        params = _positive_args(args, "beta")
        if len(params) != 2:
            raise BadValue(f"bad beta(...) (expected 2 parameters, got {len(params)})")
        return Beta(*params)
    if isinstance(raw, list):
        if len(raw) != 2:
            raise BadValue(f"bad interval (expected [lo, hi], got {describe(raw)})")
        lo, hi = check_probability(raw[0]), check_probability(raw[1])
        if lo > hi:
            raise BadValue(f"bad interval (expected lo <= hi, got [{lo:g}, {hi:g}])")
        return Interval(lo, hi)
    if isinstance(raw, dict):
        return _mean_sd(raw)
    return Point(check_probability(raw))


def _mean_sd(raw: dict[Any, Any]) -> MeanSd:
    keys = set(raw)
    if keys != {"mean", "sd"}:
        raise BadValue(
            f"bad uncertain value (expected the keys mean and sd, got {sorted(map(str, keys))})"
        )
    mean = check_probability(raw["mean"])
    sd_raw = raw["sd"]
    if isinstance(sd_raw, bool) or not isinstance(sd_raw, int | float) or not sd_raw > 0:
        raise BadValue(f"bad sd (expected a positive number, got {describe(sd_raw)})")
    sd = float(sd_raw) if sd_raw < 1e300 else math.inf
    if mean in (0.0, 1.0):
        raise BadValue(
            f"impossible mean and sd (a mean of exactly {mean:g} leaves no room for spread; "
            f"expected 0 < mean < 1, or the point {mean:g})",
            "out-of-range",
        )
    var_max = mean * (1 - mean)
    if sd * sd >= var_max:
        limit = math.sqrt(var_max)
        raise BadValue(
            f"impossible mean and sd (expected sd < {limit:.4g} for mean {mean:g}, got {sd:g})",
            "out-of-range",
        )
    common = var_max / (sd * sd) - 1 if sd * sd > 0 else math.inf
    a, b = mean * common, (1 - mean) * common
    if not (0 < a <= MAX_PARAMETER and 0 < b <= MAX_PARAMETER):
        raise BadValue(
            f"sd too small for mean {mean:g} (expected a spread the Beta it stands for can "
            f"hold, with parameters of at most 1e12; got sd {sd:g}; use the "
            "point value instead)",
            "out-of-range",
        )
    return MeanSd(a, b, mean_value=mean, sd_value=sd)


def parse_dirichlet(raw: str, k: int) -> Dirichlet | None:
    """Parse ``dirichlet(a1, ..., ak)``; ``None`` if ``raw`` is not a dirichlet call.

    >>> parse_dirichlet("dirichlet(1, 1, 2)", 3).means
    (0.25, 0.25, 0.5)
    """
    match = _CALL.match(raw)
    if not match or match.group(1).lower() != "dirichlet":
        return None
    params = _positive_args(match.group(2), "dirichlet")
    if len(params) != k:
        raise BadValue(
            f"bad dirichlet(...) (expected {k} parameters, one per state, got {len(params)})"
        )
    return Dirichlet(params)


def parse_distribution(raw: Any, states: Sequence[str]) -> Value:
    """Parse a value for a distribution over ``states``; raise :class:`BadValue` when invalid.

    >>> parse_distribution(0.3, ["true", "false"])
    Point(value=0.3)
    >>> parse_distribution({"low": 0.2, "mid": 0.3, "high": 0.5}, ["low", "mid", "high"])
    PointDist(values=(0.2, 0.3, 0.5))
    >>> parse_distribution({"a": 0.5, "b": 0.6}, ["a", "b"])
    Traceback (most recent call last):
    ...
    argmap.values.BadValue: distribution does not sum to 1 (expected a sum within 1e-09 of 1, \
got 1.1)
    """
    k = len(states)
    if isinstance(raw, str) and raw.strip().lower().startswith("dirichlet"):
        dirichlet = parse_dirichlet(raw, k)
        if dirichlet is None:
            raise BadValue(
                f"bad dirichlet(...) (expected dirichlet(a1, ..., a{k}), got {_short(raw)}; "
                'inside {...} or [...] put it in quotes: "dirichlet(...)")'
            )
        return dirichlet
    is_mean_sd = isinstance(raw, dict) and set(raw) == {"mean", "sd"} and set(states) != set(raw)
    if not isinstance(raw, dict) or is_mean_sd:
        if k != 2:
            raise BadValue(
                f"expected a mapping of the {k} states {list(states)} to probabilities "
                f"(or dirichlet(...)), got {_short(raw)}",
                "type",
            )
        return parse_value(raw)
    keys = [str(key) for key in raw]
    for key in keys:
        if key not in states:
            raise BadValue(unknown_state(key, None, states), "unknown-state")
    for state in states:
        if state not in keys:
            raise BadValue(f"missing state {state!r} (expected all of {list(states)})",
                           "missing-key")
        if isinstance(raw[state], str | list | dict):
            raise BadValue(f"uncertain value for state {state!r} (expected a number; put "
                           "uncertainty over a whole distribution as dirichlet(...), got "
                           f"{_short(raw[state])})", "type")
    values = [check_probability(raw[state]) for state in states]
    if abs(sum(values) - 1.0) > TOLERANCE:
        raise BadValue(f"distribution does not sum to 1 (expected a sum within {TOLERANCE:g} "
                       f"of 1, got {sum(values):.12g})", "sum")
    return Point(values[0]) if k == 2 else PointDist(tuple(values))


def _short(raw: Any) -> str:
    text = repr(raw)
    return text if len(text) < 60 else text[:57] + "..."
