"""Save as a new profile: a new credence file beside the model's profiles, never over one the
app did not write.

A profile saved here starts with :data:`MARK`. Only such files can be replaced (and only as an
explicit second step, "Replace it"); a shipped profile (the report author's, say) or any other
file is never written over: pick another name. A new file is created exclusively (a hard link
from a finished temporary file), so two saves racing for one name cannot both win.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import streamlit as st

from argmap import ArgmapError, atomic_write, credence_template

from . import sources, state
from .describe import md, problem_lines

MARK = "# Saved with the argmap app; the app may replace this file when you save it again."
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,59}")
NAME_KEY, AUTHOR_KEY, REPLACE_KEY = "saveas:name", "saveas:author", "saveas:replace"


def folder(cur: state.Current) -> Path:
    """Where the model's profiles live: ``credences/`` beside the model file."""
    return (sources.models_dir() / cur.model_key).parent / "credences"


def target(cur: state.Current, name: str) -> Path:
    """The file a profile named ``name`` is saved as."""
    return folder(cur) / f"{name}.yaml"


def made_here(path: Path) -> bool:
    """True when ``path`` is a profile this app saved (its first line is :data:`MARK`)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return handle.readline().rstrip("\n") == MARK
    except OSError:
        return False


def check_name(name: str) -> str | None:
    """Why ``name`` cannot name a profile file, or None."""
    if not NAME.fullmatch(name):
        return ("a name of letters, digits, - and _ (at most 60, starting with a letter or "
                "digit), without .yaml")  # fmt: skip
    return None


def check_author(author: str) -> str | None:
    """Why ``author`` cannot go into the file, or None."""
    if len(author) > 200 or not all(ch.isprintable() for ch in author):
        return "one line of printable text, at most 200 characters"
    return None


def profile_text(cur: state.Current, author: str) -> str:
    """The new file: every number at its current value (a commented template), marked as
    made here, naming the author and the profile it started from."""
    body = credence_template(
        cur.model, dict(cur.values), author=author,
        note=f"Started from {cur.profile.label} and edited in the argmap app on "
        f"{dt.date.today().isoformat()}",
    )  # fmt: skip
    return f"{MARK}\n{body}"


def create(path: Path, text: str) -> None:
    """Create ``path`` holding ``text``; FileExistsError when it exists (checked atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.link(tmp, path)  # fails if path exists: no save replaces a file by accident
    finally:
        Path(tmp).unlink(missing_ok=True)


def save_new(cur: state.Current, name: str, author: str, replace: bool) -> str | None:
    """Save the current numbers as profile ``name``; return why not, or None when saved (the
    new profile is then the one loaded, with no changes left)."""
    problem = check_name(name) or check_author(author)
    if problem:
        return problem
    path = target(cur, name)
    text = profile_text(cur, author)
    try:
        if path.exists() and not made_here(path):
            return (f"{sources.display(_key(cur, name))} exists and was not saved by this app "
                    "(a shipped profile, say): it is never replaced here; pick another name")
        if path.exists() and not replace:
            return f"{sources.display(_key(cur, name))} exists: tick “Replace it” to overwrite it"
        if path.exists():
            atomic_write(path, text, expected=path.read_text(encoding="utf-8"))
        else:
            create(path, text)
    except FileExistsError:
        return f"{sources.display(_key(cur, name))} was just created by someone else"
    except ArgmapError as err:
        return "; ".join(problem_lines(err))
    except OSError as err:
        return f"cannot write {sources.display(_key(cur, name))} ({err.strerror or err})"
    st.session_state[state.PICK_PROFILE] = _key(cur, name)
    return None


def _key(cur: state.Current, name: str) -> str:
    return target(cur, name).relative_to(sources.models_dir()).as_posix()


def _clicked() -> None:
    cur = state.current()
    name = str(st.session_state.get(NAME_KEY, "")).strip()
    author = str(st.session_state.get(AUTHOR_KEY, "")).strip()
    problem = save_new(cur, name, author, bool(st.session_state.get(REPLACE_KEY)))
    if problem:
        state.flash("error", f"Not saved: {md(problem)}.")
    else:
        st.session_state[REPLACE_KEY] = False
        state.flash("success", f"Saved as {md(sources.display(_key(cur, name)))}; it is now "
                    "the loaded profile.")  # fmt: skip


def form(cur: state.Current) -> None:
    """The "Save as new profile…" popover: a name, an author, and the second step to replace
    a file this app saved before."""
    with st.popover("Save as new profile…", icon=":material/save_as:", width="stretch"):
        st.text_input("Name", key=NAME_KEY, placeholder="my-view",
                      help="The file name, without .yaml: letters, digits, - and _.")  # fmt: skip
        st.text_input("Author", key=AUTHOR_KEY, placeholder="Your name")
        name = str(st.session_state.get(NAME_KEY, "")).strip()
        if name and not check_name(name) and target(cur, name).exists():
            if made_here(target(cur, name)):
                st.checkbox("Replace it", key=REPLACE_KEY,
                            help="A profile with this name exists (saved here before).")
            else:
                st.caption("A profile with this name exists and is never replaced here.")
        where = sources.display(folder(cur).relative_to(sources.models_dir()).as_posix())
        st.caption(f"Saved in {md(where)}/; the shipped profiles stay as they are.")
        st.button("Save", key="saveas:go", on_click=_clicked, type="primary")
