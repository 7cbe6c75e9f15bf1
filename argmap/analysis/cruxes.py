"""Cruxes: where two people's difference about the target comes from.

Given credences A and B, the difference ``P_B(target) - P_A(target)`` is attributed to the
claims whose credences differ (a claim's parameters move together). A coalition ``S`` of
claims takes B's values for the claims in ``S`` and A's for the rest; ``v(S)`` is the target
then. Each claim's share is its Shapley value [1]_

    phi_i = sum over S not containing i of |S|! (n - |S| - 1)! / n! * (v(S + i) - v(S)),

the unique attribution that is efficient (the shares sum to ``v(all) - v(none)``, the whole
difference), symmetric, and gives nothing to a claim that never matters. With at most
``exact_limit`` (12) differing claims all ``2^n`` coalitions are evaluated in one batched engine
call and the values are exact; with more, ``permutations`` random orders (in antithetic pairs,
each order with its reverse [3]_) give an unbiased estimate [2]_ whose standard error is
reported. Each sampled order's contributions telescope to the whole difference, so the
estimates still sum to it.

For the top cruxes the *halfway point* is found too: moving only that claim's values from one
side's toward the other's along ``(1 - t) * own + t * other`` (means, so a distribution stays a
distribution), the smallest ``t`` at which the mover's target reaches the midpoint of the two
targets (a batched grid, then batched refinement of the bracket). If even the other side's full
values for that claim do not get there, ``reached`` is False.

References
----------
.. [1] L. S. Shapley, "A value for n-person games", in *Contributions to the Theory of Games
   II*, 1953; S. M. Lundberg and S.-I. Lee, "A unified approach to interpreting model
   predictions", NeurIPS 2017 (Shapley values as attributions).
.. [2] J. Castro, D. Gomez and J. Tejada, "Polynomial calculation of the Shapley value based
   on sampling", Computers & Operations Research 36(5), 2009.
.. [3] R. Mitchell, J. Cooper, E. Frank and G. Holmes, "Sampling permutations for Shapley
   value estimation", JMLR 23, 2022.

Examples
--------
>>> from argmap.loading import load_model
>>> from argmap.credences import load_credences
>>> model = load_model("models/examples/sprinkler.yaml")
>>> dry = load_credences("models/examples/credences/sprinkler-dry.yaml", model)
>>> result = cruxes(model, None, dry)
>>> round(result.difference, 4), [(c.claim, round(c.shapley, 4)) for c in result.cruxes]
(0.0586, [('sprinkler', 0.095), ('cloudy', -0.0364)])
>>> abs(sum(c.shapley for c in result.cruxes) - result.difference) < 1e-12
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from math import factorial
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._display import Tabular
from ..credences import Credences
from ..errors import ImpossibleEvidenceError, InputError
from ..model import Model
from . import budget
from ._common import (
    Array,
    Assignment,
    CredencesLike,
    Progress,
    Target,
    TargetLike,
    base_values,
    generator,
    header,
    resolve_target,
)
from .batch import evaluate

_GRID = 33
_ROUNDS = 7  # bracket shrinks 32-fold per round: 32^-7 ~ 3e-11


@dataclass(frozen=True)
class Halfway:
    """What one side would have to believe about one claim alone to meet the other halfway."""

    mover: str  # "A" or "B": whose target moves
    reached: bool
    t: float | None  # 0 = own values, 1 = the other side's values
    values: Mapping[str, tuple[float, ...]]  # the claim's parameters at t (or at 1 if not reached)
    target_at_full: float  # the mover's target with the other side's values for this claim

    def to_dict(self) -> dict[str, Any]:
        return {
            "mover": self.mover,
            "reached": self.reached,
            "t": self.t,
            "values": {k: list(v) for k, v in self.values.items()},
            "target_at_full": self.target_at_full,
        }


@dataclass(frozen=True)
class Crux:
    """One claim's share of the difference."""

    claim: str
    parameters: tuple[str, ...]
    shapley: float
    stderr: float | None  # None when exact
    alone: float  # the change in A's target from taking B's values for this claim only
    halfway: tuple[Halfway, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "parameters": list(self.parameters),
            "shapley": self.shapley,
            "stderr": self.stderr,
            "alone": self.alone,
            "halfway": [h.to_dict() for h in self.halfway],
        }


@dataclass(frozen=True, repr=False)
class Cruxes(Tabular):
    """The difference ``value_b - value_a`` and its attribution, largest share first."""

    _rows = ("cruxes", ("claim", "shapley", "stderr", "alone"))
    _title = ("of {self.target.label}, {self.label_a} {self.value_a:.4g} vs {self.label_b} "
              "{self.value_b:.4g}: {n} claims ({self.method})")

    model_id: str
    target: Target
    label_a: str
    label_b: str
    value_a: float
    value_b: float
    cruxes: tuple[Crux, ...]
    method: str  # "exact" or "sampled"
    permutations: int = 0
    evidence: Mapping[str, str] = field(default_factory=dict)
    do: Mapping[str, str] = field(default_factory=dict)

    @property
    def difference(self) -> float:
        return self.value_b - self.value_a

    @property
    def midpoint(self) -> float:
        return (self.value_a + self.value_b) / 2

    def to_dict(self) -> dict[str, Any]:
        return {
            **header(self),
            "a": {"label": self.label_a, "target": self.value_a},
            "b": {"label": self.label_b, "target": self.value_b},
            "difference": self.difference,
            "method": self.method,
            "permutations": self.permutations,
            "cruxes": [c.to_dict() for c in self.cruxes],
        }


class _Game:
    """The coalition game: weights ``w`` (claims x members) in [0, 1] mix A's and B's values."""

    def __init__(
        self,
        model: Model,
        a: Mapping[str, Array],
        b: Mapping[str, Array],
        claims: list[str],
        goal: Target,
        evidence: Assignment | None,
        do: Assignment | None,
    ) -> None:
        self.model, self.a, self.b, self.claims, self.goal = model, a, b, claims, goal
        self.evidence, self.do = evidence, do
        self.params = {c: [p.id for p in model.parameters_of(c)] for c in claims}

    def mix(self, pid: str, w: Array) -> Array:
        return self.a[pid][:, None] * (1.0 - w)[None, :] + self.b[pid][:, None] * w[None, :]

    def value(self, w: Array) -> Array:
        """The target for each column of ``w`` (NaN where the evidence is impossible)."""
        batch = {
            pid: self.mix(pid, w[i]) for i, c in enumerate(self.claims) for pid in self.params[c]
        }
        result = evaluate(
            self.model,
            self.a,
            batch,
            w.shape[1],
            evidence=self.evidence,
            do=self.do,
            impossible="nan",
        )
        return np.asarray(result.p(self.goal.claim, self.goal.index))

    def coalitions(self, masks: NDArray[np.int64]) -> Array:
        bits = (masks[None, :] >> np.arange(len(self.claims))[:, None]) & 1
        return self.value(bits.astype(float))


def _label(cred: CredencesLike, default: str) -> str:
    return cred.label if isinstance(cred, Credences) else default


def cruxes(
    model: Model,
    a: CredencesLike,
    b: CredencesLike,
    *,
    target: TargetLike = None,
    evidence: Assignment | None = None,
    do: Assignment | None = None,
    exact_limit: int = 12,
    permutations: int = 200,
    seed: int | np.random.Generator | None = 0,
    halfway: int = 3,
    progress: Progress | None = None,
) -> Cruxes:
    """Attribute the difference between two people's P(target) to the claims they differ on.

    Parameters
    ----------
    model
        The model.
    a, b
        Two credence files (or ``{parameter id: Value}``; None is the model's own values).
        Uncertain values enter at their mean.
    target
        ``"claim=state"``; default the model's declared output.
    evidence, do
        Observations and interventions, applied to both sides.
    exact_limit
        Exact Shapley values up to this many differing claims (at most 20).
    permutations
        Sampled orders when there are more (rounded up to an even number).
    seed
        For the sampled orders: an int, a Generator, or None.
    halfway
        Find the halfway point for this many top cruxes (0: none).
    progress
        Optional ``progress(done, total)`` callback for the sampled case.

    Returns
    -------
    Cruxes
        Cruxes ranked by ``|shapley|``; the Shapley values sum to ``difference``.
    """
    if not 0 <= exact_limit <= 20:
        raise InputError.argument(
            "exact_limit", f"expected 0 to 20, got {exact_limit}", code="out-of-range"
        )
    budget.check_range("permutations", permutations, 2, budget.MAX_PERMUTATIONS, "permutations")
    budget.check_range("halfway", halfway, 0, 1_000, "halfway points")
    goal = resolve_target(model, target, evidence=evidence, do=do)
    va, vb = base_values(model, a), base_values(model, b)
    claims = []
    for cid in model.claims:
        if any(not np.array_equal(va[p.id], vb[p.id]) for p in model.parameters_of(cid)):
            claims.append(cid)
    game = _Game(model, va, vb, claims, goal, evidence, do)
    n = len(claims)
    budget.shapley(
        model, claims, n <= exact_limit, permutations, min(halfway, n), 2 * _GRID * (_ROUNDS + 1)
    )
    if n <= exact_limit:
        masks = np.arange(2**n)
        v = game.coalitions(masks)
        _check(v, "")
        phi, se = _exact(v, n), None
        alone = v[1 << np.arange(n)] - v[0] if n else np.zeros(0)
        value_a, value_b = float(v[0]), float(v[-1])
        method, used = "exact", 0
    else:
        phi, se, value_a, value_b, alone = _sampled(
            game, n, permutations, generator(seed), progress
        )
        method, used = "sampled", permutations + permutations % 2
    order = np.argsort(-np.abs(phi), kind="stable")
    found = []
    for rank, i in enumerate(order):
        ways = _halfway(game, int(i), value_a, value_b) if rank < halfway else ()
        found.append(
            Crux(
                claims[i],
                tuple(game.params[claims[i]]),
                float(phi[i]),
                None if se is None else float(se[i]),
                float(alone[i]),
                ways,
            )
        )
    return Cruxes(
        model.id,
        goal,
        _label(a, "A"),
        _label(b, "B"),
        value_a,
        value_b,
        tuple(found),
        method,
        used,
        dict(evidence or {}),
        dict(do or {}),
    )


def _check(v: Array, what: str) -> None:
    if np.isnan(v).any():
        raise ImpossibleEvidenceError.argument(
            "evidence",
            "the evidence is impossible under A's or B's credences or a mix of them" + what,
            code="impossible-evidence",
        )


def _exact(v: Array, n: int) -> Array:
    """Shapley values from the values ``v[mask]`` of all ``2^n`` coalitions."""
    masks = np.arange(2**n)
    sizes = np.array([bin(m).count("1") for m in range(2**n)])
    weights = np.array([factorial(s) * factorial(n - s - 1) / factorial(n) for s in range(n)])
    phi = np.zeros(n)
    for i in range(n):
        without = masks[(masks >> i) & 1 == 0]
        phi[i] = float(np.sum(weights[sizes[without]] * (v[without | (1 << i)] - v[without])))
    return phi


def _sampled(
    game: _Game, n: int, permutations: int, rng: np.random.Generator, progress: Progress | None
) -> tuple[Array, Array, float, float, Array]:
    """Antithetic permutation sampling: Shapley estimates, standard errors, v(none), v(all)."""
    pairs = (permutations + 1) // 2
    orders = [rng.permutation(n) for _ in range(pairs)]
    orders = [o for first in orders for o in (first, first[::-1])]
    # member (order j, step k): the first k claims of order j take B's values (k = 0..n)
    w = np.zeros((n, len(orders) * (n + 1)))
    for j, o in enumerate(orders):
        for k in range(1, n + 1):
            w[o[:k], j * (n + 1) + k] = 1.0
    extra = np.concatenate([np.zeros((n, 1)), np.eye(n)], axis=1)  # v(none) and each alone
    w = np.concatenate([w, extra], axis=1)
    step = w.shape[1] if progress is None else max(n + 1, 50 * (n + 1))
    parts = []
    for lo in range(0, w.shape[1], step):
        parts.append(game.value(w[:, lo : lo + step]))
        if progress is not None:
            progress(min(w.shape[1], lo + step), w.shape[1])
    v = np.concatenate(parts)
    _check(v, "")
    tail = v[len(orders) * (n + 1) :]
    steps = v[: len(orders) * (n + 1)].reshape(len(orders), n + 1)
    contrib = np.zeros((len(orders), n))
    for j, o in enumerate(orders):
        contrib[j, o] = np.diff(steps[j])
    paired = (contrib[0::2] + contrib[1::2]) / 2
    phi = paired.mean(axis=0)
    se = paired.std(axis=0, ddof=1) / np.sqrt(pairs) if pairs > 1 else np.full(n, np.nan)
    return phi, se, float(steps[0, 0]), float(steps[0, -1]), tail[1:] - tail[0]


def _halfway(game: _Game, i: int, value_a: float, value_b: float) -> tuple[Halfway, ...]:
    """For claim ``i``: A moving toward B, and B toward A, until the target is at the midpoint."""
    n = len(game.claims)
    mid = (value_a + value_b) / 2
    out = []
    for mover, own, start in (("A", 0.0, value_a), ("B", 1.0, value_b)):

        def weights(t: Array, own: float = own) -> Array:
            w = np.full((n, t.size), own)
            w[i] = own + (1.0 - 2.0 * own) * t  # A: t; B: 1 - t
            return w

        sign = np.sign(start - mid)
        ts = np.linspace(0.0, 1.0, _GRID)
        f = (game.value(weights(ts)) - mid) * sign  # > 0 until the midpoint is reached
        full = float(f[-1] * sign + mid)
        if sign == 0:
            t: float | None = 0.0
        else:
            below = np.flatnonzero(~(f > 0))
            t = None
            if below.size:
                hi = int(below[0])
                lo_t, hi_t = ts[max(hi - 1, 0)], ts[hi]
                for _ in range(_ROUNDS if hi > 0 else 0):
                    sub = np.linspace(lo_t, hi_t, _GRID)
                    g = (game.value(weights(sub)) - mid) * sign
                    k = int(np.flatnonzero(~(g > 0))[0]) if (~(g > 0)).any() else _GRID - 1
                    lo_t, hi_t = sub[max(k - 1, 0)], sub[k]
                t = float(hi_t)
        at = weights(np.array([1.0 if t is None else t]))
        values = {
            pid: tuple(float(x) for x in game.mix(pid, at[i])[:, 0])
            for pid in game.params[game.claims[i]]
        }
        out.append(Halfway(mover, t is not None, t, values, full))
    return tuple(out)
