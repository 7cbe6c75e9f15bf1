"""Map: the headline probability, its distribution and the argument diagram.

A slider move re-runs only the page's parts that show numbers (fragments), not the whole app.

The sliders for every settable number sit in the sidebar, grouped as the model groups its
claims, so the diagram keeps the whole width of the page.
"""

from __future__ import annotations

import streamlit as st

from argmap import ImpossibleEvidenceError, Model, Result
from argmap.analysis import coherence
from argmap.ui import controls, sidebar, state, urlstate
from argmap.ui.describe import md
from argmap.ui.diagram import (
    diagram_dot,
    focus_dot,
    label_lines,
    neighbourhood,
    node_data,
    open_in_inspector,
    show,
)
from argmap.ui.widgets import headline, problems_box, scenario_line

# The keys of the fragments a credence slider re-runs (top() and figure()), and of the one
# drawing the sliders. (Comments, not docstrings: Streamlit's "magic" would print a bare
# string in a page on the page.)
HEADLINE = "map:headline"
DIAGRAM = "map:diagram_part"
LIVE = (HEADLINE, DIAGRAM)
SLIDERS = "map:sliders"
GROUP_BOXES = "map:group_boxes"
LEFT_RIGHT = "map:left_right"
FOCUS = "map:focus"


def open_key(index: int) -> str:
    """The key of the sidebar expander of the ``index``-th group (True when open)."""
    return f"map:open:{index}"


@st.fragment(key=SLIDERS)
def sliders() -> None:
    """Every settable number in the sidebar, one expander per group of claims.

    Only open expanders draw their sliders (opening one re-runs this fragment), which keeps a
    re-run fast however many numbers the model has. A fragment: moving a slider re-runs
    :data:`LIVE` (what shows the numbers) and not the sliders, whose browser already shows
    the new value; a distribution's move re-runs the sliders too (its states move together).
    """
    cur = state.current()
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
                    controls.slider(model, param, cur.values[param.id], about=claim.statement,
                                    rerun=LIVE, linked=(SLIDERS,))


def view_options(cur: state.Current) -> None:
    """Above the diagram: the focus picker and the layout menu (a change re-runs the page)."""
    model = cur.model
    ids = ["", *model.claims]
    state.ensure_choice(FOCUS, ids, "")
    pick, opts = st.columns([5, 1], vertical_alignment="bottom")
    pick.selectbox(
        "Focus",
        ids,
        key=FOCUS,
        format_func=lambda c: f"{model.claims[c].short} ({c})" if c else "The whole map",
        help="Show one claim with its parents and children (readable on a small screen).",
    )
    with opts.popover("Layout", icon=":material/settings:"):
        st.toggle("Boxes around groups", key=GROUP_BOXES, persist_state="session")
        st.toggle("Left to right", key=LEFT_RIGHT, persist_state="session")


def diagram(cur: state.Current, result: Result | None) -> None:
    """The clickable argument diagram, as the view options (:func:`view_options`) say.

    Clicking a claim opens it in the Claim inspector.
    """
    model = cur.model
    focus = st.session_state.get(FOCUS) or ""
    focus = focus if focus in model.claims else ""
    # a focused claim reads left to right (parents, it, children): narrow enough for a phone
    dot = diagram_dot(
        model,
        result,
        rankdir="LR" if focus or st.session_state.get(LEFT_RIGHT) else "TB",
        group_by="group" if st.session_state.get(GROUP_BOXES) and not focus else "none",
    )
    edited = {model.parameters[pid].claim for pid in cur.changed() if pid in model.parameters}
    nodes = node_data(
        model, result, label_lines(dot),
        observed=cur.observed, given=cur.given, forced=cur.do, edited=edited,
    )  # fmt: skip
    if focus:
        near = neighbourhood(model, focus)
        dot, nodes = focus_dot(dot, near), {cid: nodes[cid] for cid in near}
    clicked = show(dot, nodes, key="map:diagram", focus=focus or None)
    if clicked:
        open_in_inspector(clicked)


def legend(model: Model, *, given: bool = False) -> str:
    """What the diagram's fills, bars, outlines and badges mean (Markdown, escaped); the GIVEN
    mark is explained when a headline condition is in force (``given``)."""
    out, index = model.output
    target = model.claims[out].states[index]
    condition = "dashed blue and GIVEN: the headline condition; " if given else ""
    return (
        f"**Fill**: the output ({md(model.claims[out].short)}) by P({md(target)}), a true/false "
        "claim by P(true), from purple (0%) through white (50%) to orange (100%). A claim with "
        "other states is white, with a bar of every state (its colours match the swatches "
        "beside the states listed in the box). **Marks**: blue outline and OBSERVED: you observe "
        f"it; {condition}orange outline and FORCED: set from outside (its incoming links are "
        "cut, dotted grey); EDITED: you changed one of its "
        "numbers from the profile; the output has a thick border. Blue arrows support, dashed "
        "orange ones undermine, dotted grey ones moderate. **Click a claim** to open it in the "
        "Claim inspector; drag or scroll to pan, zoom with the buttons or Ctrl + wheel."
    )


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
        gap = [round(abs(s - m), 12) for s, m in zip(row.stated, row.implied, strict=True)]
        i = gap.index(max(gap))  # rounded, so that float noise breaks no tie
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
    """The Map page: the title, the headline (:func:`top`), the view options, the diagram
    (:func:`figure`), its legend; the sliders in the sidebar (:func:`sliders`).

    A credence slider re-runs only :func:`top` and :func:`figure` (fragments), not the rest,
    which no credence changes: the router, the sidebar's pickers, the title, the view
    options, the legend, the sliders. So the router leaves the changes and the share box
    (whose link holds the numbers) to :func:`figure`.
    """
    cur = state.current()
    st.markdown(f"##### {md(cur.model.title)}")
    top()
    view_options(cur)
    figure()
    st.caption(legend(cur.model, given=bool(cur.given)))
    sliders()


@st.fragment(key=HEADLINE)
def top() -> None:
    """What a credence changes above the diagram: messages, the headline, the contradicted
    stated marginals, what is observed or forced."""
    cur = state.current()
    state.show_flash()
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


@st.fragment(key=DIAGRAM)
def figure() -> None:
    """The diagram, then in the sidebar what changed from the profile and the share box."""
    cur = state.current()
    try:
        result: Result | None = cur.result()
    except ImpossibleEvidenceError:
        result = None  # top() says so
    diagram(cur, result)
    share = st.sidebar.container()  # filled last, so the URL is written after the page drew
    sidebar.changes(cur, rerun=(*LIVE, SLIDERS))
    urlstate.share_box(cur, urlstate.publish(cur), where=share)


main()
