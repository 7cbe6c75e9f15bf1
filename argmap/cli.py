"""The ``argmap`` command: parse, call the library, print. Errors become exit code 2.

Exit codes: 0 ok; 2 bad input (a located message, never a traceback); 1 internal error.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .errors import ArgmapError, InputError

DEFAULT_MODEL = "models/scheming.yaml"

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Probabilistic argument maps: validate, query and analyse models of a report's argument.",
)
def _version(value: bool) -> None:
    if value:
        from . import __version__

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


credences_app = typer.Typer(no_args_is_help=True, help="Work with credence files.")
app.add_typer(credences_app, name="credences")


def default_model() -> str:
    """``models/scheming.yaml`` in the current folder, else beside the installed package."""
    here = Path(DEFAULT_MODEL)
    if here.exists():
        return str(here)
    beside = Path(__file__).resolve().parent.parent / DEFAULT_MODEL
    return str(beside) if beside.exists() else DEFAULT_MODEL


ModelArg = Annotated[
    str | None,
    typer.Argument(help="Model file (default: models/scheming.yaml).", show_default=False),
]
CredOpt = Annotated[
    str | None, typer.Option("--credences", "-c", help="A credence file to lay over the model.")
]
EvidenceOpt = Annotated[
    list[str] | None,
    typer.Option("--evidence", "-e", help="Observe a claim: id=state (repeatable)."),
]
DoOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--do", help="Intervene: set a claim, cutting its parents: id=state (repeatable)."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]


def parse_pairs(items: list[str] | None, option: str) -> dict[str, str]:
    """Parse repeated ``id=state`` options.

    >>> parse_pairs(["slack=low", "capability=high"], "--evidence")
    {'slack': 'low', 'capability': 'high'}
    """
    result: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError.single(option, f"bad value {item!r} (expected id=state)")
        if key.strip() in result:
            raise InputError.single(option, f"claim {key.strip()!r} given twice")
        result[key.strip()] = value.strip()
    return result


def load(model_path: str | None, credences_path: str | None) -> tuple[Any, Any]:
    """Load a model and an optional credence file (for all commands)."""
    from .credences import load_credences
    from .loading import load_model

    model = load_model(model_path or default_model())
    cred = load_credences(credences_path, model) if credences_path else None
    for warning in cred.warnings if cred else ():
        typer.echo(f"warning: {warning}", err=True)
    return model, cred


def split_model(files: list[str]) -> tuple[str | None, list[str]]:
    """Split ``[MODEL] FILE...`` into the model (None: the default) and the credence files.

    The first file is the model when it holds ``claims`` (a model, not a credence file).
    """
    from .loading import parse_yaml, read_text

    if files:
        first = parse_yaml(read_text(files[0]), files[0])
        if isinstance(first, dict) and "claims" in first:
            model, rest = files[0], files[1:]
        else:
            model, rest = None, files
    else:
        model, rest = None, []
    if len(rest) < 2:
        raise InputError.single(
            "arguments", f"expected two or more credence files, got {len(rest)}"
        )
    return model, rest


@app.command()
def validate(model: ModelArg = None, credences: CredOpt = None) -> None:
    """Check a model (and a credence file): every problem, located, at once."""
    loaded, cred = load(model, credences)
    parts = [f"{loaded.path}: ok ({len(loaded.claims)} claims, {len(loaded.parameters)} numbers)"]
    if cred is not None:
        parts.append(f"{cred.path}: ok ({len(cred.values)} numbers set)")
    typer.echo("\n".join(parts))


@app.command()
def query(
    model: ModelArg = None,
    credences: CredOpt = None,
    evidence: EvidenceOpt = None,
    do: DoOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Exact marginal probability of every claim."""
    from .inference import marginals
    from .render import result_table

    loaded, cred = load(model, credences)
    result = marginals(
        loaded, cred, evidence=parse_pairs(evidence, "--evidence"), do=parse_pairs(do, "--do")
    )
    if as_json:
        data = result.to_dict()
        data["credences"] = cred.path if cred else None
        data["output"] = {"claim": loaded.output[0], "state": loaded.output_label.split("=")[1]}
        typer.echo(json.dumps(data, indent=2))
    else:
        typer.echo(result_table(loaded, result, cred))


@credences_app.command("init")
def credences_init(
    model: ModelArg = None,
    output: Annotated[
        str, typer.Option("--output", "-o", help="Where to write the template.")
    ] = "-",
    credences: CredOpt = None,
    author: Annotated[str, typer.Option(help="Your name, written into the file.")] = "",
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented credence template: every settable number at its current value."""
    from .credence_writer import credence_template
    from .saving import atomic_write

    loaded, cred = load(model, credences)
    text = credence_template(
        loaded,
        cred.values if cred else None,
        author=author or (cred.author or "" if cred else ""),
        note=f"Started from {cred.path}." if cred else "",
    )
    if output == "-":
        typer.echo(text, nl=False)
        return
    if Path(output).exists() and not force:
        raise InputError.single(output, "file exists (expected a new file; use --force to replace)")
    atomic_write(output, text)
    typer.echo(f"wrote {output} ({len(loaded.parameters)} numbers)")


_registered: list[bool] = []


def _register_optional_commands() -> None:
    """Add the commands that live in their own modules (analysis, export) to ``app``."""
    import importlib

    for name in ("cli_analysis", "cli_export"):
        try:
            module = importlib.import_module(f"argmap.{name}")
        except ModuleNotFoundError as err:
            if err.name == f"argmap.{name}":
                continue
            raise
        module.register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning ArgmapErrors into messages and exit code 2."""
    if not _registered:
        _registered.append(True)
        _register_optional_commands()
    try:
        app(args=argv, standalone_mode=False)
    except ArgmapError as err:
        for problem in err.problems:
            typer.echo(f"error: {problem}", err=True)
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
            sys.exit(2)
        if os.environ.get("ARGMAP_DEBUG"):
            raise
        typer.echo(
            f"internal error: {type(err).__name__}: {err}\n"
            "This is a bug in argmap; set ARGMAP_DEBUG=1 to see the traceback.",
            err=True,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
