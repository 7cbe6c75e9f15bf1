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

from .._display import Tabular
from ..errors import ImpossibleEvidenceError
from ..inference import marginals
from ..model import Model
from ..values import Dirichlet, Point, PointDist
from . import budget
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
)
from ._spreads import ClaimSpread as ClaimSpread
from ._spreads import SpreadAccumulator
from .batch import evaluate
from .budget import table_entries
from .drivers import Driver as Driver
from .drivers import first_order_sobol as first_order_sobol
from .drivers import rank_correlation as rank_correlation
from .drivers import rank_drivers

_CHUNK = 5000  # samples per chunk when progress is reported
_KEPT = 12  # numbers kept per sample besides draws and spreads (target, masks, ranks, sorts)


@dataclass(frozen=True, repr=False)
class MonteCarlo(Tabular):
    """The target's distribution over sampled credences, its drivers, and every claim's spread.

    ``values`` holds the target for each usable sample; ``inputs[key]`` the sampled probability
    of each uncertain setting (same order, all samples; see ``impossible``).
    """

    _rows = ("drivers", ("key", "label", "rank_correlation", "sobol"))
    _title = ("of {self.target.label}: {self.samples} samples, mean {self.mean:.4g}, 90% in "
              "[{self.interval[0]:.4g}, {self.interval[1]:.4g}], {n} drivers")

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
    draws, inputs, labels = _draw(model, credences, n, rng)
    return {pid: _columns(d, 0, n) for pid, d in draws.items()}, inputs, labels


def _draw(
    model: Model, credences: CredencesLike, n: int, rng: np.random.Generator
) -> tuple[dict[str, Array], dict[str, Array], dict[str, str]]:
    """The draws kept once: ``(n,)`` for a probability, ``(k, n)`` (C order) for a Dirichlet;
    the inputs are read-only views of them."""
    draws: dict[str, Array] = {}
    inputs: dict[str, Array] = {}
    labels: dict[str, str] = {}
    for pid, param in model.parameters.items():
        value = current_value(model, credences, pid)
        if isinstance(value, Point | PointDist):
            continue
        drawn = np.ascontiguousarray(value.sample(rng, n), dtype=float)
        drawn.setflags(write=False)
        draws[pid] = drawn
        if isinstance(value, Dirichlet):
            for s, name in enumerate(param.states):
                inputs[setting_key(pid, name)] = drawn[s]
                labels[setting_key(pid, name)] = f"{param.label}: {name}"
        else:
            inputs[pid] = drawn
            labels[pid] = param.label
    return draws, inputs, labels


def _columns(drawn: Array, lo: int, hi: int) -> Array:
    """Samples ``lo:hi`` of one parameter's draws as distributions, shape ``(k, hi - lo)``."""
    if drawn.ndim == 2:
        return drawn[:, lo:hi]
    part = drawn[lo:hi]
    return np.stack([part, 1.0 - part])


def _costs(model: Model, credences: CredencesLike) -> tuple[int, int, int, int]:
    """Per sample: the sampled probabilities, claim states, numbers kept and the model's
    table entries (all 0 when nothing is uncertain).

    Besides its draws and :data:`_KEPT` numbers, a sample keeps a fifth of a number per claim
    state (two tails of 5% of the samples, each up to twice that between trims) and, while
    the spreads are computed, one number per state of the largest claim."""
    uncertain = [
        pid for pid in model.parameters
        if not isinstance(current_value(model, credences, pid), Point | PointDist)
    ]
    if not uncertain:
        return 0, 0, 0, 0
    keys = sum(
        1 if model.parameters[pid].is_scalar else len(model.parameters[pid].states)
        for pid in uncertain
    )
    states = sum(len(c.states) for c in model.claims.values())
    largest = max(len(c.states) for c in model.claims.values())
    keep = keys + _KEPT + -(-states // 5) + largest
    return keys, states, keep, table_entries(model)


def most_samples(
    model: Model, credences: CredencesLike = None, *, work: int = budget.WORK
) -> int:
    """The most samples to offer for a run of a few seconds on this model and these credences.

    Within the memory budget of :mod:`argmap.analysis.budget`, the work budget ``work`` and at
    most :data:`~argmap.analysis.budget.MAX_SAMPLES` (that many when nothing is uncertain).
    ``work`` is :data:`~argmap.analysis.budget.WORK` by default (what an interactive run
    should take); with :data:`~argmap.analysis.budget.SAMPLE_WORK` it is the most
    :func:`montecarlo` accepts (a run of about a minute).

    >>> from argmap.loading import load_model
    >>> scheming = load_model("models/scheming.yaml")
    >>> most_samples(scheming), most_samples(scheming, work=budget.SAMPLE_WORK)
    (120481, 1048587)
    """
    keys, _, keep, entries = _costs(model, credences)
    if not keys:
        return budget.MAX_SAMPLES
    return min(budget.MAX_SAMPLES, budget.most(keep, entries, work=work))


def sample_budget(model: Model, credences: CredencesLike, samples: int) -> None:
    """Refuse ``samples`` past the memory or work budget (see :mod:`.budget`).

    Each sample keeps its draws (one number per uncertain probability, ``k`` per Dirichlet)
    and its share of the claims' spreads (their sums and 5% tails); the tables and marginals
    are built a chunk of samples at a time.
    """
    keys, states, keep, entries = _costs(model, credences)
    if keys:
        budget.check(
            "samples", samples, "samples", keep=keep, entries=entries, work=budget.SAMPLE_WORK,
            detail=f": {keys:,} sampled probabilities and the tails of {states:,} claim states",
            hint="not even one sample fits: this model is too large to sample",
        )


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
    chunk: int | None = None,
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
        Optional callback ``progress(done, total)``, called after each chunk.
    chunk
        Samples per batched engine call (default: as many as fit in
        :data:`~argmap.analysis.budget.CHUNK` numbers of tables, at most 5,000 with
        ``progress``). Peak memory grows with the chunk, not with ``samples`` (past the
        draws). Results do not depend on it beyond rounding: the draws are made once, up
        front, in the same order, every sample is computed on its own, and the claims'
        spreads are exactly the quantiles over all samples (their means add chunk sums).

    Raises
    ------
    InputError
        ``samples`` or ``bins`` out of range, or ``samples`` past the memory or work budget
        (code ``budget``; see :mod:`argmap.analysis.budget`).

    Returns
    -------
    MonteCarlo
    """
    budget.check_range("samples", samples, 1, budget.MAX_SAMPLES, "samples")
    budget.check_range("bins", bins, 1, budget.MAX_BINS, "histogram bins")
    if chunk is not None:
        budget.check_range("chunk", chunk, 1, budget.MAX_SAMPLES, "samples per chunk")
    goal = resolve_target(model, target, evidence=evidence, do=do)
    rng = generator(seed)
    sample_budget(model, credences, samples)
    point_result = marginals(model, credences, evidence=evidence, do=do)
    point = point_result.p(goal.claim, goal.state)
    batch, inputs, labels = _draw(model, credences, samples, rng)
    if not batch:  # nothing uncertain: every sample is the point network
        spreads = {}
        for cid, claim in model.claims.items():
            acc = SpreadAccumulator(len(claim.states), 1)
            acc.add(np.array(list(point_result.distributions[cid].values()))[:, None])
            spreads[cid] = acc.spread(claim.states)
        ys = np.full(samples, point)
        zero = np.zeros(samples, dtype=bool)
    else:
        ys, zero, spreads = _evaluate(
            model, credences, batch, samples, goal, evidence, do, progress, chunk
        )
    ok = ~zero
    if not ok.any():
        raise ImpossibleEvidenceError.argument(
            "evidence", "the evidence is impossible in every sample", code="impossible-evidence"
        )
    y = ys[ok]
    mean = point + float(np.mean(y - point))  # centred on the point answer: exact when no spread
    q05, q50, q95 = (float(q) for q in np.quantile(y, [0.05, 0.5, 0.95]))
    lo, hi = float(y.min()), float(y.max())
    if hi - lo < 1e-9:  # a spread of rounding only: numpy cannot cut it into finite bins
        lo, hi = (lo + hi) / 2 - 5e-10, (lo + hi) / 2 + 5e-10
    counts, edges = np.histogram(y, bins=bins, range=(lo, hi))
    drivers = rank_drivers(model, inputs, labels, y, None if ok.all() else ok)
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
        inputs=inputs,  # read-only views of the draws
        impossible=int(zero.sum()),
        evidence=dict(evidence or {}),
        do=dict(do or {}),
    )


def _evaluate(
    model: Model,
    credences: CredencesLike,
    draws: Mapping[str, Array],
    samples: int,
    goal: Target,
    evidence: Assignment | None,
    do: Assignment | None,
    progress: Progress | None,
    chunk: int | None,
) -> tuple[Array, NDArray[np.bool_], dict[str, ClaimSpread]]:
    """The target's probability in every sample, the impossible mask and every claim's
    spread over the usable samples, chunk by chunk: the tables and marginals of only one
    chunk of samples exist at a time (the spreads keep sums and tails, see ``_spreads``)."""
    base = base_values(model, credences)
    step = chunk or budget.chunk_size(table_entries(model), None if progress is None else _CHUNK)
    accs = {cid: SpreadAccumulator(len(c.states), samples) for cid, c in model.claims.items()}
    ys = np.empty(samples)
    zero = np.empty(samples, dtype=bool)
    for lo in range(0, samples, step):
        hi = min(samples, lo + step)
        part = {pid: _columns(d, lo, hi) for pid, d in draws.items()}
        result = evaluate(model, base, part, hi - lo, evidence=evidence, do=do, impossible="nan")
        ys[lo:hi] = result.marginals[goal.claim][goal.index]
        zero[lo:hi] = result.impossible
        ok = ~result.impossible
        for cid, acc in accs.items():
            d = result.marginals[cid]
            acc.add(d if ok.all() else d[:, ok])
        del result, part
        if progress is not None:
            progress(hi, samples)
    if zero.all():
        return ys, zero, {}
    return ys, zero, {cid: acc.spread(model.claims[cid].states) for cid, acc in accs.items()}
