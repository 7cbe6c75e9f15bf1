"""Map: the headline probability, its distribution and the argument diagram.

The sliders for every settable number sit in the sidebar, grouped as the model groups its
claims, so the diagram keeps the whole width of the page.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from argmap import DiagramOptions, ImpossibleEvidenceError, Result, to_dot
from argmap.analysis import coherence
from ui import controls, state
from ui.describe import md
from ui.widgets import headline, problems_box, scenario_line

GROUP_BOXES = "map:group_boxes"
LEFT_RIGHT = "map:left_right"


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
                for param in model.parameters_of(claim.id):
                    controls.slider(model, param, cur.values[param.id], about=claim.statement)


def diagram(cur: state.Current, result: Result | None) -> None:
    """The argument diagram (coloured by ``result`` when there is one) and its layout menu."""
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


TOLERANCE = 0.01
# How far a stated marginal may be from the implied one before the Map page says so.


def incoherent(cur: state.Current) -> None:
    """An info box naming the claims whose stated marginal (``stated:``) the tables, under the
    current values, contradict: both numbers, for the state where they differ most."""
    found = coherence(cur.model, cur.values, tolerance=TOLERANCE).incoherent
    if not found:
        return
    lines = []
    for row in found:
        i = max(range(len(row.states)), key=lambda k: abs(row.stated[k] - row.implied[k]))
        i = 0 if len(row.states) == 2 else i
        where = f" ({md(row.source)})" if row.source else ""
        lines.append(
            f"- **{md(cur.model.claims[row.claim].short)}**: the source states "
            f"P({md(row.states[i])}) = {row.stated[i]:.1%}{where}; its tables imply "
            f"{row.implied[i]:.1%}"
        )
    st.info(
        "**Stated marginals the tables contradict** (by more than "
        f"{100 * TOLERANCE:g} percentage point):\n" + "\n".join(lines),
        icon=":material/balance:",
    )


def main() -> None:
    """The Map page: the headline, what is given, the diagram; sliders in the sidebar."""
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
    incoherent(cur)
    scenario_line(cur)
    diagram(cur, result)
    sliders(cur)


main()
