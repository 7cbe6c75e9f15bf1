"""``argmap schema``: the JSON Schema of a model file, a credence file or the ``--json`` output.

Editors use the file schemas to complete and check YAML as it is typed (``docs/cli.md``,
Editors); scripts use the output schema to check what ``--json`` prints. The package ships the
same text in ``argmap/schemas/`` (a test keeps them equal).

Examples
--------
>>> from argmap.cli import main
>>> main(["schema", "credences"])  # doctest: +ELLIPSIS
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "urn:argmap:schema:credences:1",
...
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from ..errors import InputError
from .options import ForceOpt, refuse_existing

KINDS = ("model", "credences", "output")


def schema_text(kind: str) -> str:
    """The schema of ``kind`` (one of :data:`KINDS`) as the text of its file.

    >>> schema_text("output").startswith('{\\n  "$schema"')
    True
    """
    if kind == "output":
        from .envelope import ENVELOPE_SCHEMA

        return json.dumps(ENVELOPE_SCHEMA, indent=2, ensure_ascii=False) + "\n"
    from .. import json_schema

    return json_schema.schema_text("model" if kind == "model" else "credences")


def schema_command(
    kind: Annotated[
        str,
        typer.Argument(metavar="model|credences|output", show_default=False,
                       help="Which schema: a model file (the default), a credence file, or "
                       "the envelope --json prints."),
    ] = "model",
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="FILE",
                          help="Write it here ('-', the default: standard output).")
    ] = "-",
    force: ForceOpt = False,
) -> None:
    """Print the JSON Schema of a model file, a credence file or the --json output."""
    from ..saving import atomic_write

    if kind not in KINDS:
        raise InputError.argument(
            "kind", f"unknown schema {kind!r} (expected model, credences or output)",
            code="bad-value",
        )
    refuse_existing(output, force)
    text = schema_text(kind)
    if output == "-":
        typer.echo(text, nl=False)
        return
    atomic_write(output, text)
    typer.echo(f"wrote {output} ({kind} schema, {len(text):,} bytes)")
