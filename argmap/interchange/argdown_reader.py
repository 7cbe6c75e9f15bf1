"""Reading Argdown (https://argdown.org): statements, arguments and their support/attack relations.

The common syntax of ``@argdown/core``, line by line: statements defined as ``[Title]: text``
or referred to as ``[Title]``; untitled statements (plain text); arguments ``<Title>: text``;
relations as indented items under an element (``+`` / ``<+`` support it, ``-`` / ``<-`` attack
it, ``+>`` / ``->`` it supports / attacks the item), nested to any depth; headings
(``# Title``, which become the section of the elements under them); ``//`` and ``/* */``
comments; YAML front matter; ``{...}`` data after an element (JSON or a flat YAML flow
mapping). Backslash escapes are undone. Undercuts (``_>``, ``<_``), contradictions (``><``),
premise-conclusion structures, lists and anything else are ignored with a warning naming the
line, never an error.

Examples
--------
>>> parsed = parse_argdown('''
... # Lunch
... [Pizza]: We should order pizza. // a comment
...   <+ [Cheap]: Pizza is cheap.
...   <- <Health>: Pizza is unhealthy.
...     - Salad is not better.
... ''')
>>> [(e.title, e.text, e.line, e.section) for e in parsed.elements][:2]
[('Pizza', 'We should order pizza.', 3, 'Lunch'), ('Cheap', 'Pizza is cheap.', 4, 'Lunch')]
>>> for r in parsed.relations:
...     print(r.source, r.role, r.target, "on line", r.line)
Cheap supports Pizza on line 4
Health undermines Pizza on line 5
untitled 6 undermines Health on line 6
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

Role = Literal["supports", "undermines"]

_RELATION = re.compile(r"^(<\+|<-|\+>|->|<_|_>|><|\+|-)\s+(.*)$")
_INCOMING = {"+": "supports", "<+": "supports", "-": "undermines", "<-": "undermines"}
_OUTGOING = {"+>": "supports", "->": "undermines"}
_UNSUPPORTED = {"<_": "an undercut (<_)", "_>": "an undercut (_>)", "><": "a contradiction (><)"}
_DEFINITION = re.compile(r"^(\[|<)((?:\\.|[^\]>\\])+)(\]|>)(:?)\s*(.*)$")


@dataclass
class Element:
    """A statement or argument: its title, first text, the line it was defined on."""

    title: str
    kind: Literal["statement", "argument"]
    text: str
    line: int
    section: str | None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Relation:
    """``source`` supports or undermines ``target`` (titles), as written on ``line``."""

    source: str
    target: str
    role: Role
    line: int


@dataclass
class ArgdownMap:
    """What :func:`parse_argdown` found: elements in order, relations, warnings by line."""

    title: str | None = None
    elements: list[Element] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)


def _strip_comments(text: str) -> str:
    """Comments replaced by spaces (line breaks kept, so lines keep their numbers)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            out.append(text[i : i + 2])
            i += 2
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append("".join("\n" if c == "\n" else " " for c in text[i:end]))
            i = end
        elif text.startswith("//", i) and (i == 0 or text[i - 1].isspace()):
            end = text.find("\n", i)
            i = n if end < 0 else end
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def unescape(text: str) -> str:
    r"""Argdown text as read: escapes undone, links and mentions as their words, tags removed.

    >>> unescape(r"U\.S\. costs \[1\] #(cost) rise, see @[Prices] and [this](http://x.org).")
    'U.S. costs [1] rise, see Prices and this.'
    """
    text = re.sub(r"(?<!\\)#\([^)]*\)|(?<![\\\w])#[\w-]+", "", text)
    text = re.sub(r"(?<!\\)\[((?:\\.|[^\]\\])*)\]\([^)\s]*\)", r"\1", text)
    text = re.sub(r"(?<!\\)@\[((?:\\.|[^\]\\])*)\]", r"\1", text)
    text = re.sub(r"(?<!\\)@<((?:\\.|[^>\\])*)>", r"\1", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(text.split())


def _split_data(text: str) -> tuple[str, str | None]:
    """``text {data}`` -> (text, data), the data starting at the first unescaped brace."""
    for i, ch in enumerate(text):
        if ch == "\\":
            continue
        if ch == "{" and (i == 0 or text[i - 1] != "\\"):
            return text[:i], text[i:]
    return text, None


def _read_data(raw: str) -> dict[str, Any] | None:
    try:
        found = json.loads(raw)
    except ValueError:
        try:
            found = YAML(typ="safe", pure=True).load(raw)
        except YAMLError:
            return None
    return found if isinstance(found, dict) else None


class _Reader:
    def __init__(self) -> None:
        self.map = ArgdownMap()
        self.by_title: dict[str, Element] = {}
        self.section: str | None = None
        self.untitled = 0

    def warn(self, line: int, message: str) -> None:
        self.map.warnings.append((line, message))

    def element(self, content: str, line: int) -> Element | None:
        """The element a line's content defines or refers to (None: not an element)."""
        body, raw = _split_data(content.strip())
        data = _read_data(raw) if raw is not None else {}
        if data is None:
            self.warn(line, "data that is neither JSON nor a YAML mapping was ignored")
            data = {}
        found = _DEFINITION.match(body.strip())
        if found and (found.group(1) == "[") == (found.group(3) == "]"):
            kind: Literal["statement", "argument"] = (
                "statement" if found.group(1) == "[" else "argument")
            title = unescape(found.group(2))
            text = unescape(found.group(5)) if found.group(4) else ""
            if found.group(5) and not found.group(4):
                self.warn(line, f"text after the reference {found.group(1)}{title}"
                          f"{found.group(3)} without a colon was ignored")
        else:
            text = unescape(body)
            if not text:
                return None
            self.untitled += 1
            kind, title = "statement", f"untitled {line}"
        known = self.by_title.get(title)
        if known is None:
            known = Element(title, kind, text, line, self.section, dict(data))
            self.by_title[title] = known
            self.map.elements.append(known)
        else:
            if not known.text and text:
                known.text, known.line = text, line
            for key, value in data.items():
                known.data.setdefault(key, value)
        return known


def parse_argdown(text: str) -> ArgdownMap:
    """The statements, arguments and relations of Argdown ``text`` (never raises on content)."""
    reader = _Reader()
    lines = _strip_comments(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    start = 0
    if lines and lines[0].strip() == "===":
        close = next((i for i in range(1, len(lines)) if lines[i].strip() == "==="), None)
        start = 0 if close is None else close + 1
        for head in lines[1:start]:  # the front matter's title names the map
            key, _, value = head.partition(":")
            if key.strip() == "title" and value.strip():
                reader.map.title = value.strip().strip("'\"")
    stack: list[tuple[int, Element]] = []
    for number in range(start, len(lines)):
        line, raw = number + 1, lines[number].expandtabs(4)
        content = raw.strip()
        if not content:
            stack = []
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        heading = re.match(r"^(#+)\s+(.*)$", content)
        if heading and indent == 0:
            reader.section = unescape(_split_data(heading.group(2))[0]) or None
            if reader.map.title is None and len(heading.group(1)) == 1:
                reader.map.title = reader.section
            stack = []
            continue
        relation = _RELATION.match(content)
        if relation and indent > 0 and stack:
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if not stack:
                reader.warn(line, "a relation without an element above it was ignored")
                continue
            parent = stack[-1][1]
            child = reader.element(relation.group(2), line)
            if child is None:
                reader.warn(line, "a relation to nothing was ignored")
                continue
            sign = relation.group(1)
            if sign in _UNSUPPORTED:
                reader.warn(line, f"{_UNSUPPORTED[sign]} is not supported; the relation was "
                            "ignored (its element was kept)")
            elif sign in _INCOMING:
                reader.map.relations.append(Relation(child.title, parent.title,
                                                     _INCOMING[sign], line))  # type: ignore[arg-type]
            else:
                reader.map.relations.append(Relation(parent.title, child.title,
                                                     _OUTGOING[sign], line))  # type: ignore[arg-type]
            stack.append((indent, child))
            continue
        if re.match(r"^\(\d+\)", content) or re.match(r"^-{2,}", content):
            reader.warn(line, "premise-conclusion structures are not supported; the line was "
                        "ignored")
            continue
        if re.match(r"^([*+-]|\d+\.)\s", content):
            reader.warn(line, "list items are not supported; the line was ignored")
            continue
        if stack:  # no empty line since the element: its text goes on
            owner = stack[-1][1]
            owner.text = unescape(f"{owner.text} {_split_data(content)[0]}")
            continue
        found = reader.element(content, line)
        stack = [(indent, found)] if found is not None else []
    return reader.map
