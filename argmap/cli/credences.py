"""``argmap credences ...``: work with credence files (today: ``init``, a template to fill in).

Examples
--------
>>> from argmap.cli import main
>>> main(["credences", "init", "models/examples/sprinkler.yaml"])  # doctest: +ELLIPSIS
# Credences for Rain, sprinkler and wet grass (model: sprinkler)
...
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import InputError
from .options import (
    CredOpt,
    ForceOpt,
    ModelArg,
    default_model,
    echo_json,
    load,
    refuse_existing,
)

app = typer.Typer(no_args_is_help=True, help="Work with credence files.",
                  context_settings={"help_option_names": ["-h", "--help"]})


@app.command("init")
def init_command(
    model: ModelArg = None,
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="FILE",
                          help="Where to write the template ('-': print it).")
    ] = "-",
    credences: CredOpt = None,
    author: Annotated[str, typer.Option(metavar="NAME", help="Your name, written into the file.")
                      ] = "",
    force: ForceOpt = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was written as JSON "
                                          "(needs -o).")] = False,
) -> None:
    """Write a commented credence template: every settable number at its current value."""
    from ..credence_writer import check_line, credence_template, one_line
    from ..saving import atomic_write

    check_line("author", author)
    if as_json and output == "-":
        raise InputError.argument("as_json", "the template goes to standard output, so the JSON "
                                  "has nowhere to go (expected -o FILE with --json)")
    model = model or default_model(credences)
    refuse_existing(output, force, [model, credences])  # before any work
    loaded = load(model, credences)
    m, cred = loaded.model, loaded.credences
    text = credence_template(
        m,
        cred.values if cred else None,
        author=author or (one_line(cred.author or "") if cred else ""),
        note=f"Started from {one_line(str(cred.path))}." if cred else "",
    )
    if output == "-":
        typer.echo(text, nl=False)
        return
    atomic_write(output, text)
    if as_json:
        echo_json("credences init", {"output": output, "model": m.path, "numbers":
                                     len(m.parameters)}, loaded.warnings)
    else:
        typer.echo(f"wrote {output} ({len(m.parameters)} numbers)")
