"""Resolution of a model file into a :class:`~argmap.model.Model`, collecting every problem.

:func:`resolve_model` cross-checks a structurally valid :class:`~argmap.schema.ModelSpec`:
unknown parents (with "did you mean"), cycles shown as their path, tables that miss or repeat
a parent combination, distributions that do not sum to 1, roles that disagree with the numbers.
Every problem is collected before one :class:`~argmap.errors.InputError` is raised.

The checks a credence file shares (a row's ``when`` names parents and their states; every
number parses) live in :mod:`argmap.checks`.

>>> from argmap.schema import ModelSpec
>>> spec = ModelSpec.model_validate({"id": "toy", "title": "Toy", "claims": {
...     "rain": {"statement": "It rains.", "prior": 0.3},
...     "wet": {"statement": "Wet.", "parents": ["rain"], "noisy_or": {"strengths": {"rian": 1}}},
... }})
>>> resolve_model(spec, "toy.yaml").claims
Traceback (most recent call last):
...
argmap.errors.InputError: toy.yaml: 'rian' is not a parent of 'wet' (did you mean 'rain'?) \
(expected one of ['rain'])
toy.yaml: missing strength for parent 'rain' (expected one per parent: ['rain'])
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from pydantic import ValidationError

from . import _graphs
from .checks import check_parent, check_when, parse_numbers, state_index
from .errors import Collector, Loc, Locate, describe, did_you_mean
from .model import Claim, Kind, Link, Model, Parameter, Row, Stated, parameter_id
from .output import resolve_output
from .roles import check_roles
from .schema import ID_RE, ClaimSpec, LinkSpec, ModelSpec
from .values import BadValue, Value, means

MAX_TABLE_ENTRIES = 1_000_000
"""The largest table a claim may have (its states times its parents' state combinations)."""
MAX_MODEL_TABLE_ENTRIES = 10_000_000
"""All tables' entries together (80 MB): a 2 MB file can declare ~100 million-entry tables."""
FORMS: tuple[Kind, ...] = ("prior", "table", "noisy_or", "noisy_and", "logic")


def resolve_model(spec: ModelSpec, path: str = "<model>", locate: Locate | None = None) -> Model:
    """Cross-check a structurally valid model file; raise InputError listing every problem."""
    out = Collector(path, locate)
    _check_names(spec, out)
    broken: dict[str, set[str]] = {cid: set() for cid in spec.claims}
    links = {cid: _links(cid, c, spec, out, broken[cid]) for cid, c in spec.claims.items()}
    # With a cycle there is no order, but every claim is still checked (in file order).
    order = _order(spec, links, out) or list(spec.claims)
    claims: dict[str, Claim] = {}
    parameters: dict[str, Parameter] = {}
    entries = 0
    for cid in order:
        size = _table_size(spec, cid, links[cid])
        entries += size if size <= MAX_TABLE_ENTRIES else 0
        if entries > MAX_MODEL_TABLE_ENTRIES:
            out.add(("claims", cid), f"the model's tables would hold more than "
                    f"{MAX_MODEL_TABLE_ENTRIES:,} entries with this claim's {size:,} (expected "
                    "at most that many in all; use fewer parents or states, or noisy forms)",
                    code="limit")
            break
        claim = _claim(cid, spec.claims[cid], links[cid], broken[cid], spec, parameters, out)
        if claim is not None:
            claims[cid] = claim
    output, given = resolve_output(spec, out)
    out.raise_if_any()
    model = Model(
        id=spec.id,
        title=spec.title,
        description=spec.description,
        source=spec.source.model_dump(exclude_none=True) if spec.source else None,
        output=output,
        groups=tuple((g.id, g.title) for g in spec.groups),
        claims=claims,
        parameters=parameters,
        path=path,
        text_hash=hashlib.sha256(spec.model_dump_json().encode()).hexdigest()[:16],
        given=given,
        output_note=spec.output.note if spec.output else None,
    )
    for cid, link_index, message in check_roles(model):
        parent = model.claims[cid].links[link_index].parent
        out.add(("claims", cid, "parents", parent), message, code="role")
    out.raise_if_any()
    return model


def link_from_spec(raw: Any) -> LinkSpec:
    """Normalise a parent entry (nothing, a role name or a mapping) to a LinkSpec.

    >>> link_from_spec("supports").role
    'supports'
    >>> link_from_spec("backs")
    Traceback (most recent call last):
    ...
    argmap.values.BadValue: unknown role 'backs' (expected supports, undermines or moderates)
    """
    if raw is None:
        return LinkSpec()
    if isinstance(raw, str):
        raw = {"role": raw}
    if not isinstance(raw, dict):
        raise BadValue("bad parent entry (expected a role name or a mapping with role, active, "
                       f"toward; got {describe(raw)})", "type")
    role = raw.get("role")
    if role is not None and role not in ("supports", "undermines", "moderates"):
        raise BadValue(f"unknown role {role!r} (expected supports, undermines or moderates)",
                       "role")
    try:
        return LinkSpec.model_validate(dict(raw))
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise BadValue(f"bad parent entry: {where}: {first['msg']}") from None


def claim_kind(spec: ClaimSpec) -> list[Kind]:
    """The dependence forms a claim declares (exactly one is valid)."""
    return [form for form in FORMS if getattr(spec, form) is not None]


def find_cycle(edges: Sequence[tuple[str, str]]) -> list[str] | None:
    """A cycle as a list of claim ids (first repeated at the end), or None.

    >>> find_cycle([("a", "b"), ("b", "c"), ("c", "a")])
    ['a', 'b', 'c', 'a']
    """
    return _graphs.find_cycle(edges)


def _check_names(spec: ModelSpec, out: Collector) -> None:
    group_ids = [g.id for g in spec.groups]
    for cid, claim in spec.claims.items():
        if not ID_RE.fullmatch(cid):
            out.add(("claims", cid), f"bad claim id {cid!r} (expected a letter then letters, "
                    "digits or _)", code="bad-value")
        if len(claim.states) < 2:
            out.add(("claims", cid, "states"), "too few states (expected at least 2, got "
                    f"{len(claim.states)})", code="bad-value")
        for i, state in enumerate(claim.states):
            if not ID_RE.fullmatch(state):
                out.add(("claims", cid, "states", i), f"bad state name {state!r} (expected a "
                        "letter then letters, digits or _)", code="bad-value")
            if state in claim.states[:i]:
                out.add(("claims", cid, "states", i), f"duplicate state {state!r}",
                        code="duplicate")
        if claim.group is not None and group_ids and claim.group not in group_ids:
            out.add(("claims", cid, "group"), f"unknown group {claim.group!r}"
                    f"{did_you_mean(claim.group, group_ids)} (expected one of {group_ids})",
                    code="unknown-name")


def _links(
    cid: str, claim: ClaimSpec, spec: ModelSpec, out: Collector, broken: set[str]
) -> list[Link]:
    """The claim's links; parents that cannot be linked go to ``broken`` (no follow-on errors)."""
    raw = claim.parents or []
    items = raw.items() if isinstance(raw, dict) else ((p, None) for p in raw)
    links: list[Link] = []
    for index, (parent, entry) in enumerate(items):
        loc = ("claims", cid, "parents", parent if isinstance(raw, dict) else index)
        if parent not in spec.claims:
            out.add(loc, f"unknown claim {parent!r}{did_you_mean(parent, spec.claims)} "
                    f"(expected a claim of this model as parent of {cid!r})", code="unknown-claim")
            broken.add(parent)
            continue
        if parent == cid:
            out.add(loc, f"claim {cid!r} lists itself as a parent (cycle: {cid} -> {cid})",
                    code="cycle")
            broken.add(parent)
            continue
        if any(link.parent == parent for link in links):
            out.add(loc, f"parent {parent!r} listed twice (expected each parent once)",
                    code="duplicate")
            continue
        try:
            link = link_from_spec(entry)
        except BadValue as err:
            out.add(loc, str(err), code=err.code)
            link = link_from_spec(None)  # keep the parent: its role is the only problem
        pstates = spec.claims[parent].states
        active_raw = link.active if link.active is not None else pstates[0]
        active_list = [active_raw] if isinstance(active_raw, str) else active_raw
        active = [state_index(out, loc, parent, pstates, state) for state in active_list]
        toward = 0
        if link.toward is not None:
            toward = state_index(out, loc, cid, claim.states, link.toward) or 0
        links.append(Link(parent, link.role, tuple(i for i in active if i is not None), toward))
    return links


def _order(spec: ModelSpec, links: Mapping[str, list[Link]], out: Collector) -> list[str] | None:
    edges = [(link.parent, cid) for cid, ls in links.items() for link in ls]
    cycle = find_cycle(edges)
    if cycle is not None:
        out.add(("claims", cycle[0], "parents"), "cycle: " + " -> ".join(cycle) + " (each "
                "claim is a parent of the next; expected no claim to depend on itself)",
                code="cycle")
        return None
    # A stable topological order: file order among the claims that are ready.
    position = {cid: i for i, cid in enumerate(spec.claims)}
    return _graphs.topological_order(spec.claims, edges, key=position.__getitem__)


def _table_size(model: ModelSpec, cid: str, links: list[Link]) -> int:
    """A claim's table entries: its states times its parents' state combinations."""
    states = len(model.claims[cid].states)
    return states * math.prod(len(model.claims[link.parent].states) for link in links)


def _claim(
    cid: str,
    spec: ClaimSpec,
    links: list[Link],
    broken: set[str],
    model: ModelSpec,
    parameters: dict[str, Parameter],
    out: Collector,
) -> Claim | None:
    kinds = claim_kind(spec)
    base = ("claims", cid)
    size = _table_size(model, cid, links)
    if size > MAX_TABLE_ENTRIES:
        out.add((*base, "parents"), f"table too large: {size:,} entries (expected at most "
                f"{MAX_TABLE_ENTRIES:,}; use fewer parents or states, or intermediate claims)",
                code="limit")
        return None
    numbers = parse_numbers(cid, spec.model_dump(include={*FORMS, "stated"}), spec.states, out)
    if len(kinds) != 1:
        got = ", ".join(kinds) or "none"
        out.add(base, f"claim needs exactly one of {', '.join(FORMS[:-1])} or logic (expected "
                f"one, got {got})", code="bad-value")
        return None
    kind: Kind = kinds[0]
    if kind == "prior" and spec.parents:
        out.add((*base, "prior"), "an input with parents (expected a prior only on claims "
                "without parents; give a table, noisy_or, noisy_and or logic instead)",
                code="bad-value")
        return None
    if kind != "prior" and not spec.parents:
        out.add((*base, kind), f"{kind} without parents (expected a parents list, or a prior)",
                code="bad-value")
        return None
    rows: tuple[Row, ...] = ()
    if kind == "prior":
        _add(parameters, numbers, cid, (*base, "prior"), spec.states, f"P({cid})", ("prior",))
    elif kind == "table":
        rows = _table(cid, spec, links, broken, model, parameters, numbers, out)
    elif kind in ("noisy_or", "noisy_and"):
        _noisy(cid, spec, kind, links, broken, parameters, numbers, out)
    elif len(spec.states) != 2:
        out.add((*base, "logic"), "logic needs a two-state claim (expected 2 states, got "
                f"{len(spec.states)})", code="bad-value")
    elif spec.logic == "not" and len(links) + len(broken) != 1:
        out.add((*base, "logic"), f"'not' takes one parent (expected 1, got "
                f"{len(links) + len(broken)})", code="bad-value")
    short = " ".join(spec.statement.split())
    said = numbers.get((*base, "stated", "p"))
    stated = Stated(means(said), spec.stated.source) if said is not None and spec.stated else None
    return Claim(
        id=cid,
        statement=spec.statement,
        short=spec.short or (short if len(short) <= 48 else short[:47].rstrip() + "…"),
        states=spec.states,
        section=spec.section,
        basis=spec.basis,
        evidence=spec.evidence,
        says=spec.says,
        note=spec.note,
        group=spec.group,
        kind=kind,
        links=tuple(links),
        rows=rows,
        logic=spec.logic,
        stated=stated,
    )


def _add(
    parameters: dict[str, Parameter],
    numbers: Mapping[Loc, Value],
    cid: str,
    loc: Loc,
    states: tuple[str, ...],
    label: str | None,
    slot: tuple[str, ...] | tuple[str, int],
    *,
    when: Mapping[str, str] | None = None,
    key: str | None = None,
) -> None:
    """Add the parameter whose number stands at ``loc`` (unless that number was bad)."""
    if loc in numbers:
        pid = parameter_id(cid, when, key)
        parameters[pid] = Parameter(pid, cid, slot, states, numbers[loc], label or pid, loc,
                                    when=when, key=key)


def _table(
    cid: str,
    spec: ClaimSpec,
    links: list[Link],
    broken: set[str],
    model: ModelSpec,
    parameters: dict[str, Parameter],
    numbers: Mapping[Loc, Value],
    out: Collector,
) -> tuple[Row, ...]:
    assert spec.table is not None
    states_of = {link.parent: model.claims[link.parent].states for link in links}
    parents = list(states_of)
    covered = np.full([len(s) for s in states_of.values()], -1, dtype=np.int64)
    rows: list[Row] = []
    before = len(out.problems)
    for r, row in enumerate(spec.table):
        loc = ("claims", cid, "table", r)
        fixed = check_when(out, (*loc, "when"), cid, row.when, states_of, quiet=bool(broken))
        if fixed is None:
            continue
        when = {parents[i]: states_of[parents[i]][s] for i, s in fixed}
        pid = parameter_id(cid, when)
        if pid in parameters:
            out.add(loc, f"duplicate row for {pid} (expected each parent combination once)",
                    code="table")
            continue
        index: list[int | slice] = [slice(None)] * len(parents)
        for i, state_index_ in fixed:
            index[i] = state_index_
        taken = np.asarray(covered[tuple(index)]) >= 0
        if taken.any():  # name the first combination another row already covers
            free = iter(int(x) for x in np.argwhere(taken)[0]) if taken.ndim else iter(())
            combo = tuple(s if isinstance(s, int) else next(free) for s in index)
            out.add(loc, f"rows {int(covered[combo]) + 1} and {r + 1} both match "
                    f"{_combo_name(states_of, combo)} (expected each parent combination in "
                    "exactly one row)", code="table")
        else:
            covered[tuple(index)] = r
        _add(parameters, numbers, cid, (*loc, "p"), spec.states, None, ("row", r), when=when)
        rows.append(Row(fixed, pid))
    missing = [tuple(int(x) for x in c) for c in np.argwhere(covered < 0)]
    if missing and len(out.problems) == before and not broken:
        shown = "; ".join(_combo_name(states_of, c) for c in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        out.add(("claims", cid, "table"), f"table misses {len(missing)} parent combination(s): "
                f"{shown}{more} (expected every combination of {parents} covered)", code="table")
    return tuple(rows)


def _combo_name(states_of: Mapping[str, Sequence[str]], combo: tuple[int, ...]) -> str:
    pairs = zip(states_of.items(), combo, strict=True)
    return ", ".join(f"{p}={states[s]}" for (p, states), s in pairs) or "every case"


def _noisy(
    cid: str,
    spec: ClaimSpec,
    kind: Kind,
    links: list[Link],
    broken: set[str],
    parameters: dict[str, Parameter],
    numbers: Mapping[Loc, Value],
    out: Collector,
) -> None:
    noisy = spec.noisy_or if kind == "noisy_or" else spec.noisy_and
    assert noisy is not None
    loc = ("claims", cid, kind)
    if len(spec.states) != 2:
        out.add(loc, f"{kind} needs a two-state claim (expected 2 states, got "
                f"{len(spec.states)})", code="bad-value")
        return
    parents = [link.parent for link in links]
    for name in noisy.strengths:
        if not broken:
            check_parent(out, (*loc, "strengths", name), cid, name, parents)
    for parent in parents:
        if parent not in noisy.strengths:
            out.add((*loc, "strengths"), f"missing strength for parent {parent!r} "
                    f"(expected one per parent: {parents})", code="missing-key")
    binary = ("true", "false")
    leak_label = "leak: P(effect without any cause)" if kind == "noisy_or" else (
        "leak: P(effect fails with every condition)")
    _add(parameters, numbers, cid, (*loc, "leak"), binary, leak_label, ("leak",), key="leak")
    for parent in parents:
        if parent in noisy.strengths:
            _add(parameters, numbers, cid, (*loc, "strengths", parent), binary,
                 f"strength of {parent}", ("strength", parent), key=parent)
