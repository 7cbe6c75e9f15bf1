"""Value of information: how much learning each claim's true state would move the target.

For every claim ``X`` not already observed or intervened on, with the current evidence ``e``
(and ``do()``) in place:

- **expected absolute change** ``sum_x P(x | e) |P(t | e, x) - P(t | e)|``: how far, on average,
  P(target) moves when we learn ``X``;
- **mutual information** ``I(X; T | e)`` in bits: the expected reduction in the entropy of the
  target claim ``T`` (all its states) from learning ``X`` [1]_. This is what Netica calls
  *sensitivity to findings* (entropy reduction) [2]_;
- **variance of beliefs** ``sum_x P(x | e) (P(t | e, x) - P(t | e))^2`` (Netica's "variance
  reduction" for a two-state target).

All ``P(t | e, X = x)`` come from ONE batched engine call: member ``(X, x)`` adds the finding
``X = x`` as a one-hot likelihood on ``X``. States with ``P(x | e) = 0`` cannot be learnt and
are skipped.

References
----------
.. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., 2006, ch. 2.
.. [2] Norsys Software Corp., Netica help, "Sensitivity to findings"; J. Pearl, *Probabilistic
   Reasoning in Intelligent Systems*, 1988, section 6.4 (the value of information).

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> voi = value_of_information(model, target="rain=true")
>>> [(c.claim, round(c.mutual_information, 3)) for c in voi.claims]
[('cloudy', 0.278), ('wet', 0.247), ('sprinkler', 0.051)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from .. import engine
from .._display import Tabular
from ..errors import ImpossibleEvidenceError, UnknownNameError, unknown_claim
from ..inference import compiled, resolve_assignment, run
from ..model import Model
from ..tables import build_tables
from . import budget
from ._common import (
    Array,
    Assignment,
    CredencesLike,
    Target,
    TargetLike,
    base_values,
    header,
    resolve_target,
)
from .budget import table_entries


@dataclass(frozen=True)
class ClaimVOI:
    """What learning one claim's state would do to the target."""

    claim: str
    states: tuple[str, ...]
    probabilities: tuple[float, ...]  # P(x | e) per state
    target_given: tuple[float | None, ...]  # P(t | e, x) per state (None: x impossible)
    expected_change: float
    mutual_information: float
    variance: float

    @property
    def low(self) -> float:
        return min(p for p in self.target_given if p is not None)

    @property
    def high(self) -> float:
        return max(p for p in self.target_given if p is not None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "states": {
                s: {"probability": p, "target": t}
                for s, p, t in zip(self.states, self.probabilities, self.target_given, strict=True)
            },
            "expected_change": self.expected_change,
            "mutual_information_bits": self.mutual_information,
            "variance": self.variance,
        }


@dataclass(frozen=True, repr=False)
class ValueOfInformation(Tabular):
    """The value of learning each claim, ranked (see :func:`value_of_information`)."""

    _rows = ("claims", ("claim", "expected_change", "mutual_information", "variance"))
    _title = "for {self.target.label}: {self.base:.4g} now, {n} claims ranked by {self.rank_by}"

    model_id: str
    target: Target
    base: float  # P(t | e)
    entropy: float  # H(T | e) in bits: no claim's mutual information exceeds it
    claims: tuple[ClaimVOI, ...]
    rank_by: str
    evidence: Mapping[str, str] = field(default_factory=dict)
    do: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            **header(self),
            "base": self.base,
            "target_entropy_bits": self.entropy,
            "rank_by": self.rank_by,
            "claims": [c.to_dict() for c in self.claims],
        }


def _bits(p: Array) -> Array:
    out: Array = np.zeros_like(p)
    np.log2(p, out=out, where=p > 0)
    return out


def value_of_information(
    model: Model,
    credences: CredencesLike = None,
    *,
    target: TargetLike = None,
    evidence: Assignment | None = None,
    do: Assignment | None = None,
    claims: Sequence[str] | None = None,
    rank_by: Literal["change", "mi"] = "change",
) -> ValueOfInformation:
    """The value of learning each claim's true state, for P(target), given evidence and do().

    Parameters
    ----------
    model, credences
        The model and credences (uncertain values at their mean).
    target
        ``"claim=state"``; default the model's declared output.
    evidence, do
        Current observations and interventions; observed, intervened and target claims are
        not candidates.
    claims
        Only these candidate claims (default: every other claim).
    rank_by
        ``"change"`` (expected absolute change, default) or ``"mi"`` (mutual information).

    Returns
    -------
    ValueOfInformation
        Claims ranked, largest value first.
    """
    goal = resolve_target(model, target, evidence=evidence, do=do)
    order = list(model.claims)
    if claims is not None:
        for cid in claims:
            if cid not in model.claims:
                raise UnknownNameError.argument(
                    "claims", unknown_claim(cid, model.claims),
                    code="unknown-claim", loc=(cid,),
                )
    fixed = set(evidence or {}) | set(do or {}) | {goal.claim}
    candidates = [c for c in (claims if claims is not None else order) if c not in fixed]
    tables = build_tables(model, base_values(model, credences))
    base = run(model, tables, evidence=evidence, do=do)
    t = order.index(goal.claim)
    prior_t = np.asarray(base.marginals[t], dtype=float)
    members: list[tuple[str, int]] = []
    for cid in candidates:
        px = base.marginals[order.index(cid)]
        members += [(cid, s) for s in range(len(px)) if px[s] > 0]
    states = sum(len(c.states) for c in model.claims.values())
    budget.check(
        "model" if claims is None else "claims", len(members), "findings",
        keep=states + sum(len(model.claims[c].states) for c in candidates),
        entries=table_entries(model), hint="no finding fits",
        detail=": every claim's marginals and the findings' likelihoods",
    )
    posts = _given(model, tables, evidence, do, members, goal.claim)
    results = []
    for cid in candidates:
        px = np.asarray(base.marginals[order.index(cid)], dtype=float)
        given: list[float | None] = [None] * len(px)
        change = mi = var = 0.0
        for s in range(len(px)):
            post = posts.get((cid, s))
            if post is None:
                continue
            given[s] = float(post[goal.index])
            delta = post[goal.index] - prior_t[goal.index]
            change += px[s] * abs(delta)
            var += px[s] * delta * delta
            mi += px[s] * float(np.sum(post * (_bits(post) - _bits(prior_t))))
        results.append(
            ClaimVOI(
                cid,
                model.claims[cid].states,
                tuple(map(float, px)),
                tuple(given),
                float(change),
                max(0.0, float(mi)),
                float(var),
            )
        )
    results.sort(
        key=lambda c: -(c.expected_change if rank_by == "change" else c.mutual_information)
    )
    entropy = -float(np.sum(prior_t * _bits(prior_t)))
    return ValueOfInformation(
        model.id,
        goal,
        float(prior_t[goal.index]),
        entropy,
        tuple(results),
        rank_by,
        dict(evidence or {}),
        dict(do or {}),
    )


def _given(
    model: Model,
    tables: list[Array],
    evidence: Assignment | None,
    do: Assignment | None,
    members: list[tuple[str, int]],
    target: str,
) -> dict[tuple[str, int], Array]:
    """P(T | e, X = x), the whole target claim, for every member (X, x): one batched call."""
    if not members:
        return {}
    order = list(model.claims)
    t = order.index(target)
    ev = resolve_assignment(model, evidence, "evidence")
    intervention = resolve_assignment(model, do, "do")
    size = len(members)
    likelihoods: dict[int, Array] = {}
    for j, (cid, s) in enumerate(members):
        v = order.index(cid)
        if v not in likelihoods:
            likelihoods[v] = np.ones((len(model.claims[cid].states), size))
        likelihoods[v][:, j] = 0.0
        likelihoods[v][s, j] = 1.0
    try:
        post = compiled(model).posterior(
            tables, evidence=ev, likelihoods=likelihoods, do=intervention
        )
    except engine.ImpossibleEvidenceError:  # only if a tiny P(x | e) underflows: one at a time
        out: dict[tuple[str, int], Array] = {}
        for cid, s in members:
            finding = {**(evidence or {}), cid: model.claims[cid].states[s]}
            try:
                one = run(model, tables, evidence=finding, do=do)
            except ImpossibleEvidenceError:
                continue
            out[(cid, s)] = np.asarray(one.marginals[t], dtype=float)
        return out
    marginal = np.asarray(post.marginals[t], dtype=float)
    return {m: marginal[:, j] for j, m in enumerate(members)}
