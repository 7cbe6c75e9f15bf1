"""Compact tables: a claim's table written as a block of numbers, one line per combination of
its parents' states, one number per state of the claim.

Rows follow the parents' state order with the last parent changing fastest (the order of
``numpy.ndindex``), as in BIF files. A big table written out as ``when`` rows costs about
``6 + 2 * (parents + states)`` YAML nodes per row, so bnlearn's larger networks (munin, mildew,
diabetes, ...) passed the node limit; a compact table is one YAML node, whatever its size::

    table: |
      0.9 0.1
      0.4 0.6

Before a model is validated, :func:`expand_tables` turns each compact table into the ``when``
rows it stands for (numbers read exactly as YAML reads them: ``0.1`` is ``float("0.1")``), so
everything after loading sees one form. Its problems (a line with the wrong count of numbers,
a word that is not a number, too many rows) are located at the table.

Examples
--------
>>> data = {"claims": {
...     "rain": {"states": ["yes", "no"], "prior": 0.3},
...     "wet": {"parents": ["rain"], "table": "0.9 0.1\\n0.2 0.8\\n"}}}
>>> expand_tables(data)
[]
>>> data["claims"]["wet"]["table"]  # doctest: +NORMALIZE_WHITESPACE
[{'when': {'rain': 'yes'}, 'p': {'true': 0.9, 'false': 0.1}},
 {'when': {'rain': 'no'}, 'p': {'true': 0.2, 'false': 0.8}}]
>>> data["claims"]["wet"]["table"] = "0.9 0.1\\n0.2\\n"
>>> expand_tables(data)
[(('claims', 'wet', 'table'), "line 2 of the compact table has 1 number(s) (expected 2, one \
per state of 'wet': ['true', 'false'])", 'table')]
"""

from __future__ import annotations

import re
from itertools import product
from typing import Any

from .errors import Code, Loc

MAX_COMPACT_ROWS = 100_000
"""Lines of all compact tables of a model together (bnlearn's diabetes has 31,660): each
becomes a row object, so this and :data:`MAX_COMPACT_ENTRIES` bound the memory a file of
numbers can ask for, before any row is built."""
MAX_COMPACT_ENTRIES = 2_000_000
"""Numbers in all compact tables of a model together (bnlearn's mildew has 547,158)."""
DEFAULT_STATES = ("true", "false")
_NUMBER = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?)")

Problem = tuple[Loc, str, Code]


def _state(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else None


def _states(claim: Any) -> list[str] | None:
    """A claim's states as text, or None when they are malformed (reported elsewhere)."""
    raw = claim.get("states", DEFAULT_STATES) if isinstance(claim, dict) else None
    if not isinstance(raw, list | tuple) or len(raw) < 2:
        return None
    states = [_state(s) for s in raw]
    if None in states or len(set(states)) != len(states):
        return None
    return states  # type: ignore[return-value]


def _parents(claim: dict[str, Any]) -> list[str] | None:
    raw = claim.get("parents")
    names = list(raw) if isinstance(raw, dict | list) else None
    if not names or not all(isinstance(p, str) for p in names) or len(set(names)) != len(names):
        return None
    return names


def expand_tables(data: Any) -> list[Problem]:
    """Replace each compact table of a model's plain data by its ``when`` rows, in place; the
    problems found, as ``(loc, message, code)``. A table whose claim's parents or states are
    malformed is left as it is (validation then reports those)."""
    claims = data.get("claims") if isinstance(data, dict) else None
    if not isinstance(claims, dict):
        return []
    problems: list[Problem] = []
    budget, entries = MAX_COMPACT_ROWS, MAX_COMPACT_ENTRIES
    for cid, claim in claims.items():
        if not isinstance(claim, dict) or not isinstance(claim.get("table"), str):
            continue
        loc: Loc = ("claims", cid, "table")
        own, parents = _states(claim), _parents(claim)
        pstates = [_states(claims.get(p)) for p in parents or ()]
        if own is None or parents is None or any(s is None for s in pstates):
            continue
        combos = 1
        for states in pstates:
            combos *= len(states or ())
        if combos > budget or combos * len(own) > entries:
            problems.append((loc, f"compact tables too large: {combos:,} lines of {len(own)} for "
                             f"{cid!r} (expected at most {MAX_COMPACT_ROWS:,} lines and "
                             f"{MAX_COMPACT_ENTRIES:,} numbers in all)", "limit"))
            claim["table"] = []
            budget = entries = 0
            continue
        budget, entries = budget - combos, entries - combos * len(own)
        rows = _rows(cid, claim["table"], own, combos, loc, problems)
        claim["table"] = [
            {"when": dict(zip(parents, combo, strict=True)), "p": dict(zip(own, row, strict=True))}
            for combo, row in zip(product(*pstates), rows, strict=True)  # type: ignore[arg-type]
        ] if rows is not None else []
    return problems


def _rows(cid: str, text: str, own: list[str], combos: int, loc: Loc,
          problems: list[Problem]) -> list[list[float]] | None:
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) != combos:
        problems.append((loc, f"the compact table of {cid!r} has {len(lines):,} line(s) (expected "
                         f"{combos:,}, one per combination of its parents' states)", "table"))
        return None
    rows: list[list[float]] = []
    for i, line in enumerate(lines, start=1):
        words = line.split()
        if len(words) != len(own):
            problems.append((loc, f"line {i} of the compact table has {len(words)} number(s) "
                             f"(expected {len(own)}, one per state of {cid!r}: {own})", "table"))
            return None
        bad = next((w for w in words if not _NUMBER.fullmatch(w)), None)
        if bad is not None:
            problems.append((loc, f"line {i} of the compact table holds {bad[:40]!r} (expected "
                             "numbers like 0.25 or 1e-3)", "type"))
            return None
        rows.append([float(w) for w in words])
    return rows
