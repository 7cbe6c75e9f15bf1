"""The analysis commands: sensitivity, voi, montecarlo, compare, pool.

Each parses its options, calls one function of :mod:`argmap.analysis`, and prints a plain
table (or JSON with ``--json``). A progress bar shows on stderr only when it is a terminal and
the run is long. Bad input raises :class:`~argmap.errors.ArgmapError` (exit code 2).

Examples
--------
>>> from argmap.cli import main
>>> main(["voi", "models/examples/sprinkler.yaml", "--top", "1"])  # doctest: +ELLIPSIS
Value of information for P(wet=true) = 0.6506 (entropy of wet: 0.934 bits)
ranked by expected absolute change
...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal, Protocol

import typer

from ..errors import InputError
from .options import (
    CredOpt,
    DoOpt,
    EvidenceOpt,
    ForceOpt,
    JsonOpt,
    ModelArg,
    UnconditionalOpt,
    complete_pair,
    context,
    default_model,
    echo_json,
    load,
    read_credences,
    refuse_existing,
    split_model,
)
from .progress import progress_bar

if TYPE_CHECKING:
    from ..model import Model
    from .render import Condition

TargetOpt = Annotated[
    str | None,
    typer.Option(
        "--target",
        "-t",
        metavar="ID[=STATE]",
        autocompletion=complete_pair,
        help="The claim and state to analyse: id=state (default: the model's output).",
    ),
]
TopOpt = Annotated[int, typer.Option("--top", min=0, metavar="N",
                                     help="Show this many rows (0: all).")]
SeedOpt = Annotated[int, typer.Option("--seed", metavar="N",
                                      help="Random seed (results are reproducible).")]

_LONG_SAMPLES = 50_000  # Monte Carlo runs at least this long show a progress bar (on a TTY)
_LONG_CRUXES = 5_000  # sampled cruxes evaluating at least this many coalitions show one too


class _Result(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def _under(
    m: Model,
    evidence: list[str] | None,
    do: list[str] | None,
    unconditional: bool,
    *credences: Any,
) -> tuple[dict[str, str], dict[str, str], Condition]:
    """The evidence and do() an analysis runs under (the model's headline condition merged in,
    see :func:`.options.context`), and that condition for the output."""
    from .render import Condition

    ctx = context(m, evidence, do, unconditional, *credences)
    return ctx.evidence, ctx.do, Condition(m.given, ctx.given, unconditional)


def _show(command: str, result: _Result, as_json: bool, table: Callable[[], str],
          condition: Condition, warnings: tuple[str, ...] = ()) -> None:
    """Print ``result`` of ``command`` as JSON (``--json``, with the condition applied), else as
    the plain table ``table()`` draws."""
    if as_json:
        echo_json(command, {**result.to_dict(), **condition.to_dict()}, warnings)
    else:
        typer.echo(table())


def sensitivity_command(
    model: ModelArg = None,
    credences: CredOpt = None,
    target: TargetOpt = None,
    evidence: EvidenceOpt = None,
    do: DoOpt = None,
    unconditional: UnconditionalOpt = False,
    swing: Annotated[
        float, typer.Option(metavar="P",
                            help="Half-width of the range of a probability with no interval.")
    ] = 0.2,
    ignore_intervals: Annotated[
        bool, typer.Option("--ignore-intervals", help="Swing every probability by +/- --swing.")
    ] = False,
    pair: Annotated[
        list[str] | None,
        typer.Option("--pair", metavar="PARAM",
                     help="Two-way grid instead: give --pair X --pair Y (parameters)."),
    ] = None,
    points: Annotated[int, typer.Option(metavar="N", help="Grid points per axis for --pair.")
                      ] = 11,
    include_fixed: Annotated[
        bool,
        typer.Option(
            "--include-fixed", help="Also swing numbers that are exactly 0 or 1 (definitions)."
        ),
    ] = False,
    top: TopOpt = 20,
    as_json: JsonOpt = False,
) -> None:
    """Tornado: how far each credence, swung over its range, moves P(target)."""
    from ..analysis import sensitivity, two_way
    from .render import sensitivity_table, two_way_table

    loaded = load(model, credences)
    m, cred = loaded.model, loaded.credences
    ev, intervention, condition = _under(m, evidence, do, unconditional, cred)
    if pair:
        if len(pair) != 2:
            raise InputError.argument(
                "pair", f"expected two --pair options, got {len(pair)}", code="bad-argument"
            )
        grid = two_way(
            m,
            cred,
            x=pair[0],
            y=pair[1],
            target=target,
            evidence=ev,
            do=intervention,
            points=points,
            swing=swing,
            use_intervals=not ignore_intervals,
        )
        _show("sensitivity", grid, as_json, lambda: two_way_table(grid, condition=condition),
              condition, loaded.warnings)
        return
    result = sensitivity(
        m,
        cred,
        target=target,
        evidence=ev,
        do=intervention,
        swing=swing,
        use_intervals=not ignore_intervals,
        include_fixed=include_fixed,
    )
    _show("sensitivity", result, as_json,
          lambda: sensitivity_table(result, top or None, condition=condition), condition,
          loaded.warnings)


def voi_command(
    model: ModelArg = None,
    credences: CredOpt = None,
    target: TargetOpt = None,
    evidence: EvidenceOpt = None,
    do: DoOpt = None,
    unconditional: UnconditionalOpt = False,
    rank: Annotated[
        str, typer.Option(metavar="[change|mi]",
                          help="Rank by 'change' (expected absolute change) or 'mi' (bits).")
    ] = "change",
    top: TopOpt = 20,
    as_json: JsonOpt = False,
) -> None:
    """Value of information: which claim, if learnt, would move P(target) most."""
    from ..analysis import value_of_information
    from .render import voi_table

    if rank not in ("change", "mi"):
        raise InputError.argument(
            "rank", f"unknown ranking {rank!r} (expected change or mi)", code="bad-value"
        )
    by: Literal["change", "mi"] = "change" if rank == "change" else "mi"
    loaded = load(model, credences)
    m, cred = loaded.model, loaded.credences
    ev, intervention, condition = _under(m, evidence, do, unconditional, cred)
    result = value_of_information(
        m, cred, target=target, evidence=ev, do=intervention, rank_by=by
    )
    _show("voi", result, as_json, lambda: voi_table(result, top or None, condition=condition),
          condition, loaded.warnings)


def montecarlo_command(
    model: ModelArg = None,
    credences: CredOpt = None,
    target: TargetOpt = None,
    evidence: EvidenceOpt = None,
    do: DoOpt = None,
    unconditional: UnconditionalOpt = False,
    samples: Annotated[
        int, typer.Option("--samples", "-n", metavar="N", help="Credence sets to draw.")
    ] = 10_000,
    seed: SeedOpt = 0,
    bins: Annotated[int, typer.Option(metavar="N", help="Histogram bins.")] = 20,
    top: TopOpt = 10,
    as_json: JsonOpt = False,
) -> None:
    """Uncertainty: sample every uncertain credence; the spread of P(target) and its drivers."""
    from ..analysis import montecarlo
    from .render import montecarlo_table

    loaded = load(model, credences)
    m, cred = loaded.model, loaded.credences
    ev, intervention, condition = _under(m, evidence, do, unconditional, cred)
    with progress_bar("sampling", _LONG_SAMPLES) as progress:
        result = montecarlo(
            m,
            cred,
            target=target,
            samples=samples,
            seed=seed,
            evidence=ev,
            do=intervention,
            bins=bins,
            progress=progress,
        )
    _show("montecarlo", result, as_json,
          lambda: montecarlo_table(result, top or None, condition=condition), condition,
          loaded.warnings)


def compare_command(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE",
            help="[MODEL] A B: the model (default: the one A names, else models/scheming.yaml), "
            "then two credence files.",
            show_default=False,
        ),
    ],
    target: TargetOpt = None,
    evidence: EvidenceOpt = None,
    do: DoOpt = None,
    unconditional: UnconditionalOpt = False,
    permutations: Annotated[
        int, typer.Option(metavar="N",
                          help="Sampled orders when more than --exact-limit claims differ.")
    ] = 1000,
    exact_limit: Annotated[int, typer.Option(metavar="N",
                                             help="Exact Shapley values up to this many.")] = 12,
    halfway: Annotated[int, typer.Option(metavar="N",
                                         help="Halfway points for this many top cruxes.")] = 3,
    seed: SeedOpt = 0,
    as_json: JsonOpt = False,
) -> None:
    """Cruxes: where A's and B's P(target) differ, claim by claim (Shapley values)."""
    from ..analysis import cruxes
    from .render import cruxes_table

    model, profiles = split_model(files)
    if len(profiles) != 2:
        raise InputError.argument(
            "files", f"expected two credence files A and B, got {len(profiles)}",
            code="bad-argument",
        )
    loaded = load(model, profiles[0])
    m, cred_a = loaded.model, loaded.credences
    cred_b = read_credences(profiles[1], m)
    ev, intervention, condition = _under(m, evidence, do, unconditional, cred_a, cred_b)
    with progress_bar("comparing", _LONG_CRUXES) as progress:
        result = cruxes(
            m,
            cred_a,
            cred_b,
            target=target,
            evidence=ev,
            do=intervention,
            exact_limit=exact_limit,
            permutations=permutations,
            seed=seed,
            halfway=halfway,
            progress=progress,
        )
    _show("compare", result, as_json, lambda: cruxes_table(result, condition=condition),
          condition, (*loaded.warnings, *cred_b.warnings))


def _parse_weights(items: list[str] | None) -> list[float] | None:
    if not items:
        return None
    out: list[float] = []
    for item in items:
        for part in item.split(","):
            try:
                out.append(float(part))
            except ValueError:
                raise InputError.argument(
                    "weights", f"bad weight {part!r} (expected a number)", code="bad-value"
                ) from None
    return out


def pool_command(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE",
            help="[MODEL] FILE FILE...: the model (default: the one the first file names, else "
            "models/scheming.yaml), then two or more credence files.",
            show_default=False,
        ),
    ],
    method: Annotated[str, typer.Option(metavar="[linear|log]", help="linear or log.")
                      ] = "linear",
    weights: Annotated[
        list[str] | None,
        typer.Option("--weights", "-w", metavar="W[,W...]",
                     help="One weight per file: 2,1,1 (or repeat the option)."),
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", metavar="FILE",
                                 help="Write the pooled profile here ('-': print it instead "
                                 "of the table).")
    ] = None,
    force: ForceOpt = False,
    target: TargetOpt = None,
    evidence: EvidenceOpt = None,
    do: DoOpt = None,
    unconditional: UnconditionalOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Pool several credence files into a group profile; how far each person is from it."""
    from ..analysis import pool
    from ..credence_writer import credence_template, one_line
    from ..saving import atomic_write
    from .render import pool_table

    if method not in ("linear", "log"):
        raise InputError.argument(
            "method", f"unknown method {method!r} (expected linear or log)", code="bad-value"
        )
    how: Literal["linear", "log"] = "linear" if method == "linear" else "log"
    if as_json and output == "-":
        raise InputError.argument("as_json", "the profile goes to standard output, so the JSON "
                                  "has nowhere to go (expected -o FILE with --json)")
    refuse_existing(output or "-", force, files)  # before any work; never over an input
    model, profiles = split_model(files)
    m = load(model or default_model(profiles[0]), None).model
    creds = [read_credences(path, m) for path in profiles]
    ev, intervention, condition = _under(m, evidence, do, unconditional, *creds)
    result = pool(
        m,
        creds,
        method=how,
        weights=_parse_weights(weights),
        target=target,
        evidence=ev,
        do=intervention,
    )
    if output:
        names = ", ".join(f"{one_line(m.label)} ({m.weight:.3g})" for m in result.members)
        text = credence_template(
            m,
            result.values,
            author="group pool",
            note=f"{method} pool, per parameter, of {names}",
        )
        if output == "-":
            typer.echo(text, nl=False)
            return
        atomic_write(output, text)
    if as_json:
        data = {**result.to_dict(), **condition.to_dict()}
        data["output"] = output
        echo_json("pool", data, [w for c in creds for w in c.warnings])
    else:
        typer.echo(pool_table(result, condition=condition))
        if output:
            typer.echo(f"\nwrote {output} ({len(result.values)} numbers)")

