"""Compare: where two people's answers differ (cruxes), and what a group believes (pooling).

The library computes (:func:`argmap.analysis.cruxes`: Shapley values over the claims whose
credences differ, and halfway points; :func:`argmap.analysis.pool`); this page picks the
profiles and draws the results with Vega-Altair.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import altair as alt
import pandas as pd
import streamlit as st

from argmap import ArgmapError, Credences, Model, Value, credence_template
from argmap.analysis import Cruxes, Pool, cruxes, pool
from argmap.ui import glossary, sources, state
from argmap.ui.cache import analyse
from argmap.ui.charts import marks, target_label
from argmap.ui.describe import md, parameter_name, pct, points
from argmap.ui.widgets import problems_box

OWN = "own"
NOW = "now"
UPLOADED = "upload"
PICK_A = "cmp:a"
PICK_B = "cmp:b"
UPLOADER = "cmp:upload"
POOL_PICK = "cmp:pool"
POOL_METHOD = "cmp:method"

Profile = Credences | Mapping[str, Value]


def profiles(cur: state.Current) -> dict[str, tuple[str, Profile]]:
    """Every profile to pick from: option -> (label, credences); problems go to the page."""
    out: dict[str, tuple[str, Profile]] = {
        OWN: ("the model's own numbers", {}),
        NOW: (f"your numbers now ({cur.profile.label}, with your edits)", dict(cur.values)),
    }
    try:
        keys = sources.profile_files(cur.model_key, cur.model.id)
    except (OSError, ValueError):
        keys = []
    for key in keys:
        text = sources.read_profile(key)
        loaded = (
            text
            if isinstance(text, list)
            else sources.credences_from_text(text, cur.model, sources.display(key))
        )
        if isinstance(loaded, list):
            st.warning(f"{md(sources.display(key))} is skipped: {md('; '.join(loaded))}")
            continue
        out[key] = (f"{loaded.label} ({sources.display(key)})", loaded)
    file = st.session_state.get(UPLOADER)
    if file is not None:
        up = sources.credences_from_upload(
            file.getvalue(), sources.upload_name(file.name), cur.model
        )
        if isinstance(up, list):
            problems_box("The uploaded credence file cannot be used:", up)
        else:
            out[UPLOADED] = (f"{up.label} (uploaded)", up)
    return out


def waterfall(result: Cruxes, a: str, b: str, model: Model | None = None) -> alt.LayerChart:
    """P_A, then each claim's Shapley share as a floating bar labelled with its signed points,
    ending at P_B. Claims are named by their short names given the ``model``; the profiles'
    names are in the tooltips (the axis says A and B)."""
    def name(cid: str) -> str:
        return model.claims[cid].short if model is not None else cid

    rows = [{"step": "A", "from": 0.0, "to": result.value_a, "kind": "profile",
             "share": result.value_a, "se": 0.0, "who": a, "label": pct(result.value_a)}]
    level = result.value_a
    for c in result.cruxes:
        rows.append({
            "step": name(c.claim), "from": level, "to": level + c.shapley,
            "kind": "raises B's" if c.shapley >= 0 else "lowers B's", "share": c.shapley,
            "se": c.stderr or 0.0, "who": c.claim, "label": f"{points(c.shapley)} pts",
        })
        level += c.shapley
    rows.append({"step": "B", "from": 0.0, "to": result.value_b, "kind": "profile",
                 "share": result.value_b, "se": 0.0, "who": b, "label": pct(result.value_b)})
    data = pd.DataFrame(rows)
    data["lo"], data["hi"] = data["to"] - data["se"], data["to"] + data["se"]
    data["end"] = data[["from", "to"]].max(axis=1)
    order = list(data["step"])
    y = alt.Y("step:N", sort=order, title=None, axis=alt.Axis(labelLimit=0))
    base = alt.Chart(data)
    bars = base.mark_bar(height={"band": 0.7}).encode(
        y=y,
        x=alt.X("from:Q", axis=alt.Axis(format=".0%"), title=f"P({result.target.label})"
                if model is None else f"P({target_label(model, result.target.label)})"),
        x2="to:Q",
        color=alt.Color(
            "kind:N",
            title=None,
            scale=alt.Scale(
                domain=["profile", "raises B's", "lowers B's"],
                range=["#4c566a", "#d08770", "#5e81ac"],
            ),
        ),
        tooltip=[
            alt.Tooltip("step:N", title="step"), alt.Tooltip("who:N", title="profile / id"),
            alt.Tooltip("share:Q", format="+.2%", title="share / P"),
            alt.Tooltip("se:Q", format=".2%", title="standard error"),
        ],
    )  # fmt: skip
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(
        y=y, x="end:Q", text="label:N"
    )
    layers = bars + labels
    if result.method == "sampled":
        layers = layers + base.mark_rule().encode(y=y, x="lo:Q", x2="hi:Q")
    chart: alt.LayerChart = layers.properties(height=70 + 28 * len(rows))
    return chart


def halfway_table(result: Cruxes, model: Model) -> pd.DataFrame:
    """One row per claim the library checked (those with the largest shares): its share, and
    whether A or B alone could meet the other halfway by moving only this claim's numbers (and
    how far), else where the whole move takes them."""
    rows = []
    for c in (c for c in result.cruxes if c.halfway):
        row: dict[str, str] = {"claim": model.claims[c.claim].short,
                               "share of B − A": f"{points(c.shapley)} pts"}  # fmt: skip
        for h in c.halfway:
            other = "B" if h.mover == "A" else "A"
            if h.reached and h.t is not None:
                row[f"{h.mover} alone"] = f"meets halfway {h.t:.0%} of the way to {other}'s numbers"
            else:
                row[f"{h.mover} alone"] = f"no: even {other}'s numbers give {pct(h.target_at_full)}"
        rows.append(row)
    return pd.DataFrame(rows)


def pool_chart(result: Pool) -> alt.LayerChart:
    """Each member's P(target), with the pooled-parameter answer and the pool of outputs."""
    data = pd.DataFrame([{"member": m.label, "P": m.target} for m in result.members])
    points = (
        alt.Chart(data)
        .mark_bar(height={"band": 0.6}, color="#5e81ac")
        .encode(
            y=alt.Y("member:N", title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("P:Q", title=f"P({result.target.label})", axis=alt.Axis(format=".0%")),
            tooltip=["member:N", alt.Tooltip("P:Q", format=".2%")],
        )
    )
    pooled = {
        "pooled parameters": result.pooled_target,
        "linear pool of outputs": result.linear_pool_of_targets,
    }
    rules = marks(pooled, ["black", "#d08770"])
    chart: alt.LayerChart = (points + rules).properties(height=80 + 40 * len(result.members))
    return chart


def crux_section(cur: state.Current, options: dict[str, tuple[str, Profile]]) -> None:
    """Pick A and B; their answers, the waterfall of cruxes and the halfway points."""
    keys = list(options)
    files = [k for k in keys if k not in (OWN, NOW, UPLOADED)]
    default_a, default_b = (files[0], files[1]) if len(files) >= 2 else (OWN, NOW)
    state.ensure_choice(PICK_A, keys, default_a)
    state.ensure_choice(PICK_B, keys, default_b)
    label = {k: v[0] for k, v in options.items()}
    left, right = st.columns(2)
    a = left.selectbox("A", keys, key=PICK_A, format_func=label.__getitem__)
    b = right.selectbox("B", keys, key=PICK_B, format_func=label.__getitem__)
    (name_a, prof_a), (name_b, prof_b) = options[a], options[b]
    try:
        result = analyse(cur, cruxes, prof_a, prof_b, permutations=1000)
    except ArgmapError as err:
        problems_box("These two cannot be compared here.", err)
        return
    c1, c2, c3 = st.columns(3)
    target = md(target_label(cur.model, result.target.label))
    c1.metric(f"A: P({target})", pct(result.value_a))
    c2.metric(f"B: P({target})", pct(result.value_b))
    c3.metric("Difference B − A", f"{100 * result.difference:+.1f} points")
    if not result.cruxes:
        st.info("These two profiles hold the same numbers: there is nothing to attribute.")
        return
    st.altair_chart(waterfall(result, name_a, name_b, cur.model), width="stretch")
    how = (
        "exact Shapley values"
        if result.method == "exact"
        else f"Shapley values estimated from {result.permutations} sampled orders (bars show ± "
        "one standard error)"
    )
    st.caption(
        f"Starting from A's answer, each claim whose credences differ adds its share of the "
        f"difference ({how}); the shares sum exactly to B's answer. A claim's parameters move "
        "together.",
        help=glossary.tip("shapley"),
    )
    if any(c.halfway for c in result.cruxes):
        st.markdown("###### Meeting halfway, one claim at a time")
        st.caption(f"Halfway is {pct(result.midpoint)}. Could A (or B) get there by moving only "
                   "this claim's numbers towards the other's, all else kept? (The claims with "
                   "the largest shares.)")  # fmt: skip
        st.table(halfway_table(result, cur.model))


def pool_section(cur: state.Current, options: dict[str, tuple[str, Profile]]) -> None:
    """Pick profiles and a method; the pooled answer, each member, the pooled file."""
    st.markdown("###### The group view")
    keys = list(options)
    files = [k for k in keys if k not in (OWN, NOW, UPLOADED)]
    default = files if len(files) >= 2 else [OWN, NOW]
    if POOL_PICK not in st.session_state:
        st.session_state[POOL_PICK] = default
    st.session_state[POOL_PICK] = [k for k in st.session_state[POOL_PICK] if k in keys]
    label = {k: v[0] for k, v in options.items()}
    left, right = st.columns([3, 1])
    chosen = left.multiselect(
        "Pool these profiles", keys, key=POOL_PICK, format_func=label.__getitem__
    )
    method = right.radio(
        "Pooling",
        ["linear", "log"],
        key=POOL_METHOD,
        horizontal=True,
        help="Per parameter: a weighted average, or a normalised weighted geometric mean.",
    )
    if len(chosen) < 2:
        st.info("Pick two or more profiles to pool.")
        return
    profs = [options[k][1] for k in chosen]
    names = [options[k][0] for k in chosen]
    how: Literal["linear", "log"] = "log" if method == "log" else "linear"
    try:
        result = analyse(cur, pool, profs, method=how, labels=names)
    except ArgmapError as err:
        problems_box("These profiles cannot be pooled.", err)
        return
    c1, c2 = st.columns(2)
    c1.metric("With the pooled numbers", pct(result.pooled_target))
    c2.metric("Average of the answers", pct(result.linear_pool_of_targets))
    st.altair_chart(pool_chart(result), width="stretch")
    st.caption(
        "Each number of the model is pooled across the profiles; the answer with the pooled "
        "numbers (black) is not the average of the answers (orange), because the answer is not "
        "linear in the numbers. KL from the pool: how far each profile's numbers are from the "
        "pooled ones, in bits.",
        help=glossary.tip("kl"),
    )
    table = pd.DataFrame(
        [
            {
                "member": m.label,
                f"P({result.target.label})": pct(m.target),
                "vs pooled": f"{100 * m.target_difference:+.1f} pts",
                "mean |difference| per number": round(m.mean_abs_difference, 4),
                "KL from the pool (bits)": round(m.total_kl, 3),
                "furthest on": "; ".join(parameter_name(cur.model, p) for p in m.furthest(3)),
            }
            for m in result.members
        ]
    )
    st.table(table.set_index("member"))  # a table wraps its cells: no column is cut off
    text = credence_template(
        cur.model,
        result.values,
        author="group pool",
        note="".join(  # one printable line (credence_template refuses more)
            c if c.isprintable() else "?" for c in f"{method} pool, per parameter, of "
            + "; ".join(names)
        ),
    )
    st.download_button(
        "Download the pooled profile",
        text,
        file_name=f"{cur.model.id}-pool.yaml",
        mime="text/yaml",
        icon=":material/download:",
    )


def main() -> None:
    """The Compare page: an optional upload, then cruxes and the group view."""
    cur = state.current()
    state.show_flash()
    st.markdown("##### Compare: where do two answers part ways?")
    with st.expander("Upload a credence file to compare"):
        st.file_uploader("Credence file (YAML)", type=["yaml", "yml"], key=UPLOADER)
    options = profiles(cur)
    crux_section(cur, options)
    pool_section(cur, options)


main()
