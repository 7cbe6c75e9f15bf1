"""What every command shares: its options, their parsing, loading the model, printing.

A command module takes its options from here (``ModelArg``, ``CredOpt``, ``EvidenceOpt``, ...),
turns the raw text into library arguments with :func:`parse_pairs`, loads with :func:`load`,
calls the library and prints with :func:`echo_json` or plain text. Errors it raises name the
command function's own parameter (``InputError.argument("evidence", ...)``); the CLI prints it
as the option (``--evidence``), see :mod:`argmap.cli.problems`.

Nothing heavy is imported at module level (the model, the loaders and the analyses load inside
the functions), so ``argmap --help`` starts fast.

Examples
--------
>>> parse_pairs(["rain=true"], "evidence")
{'rain': 'true'}
>>> loaded = load("models/examples/sprinkler.yaml", None)
>>> loaded.model.id, loaded.credences
('sprinkler', None)
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import InputError
from ..reading import read_stream

if TYPE_CHECKING:
    from ..credences import Credences
    from ..inference import Context
    from ..model import Model

def complete_pair(ctx: Any, incomplete: str) -> list[str]:
    """Complete ``--evidence``, ``--do`` and ``--target`` with the ``id=state`` pairs of the
    model on the command line (else the default one; never standard input)."""
    from .completion import model_named, pairs_of

    model, credences = model_named(ctx)
    if model == "-" or credences == "-":
        return []
    return pairs_of(model or default_model(credences), incomplete)


ModelArg = Annotated[
    str | None,
    typer.Argument(
        metavar="MODEL",
        help="Model file, or - for standard input (default: the model the credence file "
        "names, else the bundled "
        "scheming model).",
        show_default=False,
    ),
]
CredOpt = Annotated[
    str | None,
    typer.Option("--credences", "-c", metavar="CREDENCES",
                 help="A credence file to lay over the model (- for standard input)."),
]
EvidenceOpt = Annotated[
    list[str] | None,
    typer.Option("--evidence", "-e", metavar="ID=STATE", autocompletion=complete_pair,
                 help="Observe a claim: id=state (repeatable)."),
]
DoOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--do", metavar="ID=STATE", autocompletion=complete_pair,
        help="Intervene: set a claim, cutting its parents: id=state (repeatable).",
    ),
]
UnconditionalOpt = Annotated[
    bool,
    typer.Option(
        "--unconditional",
        help="Drop the model's headline condition (output.given); by default the output is "
        "read under it, except for claims you --evidence or --do yourself.",
    ),
]
ToleranceOpt = Annotated[
    float,
    typer.Option("--tolerance", metavar="P", help="How far (absolute, 0..1) a stated marginal "
                 "may be from the one the tables imply before it is reported."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]
ForceOpt = Annotated[bool, typer.Option(help="Overwrite an existing file.")]


@dataclass(frozen=True)
class Loaded:
    """A model and the credence file laid over it (``None``: the model's own numbers)."""

    model: Model
    credences: Credences | None

    @property
    def warnings(self) -> tuple[str, ...]:
        """The credence file's warnings (printed on standard error as it was loaded)."""
        return self.credences.warnings if self.credences else ()


def default_model(credences_path: str | None = None) -> str:
    """The model a command reads when none is named.

    With a credence file: the model it names (its ``model:`` id), as ``<id>.yaml`` in the
    folder above the credence file's (``models/credences/x.yaml`` -> ``models/<id>.yaml``) or
    among the bundled models, when such a file exists. Otherwise the bundled scheming model
    (:func:`argmap.bundled.default_model`), from any folder; shown relative to the current
    folder when it lies under it (``models/scheming.yaml`` in a checkout).
    """
    from ..bundled import default_model as bundled_model
    from ..bundled import short_path

    fallback = short_path(bundled_model())
    named = _named_model(credences_path) if credences_path else None
    if named:
        for folder in (Path(credences_path or ".").parent.parent, Path(fallback).parent):
            candidate = folder / f"{named}.yaml"
            if candidate.is_file():
                return str(candidate)
    return fallback


def _named_model(credences_path: str) -> str | None:
    """The model id a credence file names, or None (unreadable files are reported later)."""
    from ..errors import ArgmapError
    from ..loading import load_data

    try:
        data = load_data(*read_input(credences_path))
    except (ArgmapError, OSError):
        return None
    named = data.get("model") if isinstance(data, dict) else None
    return named if isinstance(named, str) and named.isidentifier() else None


STDIN = "<stdin>"
"""The name standard input goes by in messages (a file named ``-`` is ``./-``)."""


@functools.lru_cache(maxsize=1)
def _stdin_text(stream: Any) -> str:
    """Standard input as text, read once (a command may look at it twice: the model a credence
    file names, then the file), within the size limit of every file."""
    from ..loading import MAX_BYTES, decode

    return decode(read_stream(stream, STDIN, limit=MAX_BYTES), STDIN)


def read_input(path: str) -> tuple[str, str]:
    """The text of the file ``path`` and its name for messages; ``-`` is standard input.

    >>> text, name = read_input("models/examples/sprinkler.yaml")
    >>> name, "claims:" in text
    ('models/examples/sprinkler.yaml', True)
    """
    from ..loading import read_text

    if path == "-":
        return _stdin_text(sys.stdin.buffer), STDIN
    return read_text(path), path


def one_stdin(paths: Sequence[str | None], argument: str) -> None:
    """An error if more than one of ``paths`` is ``-`` (standard input is read once).

    >>> one_stdin(["-", "-"], "credences")
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: credences: standard input given twice (expected at most one - \
among the model and credence files)
    """
    if sum(p == "-" for p in paths) > 1:
        raise InputError.argument(argument, "standard input given twice (expected at most one - "
                                  "among the model and credence files)")


def read_model(path: str) -> Model:
    """Load the model file ``path`` (``-``: standard input)."""
    from ..loading import load_model_text

    return load_model_text(*read_input(path))


def read_credences(path: str, model: Model) -> Credences:
    """Load the credence file ``path`` (``-``: standard input) over ``model``."""
    from ..credences import load_credences_text

    text, name = read_input(path)
    return load_credences_text(text, model, name)


def load(model_path: str | None, credences_path: str | None) -> Loaded:
    """Load a model (default: :func:`default_model`) and an optional credence file; either
    may be ``-``, standard input.

    Warnings of the credence file (a number that contradicts a role) go to standard error.
    """
    one_stdin([model_path, credences_path], "credences")
    model = read_model(model_path or default_model(credences_path))
    cred = read_credences(credences_path, model) if credences_path else None
    for warning in cred.warnings if cred else ():
        typer.echo(f"warning: {warning}", err=True)
    return Loaded(model, cred)


def parse_pairs(items: list[str] | None, argument: str) -> dict[str, str]:
    """Parse repeated ``id=state`` options; errors name ``argument`` (the command's parameter).

    >>> parse_pairs(["slack=low", "capability=high"], "evidence")
    {'slack': 'low', 'capability': 'high'}
    >>> parse_pairs(["slack"], "evidence")
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: evidence: bad value 'slack' (expected id=state)
    """
    result: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise InputError.argument(
                argument, f"bad value {item!r} (expected id=state)", code="bad-value"
            )
        if key in result:
            raise InputError.argument(
                argument, f"claim {key!r} given twice", code="duplicate", loc=(key,)
            )
        result[key] = value
    return result


def parse_context(
    evidence: list[str] | None, do: list[str] | None
) -> tuple[dict[str, str], dict[str, str]]:
    """The ``--evidence`` and ``--do`` options as the library's ``evidence`` and ``do``.

    >>> parse_context(["wet=true"], None)
    ({'wet': 'true'}, {})
    """
    return parse_pairs(evidence, "evidence"), parse_pairs(do, "do")


def context(
    model: Model,
    evidence: list[str] | None,
    do: list[str] | None,
    unconditional: bool,
    *credences: Credences | None,
) -> Context:
    """The evidence and do() a command runs under: ``--evidence`` and ``--do`` merged with the
    model's headline condition (:func:`argmap.inference.headline_context`).

    The condition is checked under each of ``credences`` (none given: the model's numbers):
    when it has probability 0 there (and the person's own evidence does not), the error says
    so rather than blaming ``--evidence``.

    >>> m = load("models/examples/sprinkler_given.yaml", None).model
    >>> context(m, ["rain=true"], None, False)
    Context(evidence={'cloudy': 'true', 'rain': 'true'}, do={}, given={'cloudy': 'true'})
    """
    from ..errors import ImpossibleEvidenceError
    from ..inference import headline_context, impossible_condition, marginals

    observed, forced = parse_context(evidence, do)
    ctx = headline_context(model, observed, forced, unconditional=unconditional)
    for cred in (credences or (None,)) if ctx.given else ():
        try:
            marginals(model, cred, evidence=ctx.evidence, do=ctx.do)
        except ImpossibleEvidenceError:
            marginals(model, cred, evidence=observed, do=forced)  # the person's own evidence
            raise impossible_condition(ctx.given) from None
    return ctx


def split_model(files: list[str]) -> tuple[str | None, list[str]]:
    """Split ``[MODEL] FILE...`` into the model (None: the default) and the credence files.

    The first file is the model when it holds ``claims`` (a model, not a credence file).

    >>> split_model(["models/examples/sprinkler.yaml", "a.yaml", "b.yaml"])
    ('models/examples/sprinkler.yaml', ['a.yaml', 'b.yaml'])
    """
    from ..loading import load_data

    one_stdin(files, "files")
    model: str | None = None
    rest = list(files)
    if files:
        first = load_data(*read_input(files[0]))
        if isinstance(first, dict) and "claims" in first:
            model, rest = files[0], files[1:]
    if len(rest) < 2:
        raise InputError.argument(
            "files", f"expected two or more credence files, got {len(rest)}", code="bad-argument"
        )
    return model, rest


def refuse_existing(output: str, force: bool, inputs: Sequence[str | None] = ()) -> None:
    """An error if ``output`` exists and ``--force`` was not given (never overwrite by accident),
    or if it is one of the command's ``inputs``, compared as files (``./m.yaml``, a symlink or
    a hard link to ``m.yaml`` is ``m.yaml``): never, even with ``--force``.

    A folder, a read-only file or a path that cannot be resolved (a symlink loop) is refused
    too, before any work starts (:func:`argmap.saving.check_writable`); a pipe or a terminal
    (``/dev/stdout``, ``/dev/null``) is written into, so it needs no ``--force``.

    >>> refuse_existing("no/such/file.yaml", force=False)
    >>> m = "models/examples/sprinkler.yaml"
    >>> refuse_existing(m, True, ["./" + m])
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: models/examples/sprinkler.yaml: is an input of this command \
(expected another file to write; a command never overwrites what it reads, even with --force)
    """
    from ..saving import check_writable, is_stream, same_file  # tempfile: not on a query's path

    if output == "-":
        return
    target = check_writable(output)
    if is_stream(target):
        return
    for item in inputs:
        if item is not None and same_file(output, item):
            raise InputError.single(
                output, "is an input of this command (expected another file to write; a "
                "command never overwrites what it reads, even with --force)", code="write",
            )
    if not force and (target.exists() or Path(output).is_symlink()):
        raise InputError.single(
            output, "file exists (expected a new file; use --force to replace)", code="write"
        )


def echo_json(command: str, data: dict[str, Any], warnings: Sequence[str] = ()) -> None:
    """Print ``data``, the result of ``command``, in the ``--json`` envelope on standard output
    (every ``--json`` goes through here; see :mod:`argmap.cli.envelope`)."""
    from .envelope import emit

    emit(command, data, warnings)
