"""The sidebar every page shares: model and profile pickers, and what is observed or forced.

:func:`render` resolves the chosen model and profile, makes them active in ``state`` and
returns True when pages can run; problems (an invalid model or credence file) are shown in the
main area as located ``FILE:LINE:COL`` messages.
"""

from __future__ import annotations

import streamlit as st

from argmap import Model

from . import sources, state, urlstate
from .describe import md
from .widgets import problems_box, release_buttons

MODEL_UPLOADER = "upload:model"
PROFILE_UPLOADER = "upload:profile"


def _uploader(label: str, what: str, key: str) -> None:
    """A YAML upload in the sidebar (at most 2 MB), handed to the session state on change."""
    st.sidebar.file_uploader(
        f"{label} (YAML, at most 2 MB)",
        type=["yaml", "yml"],
        key=key,
        max_upload_size=sources.SERVER_UPLOAD_MB,
        on_change=state.on_upload,
        args=(what, key),
    )


def _model_label(option: str) -> str:
    return "Upload a model file…" if option == state.UPLOAD else sources.display(option)


def _on_model_pick() -> None:
    st.session_state.pop(state.PICK_PROFILE, None)  # the new model opens on its default profile


def render() -> bool:
    """Draw the pickers; activate the chosen model and profile. True when a model loaded."""
    keys = sources.model_files()
    default = sources.default_model(keys) or state.UPLOAD
    choice = state.ensure_choice(state.PICK_MODEL, [*keys, state.UPLOAD], default)
    sb = st.sidebar
    sb.selectbox(
        "Model",
        [*keys, state.UPLOAD],
        key=state.PICK_MODEL,
        format_func=_model_label,
        on_change=_on_model_pick,
        help="Models are read from the models folder, or uploaded.",
    )
    if choice == state.UPLOAD:
        _uploader("Model file", "model", MODEL_UPLOADER)
        upload = state.uploaded("model")
        if upload is None:
            st.info("Upload a model file in the sidebar, or pick one of the models.")
            return False
        model_key, path = upload.key, None
        loaded = sources.model_from_upload(upload.data, upload.name)
    else:
        model_key, path = choice, sources.models_dir() / choice
        loaded, _text = sources.load_model_file(choice)
    if isinstance(loaded, list):
        problems_box("This model cannot be loaded. Each problem is listed below:", loaded)
        st.caption("Fix the file and reload, or pick another model in the sidebar.")
        return False
    model = loaded

    profiles = sources.profile_files(model_key, model.id) if path is not None else []
    options = [state.OWN_NUMBERS, *profiles, state.UPLOAD]
    default_profile = sources.default_profile(model_key, profiles)
    pick = state.ensure_choice(state.PICK_PROFILE, options, default_profile)
    sb.selectbox(
        "Credences",
        options,
        key=state.PICK_PROFILE,
        format_func=_profile_label,
        help="A credence profile: one person's numbers for this model. Your changes are "
        "measured against it.",
    )
    problems: list[str] = []
    profile_key = pick
    if pick == state.UPLOAD:
        _uploader("Credence file", "profile", PROFILE_UPLOADER)
        upload = state.uploaded("profile")
        profile_key = upload.key if upload is not None else state.OWN_NUMBERS
        if upload is None:
            sb.caption("Until a credence file is uploaded, the model's own numbers are used.")
    problems = state.activate(model_key, model, path, profile_key)
    if problems:
        problems_box(
            "This credence file cannot be used; showing the model's own numbers instead.",
            problems,
        )
    # A new session opened from a link: its numbers, observations and interventions, applied
    # before anything below (or the page) draws them, so no rerun is needed.
    urlstate.restore_view()
    _profile_summary()
    _condition(model)
    _scenario()
    return True


def _profile_label(option: str) -> str:
    if option == state.OWN_NUMBERS:
        return "The model's own numbers"
    if option == state.UPLOAD:
        return "Upload a credence file…"
    return option.rsplit("/", 1)[-1]


def _profile_summary() -> None:
    cur = state.current()
    cred = cur.profile.credences
    sb = st.sidebar
    if cred is not None:
        bits = [b for b in (cred.author, cred.date) if b]
        if bits:
            sb.caption(md(" · ".join(str(b) for b in bits)))
        if cred.illustrative:
            sb.caption("Illustrative numbers, not anyone's considered view.")
        for warning in cred.warnings:
            sb.warning(md(warning), icon=":material/info:")


def changes(cur: state.Current, rerun: tuple[str, ...] = ()) -> None:
    """In the sidebar: how many numbers differ from the profile, and a button to reset them
    (nothing when none do). The router draws it below the share box; the Map page draws it
    in its live part, above the sliders, so a slider move updates it. ``rerun``: the keys of
    the fragments the reset re-runs instead of the whole app (all that show the numbers)."""
    n = len(cur.changed())
    if not n:
        return
    sb = st.sidebar
    sb.caption(
        f"{n} number{'s' if n != 1 else ''} changed from this profile "
        "(save or download them on the Credences page to keep them)."
    )
    sb.button(
        "Reset to the profile",
        key="sidebar:reset",
        on_click=_reset,
        args=(rerun,),
        icon=":material/undo:",
        type="tertiary",
    )


def _reset(rerun: tuple[str, ...]) -> None:
    state.reset_values()
    if rerun:
        st.rerun(list(rerun))


def _condition(model: Model) -> None:
    """The headline-condition toggle (only for a model whose output has a condition)."""
    if not model.given:
        return
    st.sidebar.toggle(
        "Read under the headline condition",
        key=state.APPLY_GIVEN,
        help=f"The model's headline is read given {md(model.given_label)}"
        + (f": {md(model.output_note)}" if model.output_note else ".")
        + " Every page computes under it; what you observe or force yourself replaces it for "
        "those claims. Turn it off to read everything unconditionally.",
    )


def _scenario() -> None:
    cur = state.current()
    if not cur.observed and not cur.do:
        return
    st.sidebar.markdown("**Observed and forced**")
    release_buttons(st.sidebar, cur, "release")
