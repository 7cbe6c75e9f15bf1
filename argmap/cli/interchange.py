"""The ``export`` and ``import`` commands.

``argmap export MODEL -o OUT`` writes the model in any format of :data:`argmap.formats.FORMATS`
(the format comes from ``--format`` or the output file's extension); ``argmap import FILE -o
MODEL.yaml`` turns a network (BIF, XMLBIF, Hugin NET, XDSL, BayesDown) into an argmap model, and
an Argdown map into a model skeleton (with a credence template of its placeholder numbers). Every
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

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import InputError
from ..formats import FORMATS, format_for, names, readable_format
from ..saving import same_file

if TYPE_CHECKING:
    from ..interchange import ImportReport
    from ..interchange.skeleton import ArgdownReport
from .completion import choices, complete_reads, complete_writes
from .options import (
    CredOpt,
    DoOpt,
    EvidenceOpt,
    ForceOpt,
    ModelArg,
    UnconditionalOpt,
    context,
    default_model,
    echo_json,
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
        typer.Option("--format", "-f", metavar=choices(names(writes=True)),
                     autocompletion=complete_writes,
                     help=f"{FORMAT_HELP} (default: from the file name)."),
    ] = None,
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="FILE",
                          help="The file to write ('-' for standard output).")
    ] = "-",
    rankdir: Annotated[
        str, typer.Option("--rankdir", metavar="[TB|LR]",
                          help="Diagram layout: TB (top-down) or LR (left-right).")
    ] = "TB",
    group_by: Annotated[
        str, typer.Option("--group-by", metavar="[group|section|none]",
                          help="Cluster claims by: group, section or none.")
    ] = "none",
    no_numbers: Annotated[
        bool, typer.Option("--no-numbers", help="The bare map: no probabilities or colours.")
    ] = False,
    no_legend: Annotated[bool, typer.Option("--no-legend", help="Leave out the legend.")] = False,
    force: ForceOpt = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was written as JSON "
                                          "(needs -o).")] = False,
) -> None:
    """Export the model: a diagram, Mermaid, Argdown, a network file, JSON or a report."""
    from ..export import DiagramOptions, export, write_output

    name = format_for(fmt, None if output == "-" else output).name
    if as_json and output == "-":
        raise InputError.argument("as_json", "the export goes to standard output, so the JSON "
                                  "has nowhere to go (expected -o FILE with --json)")
    model = model or default_model(credences)
    refuse_existing(output, force, [model, credences])  # before any work
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
    if as_json:
        echo_json("export", {"output": output, "format": name, "bytes": len(data),
                             "model": loaded.model.path}, loaded.warnings)
    else:
        typer.echo(f"wrote {output} ({name}, {len(data):,} bytes)")


def import_command(
    network: Annotated[str, typer.Argument(
        metavar="NETWORK", help=f"A network file: {READ_HELP} (or .gz), or an Argdown map.")],
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="FILE",
                          help="The model file to write ('-': print it).")
    ] = "-",
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", metavar=choices(names(reads=True)),
                     autocompletion=complete_reads,
                     help=f"{READ_HELP} (default: from the file name)."),
    ] = None,
    model_id: Annotated[
        str | None, typer.Option("--id", metavar="ID",
                                 help="The model's id (default: the network's name).")
    ] = None,
    force: ForceOpt = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON (needs -o).")
                       ] = False,
    template: Annotated[
        str | None,
        typer.Option("--credences-template", metavar="FILE", help="Also write a credence "
                     "template listing every number (for Argdown: default "
                     "MODEL.credences.yaml beside -o)."),
    ] = None,
) -> None:
    """Import a network (GeNIe, Netica, Hugin, bnlearn, AMTAIR's BayesDown) or an Argdown map as
    a model file."""
    from ..credence_writer import credence_template
    from ..export import write_output
    from ..interchange import import_network
    from ..interchange.skeleton import import_argdown

    if as_json and output == "-":
        raise InputError.argument(
            "as_json", "the model goes to standard output, so the JSON report has nowhere to go "
            "(expected -o MODEL.yaml with --json)", code="bad-argument",
        )
    chosen = readable_format(fmt, network).name
    if template is None and chosen == "argdown" and output != "-":
        template = sibling_template(output)
    for target in (output, template):
        if target is not None:
            refuse_existing(target, force, [network])
    if template is not None and output != "-" and same_file(output, template):
        raise InputError.argument(
            "template", f"{template!r} is the model file -o writes (expected another file)",
            code="bad-argument",
        )
    report: ImportReport | ArgdownReport
    if chosen == "argdown":
        skeleton = import_argdown(network, model_id=model_id)
        text, model, report, numbers = (skeleton.text, skeleton.model, skeleton.report,
                                        skeleton.template)
    else:
        imported = import_network(network, fmt=chosen, model_id=model_id)
        text, model, report = imported.text, imported.model, imported.report
        numbers = credence_template(model) if template else ""
    if output == "-":
        typer.echo(text, nl=False)
    else:
        write_output(output, text.encode("utf-8"))
    if template:
        write_output(template, numbers.encode("utf-8"))
    if as_json:
        echo_json("import", {**report.to_dict(), "output": output,
                             "credences_template": template})
        return
    lines = report.summary(limit=5).splitlines()
    lines[0] += f"; wrote {output}" if output != "-" else ""
    if template:
        lines.append(f"wrote the credence template {template} ({len(model.parameters)} numbers)")
    elif chosen == "argdown":
        lines.append("no credence template written (give --credences-template FILE)")
    if getattr(report, "renormalised", None) == ():
        lines.append("renormalised 0 table rows (every row summed to 1 within 1e-09)")
    typer.echo("\n".join(lines), err=output == "-")


def sibling_template(output: str) -> str:
    """Where an Argdown import writes its credence template: ``MODEL.credences.yaml``.

    >>> sibling_template("maps/lunch.yaml"), sibling_template("lunch")
    ('maps/lunch.credences.yaml', 'lunch.credences.yaml')
    """
    path = Path(output)
    stem = path.name[: -len(path.suffix)] if path.suffix in (".yaml", ".yml") else path.name
    return str(path.with_name(f"{stem}.credences.yaml"))

