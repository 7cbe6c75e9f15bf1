"""The ``argmap`` command: every subcommand registered here, and :func:`main`, its entry point.

Exit codes: 0 ok; 2 bad input (a located message, never a traceback); 1 internal error.

To add a command, write its function in a module of this package (or a new one) and add one
line below. Command modules import only :mod:`argmap.cli.options` and the library, never this
module, and they import heavy modules inside the command functions, so ``--help`` stays fast.

Examples
--------
>>> main(["query", "models/examples/sprinkler.yaml", "--evidence", "wett=true"])
Traceback (most recent call last):
...
SystemExit: 2
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from ..errors import ArgmapError, InputError, Problem
from . import analysis, credences, explain, interchange, query, schemas, serve
from .envelope import emit_error, json_request
from .problems import option_names, report

HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}
"""``-h`` as well as ``--help``, on every command (subcommands inherit it)."""

app = typer.Typer(
    add_completion=True,
    context_settings=HELP_OPTIONS,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Probabilistic argument maps: validate, query and analyse models of a report's argument.",
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"argmap {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Probabilistic argument maps: validate, query and analyse models of a report's argument."""


app.command("validate")(query.validate_command)
app.command("query")(query.query_command)
app.command("coherence")(query.coherence_command)
app.add_typer(credences.app, name="credences")
app.command("sensitivity")(analysis.sensitivity_command)
app.command("voi")(analysis.voi_command)
app.command("explain")(explain.explain_command)
app.command("montecarlo")(analysis.montecarlo_command)
app.command("compare")(analysis.compare_command)
app.command("pool")(analysis.pool_command)
app.command("export")(interchange.export_command)
app.command("import")(interchange.import_command)
app.command("schema")(schemas.schema_command)
app.command("app")(serve.app_command)


def main(argv: list[str] | None = None) -> None:
    """Run the command line: an :class:`~argmap.errors.ArgmapError` becomes its messages on
    standard error and exit code 2; anything else is an internal error (exit code 1)."""
    wants_json = json_request(sys.argv[1:] if argv is None else argv)
    try:
        app(args=argv, standalone_mode=False)
    except ArgmapError as err:
        report(err, typer.main.get_command(app))
        if wants_json:
            emit_error(wants_json, err, option_names(typer.main.get_command(app)))
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
