"""Reading YAML files safely, with every problem located at ``file:line:column``.

A file is refused before it is parsed when it is too large or not UTF-8 text. A valid file
is read by libyaml (:mod:`argmap._fast_yaml`, C speed, no positions); any other is parsed by
ruamel.yaml in round-trip mode (:mod:`argmap._located_yaml`: positions kept, every event
checked, so anchors/aliases, explicit tags, deep nesting and too many nodes are refused at
their first node), and each problem is reported at ``file:line:column``. Both readings give
the same data: which one ran never changes a result or a message.

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

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ._compact_tables import expand_tables
from ._fast_yaml import NotFast, read_plain
from ._located_yaml import MAX_DEPTH, MAX_DIGITS, MAX_EVENTS, key_text, locator, parse_yaml, plain
from .checks import CREDENCE_TEXT, MODEL_TEXT, parse_numbers, text_problems
from .errors import Collector, InputError, Locate, Problem, describe, sort_problems
from .model import Model
from .reading import read_limited
from .resolve import resolve_model
from .schema import ModelSpec
from .schema_errors import pydantic_problems

__all__ = [
    "MAX_BYTES", "MAX_DEPTH", "MAX_DIGITS", "MAX_EVENTS", "decode", "load_data", "load_model",
    "load_model_text", "locator", "parse_yaml", "plain", "read_text", "validate_document",
]

MAX_BYTES = 8_000_000
"""Files larger than this are refused before parsing (2 MB until issue 14: bnlearn's diabetes
network, compact tables and all, is 3.4 MB of YAML)."""


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


def load_data(text: str, name: str) -> Any:
    """The plain data of a YAML text (dicts, lists, scalars), read by libyaml when it can vouch
    for the result (:mod:`argmap._fast_yaml`), else by the guarded ruamel parse, which locates
    any problem.

    >>> load_data("a: [1, yes, 2026-11-30]", "f.yaml")
    {'a': [1, 'yes', datetime.date(2026, 11, 30)]}
    """
    try:
        return read_plain(text, max_events=MAX_EVENTS, max_depth=MAX_DEPTH,
                          max_digits=MAX_DIGITS)
    except NotFast:
        return plain(parse_yaml(text, name))


def lazy_locator(text: str, name: str) -> Locate:
    """A locator (:func:`locator`) that parses ``text`` with ruamel the first time it is asked,
    so that a valid file read by libyaml never pays for positions it does not need."""
    found: list[Locate] = []

    def locate(loc: Any, *, key: bool = False) -> tuple[int | None, int | None]:
        if not found:
            found.append(locator(parse_yaml(text, name)))
        return found[0](loc, key=key)

    return locate


def validate_document(
    text: str, name: str, spec_type: type[BaseModel], what: str
) -> tuple[Any, Locate]:
    """Parse and structurally validate a document; return (spec, locator of its nodes).

    A valid document is read by libyaml and validated once; anything else (a problem in the
    file, or a text the fast path leaves to ruamel) is parsed by ruamel and validated there,
    so that each problem is located exactly as before.
    """
    try:
        data = read_plain(text, max_events=MAX_EVENTS, max_depth=MAX_DEPTH,
                          max_digits=MAX_DIGITS)
    except NotFast:
        data = None
    if isinstance(data, dict):
        quiet = Collector(name)
        compact = expand_tables(data) if spec_type is ModelSpec else []
        text_problems(quiet, data, MODEL_TEXT if spec_type is ModelSpec else CREDENCE_TEXT)
        if not quiet.problems and not compact:
            try:
                return spec_type.model_validate(data), lazy_locator(text, name)
            except ValidationError:
                pass  # reported, located, by the ruamel path below
    return _validate_located(text, name, spec_type, what)


def _validate_located(
    text: str, name: str, spec_type: type[BaseModel], what: str
) -> tuple[Any, Locate]:
    root = parse_yaml(text, name)
    if root is None:
        raise InputError.single(name, f"empty file (expected a {what})", code="type")
    if not isinstance(root, dict):
        got = describe(plain(root))
        raise InputError.single(
            name, f"expected a {what} (a YAML mapping) at the top, got {got}", 1, 1, code="type"
        )
    data = plain(root)
    locate = locator(root)
    bad_text = Collector(name, locate)
    for loc, message, code in expand_tables(data) if spec_type is ModelSpec else ():
        bad_text.add(loc, message, code=code)
    text_problems(bad_text, data, MODEL_TEXT if spec_type is ModelSpec else CREDENCE_TEXT)
    try:
        spec = spec_type.model_validate(data)
    except ValidationError as err:
        problems = pydantic_problems(err, name, locate, spec_type)
        if spec_type is ModelSpec:
            problems += value_problems(data, name, locate)
        refused = {p.loc for p in bad_text.problems}  # a lone surrogate is also not a "string"
        problems = [p for p in problems if p.loc not in refused]
        raise InputError(sort_problems(bad_text.problems + problems)) from None
    bad_text.raise_if_any()
    return spec, locate


def value_problems(data: Any, name: str, locate: Any) -> list[Problem]:
    """Check a model's numbers even when its structure is broken, so that one run reports
    bad probabilities together with structural problems (the resolver's own number check)."""
    out = Collector(name, locate)
    claims = data.get("claims") if isinstance(data, dict) else None
    for cid, claim in claims.items() if isinstance(claims, dict) else ():
        states = claim.get("states", ["true", "false"]) if isinstance(claim, dict) else None
        if isinstance(states, list) and len(states) >= 2:
            parse_numbers(str(cid), claim, tuple(key_text(s) for s in states), out)
    return out.problems


def load_model_text(text: str, name: str = "<text>") -> Model:
    """Load a model from YAML text; ``name`` is used in error messages."""
    spec, locate = validate_document(text, name, ModelSpec, "model with id, title and claims")
    return resolve_model(spec, name, locate)


def load_model(path: str | Path) -> Model:
    """Load and validate a model file.

    >>> load_model("models/examples/sprinkler.yaml").title
    'Rain, sprinkler and wet grass'
    """
    return load_model_text(read_text(path), str(path))
