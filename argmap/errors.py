"""Errors argmap raises: one small hierarchy, each problem located in a file.

Every error a user can cause is an :class:`ArgmapError`. It carries one or more
:class:`Problem` records, each naming the file, line and column (1-based) and saying what
was expected and what was found. The CLI prints them and exits with code 2; the app shows
them in an error box.

:func:`pydantic_problems` turns pydantic's validation errors into such problems, in plain
words ("wrong type for 'statement' (expected text, got the boolean true; ...)").

Examples
--------
>>> err = InputError([Problem("m.yaml", 3, 5, "probability out of range (expected 0..1, got 1.3)")])
>>> print(err)
m.yaml:3:5: probability out of range (expected 0..1, got 1.3)
>>> err.exit_code
2
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Self

from pydantic import BaseModel, ValidationError

Loc = tuple[Any, ...]
Locate = Callable[..., tuple[int | None, int | None]]

Code = Literal[
    "invalid",
    "read",
    "write",
    "encoding",
    "syntax",
    "unsafe-yaml",
    "limit",
    "duplicate",
    "missing-key",
    "unknown-key",
    "type",
    "bad-value",
    "out-of-range",
    "sum",
    "unknown-claim",
    "unknown-state",
    "unknown-parameter",
    "unknown-name",
    "not-a-parent",
    "table",
    "cycle",
    "role",
    "bad-argument",
    "impossible-evidence",
    "file-changed",
    "unavailable",
]
"""The stable, machine-readable kinds of problem (documented in ``docs/errors.md``).

Scripts and tests match on these, never on the words of a message, which may improve.
"""


@dataclass(frozen=True)
class Problem:
    """One located problem: in an input file, or in an argument of a library call.

    ``line`` and ``column`` are 1-based; ``None`` when the problem belongs to the whole file.
    ``loc`` is the path to the offending value, like pydantic's: inside a file
    (``("claims", "rain", "prior")``) or, when ``file`` is ``None``, naming the function's own
    argument first (``("evidence", "rain")``). ``code`` is one of :data:`Code`.

    >>> print(Problem("m.yaml", 3, 5, "bad", code="out-of-range"))
    m.yaml:3:5: bad
    >>> print(Problem(None, None, None, "unknown claim 'x'", loc=("evidence",)))
    evidence: unknown claim 'x'
    """

    file: str | None
    line: int | None
    column: int | None
    message: str
    loc: Loc = field(default=(), kw_only=True)
    code: Code = field(default="invalid", kw_only=True)

    @property
    def argument(self) -> str | None:
        """The library argument at fault, for a problem that is not in a file."""
        return str(self.loc[0]) if self.file is None and self.loc else None

    @property
    def where(self) -> str:
        """``file:line:column``, the argument's name, or ``<input>``."""
        if self.file is None:
            return self.argument or "<input>"
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ArgmapError(Exception):
    """Base class of every error argmap raises on purpose.

    ``exit_code`` is what the CLI exits with: 2 for bad input.
    """

    exit_code = 2
    kind = "error"

    def __init__(self, problems: Sequence[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(None, None, None, problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def codes(self) -> tuple[Code, ...]:
        """The code of each problem, in order.

        >>> InputError.argument("samples", "expected 1 or more", code="out-of-range").codes
        ('out-of-range',)
        """
        return tuple(p.code for p in self.problems)

    @classmethod
    def single(
        cls,
        file: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        *,
        loc: Loc = (),
        code: Code = "invalid",
    ) -> Self:
        """Build an error holding one problem in a file."""
        return cls([Problem(file, line, column, message, loc=loc, code=code)])

    @classmethod
    def argument(cls, name: str, message: str, *, code: Code = "bad-argument",
                 loc: Loc = ()) -> Self:
        """Build an error about the caller's argument ``name`` (not a file).

        Library functions name their own arguments; only the CLI maps them to its options.

        >>> print(UnknownNameError.argument("target", "unknown claim 'x'", code="unknown-claim"))
        target: unknown claim 'x'
        """
        return cls([Problem(None, None, None, message, loc=(name, *loc), code=code)])


class InputError(ArgmapError):
    """A file could not be read or does not follow the format (syntax, types, values)."""

    kind = "input"


class UnknownNameError(ArgmapError):
    """A name refers to something that does not exist (unknown claim, state or model)."""

    kind = "reference"


class ImpossibleEvidenceError(ArgmapError):
    """The evidence has probability zero under the model and credences given."""

    kind = "impossible-evidence"


class ConflictError(ArgmapError):
    """A file changed on disk since it was read; saving would lose someone's edits."""

    kind = "conflict"


class ExportError(ArgmapError):
    """An export format cannot be produced here (for example, a missing program)."""

    kind = "export"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in file order (whole-file problems first); ties keep the order found.

    >>> [p.line for p in sort_problems([Problem("f", 9, 1, "b"), Problem("f", None, None, "a")])]
    [None, 9]
    """
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def collect(problems: Iterable[Problem], cls: type[ArgmapError] = InputError) -> None:
    """Raise ``cls`` with all ``problems`` if there are any.

    >>> collect([])
    >>> collect([Problem("f", 1, 1, "bad")])
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: f:1:1: bad
    """
    found = list(problems)
    if found:
        raise cls(found)


def short_number(x: int | float) -> str:
    """A number as written, unless it is too long to show.

    >>> short_number(0.25), short_number(10**30)
    ('0.25', 'a number of 31 digits')
    """
    text = repr(x)
    return text if len(text) <= 20 else f"a number of {len(text)} digits"


def describe(x: Any) -> str:
    """How a value found in a file is named in messages.

    >>> describe(True), describe(None), describe([1, 2]), describe("x" * 80)[:20]
    ('the boolean true', 'nothing (an empty value)', 'a list of 2 items', "the text 'xxxxxxxxxx")
    """
    if isinstance(x, bool):
        return f"the boolean {str(x).lower()}"
    if x is None:
        return "nothing (an empty value)"
    if isinstance(x, str):
        text = repr(x)
        return "the text " + (text if len(text) <= 60 else text[:57] + "...")
    if isinstance(x, list | tuple):
        return f"a list of {len(x)} item{'' if len(x) == 1 else 's'}"
    if isinstance(x, dict):
        return "a mapping"
    if isinstance(x, dt.date):
        return f"the date {x.isoformat()}"
    if isinstance(x, int) and not isinstance(x, bool):
        return short_number(x)
    text = repr(x)
    return text if len(text) <= 60 else text[:57] + "..."


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
