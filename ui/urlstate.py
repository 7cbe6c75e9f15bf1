"""The view in the page's URL: a reload restores it and a link shares it.

What the URL holds (``st.query_params``), rewritten after every run:

- ``model`` and ``profile``: the picked model and credence profile (not for uploads, whose
  bytes a link cannot carry);
- ``c``: the changed numbers, as the ``credences:`` body of a credence file (written by
  :func:`argmap.credence_writer.update_credences_text`, so a link reads back through the same
  validation as a file, with the same located messages);
- ``observe`` and ``do``: one ``claim=state`` each (repeated);
- ``given=0`` when the headline condition is switched off.

A new session (a reload, or a shared link) restores the URL once, before the page draws: the
pickers before the sidebar (:func:`restore_picks`), then the numbers, observations and
interventions once the model is loaded (:func:`restore_view`). A link that does not fit the
model (an unknown number, an impossible observation) restores what fits and says what did not.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from argmap import ArgmapError, load_credences_text, update_credences_text

from . import state
from .describe import md, problem_lines

MODEL, PROFILE, CHANGES, OBSERVE, DO, GIVEN = "model", "profile", "c", "observe", "do", "given"
KEYS = (MODEL, PROFILE, CHANGES, OBSERVE, DO, GIVEN)
RESTORED = "argmap.url_restored"
SHARE_OPEN = "share:open"
"""The share box's expander (True when open)."""
MAX_CHANGES_CHARS = 200_000
"""A link's changed numbers are refused past this many characters (a model file's limit is
2,000,000 bytes; a browser's URL is rarely longer than a few tens of thousands)."""


def _header(model_id: str) -> str:
    return f"argmap: 1\nmodel: {model_id}\ncredences:\n"


def changes_text(cur: state.Current) -> str:
    """The ``c`` parameter: the changed numbers as the body of a credence file ('' for none)."""
    changed = cur.changed()
    if not changed:
        return ""
    text = update_credences_text(_header(cur.model.id) + "  {}\n", cur.model, changed)
    body = text.split("credences:", 1)[1]
    return body.lstrip("\n")


def wanted(cur: state.Current) -> dict[str, list[str]]:
    """Every URL parameter for the view ``cur`` (a list of values per key, none when empty)."""
    params: dict[str, list[str]] = {}
    if not cur.model_key.startswith("upload:"):
        params[MODEL] = [cur.model_key]
        if not cur.profile.key.startswith("upload:"):
            params[PROFILE] = [cur.profile.key]
    body = changes_text(cur)
    if body:
        params[CHANGES] = [body]
    if cur.observed:
        params[OBSERVE] = [f"{c}={s}" for c, s in cur.observed.items()]
    if cur.do:
        params[DO] = [f"{c}={s}" for c, s in cur.do.items()]
    if not st.session_state.get(state.APPLY_GIVEN, True):
        params[GIVEN] = ["0"]
    return params


def publish(cur: state.Current) -> dict[str, list[str]]:
    """Write the view into the URL (only when it differs, so the browser's history is quiet);
    return its parameters (for :func:`share_box`, so a run computes them once)."""
    params = wanted(cur)
    now = {k: st.query_params.get_all(k) for k in KEYS if st.query_params.get_all(k)}
    if now != params:
        st.query_params.from_dict(params)
    return params


def link(params: Mapping[str, list[str]]) -> str | None:
    """The URL of the view with ``params`` (None when the browser has not said where the app
    is)."""
    base = st.context.url
    if not base:
        return None
    return base + "?" + urlencode(params, doseq=True)


def restore_picks() -> None:
    """In a new session, set the model and profile pickers (and the condition toggle) from the
    URL, before the sidebar draws them."""
    ss = st.session_state
    if ss.get(RESTORED):
        return
    qp = st.query_params
    if MODEL in qp:
        ss[state.PICK_MODEL] = qp[MODEL]
    if PROFILE in qp:
        ss[state.PICK_PROFILE] = qp[PROFILE]
    if GIVEN in qp:
        ss[state.APPLY_GIVEN] = qp[GIVEN] != "0"


def restore_view() -> bool:
    """In a new session, apply the URL's numbers, observations and interventions to the model
    the sidebar loaded (once). True when something was applied.

    The sidebar calls it as soon as the model and profile are active, before it draws the
    scenario and before the page runs, so every widget of that same run shows the restored
    view, with no ``st.rerun()``."""
    ss = st.session_state
    if ss.get(RESTORED):
        return False
    ss[RESTORED] = True
    qp = st.query_params
    problems: list[str] = []
    applied = False
    cur = state.current()
    body = qp.get(CHANGES)
    if body:
        problems += _apply_changes(cur, body)
        applied = True
    for where, act in ((OBSERVE, state.observe), (DO, state.force)):
        for item in qp.get_all(where):
            claim, _, value = item.partition("=")
            problem = _check_pair(cur, claim, value) or act(claim, value)
            if problem:
                problems.append(f"{where} {item}: {problem}")
            applied = True
    if problems:
        state.flash("warning", "**This link does not fully fit the model**; restored what "
                    "fits.\n\n" + "\n".join(f"- {md(p)}" for p in problems))  # fmt: skip
    return applied


def _apply_changes(cur: state.Current, body: str) -> list[str]:
    if len(body) > MAX_CHANGES_CHARS:
        return [f"the link's numbers are too long ({len(body):,} characters; expected at most "
                f"{MAX_CHANGES_CHARS:,})"]  # fmt: skip
    try:
        loaded = load_credences_text(_header(cur.model.id) + body, cur.model, "the link")
    except ArgmapError as err:
        return problem_lines(err)
    for pid, value in loaded.values.items():
        state.set_value(pid, value)
    return []


def _check_pair(cur: state.Current, claim: str, value: str) -> str | None:
    found = cur.model.claims.get(claim)
    if found is None:
        return "no such claim in this model"
    if value not in found.states:
        return f"no such state (expected one of {', '.join(found.states)})"
    return None


def share_box(
    cur: state.Current, params: Mapping[str, list[str]], where: DeltaGenerator | None = None
) -> None:
    """In the sidebar (or ``where``, a place in it): the link to this view (its URL
    ``params``), with a copy button, in an expander. Closed, it holds nothing (opening it
    re-runs the page), so a slider move on the Map sends no link nobody looks at."""
    url = link(params)
    box = (where or st.sidebar).expander(
        "Share this view", icon=":material/link:", key=SHARE_OPEN, on_change="rerun"
    )
    if not box.open:
        return
    with box:
        if url is None:
            st.caption("The link appears once the browser has connected.")
            return
        st.caption("Copy this link: it opens the app on these numbers, observations and "
                   "interventions. Reloading the page keeps them too.")  # fmt: skip
        st.code(url, language=None, wrap_lines=True)
        if cur.model_key.startswith("upload:") or cur.profile.key.startswith("upload:"):
            st.caption("An uploaded file is not part of the link: whoever opens it needs the "
                       "same file.")  # fmt: skip
