"""Resolution of a model file into a :class:`~argmap.model.Model`, collecting every problem."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np

from .errors import InputError, sort_problems
from .model import (
    ID_RE,
    Claim,
    Kind,
    Link,
    Locate,
    Model,
    Parameter,
    Row,
    _Collector,
    claim_kind,
    did_you_mean,
    find_cycle,
    link_from_spec,
    parse_distribution,
    row_parameter_id,
)
from .schema import ClaimSpec, ModelSpec
from .values import parse_value

MAX_TABLE_ENTRIES = 1_000_000
"""The largest table a claim may have (its states times its parents' state combinations)."""


def resolve(spec: ModelSpec, path: str, locate: Locate) -> Model:
    """See :func:`argmap.model.resolve_model`."""
    out = _Collector(path, locate)
    group_ids = [g.id for g in spec.groups]
    _check_names(spec, group_ids, out)
    broken: dict[str, set[str]] = {cid: set() for cid in spec.claims}
    links = {cid: _links(cid, c, spec, out, broken[cid]) for cid, c in spec.claims.items()}
    # With a cycle there is no order, but every claim is still checked (in file order).
    order = _order(spec, links, out) or list(spec.claims)
    claims: dict[str, Claim] = {}
    parameters: dict[str, Parameter] = {}
    for cid in order:
        claim = _claim(cid, spec.claims[cid], links[cid], broken[cid], spec, parameters, out)
        if claim is not None:
            claims[cid] = claim
    output = _output(spec, out)
    if out.problems:
        raise InputError(sort_problems(out.problems))
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
    )
    from .roles import check_roles

    for cid, link_index, message in check_roles(model):
        out.add(("claims", cid, "parents", model.claims[cid].links[link_index].parent), message)
    if out.problems:
        raise InputError(sort_problems(out.problems))
    return model


def _check_names(spec: ModelSpec, group_ids: list[str], out: _Collector) -> None:
    for cid, claim in spec.claims.items():
        if not ID_RE.match(cid):
            out.add(
                ("claims", cid),
                f"bad claim id {cid!r} (expected a letter then letters, digits or _)",
            )
        if len(claim.states) < 2:
            out.add(
                ("claims", cid, "states"),
                f"too few states (expected at least 2, got {len(claim.states)})",
            )
        seen: set[str] = set()
        for i, state in enumerate(claim.states):
            if not ID_RE.match(state):
                out.add(
                    ("claims", cid, "states", i),
                    f"bad state name {state!r} (expected a letter then letters, digits or _)",
                )
            if state in seen:
                out.add(("claims", cid, "states", i), f"duplicate state {state!r}")
            seen.add(state)
        if claim.group is not None and group_ids and claim.group not in group_ids:
            out.add(
                ("claims", cid, "group"),
                f"unknown group {claim.group!r}{did_you_mean(claim.group, group_ids)} "
                f"(expected one of {group_ids})",
            )


def _links(
    cid: str, claim: ClaimSpec, spec: ModelSpec, out: _Collector, broken: set[str]
) -> list[Link]:
    """The claim's links; parents that cannot be linked go to ``broken`` (no follow-on errors)."""
    raw = claim.parents or []
    items = raw.items() if isinstance(raw, dict) else ((p, None) for p in raw)
    links: list[Link] = []
    for index, (parent, entry) in enumerate(items):
        loc = ("claims", cid, "parents", parent if isinstance(raw, dict) else index)
        if parent not in spec.claims:
            out.add(loc, f"unknown claim {parent!r}{did_you_mean(parent, spec.claims)} "
                    f"(expected a claim of this model as parent of {cid!r})")
            broken.add(parent)
            continue
        if parent == cid:
            out.add(loc, f"claim {cid!r} lists itself as a parent (cycle: {cid} -> {cid})")
            broken.add(parent)
            continue
        if any(link.parent == parent for link in links):
            out.add(loc, f"parent {parent!r} listed twice (expected each parent once)")
            continue
        try:
            link = link_from_spec(entry)
        except ValueError as err:
            out.add(loc, str(err))
            link = link_from_spec(None)  # keep the parent: its role is the only problem
        pstates = spec.claims[parent].states
        active_raw = link.active if link.active is not None else pstates[0]
        active_list = [active_raw] if isinstance(active_raw, str) else active_raw
        active = []
        for state in active_list:
            if state not in pstates:
                out.add(
                    loc,
                    f"unknown state {state!r} of {parent!r}{did_you_mean(state, pstates)} "
                    f"(expected one of {list(pstates)})",
                )
            else:
                active.append(pstates.index(state))
        toward = 0
        if link.toward is not None:
            if link.toward not in claim.states:
                out.add(
                    loc,
                    f"unknown state {link.toward!r} of {cid!r} (expected one of "
                    f"{list(claim.states)})",
                )
            else:
                toward = claim.states.index(link.toward)
        links.append(Link(parent, link.role, tuple(active), toward))
    return links


def _order(spec: ModelSpec, links: Mapping[str, list[Link]], out: _Collector) -> list[str] | None:
    edges = [(link.parent, cid) for cid, ls in links.items() for link in ls]
    cycle = find_cycle(edges)
    if cycle is not None:
        out.add(("claims", cycle[0], "parents"), "cycle: " + " -> ".join(cycle) + " (each "
                "claim is a parent of the next; expected no claim to depend on itself)")
        return None
    graph = nx.DiGraph(edges)
    graph.add_nodes_from(spec.claims)
    # A stable topological order: file order among the claims that are ready.
    position = {cid: i for i, cid in enumerate(spec.claims)}
    return list(nx.lexicographical_topological_sort(graph, key=lambda n: position[n]))


def _claim(
    cid: str,
    spec: ClaimSpec,
    links: list[Link],
    broken: set[str],
    model: ModelSpec,
    parameters: dict[str, Parameter],
    out: _Collector,
) -> Claim | None:
    kinds = claim_kind(spec)
    base = ("claims", cid)
    size = len(spec.states) * math.prod(len(model.claims[link.parent].states) for link in links)
    if size > MAX_TABLE_ENTRIES:
        out.add((*base, "parents"), f"table too large: {size:,} entries (expected at most "
                f"{MAX_TABLE_ENTRIES:,}; use fewer parents or states, or intermediate claims)")
        return None
    if len(kinds) != 1:
        forms = "prior, table, noisy_or, noisy_and or logic"
        got = ", ".join(kinds) if kinds else "none"
        out.add(base, f"claim needs exactly one of {forms} (expected one, got {got})")
        return None
    kind: Kind = kinds[0]
    has_parents = bool(spec.parents)
    if kind == "prior" and has_parents:
        out.add((*base, "prior"), "an input with parents (expected a prior only on claims "
                "without parents; give a table, noisy_or, noisy_and or logic instead)")
        return None
    if kind != "prior" and not has_parents:
        out.add((*base, kind), f"{kind} without parents (expected a parents list, or a prior)")
        return None
    rows: tuple[Row, ...] = ()
    if kind == "prior":
        _add_param(parameters, out, cid, ("prior",), cid, spec.states, spec.prior, (*base, "prior"),
                   f"P({cid})")
    elif kind == "table":
        rows = _table(cid, spec, links, broken, model, parameters, out)
    elif kind in ("noisy_or", "noisy_and"):
        _noisy(cid, spec, kind, links, broken, parameters, out)
    elif kind == "logic":
        if len(spec.states) != 2:
            out.add((*base, "logic"), f"logic needs a two-state claim (expected 2 states, got "
                    f"{len(spec.states)})")
        if spec.logic == "not" and len(links) + len(broken) != 1:
            out.add((*base, "logic"), f"'not' takes one parent (expected 1, got "
                    f"{len(links) + len(broken)})")
    return Claim(
        id=cid,
        statement=spec.statement,
        short=spec.short or _shorten(spec.statement),
        states=spec.states,
        section=spec.section,
        basis=spec.basis,
        says=spec.says,
        note=spec.note,
        group=spec.group,
        kind=kind,
        links=tuple(links),
        rows=rows,
        logic=spec.logic,
    )


def _shorten(statement: str, limit: int = 48) -> str:
    text = " ".join(statement.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _add_param(
    parameters: dict[str, Parameter],
    out: _Collector,
    cid: str,
    slot: tuple[str, ...] | tuple[str, int],
    pid: str,
    states: tuple[str, ...],
    raw: Any,
    loc: tuple[str | int, ...],
    label: str,
) -> None:
    try:
        value = parse_distribution(raw, states)
    except ValueError as err:
        out.add(loc, str(err))
        return
    parameters[pid] = Parameter(pid, cid, slot, states, value, label, loc)


def _table(
    cid: str,
    spec: ClaimSpec,
    links: list[Link],
    broken: set[str],
    model: ModelSpec,
    parameters: dict[str, Parameter],
    out: _Collector,
) -> tuple[Row, ...]:
    assert spec.table is not None
    parents = [link.parent for link in links]
    cards = [len(model.claims[p].states) for p in parents]
    covered = np.full(cards, -1, dtype=np.int64)  # which row covers each parent combination
    rows: list[Row] = []
    before = len(out.problems)
    for r, row in enumerate(spec.table):
        loc = ("claims", cid, "table", r)
        fixed: list[tuple[int, int]] = []
        ok = True
        for parent, state in row.when.items():
            pstates = model.claims[parent].states if parent in parents else ()
            if broken and parent not in parents:
                pass  # the parent list is wrong, and reported there: no follow-on errors
            elif parent not in parents:
                out.add((*loc, "when", parent), f"{parent!r} is not a parent of {cid!r}"
                        f"{did_you_mean(parent, parents)} (expected one of {parents})")
            elif state not in pstates:
                out.add((*loc, "when", parent), f"unknown state {state!r} of {parent!r}"
                        f"{did_you_mean(str(state), pstates)} (expected one of {list(pstates)})")
            else:
                fixed.append((parents.index(parent), pstates.index(state)))
                continue
            ok = False
        if not ok:
            continue
        fixed.sort()
        when = {parents[i]: model.claims[parents[i]].states[s] for i, s in fixed}
        pid = row_parameter_id(cid, when)
        if pid in parameters:
            out.add(loc, f"duplicate row for {pid} (expected each parent combination once)")
            continue
        index: list[int | slice] = [slice(None)] * len(parents)
        for i, state_index in fixed:
            index[i] = state_index
        taken = np.asarray(covered[tuple(index)]) >= 0
        if taken.any():  # name the first combination another row already covers
            free = iter(int(x) for x in np.argwhere(taken)[0]) if taken.ndim else iter(())
            combo = tuple(s if isinstance(s, int) else next(free) for s in index)
            out.add(loc, f"rows {int(covered[combo]) + 1} and {r + 1} both match "
                    f"{_combo_name(parents, combo, model)} "
                    "(expected each parent combination in exactly one row)")
        else:
            covered[tuple(index)] = r
        _add_param(parameters, out, cid, ("row", r), pid, spec.states, row.p, (*loc, "p"), pid)
        rows.append(Row(tuple(fixed), pid))
    missing = [tuple(int(x) for x in c) for c in np.argwhere(covered < 0)]
    if missing and len(out.problems) == before and not broken:
        shown = "; ".join(_combo_name(parents, c, model) for c in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        out.add(("claims", cid, "table"), f"table misses {len(missing)} parent combination(s): "
                f"{shown}{more} (expected every combination of {parents} covered)")
    return tuple(rows)


def _combo_name(parents: list[str], combo: tuple[int, ...], model: ModelSpec) -> str:
    pairs = zip(parents, combo, strict=True)
    return ", ".join(f"{p}={model.claims[p].states[s]}" for p, s in pairs) or "every case"


def _noisy(
    cid: str,
    spec: ClaimSpec,
    kind: Kind,
    links: list[Link],
    broken: set[str],
    parameters: dict[str, Parameter],
    out: _Collector,
) -> None:
    noisy = spec.noisy_or if kind == "noisy_or" else spec.noisy_and
    assert noisy is not None
    loc = ("claims", cid, kind)
    if len(spec.states) != 2:
        out.add(loc, f"{kind} needs a two-state claim (expected 2 states, got {len(spec.states)})")
        return
    parents = [link.parent for link in links]
    for name in noisy.strengths:
        if name not in parents and not broken:
            out.add((*loc, "strengths", name), f"{name!r} is not a parent of {cid!r}"
                    f"{did_you_mean(name, parents)} (expected one of {parents})")
    for parent in parents:
        if parent not in noisy.strengths:
            out.add((*loc, "strengths"), f"missing strength for parent {parent!r} "
                    f"(expected one per parent: {parents})")
    binary = ("true", "false")
    leak_label = "leak: P(effect without any cause)" if kind == "noisy_or" else (
        "leak: P(effect fails with every condition)")
    _add_param_scalar(parameters, out, cid, ("leak",), f"{cid}.leak", binary, noisy.leak,
                      (*loc, "leak"), leak_label)
    for parent in parents:
        if parent in noisy.strengths:
            _add_param_scalar(parameters, out, cid, ("strength", parent), f"{cid}.{parent}",
                              binary, noisy.strengths[parent], (*loc, "strengths", parent),
                              f"strength of {parent}")


def _add_param_scalar(
    parameters: dict[str, Parameter],
    out: _Collector,
    cid: str,
    slot: tuple[str, ...],
    pid: str,
    states: tuple[str, ...],
    raw: Any,
    loc: tuple[str | int, ...],
    label: str,
) -> None:
    try:
        value = parse_value(raw)
    except ValueError as err:
        out.add(loc, str(err))
        return
    parameters[pid] = Parameter(pid, cid, slot, states, value, label, loc)


def _output(spec: ModelSpec, out: _Collector) -> tuple[str, int]:
    if spec.output is None:
        last = list(spec.claims)[-1]
        return last, 0
    cid = spec.output.claim
    if cid not in spec.claims:
        out.add(("output", "claim"), f"unknown claim {cid!r}{did_you_mean(cid, spec.claims)}")
        return cid, 0
    states = spec.claims[cid].states
    if spec.output.state is None:
        return cid, 0
    if spec.output.state not in states:
        out.add(("output", "state"), f"unknown state {spec.output.state!r} of {cid!r}"
                f"{did_you_mean(spec.output.state, states)} (expected one of {list(states)})")
        return cid, 0
    return cid, states.index(spec.output.state)
