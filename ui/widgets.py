"""Pieces several pages draw: the headline, problem boxes, what is observed or forced.

Each takes the frozen :class:`argmap.ui.state.Current` snapshot (or a library result) and draws it;
none computes anything. The router or any page can place them (the headline on every page is
one call).
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from argmap import ArgmapError, Result

from . import state
from .describe import md, pct, points, problem_lines, state_label


def problems_box(title: str, problems: list[str] | ArgmapError) -> None:
    """An error box listing problems (an error's, worded by :func:`problem_lines`), each shown
    literally."""
    if isinstance(problems, ArgmapError):
        problems = problem_lines(problems)
    lines = "\n".join(f"- {md(p)}" for p in problems)
    st.error(f"**{md(title)}**\n\n{lines}")


def condition_words(cur: state.Current) -> str:
    """The headline condition in force, in words: ``Situational awareness = true, ...``, its
    states as the charts name them (``somewhat better``, not ``somewhat_better``)."""
    claims = cur.model.claims
    return ", ".join(f"{claims[c].short} = {state_label(s)}" for c, s in cur.given.items())


def headline(cur: state.Current, result: Result | None) -> None:
    """The output claim's probability, its change against the profile, its distribution;
    under the model's headline condition, the condition in words and the unconditional
    number beside it."""
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
    if cur.given:
        _condition(cur, left, out_id, target)
    elif model.given:
        left.caption(f"Read without the model's headline condition ({md(model.given_label)}).")
    with right:
        distribution(result.distributions[out_id])


def _condition(cur: state.Current, where: DeltaGenerator, out_id: str, target: str) -> None:
    """Under the headline: the condition in words (the model's note as its help) and the
    unconditional number."""
    note = cur.model.output_note
    help_text = md(note) if note else "The condition the model's headline is read under."
    where.markdown(
        f"**Given** {md(condition_words(cur))}",
        help=help_text + " Turn off “Read under the headline condition” in the sidebar to "
        "drop it; what you observe or force yourself replaces it for those claims.",
    )
    try:
        p0 = cur.unconditional_result().p(out_id, target)
    except ArgmapError:
        where.caption("unconditional: — (your observations are impossible)")
        return
    where.caption(f"unconditional: {pct(p0)}")


def distribution(dist: Mapping[str, float]) -> None:
    """One labelled bar per state (two columns of bars for three or more states)."""
    items = list(dist.items())
    cols = st.columns(2) if len(items) > 2 else [st.container()]
    for i, (state_name, q) in enumerate(items):
        cols[i % len(cols)].progress(
            min(1.0, max(0.0, q)), text=f"{md(state_label(state_name))}: {pct(q)}"
        )


def scenario_line(cur: state.Current) -> None:
    """One line naming what is observed and forced (nothing when nothing is)."""
    bits = [f"observing {md(c)} = {md(s)}" for c, s in cur.observed.items()]
    bits += [f"forcing {md(c)} = {md(s)}" for c, s in cur.do.items()]
    if bits:
        st.caption("Given: " + "; ".join(bits) + " (remove them in the sidebar).")


def release_buttons(container: DeltaGenerator, cur: state.Current, prefix: str) -> None:
    """One button per observed or forced claim; clicking it removes that observation."""
    for what, items in (("observed", cur.observed), ("forced", cur.do)):
        for cid, value in items.items():
            container.button(
                f"✕ {md(cid)} = {md(value)} ({what})",
                key=f"{prefix}:{cid}",
                on_click=state.release,
                args=(cid,),
                help="Remove",
                type="tertiary",
            )


HEADLINE_BAR = "argmap-headline"
"""The key of the compact headline's container (CSS class ``st-key-argmap-headline``)."""


def headline_words(cur: state.Current) -> str:
    """The compact headline: ``P(Schemer) = 22.1% · +3.2 points from the profile's 18.9% ·
    under the headline condition`` (markdown, user text escaped); a dash when the
    observations are impossible."""
    model = cur.model
    out_id, index = model.output
    claim = model.claims[out_id]
    target = claim.states[index]
    name = md(claim.short if target == "true" else f"{claim.short}: {target}")
    try:
        p = cur.result().p(out_id, target)
    except ArgmapError:
        return f"**P({name}) = —** · the observations in force are impossible"
    words = [f"**P({name}) = {pct(p)}**"]
    if cur.changed():
        try:
            p0 = cur.baseline_result().p(out_id, target)
            words.append(f"{points(p - p0)} points from the profile's {pct(p0)}")
        except ArgmapError:
            pass
    else:
        words.append("the profile's numbers")
    if cur.given:
        words.append("under the headline condition")
    if cur.observed or cur.do:
        words.append("with your observations")
    return " · ".join(words)


def headline_bar(cur: state.Current) -> None:
    """The compact headline, kept at the top of the page while it scrolls (every page but the
    Map, which shows the full headline); the profile and the condition in its tooltip."""
    tip = f"Credences: {md(cur.profile.label)}."
    if cur.given:
        tip += f" Given {md(condition_words(cur))} (the model's headline condition)."
    with st.container(key=HEADLINE_BAR):
        st.markdown(headline_words(cur), help=tip)
