"""Credences: every settable number, how it is written (point or uncertain), reset and save."""

from __future__ import annotations

import streamlit as st

from argmap import ArgmapError, Claim, Model
from argmap.analysis import EditEffects, edit_effects
from argmap.ui import controls, glossary, save_as, saving, sources, state
from argmap.ui.cache import analyse
from argmap.ui.describe import md, points, value_words


def toolbar(cur: state.Current) -> None:
    """What changed, and reset, download and save (or reload when the file changed)."""
    changed = cur.changed()
    n = len(changed)
    st.caption(
        f"Profile: {md(cur.profile.label)} · "
        + (f"{n} number{'s' if n != 1 else ''} changed" if n else "no changes yet")
    )
    reset, down, save = st.columns([1, 1, 1.6])
    reset.button(
        "Reset to the profile",
        key="credences:reset",
        on_click=state.reset_values,
        disabled=not n,
        icon=":material/undo:",
        width="stretch",
    )
    snapshot = cur
    down.download_button(
        "Download credence file",
        data=lambda: saving.credence_text(snapshot),
        file_name=saving.download_name(cur),
        mime="application/x-yaml",
        on_click="ignore",
        key="credences:download",
        icon=":material/download:",
        width="stretch",
    )
    if sources.read_only():
        save.caption("This server is read-only: download your credence file, or share the "
                     "link to this view (in the sidebar).")  # fmt: skip
        return
    own = cur.profile.path is not None and save_as.made_here(cur.profile.path)
    if own:
        save.button(
            f"Save to {md(sources.display(cur.profile.key))}",
            key="credences:save",
            on_click=saving.save_clicked,
            disabled=not n,
            icon=":material/save:",
            type="primary",
            width="stretch",
            help="Writes only the changed numbers into your file, keeping its comments.",
        )
    with save:
        save_as.form(cur)
    if own and saving.disk_changed(cur):
        st.warning(
            f"{md(sources.display(cur.profile.key))} changed on disk since it was loaded; "
            "saving is refused until you reload it (your changed numbers are kept)."
        )
        st.button("Reload from disk", key="credences:reload", on_click=saving.reload_from_disk)


def main() -> None:
    """The Credences page: the toolbar, then one tab of full controls per group."""
    cur = state.current()
    model = cur.model
    st.subheader("Credences", anchor=False)
    st.caption(
        "A slider sets a probability (for an uncertain value, its mean). Choose how each "
        "number is written: a point, beta(a, b), an interval or a mean ± sd; the sliders of a "
        "claim with several states stay a distribution that sums to 1 (uncertain: a "
        "Dirichlet).",
        help=glossary.tip("beta") + "\n\n" + glossary.tip("dirichlet"),
    )
    state.show_flash()
    toolbar(cur)
    groups = list(controls.groups(model))
    if len(groups) == 1:
        group(model, cur, groups[0][1])
        return
    labels: list[str] = []
    for title, _ in groups:
        label = md(title)
        labels.append(label if label not in labels else f"{label} ({len(labels) + 1})")
    tabs = st.tabs(labels, key="credences:group", on_change="rerun")
    for tab, (_, claims) in zip(tabs, groups, strict=True):
        if tab.open:  # only the open tab's controls are drawn
            with tab:
                group(model, cur, claims)


def effects(cur: state.Current) -> EditEffects | None:
    """How far undoing each edit would move the headline (None without edits, or when the
    observations in force are impossible)."""
    if not cur.changed():
        return None
    try:
        return analyse(cur, edit_effects, cur.values, cur.profile.values)
    except ArgmapError:
        return None


def edit_caption(cur: state.Current, pid: str, moved: EditEffects | None) -> None:
    """Beside an edited number: what it was in the profile, and how far it moved the headline
    (with the other edits kept)."""
    param = cur.model.parameters[pid]
    was = cur.profile.values.get(pid, param.value)
    if was == cur.values[pid]:
        return
    text = f"Edited (the profile says {md(value_words(was, param.states))})"
    effect = moved.effect_of(pid) if moved is not None else None
    if effect is not None:
        text += f": moves the headline {points(effect.effect)} points"
    st.caption(text, help="The change of the headline if you undid only this edit, with "
               "your other edits kept; edits can interact, so these need not add up.")


def group(model: Model, cur: state.Current, claims: list[Claim]) -> None:
    """The full controls of each claim of a group, each edited number with its effect."""
    moved = effects(cur)
    for claim in claims:
        with st.container(border=True):
            st.markdown(f"**{md(claim.short)}** · {md(claim.id)}")
            st.caption(md(claim.statement))
            for param in model.parameters_of(claim.id):
                value = cur.values[param.id]
                left, right = st.columns([1, 1], vertical_alignment="bottom", gap="medium")
                with left:
                    controls.slider(model, param, value)
                with right:
                    controls.uncertainty(param, value)
                edit_caption(cur, param.id, moved)


main()
