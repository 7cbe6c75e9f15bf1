"""Map: the headline probability, its distribution and the argument diagram.

The sliders for every settable number sit in the sidebar, grouped as the model groups its
claims, so the diagram keeps the whole width of the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import streamlit as st

from argmap import ImpossibleEvidenceError, Result
from argmap.export.dot import DiagramOptions, to_dot
from ui import controls, state
from ui.describe import md, params_of, pct, points
from ui.sidebar import problems_box

GROUP_BOXES = "map:group_boxes"
LEFT_RIGHT = "map:left_right"


def headline(cur: state.Current, result: Result | None) -> None:
    """The output claim's probability, its change against the profile, its distribution."""
    model = cur.model
    out_id, index = model.output
    claim = model.claims[out_id]
    target = claim.states[index]
    name = claim.short if target == "true" else target
    left, right = st.columns([1, 1.5], vertical_alignment="center")
    if result is None:
        left.metric(f"P({md(name)})", "—")
        return
    p = result.p(out_id, target)
    delta = None
    if cur.changed():
        p0 = cur.baseline_result().p(out_id, target)
        delta = f"{points(p - p0)} points from the profile's {pct(p0)}"
    left.metric(
        f"P({md(name)})",
        pct(p),
        delta=delta,
        delta_color="off",
        help=f"The probability that {md(out_id)} = {md(target)}, computed exactly from the "
        "credences, observations and interventions in force.",
    )
    left.caption(f"{md(claim.short)}, with the credences of {md(cur.profile.label)}")
    with right:
        distribution(result.distributions[out_id])


def distribution(dist: Mapping[str, float]) -> None:
    """One labelled bar per state (two columns of bars for three or more states)."""
    items = list(dist.items())
    cols = st.columns(2) if len(items) > 2 else [st.container()]
    for i, (state_name, q) in enumerate(items):
        cols[i % len(cols)].progress(min(1.0, max(0.0, q)), text=f"{md(state_name)}: {pct(q)}")


def scenario_line(cur: state.Current) -> None:
    bits = [f"observing {md(c)} = {md(s)}" for c, s in cur.evidence.items()]
    bits += [f"forcing {md(c)} = {md(s)}" for c, s in cur.do.items()]
    if bits:
        st.caption("Given: " + "; ".join(bits) + " (remove them in the sidebar).")


def open_key(index: int) -> str:
    """The key of the sidebar expander of the ``index``-th group (True when open)."""
    return f"map:open:{index}"


def sliders(cur: state.Current) -> None:
    """Every settable number in the sidebar, one expander per group of claims.

    Only open expanders draw their sliders (opening one re-runs the page), which keeps a
    re-run fast however many numbers the model has.
    """
    model = cur.model
    sb = st.sidebar
    sb.markdown("**Your credences**", help="Move a slider and every number updates at once.")
    for i, (title, claims) in enumerate(controls.groups(model)):
        box = sb.expander(md(title), expanded=(i == 0), key=open_key(i), on_change="rerun")
        if not box.open:
            continue
        with box:
            for claim in claims:
                st.markdown(f"**{md(claim.short)}**")
                for param in params_of(model, claim):
                    controls.slider(model, param, cur.values[param.id], about=claim.statement)


def diagram(cur: state.Current, result: Result | None) -> None:
    options = DiagramOptions(
        rankdir="LR" if st.session_state.get(LEFT_RIGHT) else "TB",
        group_by="group" if st.session_state.get(GROUP_BOXES) else "none",
        numbers=True,
        legend=False,
        wrap=22,
    )
    # A small map drawn at its own size; stretched, its boxes would fill the screen.
    width: Literal["stretch", "content"] = "stretch" if len(cur.model.claims) > 12 else "content"
    st.graphviz_chart(to_dot(cur.model, result, options), width=width)
    text, opts = st.columns([5, 1], vertical_alignment="top")
    text.caption(
        "Each box is a claim with its probability printed inside (all states for a claim with "
        "several); the fill runs from purple (unlikely) through white to orange (likely). Blue "
        "arrows support, dashed orange ones undermine, dotted grey ones moderate; the output "
        "has a thick border. Hover a box for its statement; enlarge with the ⤢ button."
    )
    with opts.popover("Layout", icon=":material/settings:"):
        st.toggle("Boxes around groups", key=GROUP_BOXES, persist_state="session")
        st.toggle("Left to right", key=LEFT_RIGHT, persist_state="session")


def main() -> None:
    cur = state.current()
    state.show_flash()
    st.markdown(f"##### {md(cur.model.title)}")
    result: Result | None
    try:
        result = cur.result()
    except ImpossibleEvidenceError as err:
        result = None
        problems_box(
            "These observations are impossible under the current credences; remove one in "
            "the sidebar or change the credences.",
            err,
        )
    headline(cur, result)
    scenario_line(cur)
    diagram(cur, result)
    sliders(cur)


main()
