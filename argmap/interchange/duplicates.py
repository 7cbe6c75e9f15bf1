"""Refusing networks that define a thing twice (issue 13): pgmpy's readers merge or overwrite
a second definition of a variable, a second table for it, or a repeated state, silently.

:func:`check_duplicates` scans BIF, XMLBIF or Hugin NET text *before* pgmpy reads it and raises
a :class:`~argmap.interchange.network.NetworkSyntaxError` (code ``duplicate``) at the second
definition, naming the line of the first.

>>> check_duplicates("variable a { type discrete [ 2 ] { x, y }; }\\n"
...                  "variable a { type discrete [ 2 ] { x, y }; }\\n", "bif")
Traceback (most recent call last):
...
argmap.interchange.network.NetworkSyntaxError: variable 'a' is defined twice (first on line 1)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .network import NetworkSyntaxError

_FLAGS = re.DOTALL | re.IGNORECASE

# (what, the block holding one definition, the name inside it, the states inside it)
# (a name has no bracket: ``probability ( variable ) {``, a table of a claim called
# "variable", is no definition of a variable ")")
_BIF_VARIABLE = re.compile(r"\bvariable\s+(\"[^\"]*\"|[^\s{}()|,;]+)\s*\{", _FLAGS)
_BIF_STATES = re.compile(r"discrete\s*\[[^\]]*\]\s*\{([^}]*)", _FLAGS)
_BIF_TABLE = re.compile(r"\bprobability\s*\(\s*(\"[^\"]*\"|[^\s|)]+)", _FLAGS)
_XML_VARIABLE = re.compile(r"<VARIABLE\b[^>]*>(.*?)</VARIABLE\s*>", _FLAGS)
_XML_NAME = re.compile(r"<NAME\s*>\s*(.*?)\s*</NAME\s*>", _FLAGS)
_XML_OUTCOME = re.compile(r"<(?:OUTCOME|VALUE)\s*>\s*(.*?)\s*</(?:OUTCOME|VALUE)\s*>", _FLAGS)
_XML_TABLE = re.compile(r"<DEFINITION\b[^>]*>\s*<FOR\s*>\s*(.*?)\s*</FOR\s*>", _FLAGS)
_NET_NODE = re.compile(r"^\s*(?:discrete\s+)?node\s+([^\s{]+)\s*\{", _FLAGS | re.M)
_NET_STATES = re.compile(r"\bstates\s*=\s*\(([^)]*)\)", _FLAGS)
_NET_TABLE = re.compile(r"\bpotential\s*\(\s*([^\s|)]+)", _FLAGS)


def check_duplicates(text: str, fmt: str) -> None:
    """Raise :class:`NetworkSyntaxError` at the first repeated variable, table or state."""
    if fmt == "bif":
        variables = _blocks(text, _BIF_VARIABLE, _BIF_TABLE)
        states = _BIF_STATES
        tables = [(m.group(1).strip('"'), m.start(1)) for m in _BIF_TABLE.finditer(text)]
    elif fmt == "xmlbif":
        variables = []
        for m in _XML_VARIABLE.finditer(text):
            named = _XML_NAME.search(m.group(1))
            if named:
                variables.append((named.group(1), m.start(1) + named.start(1), m.group(1),
                                  m.start(1)))
        states = None
        tables = [(m.group(1), m.start(1)) for m in _XML_TABLE.finditer(text)]
    elif fmt == "net":
        variables = _blocks(text, _NET_NODE, _NET_TABLE)
        states = _NET_STATES
        tables = [(m.group(1), m.start(1)) for m in _NET_TABLE.finditer(text)]
    else:
        return
    _once(text, "variable {}", ((name, at) for name, at, _body, _start in variables))
    _once(text, "the table of {}", tables)
    for name, _, body, start in variables:
        found: list[tuple[str, int]]
        if states is None:
            found = [(s.group(1), start + s.start(1)) for s in _XML_OUTCOME.finditer(body)]
        else:
            block = states.search(body)
            if not block:
                continue
            found = [(s.group(0).strip('"'), start + block.start(1) + s.start())
                     for s in re.finditer(r"\"[^\"]*\"|[^\s,\"]+", block.group(1))]
        _once(text, f"state {{}} of {name!r}", found)


def _blocks(text: str, start: re.Pattern[str], other: re.Pattern[str]
            ) -> list[tuple[str, int, str, int]]:
    """Each definition's (name, offset, body, body offset): its body runs to the next
    definition or table."""
    heads = list(start.finditer(text))
    ends = sorted([m.start() for m in heads] + [m.start() for m in other.finditer(text)])
    found = []
    for m in heads:
        end = next((e for e in ends if e > m.start()), len(text))
        found.append((m.group(1).strip('"'), m.start(1), text[m.end():end], m.end()))
    return found


def _once(text: str, what: str, items: Iterable[tuple[str, int]]) -> None:
    first: dict[str, int] = {}
    for name, at in items:
        if name in first:
            line, column = _position(text, at)
            raise NetworkSyntaxError(
                f"{what.format(repr(name))} is defined twice (first on line "
                f"{_position(text, first[name])[0]})",
                line, column, code="duplicate",
            )
        first[name] = at


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
