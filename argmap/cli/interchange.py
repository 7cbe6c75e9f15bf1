"""The ``export`` and ``import`` commands.

``argmap export MODEL -o OUT`` writes the model in any format of :data:`argmap.formats.FORMATS`
(the format comes from ``--format`` or the output file's extension); ``argmap import FILE -o
MODEL.yaml`` turns a network (BIF, XMLBIF, Hugin NET, BayesDown) into an argmap model. Every
write is atomic; bad input, an unknown format or an unwritable path exit with code 2 and a message.

Examples
--------
>>> from argmap.cli import main
>>> main(["export", "models/examples/sprinkler.yaml", "-f", "dot", "--rankdir", "up"])
Traceback (most recent call last):
...
SystemExit: 2

(standard error says ``error: --rankdir: unknown layout 'up' (expected TB or LR)``.)
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from ..errors import InputError
from ..formats import FORMATS, format_for, names, readable_format
from .options import (
    CredOpt,
    DoOpt,
    EvidenceOpt,
    ForceOpt,
    ModelArg,
    UnconditionalOpt,
    context,
    load,
    parse_context,
    refuse_existing,
)

FORMAT_HELP = f"{', '.join(names(writes=True)[:-1])} or {names(writes=True)[-1]}"
READ_HELP = f"{', '.join(names(reads=True)[:-1])} or {names(reads=True)[-1]}"


def export_command(
    model: ModelArg = None,
    credences: CredOpt = None,
    evidence: EvidenceOpt = None,
    do: DoOpt = None,
    unconditional: UnconditionalOpt = False,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help=f"{FORMAT_HELP} (default: from the file name)."),
    ] = None,
    output: Annotated[
        str, typer.Option("--output", "-o", help="The file to write ('-' for standard output).")
    ] = "-",
    rankdir: Annotated[
        str, typer.Option("--rankdir", help="Diagram layout: TB (top-down) or LR (left-right).")
    ] = "TB",
    group_by: Annotated[
        str, typer.Option("--group-by", help="Cluster claims by: group, section or none.")
    ] = "none",
    no_numbers: Annotated[
        bool, typer.Option("--no-numbers", help="The bare map: no probabilities or colours.")
    ] = False,
    no_legend: Annotated[bool, typer.Option("--no-legend", help="Leave out the legend.")] = False,
) -> None:
    """Export the model: a diagram, Mermaid, Argdown, a network file, JSON or a report."""
    from ..export import DiagramOptions, export, write_output

    name = format_for(fmt, None if output == "-" else output).name
    if rankdir.upper() not in ("TB", "LR"):
        raise InputError.argument(
            "rankdir", f"unknown layout {rankdir!r} (expected TB or LR)", code="bad-value"
        )
    if group_by not in ("group", "section", "none"):
        raise InputError.argument(
            "group_by", f"unknown grouping {group_by!r} (expected group, section or none)",
            code="bad-value",
        )
    options = DiagramOptions(
        rankdir="LR" if rankdir.upper() == "LR" else "TB",
        group_by="group" if group_by == "group" else "section" if group_by == "section" else "none",
        numbers=not no_numbers,
        legend=not no_legend,
    )
    loaded = load(model, credences)
    observed, forced = parse_context(evidence, do)
    ctx = context(loaded.model, evidence, do, unconditional, loaded.credences)
    if FORMATS[name].kind == "network" and (observed or forced):
        typer.echo(
            f"note: a {name.upper()} file holds the tables only; --evidence and --do are not "
            "stored in it", err=True,
        )
    data = export(
        loaded.model, name, loaded.credences, evidence=ctx.evidence, do=ctx.do, options=options
    )
    if output == "-":
        if FORMATS[name].binary and sys.stdout.isatty():
            raise InputError.argument(
                "output", f"{name.upper()} is binary (expected -o FILE to write it to)",
                code="bad-argument",
            )
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_output(output, data)
    typer.echo(f"wrote {output} ({name}, {len(data):,} bytes)")


def import_command(
    network: Annotated[str, typer.Argument(help=f"A network file: {READ_HELP} (or .gz).")],
    output: Annotated[
        str, typer.Option("--output", "-o", help="The model file to write ('-': print it).")
    ] = "-",
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help=f"{READ_HELP} (default: from the file name)."),
    ] = None,
    model_id: Annotated[
        str | None, typer.Option("--id", help="The model's id (default: the network's name).")
    ] = None,
    force: ForceOpt = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import a network (GeNIe, Netica, Hugin, bnlearn, AMTAIR's BayesDown) as model YAML."""
    from ..export import write_output
    from ..interchange import import_network

    chosen = readable_format(fmt, network).name if fmt is not None else None
    if as_json and output == "-":
        raise InputError.argument(
            "as_json", "the model goes to standard output, so the JSON report has nowhere to go "
            "(expected -o MODEL.yaml with --json)", code="bad-argument",
        )
    if output != "-":
        refuse_existing(output, force)
    imported = import_network(network, fmt=chosen, model_id=model_id)
    if output == "-":
        typer.echo(imported.text, nl=False)
    else:
        write_output(output, imported.text.encode("utf-8"))
    report = imported.report
    if as_json:
        typer.echo(json.dumps({**report.to_dict(), "output": output}, indent=2), err=output == "-")
        return
    lines = report.summary(limit=5).splitlines()
    lines[0] += f"; wrote {output}" if output != "-" else ""
    if not report.renormalised:
        lines.append("renormalised 0 table rows (every row summed to 1 within 1e-09)")
    typer.echo("\n".join(lines), err=output == "-")

