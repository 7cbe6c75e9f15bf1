"""Explain a target: the most probable scenarios behind it, and the chain of claims that carries
most of its probability.

Given the evidence (and interventions) in force and the target state ``t``:

- **scenarios**: the most probable explanation (MPE), the joint state of every other claim with
  the highest probability ``P(x | e, t)``, and the next most probable ones, exactly, by
  max-product elimination and Lawler's partitioning (see :mod:`._maxproduct`). This is what
  GeNIe, pyAgrum and pgmpy (``map_query`` with every variable) call the MPE;
- **chain**: starting at the target, the parent state that carries the largest share of the
  probability of the step below (``P(x | e, t, earlier steps)``, greedy, one parent per step),
  up to an input, an observed or a forced claim. The shares multiply to the probability of the
  whole chain given the target, reported as ``together``.

Uncertain credences enter at their mean, as in :func:`argmap.marginals`.

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> why = explain(model, target="wet=true", top=2)
>>> why.scenarios[0].states
{'cloudy': 'true', 'rain': 'true', 'sprinkler': 'false'}
>>> [round(s.probability, 4) for s in why.scenarios]
[0.4985, 0.277]
>>> [(s.claim, s.state) for s in why.chain]
[('rain', 'true'), ('cloudy', 'true')]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._display import Tabular
from ..errors import InputError
from ..inference import resolve_assignment, run
from ..model import Model
from ..tables import build_tables
from . import _maxproduct as mp
from . import budget
from ._common import (
    Assignment,
    CredencesLike,
    Target,
    TargetLike,
    base_values,
    header,
    resolve_target,
)

MAX_SCENARIOS = 50  # more would take long (each needs one exact solve per free claim)
MAX_SEARCHES = 1_000
"""Exact searches one call may run (each is a Python-level elimination: ~3-5 ms on the
53-claim scheming model on a 2-core machine, so about 3-5 s in all)."""


@dataclass(frozen=True)
class Scenario:
    """One joint state of the claims that are not fixed, with ``P(states | e, t)``."""

    probability: float
    states: Mapping[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {"probability": self.probability, "states": dict(self.states)}


@dataclass(frozen=True)
class ChainStep:
    """``claim = state`` is the parent state that carries most of ``below = below_state``."""

    claim: str
    state: str
    below: str
    below_state: str
    share: float  # P(claim = state | e, t, every earlier step)
    before: float  # P(claim = state | e): before the target was known
    together: float  # P(this and every earlier step | e, t)

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim, "state": self.state, "below": self.below,
            "below_state": self.below_state, "share": self.share, "before": self.before,
            "together": self.together,
        }  # fmt: skip


@dataclass(frozen=True, repr=False)
class Explanation(Tabular):
    """The scenarios and the chain behind one target (see :func:`explain`)."""

    _rows = ("chain", ("claim", "state", "below", "below_state", "share", "before", "together"))
    _title = "of {self.target.label} ({self.probability:.4g}): a chain of {n} steps"

    model_id: str
    target: Target
    probability: float  # P(t | e)
    scenarios: tuple[Scenario, ...]
    given_target: Mapping[str, Mapping[str, float]]  # every claim's P(state | e, t)
    chain: tuple[ChainStep, ...]
    evidence: Mapping[str, str] = field(default_factory=dict)
    do: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            **header(self),
            "probability": self.probability,
            "scenarios": [s.to_dict() for s in self.scenarios],
            "chain": [s.to_dict() for s in self.chain],
        }


def explain(
    model: Model,
    credences: CredencesLike = None,
    *,
    target: TargetLike = None,
    evidence: Assignment | None = None,
    do: Assignment | None = None,
    top: int = 5,
) -> Explanation:
    """The ``top`` most probable scenarios given the target, and the chain that carries it.

    Parameters
    ----------
    model, credences
        The model and credences (uncertain values at their mean).
    target
        ``"claim=state"``; default the model's declared output.
    evidence, do
        Observations and interventions in force (the model's headline condition is not added
        here: pass it in ``evidence``, as :func:`argmap.headline_context` gives it).
    top
        How many scenarios, 1 to :data:`MAX_SCENARIOS`.

    Returns
    -------
    Explanation
        Scenarios best first (``P(states | e, t)``), every claim's distribution given the
        target, and the chain.
    """
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_SCENARIOS:
        raise InputError.argument(
            "top", f"bad number of scenarios {top!r} (expected 1 to {MAX_SCENARIOS})",
            code="out-of-range",
        )
    goal = resolve_target(model, target, evidence=evidence, do=do)
    tables = build_tables(model, base_values(model, credences))
    before = run(model, tables, evidence=evidence, do=do)
    order = list(model.claims)
    probability = float(before.marginals[order.index(goal.claim)][goal.index])
    if probability <= 0:
        raise InputError.argument(
            "target", f"P({goal.label}) is 0 here, so nothing explains it (expected a target "
            "state the model allows)", code="bad-argument",
        )
    known = {**dict(evidence or {}), goal.claim: goal.state}
    after = run(model, tables, evidence=known, do=do)
    given_target = {
        cid: dict(zip(model.claims[cid].states, map(float, after.marginals[i]), strict=True))
        for i, cid in enumerate(order)
    }
    scenarios = _scenarios(model, tables, known, do or {}, top)
    chain = _chain(model, tables, known, dict(do or {}), goal, before.marginals)
    return Explanation(
        model.id, goal, probability, scenarios, given_target, chain,
        dict(evidence or {}), dict(do or {}),
    )  # fmt: skip


def network(
    model: Model, tables: list[np.ndarray], known: Assignment, do: Assignment
) -> tuple[mp.Network, list[mp.Mask]]:
    """The max-product view of a model: interventions cut their claims' tables, and every
    observed, forced or target claim is masked to its state."""
    fixed = {**resolve_assignment(model, known, "evidence"), **resolve_assignment(model, do, "do")}
    index = {cid: i for i, cid in enumerate(model.claims)}
    cut = {index[c] for c in do}
    cards = tuple(len(c.states) for c in model.claims.values())
    net = mp.Network(
        cards,
        tuple(tuple(index[p] for p in c.parents) for c in model.claims.values()),
        tuple(None if i in cut else np.asarray(t) for i, t in enumerate(tables)),
    )
    masks = [
        np.arange(card) == fixed[i] if i in fixed else np.ones(card, dtype=bool)
        for i, card in enumerate(cards)
    ]
    return net, masks


def _scenarios(
    model: Model, tables: list[np.ndarray], known: Assignment, do: Assignment, top: int
) -> tuple[Scenario, ...]:
    net, masks = network(model, tables, known, do)
    free = [i for i, m in enumerate(masks) if m.sum() > 1]
    solve = mp.cost(net)
    solves = 2 + (top - 1) * len(free)  # the total, the best, then one per free claim each
    if solves * solve > budget.WORK or solves > MAX_SEARCHES:
        most = 1 + (min(budget.WORK // solve, MAX_SEARCHES) - 2) // max(1, len(free))
        if most < 1:
            raise InputError.argument(
                "model", f"too large to explain: one exact search builds {solve:,} table "
                f"entries and the budget is {budget.WORK:,}", code="budget",
            )
        raise InputError.argument(
            "top", f"{top} scenarios would take {solves:,} exact searches of {solve:,} table "
            f"entries each ({len(free)} free claims); the budget is {MAX_SEARCHES:,} searches "
            f"and {budget.WORK:,} entries: ask for at most {most}", code="budget",
        )
    try:
        total = mp.log_total(net, masks)
        found = mp.k_best(net, masks, top)
    except mp.TooLargeError as err:
        names = [list(model.claims)[v] for v in err.variables]
        raise InputError.argument(
            "model", f"too large to explain exactly: a step would build a table of "
            f"{err.entries:,} entries (expected at most {mp.MAX_FACTOR_ENTRIES:,}) over "
            f"{', '.join(names[:8])}{' ...' if len(names) > 8 else ''}", code="limit",
        ) from None
    claims = list(model.claims.values())
    return tuple(
        Scenario(
            float(np.exp(score - total)),
            {claims[i].id: claims[i].states[states[i]] for i in free},
        )
        for score, states in found
    )


def _chain(
    model: Model,
    tables: list[np.ndarray],
    known: dict[str, str],
    do: dict[str, str],
    goal: Target,
    before: tuple[np.ndarray, ...],
) -> tuple[ChainStep, ...]:
    order = list(model.claims)
    steps: list[ChainStep] = []
    node, node_state, together = goal.claim, goal.state, 1.0
    known = dict(known)
    while node not in do:
        post = run(model, tables, evidence=known, do=do).marginals
        options = [
            (float(post[order.index(p)][s]), float(before[order.index(p)][s]), p, s)
            for p in model.claims[node].parents
            if p not in known and p not in do
            for s in range(len(model.claims[p].states))
        ]
        if not options:
            break
        share, prior, parent, s = max(options, key=lambda o: (o[0], o[0] / o[1] if o[1] else 0))
        state = model.claims[parent].states[s]
        together *= share
        steps.append(ChainStep(parent, state, node, node_state, share, prior, together))
        known[parent] = state
        node, node_state = parent, state
    return tuple(steps)
