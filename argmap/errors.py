"""Errors argmap raises: one small hierarchy, each problem located in a file.

Every error a user can cause is an :class:`ArgmapError`. It carries one or more
:class:`Problem` records, each naming the file, line and column (1-based) and saying what
was expected and what was found. The CLI prints them and exits with code 2; the app shows
them in an error box.

:class:`Collector` gathers the problems of one file so that all are reported at once;
:func:`argmap.schema_errors.pydantic_problems` turns pydantic's validation errors into problems.

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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Self

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
    "bad-text",
    "budget",  # an analysis past its memory or work budget (docs/errors.md, Budgets)
    "too-big",  # the compiled network is past the engine's size budget (argmap._budget)
    "file-kind",  # issue 13 class 3: a folder, pipe, device or socket where a file belongs
    "missing-extra",  # an optional package is not installed (argmap._extras: pip install argmap[x])
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
        where = printable(self.file)  # a path as typed, perhaps with a control character
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


class MissingExtraError(ArgmapError):
    """An optional package a feature needs is not installed (``pip install 'argmap[extra]'``)."""

    kind = "missing-extra"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in file order (whole-file problems first); ties keep the order found.

    >>> [p.line for p in sort_problems([Problem("f", 9, 1, "b"), Problem("f", None, None, "a")])]
    [None, 9]
    """
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def did_you_mean(name: str, options: Iterable[str] | Mapping[str, Any]) -> str:
    """A suffix like `` (did you mean 'slack'?)``, or an empty string.

    >>> did_you_mean("slak", ["slack", "coverage"])
    " (did you mean 'slack'?)"
    """
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def unknown_claim(name: str, claims: Iterable[str] | Mapping[str, Any]) -> str:
    """The message for a claim name that is not in ``claims``, with "did you mean".

    >>> unknown_claim("slak", ["slack", "coverage"])
    "unknown claim 'slak' (did you mean 'slack'?)"
    """
    return f"unknown claim {name!r}{did_you_mean(str(name), claims)}"


def unknown_state(
    state: str, owner: str | None, states: Iterable[str] | Mapping[str, Any]
) -> str:
    """The message for a state that is not one of claim ``owner``'s ``states`` (``owner`` may
    be None where the claim is named by the location).

    >>> unknown_state("soaked", "wet", ["true", "false"])
    "unknown state 'soaked' of 'wet' (expected one of ['true', 'false'])"
    >>> unknown_state("ture", None, ["true", "false"])
    "unknown state 'ture' (did you mean 'true'?) (expected one of ['true', 'false'])"
    """
    names = list(states)
    of = f" of {owner!r}" if owner is not None else ""
    return (f"unknown state {state!r}{of}{did_you_mean(str(state), names)} "
            f"(expected one of {names})")


class Collector:
    """Gathers every located problem of one file, to raise them all at once.

    ``locate(loc)`` gives the (line, column) of a location path in the file.

    >>> out = Collector("m.yaml", lambda loc: (3, 5))
    >>> out.add(("claims", "rain", "prior"), "probability out of range", code="out-of-range")
    >>> out.problems[0].loc, out.problems[0].code
    (('claims', 'rain', 'prior'), 'out-of-range')
    >>> out.raise_if_any()
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: m.yaml:3:5: probability out of range
    """

    def __init__(self, path: str, locate: Locate | None = None) -> None:
        self.path = path
        self.locate: Locate = locate or (lambda loc, **_: (None, None))
        self.problems: list[Problem] = []

    def add(self, loc: Loc, message: str, *, code: Code) -> None:
        """Record a problem at ``loc`` (a path into the file)."""
        line, col = self.locate(loc)
        self.problems.append(Problem(self.path, line, col, message, loc=loc, code=code))

    def raise_if_any(self, cls: type[ArgmapError] | None = None) -> None:
        """Raise ``cls`` (default :class:`InputError`) with every problem, in file order."""
        if self.problems:
            raise (cls or InputError)(sort_problems(self.problems))


_BIDI = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
_BAD_CHAR = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_BAD_CHAR_MULTILINE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def bad_char(text: str, *, multiline: bool = False) -> str | None:
    r"""The first character of ``text`` that user text may not hold, or None.

    Refused: C0 and C1 control characters (newline and tab only in ``multiline`` text), the
    bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069, which reorder what a
    terminal shows) and lone surrogates (not encodable as UTF-8). One regular expression
    search (a 2 MB text is checked in milliseconds).

    >>> bad_char("Café ☕ 中文"), bad_char("a\u202eb"), bad_char("a\nb")
    (None, '\u202e', '\n')
    >>> bad_char("a\nb\tc", multiline=True), bad_char("a\x1b", multiline=True)
    (None, '\x1b')
    """
    found = (_BAD_CHAR_MULTILINE if multiline else _BAD_CHAR).search(text)
    return found.group() if found else None


def char_name(ch: str) -> str:
    r"""How a refused character is named: its kind and code point.

    >>> char_name("\x1b"), char_name("\u202e"), char_name("\ud800")
    ('control character U+001B', 'bidirectional control U+202E', 'lone surrogate U+D800')
    """
    o = ord(ch)
    kind = ("lone surrogate" if 0xD800 <= o <= 0xDFFF
            else "bidirectional control" if o in _BIDI else "control character")
    return f"{kind} U+{o:04X}"


def visible(text: Any) -> str:
    r"""``text`` quoted, with control, bidi and other non-printable characters escaped as in
    ``repr``: for echoing a name the user typed (which no loader has checked) to a terminal.

    >>> print(visible("rain"), visible("a\x1b]0;t\x07"), visible("x\u202e"), visible("é"))
    'rain' 'a\x1b]0;t\x07' 'x\u202e' 'é'
    """
    return repr(str(text))


def printable(text: str, *, keep: str = "") -> str:
    r"""``text`` unquoted, with each character a terminal would act on (controls, bidi
    overrides, lone surrogates) escaped as in ``repr``, except those in ``keep``: for file names
    and whole messages, whose parts no loader has checked.

    >>> print(printable("no\x1bsuch.yaml"), printable("Zürich 下雨.yaml"))
    no\x1bsuch.yaml Zürich 下雨.yaml
    >>> printable("a\nb\u202e", keep="\n")
    'a\nb\\u202e'
    """
    return "".join(
        ch if ch in keep or (ch.isprintable() and ord(ch) not in _BIDI) else repr(ch)[1:-1]
        for ch in text
    )


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
