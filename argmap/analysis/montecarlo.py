"""Uncertainty over credences: sample every uncertain credence, compute each sample exactly.

Every uncertain value (beta, interval, mean/sd, dirichlet) is sampled ``samples`` times from
one seeded :class:`numpy.random.Generator`; points stay fixed. Each sample is a complete set of
credences, and the exact marginals of every claim for all samples come from batched engine
calls. The target's distribution over samples is summarised (mean, median, 5-95% interval,
histogram), and each uncertain probability is scored as a *driver* of the spread by

- Spearman's rank correlation with the target [1]_ (signed: does raising it raise the
  target?), and
- its first-order Sobol index ``Var(E[Y | X_i]) / Var(Y)`` [2]_, estimated from the same
  samples by binning ``X_i`` into equal-count bins (the "given data" estimator of [3]_), with
  the bins' sampling noise subtracted (``(M - 1) / N`` times the within-bin variance).

With no uncertain credence every sample is the same network, so the point answer is computed
once and is returned exactly.

References
----------
.. [1] C. Spearman, "The proof and measurement of association between two things", American
   Journal of Psychology 15, 1904.
.. [2] I. M. Sobol', "Global sensitivity indices for nonlinear mathematical models and their
   Monte Carlo estimates", Mathematics and Computers in Simulation 55, 2001; A. Saltelli et
   al., *Global Sensitivity Analysis: The Primer*, Wiley, 2008.
.. [3] E. Plischke, E. Borgonovo and C. L. Smith, "Global sensitivity measures from given
   data", European Journal of Operational Research 226(3), 2013.

Examples
--------
>>> from argmap.loading import load_model
>>> from argmap.credences import load_credences
>>> model = load_model("models/examples/sprinkler.yaml")
>>> dry = load_credences("models/examples/credences/sprinkler-dry.yaml", model)
>>> mc = montecarlo(model, dry, samples=2000, seed=1)
>>> round(mc.point, 3), round(mc.mean, 3), [round(x, 2) for x in mc.interval]
(0.709, 0.708, [0.56, 0.83])
>>> [d.key for d in mc.drivers]
['sprinkler[cloudy=false]', 'wet.leak']
>>> fixed = montecarlo(model, samples=10)  # all points: exactly the point answer
>>> fixed.mean == fixed.point == marginals(model).p("wet")
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import ImpossibleEvidenceError, InputError
from ..inference import marginals
from ..model import Model
from ..values import Dirichlet, Point, PointDist
from ._common import (
    Array,
    Assignment,
    CredencesLike,
    Progress,
    Target,
    TargetLike,
    base_values,
    current_value,
    generator,
    header,
    readonly,
    resolve_target,
    setting_key,
    settings,
)
from .batch import evaluate

_CHUNK = 5000


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


@dataclass(frozen=True)
class ClaimSpread:
    """One claim's marginal over the samples: per state, the mean and the 5% and 95% points."""

    states: tuple[str, ...]
    mean: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]


@dataclass(frozen=True)
class MonteCarlo:
    """The target's distribution over sampled credences, its drivers, and every claim's spread.

    ``values`` holds the target for each usable sample; ``inputs[key]`` the sampled probability
    of each uncertain setting (same order, all samples; see ``impossible``).
    """

    model_id: str
    target: Target
    samples: int
    seed: int | None
    point: float
    values: Array
    mean: float
    median: float
    sd: float
    interval: tuple[float, float]
    histogram: tuple[Array, Array]  # counts, edges
    drivers: tuple[Driver, ...]
    claims: Mapping[str, ClaimSpread]
    inputs: Mapping[str, Array]
    impossible: int = 0
    evidence: Mapping[str, str] = field(default_factory=dict)
    do: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self, include_values: bool = False) -> dict[str, Any]:
        counts, edges = self.histogram
        data: dict[str, Any] = {
            **header(self),
            "samples": self.samples,
            "seed": self.seed,
            "impossible_samples": self.impossible,
            "point": self.point,
            "mean": self.mean,
            "median": self.median,
            "sd": self.sd,
            "interval_5_95": list(self.interval),
            "histogram": {"counts": counts.astype(int).tolist(), "edges": edges.tolist()},
            "drivers": [d.to_dict() for d in self.drivers],
            "claims": {
                cid: {
                    s: {"mean": m, "p5": lo, "p95": hi}
                    for s, m, lo, hi in zip(c.states, c.mean, c.low, c.high, strict=True)
                }
                for cid, c in self.claims.items()
            },
        }
        if include_values:
            data["values"] = self.values.tolist()
        return data


def draw_samples(
    model: Model, credences: CredencesLike, n: int, rng: np.random.Generator
) -> tuple[dict[str, Array], dict[str, Array], dict[str, str]]:
    """``n`` draws of every uncertain parameter: what :func:`montecarlo` feeds the engine.

    Returns the sampled distributions, shape ``(k, n)`` per uncertain parameter id (point
    values are left out), and per driver key (a parameter id, or ``id=state`` for a state of
    a Dirichlet) the sampled probabilities and a readable label.

    >>> from argmap.loading import load_model
    >>> model = load_model("models/examples/sprinkler.yaml")
    >>> batch, inputs, labels = draw_samples(model, None, 4, np.random.default_rng(0))
    >>> all(v.shape == (2, 4) for v in batch.values())
    True
    """
    batch: dict[str, Array] = {}
    inputs: dict[str, Array] = {}
    labels: dict[str, str] = {}
    for pid, param in model.parameters.items():
        value = current_value(model, credences, pid)
        if isinstance(value, Point | PointDist):
            continue
        drawn = np.asarray(value.sample(rng, n), dtype=float)
        if isinstance(value, Dirichlet):
            batch[pid] = drawn
            for s, name in enumerate(param.states):
                inputs[setting_key(pid, name)] = drawn[s]
                labels[setting_key(pid, name)] = f"{param.label}: {name}"
        else:
            batch[pid] = np.stack([drawn, 1.0 - drawn])
            inputs[pid] = drawn
            labels[pid] = param.label
    return batch, inputs, labels


def montecarlo(
    model: Model,
    credences: CredencesLike = None,
    *,
    target: TargetLike = None,
    samples: int = 10_000,
    seed: int | np.random.Generator | None = 0,
    evidence: Assignment | None = None,
    do: Assignment | None = None,
    bins: int = 30,
    progress: Progress | None = None,
) -> MonteCarlo:
    """The distribution of P(target) when every uncertain credence is sampled.

    Parameters
    ----------
    model, credences
        The model and credences; beta, interval, mean/sd and dirichlet values are sampled.
    target
        ``"claim=state"``; default the model's declared output.
    samples
        How many sets of credences to draw.
    seed
        An int (reproducible; default 0), a :class:`numpy.random.Generator`, or None (fresh
        entropy). Parameters are drawn in model order, each with its own block of draws.
    evidence, do
        Observations and interventions, applied to every sample.
    bins
        Histogram bins.
    progress
        Optional callback ``progress(done, total)``; the work is then done in chunks.

    Returns
    -------
    MonteCarlo
    """
    if samples < 1 or samples > 10_000_000:
        raise InputError.argument(
            "samples", f"expected 1 to 10,000,000 samples, got {samples}", code="out-of-range"
        )
    if bins < 1:
        raise InputError.argument(
            "bins", f"expected at least one bin, got {bins}", code="out-of-range"
        )
    goal = resolve_target(model, target, evidence=evidence, do=do)
    rng = generator(seed)
    point_result = marginals(model, credences, evidence=evidence, do=do)
    point = point_result.p(goal.claim, goal.state)
    batch, inputs, labels = draw_samples(model, credences, samples, rng)
    if not batch:  # nothing uncertain: every sample is the point network
        dists = {
            cid: np.array(list(d.values()))[:, None]
            for cid, d in point_result.distributions.items()
        }
        ys = np.full(samples, point)
        zero = np.zeros(samples, dtype=bool)
    else:
        base = base_values(model, credences)
        step = samples if progress is None else _CHUNK
        chunks = []
        for lo in range(0, samples, step):
            hi = min(samples, lo + step)
            part = {pid: arr[:, lo:hi] for pid, arr in batch.items()}
            chunks.append(
                evaluate(model, base, part, hi - lo, evidence=evidence, do=do, impossible="nan")
            )
            if progress is not None:
                progress(hi, samples)
        dists = {
            cid: np.concatenate([c.marginals[cid] for c in chunks], axis=1) for cid in model.claims
        }
        ys = dists[goal.claim][goal.index]
        zero = np.concatenate([c.impossible for c in chunks])
    ok = ~zero
    if not ok.any():
        raise ImpossibleEvidenceError.argument(
            "evidence", "the evidence is impossible in every sample", code="impossible-evidence"
        )
    y = ys[ok]
    mean = point + float(np.mean(y - point))  # centred on the point answer: exact when no spread
    q05, q50, q95 = (float(q) for q in np.quantile(y, [0.05, 0.5, 0.95]))
    counts, edges = np.histogram(y, bins=bins, range=(float(y.min()), float(y.max())))
    drivers = _drivers(model, {k: x[ok] for k, x in inputs.items()}, labels, y)
    spreads = {}
    for cid, claim in model.claims.items():
        d = dists[cid][:, ok] if batch else dists[cid]
        lo, hi = np.quantile(d, [0.05, 0.95], axis=1)
        spreads[cid] = ClaimSpread(
            claim.states,
            tuple(map(float, d.mean(axis=1))),
            tuple(map(float, lo)),
            tuple(map(float, hi)),
        )
    return MonteCarlo(
        model_id=model.id,
        target=goal,
        samples=samples,
        seed=seed if isinstance(seed, int) else None,
        point=point,
        values=readonly(y),
        mean=mean,
        median=q50,
        sd=float(np.std(y - point)),
        interval=(q05, q95),
        histogram=(readonly(counts), readonly(edges)),
        drivers=drivers,
        claims=spreads,
        inputs={k: readonly(v) for k, v in inputs.items()},
        impossible=int(zero.sum()),
        evidence=dict(evidence or {}),
        do=dict(do or {}),
    )


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


def _drivers(
    model: Model, inputs: Mapping[str, Array], labels: Mapping[str, str], y: Array
) -> tuple[Driver, ...]:
    ry = _ranks(y)
    parameter_of = {s.key: s.parameter for s in settings(model)}
    out = []
    for key, x in inputs.items():
        order = np.argsort(x, kind="stable")
        pid = parameter_of[key]
        rho = _correlation(_ranks(x, order), ry)
        out.append(Driver(key, pid, labels[key], rho, first_order_sobol(x, y, order=order)))
    return tuple(sorted(out, key=lambda d: (-d.sobol, -abs(d.rank_correlation))))
