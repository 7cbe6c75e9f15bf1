"""A C-speed read of valid YAML files: libyaml's parser (through PyYAML), events checked one
by one, giving exactly the plain data the ruamel path gives, or :class:`NotFast`.

:mod:`argmap.loading` parses every file with ruamel.yaml in round-trip mode, which keeps the
position of every node so that each problem is located at ``file:line:column``, but is pure
Python (about 90% of loading a large model). Most files are valid, and a valid file needs no
positions: :func:`read_plain` reads it with libyaml instead and returns the same plain dicts,
lists and scalars as ``loading.plain(ruamel's tree)``. Whenever it cannot vouch for that, it
raises :class:`NotFast` and the caller parses with ruamel, which then reports any problem
exactly as before. It never decides that a file is invalid.

What makes it give up (each checked on the event, before anything is built from it):

- anything ruamel would refuse or treat specially: anchors, aliases, tags, ``<<``, nesting
  deeper than ``max_depth``, more than ``max_events`` YAML nodes (counted as ruamel's guard
  counts them: every parser event), a plain number longer than ``max_digits``, a duplicate key,
  a key that is not text (a number, a list: ruamel keeps those as other types), a ``%YAML`` or
  ``%TAG`` directive, more than one document, a document that is empty or one lone scalar;
- anything where YAML 1.1 (libyaml) and YAML 1.2 (ruamel) might read the text differently:
  tabs, NEL / line and paragraph separators, a BOM, a carriage return not followed by a
  newline or a control character anywhere; a block scalar's header with a comment not after a
  space (``|#``, which libyaml takes and ruamel refuses); in a flow
  collection (``[...]``, ``{...}``), a plain scalar holding ``:``, ``?`` or ``#``; a plain
  scalar that YAML 1.2 resolves to anything but text, a simple number, ``true``/``false``,
  null or a date (``0o17``, ``0x1F``, ``1_000``, ``017``, timestamps with a time);
- any error libyaml raises.

Plain scalars are resolved with YAML 1.2's core schema as ruamel applies it (``yes``, ``on``
and ``1:30`` are text; ``1e3`` is a number), so the YAML 1.1 readings never leak in.

Without PyYAML's C extension every call raises :class:`NotFast`.

Examples
--------
>>> read_plain("a: 1\\nb: [x, 1.5, true, null, 'yes']\\nc: {d: 2026-11-30}\\n")
{'a': 1, 'b': ['x', 1.5, True, None, 'yes'], 'c': {'d': datetime.date(2026, 11, 30)}}
>>> read_plain("a: &x 1\\nb: *x\\n")
Traceback (most recent call last):
...
argmap._fast_yaml.NotFast: anchor
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

try:  # PyYAML's C extension (libyaml); importing it loads the pure-Python yaml package too
    from yaml import _yaml as _cyaml
    from yaml.events import (
        DocumentEndEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
        StreamStartEvent,
    )

    CParser: Any = _cyaml.CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    CParser = None

AVAILABLE = CParser is not None
"""Whether libyaml can be used here (PyYAML with its C extension)."""


class NotFast(Exception):
    """The fast path cannot vouch for this text: parse it with ruamel instead."""


# Characters the fast path leaves to ruamel: anything but newline, carriage return and
# printable text (tabs, C0/C1 controls, DEL, NEL U+0085, U+2028/U+2029 line and paragraph
# separators, a BOM, surrogates and non-characters U+FFFE/U+FFFF).
_ODD = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe"
                  "\uffff]")

_LONE_CR = re.compile("\r(?!\n)")
_HEADER = re.compile(r"[|>][-+0-9]*(?:[ ]+#.*|[ ]*)\r?")
"""A block scalar's header as ruamel reads it (libyaml also takes ``|#comment``)."""

# ruamel.yaml's implicit resolvers for YAML 1.2 (ruamel/yaml/resolver.py), copied so that the
# fast path need not import ruamel; tests/test_fast_yaml.py checks they are still ruamel's.
RUAMEL_1_2 = {
    "bool": r"^(?:true|True|TRUE|false|False|FALSE)$",
    "float": r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
    "int": r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
    "merge": r"^(?:<<)$",
    "null": r"""^(?: ~
        |null|Null|NULL
        | )$""",
    "timestamp": r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
    "value": r"^(?:=)$",
}


@functools.cache
def _special() -> re.Pattern[str]:
    """Every plain scalar ruamel reads as a number, date, merge key or ``=`` (bool and null
    are sets of words, handled below); compiled on first need, not at start-up."""
    tags = ("float", "int", "merge", "timestamp", "value")
    return re.compile("|".join(f"(?:{RUAMEL_1_2[tag]})" for tag in tags), re.X)

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+"
                    r"|\.[0-9]+(?:[eE][-+][0-9]+)?)")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_WORDS: dict[str, Any] = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
}
_NAN = frozenset({".nan", ".NaN", ".NAN"})


def resolve(value: str, max_digits: int) -> Any:
    """A plain scalar's value as ruamel reads it under YAML 1.2, for the forms the fast path
    knows; :class:`NotFast` for the others.

    >>> [resolve(s, 1000) for s in ("yes", "1e3", "-0", "0.5", "1:30", "TRUE", "~", ".inf")]
    ['yes', 1000.0, 0, 0.5, '1:30', True, None, inf]
    >>> resolve("0o17", 1000)
    Traceback (most recent call last):
    ...
    argmap._fast_yaml.NotFast: plain scalar '0o17'
    """
    if value in _WORDS:
        return _WORDS[value]
    if value in _NAN:
        return float("nan")
    if not value or value[0] not in "-+0123456789.<=":
        return value  # text: no resolver of ruamel's starts with this character
    if len(value) > max_digits:
        raise NotFast("long scalar")
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    date = _DATE.fullmatch(value)
    if date:
        try:
            return dt.date(*(int(part) for part in date.groups()))
        except ValueError:
            raise NotFast("bad date") from None
    if _special().match(value):
        raise NotFast(f"plain scalar {value!r}")
    return value


def _key(value: Any) -> str:
    """A mapping key as ``loading.plain`` writes it (text only: others go to ruamel)."""
    if isinstance(value, str):
        return value
    if value is True or value is False:
        return "true" if value else "false"
    if value is None:
        return "null"
    raise NotFast("a key that is not text")


def read_plain(text: str, *, max_events: int = 100_000, max_depth: int = 40,
               max_digits: int = 1_000) -> Any:
    """The plain data of the one YAML document in ``text``, as the ruamel path reads it, or
    :class:`NotFast` (see the module's docstring for when)."""
    if CParser is None:
        raise NotFast("no libyaml")
    if _ODD.search(text) or ("\r" in text and _LONE_CR.search(text)):
        raise NotFast("a character left to ruamel")
    try:
        return _build(text, max_events, max_depth, max_digits)
    except NotFast:
        raise
    except Exception as err:  # noqa: BLE001 - whatever libyaml says, ruamel says it better
        raise NotFast(f"libyaml: {type(err).__name__}") from None


_NO_KEY = object()


def _build(text: str, max_events: int, max_depth: int, max_digits: int) -> Any:
    get = CParser(text).get_event
    if type(get()) is not StreamStartEvent:  # pragma: no cover - libyaml always starts so
        raise NotFast("stream")
    start = get()
    if type(start) is not DocumentStartEvent or start.version is not None or start.tags:
        raise NotFast("not one plain document")
    count = 2
    # Each open collection: [container, is a mapping, pending key, in flow style].
    stack: list[list[Any]] = []
    root: Any = _NO_KEY
    flow = False
    while True:
        event = get()
        count += 1
        if count > max_events:
            raise NotFast("too many events")
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise NotFast("anchor" if event.anchor is not None else "tag")
            value: Any = event.value
            if event.style in ("|", ">"):
                start = event.start_mark.index
                end = text.find("\n", start)
                if not _HEADER.fullmatch(text, start, end if end >= 0 else len(text)):
                    raise NotFast("block scalar header")
            elif not event.style:  # plain
                if flow and ("#" in value or ":" in value or "?" in value):
                    raise NotFast("flow scalar")
                if value == "<<":
                    raise NotFast("merge key")
                value = resolve(value, max_digits)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None:
                raise NotFast("anchor")
            if event.tag is not None:
                raise NotFast("tag")
            if len(stack) >= max_depth:
                raise NotFast("too deep")
            mapping = kind is MappingStartEvent
            flow = flow or bool(event.flow_style)
            stack.append([{} if mapping else [], mapping, _NO_KEY, flow])
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            frame = stack.pop()
            if frame[2] is not _NO_KEY:  # pragma: no cover - libyaml pairs keys and values
                raise NotFast("a key without a value")
            value = frame[0]
            flow = stack[-1][3] if stack else False
        elif kind is DocumentEndEvent:
            break
        else:  # an alias, or anything unexpected
            raise NotFast(kind.__name__)
        if not stack:
            root = value
            continue
        frame = stack[-1]
        if not frame[1]:
            frame[0].append(value)
        elif frame[2] is _NO_KEY:
            if kind is not ScalarEvent:
                raise NotFast("a key that is not text")
            key = _key(value)
            if key in frame[0]:
                raise NotFast("duplicate key")
            frame[2] = key
        else:
            frame[0][frame[2]] = value
            frame[2] = _NO_KEY
    if type(get()) is not StreamEndEvent:
        raise NotFast("more than one document")
    if not isinstance(root, dict | list):  # empty, or one scalar (ruamel reads a top-level
        raise NotFast("not a collection")  # block scalar at column 0 differently)
    return root
