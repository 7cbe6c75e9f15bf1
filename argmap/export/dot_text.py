"""User text in DOT, through the ``graphviz`` package: what a label shows, and the graph type.

DOT itself is written by ``graphviz.Digraph`` (:func:`diagram_type`) and every string goes through
the package's quoting (``graphviz.quoting.quote``: double quotes escaped, DOT keywords quoted,
``<...>`` kept as an HTML-like label only when it is not user text). User text is first made
*literal* with the package's ``graphviz.escape`` (backslashes doubled, so ``\\N`` or ``\\l``
is shown as written, and marked ``nohtml`` so ``<b>`` is never markup). Two things the package
leaves to the caller are done here, in one place each:

- what Graphviz does to a label *after* DOT's lexer: it decodes HTML entities (``&lt;``), so
  ``&`` is written ``&amp;``; and it cannot show control characters (:func:`shown`);
- line breaks: each line of the text is escaped on its own and the lines are joined with
  DOT's ``\\n`` escape (a raw newline inside a quoted string would split a DOT statement over
  several lines of the file, which the app's readers of the DOT do not expect).

Claim ids (:class:`Id`) and text attributes (labels, tooltips) are always written as quoted
strings (:func:`diagram_type` turns the package's "bare ID when it can" off for them), so every
claim's line reads ``"id" [label="..."`` whatever the text; other names and values (colours,
styles: ours) are quoted only when DOT needs it.

>>> print(quote('say "hi" \\\\N <b> & a\\nb'))
"say \\"hi\\" \\\\N <b> &amp; a\\nb"
>>> g = digraph("argmap")
>>> g.node(Id("rain"), label("a\\nb"), _attributes=[("fillcolor", "#ffffff")])
>>> print(g.source.strip().replace("\\t", "  "))
digraph argmap {
  "rain" [label="a\\nb", fillcolor="#ffffff"]
}
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

ALWAYS_QUOTED = frozenset({"label", "tooltip"})
"""Attributes whose values are always quoted strings (they hold user text)."""


def shown(text: str) -> str:
    """The text a diagram shows for ``text``: control characters become visible symbols.

    A tab becomes a space; other C0 controls (except line breaks) and DEL become their Unicode
    "control pictures" (U+2400...); other characters XML cannot hold become U+FFFD; and
    ``\\r\\n`` and ``\\r`` become ``\\n``. Everything else is shown as written.

    >>> shown("a\\x01b\\r\\nc")
    'a\u2401b\\nc'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_SHOWN)


_SHOWN: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20) if c not in (9, 10)}
_SHOWN[9] = " "
_SHOWN[0x7F] = "\u2421"
_SHOWN.update({c: "\ufffd" for c in range(0x80, 0xA0)})
_SHOWN.update({c: "\ufffd" for c in (0xFFFE, 0xFFFF)})
_SHOWN.update({c: "\ufffd" for c in range(0xD800, 0xE000)})


@functools.lru_cache(maxsize=8192)
def label(text: str, *, times: int = 1) -> str:
    """``text`` as a DOT string value that Graphviz shows literally (before quoting).

    Each line goes through ``graphviz.escape`` (``times`` times: a tooltip is unescaped twice
    by Graphviz); the lines are joined with DOT's ``\\n``; the result is ``nohtml``.

    >>> label("a\\\\b\\nc")
    'a\\\\\\\\b\\\\nc'
    """
    import graphviz

    lines = shown(text).replace("&", "&amp;").split("\n")
    for _ in range(times):
        lines = [graphviz.escape(line) for line in lines]
    literal: str = graphviz.nohtml("\\n".join(lines))  # a NoHtml: never an HTML-like label
    return literal


def tooltip(text: str) -> str:
    """``text`` for a ``tooltip`` attribute, which Graphviz unescapes twice."""
    return label(text, times=2)


@functools.lru_cache(maxsize=8192, typed=True)  # typed: a NoHtml text is not the same str
def always_quote(text: str) -> str:
    """The package's quoting of ``text``, always as a quoted string (never a bare ID).

    >>> always_quote("graph"), always_quote("#fff"), always_quote("<b>")
    ('"graph"', '"#fff"', '<b>')

    The package's quoting costs tens of microseconds for a sentence (regular expressions scan the
    text twice); the app redraws the same texts on every run, so results are cached.
    """
    from graphviz import quoting

    quoted: str = quoting.quote(text, is_valid_id=_never)
    return quoted


def quote(text: str) -> str:
    """A DOT quoted string that Graphviz shows as ``text`` (see :func:`shown`) in a label."""
    return always_quote(label(text))


def quote_tooltip(text: str) -> str:
    """Like :func:`quote`, for ``tooltip`` attributes, which Graphviz unescapes twice."""
    return always_quote(tooltip(text))


def _never(text: str) -> None:
    """No text is a bare DOT ID (so the package's quoting always quotes)."""
    return None


def _value(key: str, value: str) -> str:
    """One attribute value: always quoted for text attributes, else as the package does."""
    return always_quote(value) if key in ALWAYS_QUOTED else _plain(value)


@functools.lru_cache(maxsize=1024, typed=True)
def _plain(text: str) -> str:
    """The package's quoting of an attribute name or one of our own values (a few dozen
    distinct ones, quoted thousands of times on a large diagram: cached)."""
    from graphviz import quoting

    quoted: str = quoting.quote(text)
    return quoted


def _pairs(
    text: str | None, kwargs: Mapping[str, Any] | None, attributes: Any
) -> list[tuple[str, str]]:
    """The attributes in the order given (the package sorts plain dicts; we keep ours)."""
    pairs: list[tuple[str, str]] = [("label", text)] if text is not None else []
    for source in (kwargs, attributes):
        if source:
            items: Iterable[tuple[str, Any]] = (
                source.items() if isinstance(source, Mapping) else source
            )
            pairs.extend((k, v) for k, v in items if v is not None)
    return pairs


class Id(str):
    """A node name written as a quoted string even when it is a bare DOT ID (claim ids: so
    every claim's line reads ``"id" [label="..."``, as the app's readers of the DOT expect)."""

    __slots__ = ()


def _bare_id(text: str) -> re.Match[str] | None:
    """The package's test for a bare DOT ID, false for an :class:`Id`."""
    from graphviz import quoting

    return None if isinstance(text, Id) else quoting.ID.match(text)


@functools.lru_cache(maxsize=8192, typed=True)  # typed: an Id is quoted, the same str may not
def _name(identifier: str) -> str:
    """A node or graph name, quoted by the package (always, for an :class:`Id`)."""
    from graphviz import quoting

    quoted: str = quoting.quote(identifier, is_valid_id=_bare_id)
    return quoted


def digraph(name: str, **attributes: Any) -> Any:
    """A new ``graphviz.Digraph`` (of :func:`diagram_type`) named ``name``."""
    return diagram_type()(name, **attributes)


@functools.cache
def diagram_type() -> type[Any]:
    """``Diagram``: a ``graphviz.Digraph`` that quotes claim ids (:class:`Id`) and text
    attributes always, and writes attribute lists as ``[a=1, b="x y"]`` in the order given (a
    statement list as ``a=1; b=2;``). Everything else (statements, subgraphs, clusters,
    escaping of quotes, keywords, HTML-like labels) is the package's.

    The package is imported here, on first use, not when argmap is (it would add ~10-20 ms to
    every command's start-up), so the class is made here too.
    """
    import graphviz

    class Diagram(graphviz.Digraph):  # type: ignore[misc]  # the package has no type hints
        __doc__ = diagram_type.__doc__

        @staticmethod
        def _quote(identifier: str) -> str:
            return _name(identifier)

        @staticmethod
        def _quote_edge(identifier: str) -> str:
            return _name(identifier)  # argmap ids have no ports (":")

        @staticmethod
        def _a_list(label: str | None = None, kwargs: Any = None, attributes: Any = None) -> str:
            pairs = _pairs(label, kwargs, attributes)
            return "".join(f"{_plain(k)}={_value(k, v)}; " for k, v in pairs).rstrip()

        @staticmethod
        def _attr_list(
            label: str | None = None, kwargs: Any = None, attributes: Any = None
        ) -> str:
            pairs = _pairs(label, kwargs, attributes)
            content = ", ".join(f"{_plain(k)}={_value(k, v)}" for k, v in pairs)
            return f" [{content}]" if content else ""

    return Diagram
