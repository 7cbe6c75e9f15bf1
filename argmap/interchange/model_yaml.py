"""Writing an imported network as model YAML: readable ``when`` rows, quoted text, roles.

Used by :mod:`argmap.interchange.importing`. Numbers are written with ``repr`` (exact round
trip); text as YAML double-quoted strings; state and claim ids quoted when YAML would read them as
booleans or null. Roles carried by argmap-written files are checked against the numbers and
dropped (and reported) where a credence profile made them false.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..credence_writer import one_line, yaml_quote
from ..errors import InputError, Problem
from ..loading import MAX_EVENTS, load_model_text
from ..model import Link, Model
from ..roles import check_roles
from ..schema import ID_RE
from .network import NetworkData
from .properties import Role

READABLE_ROWS = 32
"""Tables of up to this many rows are written as readable ``when`` rows."""
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~", ""}


@dataclass(frozen=True)
class ImportHeader:
    """Model-level facts written at the top of the YAML."""

    model_id: str
    source: str
    kind: str
    """The format's name for people: BIF, XMLBIF or Hugin NET."""
    network_name: str | None


@dataclass(frozen=True)
class ModelWriter:
    """Writes the imported network as model YAML (with a chosen set of roles)."""

    header: ImportHeader
    order: Sequence[str]
    ids: Mapping[str, str]
    states: Mapping[str, list[str]]
    data: NetworkData
    tables: Mapping[str, np.ndarray]
    claim_text: Mapping[str, dict[str, str]]
    ours: bool

    @functools.cached_property
    def readable_rows(self) -> int:
        """Tables with more rows than this are written compactly (a block of numbers: see
        :mod:`argmap._compact_tables`): those over :data:`READABLE_ROWS`, or every table when
        the readable rows would come near the node limit of model files."""
        nodes = sum(
            table.size // table.shape[-1] * (6 + 2 * table.ndim + 2 * table.shape[-1])
            for var, table in self.tables.items() if self.data.parents[var]
        )
        return READABLE_ROWS if nodes <= MAX_EVENTS // 2 else 1

    def yaml(self, roles: Mapping[tuple[str, str], Role]) -> str:
        header = self.header
        kind = header.kind
        network = f" network {header.network_name!r}" if header.network_name else ""
        lines = [
            f"# Imported by `argmap import` from {_comment(header.source)} ({kind}{network}).",
            "# Table rows follow the parents' state order; numbers are in full precision.",
            "# A compact table (table: |) has one line per combination of the parents' states,",
            "# the last parent changing fastest, and one number per state of the claim.",
            "argmap: 1",
            f"id: {_key(header.model_id)}",
            f"title: {_str(f'{header.model_id} (imported from {one_line(header.source)})')}",
            f"description: {_str(f'A {kind} network imported from {header.source} by argmap.')}",
            "claims:",
        ]
        for var in self.order:
            text = self.claim_text[var]
            lines.append(f"  {_key(self.ids[var])}:")
            lines.append(f"    statement: {_str(text['statement'])}")
            for key in ("short", "section"):
                if key in text:
                    lines.append(f"    {key}: {_str(text[key])}")
            lines.append(f"    states: [{', '.join(_key(s) for s in self.states[var])}]")
            for key in ("basis", "evidence", "says"):
                if key in text:
                    lines.append(f"    {key}: {_str(text[key])}")
            at = f" line {self.data.lines[var]}" if var in self.data.lines else ""
            note = text.get("note") if self.ours else (
                f"Imported from {header.source}{at} ({kind}{network}, variable {var!r})."
            )
            if note is not None:
                lines.append(f"    note: {_str(note)}")
            if "group" in text:
                lines.append(f"    group: {_key(text['group'])}")
            if var in self.data.stated:
                source = _str(f"{header.source}{at}, priors")
                lines.append(f"    stated: {{p: {_dist(self.states[var], self.data.stated[var])}"
                             f", source: {source}}}")
            lines.extend(self._form(var, roles))
        return "\n".join(lines) + "\n"

    def _form(self, var: str, roles: Mapping[tuple[str, str], Role]) -> list[str]:
        own, table, ids = self.states[var], self.tables[var], self.ids
        parents = self.data.parents[var]
        if not parents:
            return [f"    prior: {_dist(own, table)}"]
        lines = []
        if any((var, p) in roles for p in parents):
            lines.append("    parents:")
            for p in parents:
                link = _link(roles.get((var, p)), self.states[p], own)
                lines.append(f"      {_key(ids[p])}: {link}")
        else:
            lines.append(f"    parents: [{', '.join(_key(ids[p]) for p in parents)}]")
        rows = table.size // table.shape[-1]
        if rows > self.readable_rows:
            lines.append("    table: |")
            lines.extend("      " + " ".join(repr(float(x)) for x in row)
                         for row in table.reshape(rows, -1))
            return lines
        lines.append("    table:")
        for combo in np.ndindex(*table.shape[:-1]):
            when = ", ".join(
                f"{_key(ids[p])}: {_key(self.states[p][s])}"
                for p, s in zip(parents, combo, strict=True)
            )
            lines.append(f"      - {{when: {{{when}}}, p: {_dist(own, table[combo])}}}")
        return lines


def _link(role: Role | None, pstates: Sequence[str], own: Sequence[str]) -> str:
    if role is None:
        return "null"
    name, active, toward = role
    parts = [f"role: {name}"] if name else []
    if active != [pstates[0]]:
        parts.append(f"active: [{', '.join(_key(a) for a in active)}]")
    if toward != own[0]:
        parts.append(f"toward: {_key(toward)}")
    return "{" + ", ".join(parts) + "}" if parts else "null"


def _dist(states: Sequence[str], row: np.ndarray) -> str:
    inner = ", ".join(f"{_key(s)}: {float(x)!r}" for s, x in zip(states, row, strict=True))
    return "{" + inner + "}"


def _key(name: str) -> str:
    """A claim id or state id as YAML: quoted when YAML would read it as something else, or
    when it is not a plain id (so no value can ever start a key of its own)."""
    plain = ID_RE.fullmatch(name) and name.lower() not in _YAML_WORDS
    return name if plain else _str(name)


def _str(text: str) -> str:
    """Any text as a YAML double-quoted string (:func:`argmap.credence_writer.yaml_quote`)."""
    return yaml_quote(text)


def _comment(text: str) -> str:
    return " ".join(text.split()).encode("ascii", "backslashreplace").decode("ascii")


def load_checking_roles(
    writer: ModelWriter, roles: Mapping[tuple[str, str], Role], name: str
) -> tuple[Model, dict[tuple[str, str], str]]:
    """Load the YAML; roles the numbers contradict (credences can move them) are dropped."""
    if not roles:
        return _load(writer.yaml({}), name), {}
    bare = _load(writer.yaml({}), name)
    var_of = {cid: var for var, cid in writer.ids.items()}
    claims = {}
    for cid, claim in bare.claims.items():
        links = []
        for link in claim.links:
            role = roles.get((var_of[cid], var_of[link.parent]))
            if role is None:
                links.append(link)
                continue
            pstates = bare.claims[link.parent].states
            active = tuple(pstates.index(a) for a in role[1])
            links.append(Link(link.parent, role[0], active,  # type: ignore[arg-type]
                              claim.states.index(role[2])))
        claims[cid] = dataclasses.replace(claim, links=tuple(links))
    dropped: dict[tuple[str, str], str] = {}
    for cid, index, message in check_roles(dataclasses.replace(bare, claims=claims)):
        parent = claims[cid].links[index].parent
        dropped[(var_of[cid], var_of[parent])] = f"{parent} -> {cid}: {message}"
    kept = {k: v for k, v in roles.items() if k not in dropped}
    return _load(writer.yaml(kept), name), dropped


def _load(text: str, name: str) -> Model:
    try:
        model: Model = load_model_text(text, name=f"{name} (imported)")
        return model
    except InputError as err:  # pragma: no cover - a bug in this module if it happens
        raise InputError(
            [Problem(p.file, p.line, p.column, f"import produced an invalid model: {p.message}",
                     loc=p.loc, code=p.code) for p in err.problems]
        ) from None
