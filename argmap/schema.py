"""The shapes of argmap's YAML files, as pydantic v2 models.

These types check structure (which keys exist, their types) and report every problem at
once with its location. Rules that span claims (references resolve, tables cover every
parent combination, distributions sum to 1, roles agree with the numbers) are checked when
the file is resolved into a :class:`argmap.model.Model` (see ``argmap/resolve.py``), also
collecting every problem. Numeric values stay raw here (``Any``) and are parsed by
:func:`argmap.values.parse_value` at resolution, so one parser serves models and credence files.

Examples
--------
>>> spec = ModelSpec.model_validate({
...     "id": "toy", "title": "Toy",
...     "claims": {"rain": {"statement": "It rains.", "prior": 0.3}},
... })
>>> spec.claims["rain"].states
('true', 'false')
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

Role = Literal["supports", "undermines", "moderates"]
Basis = Literal["report", "interpretation", "mixed"]
EvidenceMark = Literal["V", "S", "M"]
"""How a claim was checked: V read in the report's own text, S a secondary source, M unverified."""
ID_CHARS = r"[A-Za-z][A-Za-z0-9_]*"
"""Ids of models, claims, groups and states: a letter, then letters, digits or ``_``."""
ID_PATTERN = rf"^{ID_CHARS}$"
"""The id rule for pydantic's ``pattern=`` (its Rust engine's ``$`` is the very end of the text;
Python's ``$`` also matches before a final newline, so Python code uses :data:`ID_RE`)."""
ID_RE = re.compile(rf"\A{ID_CHARS}\Z")
"""The id rule for Python code: the whole text, so an id with a trailing newline is refused
(a ``$`` anchor would let it pass)."""


class Strict(BaseModel):
    """Base: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


def _state_name(value: Any) -> Any:
    """YAML reads a bare ``true``/``false`` as a boolean; as a state name it is the text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


StateName = Annotated[
    str,
    BeforeValidator(_state_name),
    WithJsonSchema({"type": ["string", "boolean"], "description": "A state name (a bare "
                    "true/false is read as the state 'true'/'false')."}),
]


def _text(value: Any) -> Any:
    """YAML's block scalars (``>`` and ``|``) end in a newline that is not part of the text."""
    return value.rstrip("\n") if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_text)]


class SourceSpec(Strict):
    """The document a model maps."""

    title: Text
    author: Text | None = None
    year: int | None = None
    url: Text | None = None


class OutputSpec(Strict):
    """The claim (and state) a model is about; analyses target it by default."""

    claim: str
    state: StateName | None = None
    given: dict[str, StateName] = Field(default_factory=dict)
    """The headline's default condition: claim -> state (the output claim is not among them)."""
    note: Text | None = None
    """What the condition means, shown with it."""


class LinkSpec(Strict):
    """How a parent bears on a claim.

    ``active`` names the parent state(s) that count as "the parent holds" (default: its first
    state); ``toward`` names the child state the role speaks of (default: the child's first).
    """

    role: Role | None = None
    active: StateName | list[StateName] | None = None
    toward: StateName | None = None


class RowSpec(Strict):
    """One row of an explicit table: parent states (omitted parents match any state) and the
    child's distribution (a number is P(first state) for a two-state claim)."""

    when: dict[str, StateName] = Field(default_factory=dict)
    p: Any


class NoisySpec(Strict):
    """Noisy-OR / noisy-AND parameters: a leak and one strength per parent."""

    leak: Any = 0.0
    strengths: dict[str, Any]


class StatedSpec(Strict):
    """A marginal the source states for a claim (``p``, written like a prior) and where it says
    so. Not a parameter: :func:`argmap.analysis.coherence` compares it with the marginal the
    tables imply."""

    p: Any
    source: Text | None = None


class GroupSpec(Strict):
    """A named group of claims (for the app's controls and diagram clusters)."""

    id: str = Field(pattern=ID_PATTERN)
    title: Text


class ClaimSpec(Strict):
    """One claim: an input (``prior``) or a claim that depends on its ``parents``."""

    statement: Text = Field(min_length=1)
    short: Text | None = None
    states: tuple[StateName, ...] = ("true", "false")
    section: Text | None = None
    basis: Basis | None = None
    evidence: EvidenceMark | None = None
    says: Text | None = None
    note: Text | None = None
    group: str | None = None
    prior: Any = None
    parents: dict[str, Any] | list[str] | None = None
    table: list[RowSpec] | None = None
    noisy_or: NoisySpec | None = None
    noisy_and: NoisySpec | None = None
    logic: Literal["all", "any", "not"] | None = None
    stated: StatedSpec | None = None


class ModelSpec(Strict):
    """A whole argument map."""

    argmap: Literal[1] = 1
    id: str = Field(pattern=ID_PATTERN)
    title: Text
    description: Text | None = None
    source: SourceSpec | None = None
    output: OutputSpec | None = None
    groups: list[GroupSpec] = Field(default_factory=list)
    claims: dict[str, ClaimSpec] = Field(min_length=1)


class CredenceSpec(Strict):
    """A credence file: one person's numbers for a model's settable parameters."""

    argmap: Literal[1] = 1
    model: str
    author: Text | None = None
    date: str | _dt.date | None = None
    note: Text | None = None
    illustrative: bool = False
    credences: dict[str, Any] = Field(default_factory=dict)
