"""Reading YAML files safely, with every problem located at ``file:line:column``.

YAML is parsed by ruamel.yaml in round-trip mode (keeps comments and positions; never
constructs Python objects). While it parses, each event is checked, so a file is refused
quickly when it is too large, not UTF-8 text, uses anchors/aliases (the "billion laughs"
attack), explicit tags, nests too deeply or holds too many nodes.

Examples
--------
>>> model = load_model_text('''
... id: toy
... title: Toy
... claims:
...   rain: {statement: It rains., prior: 0.3}
... ''')
>>> model.claim_ids
('rain',)
>>> load_model_text('''
... id: toy
... title: Toy
... claims:
...   rain: {statement: It rains., prior: 1.3}
... ''', name="toy.yaml")
Traceback (most recent call last):
...
argmap.errors.InputError: toy.yaml:5:39: probability out of range (expected a number in [0, 1], \
got 1.3)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.parser import RoundTripParser
from ruamel.yaml.reader import ReaderError

from .checks import CREDENCE_TEXT, MODEL_TEXT, parse_numbers, text_problems
from .errors import Code, Collector, InputError, Loc, Problem, describe, sort_problems
from .model import Model
from .reading import read_limited
from .resolve import resolve_model
from .schema import ModelSpec
from .schema_errors import pydantic_problems

MAX_BYTES = 2_000_000
"""Files larger than this are refused before parsing."""
MAX_DEPTH = 40
"""Deeper nesting than this is refused (argmap files need about 8 levels)."""
MAX_EVENTS = 100_000
"""More YAML nodes than this are refused (a large model has about 10,000)."""
MAX_DIGITS = 1_000
"""Longer plain numbers than this are refused (Python refuses to read very long integers)."""
_STR_TAG = "tag:yaml.org,2002:str"
_LONG_INT = re.compile(r"^[-+]?[0-9][0-9_]*$")


def read_text(path: str | Path) -> str:
    """Read a file as UTF-8 text within the size limit, or raise a located InputError.

    The file's kind and size are checked before it is opened (:func:`argmap.reading.read_limited`):
    a folder, a pipe or a device is refused, and a file over :data:`MAX_BYTES` is never read.
    """
    return decode(read_limited(path, limit=MAX_BYTES, expected="a YAML file"), str(path))


def decode(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 text, refusing binary data and oversized input.

    >>> decode("a: 1".encode("utf-16"), "f.yaml")
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: f.yaml: UTF-16 text (expected UTF-8; save the file as UTF-8)
    """
    if len(data) > MAX_BYTES:
        raise InputError.single(
            name, f"file too large (expected at most {MAX_BYTES:,} bytes, got {len(data):,})",
            code="limit",
        )
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError.single(name, "UTF-16 text (expected UTF-8; save the file as UTF-8)",
                                code="encoding")
    if b"\x00" in data:
        raise InputError.single(name, "binary data (expected a UTF-8 YAML text file)",
                                code="encoding")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise InputError.single(
            name,
            f"not UTF-8 text (expected a UTF-8 YAML file; bad byte 0x{data[err.start]:02x} at "
            f"offset {err.start})",
            line,
            column,
            code="encoding",
        ) from None


class _Guard:
    """Checks each parser event: no aliases, no tags but ``!!str``, bounded depth and size."""

    def __init__(self, name: str) -> None:
        self.name, self.depth, self.count = name, 0, 0

    def refuse(self, event: Any, message: str, code: Code = "limit") -> InputError:
        mark = getattr(event, "start_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        return InputError([Problem(self.name, line, col, message, code=code)])

    def check(self, event: Any) -> None:
        self.count += 1
        if self.count > MAX_EVENTS:
            raise self.refuse(
                event, f"file too complex (expected at most {MAX_EVENTS:,} YAML nodes)"
            )
        if isinstance(event, AliasEvent) or (
            isinstance(event, NodeEvent) and event.anchor is not None
        ):
            raise self.refuse(
                event, "anchors and aliases are not allowed (expected plain YAML, each value "
                "written out)", "unsafe-yaml"
            )
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, ScalarEvent) and str(tag) == _STR_TAG):
            shown = str(tag).replace("tag:yaml.org,2002:", "!!")
            raise self.refuse(
                event, f"YAML tag {shown} is not allowed (expected plain values; argmap never "
                "builds objects from tags)", "unsafe-yaml"
            )
        if isinstance(event, ScalarEvent):
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
        elif isinstance(event, CollectionStartEvent):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.refuse(
                    event, f"nesting too deep (expected at most {MAX_DEPTH} levels)"
                )
        elif isinstance(event, CollectionEndEvent):
            self.depth -= 1


class _GuardedParser(RoundTripParser):
    """ruamel's round-trip parser, with every event checked as soon as it is produced."""

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


def _yaml(name: str = "<text>") -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    yaml.preserve_quotes = True  # so that a file saved again keeps its quotes
    yaml.Parser = _GuardedParser
    yaml.parser.guard = _Guard(name)
    return yaml


def _syntax_error(err: MarkedYAMLError, name: str) -> InputError:
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


def _reader_error(err: ReaderError, text: str, name: str) -> InputError:
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
    if isinstance(node, TaggedScalar):  # only !!str is let through
        return _pairs(str(node.value))
    return node


def _pairs(text: str) -> str:
    r"""Join JSON-style surrogate pairs (``"\ud83c\udf27"``, which YAML reads as two halves)
    into the one character they spell; a lone half stays (and is refused as text).

    >>> _pairs("\ud83c\udf27"), _pairs("a\ud800")
    ('🌧', 'a\ud800')
    """
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _key(key: Any) -> Any:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return key if isinstance(key, str) else str(key)


def locator(root: Any) -> Any:
    """A function mapping a location path to the (line, column) of that node, 1-based."""

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


def _find_key(node: CommentedMap, part: Any) -> Any:
    try:
        if part in node:
            return part
    except TypeError:
        pass
    for key in node:
        if _key(key) == part:
            return key
    return _MISSING


def validate_document(
    text: str, name: str, spec_type: type[BaseModel], what: str
) -> tuple[Any, Any]:
    """Parse and structurally validate a document; return (spec, ruamel root)."""
    root = parse_yaml(text, name)
    if root is None:
        raise InputError.single(name, f"empty file (expected a {what})", code="type")
    if not isinstance(root, dict):
        got = describe(plain(root))
        raise InputError.single(
            name, f"expected a {what} (a YAML mapping) at the top, got {got}", 1, 1, code="type"
        )
    data = plain(root)
    bad_text = Collector(name, locator(root))
    text_problems(bad_text, data, MODEL_TEXT if spec_type is ModelSpec else CREDENCE_TEXT)
    try:
        spec = spec_type.model_validate(data)
    except ValidationError as err:
        problems = pydantic_problems(err, name, locator(root), spec_type)
        if spec_type is ModelSpec:
            problems += value_problems(data, name, locator(root))
        refused = {p.loc for p in bad_text.problems}  # a lone surrogate is also not a "string"
        problems = [p for p in problems if p.loc not in refused]
        raise InputError(sort_problems(bad_text.problems + problems)) from None
    bad_text.raise_if_any()
    return spec, root


def value_problems(data: Any, name: str, locate: Any) -> list[Problem]:
    """Check a model's numbers even when its structure is broken, so that one run reports
    bad probabilities together with structural problems (the resolver's own number check)."""
    out = Collector(name, locate)
    claims = data.get("claims") if isinstance(data, dict) else None
    for cid, claim in claims.items() if isinstance(claims, dict) else ():
        states = claim.get("states", ["true", "false"]) if isinstance(claim, dict) else None
        if isinstance(states, list) and len(states) >= 2:
            parse_numbers(str(cid), claim, tuple(_key(s) for s in states), out)
    return out.problems


def load_model_text(text: str, name: str = "<text>") -> Model:
    """Load a model from YAML text; ``name`` is used in error messages."""
    spec, root = validate_document(text, name, ModelSpec, "model with id, title and claims")
    return resolve_model(spec, name, locator(root))


def load_model(path: str | Path) -> Model:
    """Load and validate a model file.

    >>> load_model("models/examples/sprinkler.yaml").title
    'Rain, sprinkler and wet grass'
    """
    return load_model_text(read_text(path), str(path))
