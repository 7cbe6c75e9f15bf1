"""The resolved argument map: frozen claims, links and settable parameters.

:func:`argmap.resolve.resolve_model` builds a :class:`Model` from a structurally valid model
file, checking every cross-reference; nothing here parses or validates.

Each settable number of the model is a :class:`Parameter` whose id is built by
:func:`parameter_id` and read back by :func:`parse_parameter_id` (``docs/format.md``,
"Parameters"):

- ``slack``: the prior of an input claim;
- ``goal_guarding[slack=low,coverage=high]``: one row of an explicit table (``gg[*]`` for a
  row that matches every parent combination);
- ``awareness.leak`` and ``awareness.capability``: a noisy-OR/AND leak and a parent's strength.

>>> parameter_id("rain", {"cloudy": "true"})
'rain[cloudy=true]'
>>> parse_parameter_id("wet.leak")
('wet', None, 'leak')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ._display import short as _short
from ._display import show, state_words
from .errors import InputError, Loc, UnknownNameError, unknown_claim
from .schema import ID_CHARS, Role
from .values import Dirichlet, PointDist, Value, means

Kind = Literal["prior", "table", "noisy_or", "noisy_and", "logic"]

_NAME = ID_CHARS
_PARAMETER_ID = re.compile(
    rf"^(?P<claim>{_NAME})(?:\[(?P<when>\*|{_NAME}={_NAME}(?:,{_NAME}={_NAME})*)\]"
    rf"|\.(?P<key>{_NAME}))?\Z"
)


def parameter_id(claim: str, when: Mapping[str, str] | None = None, key: str | None = None) -> str:
    """The id of a parameter of ``claim``: its prior, the table row for the parent states
    ``when`` (in the claim's parent order), or the noisy-form slot ``key`` (``"leak"`` or a
    parent's name).

    >>> parameter_id("slack")
    'slack'
    >>> parameter_id("gg", {"slack": "low", "cov": "high"}), parameter_id("gg", {})
    ('gg[slack=low,cov=high]', 'gg[*]')
    >>> parameter_id("wet", key="rain")
    'wet.rain'
    """
    if when is not None and key is not None:
        raise InputError.argument("key", "a parameter has a when or a key, not both")
    if when is not None:
        return f"{claim}[{','.join(f'{p}={s}' for p, s in when.items()) or '*'}]"
    return claim if key is None else f"{claim}.{key}"


def parse_parameter_id(text: str) -> tuple[str, dict[str, str] | None, str | None]:
    """``(claim, when, key)`` of a parameter id, the inverse of :func:`parameter_id`.

    >>> parse_parameter_id("rain[cloudy=true]")
    ('rain', {'cloudy': 'true'}, None)
    >>> parse_parameter_id("rain[*]"), parse_parameter_id("slack")
    (('rain', {}, None), ('slack', None, None))
    >>> parse_parameter_id("rain[cloudy]")
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: text: bad parameter id 'rain[cloudy]' (expected claim, \
claim[parent=state,...], claim[*] or claim.key)
    """
    match = _PARAMETER_ID.match(text) if isinstance(text, str) else None
    if match is None:
        raise InputError.argument(
            "text", f"bad parameter id {text!r} (expected claim, claim[parent=state,...], "
            "claim[*] or claim.key)", code="bad-value")
    inside = match["when"]
    when = None if inside is None else dict(
        pair.split("=", 1) for pair in inside.split(",") if pair != "*")
    return match["claim"], when, match["key"]


@dataclass(frozen=True)
class Parameter:
    """One settable number (or distribution) of the model.

    ``states`` are the states the value is a distribution over: for a scalar value it is
    P(``states[0]``). ``loc`` is where the value stands in the model file. ``when`` (a table
    row's parent states, ``{}`` for a row matching every combination) and ``key`` (a noisy
    form's ``"leak"`` or a parent's name) say which of the claim's numbers it is; both are
    ``None`` for an input's prior. ``slot`` says the same as a tuple: ``("prior",)``,
    ``("row", index)``, ``("leak",)`` or ``("strength", parent)``.
    """

    id: str
    claim: str
    slot: tuple[str, ...] | tuple[str, int]
    states: tuple[str, ...]
    value: Value
    label: str
    loc: Loc = ()
    when: Mapping[str, str] | None = field(default=None, kw_only=True, hash=False)
    key: str | None = field(default=None, kw_only=True)

    @property
    def is_scalar(self) -> bool:
        """True when the value is one probability (two states, or a noisy parameter)."""
        return not isinstance(self.value, PointDist | Dirichlet)

    def means(self) -> tuple[float, ...]:
        """The point distribution this parameter holds (uncertain values give their mean)."""
        return means(self.value)


@dataclass(frozen=True)
class Link:
    """A parent of a claim, with its role and the parent states that count as active."""

    parent: str
    role: Role | None
    active: tuple[int, ...]
    toward: int


@dataclass(frozen=True)
class Row:
    """One table row: fixed parent states (parent index in links -> state index)."""

    when: tuple[tuple[int, int], ...]
    parameter: str


@dataclass(frozen=True)
class Stated:
    """A marginal the source states for a claim (its ``stated:`` key), beside its numbers.

    ``p`` is a distribution over the claim's states (an uncertain value enters at its mean);
    ``source`` says where the source states it. It is not a parameter: no credence changes
    it, and inference never reads it (:func:`argmap.analysis.coherence` compares the two).
    """

    p: tuple[float, ...]
    source: str | None = None


@dataclass(frozen=True)
class Claim:
    """A resolved claim."""

    id: str
    statement: str
    short: str
    states: tuple[str, ...]
    section: str | None
    basis: str | None
    says: str | None
    note: str | None
    group: str | None
    kind: Kind
    links: tuple[Link, ...]
    rows: tuple[Row, ...] = ()
    logic: str | None = None
    evidence: str | None = None
    """How the claim was checked against the source: ``V`` read in its own text, ``S`` a
    secondary source, ``M`` unverified (our reading); None when not said."""
    stated: Stated | None = None
    """The marginal the source states for this claim, if the file records one."""

    def __repr__(self) -> str:
        parents = f", parents {', '.join(self.parents)}" if self.links else ""
        return (f"<Claim {self.id!r} ({self.kind}, states {'/'.join(self.states)}{parents}): "
                f"{_short(self.short)!r}>")

    @property
    def parents(self) -> tuple[str, ...]:
        return tuple(link.parent for link in self.links)

    @property
    def is_input(self) -> bool:
        return self.kind == "prior"


@dataclass(frozen=True)
class Model:
    """A validated argument map. Claims are in topological order (parents first)."""

    id: str
    title: str
    description: str | None
    source: dict[str, Any] | None
    output: tuple[str, int]
    groups: tuple[tuple[str, str], ...]
    claims: Mapping[str, Claim]
    parameters: Mapping[str, Parameter]
    path: str = "<model>"
    text_hash: str = ""
    warnings: tuple[str, ...] = field(default=())
    given: Mapping[str, str] = field(default_factory=dict, hash=False)
    """The headline's default condition, ``{claim id: state}`` as the file writes it (empty:
    none).
    The CLI and the app read the output under it unless asked not to; library functions apply
    only the evidence they are given (see :func:`argmap.inference.headline_context`)."""
    output_note: str | None = None
    """What the headline's condition means (the model file's ``output.note``)."""

    def __repr__(self) -> str:
        links = sum(len(c.links) for c in self.claims.values())
        given = f" given {self.given_label}" if self.given else ""
        return (f"<Model {self.id!r}: {len(self.claims)} claims, {links} links, "
                f"{len(self.parameters)} parameters, output {self.output_label!r}{given}>")

    def _repr_svg_(self) -> str | None:
        """The diagram (at the model's own numbers) for Jupyter, or None without Graphviz
        (Jupyter then shows the repr). Drawn by :func:`argmap.export.notebook.model_svg`."""
        svg: str | None = show("model_svg", self)
        return svg

    @property
    def claim_ids(self) -> tuple[str, ...]:
        return tuple(self.claims)

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id, or an error that suggests near names."""
        try:
            return self.claims[claim_id]
        except KeyError:
            raise UnknownNameError.single(
                self.path, unknown_claim(claim_id, self.claims),
                code="unknown-claim",
            ) from None

    def parameters_of(self, claim_id: str) -> tuple[Parameter, ...]:
        """The parameters ``claim_id`` holds, in model order (none for a logic claim).

        >>> from argmap.loading import load_model
        >>> [p.id for p in load_model("models/examples/sprinkler.yaml").parameters_of("wet")]
        ['wet.leak', 'wet.rain', 'wet.sprinkler']
        """
        self.claim(claim_id)
        return tuple(p for p in self.parameters.values() if p.claim == claim_id)

    def link_states(self, claim: Claim, link: Link) -> str:
        """Which parent state bears on which state of ``claim``, for supports/undermines links
        whose states are not plain true/false; otherwise ``""``. States are in words
        (:func:`argmap.state_words`): this labels the diagrams' arrows.

        >>> from argmap.loading import load_model
        >>> m = load_model("models/scheming.yaml")
        >>> slack = m.claims["slack"]
        >>> m.link_states(slack, slack.links[0])
        'pretraining → low'
        """
        if link.role not in ("supports", "undermines"):
            return ""
        active = "/".join(state_words(self.claims[link.parent].states[i]) for i in link.active)
        toward = state_words(claim.states[link.toward])
        if active == "true" and toward == "true":
            return ""
        if toward == "true":
            return f"if {active}"
        if active == "true":
            return f"→ {toward}"
        return f"{active} → {toward}"

    @property
    def output_state(self) -> str:
        """The name of the output claim's state that analyses target by default."""
        claim_id, state = self.output
        return self.claims[claim_id].states[state]

    @property
    def output_label(self) -> str:
        """``claim=state`` of the output, for display."""
        return f"{self.output[0]}={self.output_state}"

    @property
    def given_label(self) -> str:
        """The headline's condition as ``claim=state, ...`` (``""`` when there is none).

        >>> from argmap.loading import load_model
        >>> load_model("models/examples/sprinkler.yaml").given_label
        ''
        """
        return given_label(self.given)


def given_label(given: Mapping[str, str]) -> str:
    """``claim=state, ...`` of an assignment, for display.

    >>> given_label({"situational_awareness": "true", "capability": "somewhat_better"})
    'situational_awareness=true, capability=somewhat_better'
    """
    return ", ".join(f"{c}={s}" for c, s in given.items())
