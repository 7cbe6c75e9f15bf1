"""Exact marginals of every claim, with evidence and interventions.

This module connects a :class:`~argmap.model.Model` (and optional
:class:`~argmap.credences.Credences`) to the junction-tree engine in
:mod:`argmap.engine`. The compiled engine is cached per model structure, so repeated queries
(a slider moving in the app) only rebuild the tables and run the compiled contractions.

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> result = marginals(model)
>>> round(result.p("rain"), 4)
0.5
>>> wet = marginals(model, evidence={"wet": "true"})
>>> wet.p("rain") > result.p("rain")
True
>>> forced = marginals(model, do={"wet": "true"})   # forcing the grass wet says nothing of rain
>>> round(forced.p("rain"), 4)
0.5

A model may read its output under a condition (``output.given``); :func:`headline` gives the
output under it and without it, and :func:`headline_context` is the one rule for merging the
condition with a person's own evidence and do():

>>> given = load_model("models/examples/sprinkler_given.yaml")
>>> h = headline(given)
>>> h.target, dict(h.given), round(h.p_given, 4), round(h.p_unconditional, 4)
('wet=true', {'cloudy': 'true'}, 0.7477, 0.6506)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from . import engine
from ._display import Table, Tabular, marginals_table, situation
from .credences import Credences
from .errors import (
    ImpossibleEvidenceError,
    InputError,
    Problem,
    UnknownNameError,
    unknown_claim,
    unknown_state,
)
from .model import Model, given_label
from .tables import memo, point_tables
from .values import Value

Assignment = Mapping[str, str]


@dataclass(frozen=True, repr=False)
class Result(Tabular):
    """Every claim's marginals under one set of credences, evidence and do() (a table)."""

    model_id: str
    distributions: Mapping[str, Mapping[str, float]]
    evidence: Mapping[str, str] = field(default_factory=dict)
    do: Mapping[str, str] = field(default_factory=dict)
    evidence_probability: float = 1.0
    labels: Mapping[str, str] = field(default_factory=dict, compare=False)  # short names

    def _table(self) -> Table:
        title = f"of {self.model_id!r}: {len(self.distributions)} claims"
        return marginals_table(title + situation(self.evidence, self.do), self.distributions,
                               self.labels)

    def p(self, claim: str, state: str | None = None) -> float:
        """P(claim = state); the first state (``true``) when ``state`` is omitted."""
        if claim not in self.distributions:
            raise UnknownNameError.argument(
                "claim", unknown_claim(claim, self.distributions),
                code="unknown-claim",
            )
        dist = self.distributions[claim]
        if state is None:
            return next(iter(dist.values()))
        if state not in dist:
            raise UnknownNameError.argument(
                "state", unknown_state(state, claim, dist), code="unknown-state",
            )
        return dist[state]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (what the command line prints for JSON)."""
        return {
            "model": self.model_id,
            "evidence": dict(self.evidence),
            "do": dict(self.do),
            "evidence_probability": self.evidence_probability,
            "marginals": {c: dict(d) for c, d in self.distributions.items()},
        }


def structure_of(model: Model) -> engine.Structure:
    """The engine's view of a model: cardinalities and parent indices."""
    m = memo(model)
    return engine.Structure(cards=tuple(m.cards.values()), parents=m.parents)


def compiled(model: Model) -> engine.CompiledNetwork:
    """The compiled engine for this model's structure (cached by the engine), or (before any
    contraction is planned) :func:`too_big`'s error when the junction tree is past the engine's
    size budget (:data:`argmap.engine.BUDGET`)."""
    try:
        return engine.compile_structure(structure_of(model))
    except engine.TooBigError as err:
        raise too_big(model, err) from None


def model_size(model: Model) -> engine.Size:
    """The size of the model's compiled network: largest clique, all cliques, cost of a pass.

    >>> from argmap.loading import load_model
    >>> size = model_size(load_model("models/examples/sprinkler.yaml"))
    >>> size.largest, size.total
    (8, 16)
    """
    return compiled(model).size


def too_big(model: Model, err: engine.TooBigError) -> InputError:
    """The error for a model whose network is past the size budget: it names the claims of the
    clique at fault (whose joint table the engine would hold), the claims whose parents link
    them (or, for a clique with too many neighbours, the claim with the most children), and
    what to change."""
    ids = list(model.claims)
    members = [ids[i] for i in err.clique]
    shown = ", ".join(repr(c) for c in members[:12])
    more = f" and {len(members) - 12} more" if len(members) > 12 else ""
    if err.kind == "inputs":
        children = {c: 0 for c in ids}
        for claim in model.claims.values():
            for p in claim.parents:
                children[p] += 1
        hub = max(members, key=lambda c: (children[c], -ids.index(c)))
        advice = (f"claim {hub!r} has {children[hub]} children. Group its children under a few "
                  "intermediate claims, or give it fewer children")
        culprits = [hub]
    else:
        inside = set(members)
        joined = {c: sum(p in inside for p in claim.parents) for c, claim in model.claims.items()}
        culprits = sorted((c for c in ids if joined[c] >= 2),
                          key=lambda c: (-joined[c], ids.index(c)))
        named = ", ".join(f"{c!r} ({len(model.claims[c].parents)} parents)"
                          for c in culprits[:4])
        advice = (
            f"the parents of {named or 'several claims'} link them. Give claims fewer parents, "
            "or put an intermediate claim between a group of parents and the claim (a noisy-OR "
            "or noisy-AND claim with many parents becomes a chain of noisy claims with a few "
            "parents each)"
        )
    message = (f"model too big to compute exactly: {err}, over the claims {shown}{more}; "
               f"{advice}; the limits are in docs/errors.md")
    loc = ("claims", culprits[0]) if culprits else ()
    return InputError([Problem(model.path, None, None, message, code="too-big", loc=loc)])


def resolve_assignment(
    model: Model, assignment: Assignment | None, argument: str
) -> dict[int, int]:
    """Map ``{claim: state}`` to engine indices, with "did you mean" for unknown names.

    Errors name ``argument``, the caller's parameter that held the assignment.

    >>> from argmap.loading import load_model
    >>> model = load_model("models/examples/sprinkler.yaml")
    >>> resolve_assignment(model, {"wet": "true"}, "evidence")
    {3: 0}
    >>> resolve_assignment(model, {"wet": "soaked"}, "evidence")
    Traceback (most recent call last):
    ...
    argmap.errors.UnknownNameError: evidence: unknown state 'soaked' of 'wet' (expected one of \
['true', 'false'])
    """
    result: dict[int, int] = {}
    index = memo(model).index
    for claim_id, state in (assignment or {}).items():
        if isinstance(state, bool):  # {"rain": True} as YAML would read it
            state = "true" if state else "false"
        if not isinstance(claim_id, str) or not isinstance(state, str):
            raise UnknownNameError.argument(
                argument, f"bad entry {claim_id!r}: {state!r} (expected claim and state "
                "names as text, e.g. {'slack': 'low'})", code="type", loc=(claim_id,),
            )
        if claim_id not in model.claims:
            raise UnknownNameError.argument(
                argument, unknown_claim(claim_id, model.claims),
                code="unknown-claim", loc=(claim_id,),
            )
        states = model.claims[claim_id].states
        if state not in states:
            raise UnknownNameError.argument(
                argument,
                unknown_state(state, claim_id, states),
                code="unknown-state",
                loc=(claim_id,),
            )
        result[index[claim_id]] = states.index(state)
    return result


def overrides_of(credences: Credences | Mapping[str, Value] | None) -> Mapping[str, Value]:
    """The parameter values a credence file (or a plain mapping) sets."""
    if credences is None:
        return {}
    if isinstance(credences, Credences):
        return credences.values
    return credences


def marginals(
    model: Model,
    credences: Credences | Mapping[str, Value] | None = None,
    *,
    evidence: Assignment | None = None,
    do: Assignment | None = None,
) -> Result:
    """Exact marginals of every claim (uncertain credences enter at their mean).

    Only the tables whose values changed since an earlier call on the same model are built
    again (:func:`argmap.tables.point_tables`); the result is the same, bit for bit."""
    posterior = run(model, point_tables(model, overrides_of(credences)), evidence=evidence, do=do)
    m = memo(model)
    # Rounding can leave a marginal 2e-16 outside [0, 1]: shown inside (NaN, -0.0 as 0.0).
    flat = np.concatenate(posterior.marginals) if m.claims else np.zeros(0)
    numbers = iter((np.fmin(1.0, np.fmax(flat, 0.0)) + 0.0).tolist())  # zip takes len(states)
    distributions = {cid: dict(zip(states, numbers, strict=False)) for cid, states in m.states}
    return Result(
        model_id=model.id,
        distributions=distributions,
        evidence=dict(evidence or {}),
        do=dict(do or {}),
        evidence_probability=float(np.asarray(posterior.evidence_probability)),
        labels=dict(m.labels),
    )


def run(
    model: Model,
    tables: list[np.ndarray],
    *,
    evidence: Assignment | None = None,
    do: Assignment | None = None,
) -> engine.Posterior:
    """Run the compiled engine on prepared tables (batched or not)."""
    ev = resolve_assignment(model, evidence, "evidence")
    intervention = resolve_assignment(model, do, "do")
    both = set(ev) & set(intervention)
    if both:
        names = [list(model.claims)[i] for i in sorted(both)]
        raise InputError.argument(
            "do", f"claim(s) {names} both observed and intervened on (expected one or the other)",
            code="bad-argument",
        )
    try:
        return compiled(model).posterior(tables, evidence=ev, do=intervention)
    except engine.ImpossibleEvidenceError:
        shown = ", ".join(f"{c}={s}" for c, s in (evidence or {}).items())
        raise ImpossibleEvidenceError.argument(
            "evidence",
            f"impossible evidence: {shown} has probability 0 under this model and these "
            "credences (expected evidence the model allows)",
            code="impossible-evidence",
        ) from None


class Context(NamedTuple):
    """The evidence and do() an analysis runs under, and the part of the model's condition
    (``output.given``) that went into ``evidence``."""

    evidence: dict[str, str]
    do: dict[str, str]
    given: dict[str, str]


def headline_context(
    model: Model,
    evidence: Assignment | None = None,
    do: Assignment | None = None,
    *,
    unconditional: bool = False,
) -> Context:
    """The evidence and do() the headline is read under: ``model.given`` restricted to the
    claims the caller neither observes nor intervenes on, plus the caller's own evidence
    (which wins for its claims); ``unconditional`` drops the condition entirely.

    This is the one place the rule is written; the command line and the app both call it.
    Nothing is computed or checked here (names are checked when the context is used).

    >>> from argmap.loading import load_model
    >>> model = load_model("models/examples/sprinkler_given.yaml")
    >>> headline_context(model)
    Context(evidence={'cloudy': 'true'}, do={}, given={'cloudy': 'true'})
    >>> headline_context(model, {"cloudy": "false"}).evidence
    {'cloudy': 'false'}
    >>> headline_context(model, do={"cloudy": "true"})
    Context(evidence={}, do={'cloudy': 'true'}, given={})
    >>> headline_context(model, {"wet": "true"}, unconditional=True).given
    {}
    """
    observed, forced = dict(evidence or {}), dict(do or {})
    if unconditional:
        return Context(observed, forced, {})
    given = {c: s for c, s in model.given.items() if c not in observed and c not in forced}
    return Context({**given, **observed}, forced, given)


def impossible_condition(given: Assignment) -> ImpossibleEvidenceError:
    """The error for a headline condition that has probability 0 (with the caller's evidence)
    under the credences in force."""
    return ImpossibleEvidenceError.argument(
        "given",
        f"the headline's condition {given_label(given)} has probability 0 under these "
        "credences (and the evidence and do() given); expected a condition the credences "
        "allow, or read the output unconditionally",
        code="impossible-evidence",
    )


@dataclass(frozen=True)
class Headline:
    """The model's output read under its condition and without it.

    ``p_given`` is P(target | given, evidence, do()): the headline; ``p_unconditional`` the
    same without the condition. ``given`` is the part of the model's condition applied (the
    claims the caller observed or forced are left out); with no condition both numbers agree.
    """

    model_id: str
    target: str
    claim: str
    state: str
    p_given: float
    p_unconditional: float
    given: Mapping[str, str]
    distribution: Mapping[str, float]
    unconditional_distribution: Mapping[str, float]
    evidence: Mapping[str, str] = field(default_factory=dict)
    do: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "model": self.model_id,
            "target": self.target,
            "given": dict(self.given),
            "p_given": self.p_given,
            "p_unconditional": self.p_unconditional,
            "distribution": dict(self.distribution),
            "unconditional_distribution": dict(self.unconditional_distribution),
            "evidence": dict(self.evidence),
            "do": dict(self.do),
        }


def headline(
    model: Model,
    credences: Credences | Mapping[str, Value] | None = None,
    *,
    evidence: Assignment | None = None,
    do: Assignment | None = None,
) -> Headline:
    """The output under the model's condition (``output.given``, merged with ``evidence`` and
    ``do`` by :func:`headline_context`) and without it.

    Raises :class:`~argmap.errors.ImpossibleEvidenceError` when the caller's evidence is
    impossible, or (code ``impossible-evidence``, argument ``given``) when the condition is.
    """
    plain = marginals(model, credences, evidence=evidence, do=do)
    context = headline_context(model, evidence, do)
    conditional = plain
    if context.given:
        try:
            conditional = marginals(model, credences, evidence=context.evidence, do=context.do)
        except ImpossibleEvidenceError:
            raise impossible_condition(context.given) from None
    claim, state = model.output[0], model.output_state
    return Headline(
        model_id=model.id,
        target=model.output_label,
        claim=claim,
        state=state,
        p_given=conditional.p(claim, state),
        p_unconditional=plain.p(claim, state),
        given=context.given,
        distribution=dict(conditional.distributions[claim]),
        unconditional_distribution=dict(plain.distributions[claim]),
        evidence=dict(plain.evidence),
        do=dict(plain.do),
    )
