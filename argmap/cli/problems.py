"""How the command line shows an argmap error: each library argument named as its option.

Library functions name their own arguments (``sensitivity(..., swing=...)`` raises a problem
whose :attr:`~argmap.errors.Problem.argument` is ``swing``); a person typed ``--swing``. This
is the one place that turns the first into the second:

- a parameter of a command is shown as it is typed: the option (``evidence`` -> ``--evidence``,
  ``fmt`` -> ``--format``, ``as_json`` -> ``--json``) or the argument's metavar (``files`` ->
  ``FILES``), read from the commands themselves, so a new option needs no entry here;
- a library argument fed from an option of another name is in :data:`RENAMED`;
- anything else (a problem in a file, an argument the CLI never takes from the user) is shown
  unchanged.

Examples
--------
>>> from argmap.errors import Problem
>>> options = {"evidence": "--evidence"}
>>> print(problem_text(Problem(None, None, None, "unknown claim 'x'", loc=("evidence",)), options))
--evidence: unknown claim 'x'
>>> print(problem_text(Problem(None, None, None, "bad key", loc=("x",)), options))
--pair: bad key
>>> print(problem_text(Problem("m.yaml", 3, 5, "bad"), options))
m.yaml:3:5: bad
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import typer

from ..errors import ArgmapError, Problem, printable

RENAMED: Final[Mapping[str, str]] = {
    "x": "--pair",  # two_way(x=, y=): the first and second --pair
    "y": "--pair",
    "rank_by": "--rank",  # value_of_information(rank_by=)
}
"""Library arguments whose option has another name."""


def typed_as(param: Any) -> str:
    """How a person types a click parameter: an option's first long name (``--evidence``), an
    argument's metavar (``FILES``)."""
    if getattr(param, "param_type_name", "") == "argument":
        return str(param.name).upper()
    long = [o for o in param.opts if o.startswith("--")]
    return str((long or param.opts)[0])


def option_names(command: Any) -> dict[str, str]:
    """Every parameter of a click ``command`` and its subcommands -> :func:`typed_as`.

    >>> from argmap.cli import app
    >>> names = option_names(typer.main.get_command(app))
    >>> names["evidence"], names["as_json"], names["fmt"], names["files"]
    ('--evidence', '--json', '--format', 'FILES')
    """
    names: dict[str, str] = {}
    for param in getattr(command, "params", ()):
        if param.name is not None:
            names.setdefault(param.name, typed_as(param))
    for sub in getattr(command, "commands", {}).values():
        for name, shown in option_names(sub).items():
            names.setdefault(name, shown)
    return names


def option_for(argument: str, options: Mapping[str, str]) -> str:
    """The option that feeds the library argument ``argument`` (itself if none does).

    >>> option_for("rank_by", {}), option_for("swing", {"swing": "--swing"}), option_for("p", {})
    ('--rank', '--swing', 'p')
    """
    return RENAMED.get(argument) or options.get(argument, argument)


def problem_text(problem: Problem, options: Mapping[str, str]) -> str:
    """``problem`` as the command line prints it (after ``error: ``)."""
    if problem.argument is None:
        return str(problem)
    return f"{option_for(problem.argument, options)}: {problem.message}"


def report(err: ArgmapError, command: Any) -> None:
    """Print each problem of ``err`` on standard error, arguments named as ``command``'s options."""
    options = option_names(command)
    for problem in err.problems:
        # Names in messages are quoted with repr; this also escapes anything a message embeds
        # unquoted, so no user text reaches the terminal raw.
        typer.echo(f"error: {printable(problem_text(problem, options), keep=chr(10))}", err=True)
