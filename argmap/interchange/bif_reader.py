"""BIF read natively (no pgmpy): the Bayesian Interchange Format as bnlearn, GeNIe, pgmpy and
pyAgrum write it, into a :class:`~argmap.interchange.network.NetworkData`.

The grammar read (its tokenizer and block parser are :mod:`argmap.interchange._bif_syntax`)::

    network NAME { property ...; }
    variable NAME { type discrete [ N ] { s1, s2, ... }; property key = value; }
    probability ( CHILD | P1, P2 ) { table v, v, ...; }          # the child's states slowest
    probability ( CHILD | P1, P2 ) { ( p1, p2 ) v, v; ... default v, v; }

Names may be quoted (``"my var"``); ``//`` and ``/* */`` comments are skipped; commas between
numbers are optional; a ``default`` row fills every parent combination not listed; the old
header ``probability ( CHILD P1 P2 )`` is read too. The result is what pgmpy's reader gave
(:func:`argmap.interchange.pgmpy_bridge.read_pgmpy`): variables in the order declared, states
in the order listed, parents in the header's order (names matched exactly, else ignoring
case), tables with the parents' axes first and the child's last, every number parsed by
``float`` (the same bits), properties as raw text split at the first ``=`` (quotes turned into
spaces, as pgmpy does), the network's name as written.

Every problem is a :class:`~argmap.interchange.network.NetworkSyntaxError` at its line and
column, with a code: bad syntax (``syntax``); a declared count that is wrong or a type that is
not discrete (``bad-value``); an unknown variable (``unknown-claim``) or state
(``unknown-state``); a table with the wrong number of probabilities, a row missing or mixed
with ``table`` (``table``); a variable with no table (``missing-key``); a variable, table, state
or row defined twice (``duplicate``); a negative or infinite number (``out-of-range``); a cycle
(``cycle``); a table past argmap's limits (``limit``: :data:`argmap.resolve.MAX_TABLE_ENTRIES`
per table, :data:`~argmap.resolve.MAX_MODEL_TABLE_ENTRIES` in all, checked before any table
is built). Time is linear in the text, whose size the import pipeline bounds. Rows that do
not sum to 1 are left to the import pipeline, as before (renormalised within 1e-6, else
refused).

>>> data = parse_bif_text('''network demo { }
... variable rain { type discrete [ 2 ] { yes, no }; property label = It rains; }
... variable wet { type discrete [ 2 ] { yes, no }; }
... probability ( rain ) { table 0.2, 0.8; }
... probability ( wet | rain ) { ( yes ) 0.9, 0.1; default 0.05 0.95; }
... ''')
>>> data.name, data.variables, data.parents["wet"], data.properties["rain"]
('demo', ('rain', 'wet'), ('rain',), {'label': 'It rains'})
>>> data.tables["wet"].tolist()
[[0.9, 0.1], [0.05, 0.95]]
>>> try:
...     parse_bif_text("variable a { type discrete [ 2 ] { x, y }; }\\n"
...                    "probability ( a | b ) { table 0.5, 0.5; }")
... except NetworkSyntaxError as err:
...     print(err.line, err.column, err.code, err.message)
2 19 unknown-claim unknown variable 'b' (expected one declared with 'variable')
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .._graphs import find_cycle
from ..resolve import MAX_MODEL_TABLE_ENTRIES, MAX_TABLE_ENTRIES
from ._bif_syntax import _Block, _Parser, _Token
from .network import NetworkData, NetworkSyntaxError

_Variable = tuple[int, list[tuple[str, int]], dict[str, str]]
"""Where a variable is declared, its states (each with where), its properties."""


def parse_bif_text(text: str) -> NetworkData:
    """The network in BIF ``text``; a located :class:`NetworkSyntaxError` if it is not one."""
    p = _Parser(text)
    name: str | None = None
    network_at: int | None = None
    variables: dict[str, _Variable] = {}
    blocks: list[_Block] = []
    while p.tok.kind != "eof":
        word, at = p.keyword(), p.tok.start
        if word == "network":
            if network_at is not None:
                raise p.fail(at, "the network block is defined twice (first on line "
                             f"{p.line(network_at)})", "duplicate")
            name, network_at = p.network(), at
        elif word == "variable":
            var, var_at, states, props = p.variable()
            if var in variables:
                raise p.fail(var_at, f"variable {var!r} is defined twice (first on line "
                             f"{p.line(variables[var][0])})", "duplicate")
            variables[var] = (var_at, states, props)
        elif word == "probability":
            blocks.append(p.probability())
        else:
            raise p.fail(at, "expected 'network', 'variable' or 'probability', got "
                         f"{p._shown()}")
    return _assemble(p, name, variables, blocks)


def _assemble(p: _Parser, name: str | None, variables: dict[str, _Variable],
              blocks: list[_Block]) -> NetworkData:
    """Names resolved, every variable's table checked and built."""
    folded: dict[str, list[str]] = {}
    for var in variables:
        folded.setdefault(var.lower(), []).append(var)

    def resolve(tok: _Token) -> str:
        if tok.text in variables:
            return tok.text
        found = folded.get(tok.text.lower(), [])
        if len(found) == 1:  # pgmpy matches names ignoring case
            return found[0]
        raise p.fail(tok.start, f"unknown variable {tok.text!r} (expected one declared with "
                     "'variable')", "unknown-claim")

    owner: dict[str, tuple[_Block, list[str]]] = {}
    for block in blocks:
        child = resolve(block.names[0])
        parents = [resolve(t) for t in block.names[1:]]
        if child in owner:
            raise p.fail(block.names[0].start, f"the table of {child!r} is defined twice "
                         f"(first on line {p.line(owner[child][0].names[0].start)})",
                         "duplicate")
        for i, parent in enumerate(parents):
            if parent in parents[:i]:
                raise p.fail(block.names[i + 1].start, f"parent {parent!r} of {child!r} is "
                             "named twice", "duplicate")
        owner[child] = (block, parents)
    for var, (at, _, _) in variables.items():
        if var not in owner:
            raise p.fail(at, f"variable {var!r} has no probability table (expected a "
                         f"'probability ( {var} ... )' block)", "missing-key")
    cycle = find_cycle([(parent, var) for var in variables for parent in owner[var][1]])
    if cycle:
        raise p.fail(owner[cycle[1]][0].names[0].start, "cycle: " + " -> ".join(cycle) +
                     " (expected no variable to depend on itself)", "cycle")
    states = {var: [s for s, _ in info[1]] for var, info in variables.items()}
    total = 0
    for var in variables:  # every size checked before any table is built
        block, parents = owner[var]
        size = len(states[var]) * math.prod(len(states[q]) for q in parents)
        total += size
        if size > MAX_TABLE_ENTRIES or total > MAX_MODEL_TABLE_ENTRIES:
            which = (f"{size:,} entries (expected at most {MAX_TABLE_ENTRIES:,})"
                     if size > MAX_TABLE_ENTRIES else f"{size:,} entries, past "
                     f"{MAX_MODEL_TABLE_ENTRIES:,} in all for the network")
            raise p.fail(block.names[0].start, f"the table of {var!r} would hold {which}",
                         "limit")
    tables = {var: _table(p, var, *owner[var], states) for var in variables}
    return NetworkData(
        name=name or None,
        variables=tuple(variables),
        states={var: tuple(s) for var, s in states.items()},
        parents={var: tuple(owner[var][1]) for var in variables},
        tables=tables,
        properties={var: info[2] for var, info in variables.items()},
    )


def _table(p: _Parser, var: str, block: _Block, parents: Sequence[str],
           states: dict[str, list[str]]) -> np.ndarray:
    """One variable's table, parents' axes first (in ``parents`` order), its own last."""
    what = f"the table of {var!r}"
    card = len(states[var])
    pcards = [len(states[q]) for q in parents]
    rows = math.prod(pcards)
    if block.table is not None:
        values, at = block.table
        if len(values) != rows * card:
            raise p.fail(at, f"{what} has {len(values)} probabilities (expected "
                         f"{rows * card}: {card} states for each of {rows} parent "
                         "combination(s))", "table")
        # the child's states vary slowest in a BIF table, as pgmpy and pyAgrum read it
        return np.array(values, dtype=float).reshape(card, rows).T.reshape(*pcards, card)
    if not block.rows and block.default is None:
        raise p.fail(block.names[0].start, f"{what} has no probabilities (expected 'table "
                     "...;' or rows '( states ) numbers;')", "table")
    flat = np.zeros((rows, card))
    first: dict[int, int] = {}
    index = [{s: i for i, s in enumerate(states[q])} for q in parents]
    strides = [math.prod(pcards[k + 1:]) for k in range(len(pcards))]
    for names, values, at in block.rows:
        raw = p.text[names[0].start:names[-1].start + len(names[-1].text)] if names else ""
        if len(parents) == 1 and len(names) > 1 and '"' not in raw and "," not in raw:
            names = [_Token("name", raw, names[0].start, 0)]  # ( heavy rain ): one state
        if len(names) != len(parents):
            raise p.fail(at, f"a row of {what} names {len(names)} state(s) (expected "
                         f"{len(parents)}: one for each parent, {list(parents)})", "table")
        r = 0
        for tok, parent, known, stride in zip(names, parents, index, strides, strict=True):
            i = known.get(tok.text)
            if i is None:
                shown = ", ".join(states[parent][:10]) + (", ..." if len(known) > 10 else "")
                raise p.fail(tok.start, f"unknown state {tok.text!r} of {parent!r} (expected "
                             f"one of {shown})", "unknown-state")
            r += i * stride
        if r in first:
            raise p.fail(at, f"the row ({', '.join(t.text for t in names)}) of {what} is "
                         f"given twice (first on line {p.line(first[r])})", "duplicate")
        if len(values) != card:
            raise p.fail(at, f"a row of {what} has {len(values)} probabilities (expected "
                         f"{card}, one for each state of {var!r})", "table")
        flat[r] = values
        first[r] = at
    if block.default is not None:
        values, at = block.default
        if len(values) != card:
            raise p.fail(at, f"the default row of {what} has {len(values)} probabilities "
                         f"(expected {card}, one for each state of {var!r})", "table")
        missing = np.ones(rows, dtype=bool)
        missing[list(first)] = False
        flat[missing] = values
    elif len(first) < rows:
        r = next(r for r in range(rows) if r not in first)
        combo = np.unravel_index(r, pcards)
        shown = ", ".join(f"{q}={states[q][int(i)]}" for q, i in zip(parents, combo, strict=True))
        raise p.fail(block.names[0].start, f"{what} misses {rows - len(first)} parent "
                     f"combination(s), the first ({shown}) (expected a row for each, or a "
                     "'default' row)", "table")
    return flat.reshape(*pcards, card)


__all__ = ["NetworkSyntaxError", "parse_bif_text"]
