"""Saving credences: a download, and a save back to the profile's own file.

A profile loaded from text keeps its comments and key order (``update_credences_text`` changes
only the numbers that differ from the profile); the model's own numbers download as a full
commented template. Saving back is atomic and refused when the file changed on disk since it
was loaded (``atomic_write(..., expected=the text loaded)``).
"""

from __future__ import annotations

from argmap import (
    ArgmapError,
    ConflictError,
    atomic_write,
    credence_template,
    update_credences_text,
)

from . import sources, state
from .describe import md, problem_lines


def credence_text(cur: state.Current) -> str:
    """The current values as a credence file (the loaded profile's text, edited)."""
    text = cur.profile.text
    changed = cur.changed()
    if text is None:
        return credence_template(cur.model, dict(cur.values))
    if not changed:
        return text
    return update_credences_text(text, cur.model, changed)


def download_name(cur: state.Current) -> str:
    """A file name for the download."""
    return cur.profile.file_name


def disk_changed(cur: state.Current) -> bool:
    """True when the profile's file no longer holds the text that was loaded."""
    profile = cur.profile
    if profile.path is None or profile.text is None:
        return False
    current = sources.read_profile(profile.key)
    return current != profile.text


def save_back(cur: state.Current | None = None) -> bool:
    """Write the values into the profile's file; flash what happened. True when saved."""
    cur = cur or state.current()
    profile = cur.profile
    if profile.path is None or profile.text is None:
        state.flash("error", "This profile did not come from a file here; download it instead.")
        return False
    if sources.read_only():
        state.flash("error", "This server is read-only; download your credence file instead.")
        return False
    text = credence_text(cur)
    where = md(sources.display(profile.key))
    try:
        atomic_write(profile.path, text, expected=profile.text)
    except ConflictError:
        state.flash(
            "error",
            f"Not saved: {where} changed on disk since it was loaded, and saving would "
            "overwrite those changes. Download your numbers to keep them, or reload the file "
            "(your changed numbers are kept on top).",
        )
        return False
    except ArgmapError as err:
        state.flash("error", "Not saved: " + md("; ".join(problem_lines(err))))
        return False
    reloaded = state.replace_profile_text(text)
    if isinstance(reloaded, list):
        state.flash("error", "Saved, but the file does not load back: " + md("; ".join(reloaded)))
        return False
    n = len(cur.changed())
    state.flash("success", f"Saved {n} changed number{'s' if n != 1 else ''} to {where}.")
    return True


def save_clicked() -> None:
    """Button callback: save back to the profile's file (messages are flashed)."""
    save_back()


def reload_from_disk() -> None:
    """Re-read the profile's file; the person's changed numbers stay on top of the new text."""
    cur = state.current()
    profile = cur.profile
    if profile.path is None:
        return
    text = sources.read_profile(profile.key)
    if isinstance(text, list):
        state.flash("error", md("; ".join(text)))
        return
    loaded = state.profile_from_text(
        cur.model, profile.key, text, sources.display(profile.key), profile.path
    )
    if isinstance(loaded, list):
        state.flash("error", "The file on disk has problems: " + md("; ".join(loaded)))
        return
    state.rebase(loaded)
    state.flash("info", f"Reloaded {md(sources.display(profile.key))}.")
