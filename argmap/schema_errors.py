"""pydantic's validation errors as located :class:`~argmap.errors.Problem` records, in plain words.

"wrong type for 'statement' (expected a valid string of text, got the boolean true; put it in
quotes to use it as text)", "unknown key 'statment' (did you mean 'statement'?)": each error of
a schema type (:mod:`argmap.schema`) becomes one problem with a location path and a code.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Code, Loc, Locate, Problem, describe, sort_problems


def _optional(tp: Any) -> tuple[Any, list[Any]]:
    """``X | None`` as X; the members of a real union (two or more types) as a list."""
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return tp, []
    return (args[0], []) if len(args) == 1 else (tp, args)


def _walk(spec_type: type[BaseModel], loc: tuple[Any, ...]) -> tuple[Loc, int | None, Any]:
    """Drop pydantic's union-member tags (``'list[str]'``) from ``loc``.

    Returns the clean location, how much of it came before a union (or None), and the schema
    type at its end.
    """
    tp: Any = spec_type
    clean: list[Any] = []
    union_at: int | None = None
    for part in loc:
        tp, members = _optional(tp)
        if members:
            union_at = len(clean)
            names = [getattr(typing.get_origin(a) or a, "__name__", "?") for a in members]
            tp = next((a for a, n in zip(members, names, strict=True) if str(part).startswith(n)),
                      Any)
            continue
        clean.append(part)
        args = typing.get_args(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(str(part))
            tp = field.annotation if field is not None else Any
        else:
            tp = args[-1 if typing.get_origin(tp) is dict else 0] if args else Any
    return tuple(clean), union_at, _optional(tp)[0]


_EXPECTED = {
    "string_type": "a valid string of text",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "list_type": "a list",
    "tuple_type": "a list",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "date_type": "a date (YYYY-MM-DD)",
}
_WHAT = {
    "claims": "a mapping of claim ids to claims",
    "table": "a list of rows, each {when: {...}, p: ...}",
    "states": "a list of state names",
    "credences": "a mapping of claim or parameter ids to values",
    "strengths": "a mapping of parent -> strength",
    "when": "a mapping of parent -> state",
    "groups": "a list of groups, each {id, title}",
    "parents": "a mapping of parent -> role, or a list of parent ids",
    "noisy_or": "a mapping with leak and strengths",
    "noisy_and": "a mapping with leak and strengths",
    "source": "a mapping with title, author, year and url",
    "output": "a mapping with claim and state",
    "date": "a date (YYYY-MM-DD) or text",
}


def _label(loc: Loc) -> str:
    """``'states' item 2`` for ``(..., 'states', 1)``; ``'title'`` for ``('title',)``."""
    names = [p for p in loc if not isinstance(p, int)]
    label = repr(str(names[-1])) if names else "the file"
    if loc and isinstance(loc[-1], int):
        label += f" item {loc[-1] + 1}"
    return label


def _message(kind: str, loc: Loc, err: Any, model: Any, close: str | None) -> str:
    field, got = str(loc[-1]) if loc else "file", describe(err["input"])
    if kind == "missing":
        where = "the file" if len(loc) <= 1 else ".".join(str(p) for p in loc[:-1])
        return f"missing key {field!r} (expected it in {where})"
    if kind == "extra_forbidden" and re.fullmatch(r"[\d.eE+\-\s]+\)", field):
        return (
            f"unknown key {field!r}: a value like beta(a, b) inside {{...}} must be quoted "
            "(expected 'beta(a, b)' in quotes, or the block style on its own line)"
        )
    if kind == "extra_forbidden":
        is_spec = isinstance(model, type) and issubclass(model, BaseModel)
        options = sorted(model.model_fields) if is_spec else []
        close = close or next(iter(difflib.get_close_matches(field, options, 1, 0.6)), None)
        hint = f" (did you mean {close!r}?)" if close else ""
        return f"unknown key {field!r}{hint} (expected one of: {', '.join(options)})"
    if kind == "literal_error":
        return f"bad value for {_label(loc)} (expected {err['ctx']['expected']}, got {got})"
    if kind == "string_pattern_mismatch":
        return f"bad {_label(loc)} {got} (expected a letter, then letters, digits or _)"
    if kind in ("string_too_short", "too_short"):
        least = "entry" if kind == "too_short" else "character"
        return f"empty {_label(loc)} (expected at least one {least})"
    what = _WHAT.get(field) or _EXPECTED.get(kind) or err["msg"][0].lower() + err["msg"][1:]
    hint = ""
    if kind == "string_type" and isinstance(err["input"], bool | int | float | dt.date):
        hint = "; put it in quotes to use it as text"
    return f"wrong type for {_label(loc)} (expected {what}, got {got}{hint})"


def _code(kind: str) -> Code:
    """The :data:`Code` of one of pydantic's error types."""
    if kind == "missing":
        return "missing-key"
    if kind == "extra_forbidden":
        return "unknown-key"
    if kind in ("literal_error", "string_pattern_mismatch", "string_too_short", "too_short"):
        return "bad-value"
    return "type"


def pydantic_problems(
    err: ValidationError, name: str, locate: Locate, spec_type: type[BaseModel]
) -> list[Problem]:
    """pydantic's errors for ``spec_type`` as located problems with plain-words messages.

    ``locate(loc, key=...)`` gives the (line, column) of a location path in the file. A union
    reports one error per member; only the most telling is kept. A missing key beside an
    unknown key that looks like it becomes one "unknown key (did you mean ...?)" problem.
    """
    entries = [(*_walk(spec_type, tuple(e["loc"]))[:2], e) for e in err.errors()]
    # A union (parents: a mapping or a list) reports an error per member: keep the deeper ones.
    deep = {loc[:u] for loc, u, _ in entries if u is not None and len(loc) > u}
    extra = [loc for loc, _, e in entries if e["type"] == "extra_forbidden"]
    missing = [loc for loc, _, e in entries if e["type"] == "missing"]
    problems: list[Problem] = []
    seen: set[Loc] = set()
    for loc, union_at, e in entries:
        if loc in seen or (union_at == len(loc) and loc in deep):
            continue
        seen.add(loc)
        kind = e["type"]
        siblings = missing if kind == "extra_forbidden" else extra if kind == "missing" else []
        names = [str(s[-1]) for s in siblings if s[:-1] == loc[:-1]]
        field = str(loc[-1]) if loc else ""
        close = next(iter(difflib.get_close_matches(field, names, 1, 0.6)), None)
        if kind == "missing" and close:
            continue  # reported as: unknown key 'statment' (did you mean 'statement'?)
        model: Any = _walk(spec_type, loc[:-1])[2] if loc[:-1] else spec_type
        line, col = locate(loc[:-1] if kind == "missing" else loc, key=kind == "extra_forbidden")
        message = _message(kind, loc, e, model, close)
        problems.append(Problem(name, line, col, message, loc=loc, code=_code(kind)))
    return sort_problems(problems)
