"""ruamel.yaml's round-trip parse, guarded, with every node's position: the reference reading
of argmap's YAML files, and the one that locates their problems at ``file:line:column``.

While it parses, each event is checked, so a file is refused quickly when it uses
anchors/aliases (the "billion laughs" attack), explicit tags, nests too deeply or holds too
many nodes. ruamel is imported on first use: a valid file is read by libyaml
(:mod:`argmap._fast_yaml`) and never needs it.

Examples
--------
>>> root = parse_yaml("a: 1\\nb: [x, {c: true}]\\n", "f.yaml")
>>> plain(root)
{'a': 1, 'b': ['x', {'c': True}]}
>>> locator(root)(("b", 1, "c"))
(2, 12)
>>> parse_yaml("a: &x 1\\nb: *x\\n", "f.yaml")
Traceback (most recent call last):
...
argmap.errors.InputError: f.yaml:1:4: anchors and aliases are not allowed (expected plain \
YAML, each value written out)
"""

from __future__ import annotations

import functools
import re
from typing import Any

from .errors import Code, InputError, Loc, Problem

MAX_DEPTH = 40
"""Deeper nesting than this is refused (argmap files need about 8 levels)."""
MAX_EVENTS = 100_000
"""More YAML nodes than this are refused (a large model has about 10,000)."""
MAX_DIGITS = 1_000
"""Longer plain numbers than this are refused (Python refuses to read very long integers)."""
_STR_TAG = "tag:yaml.org,2002:str"
_LONG_INT = re.compile(r"^[-+]?[0-9][0-9_]*$")


class _Guard:
    """Checks each parser event: no aliases, no tags but ``!!str``, bounded depth and size."""

    def __init__(self, name: str) -> None:
        self.name, self.depth, self.count = name, 0, 0
        from ruamel.yaml import events

        self.events = events

    def refuse(self, event: Any, message: str, code: Code = "limit") -> InputError:
        mark = getattr(event, "start_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        return InputError([Problem(self.name, line, col, message, code=code)])

    def check(self, event: Any) -> None:
        ev = self.events
        self.count += 1
        if self.count > MAX_EVENTS:
            raise self.refuse(
                event, f"file too complex (expected at most {MAX_EVENTS:,} YAML nodes)"
            )
        if isinstance(event, ev.AliasEvent) or (
            isinstance(event, ev.NodeEvent) and event.anchor is not None
        ):
            raise self.refuse(
                event, "anchors and aliases are not allowed (expected plain YAML, each value "
                "written out)", "unsafe-yaml"
            )
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, ev.ScalarEvent) and str(tag) == _STR_TAG):
            shown = str(tag).replace("tag:yaml.org,2002:", "!!")
            raise self.refuse(
                event, f"YAML tag {shown} is not allowed (expected plain values; argmap never "
                "builds objects from tags)", "unsafe-yaml"
            )
        if isinstance(event, ev.ScalarEvent):
            value = event.value
            if event.style is None and value == "<<":
                raise self.refuse(
                    event, "YAML merge key '<<' is not allowed (expected each key written out "
                    "once)", "unsafe-yaml"
                )
            if event.style is None and len(value) > MAX_DIGITS and _LONG_INT.match(value):
                raise self.refuse(
                    event, f"number too long (expected at most {MAX_DIGITS} digits, got "
                    f"{len(value):,})"
                )
        elif isinstance(event, ev.CollectionStartEvent):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.refuse(
                    event, f"nesting too deep (expected at most {MAX_DEPTH} levels)"
                )
        elif isinstance(event, ev.CollectionEndEvent):
            self.depth -= 1


@functools.cache
def _guarded_parser() -> type:
    """ruamel's round-trip parser, with every event checked as soon as it is produced."""
    from ruamel.yaml.parser import RoundTripParser

    class GuardedParser(RoundTripParser):
        guard: _Guard

        def _advance(self) -> None:
            if self.current_event is None and self.state:
                self.current_event = self.state()
                self.guard.check(self.current_event)

        def check_event(self, *choices: Any) -> bool:
            self._advance()
            return bool(super().check_event(*choices))

        def peek_event(self) -> Any:
            self._advance()
            return super().peek_event()

        def get_event(self) -> Any:
            self._advance()
            return super().get_event()

    return GuardedParser


def _yaml(name: str = "<text>") -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    yaml.preserve_quotes = True  # so that a file saved again keeps its quotes
    yaml.Parser = _guarded_parser()
    yaml.parser.guard = _Guard(name)
    return yaml


def _syntax_error(err: Any, name: str) -> InputError:
    mark = err.problem_mark or err.context_mark
    what = " ".join(str(x) for x in (err.context, err.problem) if x)
    code: Code = "syntax"
    if "duplicate key" in what or type(err).__name__ == "DuplicateKeyError":
        key = str(err.problem).split('"')[1] if '"' in str(err.problem) else "?"
        what, code = f"duplicate key {key!r} (expected each key once)", "duplicate"
    elif "'\\t'" in what:
        what = "tab character (expected spaces: YAML indents with spaces only)"
    else:
        what = f"YAML syntax error: {what}"
        if "block" in what or "indentation" in what:
            what += " (check the indentation)"
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    return InputError([Problem(name, line, col, what, code=code)])


def _reader_error(err: Any, text: str, name: str) -> InputError:
    pos = err.position if isinstance(err.position, int) else 0
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    char = err.character if isinstance(err.character, int) else 0
    kind = "control character" if char < 0x20 or 0x7F <= char <= 0x9F else "character"
    return InputError(
        [Problem(name, line, col, f"{kind} U+{char:04X} (expected printable text)",
                 code="encoding")]
    )


def parse_yaml(text: str, name: str) -> Any:
    """Parse YAML text into ruamel's round-trip objects (with positions and comments)."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    try:
        return _yaml(name).load(text)
    except MarkedYAMLError as err:
        raise _syntax_error(err, name) from None
    except ReaderError as err:
        raise _reader_error(err, text, name) from None
    except YAMLError as err:
        raise InputError.single(name, f"YAML syntax error: {err}", code="syntax") from None
    except (ValueError, TypeError, KeyError, OverflowError, RecursionError) as err:
        raise InputError.single(name, f"unreadable YAML value ({err})", code="syntax") from None


def plain(node: Any) -> Any:
    """Round-trip YAML objects as plain dicts and lists; boolean keys become 'true'/'false'."""
    if isinstance(node, dict):
        return {_key(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return _pairs(str(node))
    if isinstance(node, _tagged_scalar()):  # only !!str is let through
        return _pairs(str(getattr(node, "value", "")))
    return node


@functools.cache
def _tagged_scalar() -> type:
    from ruamel.yaml.comments import TaggedScalar

    return TaggedScalar


def _pairs(text: str) -> str:
    r"""Join JSON-style surrogate pairs (``"\ud83c\udf27"``, which YAML reads as two halves)
    into the one character they spell; a lone half stays (and is refused as text).

    >>> _pairs("\ud83c\udf27"), _pairs("a\ud800")
    ('🌧', 'a\ud800')
    """
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def key_text(key: Any) -> Any:
    """A mapping key as text: boolean keys become 'true'/'false', a null key 'null'.

    >>> key_text(True), key_text(None), key_text(3), key_text("a")
    ('true', 'null', '3', 'a')
    """
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return key if isinstance(key, str) else str(key)


_key = key_text


def locator(root: Any) -> Any:
    """A function mapping a location path to the (line, column) of that node, 1-based."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def locate(loc: Loc, *, key: bool = False) -> tuple[int | None, int | None]:
        node = root
        best: tuple[int | None, int | None] = (None, None)
        if hasattr(node, "lc"):
            best = (node.lc.line + 1, node.lc.col + 1)
        for i, part in enumerate(loc):
            last = i == len(loc) - 1
            if isinstance(node, CommentedMap):
                found = _find_key(node, part)
                if found is _MISSING:
                    continue
                child = node[found]
                # A collection is pointed at by its key ("table:"), a scalar by its value, and
                # an empty value (null) by its key.
                at_key = (key and last) or child is None or isinstance(
                    child, CommentedMap | CommentedSeq
                )
                pos = node.lc.key(found) if at_key else node.lc.value(found)
                if pos is not None:
                    best = (pos[0] + 1, pos[1] + 1)
                node = child
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                pos = node.lc.item(part)
                if pos is not None:
                    best = (pos[0] + 1, pos[1] + 1)
                node = node[part]
        return best

    return locate


_MISSING = object()


def _find_key(node: Any, part: Any) -> Any:
    try:
        if part in node:
            return part
    except TypeError:
        pass
    for key in node:
        if _key(key) == part:
            return key
    return _MISSING
