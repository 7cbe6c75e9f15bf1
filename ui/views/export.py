"""Export: download the map in every format, with the credences, evidence and do() in force.

The library makes every file (:func:`argmap.export.export`); this page picks the diagram
options and offers one download button per format. Files are made when their button is
clicked (XMLBIF and Hugin NET need pgmpy, which takes a few seconds to load the first time;
BIF and XDSL are written by argmap itself).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from argmap import ArgmapError, Model, Value
from argmap.export import FORMATS, DiagramOptions, export, find_engine, formats
from argmap.ui import state
from argmap.ui.describe import md, problem_lines, problem_text

RANKDIR = "export:rankdir"
GROUP_BY = "export:group_by"
NUMBERS = "export:numbers"
LEGEND = "export:legend"
PREVIEW = "export:preview"
TEXT_PREVIEWS = ("mermaid", "argdown", "dot", "bif", "json")


def build(
    fmt: str,
    model: Model,
    values: Mapping[str, Value],
    evidence: Mapping[str, str],
    do: Mapping[str, str],
    options: DiagramOptions,
) -> bytes:
    """The file for ``fmt`` under the page's state (what the download button serves)."""
    return export(model, fmt, dict(values), evidence=dict(evidence), do=dict(do),
                  options=options)


def file_name(model: Model, fmt: str) -> str:
    """``<model id><extension>``, e.g. ``scheming.mmd``."""
    return f"{model.id}{FORMATS[fmt].extension}"


def unavailable(fmt: str) -> str | None:
    """Why ``fmt`` cannot be made here (a program to install), or None."""
    if FORMATS[fmt].needs is None:
        return None
    try:
        find_engine(fmt)
    except ArgmapError as err:
        return problem_text(err.problems[0])
    return None


def _maker(fmt: str, cur: state.Current, options: DiagramOptions) -> Callable[[], bytes]:
    model, values, evidence, do = cur.model, dict(cur.values), dict(cur.evidence), dict(cur.do)
    return lambda: build(fmt, model, values, evidence, do, options)


def options_row() -> DiagramOptions:
    """The diagram options (layout, grouping, numbers, legend)."""
    left, mid, right = st.columns([1.2, 1.2, 1])
    rankdir = left.radio(
        "Layout", ["TB", "LR"], key=RANKDIR, horizontal=True,
        format_func=lambda v: "top-down" if v == "TB" else "left-right",
    )  # fmt: skip
    group_by = mid.selectbox("Group claims by", ["none", "group", "section"], key=GROUP_BY)
    numbers = right.toggle("Probabilities", value=True, key=NUMBERS,
                           help="Off: the bare map, without numbers or colours.")
    legend = right.toggle("Legend", value=True, key=LEGEND)
    return DiagramOptions(
        rankdir="LR" if rankdir == "LR" else "TB",
        group_by="section" if group_by == "section" else "none" if group_by == "none" else "group",
        numbers=numbers,
        legend=legend,
    )


def main() -> None:
    """The Export page: the options, one download per format, and a text preview."""
    cur = state.current()
    state.show_flash()
    model = cur.model
    st.markdown("##### Export")
    given = [f"given {md(c)} = {md(s)} (the headline condition)" for c, s in cur.given.items()]
    given += [f"observing {md(c)} = {md(s)}" for c, s in cur.observed.items()]
    given += [f"forcing {md(c)} = {md(s)}" for c, s in cur.do.items()]
    st.caption(
        f"Every file uses the credences of {md(cur.profile.label)}"
        + (f" with {len(cur.changed())} number(s) changed" if cur.changed() else "")
        + (f", {'; '.join(given)}" if given else "")
        + ". Network files (BIF, XMLBIF, NET) hold the tables; evidence and do() are not stored "
        "in them."
    )
    options = options_row()
    for spec in formats(writes=True):
        fmt, kind = spec.name, spec.kind
        left, right = st.columns([3, 1], vertical_alignment="center")
        problem = unavailable(fmt)
        left.markdown(f"**{fmt.upper()}** ({kind}): {md(spec.description)}")
        if problem:
            left.caption(md(problem))
        right.download_button(
            f"Download {file_name(model, fmt)}",
            data=_maker(fmt, cur, options),
            file_name=file_name(model, fmt),
            mime=spec.media_type,
            key=f"export:download:{fmt}",
            disabled=problem is not None,
            on_click="ignore",
            width="stretch",
        )
    with st.expander("Preview a text format"):
        fmt = st.selectbox("Format", TEXT_PREVIEWS, key=PREVIEW)
        try:
            text = build(fmt, model, cur.values, cur.evidence, cur.do, options).decode("utf-8")
        except ArgmapError as err:
            st.error(md("; ".join(problem_lines(err))))
        else:
            st.code(text, language=None)


main()
