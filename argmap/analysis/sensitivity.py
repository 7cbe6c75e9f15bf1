"""One-way (tornado) and two-way sensitivity of a target probability to the credences.

Every settable probability is swung from a low to a high value while all others stay at their
point values, and the swings are ranked by how far they move the target: the tornado diagram of
decision analysis [1]_. A distribution over three or more states is swung one state at a time,
the other states rescaled proportionally so they keep their ratios (see
:func:`argmap.analysis._common.with_state`). All swings run in ONE batched engine call.

The default range of a probability is its uncertainty interval (an interval's ends, the 5th
and 95th percentiles of a Beta, of a mean/sd value, or of a Dirichlet state's Beta marginal),
else its point value +/- 0.2 clipped to [0, 1].

References
----------
.. [1] R. A. Howard, "Decision analysis: practice and promise", Management Science 34(6),
   1988; T. G. Eschenbach, "Spiderplots versus tornado diagrams for sensitivity analysis",
   Interfaces 22(6), 1992.
.. [2] V. M. H. Coupe and L. C. van der Gaag, "Properties of sensitivity analysis of Bayesian
   belief networks", Annals of Mathematics and Artificial Intelligence 36, 2002 (a posterior
   is a ratio of functions linear in any one parameter, so it is monotone along each swing).

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> result = sensitivity(model)
>>> result.swings[0].key, round(result.swings[0].swing, 3)
('rain[cloudy=true]', 0.162)
>>> grid = two_way(model, x="wet.rain", y="wet.sprinkler", points=3)
>>> grid.values.shape
(3, 3)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._display import Table, Tabular
from ..errors import ImpossibleEvidenceError, InputError
from ..model import Model
from ..values import Point, PointDist
from . import budget
from ._common import (
    Array,
    Assignment,
    CredencesLike,
    Setting,
    Target,
    TargetLike,
    base_values,
    bounds,
    check_unit,
    current_value,
    find_setting,
    header,
    jsonable,
    readonly,
    resolve_target,
    settings,
    with_state,
)
from .batch import evaluate
from .budget import table_entries

Range = tuple[float, float]


@dataclass(frozen=True)
class Swing:
    """One bar of the tornado: a probability swung from ``low`` to ``high``."""

    key: str
    parameter: str
    claim: str
    state: str | None
    label: str
    value: float
    low: float
    high: float
    target_low: float
    target_high: float

    @property
    def swing(self) -> float:
        """How far the target moves across the range (NaN if an end makes evidence impossible)."""
        return abs(self.target_high - self.target_low)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "parameter": self.parameter,
            "claim": self.claim,
            "state": self.state,
            "label": self.label,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "target_low": jsonable(self.target_low),
            "target_high": jsonable(self.target_high),
            "swing": jsonable(self.swing),
        }


@dataclass(frozen=True, repr=False)
class Sensitivity(Tabular):
    """A tornado: the target at the current credences and every swing, largest first."""

    _rows = ("swings",
             ("key", "label", "value", "low", "high", "target_low", "target_high", "swing"))
    _title = "of {self.target.label}: {self.base:.4g} now, {n} swings"

    model_id: str
    target: Target
    base: float
    swings: tuple[Swing, ...]
    evidence: Mapping[str, str] = field(default_factory=dict)
    do: Mapping[str, str] = field(default_factory=dict)
    fixed: tuple[str, ...] = ()
    """Settings left out because they are points at exactly 0 or 1 (fixed by definition)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            **header(self),
            "base": self.base,
            "swings": [s.to_dict() for s in self.swings],
            "fixed": list(self.fixed),
        }


@dataclass(frozen=True, repr=False)
class TwoWay(Tabular):
    """The target over a grid of two probabilities: ``values[i, j]`` at ``x[i]``, ``y[j]``."""

    model_id: str
    target: Target
    x_key: str
    y_key: str
    x: Array
    y: Array
    values: Array
    base: float
    x_value: float
    y_value: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model_id,
            "target": self.target.label,
            "x": {"key": self.x_key, "value": self.x_value, "grid": self.x.tolist()},
            "y": {"key": self.y_key, "value": self.y_value, "grid": self.y.tolist()},
            "base": self.base,
            "values": [[jsonable(v) for v in row] for row in self.values],
        }

    def _table(self) -> Table:
        rows = [(float(x), float(y), float(self.values[i, j]))
                for i, x in enumerate(self.x) for j, y in enumerate(self.y)]
        title = f"of {self.target.label} over {self.x_key} and {self.y_key}"
        return Table(f"{title}: {len(self.x)} x {len(self.y)} grid",
                     (self.x_key, self.y_key, "target"), rows)


def _range(
    model: Model,
    credences: CredencesLike,
    setting: Setting,
    ranges: Mapping[str, Range] | None,
    swing: float,
    use_intervals: bool,
) -> Range:
    if ranges and setting.key in ranges:
        lo, hi = ranges[setting.key]
        lo, hi = check_unit(lo, "ranges", setting.key), check_unit(hi, "ranges", setting.key)
        if lo > hi:
            raise InputError.argument(
                "ranges", f"{setting.key}: expected low <= high, got {lo}, {hi}",
                code="bad-value", loc=(setting.key,),
            )
        return lo, hi
    value = current_value(model, credences, setting.parameter)
    return bounds(value, setting.state, swing, use_intervals)


def _costs(model: Model, chosen: Sequence[Setting]) -> tuple[int, int]:
    """Per evaluation: the numbers kept (every claim's marginals and the swung distributions)
    and the model's table entries."""
    swung = {s.parameter for s in chosen}
    keep = sum(len(c.states) for c in model.claims.values())
    keep += sum(len(model.parameters[pid].states) for pid in swung)
    return keep, table_entries(model)


def _budget(model: Model, chosen: Sequence[Setting], argument: str) -> None:
    """Refuse swinging more settings than the budget allows (two evaluations each)."""
    keep, entries = _costs(model, chosen)
    budget.check(
        argument, len(chosen), "settings", keep=2 * keep, entries=entries, per=2,
        hint="no setting fits", detail=" (two evaluations each)",
    )


def _grid_budget(model: Model, chosen: Sequence[Setting], points: int) -> None:
    """Refuse a ``points`` x ``points`` grid past the budget, saying the largest that fits."""
    keep, entries = _costs(model, chosen)
    cells = points * points + 1
    side = math.isqrt(max(0, budget.most(keep, entries) - 1))
    budget.check(
        "points", cells, "cells", keep=keep, entries=entries,
        what=f"a {points} x {points} grid ({cells:,} cells with the current point)",
        use=f"use at most {side} points" if side >= 2 else "no grid fits",
    )


def _check_current(impossible: bool) -> None:
    """An error if the evidence is impossible at the current credences (not just at a swing)."""
    if impossible:
        raise ImpossibleEvidenceError.argument(
            "evidence", "impossible evidence under these credences", code="impossible-evidence"
        )


def sensitivity(
    model: Model,
    credences: CredencesLike = None,
    *,
    target: TargetLike = None,
    evidence: Assignment | None = None,
    do: Assignment | None = None,
    swing: float = 0.2,
    use_intervals: bool = True,
    ranges: Mapping[str, Range] | None = None,
    keys: Sequence[str] | None = None,
    include_fixed: bool = False,
) -> Sensitivity:
    """One-way sensitivity of P(target) to every settable probability (a tornado).

    Parameters
    ----------
    model, credences
        The model and the credences that set the current values.
    target
        ``"claim=state"``; default the model's declared output.
    evidence, do
        Observations and interventions, applied throughout.
    swing
        Half-width of the range of a probability without an uncertainty interval (and of all
        of them when ``use_intervals`` is False), clipped to [0, 1].
    ranges
        Explicit ``{key: (low, high)}`` for some settings (keys as in :func:`settings`:
        the parameter id, or ``"<parameter id>=<state>"`` for one state of a distribution).
    keys
        Only these settings (default: all).
    include_fixed
        Also swing settings that are points at exactly 0 or 1. By default they are left out
        (and listed in ``fixed``): a 0 or 1 in a map reads as true by definition (scheming
        without its prerequisites is impossible), and swinging it would rank the map's
        definitions above its uncertain credences.

    Returns
    -------
    Sensitivity
        Swings ranked by ``|target_high - target_low|``, largest first.
    """
    goal = resolve_target(model, target, evidence=evidence, do=do)
    chosen = (
        [find_setting(model, k, "keys") for k in keys]
        if keys is not None
        else list(settings(model))
    )
    fixed: tuple[str, ...] = ()
    if keys is None and not include_fixed:
        fixed = tuple(s.key for s in chosen if is_fixed(model, credences, s))
        chosen = [s for s in chosen if s.key not in fixed]
    check_unit(swing, "swing")
    _budget(model, chosen, "model" if keys is None else "keys")
    base = base_values(model, credences)
    size = 1 + 2 * len(chosen)
    batch: dict[str, Array] = {}
    ends: list[Range] = []
    for j, setting in enumerate(chosen):
        lo, hi = _range(model, credences, setting, ranges, swing, use_intervals)
        ends.append((lo, hi))
        pid = setting.parameter
        if pid not in batch:
            batch[pid] = np.repeat(base[pid][:, None], size, axis=1)
        batch[pid][:, 1 + 2 * j : 3 + 2 * j] = with_state(
            base[pid], setting.state, np.array([lo, hi])
        )
    if not batch:  # nothing to swing: the base alone
        batch = {pid: base[pid][:, None] for pid in list(base)[:1]}
    result = evaluate(model, base, batch, size, evidence=evidence, do=do, impossible="nan")
    _check_current(bool(result.impossible[0]))
    p = result.p(goal.claim, goal.index)
    swings = [
        Swing(
            key=s.key,
            parameter=s.parameter,
            claim=s.claim,
            state=None if s.state is None else model.parameters[s.parameter].states[s.state],
            label=s.label,
            value=float(base[s.parameter][s.state or 0]),
            low=lo,
            high=hi,
            target_low=float(p[1 + 2 * j]),
            target_high=float(p[2 + 2 * j]),
        )
        for j, (s, (lo, hi)) in enumerate(zip(chosen, ends, strict=True))
    ]
    swings.sort(key=lambda s: -s.swing if np.isfinite(s.swing) else 1.0)
    return Sensitivity(
        model.id, goal, float(p[0]), tuple(swings), dict(evidence or {}), dict(do or {}), fixed
    )


def is_fixed(model: Model, credences: CredencesLike, setting: Setting) -> bool:
    """True when a setting is a point at exactly 0 or 1 (no uncertainty given)."""
    value = current_value(model, credences, setting.parameter)
    if isinstance(value, Point):
        return value.value in (0.0, 1.0)
    if isinstance(value, PointDist) and setting.state is not None:
        return value.values[setting.state] in (0.0, 1.0)
    return False


def two_way(
    model: Model,
    credences: CredencesLike = None,
    *,
    x: str,
    y: str,
    target: TargetLike = None,
    evidence: Assignment | None = None,
    do: Assignment | None = None,
    points: int = 21,
    swing: float = 0.2,
    use_intervals: bool = True,
    ranges: Mapping[str, Range] | None = None,
) -> TwoWay:
    """P(target) over a ``points`` x ``points`` grid of two probabilities (for a heat map).

    ``x`` and ``y`` are settings (a scalar parameter id or ``"<id>=<state>"``) of two different
    parameters; each ranges as in :func:`sensitivity`. One batched engine call. Grid cells where
    the evidence becomes impossible are NaN.
    """
    goal = resolve_target(model, target, evidence=evidence, do=do)
    sx, sy = find_setting(model, x, "x"), find_setting(model, y, "y")
    if sx.parameter == sy.parameter:
        raise InputError.argument(
            "y", f"{x!r} and {y!r} belong to one parameter (expected two different ones)",
            code="bad-argument",
        )
    if points < 2 or points > 201:
        raise InputError.argument(
            "points", f"expected 2 to 201 grid points, got {points}", code="out-of-range"
        )
    check_unit(swing, "swing")
    _grid_budget(model, (sx, sy), points)
    base = base_values(model, credences)
    xs = np.linspace(*_range(model, credences, sx, ranges, swing, use_intervals), points)
    ys = np.linspace(*_range(model, credences, sy, ranges, swing, use_intervals), points)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    size = points * points + 1  # the last member is the current credences
    batch = {
        sx.parameter: with_state(base[sx.parameter], sx.state, gx.ravel()),
        sy.parameter: with_state(base[sy.parameter], sy.state, gy.ravel()),
    }
    for setting in (sx, sy):
        batch[setting.parameter] = np.column_stack(
            [batch[setting.parameter], base[setting.parameter]]
        )
    result = evaluate(model, base, batch, size, evidence=evidence, do=do, impossible="nan")
    _check_current(bool(result.impossible[-1]))
    p = result.p(goal.claim, goal.index)
    grid, point = p[:-1].reshape(points, points), float(p[-1])
    return TwoWay(
        model.id,
        goal,
        sx.key,
        sy.key,
        readonly(xs),
        readonly(ys),
        readonly(grid),
        point,
        float(base[sx.parameter][sx.state or 0]),
        float(base[sy.parameter][sy.state or 0]),
    )
