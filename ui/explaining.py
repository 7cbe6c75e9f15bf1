"""Words and tables for the Why? page: :func:`argmap.analysis.explain`'s result read aloud.

Claims by their short names, states as a reader says them (:func:`argmap.ui.describe.state_label`);
user text escaped for markdown (:func:`argmap.ui.describe.md`).
"""

from __future__ import annotations

import pandas as pd

from argmap import Model
from argmap.analysis import Explanation

from .describe import md, pct, state_label


def chain_sentences(model: Model, why: Explanation) -> list[str]:
    """The chain as plain sentences (markdown, user text escaped), one per step.

    ``**Rain** is *true* in 70.5% of the cases where **Wet grass** is *true* (50.0% before
    knowing that).`` (tested in ``tests/app/test_why.py``)
    """
    lines = []
    for i, step in enumerate(why.chain):
        below = (
            f"**{md(model.claims[step.below].short)}** is *{md(state_label(step.below_state))}*"
            if i == 0 else "the steps above hold"
        )  # fmt: skip
        lines.append(
            f"**{md(model.claims[step.claim].short)}** is *{md(state_label(step.state))}* in "
            f"{pct(step.share)} of the cases where {below} ({pct(step.before)} before knowing "
            "that)."
        )
    return lines


def scenario_table(model: Model, why: Explanation) -> pd.DataFrame:
    """One row per scenario: its probability and what sets it apart from the first."""
    first = why.scenarios[0].states if why.scenarios else {}
    rows = []
    for rank, sc in enumerate(why.scenarios, 1):
        diff = [
            f"{model.claims[c].short}: {state_label(s)}"
            for c, s in sc.states.items() if first.get(c) != s
        ]  # fmt: skip
        rows.append({
            "#": rank,
            "P(scenario | target)": pct(sc.probability),
            "what differs from the most probable": "; ".join(diff) if rank > 1 else "(this one)",
        })  # fmt: skip
    return pd.DataFrame(rows)


def mpe_table(model: Model, why: Explanation) -> pd.DataFrame:
    """The most probable explanation claim by claim, with P(state | target)."""
    states = why.scenarios[0].states if why.scenarios else {}
    return pd.DataFrame([
        {"claim": model.claims[c].short, "state": state_label(s),
         "P(state | target)": pct(why.given_target[c][s]), "id": c}
        for c, s in states.items()
    ])  # fmt: skip
