"""The one shape of every ``--json`` output: a versioned envelope around a command's result.

Every command that prints results takes ``--json`` and then prints exactly one JSON object on
standard output::

    {"schema": "argmap.cli/1", "argmap": "0.1.0", "command": "query", "ok": true,
     "result": {...}, "problems": [], "warnings": []}

On bad input (exit code 2) the same envelope comes with ``"ok": false``, ``"result": null`` and
the problems (each with its stable ``code``); the human messages still go to standard error.
The envelope's own JSON Schema is :data:`ENVELOPE_SCHEMA` (``argmap schema output``); the
rules for changing it are in ``docs/cli.md``.

Examples
--------
>>> data = envelope("query", {"marginals": {}})
>>> data["schema"], data["command"], data["ok"], data["problems"]
('argmap.cli/1', 'query', True, [])
>>> from argmap.errors import Problem
>>> p = Problem(None, None, None, "unknown claim 'x'", loc=("evidence", "x"), code="unknown-claim")
>>> problem_dict(p, {"evidence": "--evidence"})["option"]
'--evidence'
>>> json_request(["query", "m.yaml", "--json"]), json_request(["credences", "init", "--json"])
('query', 'credences init')
>>> json_request(["query", "--", "--json"]) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import typer

from ..errors import ArgmapError, Problem, printable

SCHEMA: Final = "argmap.cli/1"
"""The envelope's version: ``argmap.cli/<major>``. Adding a key to a result keeps the major;
renaming or removing a key, or changing a value's type, raises it."""

GROUPS: Final = frozenset({"credences"})
"""Commands that hold subcommands (``credences init``): their name has two words."""


def _version() -> str:
    from .. import __version__

    return str(__version__)


def _plain(part: Any) -> str | int:
    return part if isinstance(part, int | str) and not isinstance(part, bool) else str(part)


def problem_dict(problem: Problem, options: Mapping[str, str]) -> dict[str, Any]:
    """One problem as JSON: its ``code``, where it is (``file``, ``line``, ``column``, ``loc``;
    ``option`` for a problem in an option, as typed) and its ``message`` (``text``: the whole
    line the CLI prints after ``error:``)."""
    from .problems import option_for, problem_text

    argument = problem.argument
    text = problem_text(problem, options) if problem.file or problem.loc else problem.message
    return {
        "code": problem.code,
        "message": problem.message,
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "loc": [_plain(part) for part in problem.loc],
        "option": option_for(argument, options) if argument is not None else None,
        "text": printable(text, keep="\n"),
    }


def envelope(
    command: str,
    result: Mapping[str, Any] | None,
    *,
    problems: Sequence[dict[str, Any]] = (),
    warnings: Iterable[str] = (),
) -> dict[str, Any]:
    """The envelope of ``command``'s ``result`` (None with problems: the command failed)."""
    return {
        "schema": SCHEMA,
        "argmap": _version(),
        "command": command,
        "ok": not problems,
        "result": dict(result) if result is not None and not problems else None,
        "problems": list(problems),
        "warnings": list(warnings),
    }


def emit(command: str, result: Mapping[str, Any], warnings: Iterable[str] = ()) -> None:
    """Print ``result`` in its envelope on standard output (every ``--json`` goes through here)."""
    import json  # only --json and its errors need it (start-up, issue 14)

    typer.echo(json.dumps(envelope(command, result, warnings=warnings), indent=2))


def emit_error(command: str, err: ArgmapError, options: Mapping[str, str]) -> None:
    """Print the failed envelope of ``command``: every problem of ``err``, ``ok`` false."""
    import json

    problems = [problem_dict(p, options) for p in err.problems]
    typer.echo(json.dumps(envelope(command, None, problems=problems), indent=2))


def json_request(argv: Sequence[str]) -> str | None:
    """The command a command line asks JSON of (``"query"``, ``"credences init"``), or None.

    Read from the words themselves, so an error found while the options are parsed (before the
    command runs) is still reported in the envelope. ``--`` ends the options.
    """
    words: list[str] = []
    wants = False
    for arg in argv:
        if arg == "--":
            break
        if arg == "--json":
            wants = True
        elif not arg.startswith("-") and len(words) < (2 if words and words[0] in GROUPS else 1):
            words.append(arg)
    return " ".join(words) if wants and words else None


ENVELOPE_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:argmap:schema:cli-output:1",
    "title": "argmap --json output",
    "description": "What every argmap command prints with --json: one object on standard output. "
    "'result' is the command's own result (null when ok is false); 'problems' says what was "
    "wrong (exit code 2), each with a stable code (docs/errors.md).",
    "type": "object",
    "required": ["schema", "argmap", "command", "ok", "result", "problems", "warnings"],
    "additionalProperties": False,
    "properties": {
        "schema": {"const": SCHEMA, "description": "The envelope's version."},
        "argmap": {"type": "string", "description": "The version of argmap that wrote it."},
        "command": {"type": "string", "description": "The command, e.g. 'query', "
                    "'credences init'."},
        "ok": {"type": "boolean"},
        "result": {"type": ["object", "null"]},
        "problems": {"type": "array", "items": {"$ref": "#/$defs/problem"}},
        "warnings": {"type": "array", "items": {"type": "string"}},
    },
    "$defs": {
        "problem": {
            "type": "object",
            "required": ["code", "message", "file", "line", "column", "loc", "option", "text"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string", "description": "Stable kind (docs/errors.md)."},
                "message": {"type": "string"},
                "file": {"type": ["string", "null"], "description": "null: not in a file."},
                "line": {"type": ["integer", "null"], "minimum": 1},
                "column": {"type": ["integer", "null"], "minimum": 1},
                "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                "option": {"type": ["string", "null"], "description": "The option at fault, "
                           "as typed (--evidence), for a problem not in a file."},
                "text": {"type": "string", "description": "The line printed after 'error: '."},
            },
        },
    },
}
"""The JSON Schema of the envelope (``argmap schema output``)."""
