"""Reading YAML files safely, with every problem located at ``file:line:column``.

YAML is parsed by ruamel.yaml in round-trip mode (keeps comments and positions; never
constructs Python objects). Before parsing, a file is refused quickly when it is too large,
not UTF-8 text, uses anchors/aliases (the "billion laughs" attack), explicit tags, or nests
too deeply.

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
argmap.errors.InputError: toy.yaml:5:39: probability out of range (expected a number in [0, 1], got 1.3)
"""

from __future__ import annotations

import difflib
import io
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
    ScalarEvent,
)

from .errors import InputError, Problem
from .model import Loc, Model, resolve_model
from .schema import ClaimSpec, CredenceSpec, LinkSpec, ModelSpec, NoisySpec, RowSpec, SourceSpec

MAX_BYTES = 2_000_000
"""Files larger than this are refused before parsing."""
MAX_DEPTH = 40
"""Deeper nesting than this is refused (argmap files need about 8 levels)."""
MAX_EVENTS = 500_000
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")
}
_KNOWN_KEYS = sorted(
    set().union(
        *(
            cls.model_fields
            for cls in (ModelSpec, ClaimSpec, LinkSpec, RowSpec, NoisySpec, SourceSpec, CredenceSpec)
        )
    )
)


def read_text(path: str | Path) -> str:
    """Read a file as UTF-8 text within the size limit, or raise a located InputError."""
    name = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise InputError.single(name, "not a file (expected a YAML file)")
        if size > MAX_BYTES:
            raise InputError.single(
                name, f"file too large (expected at most {MAX_BYTES:,} bytes, got {size:,})"
            )
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError.single(name, "no such file") from None
    except OSError as err:
        raise InputError.single(name, f"cannot read file ({err.strerror})") from None
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 text, refusing binary data and oversized input."""
    if len(data) > MAX_BYTES:
        raise InputError.single(
            name, f"file too large (expected at most {MAX_BYTES:,} bytes, got {len(data):,})"
        )
    if b"\x00" in data:
        raise InputError.single(name, "binary data (expected a UTF-8 YAML text file)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError.single(
            name, f"not UTF-8 text (expected a UTF-8 YAML file; bad byte at offset {err.start})"
        ) from None


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def _precheck(text: str, name: str) -> None:
    """Refuse aliases, explicit tags and deep nesting, using parser events only."""
    depth = 0
    try:
        for count, event in enumerate(_yaml().parse(io.StringIO(text))):
            if count > MAX_EVENTS:
                raise InputError.single(name, f"file too complex (more than {MAX_EVENTS} nodes)")
            mark = getattr(event, "start_mark", None)
            line = mark.line + 1 if mark else None
            col = mark.column + 1 if mark else None
            if isinstance(event, AliasEvent) or (
                isinstance(event, NodeEvent) and event.anchor is not None
            ):
                raise InputError.single(
                    name, "anchors and aliases are not allowed (expected plain YAML)", line, col
                )
            tag = getattr(event, "tag", None)
            if isinstance(event, ScalarEvent | CollectionStartEvent) and tag is not None:
                if tag not in _PLAIN_TAGS and not str(tag).startswith("!!"):
                    raise InputError.single(
                        name, f"YAML tag {tag} is not allowed (expected plain values)", line, col
                    )
                if str(tag).startswith("!!") and f"tag:yaml.org,2002:{tag[2:]}" not in _PLAIN_TAGS:
                    raise InputError.single(
                        name, f"YAML tag {tag} is not allowed (expected plain values)", line, col
                    )
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise InputError.single(
                        name, f"nesting too deep (expected at most {MAX_DEPTH} levels)", line, col
                    )
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except MarkedYAMLError as err:
        raise _syntax_error(err, name) from None
    except YAMLError as err:
        raise InputError.single(name, f"YAML syntax error: {err}") from None


def _syntax_error(err: MarkedYAMLError, name: str) -> InputError:
    mark = err.problem_mark or err.context_mark
    what = " ".join(str(x) for x in (err.context, err.problem) if x)
    if "duplicate key" in what or type(err).__name__ == "DuplicateKeyError":
        key = str(err.problem).split('"')[1] if '"' in str(err.problem) else "?"
        what = f"duplicate key {key!r} (expected each key once)"
    else:
        what = f"YAML syntax error: {what}"
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    return InputError([Problem(name, line, col, what)])


def parse_yaml(text: str, name: str) -> Any:
    """Parse YAML text into ruamel's round-trip objects (with positions and comments)."""
    _precheck(text, name)
    try:
        return _yaml().load(text)
    except MarkedYAMLError as err:
        raise _syntax_error(err, name) from None
    except YAMLError as err:
        raise InputError.single(name, f"YAML syntax error: {err}") from None


def plain(node: Any) -> Any:
    """Round-trip YAML objects as plain dicts and lists; boolean keys become 'true'/'false'."""
    if isinstance(node, dict):
        return {_key(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


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
                # A collection is pointed at by its key ("table:"), a scalar by its value.
                at_key = (key and last) or isinstance(child, CommentedMap | CommentedSeq)
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
    if part in node:
        return part
    for key in node:
        if _key(key) == part:
            return key
    return _MISSING


def _pydantic_problems(err: ValidationError, name: str, root: Any) -> list[Problem]:
    locate = locator(root)
    problems = []
    for e in err.errors():
        loc = tuple(e["loc"])
        kind = e["type"]
        where = locate(loc[:-1] if kind == "missing" else loc, key=kind == "extra_forbidden")
        field = str(loc[-1]) if loc else "file"
        if kind == "missing":
            owner = f" in {loc[-2]!r}" if len(loc) >= 2 else ""
            message = f"missing key {field!r}{owner} (expected it here)"
        elif kind == "extra_forbidden" and re.fullmatch(r"[\d.\s]+\)", field):
            message = (
                f"unknown key {field!r}: a value like beta(a, b) inside {{...}} must be quoted "
                "(expected 'beta(a, b)' in quotes, or the block style on its own line)"
            )
        elif kind == "extra_forbidden":
            message = (
                f"unknown key {field!r}{_suggest(field)} (expected only the keys this "
                "format defines; see docs/format.md)"
            )
        else:
            message = f"{field}: {e['msg'][0].lower() + e['msg'][1:]} (got {_describe(e['input'])})"
        problems.append(Problem(name, where[0], where[1], message))
    return problems


def _suggest(field: str) -> str:
    close = difflib.get_close_matches(field, _KNOWN_KEYS, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _describe(value: Any) -> str:
    text = repr(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)} items"
    return text if len(text) <= 60 else text[:57] + "..."


def validate_document(
    text: str, name: str, spec_type: type[BaseModel], what: str
) -> tuple[Any, Any]:
    """Parse and structurally validate a document; return (spec, ruamel root)."""
    root = parse_yaml(text, name)
    if root is None:
        raise InputError.single(name, f"empty file (expected a {what})")
    if not isinstance(root, dict):
        raise InputError.single(
            name, f"expected a {what} (a YAML mapping) at the top, got {_describe(plain(root))}", 1, 1
        )
    data = plain(root)
    try:
        return spec_type.model_validate(data), root
    except ValidationError as err:
        problems = _pydantic_problems(err, name, root)
        if spec_type is ModelSpec:
            problems += value_problems(data, name, locator(root))
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputError(problems) from None


def value_problems(data: Any, name: str, locate: Any) -> list[Problem]:
    """Check a model's numbers even when its structure is broken, so that one run reports
    bad probabilities together with structural problems."""
    from .model import parse_distribution
    from .values import parse_value

    found: list[Problem] = []
    claims = data.get("claims") if isinstance(data, dict) else None
    if not isinstance(claims, dict):
        return found

    def check(loc: Loc, parse: Any) -> None:
        try:
            parse()
        except (ValueError, TypeError) as err:
            line, col = locate(loc)
            found.append(Problem(name, line, col, str(err)))

    for cid, claim in claims.items():
        if not isinstance(claim, dict):
            continue
        states = claim.get("states", ["true", "false"])
        if not (isinstance(states, list) and len(states) >= 2):
            continue
        states = tuple(_key(s) for s in states)
        base: Loc = ("claims", cid)
        if "prior" in claim:
            check((*base, "prior"), lambda c=claim: parse_distribution(c["prior"], states))
        rows = claim.get("table")
        if isinstance(rows, list):
            for r, row in enumerate(rows):
                if isinstance(row, dict) and "p" in row:
                    check((*base, "table", r, "p"),
                          lambda row=row: parse_distribution(row["p"], states))
        for form in ("noisy_or", "noisy_and"):
            noisy = claim.get(form)
            if not isinstance(noisy, dict):
                continue
            if "leak" in noisy:
                check((*base, form, "leak"), lambda n=noisy: parse_value(n["leak"]))
            strengths = noisy.get("strengths")
            if isinstance(strengths, dict):
                for parent, raw in strengths.items():
                    check((*base, form, "strengths", parent), lambda v=raw: parse_value(v))
    return found


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
