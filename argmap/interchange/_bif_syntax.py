"""BIF's syntax: a tokenizer and a parser of its blocks, each problem located (no pgmpy).

The blocks are parsed as written (names unresolved); :mod:`argmap.interchange.bif_reader`
resolves them into a :class:`~argmap.interchange.network.NetworkData`. A number list is read
at C speed when it is plain (numbers, commas and spaces up to the ``;``), token by token
otherwise, so a problem in it is located.

>>> name, at, states, props = _Parser('variable "my var" { type discrete [ 2 ] { "a b", c }; '
...                                    'property label = "It rains"; }').variable()
>>> name, [state for state, _ in states], props
('my var', ['a b', 'c'], {'label': 'It rains'})
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..errors import Code
from .network import NetworkSyntaxError

_TOKEN = re.compile(
    r"""(?P<space>\s+)|(?P<comment>//[^\n]*|/\*.*?\*/)|(?P<quoted>"(?:[^"\\]|\\.)*")
    |(?P<punct>[{}\[\]();,|])|(?P<word>(?:[^\s{}\[\]();,|"/]|/(?![/*]))+)""",
    re.VERBOSE | re.DOTALL,
)
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_RE = re.compile(_NUMBER)
_NUMBERS = re.compile(rf"[\s,]*(?:{_NUMBER}(?:[\s,]+{_NUMBER})*)?[\s,]*")
_PLAIN = re.compile(r'[{}()\[\]|"/]')
_ROW = re.compile(r'\(([^()"/;{}\[\]|]*)\)([^;"/(){}\[\]|]*);')
"""A plain row, ``( states ) numbers;`` without quotes or comments: read at C speed."""
_COMMENTS = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*")|(/\*.*?\*/|//[^\n]*)', re.DOTALL)  # pgmpy's
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


@dataclass
class _Token:
    kind: str  # word, quoted, punct, eof
    text: str
    start: int
    end: int


@dataclass
class _Block:
    """One ``probability`` block as written: names and entries, resolved later."""

    names: list[_Token]
    table: tuple[list[float], int] | None = None
    default: tuple[list[float], int] | None = None
    rows: list[tuple[list[_Token], list[float], int]] = field(default_factory=list)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.tok = self._scan()

    # --- tokens -------------------------------------------------------------------------
    def fail(self, at: int, message: str, code: Code = "syntax") -> NetworkSyntaxError:
        line = self.text.count("\n", 0, at) + 1
        return NetworkSyntaxError(message, line, at - (self.text.rfind("\n", 0, at) + 1) + 1,
                                  code)

    def line(self, at: int) -> int:
        return self.text.count("\n", 0, at) + 1

    def _scan(self) -> _Token:
        while True:
            m = _TOKEN.match(self.text, self.pos)
            if m is None:
                if self.pos >= len(self.text):
                    return _Token("eof", "", self.pos, self.pos)
                rest = self.text[self.pos:self.pos + 2]
                what = ("an unclosed comment (expected '*/')" if rest == "/*" else
                        "an unclosed quote (expected '\"')" if rest[0] == '"' else
                        f"unexpected {rest[0]!r}")
                raise self.fail(self.pos, what)
            self.pos = m.end()
            kind = m.lastgroup or ""
            if kind not in ("space", "comment"):
                return _Token(kind, m.group(), m.start(), m.end())

    def next(self) -> _Token:
        tok, self.tok = self.tok, self._scan()
        return tok

    def expect(self, punct: str, what: str) -> _Token:
        if self.tok.kind != "punct" or self.tok.text != punct:
            raise self.fail(self.tok.start, f"expected {punct!r} {what}, got {self._shown()}")
        return self.next()

    def _shown(self) -> str:
        return "the end of the file" if self.tok.kind == "eof" else repr(self.tok.text[:40])

    def keyword(self) -> str:
        return self.tok.text.lower() if self.tok.kind == "word" else ""

    def name(self, what: str, stops: str) -> tuple[str, int]:
        """A quoted name, or words up to one of ``stops`` (kept with their spacing)."""
        tok = self.tok
        if tok.kind == "quoted":
            self.next()
            return _ESCAPE.sub(r"\1", tok.text[1:-1]).strip(), tok.start
        if tok.kind != "word":
            raise self.fail(tok.start, f"expected {what}, got {self._shown()}")
        last = tok
        while self.tok.kind == "word":
            last = self.next()
        if self.tok.kind not in ("punct", "eof") or self.tok.text not in stops:
            raise self.fail(self.tok.start, f"expected {what}, got {self._shown()}")
        return self.text[tok.start:last.end], tok.start

    def items(self, close: str, what: str) -> list[tuple[str, int]]:
        """Names up to ``close``: separated by commas if any, else one name per token."""
        tokens: list[_Token] = []
        while not (self.tok.kind == "punct" and self.tok.text == close):
            if self.tok.kind == "eof" or (self.tok.kind == "punct" and self.tok.text != ","):
                raise self.fail(self.tok.start, f"expected {what} or {close!r}, got "
                                f"{self._shown()}")
            tokens.append(self.next())
        self.next()
        if not any(t.kind == "punct" for t in tokens):
            return [(_ESCAPE.sub(r"\1", t.text[1:-1]).strip() if t.kind == "quoted" else t.text,
                     t.start) for t in tokens]
        groups: list[list[_Token]] = [[]]
        for t in tokens:
            groups.append([]) if t.kind == "punct" else groups[-1].append(t)
        found = []
        for group in groups:
            if len(group) == 1 and group[0].kind == "quoted":
                found.append((_ESCAPE.sub(r"\1", group[0].text[1:-1]).strip(), group[0].start))
            elif group:
                found.append((self.text[group[0].start:group[-1].end], group[0].start))
        return found

    def numbers(self, what: str) -> tuple[list[float], int]:
        """Numbers up to ``;`` (commas optional), parsed by ``float``; the ``;`` is consumed."""
        start = self.tok.start
        semi = self.text.find(";", start)
        span = self.text[start:semi] if semi >= 0 else ""
        if semi >= 0 and not _PLAIN.search(span) and _NUMBERS.fullmatch(span):
            values = [float(w) for w in span.replace(",", " ").split()]
            self.pos = semi + 1
            self.tok = self._scan()
        else:  # comments, or a problem to locate: token by token
            values = []
            while not (self.tok.kind == "punct" and self.tok.text == ";"):
                tok = self.next()
                if tok.kind == "punct" and tok.text == ",":
                    continue
                if tok.kind != "word" or not _NUMBER_RE.fullmatch(tok.text):
                    raise self.fail(tok.start, f"expected a number or ';' in {what}, got "
                                    f"{tok.text[:40]!r}" if tok.kind != "eof" else
                                    f"expected ';' after {what}, got the end of the file")
                values.append(float(tok.text))
            self.next()
        return self.checked(values, start, what), start

    def checked(self, values: list[float], start: int, what: str) -> list[float]:
        """``values``, unless one is negative or infinite (located) or there are none."""
        if not values:
            raise self.fail(start, f"expected numbers in {what}", "table")
        for v in values:
            if v < 0 or not math.isfinite(v):
                at = self._number_at(start, v)
                raise self.fail(at, f"probability {self.text[at:at + 30].split()[0].rstrip(',;')} "
                                f"in {what} (expected a finite number >= 0)", "out-of-range")
        return values

    def _number_at(self, start: int, value: float) -> int:
        for m in _NUMBER_RE.finditer(self.text, start):
            if float(m.group()) == value:
                return m.start()
        return start  # pragma: no cover - the value came from this span

    def raw_to_semicolon(self, after: int, what: str) -> str:
        """The text from ``after`` to the next ``;`` (outside quotes), which is consumed."""
        while not (self.tok.kind == "punct" and self.tok.text == ";"):
            if self.tok.kind == "eof":
                raise self.fail(self.tok.start, f"expected ';' to end {what}")
            self.next()
        raw = self.text[after:self.tok.start]
        self.next()
        return raw

    # --- blocks -------------------------------------------------------------------------
    def network(self) -> str:
        self.next()
        name, _ = self.name("the network's name", "{")
        self.expect("{", "to open the network block")
        depth = 1
        while depth:
            if self.tok.kind == "eof":
                raise self.fail(self.tok.start, "expected '}' to close the network block")
            if self.keyword() == "property":
                self.raw_to_semicolon(self.next().end, "the property")
                continue
            tok = self.next()
            if tok.kind == "punct" and tok.text in "{}":
                depth += 1 if tok.text == "{" else -1
        return name

    def variable(self) -> tuple[str, int, list[tuple[str, int]], dict[str, str]]:
        self.next()
        name, at = self.name("a variable's name", "{")
        self.expect("{", f"to open variable {name!r}")
        states: list[tuple[str, int]] | None = None
        props: dict[str, str] = {}
        while not (self.tok.kind == "punct" and self.tok.text == "}"):
            word = self.keyword()
            if word == "property":
                raw = self.raw_to_semicolon(self.next().end, "the property")
                if "/" in raw:
                    raw = _COMMENTS.sub(lambda m: m.group(1) or "", raw)
                key, sep, value = raw.replace('"', " ").strip().partition("=")
                if sep and key.strip():
                    props[key.strip()] = value.strip()
            elif word == "type" and states is None:
                states = self._states(name)
            else:
                raise self.fail(self.tok.start, f"expected 'type', 'property' or '}}' in "
                                f"variable {name!r}, got {self._shown()}")
        self.next()
        if states is None:
            raise self.fail(at, f"variable {name!r} has no type (expected 'type discrete "
                            "[ N ] { states };')", "missing-key")
        return name, at, states, props

    def _states(self, var: str) -> list[tuple[str, int]]:
        self.next()
        if self.keyword() != "discrete":
            raise self.fail(self.tok.start, f"variable {var!r} is of type {self._shown()} "
                            "(expected 'discrete')", "bad-value")
        self.next()
        self.expect("[", "before the number of states")
        count = self.next()
        if not (count.kind == "word" and count.text.isdigit()):
            raise self.fail(count.start, f"expected the number of states of {var!r}, got "
                            f"{count.text[:40]!r}")
        self.expect("]", "after the number of states")
        self.expect("{", f"to open the states of {var!r}")
        states = self.items("}", "a state")
        self.expect(";", f"after the states of {var!r}")
        first: dict[str, int] = {}
        for state, at in states:
            if state in first:
                raise self.fail(at, f"state {state!r} of {var!r} is defined twice (first on "
                                f"line {self.line(first[state])})", "duplicate")
            first[state] = at
        if len(states) != int(count.text) or not states:
            raise self.fail(count.start, f"variable {var!r} declares {int(count.text)} states "
                            f"but lists {len(states)}", "bad-value")
        return states

    def probability(self) -> _Block:
        self.next()
        self.expect("(", "after 'probability'")
        names: list[_Token] = []
        bar = False
        while True:
            name, at = self.name("a variable's name", ",|)")
            names.append(_Token("name", name, at, at))
            tok = self.next()  # one of , | )
            if tok.text == ")":
                break
            if tok.text == "|":
                if bar or len(names) > 1:
                    raise self.fail(tok.start, "expected one '|', after the child's name")
                bar = True
        if (not bar and len(names) == 1 and self.text[names[0].start] != '"'
                and len(names[0].text.split()) > 1):  # the old header: ( child p1 p2 )
            at = names[0].start
            names = [_Token("name", m.group(), at + m.start(), at + m.start())
                     for m in re.finditer(r"\S+", self.text[at:at + len(names[0].text)])]
        block = _Block(names)
        what = f"the table of {names[0].text!r}"
        self.expect("{", f"to open {what}")
        while not (self.tok.kind == "punct" and self.tok.text == "}"):
            word, at = self.keyword(), self.tok.start
            if word in ("table", "default"):
                if getattr(block, word) is not None:
                    raise self.fail(at, f"{what} has a second '{word}' (expected one)",
                                    "duplicate")
                if block.table or (word == "table" and (block.rows or block.default)):
                    raise self.fail(at, f"{what} mixes 'table' with rows (expected one "
                                    "'table', or rows and at most one 'default')", "table")
                self.next()
                setattr(block, word, self.numbers(what))
            elif self.tok.kind == "punct" and self.tok.text == "(":
                if block.table:
                    raise self.fail(at, f"{what} mixes 'table' with rows (expected one)", "table")
                plain = _ROW.match(self.text, at)
                if plain and _NUMBERS.fullmatch(plain.group(2)):
                    states = _plain_items(plain.group(1), plain.start(1))
                    values = self.checked([float(w) for w in plain.group(2).replace(",", " ")
                                           .split()], plain.start(2), what)
                    self.pos = plain.end()
                    self.tok = self._scan()
                else:
                    self.next()
                    states = [_Token("name", s, a, a) for s, a in self.items(")", "a state")]
                    values, _ = self.numbers(what)
                block.rows.append((states, values, at))
            elif word == "property":
                self.raw_to_semicolon(self.next().end, "the property")
            else:
                raise self.fail(at, f"expected '(', 'table', 'default' or '}}' in {what}, got "
                                f"{self._shown()}")
        self.next()
        return block


def _plain_items(group: str, offset: int) -> list[_Token]:
    """The states of a plain row, split as :meth:`_Parser.items` splits them."""
    if "," not in group:
        return [_Token("name", m.group(), offset + m.start(), 0)
                for m in re.finditer(r"\S+", group)]
    found = []
    for m in re.finditer(r"[^,]+", group):
        text = m.group().strip()
        if text:
            found.append(_Token("name", text, offset + m.start() + m.group().index(text[0]), 0))
    return found
