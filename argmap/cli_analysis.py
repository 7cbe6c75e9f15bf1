"""The analysis commands: sensitivity, voi, montecarlo, compare, pool.

Each parses its options, calls one function of :mod:`argmap.analysis`, and prints a plain
table (or JSON with ``--json``). A progress bar shows on stderr only when it is a terminal and
the run is long. Bad input raises :class:`~argmap.errors.ArgmapError` (exit code 2).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol

import typer

from .cli import CredOpt, DoOpt, EvidenceOpt, JsonOpt, ModelArg, load, parse_pairs, split_model
from .errors import InputError

TargetOpt = Annotated[
    str | None,
    typer.Option(
        "--target",
        "-t",
        help="The claim and state to analyse: id=state (default: the model's output).",
    ),
]
TopOpt = Annotated[int, typer.Option("--top", min=0, help="Show this many rows (0: all).")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Random seed (results are reproducible).")]

_LONG_SAMPLES = 50_000  # Monte Carlo runs at least this long show a progress bar (on a TTY)
_LONG_CRUXES = 5_000  # sampled cruxes evaluating at least this many coalitions show one too


class _Result(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def _echo_json(data: dict[str, Any]) -> None:
    typer.echo(json.dumps(data, indent=2))


def _show(result: _Result, as_json: bool, table: Callable[[], str]) -> None:
    """Print ``result`` as JSON (``--json``), else as the plain table ``table()`` draws."""
    if as_json:
        _echo_json(result.to_dict())
    else:
        typer.echo(table())


@contextmanager
def _progress(label: str, long: int) -> Iterator[Callable[[int, int], None] | None]:
    """A ``progress(done, total)`` callback that draws a bar on stderr once ``total >= long``.

    None when stderr is not a terminal (so pipes and tests never see a bar).
    """
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

    bar = Progress(
        label,
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task: list[Any] = []

    def update(done: int, total: int) -> None:
        if not task:
            if total < long:
                return
            bar.start()
            task.append(bar.add_task(label, total=total))
        bar.update(task[0], completed=done, total=total)

    try:
        yield update
    finally:
        if task:
            bar.stop()


def _context(
    evidence: list[str] | None, do: list[str] | None
) -> tuple[dict[str, str], dict[str, str]]:
    return parse_pairs(evidence, "--evidence"), parse_pairs(do, "--do")


def sensitivity_command(
    model: ModelArg = None,
    credences: CredOpt = None,
    target: TargetOpt = None,
    evidence: EvidenceOpt = None,
    do: DoOpt = None,
    swing: Annotated[
        float, typer.Option(help="Half-width of the range of a probability with no interval.")
    ] = 0.2,
    ignore_intervals: Annotated[
        bool, typer.Option("--ignore-intervals", help="Swing every probability by +/- --swing.")
    ] = False,
    pair: Annotated[
        list[str] | None,
        typer.Option("--pair", help="Two-way grid instead: give --pair X --pair Y (parameters)."),
    ] = None,
    points: Annotated[int, typer.Option(help="Grid points per axis for --pair.")] = 11,
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
    from .analysis import sensitivity, two_way
    from .analysis.render import sensitivity_table, two_way_table

    loaded, cred = load(model, credences)
    ev, intervention = _context(evidence, do)
    if pair:
        if len(pair) != 2:
            raise InputError.single("--pair", f"expected two --pair options, got {len(pair)}")
        grid = two_way(
            loaded,
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
        _show(grid, as_json, lambda: two_way_table(grid))
        return
    result = sensitivity(
        loaded,
        cred,
        target=target,
        evidence=ev,
        do=intervention,
        swing=swing,
        use_intervals=not ignore_intervals,
        include_fixed=include_fixed,
    )
    _show(result, as_json, lambda: sensitivity_table(result, top or None))


def voi_command(
    model: ModelArg = None,
    credences: CredOpt = None,
    target: TargetOpt = None,
    evidence: EvidenceOpt = None,
    do: DoOpt = None,
    rank: Annotated[
        str, typer.Option(help="Rank by 'change' (expected absolute change) or 'mi' (bits).")
    ] = "change",
    top: TopOpt = 20,
    as_json: JsonOpt = False,
) -> None:
    """Value of information: which claim, if learnt, would move P(target) most."""
    from .analysis import value_of_information
    from .analysis.render import voi_table

    if rank not in ("change", "mi"):
        raise InputError.single("--rank", f"unknown ranking {rank!r} (expected change or mi)")
    by: Literal["change", "mi"] = "change" if rank == "change" else "mi"
    loaded, cred = load(model, credences)
    ev, intervention = _context(evidence, do)
    result = value_of_information(
        loaded, cred, target=target, evidence=ev, do=intervention, rank_by=by
    )
    _show(result, as_json, lambda: voi_table(result, top or None))


def montecarlo_command(
    model: ModelArg = None,
    credences: CredOpt = None,
    target: TargetOpt = None,
    evidence: EvidenceOpt = None,
    do: DoOpt = None,
    samples: Annotated[
        int, typer.Option("--samples", "-n", help="Credence sets to draw.")
    ] = 10_000,
    seed: SeedOpt = 0,
    bins: Annotated[int, typer.Option(help="Histogram bins.")] = 20,
    top: TopOpt = 10,
    as_json: JsonOpt = False,
) -> None:
    """Uncertainty: sample every uncertain credence; the spread of P(target) and its drivers."""
    from .analysis import montecarlo
    from .analysis.render import montecarlo_table

    loaded, cred = load(model, credences)
    ev, intervention = _context(evidence, do)
    with _progress("sampling", _LONG_SAMPLES) as progress:
        result = montecarlo(
            loaded,
            cred,
            target=target,
            samples=samples,
            seed=seed,
            evidence=ev,
            do=intervention,
            bins=bins,
            progress=progress,
        )
    _show(result, as_json, lambda: montecarlo_table(result, top or None))


def compare_command(
    files: Annotated[
        list[str],
        typer.Argument(
            help="[MODEL] A B: the model (default models/scheming.yaml), then two credence files.",
            show_default=False,
        ),
    ],
    target: TargetOpt = None,
    evidence: EvidenceOpt = None,
    do: DoOpt = None,
    permutations: Annotated[
        int, typer.Option(help="Sampled orders when more than --exact-limit claims differ.")
    ] = 1000,
    exact_limit: Annotated[int, typer.Option(help="Exact Shapley values up to this many.")] = 12,
    halfway: Annotated[int, typer.Option(help="Halfway points for this many top cruxes.")] = 3,
    seed: SeedOpt = 0,
    as_json: JsonOpt = False,
) -> None:
    """Cruxes: where A's and B's P(target) differ, claim by claim (Shapley values)."""
    from .analysis import cruxes
    from .analysis.render import cruxes_table
    from .credences import load_credences

    model, profiles = split_model(files)
    if len(profiles) != 2:
        raise InputError.single(
            "arguments", f"expected two credence files A and B, got {len(profiles)}"
        )
    loaded, cred_a = load(model, profiles[0])
    cred_b = load_credences(profiles[1], loaded)
    ev, intervention = _context(evidence, do)
    with _progress("comparing", _LONG_CRUXES) as progress:
        result = cruxes(
            loaded,
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
    _show(result, as_json, lambda: cruxes_table(result))


def _parse_weights(items: list[str] | None) -> list[float] | None:
    if not items:
        return None
    out: list[float] = []
    for item in items:
        for part in item.split(","):
            try:
                out.append(float(part))
            except ValueError:
                raise InputError.single(
                    "--weights", f"bad weight {part!r} (expected a number)"
                ) from None
    return out


def pool_command(
    files: Annotated[
        list[str],
        typer.Argument(
            help="[MODEL] FILE FILE...: the model (default models/scheming.yaml), then two or "
            "more credence files.",
            show_default=False,
        ),
    ],
    method: Annotated[str, typer.Option(help="linear or log.")] = "linear",
    weights: Annotated[
        list[str] | None,
        typer.Option("--weights", "-w", help="One weight per file: 2,1,1 (or repeat the option)."),
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the pooled profile here.")
    ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing --output file.")] = False,
    target: TargetOpt = None,
    evidence: EvidenceOpt = None,
    do: DoOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Pool several credence files into a group profile; how far each person is from it."""
    from .analysis import pool
    from .analysis.render import pool_table
    from .credence_writer import credence_template
    from .credences import load_credences
    from .saving import atomic_write

    if method not in ("linear", "log"):
        raise InputError.single("--method", f"unknown method {method!r} (expected linear or log)")
    how: Literal["linear", "log"] = "linear" if method == "linear" else "log"
    model, profiles = split_model(files)
    loaded, _ = load(model, None)
    creds = [load_credences(path, loaded) for path in profiles]
    ev, intervention = _context(evidence, do)
    result = pool(
        loaded,
        creds,
        method=how,
        weights=_parse_weights(weights),
        target=target,
        evidence=ev,
        do=intervention,
    )
    if output:
        if Path(output).exists() and not force:
            raise InputError.single(output, "file exists (expected a new file; use --force)")
        names = ", ".join(f"{m.label} ({m.weight:.3g})" for m in result.members)
        text = credence_template(
            loaded,
            result.values,
            author="group pool",
            note=f"{method} pool, per parameter, of {names}",
        )
        atomic_write(output, text)
    if as_json:
        data = result.to_dict()
        data["output"] = output
        _echo_json(data)
    else:
        typer.echo(pool_table(result))
        if output:
            typer.echo(f"\nwrote {output} ({len(result.values)} numbers)")


def register(app: typer.Typer) -> None:
    """Add the analysis commands to the ``argmap`` app."""
    app.command("sensitivity")(sensitivity_command)
    app.command("voi")(voi_command)
    app.command("montecarlo")(montecarlo_command)
    app.command("compare")(compare_command)
    app.command("pool")(pool_command)
