"""The resolved argument map: claims, links and settable parameters, all cross-checked.

:func:`resolve_model` turns a structurally valid :class:`~argmap.schema.ModelSpec` into a
:class:`Model`, collecting *every* problem (unknown parents with "did you mean", cycles shown
as their path, tables that miss or repeat a parent combination, distributions that do not sum
to 1, roles that disagree with the numbers) before raising one :class:`~argmap.errors.InputError`.

Each settable number of the model is a :class:`Parameter` with a stable id:

- ``slack``: the prior of an input claim;
- ``goal_guarding[slack=low,coverage=high]``: one row of an explicit table;
- ``awareness.leak`` and ``awareness.capability``: a noisy-OR/AND leak and a parent's strength.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any, Literal

import networkx as nx

from .errors import Problem
from .schema import ClaimSpec, LinkSpec, ModelSpec, Role
from .values import TOLERANCE, Dirichlet, Point, Uncertain, check_probability, parse_dirichlet
from .values import parse_value as _parse_value

Loc = tuple[str | int, ...]
Locate = Callable[[Loc], tuple[int | None, int | None]]
Kind = Literal["prior", "table", "noisy_or", "noisy_and", "logic"]
ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class PointDist:
    """A point distribution over k > 2 states (already checked to sum to 1)."""

    values: tuple[float, ...]

    @property
    def means(self) -> tuple[float, ...]:
        return self.values

    def to_yaml(self, states: Sequence[str]) -> dict[str, float]:
        return dict(zip(states, self.values, strict=True))


Value = Uncertain | PointDist | Dirichlet
"""A parameter's value: one probability (of the first state) or a whole distribution."""


@dataclass(frozen=True)
class Parameter:
    """One settable number (or distribution) of the model.

    ``states`` are the states the value is a distribution over: for a scalar value it is
    P(``states[0]``). ``loc`` is where the value stands in the model file.
    """

    id: str
    claim: str
    slot: tuple[str, ...] | tuple[str, int]
    states: tuple[str, ...]
    value: Value
    label: str
    loc: Loc = ()

    @property
    def is_scalar(self) -> bool:
        """True when the value is one probability (two states, or a noisy parameter)."""
        return not isinstance(self.value, PointDist | Dirichlet)

    def means(self) -> tuple[float, ...]:
        """The point distribution this parameter holds (uncertain values give their mean)."""
        if isinstance(self.value, PointDist | Dirichlet):
            return self.value.means
        return (self.value.mean, 1.0 - self.value.mean)


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

    @property
    def claim_ids(self) -> tuple[str, ...]:
        return tuple(self.claims)

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id, or an error that suggests near names."""
        try:
            return self.claims[claim_id]
        except KeyError:
            from .errors import UnknownNameError

            raise UnknownNameError.single(
                self.path, f"unknown claim {claim_id!r}{did_you_mean(claim_id, self.claims)}"
            ) from None

    def link_states(self, claim: Claim, link: Link) -> str:
        """Which parent state bears on which state of ``claim``, for supports/undermines links
        whose states are not plain true/false; otherwise ``""``.

        >>> from argmap.loading import load_model
        >>> m = load_model("models/scheming.yaml")
        >>> slack = m.claims["slack"]
        >>> m.link_states(slack, slack.links[0])
        'pretraining → low'
        """
        if link.role not in ("supports", "undermines"):
            return ""
        active = "/".join(self.claims[link.parent].states[i] for i in link.active)
        toward = claim.states[link.toward]
        if active == "true" and toward == "true":
            return ""
        if toward == "true":
            return f"if {active}"
        if active == "true":
            return f"→ {toward}"
        return f"{active} → {toward}"

    @property
    def output_label(self) -> str:
        claim_id, state = self.output
        return f"{claim_id}={self.claims[claim_id].states[state]}"


def did_you_mean(name: str, options: Iterator[str] | Sequence[str] | Mapping[str, Any]) -> str:
    """A suffix like `` (did you mean 'slack'?)``, or an empty string.

    >>> did_you_mean("slak", ["slack", "coverage"])
    " (did you mean 'slack'?)"
    """
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Collector:
    """Gathers located problems while resolving."""

    def __init__(self, path: str, locate: Locate) -> None:
        self.path, self.locate, self.problems = path, locate, list[Problem]()

    def add(self, loc: Loc, message: str) -> None:
        line, col = self.locate(loc)
        self.problems.append(Problem(self.path, line, col, message))


def parse_distribution(raw: Any, states: Sequence[str]) -> Value:
    """Parse a value for a distribution over ``states``; raise ValueError when invalid.

    >>> parse_distribution(0.3, ["true", "false"])
    Point(value=0.3)
    >>> parse_distribution({"low": 0.2, "mid": 0.3, "high": 0.5}, ["low", "mid", "high"])
    PointDist(values=(0.2, 0.3, 0.5))
    >>> parse_distribution({"a": 0.5, "b": 0.6}, ["a", "b"])
    Traceback (most recent call last):
    ...
    ValueError: distribution does not sum to 1 (expected a sum within 1e-09 of 1, got 1.1)
    """
    k = len(states)
    if isinstance(raw, str) and raw.strip().lower().startswith("dirichlet"):
        dirichlet = parse_dirichlet(raw, k)
        if dirichlet is None:
            raise ValueError(
                f"bad dirichlet(...) (expected dirichlet(a1, ..., a{k}), got {_short(raw)}; "
                'inside {...} or [...] put it in quotes: "dirichlet(...)")'
            )
        return dirichlet
    is_mean_sd = isinstance(raw, dict) and set(raw) == {"mean", "sd"} and set(states) != set(raw)
    if not isinstance(raw, dict) or is_mean_sd:
        if k != 2:
            raise ValueError(
                f"expected a mapping of the {k} states {list(states)} to probabilities "
                f"(or dirichlet(...)), got {_short(raw)}"
            )
        return _parse_value(raw)
    keys = [str(key) for key in raw]
    missing = [s for s in states if s not in keys]
    unknown = [key for key in keys if key not in states]
    if unknown:
        raise ValueError(
            f"unknown state {unknown[0]!r}{did_you_mean(unknown[0], states)} "
            f"(expected the states {list(states)})"
        )
    if missing:
        raise ValueError(f"missing state {missing[0]!r} (expected all of {list(states)})")
    values = []
    for state in states:
        item = raw[state]
        if isinstance(item, str | list | dict):
            raise ValueError(
                f"uncertain value for state {state!r} (expected a number; put uncertainty "
                f"over a whole distribution as dirichlet(...), got {_short(item)})"
            )
        values.append(check_probability(item))
    total = sum(values)
    if abs(total - 1.0) > TOLERANCE:
        raise ValueError(
            f"distribution does not sum to 1 (expected a sum within {TOLERANCE:g} of 1, "
            f"got {total:.12g})"
        )
    if k == 2:
        return Point(values[0])
    return PointDist(tuple(values))


def _short(raw: Any) -> str:
    text = repr(raw)
    return text if len(text) < 60 else text[:57] + "..."


def row_parameter_id(claim: str, when: Mapping[str, str]) -> str:
    """The id of a table row's parameter.

    >>> row_parameter_id("gg", {"slack": "low", "cov": "high"})
    'gg[slack=low,cov=high]'
    >>> row_parameter_id("gg", {})
    'gg[*]'
    """
    inside = ",".join(f"{k}={v}" for k, v in when.items()) or "*"
    return f"{claim}[{inside}]"


def resolve_model(spec: ModelSpec, path: str = "<model>", locate: Locate | None = None) -> Model:
    """Cross-check a structurally valid model file; raise InputError listing every problem."""
    from ._resolve import resolve

    return resolve(spec, path, locate or (lambda loc: (None, None)))


def iter_combinations(cards: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """All parent-state combinations, last parent varying fastest.

    >>> list(iter_combinations([2, 2]))
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    """
    return product(*(range(c) for c in cards))


def link_from_spec(raw: Any) -> LinkSpec:
    """Normalise a parent entry (nothing, a role name or a mapping) to a LinkSpec.

    >>> link_from_spec("supports").role
    'supports'
    >>> link_from_spec("backs")
    Traceback (most recent call last):
    ...
    ValueError: unknown role 'backs' (expected supports, undermines or moderates)
    """
    from pydantic import ValidationError

    if raw is None:
        return LinkSpec()
    if isinstance(raw, str):
        raw = {"role": raw}
    if not isinstance(raw, dict):
        raise ValueError(
            f"bad parent entry (expected a role name or a mapping with role, active, toward; "
            f"got {_short(raw)})"
        )
    role = raw.get("role")
    if role is not None and role not in ("supports", "undermines", "moderates"):
        raise ValueError(f"unknown role {role!r} (expected supports, undermines or moderates)")
    try:
        return LinkSpec.model_validate(dict(raw))
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise ValueError(f"bad parent entry: {where}: {first['msg']}") from None


def claim_kind(spec: ClaimSpec) -> list[Kind]:
    """The dependence forms a claim declares (exactly one is valid)."""
    kinds: list[Kind] = []
    if spec.prior is not None:
        kinds.append("prior")
    for name in ("table", "noisy_or", "noisy_and", "logic"):
        if getattr(spec, name) is not None:
            kinds.append(name)
    return kinds


def find_cycle(edges: Sequence[tuple[str, str]]) -> list[str] | None:
    """A cycle as a list of claim ids (first repeated at the end), or None.

    >>> find_cycle([("a", "b"), ("b", "c"), ("c", "a")])
    ['a', 'b', 'c', 'a']
    """
    graph = nx.DiGraph(edges)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return None
    nodes = [u for u, _ in cycle]
    return nodes + [nodes[0]]
