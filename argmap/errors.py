"""Errors argmap raises: one small hierarchy, each problem located in a file.

Every error a user can cause is an :class:`ArgmapError`. It carries one or more
:class:`Problem` records, each naming the file, line and column (1-based) and saying what
was expected and what was found. The CLI prints them and exits with code 2; the app shows
them in an error box.

Examples
--------
>>> err = InputError([Problem("m.yaml", 3, 5, "probability out of range (expected 0..1, got 1.3)")])
>>> print(err)
m.yaml:3:5: probability out of range (expected 0..1, got 1.3)
>>> err.exit_code
2
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file.

    ``line`` and ``column`` are 1-based; ``None`` when the problem belongs to the whole file.
    """

    file: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class ArgmapError(Exception):
    """Base class of every error argmap raises on purpose.

    ``exit_code`` is what the CLI exits with: 2 for bad input.
    """

    exit_code = 2
    kind = "error"

    def __init__(self, problems: Sequence[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("<input>", None, None, problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls, file: str, message: str, line: int | None = None, column: int | None = None
    ) -> ArgmapError:
        """Build an error holding one problem."""
        return cls([Problem(file, line, column, message)])


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
