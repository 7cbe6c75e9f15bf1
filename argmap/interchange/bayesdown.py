"""BayesDown (AMTAIR's Argdown-like network notation), read as a :class:`NetworkData`.

A BayesDown file is an indented list. Each item is ``[Node_Id]: statement {json}`` (or
``<Node_Id>``); the items indented under a node (with ``+``, ``-`` or ``*`` markers, as in
Argdown) are its *causes*, its parents in the network; a node mentioned again is the same node
(a bare ``[Node_Id]``, or a repeat of its JSON: keys given twice must agree). The JSON holds

- ``instantiations``: the node's states (two or more);
- ``priors``: ``{"p(state)": "0.65", ...}``: for a node without causes, its distribution; for
  a node with causes, the marginal the source *states* (kept as the claim's ``stated:``, so
  ``argmap coherence`` compares it with the marginal the tables imply);
- ``posteriors``: for a node with causes, its table: ``{"p(state|cause_state, other_state)":
  "0.9", ...}``, one entry per state and combination of its causes' states, in any order.
  A cause's state is written as the state's name or as ``Cause_Id_state``.

Within a row (a distribution), one state may be left out: it gets the rest (1 minus the
others). A row with two or more states missing is an error; so is a row that does not sum to 1
within :data:`IMPORT_TOLERANCE` (rows off by less are renormalised by the import pipeline).
``/* ... */`` comments, blank lines, Markdown headings and code fences are skipped; the JSON
may run over several lines. Every problem is an :class:`InputError` located at ``line:column``.

The syntax is AMTAIR's (https://github.com/SingularitySmith/AMTAIR_Prototype,
``BayesDownSyntax.md``, MIT licence).

>>> data = parse_bayesdown('''
... [Wet]: The grass is wet. {"instantiations": ["wet_T", "wet_F"], "priors": {"p(wet_T)": "0.5"},
...   "posteriors": {"p(wet_T|rain_T)": "0.9", "p(wet_T|rain_F)": "0.1"}}
...  + [Rain]: It rains. {"instantiations": ["rain_T", "rain_F"], "priors": {"p(rain_T)": "0.2"}}
... ''')
>>> data.variables, data.parents["Wet"], data.tables["Wet"].tolist()
(('Wet', 'Rain'), ('Rain',), [[0.9, 0.09999999999999998], [0.1, 0.9]])
>>> data.stated["Wet"].tolist(), data.lines["Rain"]
([0.5, 0.5], 4)
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._graphs import find_cycle
from ..errors import Code, InputError, Problem
from .network import IMPORT_TOLERANCE, NetworkData

_ITEM = re.compile(
    r"^(?P<indent>[ \t]*)(?:(?P<marker>[-+*•]|<[-+]|>[-+])[ \t]*)?"
    r"(?:\[(?P<a>[^\[\]]+)\]|<(?P<b>[^<>+\-][^<>]*)>)(?P<rest>.*)$"
)
_KEY = re.compile(r"^\s*[pP]\((?P<own>[^|()]*)(?:\|(?P<cond>[^()]*))?\)\s*$")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_SKIP = ("#", "```", "~~~", "//", "<!--")


def looks_like_bayesdown(text: str) -> bool:
    """True when ``text`` has a BayesDown item with metadata (``[Id]: ... {"instantiations"``).

    >>> looks_like_bayesdown('[A]: a. {"instantiations": ["y", "n"]}')
    True
    >>> looks_like_bayesdown("# Notes")
    False
    """
    return bool(re.search(r"^[ \t]*(?:[-+*•][ \t]*)?[\[<][^\]\n>]+[\]>][^\n{]*\{[^\n]*\"?"
                          r"instantiations", text, re.MULTILINE))


@dataclass
class _Node:
    line: int
    column: int
    statement: str = ""
    meta: dict[str, Any] | None = None
    json_lines: list[str] = field(default_factory=list)
    json_at: tuple[int, int] = (0, 0)
    """The line of the JSON's first line, and the column its text starts at there."""
    broken: bool = False
    """Its JSON did not parse (so it is not also reported as never defined)."""
    parents: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, text: str, name: str) -> None:
        blank = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
        self.lines = blank.splitlines()
        self.name = name
        self.nodes: dict[str, _Node] = {}
        self.edges: dict[tuple[str, str], int] = {}
        self.problems: list[Problem] = []

    def problem(self, line: int, column: int, message: str, code: Code) -> None:
        self.problems.append(Problem(self.name, line, max(1, column), message, code=code))

    def read(self) -> None:
        stack: list[tuple[int, str]] = []
        i = 0
        while i < len(self.lines):
            raw = self.lines[i]
            stripped = raw.strip()
            i += 1
            if not stripped or stripped.startswith(_SKIP):
                continue
            match = _ITEM.match(raw)
            if match is None:
                self.problem(i, len(raw) - len(raw.lstrip()) + 1, "not a BayesDown item "
                             "(expected [Node_Id]: statement {json}, or an indented "
                             "+ [Cause_Id] under it)", "syntax")
                continue
            node_id = (match["a"] or match["b"]).strip()
            # A marked item is one deeper than an unmarked one at the same indentation.
            indent = len(match["indent"].expandtabs(4)) + (1 if match["marker"] else 0)
            i = self.item(node_id, match["rest"], i, match.start("a") + 1 if match["a"]
                          else match.start("b"))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if stack and node_id not in self.nodes[stack[-1][1]].parents:
                self.nodes[stack[-1][1]].parents.append(node_id)
                self.edges[(node_id, stack[-1][1])] = self.nodes[node_id].line
            stack.append((indent, node_id))

    def item(self, node_id: str, rest: str, line: int, column: int) -> int:
        """Record one item (its statement and JSON); the index of the line after it."""
        rest = rest.strip().removeprefix(":").strip()
        start, brace = line, rest.find("{")
        statement = rest if brace < 0 else rest[:brace].strip()
        chunk = [] if brace < 0 else [rest[brace:]]
        after = line
        if brace < 0:  # the JSON may start on the next line
            while after < len(self.lines) and not self.lines[after].strip():
                after += 1
            if after < len(self.lines) and self.lines[after].lstrip().startswith("{"):
                start, chunk, after = after + 1, [self.lines[after].strip()], after + 1
            else:
                after = line
        while chunk and _depth("\n".join(chunk)) > 0 and after < len(self.lines):
            chunk.append(self.lines[after])
            after += 1
        node = self.nodes.setdefault(node_id, _Node(line, column))
        if statement and not node.statement:
            node.statement = statement
        if not chunk:
            return after
        text = "\n".join(chunk)
        offset = self.lines[start - 1].find(chunk[0])
        try:  # text after the JSON (AMTAIR's files cite sources there) is left out
            meta, _ = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError as err:
            hint = " (curly quotes are not JSON quotes)" if re.search("[“”]", text) else ""
            self.problem(start + err.lineno - 1, err.colno + (offset if err.lineno == 1 else 0),
                         f"malformed JSON in {node_id}: {err.msg}{hint}", "syntax")
            node.broken = True
            return after
        if not isinstance(meta, dict):
            self.problem(start, 1, f"{node_id}: metadata is not a JSON object", "type")
        elif node.meta is None:
            node.meta, node.json_lines, node.line = meta, chunk, line
            node.json_at = (start, offset)
            node.statement = statement or node.statement
            node.column = column
        elif any(k in node.meta and node.meta[k] != v for k, v in meta.items()):
            differ = ", ".join(k for k, v in meta.items() if k in node.meta and node.meta[k] != v)
            self.problem(line, column, f"conflicting definitions of {node_id}: {differ} differ "
                         f"(expected the same as at line {node.line}, or a bare [{node_id}])",
                         "duplicate")
        else:  # a repeat may give part of the definition, or add to it
            node.meta.update(meta)
        return after

    def key_line(self, node: _Node, key: str) -> tuple[int, int]:
        """Where a key of the node's JSON stands (the node's line if not found)."""
        for k, text in enumerate(node.json_lines):
            at = text.find(f'"{key}"')
            if at >= 0:
                return node.json_at[0] + k, at + 1 + (node.json_at[1] if k == 0 else 0)
        return node.line, node.column


def _depth(text: str) -> int:
    depth, quoted, escaped = 0, False, False
    for ch in text:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = quoted
        elif ch == '"':
            quoted = not quoted
        elif not quoted:
            depth += {"{": 1, "}": -1}.get(ch, 0)
    return depth


def parse_bayesdown(text: str, name: str = "<bayesdown>") -> NetworkData:
    """Read BayesDown ``text`` (``name`` locates problems): one variable per node, in the order
    nodes are first mentioned; every problem found is raised at once as an InputError."""
    reader = _Reader(text, name)
    reader.read()
    nodes = reader.nodes
    for node_id, node in nodes.items():
        if node.meta is None and not node.broken:
            reader.problem(node.line, node.column, f"{node_id} is never defined (expected "
                           f"[{node_id}]: statement {{\"instantiations\": [...], ...}})",
                           "unknown-name")
    states = {v: _states(reader, v, n) for v, n in nodes.items() if n.meta is not None}
    cycle = find_cycle(list(reader.edges))
    if cycle is not None:
        line = max(reader.edges[e] for e in zip(cycle, cycle[1:], strict=False))
        reader.problem(line, 1, f"cycle: {' -> '.join(cycle)} (expected causes that never "
                       "lead back to the node)", "cycle")
    if reader.problems:
        raise InputError(sorted(reader.problems, key=lambda p: (p.line or 0, p.column or 0)))
    tables: dict[str, np.ndarray] = {}
    stated: dict[str, np.ndarray] = {}
    good = {v: s for v, s in states.items() if s is not None}
    for var, node in nodes.items():
        table, said = _Tables(reader, var, node, good).build()
        if table is not None:
            tables[var] = table
        if said is not None:
            stated[var] = said
    if reader.problems:
        raise InputError(sorted(reader.problems, key=lambda p: (p.line or 0, p.column or 0)))
    return NetworkData(
        None, tuple(nodes), {v: tuple(s) for v, s in good.items()},
        {v: tuple(n.parents) for v, n in nodes.items()}, tables,
        {v: {"label": f'"{n.statement or v}"'} for v, n in nodes.items()},
        lines={v: n.line for v, n in nodes.items()}, stated=stated,
    )


def _states(reader: _Reader, var: str, node: _Node) -> list[str] | None:
    raw = (node.meta or {}).get("instantiations")
    if (not isinstance(raw, list) or len(raw) < 2 or len(set(map(str, raw))) != len(raw)
            or not all(isinstance(s, str) and s.strip() for s in raw)):
        line, column = reader.key_line(node, "instantiations")
        reader.problem(line, column, f"{var}: instantiations must list two or more distinct "
                       f"state names (got {json.dumps(raw)[:80]})", "missing-key"
                       if raw is None else "bad-value")
        return None
    return [s.strip() for s in raw]


class _Tables:
    """One node's table (from priors or posteriors) and stated marginal."""

    def __init__(self, reader: _Reader, var: str, node: _Node,
                 states: Mapping[str, list[str]]) -> None:
        self.reader, self.var, self.node, self.states = reader, var, node, states
        self.own = states[var]
        self.parents = node.parents
        self.bad_key = False
        """A posterior key was reported: rows it would have filled are not reported again."""

    def fail(self, key: str | None, message: str, code: Code) -> None:
        line, column = self.reader.key_line(self.node, key) if key else (
            self.node.line, self.node.column)
        self.reader.problem(line, column, f"{self.var}: {message}", code)

    def state(self, token: str, owner: str) -> int | None:
        token = token.strip()
        for k, s in enumerate(self.states[owner]):
            if token == s or token.lower() == f"{owner}_{s}".lower():
                return k
        return None

    def entries(self, part: str) -> dict[str, Any]:
        raw = (self.node.meta or {}).get(part, {})
        if not isinstance(raw, dict):
            self.fail(part, f"{part} must be a JSON object of \"p(...)\": number", "type")
            return {}
        return raw

    def number(self, key: str, raw: Any) -> float | None:
        try:
            value = float(raw)
        except (TypeError, ValueError):
            self.fail(key, f"{key} is {json.dumps(raw)} (expected a probability)", "bad-value")
            return None
        if not 0.0 <= value <= 1.0:
            self.fail(key, f"{key} = {value:g} out of range (expected 0..1)", "out-of-range")
            return None
        return value

    def build(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        priors = self.prior_rows()
        if not self.parents:
            if self.entries("posteriors"):
                self.fail("posteriors", "posteriors but no causes (expected causes indented "
                          "under the node, or priors only)", "unknown-state")
            if not self.entries("priors"):
                self.fail(None, "no priors (expected \"priors\": {\"p(state)\": ...} for a "
                          "node without causes)", "missing-key")
            return priors, None
        return self.posterior_table(), priors

    def prior_rows(self) -> np.ndarray | None:
        found: dict[int, float] = {}
        for key, raw in self.entries("priors").items():
            match = _KEY.match(key)
            k = self.state(match["own"], self.var) if match and not match["cond"] else None
            if k is None:
                self.fail(key, f"unknown state in prior {key!r} (expected p(state) with a "
                          f"state of {self.own})", "unknown-state")
            elif (value := self.number(key, raw)) is not None:
                found[k] = value
        return self.row(found, "priors", "p(...)") if found else None

    def posterior_table(self) -> np.ndarray | None:
        pstates = [self.states[p] for p in self.parents]
        cells: dict[tuple[int, ...], dict[int, float]] = {}
        for key, raw in self.entries("posteriors").items():
            combo = self.combo(key)
            if combo is None:
                self.bad_key = True
                continue
            own, where = combo
            if (value := self.number(key, raw)) is not None:
                cells.setdefault(where, {})[own] = value
        table = np.zeros((*map(len, pstates), len(self.own)))
        for where in itertools.product(*(range(len(s)) for s in pstates)):
            label = ", ".join(pstates[j][s] for j, s in enumerate(where))
            row = self.row(cells.get(where, {}), "posteriors", f"p(·|{label})")
            if row is not None:
                table[where] = row
        return table

    def combo(self, key: str) -> tuple[int, tuple[int, ...]] | None:
        match = _KEY.match(key)
        if match is None or match["cond"] is None:
            self.fail(key, f"bad posterior key {key!r} (expected p(state|cause_state, ...))",
                      "syntax")
            return None
        own = self.state(match["own"], self.var)
        if own is None:
            self.fail(key, f"unknown state {match['own'].strip()!r} in {key!r} (expected one "
                      f"of {self.own})", "unknown-state")
            return None
        where: dict[int, int] = {}
        for token in match["cond"].split(","):
            hits = [(j, s) for j, p in enumerate(self.parents)
                    if (s := self.state(token, p)) is not None]
            if len(hits) != 1 or hits[0][0] in where:
                known = [f"{p}: {self.states[p]}" for p in self.parents]
                why = "ambiguous" if len(hits) > 1 else "repeated" if hits else "unknown"
                self.fail(key, f"{why} cause state {token.strip()!r} in {key!r} (expected one "
                          f"state of each cause: {'; '.join(known)})", "unknown-state")
                return None
            where[hits[0][0]] = hits[0][1]
        if len(where) != len(self.parents):
            missing = [p for j, p in enumerate(self.parents) if j not in where]
            self.fail(key, f"{key!r} does not give a state of {', '.join(missing)} (expected "
                      "one state of each cause)", "unknown-state")
            return None
        return own, tuple(where[j] for j in range(len(self.parents)))

    def row(self, found: Mapping[int, float], part: str, label: str) -> np.ndarray | None:
        missing = [k for k in range(len(self.own)) if k not in found]
        total = sum(found.values())
        if len(missing) > 1 and self.bad_key:
            return None
        if len(missing) > 1:
            names = ", ".join(self.own[k] for k in missing)
            self.fail(part, f"{part} row {label} missing (no value for {names}; expected "
                      "every state, or all but one)", "table")
            return None
        if missing:
            if total > 1 + IMPORT_TOLERANCE:
                self.fail(part, f"{part} {label} sums to {total:.12g} without "
                          f"{self.own[missing[0]]} (expected at most 1)", "sum")
                return None
            found = {**found, missing[0]: max(0.0, 1.0 - total)}
        elif abs(total - 1.0) > IMPORT_TOLERANCE:
            self.fail(part, f"{part} {label} sums to {total:.12g} (expected 1 within "
                      f"{IMPORT_TOLERANCE:g})", "sum")
            return None
        row = np.array([found[k] for k in range(len(self.own))])
        return row / row.sum() if part == "priors" and self.parents else row
