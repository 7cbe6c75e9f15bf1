"""Claim inspector: one claim in full, how it depends on its parents; observe or force it."""

from __future__ import annotations

import streamlit as st

from argmap import ImpossibleEvidenceError
from argmap.ui import glossary, state
from argmap.ui.describe import dependence, evidence_name, kind_name, md, pct, state_label
from argmap.ui.widgets import release_buttons

PICK = "inspect:claim"
STATE = "inspect:state"


def _observe(cid: str) -> None:
    _apply(cid, "observe")


def _force(cid: str) -> None:
    _apply(cid, "force")


def _apply(cid: str, how: str) -> None:
    value = st.session_state[f"{STATE}:{cid}"]
    problem = (state.observe if how == "observe" else state.force)(cid, value)
    if problem == "impossible":
        state.flash(
            "error",
            f"Cannot observe {md(cid)} = {md(value)}: under the current credences"
            + (" and the other observations" if state.current().evidence else "")
            + " it has probability 0, so there is nothing to condition on. Nothing was changed.",
        )
    elif problem:
        state.flash("error", md(problem))


def main() -> None:
    """The inspector: pick a claim; its text, dependence and probability; observe or force."""
    cur = state.current()
    model = cur.model
    ids = list(model.claims)
    state.ensure_choice(PICK, ids, model.output[0])
    cid = st.selectbox(
        "Claim",
        ids,
        key=PICK,
        format_func=lambda c: f"{model.claims[c].short} ({c})",
        help="Type to search.",
    )
    claim = model.claims[cid]
    state.show_flash()
    try:
        result = cur.result()
    except ImpossibleEvidenceError:
        result = None
        st.error("The observations in force are impossible; remove one in the sidebar.")

    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader(md(claim.short), anchor=False)
        st.text(claim.statement)
        meta = [f"id {claim.id}", kind_name(claim)]
        if claim.section:
            meta.append(f"section {claim.section}")
        if claim.basis:
            meta.append(f"basis: {claim.basis}")
        if claim.evidence:
            meta.append(f"checked: {evidence_name(claim.evidence)}")
        if claim.id in cur.given:
            meta.append(f"given: {cur.given[claim.id]} (the headline condition)")
        if claim.group:
            meta.append(f"group: {dict(model.groups).get(claim.group, claim.group)}")
        st.caption(md(" · ".join(meta)))
        st.markdown("**How it depends on its parents**")
        if claim.links:
            st.caption(
                "Parents: "
                + ", ".join(md(f"{k.parent} ({k.role or 'linked'})") for k in claim.links)
            )
        st.markdown("\n".join(f"- {md(line)}" for line in dependence(model, claim, cur.values)))
        if claim.kind in ("noisy_or", "noisy_and"):
            slug = "noisy-or" if claim.kind == "noisy_or" else "noisy-and"
            st.caption(f"{glossary.TERMS[slug].title} and its leak, in words: hover the ?",
                       help=glossary.tip(slug) + "\n\n" + glossary.tip("leak"))
        children = [c.id for c in model.claims.values() if cid in c.parents]
        if children:
            st.caption("Bears on: " + ", ".join(md(c) for c in children))
        if claim.says:
            st.markdown("**What the report says**")
            st.text(claim.says)
        if claim.note:
            st.markdown("**Modelling note**")
            st.text(claim.note)
    with right:
        st.markdown("**Current probability**")
        if result is not None:
            for name, q in result.distributions[cid].items():
                st.progress(min(1.0, max(0.0, q)), text=f"{md(state_label(name))}: {pct(q)}")
        st.markdown("**Observe or force it**")
        st.caption(
            "Observing conditions on it (evidence flows to its causes too); forcing sets it "
            "from outside (only what it bears on changes).",
            help=glossary.tip("do"),
        )
        pick = f"{STATE}:{cid}"
        st.selectbox("State", claim.states, key=pick)
        a, b = st.columns(2)
        a.button("Observe", key=f"observe:{cid}", on_click=_observe, args=(cid,), width="stretch")
        b.button("Force", key=f"force:{cid}", on_click=_force, args=(cid,), width="stretch")
        if cur.observed or cur.do:
            st.markdown("**In force**")
            release_buttons(st.container(), cur, "inspect:release")


main()
