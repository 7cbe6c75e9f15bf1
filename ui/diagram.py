"""The Map page's argument diagram: laid out once per structure, recoloured on every run.

Graphviz lays the diagram out on the server (``dot``, or the ``graphviz-pure`` binary the
project depends on, through ``argmap.export.render``), cached per layout: the DOT with every
number and fill blanked, so a credence change never lays it out again. The SVG goes to the
browser once per layout and session (:data:`SENT`); the component
(:mod:`argmap.ui.diagram_assets`) keeps the layouts it received, inserts one only when the
layout changes, and on other runs only recolours the boxes and rewrites their numbers.
Clicking a claim returns its id (the Map page opens it in the inspector). Without a Graphviz
program the page falls back to ``st.graphviz_chart``, with a note.

What a fill means (:func:`node_data`): the output is filled by P(its target state), a
true/false claim by P(true), on the diagram's purple-white-orange scale; any other claim (two
or more named states, none of which is "the" one) stays white with a bar of every state.

>>> from argmap import load_model, marginals
>>> model = load_model("models/examples/sprinkler.yaml")
>>> nodes = node_data(model, marginals(model), label_lines(diagram_dot(model, None)))
>>> nodes["wet"]["marks"], nodes["wet"]["bar"]
(['output'], [])
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Collection, Mapping
from typing import Any

import streamlit as st

from argmap import ArgmapError, DiagramOptions, Model, Result, state_words, to_dot
from argmap.export import colour, find_engine, render

from .diagram_assets import CSS, HTML, JS

INSPECT_PICK = "inspect:claim"
"""The Claim inspector's claim picker (``ui/views/inspector.py``'s ``PICK``)."""
INSPECTOR = "views/inspector.py"
WHITE = "#ffffff"
STATE_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442",
                 "#999999")
"""The bar's colours, one per state in the claim's order (Okabe-Ito, colour-blind safe)."""
TIMEOUT = 30
SENT = "argmap.diagram_sent"
"""Session state: per component key, the layouts (their keys) this session has sent it."""

_NODE = re.compile(r'^\s*"((?:[^"\\]|\\.)*)" \[label="((?:[^"\\]|\\.)*)"', re.M)
_EDGE = re.compile(r'^\s*"((?:[^"\\]|\\.)*)" -> "((?:[^"\\]|\\.)*)"')
_LABEL = re.compile(r'(\[label=")((?:[^"\\]|\\.)*)"')
_TITLE = re.compile(r', labelloc=t, label="(?:[^"\\]|\\.)*"\]')

_component = st.components.v2.component(
    "argmap_diagram", html=HTML, css=CSS, js=JS, isolate_styles=True
)


def engine() -> str | None:
    """The Graphviz program that lays the diagram out (``argmap.export.find_engine``: ``dot``,
    else the ``graphviz-pure`` binary the project depends on), or None when there is none."""
    try:
        return find_engine("svg").path
    except ArgmapError:
        return None


def diagram_dot(
    model: Model, result: Result | None, *, rankdir: str = "TB", group_by: str = "none"
) -> str:
    """The DOT the Map page draws: the export's diagram, numbers in the boxes, no legend."""
    options = DiagramOptions(
        rankdir="LR" if rankdir == "LR" else "TB",
        group_by="group" if group_by == "group" else "none",
        numbers=True,
        legend=False,
        wrap=22,
    )
    # the page shows the model's title above; in the diagram it would only take room
    return _TITLE.sub("]", to_dot(model, result, options), count=1)


def _unquote(text: str) -> str:
    """The text a DOT quoted label shows (the inverse of ``argmap.export.quote``)."""
    plain = re.sub(r"\\(.)", lambda m: "\n" if m[1] == "n" else m[1], text, flags=re.S)
    return plain.replace("&amp;", "&")


def label_lines(dot: str) -> dict[str, list[str]]:
    """Each node's label, line by line, as Graphviz draws it (one SVG ``text`` per line).

    >>> label_lines('  "a" [label="Two\\\\nlines &amp; more", shape=box];')
    {'a': ['Two', 'lines & more']}
    """
    found: dict[str, list[str]] = {}
    for m in _NODE.finditer(dot):
        found[_unquote(m[1])] = [line for line in _unquote(m[2]).split("\n") if line.strip()]
    return found


def layout_dot(dot: str) -> str:
    """``dot`` with every fill white and every percentage ``100%`` (the widest), so one
    layout serves every credence: the layout's key is this text."""
    blank = re.sub(r'fillcolor="#[0-9a-fA-F]{6}"', f'fillcolor="{WHITE}"', dot)
    return _LABEL.sub(lambda m: m[1] + re.sub(r"\d+%", "100%", m[2]) + '"', blank)


def focus_dot(dot: str, claims: Collection[str]) -> str:
    """``dot`` with only the nodes in ``claims`` and the links between them."""
    keep = set(claims)
    out = []
    for line in dot.splitlines():
        edge, node = _EDGE.match(line), _NODE.match(line)
        if edge and not (_unquote(edge[1]) in keep and _unquote(edge[2]) in keep):
            continue
        if node and not edge and _unquote(node[1]) not in keep:
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def neighbourhood(model: Model, claim: str) -> list[str]:
    """``claim``, its parents and its children, in the model's order."""
    near = {claim, *model.claims[claim].parents}
    near.update(c.id for c in model.claims.values() if claim in c.parents)
    return [cid for cid in model.claims if cid in near]


@st.cache_data(max_entries=64, show_spinner=False)
def layout(dot: str, program: str) -> str | None:
    """Graphviz's SVG for ``dot`` (cached on the text and the program), or None when it fails."""
    try:
        svg = render(dot, "svg", timeout=TIMEOUT).decode("utf-8", errors="replace")
    except ArgmapError:
        return None
    if "<svg" not in svg or "<script" in svg.lower():
        return None
    return svg[svg.index("<svg"):]


def fill_state(model: Model, claim: str) -> str | None:
    """The state whose probability fills ``claim``'s box: the output's target state, "true"
    for a true/false claim, else None (the box is white with a bar of every state)."""
    states = model.claims[claim].states
    if claim == model.output[0]:
        return states[model.output[1]]
    if set(states) == {"true", "false"}:
        return "true"
    return None


def node_data(
    model: Model,
    result: Result | None,
    lines: Mapping[str, list[str]],
    *,
    observed: Collection[str] = (),
    given: Collection[str] = (),
    forced: Collection[str] = (),
    edited: Collection[str] = (),
) -> dict[str, dict[str, Any]]:
    """What the component draws for each claim: ``fill`` (a colour), ``lines`` (the label),
    ``marks`` (``output``, ``observed``, ``given``, ``forced``, ``edited``), ``bar`` (a
    ``[state, p, colour]`` per state, for claims with no one state that matters) and
    ``swatch`` (the bar's colour beside each state's line: ``{line index: colour}``)."""
    out: dict[str, dict[str, Any]] = {}
    for cid, claim in model.claims.items():
        marks = [name for name, where in (("observed", observed), ("given", given),
                                          ("forced", forced), ("edited", edited))
                 if cid in where]  # fmt: skip
        if cid == model.output[0]:
            marks.insert(0, "output")
        text = lines.get(cid, [claim.short])
        node: dict[str, Any] = {"fill": WHITE, "lines": text, "marks": marks, "bar": [],
                                "swatch": {}}
        state = fill_state(model, cid)
        if result is not None:
            dist = result.distributions[cid]
            if state is not None:
                node["fill"] = colour(dist[state])
            else:
                hues = {s: STATE_COLOURS[i % len(STATE_COLOURS)]
                        for i, s in enumerate(claim.states)}  # fmt: skip
                node["bar"] = [[s, round(dist[s], 6), hues[s]] for s in claim.states]
                node["swatch"] = {
                    str(i): hues[s] for i, line in enumerate(text) for s in claim.states
                    if re.fullmatch(re.escape(state_words(s)) + r": \d+%", line)
                }  # fmt: skip
        out[cid] = node
    return out


def stamp(nodes: Mapping[str, Any]) -> str:
    """A short hash of what the nodes show (the page marks when it has drawn them)."""
    return hashlib.sha256(repr(sorted(nodes.items())).encode()).hexdigest()[:12]


def show(
    dot: str, nodes: dict[str, dict[str, Any]], *, key: str, focus: str | None = None
) -> str | None:
    """Draw ``dot`` as a clickable diagram coloured by ``nodes``; return the clicked claim.

    With ``focus`` (a claim), the view opens centred on that claim's box.

    Returns None when nothing was clicked. Falls back to ``st.graphviz_chart`` (with a one-line
    note) when no Graphviz binary is found or Graphviz fails.
    """
    program = engine()
    blank = layout_dot(dot)
    svg = layout(blank, program) if program else None
    if svg is None:
        st.graphviz_chart(dot, width="stretch")
        st.caption(
            "Graphviz is not installed on this server (`pip install graphviz-pure`, or your "
            "system's graphviz), so this diagram cannot be clicked or zoomed."
            if program is None
            else "Graphviz could not lay this diagram out on the server, so it is drawn in "
            "your browser and cannot be clicked or zoomed."
        )
        return None
    layout_key = hashlib.sha256(blank.encode()).hexdigest()[:16]
    # The SVG (~90 KB for the scheming model) goes to the browser once per layout and session:
    # the component keeps the layouts it received, and asks (its ``need`` trigger) only when
    # it lacks one the session sent (a run cut short, or one it dropped).
    sent: dict[str, set[str]] = st.session_state.setdefault(SENT, {})
    known = layout_key in sent.get(key, ())
    data = {"key": layout_key, "svg": None if known else svg, "nodes": nodes, "focus": focus,
            "stamp": stamp(nodes)}  # fmt: skip
    result = _component(key=key, data=data, on_clicked_change=_ignore,
                        on_need_change=functools.partial(resend, key))  # fmt: skip
    sent.setdefault(key, set()).add(layout_key)
    clicked = getattr(result, "clicked", None)
    return clicked if isinstance(clicked, str) and clicked in nodes else None


def resend(key: str) -> None:
    """The component ``key`` lacks a layout this session sent it: send its layouts again."""
    st.session_state.get(SENT, {}).pop(key, None)


def _ignore() -> None:
    """The component's change callbacks: the page reads its values on the re-run."""


def open_in_inspector(claim: str) -> None:
    """Show ``claim`` in the Claim inspector (sets its picker, then switches page)."""
    st.session_state[INSPECT_PICK] = claim
    st.switch_page(INSPECTOR)
