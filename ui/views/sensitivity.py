"""Sensitivity: which numbers move the target most (tornado), and two of them together.

The library computes (:func:`argmap.analysis.sensitivity`, :func:`argmap.analysis.two_way`);
this page picks the target and ranges, and draws the results with Vega-Altair.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from argmap import ArgmapError, Model
from argmap.analysis import Sensitivity, Swing, TwoWay, sensitivity, two_way
from argmap.ui import state
from argmap.ui.cache import analyse
from argmap.ui.charts import target_label, target_select
from argmap.ui.describe import md, param_label, pct
from argmap.ui.widgets import problems_box

TARGET = "sens:target"
BARS = "sens:bars"
SWING = "sens:swing"
INTERVALS = "sens:intervals"
PAIR_X = "sens:x"
PAIR_Y = "sens:y"
POINTS = "sens:points"


def bar_label(model: Model, swing: Swing) -> str:
    """A tornado bar's name: the claim's short label and the parameter's readable one."""
    name = param_label(model, model.parameters[swing.parameter])
    if swing.state is not None:
        name = f"{name}: P({swing.state})"
    return f"{model.claims[swing.claim].short} · {name}"


def bar_labels(model: Model, swings: tuple[Swing, ...]) -> list[str]:
    """:func:`bar_label` for each swing, made unique with the setting's id where two agree."""
    names = [bar_label(model, s) for s in swings]
    return [
        f"{name} [{s.key}]" if names.count(name) > 1 else name
        for name, s in zip(names, swings, strict=True)
    ]


def tornado_chart(result: Sensitivity, bars: int, model: Model | None = None) -> alt.LayerChart:
    """Two bars per setting, from the current P(target) to P at its low and at its high end.

    Bars are named readably (:func:`bar_labels`) given the ``model``, else by setting id; the
    id is in the tooltip either way.
    """
    rows = []
    shown = result.swings[:bars]
    names = bar_labels(model, shown) if model is not None else [s.key for s in shown]
    for rank, (s, name) in enumerate(zip(shown, names, strict=True)):
        for end, value, p in (("low", s.low, s.target_low), ("high", s.high, s.target_high)):
            rows.append(
                {
                    "bar": name,
                    "setting": s.key,
                    "rank": rank,
                    "end": f"at its {end}",
                    "credence": value,
                    "P": p,
                    "base": result.base,
                    "label": s.label,
                    "now": s.value,
                    "swing": s.swing,
                }
            )
    data = pd.DataFrame(rows)
    bars_ = (
        alt.Chart(data)
        .mark_bar(height={"band": 0.7})
        .encode(
            y=alt.Y("bar:N", sort=names, title=None, axis=alt.Axis(labelLimit=0)),
            x=alt.X(
                "P:Q",
                title=f"P({result.target.label})" if model is None
                else f"P({target_label(model, result.target.label)})",
                axis=alt.Axis(format=".0%"),
                scale=alt.Scale(zero=False),
            ),
            x2="base:Q",
            color=alt.Color(
                "end:N",
                title="credence",
                scale=alt.Scale(domain=["at its low", "at its high"], range=["#5e81ac", "#d08770"]),
            ),
            tooltip=[
                alt.Tooltip("bar:N", title="number"),
                alt.Tooltip("setting:N", title="parameter id"),
                alt.Tooltip("end:N"),
                alt.Tooltip("now:Q", format=".3f", title="credence now"),
                alt.Tooltip("credence:Q", format=".3f", title="credence at this end"),
                alt.Tooltip("P:Q", format=".2%", title="P(target)"),
                alt.Tooltip("swing:Q", format=".2%"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"base": [result.base]})).mark_rule(color="black").encode(x="base:Q")
    )
    chart: alt.LayerChart = (bars_ + rule).properties(height=70 + 26 * len(shown))
    return chart


def heat_map(
    grid: TwoWay, x_title: str | None = None, y_title: str | None = None,
    target: str | None = None,
) -> alt.Chart:
    """P(target) over the grid, with the current pair of values marked (axes titled by the
    settings' readable names when given, else their ids; ``target`` names the target)."""
    x_title, y_title = x_title or grid.x_key, y_title or grid.y_key
    rows = [
        {"x": float(x), "y": float(y), "P": float(p)}
        for i, x in enumerate(grid.x)
        for j, y in enumerate(grid.y)
        for p in [grid.values[i, j]]
    ]
    data = pd.DataFrame(rows)
    cells = (
        alt.Chart(data)
        .mark_rect()
        .encode(
            x=alt.X("x:O", title=x_title, axis=alt.Axis(format=".2f", labelAngle=0)),
            y=alt.Y("y:O", title=y_title, sort="descending", axis=alt.Axis(format=".2f")),
            color=alt.Color(
                "P:Q",
                title=f"P({target or grid.target.label})",
                scale=alt.Scale(scheme="purpleorange"),
                legend=alt.Legend(format=".0%"),
            ),
            tooltip=[
                alt.Tooltip("x:Q", format=".3f", title=x_title),
                alt.Tooltip("y:Q", format=".3f", title=y_title),
                alt.Tooltip("P:Q", format=".2%", title="P(target)"),
            ],
        )
    )
    chart: alt.Chart = cells.properties(height=380)
    return chart


def main() -> None:
    """The Sensitivity page: target and ranges, the tornado, then the two-way heat map."""
    cur = state.current()
    state.show_flash()
    model = cur.model
    st.markdown("##### Sensitivity: which numbers matter")
    left, mid, right = st.columns([2, 1, 1])
    target = target_select(
        left, model, TARGET, help="The claim and state whose probability is analysed."
    )
    swing = mid.slider("Swing when no interval (±)", 0.05, 0.5, 0.2, 0.05, key=SWING)
    intervals = right.toggle(
        "Use uncertainty intervals",
        value=True,
        key=INTERVALS,
        help="Swing each number over its own interval (beta: 5-95%).",
    )
    ranges = {"target": target, "swing": swing, "use_intervals": intervals}
    try:
        result = analyse(cur, sensitivity, **ranges)
    except ArgmapError as err:
        problems_box("Sensitivity cannot be computed here.", err)
        return
    total = len(result.swings)
    bars = st.slider("Bars", 3, max(3, min(60, total)), min(15, total), key=BARS)
    st.metric(f"P({md(target_label(model, target))})", pct(result.base))
    st.altair_chart(tornado_chart(result, bars, model), width="stretch")
    st.caption(
        "Each number is swung from the low to the high end of its range (its uncertainty "
        "interval, else ± the swing above), all others held; the bars run from the current "
        "probability (black line) to the probability at either end. A distribution over three "
        "or more states is swung one state at a time, the others rescaled in proportion. "
        f"{total} numbers, computed exactly in one batched pass."
    )
    st.markdown("###### Two numbers together")
    keys = [s.key for s in result.swings]
    if len(keys) < 2:
        st.info("This model has fewer than two settable numbers.")
        return
    state.ensure_choice(PAIR_X, keys, keys[0])
    state.ensure_choice(PAIR_Y, keys, keys[1])
    a, b, c = st.columns([2, 2, 1])
    names = dict(zip(keys, bar_labels(cur.model, result.swings), strict=True))
    x = a.selectbox("Across", keys, key=PAIR_X, format_func=names.__getitem__)
    y = b.selectbox("Up", keys, key=PAIR_Y, format_func=names.__getitem__)
    points = c.select_slider("Grid", [5, 11, 21, 41], value=21, key=POINTS)
    try:
        grid = analyse(cur, two_way, x=x, y=y, points=points, **ranges)
    except ArgmapError as err:
        problems_box("This pair cannot be drawn.", err)
        return
    st.altair_chart(heat_map(grid, names[x], names[y], target_label(model, target)),
                    width="stretch")  # fmt: skip
    st.caption(
        f"P({md(target_label(model, target))}) over both ranges; now {pct(grid.base)} at "
        f"({grid.x_value:.3f}, {grid.y_value:.3f})."
    )


main()
