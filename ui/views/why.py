"""Why?: the chain of claims that carries the target, and its most probable scenarios.

The library computes (:func:`argmap.analysis.explain`, exact); this page words the chain as
sentences with the claims' short names, and shows the scenarios as what sets each apart from
the most probable one.
"""

from __future__ import annotations

import streamlit as st

from argmap import ArgmapError
from argmap.analysis import explain
from argmap.ui import glossary, state
from argmap.ui.cache import analyse
from argmap.ui.charts import target_select
from argmap.ui.describe import md, pct, state_label
from argmap.ui.explaining import chain_sentences, mpe_table, scenario_table
from argmap.ui.widgets import problems_box

TARGET = "why:target"
TOP = "why:top"

ABOUT = (
    "**The chain** starts at the target and, at each step, follows the parent state that "
    "carries the largest share of the step below: of all the ways the step below can happen, "
    "the share in which this parent state holds too. Each share is exact; the chain is greedy "
    "(one parent per step, the largest share first). **The scenarios** are whole stories: the "
    "joint state of every claim that is not fixed, ranked by its probability given the target. "
    "The first is the *most probable explanation* (MPE), as GeNIe, pyAgrum and pgmpy call it; "
    "in a map with many claims even it is rare, so read the scenarios for which claims trade "
    "places between near-equal stories."
)


def main() -> None:
    """The Why? page: the target, the chain as sentences, the scenarios."""
    cur = state.current()
    model = cur.model
    st.subheader("Why? What carries the answer", anchor=False)
    left, right = st.columns([2, 1])
    target = target_select(left, model, TARGET)
    top = right.number_input("Scenarios", 1, 20, 5, key=TOP, help="How many most probable "
                             "scenarios to list (each takes one exact search).")  # fmt: skip
    try:
        why = analyse(cur, explain, target=target, top=int(top))
    except ArgmapError as err:
        problems_box("Cannot explain this target here", err)
        return
    claim = model.claims[why.target.claim]
    st.markdown(f"P(**{md(claim.short)}** is *{md(state_label(why.target.state))}*) = "
                f"**{pct(why.probability)}** with the credences, observations and "
                "interventions in force.")  # fmt: skip
    with st.expander("How to read this page", icon=":material/help:"):
        st.markdown(ABOUT, help=glossary.tip("mpe"))
    st.markdown("##### The chain that carries it")
    if why.chain:
        st.markdown("\n".join(f"{i}. {s}" for i, s in enumerate(chain_sentences(model, why), 1)))
        st.caption(f"Together these {len(why.chain)} states hold in "
                   f"{pct(why.chain[-1].together)} of the cases where the target holds.")
    else:
        st.info("No chain: the target has no parent left to explain it (it is an input, or "
                "every parent is observed or forced).")  # fmt: skip
    st.markdown("##### The most probable scenarios")
    st.table(scenario_table(model, why).set_index("#"))  # a table wraps long differences
    with st.expander("The most probable explanation, claim by claim"):
        st.dataframe(mpe_table(model, why), hide_index=True, width="stretch")


main()
