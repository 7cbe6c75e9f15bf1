"""Uncertainty: the spread of the target when every uncertain credence is sampled.

The library computes (:func:`argmap.analysis.montecarlo`: seeded samples, each computed
exactly); this page picks the target, the number of samples and the seed, and draws the
histogram with its 5-95% interval and the drivers of the spread with Vega-Altair.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd
import streamlit as st

from argmap import ArgmapError, Model
from argmap.analysis import Driver, MonteCarlo, montecarlo, most_samples
from argmap.ui import glossary, state
from argmap.ui.cache import analyse
from argmap.ui.charts import marks, target_label, target_select
from argmap.ui.describe import md, parameter_name, pct, state_label
from argmap.ui.widgets import problems_box

TARGET = "mc:target"
SAMPLES = "mc:samples"
SEED = "mc:seed"
CHOICES = (1_000, 2_000, 5_000, 10_000, 20_000)
DEFAULT = 5_000


def histogram(mc: MonteCarlo) -> alt.LayerChart:
    """The sampled P(target) with the 5-95% interval shaded and the point answer marked."""
    counts, edges = mc.histogram
    data = pd.DataFrame({"from": edges[:-1], "to": edges[1:], "samples": counts.astype(int)})
    axis = alt.Axis(format=".1%")
    title = f"P({mc.target.label}) over sampled credences"
    lo, hi = mc.interval
    band = (
        alt.Chart(pd.DataFrame({"lo": [lo], "hi": [hi]}))
        .mark_rect(opacity=0.15, color="#d08770")
        .encode(x="lo:Q", x2="hi:Q")
    )
    bars = (
        alt.Chart(data)
        .mark_bar(color="#5e81ac")
        .encode(
            x=alt.X("from:Q", title=title, axis=axis, bin="binned", scale=alt.Scale(zero=False)),
            x2="to:Q",
            y=alt.Y("samples:Q", title="samples"),
            tooltip=[
                alt.Tooltip("from:Q", format=".2%"),
                alt.Tooltip("to:Q", format=".2%"),
                "samples:Q",
            ],
        )
    )
    points = {
        "5th percentile": lo,
        "95th percentile": hi,
        "point answer": mc.point,
        "mean": mc.mean,
    }
    rules = marks(points, ["#bf616a", "#bf616a", "black", "#a3be8c"]).encode(
        strokeDash=alt.condition(
            alt.datum.mark == "point answer", alt.value([1, 0]), alt.value([4, 3])
        )
    )
    chart: alt.LayerChart = (band + bars + rules).properties(height=320)
    return chart


def driver_names(model: Model, drivers: Sequence[Driver]) -> list[str]:
    """Each driver as a reader names it (claim short name, parameter, state), made unique with
    its id where two would read the same."""
    names = []
    for d in drivers:
        name = parameter_name(model, d.parameter)
        rest = d.key[len(d.parameter):].lstrip("=[]")
        if d.key != d.parameter and rest:
            name += f": P({state_label(rest)})"
        names.append(name)
    return [f"{n} [{d.key}]" if names.count(n) > 1 else n
            for n, d in zip(names, drivers, strict=True)]  # fmt: skip


def drivers_chart(mc: MonteCarlo, top: int = 15, model: Model | None = None) -> alt.Chart:
    """First-order Sobol index per uncertain credence, coloured by the rank correlation;
    credences named readably given the ``model`` (ids in the tooltip)."""
    shown = mc.drivers[:top]
    names = driver_names(model, shown) if model is not None else [d.key for d in shown]
    data = pd.DataFrame(
        [
            {
                "credence": name,
                "Sobol": d.sobol,
                "rank correlation": d.rank_correlation,
                "label": d.label,
                "id": d.key,
            }
            for d, name in zip(shown, names, strict=True)
        ]
    )
    chart: alt.Chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("credence:N", sort=names, title=None, axis=alt.Axis(labelLimit=0)),
            x=alt.X(
                "Sobol:Q",
                title="share of the spread explained alone (first-order Sobol)",
                axis=alt.Axis(format=".0%"),
            ),
            color=alt.Color(
                "rank correlation:Q", scale=alt.Scale(scheme="blueorange", domain=[-1, 1])
            ),
            tooltip=[
                "credence:N",
                "id:N",
                "label:N",
                alt.Tooltip("Sobol:Q", format=".3f"),
                alt.Tooltip("rank correlation:Q", format="+.3f"),
            ],
        )
        .properties(height=70 + 26 * len(shown))
    )
    return chart


def main() -> None:
    """The Uncertainty page: target, samples and seed; the spread and its drivers."""
    cur = state.current()
    state.show_flash()
    model = cur.model
    st.markdown("##### Uncertainty: how sure can we be?")
    left, mid, right = st.columns([2, 1, 1])
    target = target_select(left, model, TARGET)
    # Only sample counts within the analysis budget are offered (a model with large tables
    # may allow fewer than 1,000; one that allows none gets the library's refusal below).
    cap = most_samples(model, cur.values)
    choices = [n for n in CHOICES if n <= cap] or [max(1, cap)]
    if st.session_state.get(SAMPLES) not in choices:
        st.session_state[SAMPLES] = DEFAULT if DEFAULT in choices else choices[-1]
    samples = mid.select_slider("Samples", choices, key=SAMPLES)
    if cap < CHOICES[-1]:
        mid.caption(f"At most {cap:,} samples fit the analysis budget for this model.")
    seed = right.number_input(
        "Seed", 0, 2**31 - 1, 0, key=SEED, help="The same seed gives the same samples."
    )
    try:
        mc = analyse(cur, montecarlo, target=target, samples=int(samples), seed=int(seed), bins=40)
    except ArgmapError as err:
        problems_box("The uncertainty cannot be computed here.", err)
        return
    a, b, c, d = st.columns(4)
    a.metric("Point answer", pct(mc.point), help="With every credence at its mean.")
    b.metric("Mean over samples", pct(mc.mean))
    c.metric("Median", pct(mc.median))
    d.metric("5-95% interval", f"{pct(mc.interval[0])} – {pct(mc.interval[1])}")
    if not mc.drivers:
        st.info(
            "Every credence here is a point, so every sample is the same network and the "
            "answer is exactly the point answer. Give numbers a range (beta, interval, "
            "mean and sd, dirichlet) on the Credences page to see their spread."
        )
        return
    st.altair_chart(histogram(mc), width="stretch")
    dropped = (
        f" {mc.impossible} samples made the evidence impossible and were dropped."
        if (mc.impossible)
        else ""
    )
    st.caption(
        f"{mc.samples:,} sets of credences drawn (seed {mc.seed}), each computed exactly; the "
        f"shaded band is the 5-95% interval.{dropped}"
    )
    st.markdown("###### What drives the spread")
    st.altair_chart(drivers_chart(mc, model=model), width="stretch")
    st.caption(
        "Bar length: the first-order Sobol index, the share of the spread this credence "
        "explains alone (Sobol' 2001; estimated from the same samples, Plischke et al. 2013). "
        "Colour: Spearman's rank correlation (orange: raising it raises "
        f"P({md(target_label(model, target))}); blue: lowers it).",
        help=glossary.tip("sobol") + "\n\n" + glossary.tip("spearman"),
    )


main()
