"""What the analysis pages share: the target picker and marked probabilities.

Pages compute nothing here either: these helpers pick inputs and draw results with Vega-Altair.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd
from streamlit.delta_generator import DeltaGenerator

from argmap import Model
from argmap.ui import state
from argmap.ui.describe import state_label


def target_options(model: Model) -> list[str]:
    """Every ``claim=state`` (the model's output first)."""
    out = model.output_label
    rest = [f"{cid}={s}" for cid, c in model.claims.items() for s in c.states]
    return [out, *(o for o in rest if o != out)]


def target_label(model: Model, option: str) -> str:
    """A target as a reader says it: ``Model class: schemer`` (the id in brackets).

    >>> from argmap.loading import load_model
    >>> target_label(load_model("models/examples/sprinkler.yaml"), "wet=true")
    'Wet grass: true (wet=true)'
    """
    cid, _, state_name = option.partition("=")
    claim = model.claims.get(cid)
    if claim is None:
        return option
    return f"{claim.short}: {state_label(state_name)} ({option})"


def target_select(where: DeltaGenerator, model: Model, key: str, help: str | None = None) -> str:
    """A "Target" picker over :func:`target_options` in ``where``, kept valid; its choice
    (each shown by :func:`target_label`; type to search)."""
    options = target_options(model)
    state.ensure_choice(key, options, options[0])
    choice = where.selectbox(
        "Target", options, key=key, help=help, format_func=lambda o: target_label(model, o)
    )
    return options[0] if choice is None else choice


def marks(points: Mapping[str, float], colours: Sequence[str]) -> alt.Chart:
    """A vertical rule at each named probability, coloured in order, with legend and tooltip."""
    data = pd.DataFrame({"P": list(points.values()), "mark": list(points)})
    chart: alt.Chart = (
        alt.Chart(data)
        .mark_rule(strokeWidth=2)
        .encode(
            x="P:Q",
            color=alt.Color(
                "mark:N",
                title=None,
                scale=alt.Scale(domain=list(points), range=list(colours)),
            ),
            tooltip=["mark:N", alt.Tooltip("P:Q", format=".2%")],
        )
    )
    return chart
