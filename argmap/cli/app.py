"""The ``argmap`` command: every subcommand registered here, and :func:`main`, its entry point.

Exit codes: 0 ok; 2 bad input (a located message, never a traceback); 1 internal error.

To add a command, write its function in a module of this package (or a new one) and add one
line to :func:`full_app`. Command modules import only :mod:`argmap.cli.options` and the library,
never this module, and they import heavy modules inside the command functions, so ``--help``
stays fast. A command runs in an app that holds it alone (:func:`runner`), so typer builds
only its parameters; ``validate``, ``query`` and ``coherence`` do not even import the other
command modules (the path of a cold query, issue 14).

Examples
--------
>>> main(["query", "models/examples/sprinkler.yaml", "--evidence", "wett=true"])
Traceback (most recent call last):
...
SystemExit: 2
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ArgmapError, InputError, Problem
from . import query
from .envelope import emit_error, json_request
from .problems import option_names, report

HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}
"""``-h`` as well as ``--help``, on every command (subcommands inherit it)."""


def _typer() -> typer.Typer:
    """A Typer app with the ``argmap`` command's settings and its ``--version`` option, and no
    commands yet."""
    new = typer.Typer(
        add_completion=True,
        context_settings=HELP_OPTIONS,
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        help="Probabilistic argument maps: validate, query and analyse models of a report's "
        "argument.",
    )
    new.callback()(_options)
    return new


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"argmap {__version__}")
        raise typer.Exit()


def _options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Probabilistic argument maps: validate, query and analyse models of a report's argument."""


QUERY_COMMANDS: dict[str, Callable[..., None]] = {
    "validate": query.validate_command,
    "query": query.query_command,
    "coherence": query.coherence_command,
}
"""The commands of :mod:`argmap.cli.query`, which :func:`runner` runs without importing the
other command modules."""


@functools.cache
def full_app() -> typer.Typer:
    """The whole ``argmap`` app, every command registered (built once, on first use)."""
    from . import analysis, credences, explain, interchange, schemas, serve

    new = _typer()
    for name, command in QUERY_COMMANDS.items():
        new.command(name)(command)
    new.add_typer(credences.app, name="credences")
    new.command("sensitivity")(analysis.sensitivity_command)
    new.command("voi")(analysis.voi_command)
    new.command("explain")(explain.explain_command)
    new.command("montecarlo")(analysis.montecarlo_command)
    new.command("compare")(analysis.compare_command)
    new.command("pool")(analysis.pool_command)
    new.command("export")(interchange.export_command)
    new.command("import")(interchange.import_command)
    new.command("schema")(schemas.schema_command)
    new.command("app")(serve.app_command)
    return new


if TYPE_CHECKING:
    app: typer.Typer
    """The whole ``argmap`` app (:func:`full_app`)."""
else:

    def __getattr__(name: str) -> object:
        """``app`` is :func:`full_app`, built on first use (PEP 562)."""
        if name == "app":
            return full_app()
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def runner(argv: list[str]) -> typer.Typer:
    """The app that runs ``argmap argv``: for ``argmap <command> ...``, an app that holds that
    command alone, so that typer builds one command's parameters, not every command's (about
    25 ms of start-up); for anything else (``--help``, ``--version``, an unknown command, shell
    completion), :data:`app` itself. The two print the same: a command's usage, help and
    errors name ``argmap <command>`` either way.

    >>> [c.name for c in runner(["query", "-e", "x=y"]).registered_commands]
    ['query']
    >>> [g.name for g in runner(["credences", "init"]).registered_groups]
    ['credences']
    >>> runner(["--help"]) is full_app(), runner(["quer"]) is full_app()
    (True, True)
    """
    name = argv[0] if argv else None
    if not name or any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return full_app()
    one = _typer()
    if name in QUERY_COMMANDS:
        one.command(name)(QUERY_COMMANDS[name])
        return one
    every = full_app()
    one.registered_commands = [c for c in every.registered_commands if c.name == name]
    one.registered_groups = [g for g in every.registered_groups if g.name == name]
    return one if one.registered_commands or one.registered_groups else every


def main(argv: list[str] | None = None) -> None:
    """Run the command line: an :class:`~argmap.errors.ArgmapError` becomes its messages on
    standard error and exit code 2; anything else is an internal error (exit code 1)."""
    args = sys.argv[1:] if argv is None else argv
    wants_json = json_request(args)
    try:
        runner(args)(args=argv, standalone_mode=False)
    except ArgmapError as err:
        every = typer.main.get_command(full_app())  # every command's options, as before
        report(err, every)
        if wants_json:
            emit_error(wants_json, err, option_names(every))
        sys.exit(err.exit_code)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:  # noqa: BLE001 - the last line of defence
        # Usage errors from typer's click (typer >= 0.20 vendors it as typer._click).
        if type(err).__name__ == "Abort":
            sys.exit(1)
        if hasattr(err, "show") and hasattr(err, "exit_code"):
            err.show()
            if wants_json:  # a usage error: an option typer could not parse
                fmt = getattr(err, "format_message", None)
                message = str(fmt()) if callable(fmt) else str(err)
                usage = InputError([Problem(None, None, None, message, code="bad-argument")])
                emit_error(wants_json, usage, {})
            sys.exit(2)
        if os.environ.get("ARGMAP_DEBUG"):
            raise
        typer.echo(
            f"internal error: {type(err).__name__}: {err}\n"
            "This is a bug in argmap; set ARGMAP_DEBUG=1 to see the traceback.",
            err=True,
        )
        sys.exit(1)
