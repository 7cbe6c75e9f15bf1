"""``argmap explain``: why the target has the probability it has, in plain sentences.

Prints the chain of claims that carries most of the target's probability, then the most
probable scenarios given the target (the first is the most probable explanation, MPE), each
after the first as its differences from the first.

Examples
--------
>>> from argmap.analysis import explain
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> print(explain_table(model, explain(model, target="wet=true", top=2)))
Why is P(wet=true) = 65.1%?
<BLANKLINE>
The chain that carries it (each step: the parent state with the largest share of the one below)
  1. Rain (rain=true) holds in 70.5% of the cases where wet=true (50.0% before knowing wet=true).
  2. Cloudy (cloudy=true) holds in 79.4% of the cases where the steps above hold (50.0% before
     knowing wet=true).
  Together these 2 states hold in 55.9% of the cases where wet=true.
<BLANKLINE>
The 2 most probable scenarios given wet=true (joint states of the 3 claims not fixed)
  #1   49.85%  cloudy=true, rain=true, sprinkler=false
  #2   27.70%  differs from #1 in: cloudy=false, rain=false, sprinkler=true
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Annotated

import typer

from .options import (
    CredOpt,
    DoOpt,
    EvidenceOpt,
    JsonOpt,
    ModelArg,
    UnconditionalOpt,
    complete_pair,
    context,
    echo_json,
    load,
)

if TYPE_CHECKING:
    from ..analysis.explain import Explanation
    from ..model import Model
    from .render import Condition

TargetOpt = Annotated[
    str | None,
    typer.Option(
        "--target", "-t", metavar="ID[=STATE]", autocompletion=complete_pair,
        help="The claim and state to explain: id=state (default: the model's output).",
    ),
]  # fmt: skip
ScenariosOpt = Annotated[
    int, typer.Option("--top", metavar="N",
                      help="How many of the most probable scenarios (1 to 50).")
]


_WIDTH = 100


def _pct(p: float) -> str:
    return f"{p:.1%}" if p >= 0.001 or p == 0 else f"{p:.2g}"


def _scenario_pct(p: float) -> str:
    return f"{p:7.2%}" if p >= 0.0001 else f"{p:7.1e}"


def explain_table(model: Model, result: Explanation, condition: Condition | None = None) -> str:
    """The chain as numbered sentences, then the scenarios (differences from the first)."""
    from .render import _context

    t = result.target.label
    lines = [f"Why is P({t}) = {_pct(result.probability)}?",
             *_context(result.evidence, result.do, condition), ""]  # fmt: skip
    if result.chain:
        lines.append("The chain that carries it (each step: the parent state with the largest "
                     "share of the one below)")  # fmt: skip
        for i, step in enumerate(result.chain, 1):
            where = f"{step.below}={step.below_state}" if i == 1 else "the steps above hold"
            lines += textwrap.wrap(
                f"{i}. {model.claims[step.claim].short} ({step.claim}={step.state}) holds in "
                f"{_pct(step.share)} of the cases where {where} ({_pct(step.before)} before "
                f"knowing {t}).", width=_WIDTH, initial_indent="  ", subsequent_indent="     ",
            )  # fmt: skip
        lines.append(f"  Together these {len(result.chain)} states hold in "
                     f"{_pct(result.chain[-1].together)} of the cases where {t}.")  # fmt: skip
    else:
        lines.append(f"No chain: {result.target.claim} has no parent left to explain it (an "
                     "input, or every parent observed or set).")  # fmt: skip
    first = result.scenarios[0].states if result.scenarios else {}
    lines += ["", f"The {len(result.scenarios)} most probable scenarios given {t} (joint states "
              f"of the {len(first)} claims not fixed)"]  # fmt: skip
    for i, sc in enumerate(result.scenarios, 1):
        if i == 1:
            body = ", ".join(f"{c}={s}" for c, s in sc.states.items()) or "(nothing left free)"
        else:
            diff = [f"{c}={s}" for c, s in sc.states.items() if first.get(c) != s]
            body = "differs from #1 in: " + ", ".join(diff)
        lines += textwrap.wrap(
            f"#{i:<2} {_scenario_pct(sc.probability)}  {body}", width=_WIDTH,
            initial_indent="  ", subsequent_indent=" " * 15, break_on_hyphens=False,
        )  # fmt: skip
    return "\n".join(lines)


def explain_command(
    model: ModelArg = None,
    credences: CredOpt = None,
    target: TargetOpt = None,
    evidence: EvidenceOpt = None,
    do: DoOpt = None,
    unconditional: UnconditionalOpt = False,
    top: ScenariosOpt = 5,
    as_json: JsonOpt = False,
) -> None:
    """Why: the chain of claims that carries the target, and its most probable scenarios."""
    from ..analysis import explain
    from .render import Condition

    loaded = load(model, credences)
    m, cred = loaded.model, loaded.credences
    ctx = context(m, evidence, do, unconditional, cred)
    condition = Condition(m.given, ctx.given, unconditional)
    result = explain(m, cred, target=target, evidence=ctx.evidence, do=ctx.do, top=top)
    if as_json:
        echo_json("explain", {**result.to_dict(), **condition.to_dict()}, loaded.warnings)
    else:
        typer.echo(explain_table(m, result, condition))
