"""Pooling: several people's credences combined into one group profile.

Pooling is done **per parameter**: each parameter is a distribution over its claim's states
(for a scalar, ``[p, 1 - p]``), taken at its mean, and the members' distributions are combined

- **linearly**: ``q = sum_i w_i p_i`` (a mixture) [1]_, or
- **logarithmically**: ``q proportional to prod_i p_i^{w_i}`` (renormalised) [2]_, which is
  *externally Bayesian* (pooling then updating on shared evidence equals updating then
  pooling) but gives zero wherever any member does.

Weights are non-negative and rescaled to sum to 1 (default equal). The pooled profile holds
points: the members' spread (beta, interval, ...) is not carried over.

Pooling the parameters is **not** the same as pooling the output: the target under the pooled
parameters is in general different from ``sum_i w_i P_i(target)``, because the target is a
non-linear function of the parameters. Both are reported (``pooled_target`` and
``linear_pool_of_targets``), with the logarithmic pool of the members' targets
(``log_pool_of_targets``, over the target claim's states).

For each member, how far they are from the pool: the difference in the target, and per
parameter the largest absolute difference of a state's probability and the Kullback-Leibler
divergence ``KL(member || pool)`` in bits [3]_.

References
----------
.. [1] M. Stone, "The opinion pool", Annals of Mathematical Statistics 32(4), 1961.
.. [2] C. Genest and J. V. Zidek, "Combining probability distributions: a critique and an
   annotated bibliography", Statistical Science 1(1), 1986.
.. [3] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., 2006, ch. 2.

Examples
--------
>>> from argmap.loading import load_model
>>> from argmap.credences import load_credences
>>> model = load_model("models/examples/sprinkler.yaml")
>>> dry = load_credences("models/examples/credences/sprinkler-dry.yaml", model)
>>> group = pool(model, [None, dry])
>>> group.values["cloudy"]
Point(value=0.35)
>>> round(group.pooled_target, 4), round(group.linear_pool_of_targets, 4)
(0.669, 0.6799)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from .._display import Tabular
from ..credences import Credences
from ..errors import ImpossibleEvidenceError, InputError
from ..model import Model
from ..values import Point, PointDist, Value
from ._common import (
    Array,
    Assignment,
    CredencesLike,
    Target,
    TargetLike,
    base_values,
    header,
    jsonable,
    resolve_target,
)
from .batch import evaluate

Method = Literal["linear", "log"]


@dataclass(frozen=True)
class Member:
    """One person's distance from the pool."""

    label: str
    weight: float
    target: float
    target_difference: float  # member - pooled_target
    abs_difference: Mapping[str, float]  # per parameter: max over states of |p - q|
    kl: Mapping[str, float]  # per parameter: KL(member || pool) in bits (inf possible)

    @property
    def mean_abs_difference(self) -> float:
        return float(np.mean(list(self.abs_difference.values()))) if self.abs_difference else 0.0

    @property
    def total_kl(self) -> float:
        return float(sum(self.kl.values()))

    def furthest(self, n: int = 5) -> list[str]:
        """The ``n`` parameters where this member is furthest from the pool (by KL)."""
        return sorted(self.kl, key=lambda pid: -self.kl[pid])[:n]

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "weight": self.weight,
            "target": self.target,
            "target_difference": self.target_difference,
            "mean_abs_difference": self.mean_abs_difference,
            "total_kl_bits": jsonable(self.total_kl),
            "parameters": {
                pid: {"abs_difference": self.abs_difference[pid], "kl_bits": jsonable(self.kl[pid])}
                for pid in self.abs_difference
            },
        }


@dataclass(frozen=True, repr=False)
class Pool(Tabular):
    """A group profile pooled from several credence files, and how far each member is."""

    _rows = ("members", ("label", "weight", "target", "target_difference", "total_kl"))
    _title = "({self.method}) of {n} profiles: {self.target.label} {self.pooled_target:.4g}"

    model_id: str
    target: Target
    method: str
    values: Mapping[str, Value]  # the pooled profile: a point per parameter
    pooled_target: float
    linear_pool_of_targets: float
    log_pool_of_targets: float
    members: tuple[Member, ...]
    evidence: Mapping[str, str] = field(default_factory=dict)
    do: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            **header(self),
            "method": self.method,
            "pooled_target": self.pooled_target,
            "linear_pool_of_targets": self.linear_pool_of_targets,
            "log_pool_of_targets": self.log_pool_of_targets,
            "members": [m.to_dict() for m in self.members],
        }


def _weights(weights: Sequence[float] | None, n: int) -> Array:
    if weights is None:
        return np.full(n, 1.0 / n)
    w = np.asarray(list(weights), dtype=float)
    if w.shape != (n,):
        raise InputError.argument(
            "weights", f"expected {n} weights, one per profile, got {w.size}", code="bad-value"
        )
    for i, value in enumerate(w):
        if not np.isfinite(value) or value < 0:
            raise InputError.argument(
                "weights", f"bad weight {weights[i]!r} (expected a finite non-negative number)",
                loc=(i,), code="out-of-range",
            )
    if not np.any(w > 0):
        raise InputError.argument(
            "weights", "all weights are zero (expected at least one positive weight)",
            code="out-of-range",
        )
    scaled = w / w.max()  # divide by the largest first: 1e308 + 1e308 would overflow
    normalised: Array = scaled / scaled.sum()
    return normalised


def pool_distributions(dists: Array, weights: Array, method: Method) -> Array:
    """Pool distributions ``dists`` (members x states) with ``weights`` (NaN if undefined).

    >>> pool_distributions(np.array([[0.2, 0.8], [0.6, 0.4]]), np.array([0.5, 0.5]), "linear")
    array([0.4, 0.6])
    >>> pool_distributions(np.array([[0.5, 0.5], [0.9, 0.1]]), np.array([0.5, 0.5]), "log")
    array([0.75, 0.25])
    """
    if method == "linear":
        out: Array = weights @ dists
        return out
    logs = np.where(dists > 0, np.log(np.where(dists > 0, dists, 1.0)), -np.inf)
    # a zero weight leaves that member out entirely (0 * -inf would be NaN)
    used = weights > 0
    total = np.sum(weights[used, None] * logs[used], axis=0)
    if not np.isfinite(total).any():
        return np.full(dists.shape[1], np.nan)
    q = np.exp(total - total[np.isfinite(total)].max())
    result: Array = q / q.sum()
    return result


def _kl_bits(p: Array, q: Array) -> float:
    mask = p > 0
    if np.any(q[mask] == 0):
        return float("inf")
    return float(np.sum(p[mask] * np.log2(p[mask] / q[mask])))


def pool(
    model: Model,
    profiles: Sequence[CredencesLike],
    *,
    method: Method = "linear",
    weights: Sequence[float] | None = None,
    labels: Sequence[str] | None = None,
    target: TargetLike = None,
    evidence: Assignment | None = None,
    do: Assignment | None = None,
) -> Pool:
    """Pool credence files parameter by parameter; report how far each member is from the pool.

    Parameters
    ----------
    model
        The model.
    profiles
        Two or more credence files (or ``{parameter id: Value}``; None is the model's values).
    method
        ``"linear"`` or ``"log"``.
    weights
        One non-negative weight per profile (rescaled to sum to 1); default equal.
    labels
        Names for the members (default: each file's author or name).
    target, evidence, do
        For the targets reported: ``"claim=state"`` (default the model's output), observations
        and interventions.

    Returns
    -------
    Pool
        ``values`` is the pooled profile (write it with
        :func:`argmap.credence_writer.credence_template`).
    """
    if len(profiles) < 2:
        raise InputError.argument(
            "profiles", f"expected two or more profiles, got {len(profiles)}", code="bad-value"
        )
    if method not in ("linear", "log"):
        raise InputError.argument(
            "method", f"unknown method {method!r} (expected linear or log)", code="bad-value"
        )
    goal = resolve_target(model, target, evidence=evidence, do=do)
    w = _weights(weights, len(profiles))
    names = (
        list(labels)
        if labels is not None
        else [
            p.label if isinstance(p, Credences) else f"profile {i + 1}"
            for i, p in enumerate(profiles)
        ]
    )
    if len(names) != len(profiles):
        raise InputError.argument(
            "labels", f"expected {len(profiles)} labels, got {len(names)}", code="bad-value"
        )
    means = [base_values(model, p) for p in profiles]
    pooled: dict[str, Array] = {}
    values: dict[str, Value] = {}
    for pid, param in model.parameters.items():
        q = pool_distributions(np.stack([m[pid] for m in means]), w, method)
        if not np.all(np.isfinite(q)):
            raise InputError.argument(
                "method",
                f"logarithmic pooling is undefined for {pid}: every state has probability 0 "
                "for some member (expected overlapping support; pool linearly instead)",
                code="bad-argument",
            )
        pooled[pid] = q
        values[pid] = Point(float(q[0])) if param.is_scalar else PointDist(tuple(map(float, q)))
    # all members and the pool in one batched call (member i is column i, the pool is last)
    size = len(profiles) + 1
    batch = {pid: np.column_stack([*(m[pid] for m in means), pooled[pid]]) for pid in pooled}
    result = evaluate(model, pooled, batch, size, evidence=evidence, do=do, impossible="nan")
    if result.impossible.any():
        who = [
            names[i] if i < len(names) else "the pool" for i in np.flatnonzero(result.impossible)
        ]
        raise ImpossibleEvidenceError.argument(
            "evidence", f"impossible evidence for {', '.join(who)}", code="impossible-evidence"
        )
    dist = np.asarray(result.marginals[goal.claim])  # (card, size)
    targets = dist[goal.index]
    pooled_target = float(targets[-1])
    log_outputs = pool_distributions(dist[:, :-1].T, w, "log")
    members = []
    for i, name in enumerate(names):
        absd = {pid: float(np.max(np.abs(means[i][pid] - pooled[pid]))) for pid in pooled}
        kl = {pid: _kl_bits(means[i][pid], pooled[pid]) for pid in pooled}
        members.append(
            Member(
                name, float(w[i]), float(targets[i]), float(targets[i]) - pooled_target, absd, kl
            )
        )
    return Pool(
        model.id,
        goal,
        method,
        values,
        pooled_target,
        float(w @ targets[:-1]),
        float(log_outputs[goal.index]),
        tuple(members),
        dict(evidence or {}),
        dict(do or {}),
    )
