"""Credence controls: one slider per settable number, linked sliders for distributions.

Widget keys are named after the parameter they set:

- ``cred:<param id>``: the slider of a probability (its mean, for an uncertain value);
- ``cred:<param id>@<state>``: one state's slider of a distribution over 3+ states;
- ``cred:<param id>#mode``, ``#a``, ``#b``, ``#lo``, ``#hi``, ``#sd``, ``#x``, ``#total``: how an
  uncertain value is written, and its numbers.

Widgets never hold the truth: before a widget is drawn its value is set from the session's
draft (ui/state.py), and its callback writes the change back to the draft.
"""

from __future__ import annotations

from collections.abc import Iterator

import streamlit as st

from argmap import (
    Beta,
    Claim,
    Dirichlet,
    Interval,
    MeanSd,
    Model,
    Parameter,
    Point,
    PointDist,
    Value,
)

from . import edit, state
from .describe import md, param_label, state_label, widget_label

STEP = 0.01
FORMAT = "%.2f"


def key(pid: str, part: str = "") -> str:
    """The widget key of parameter ``pid`` (``part``: ``@state`` or ``#field``)."""
    return f"cred:{pid}{part}"


def groups(model: Model) -> Iterator[tuple[str, list[Claim]]]:
    """(title, claims with settable numbers) per group, in the model's order."""
    with_params = {p.claim for p in model.parameters.values()}
    claims = [c for c in model.claims.values() if c.id in with_params]
    titles = dict(model.groups)
    seen: set[str] = set()
    for gid, title in model.groups:
        members = [c for c in claims if c.group == gid]
        seen.update(c.id for c in members)
        if members:
            yield title, members
    rest = [c for c in claims if c.id not in seen]
    other_groups = sorted({c.group for c in rest if c.group})
    for gid in other_groups:
        yield titles.get(gid, gid), [c for c in rest if c.group == gid]
    loose = [c for c in rest if not c.group]
    if loose:
        yield ("Other claims" if model.groups else "Claims"), loose


def _value(pid: str) -> Value | None:
    """The current value of ``pid``; None for a widget left from another model or profile (a
    rerun can deliver its change after the switch): its change is then ignored."""
    return state.current().values.get(pid)


def _rerun(fragments: tuple[str, ...]) -> None:
    """After a slider's change: re-run only ``fragments`` (their keys), when a page named
    them, instead of the whole app (``st.rerun`` from a callback; it returns no more)."""
    if fragments:
        st.rerun(list(fragments))


def _on_scalar(pid: str, rerun: tuple[str, ...] = ()) -> None:
    old = _value(pid)
    if old is None or isinstance(old, PointDist | Dirichlet):
        return
    state.set_value(pid, edit.with_mean(old, st.session_state[key(pid)]))
    _rerun(rerun)


def _on_state(pid: str, index: int, state_name: str, rerun: tuple[str, ...] = ()) -> None:
    old = _value(pid)
    if old is None or not edit.is_distribution(old) or index >= len(edit.means_of(old)):
        return
    means = edit.rescale(edit.means_of(old), index, st.session_state[key(pid, "@" + state_name)])
    state.set_value(pid, edit.with_distribution(old, means))
    _rerun(rerun)


def _on_mode(pid: str) -> None:
    old = _value(pid)
    if old is None:
        return
    try:
        state.set_value(pid, edit.with_mode(old, st.session_state[key(pid, "#mode")]))
    except ValueError as err:
        state.flash("warning", md(f"{pid}: {err}"))


def _on_field(pid: str, name: str) -> None:
    old = _value(pid)
    if old is None:
        return
    x = float(st.session_state[key(pid, "#" + name)])
    new: Value
    try:
        if name == "x":
            new = Point(edit.clean(x))
        elif name in ("a", "b") and isinstance(old, Beta):
            a, b = (x, old.b) if name == "a" else (old.a, x)
            new = Beta(max(a, edit.EDGE), max(b, edit.EDGE))
        elif name in ("lo", "hi") and isinstance(old, Interval):
            x = edit.clean(x)
            lo, hi = (x, max(x, old.hi)) if name == "lo" else (min(x, old.lo), x)
            new = Interval(lo, hi)
        elif name == "sd" and isinstance(old, MeanSd):
            new = edit.mean_sd(old.mean_value, x)
        elif name == "total":
            new = edit.with_concentration(old, x)
        else:
            return
    except ValueError as err:
        state.flash("warning", md(f"{pid}: {err}"))
        return
    state.set_value(pid, new)


def slider(
    model: Model,
    param: Parameter,
    value: Value,
    label: str | None = None,
    about: str = "",
    *,
    rerun: tuple[str, ...] = (),
    linked: tuple[str, ...] = (),
) -> None:
    """The slider(s) of one parameter: one for a probability, linked ones for a distribution.

    ``about`` (the claim's statement, say) goes into the help tooltip with the parameter id.
    ``rerun``: the keys of the fragments a move re-runs instead of the whole app (what shows
    the numbers); a distribution's move re-runs ``linked`` too (the fragment drawing these
    sliders, since moving one state's slider moves the others). Empty: the whole app.
    """
    text = widget_label(label if label is not None else param_label(model, param))
    pid = param.id
    tip = (md(about) + "\n\n" if about else "") + f"parameter {md(pid)}"
    if edit.is_distribution(value):
        means = edit.means_of(value)
        st.caption(text)
        for i, name in enumerate(param.states):
            k = key(pid, "@" + name)
            st.session_state[k] = means[i]
            st.slider(
                widget_label(state_label(name)),
                0.0,
                1.0,
                step=STEP,
                format=FORMAT,
                key=k,
                on_change=_on_state,
                args=(pid, i, name, (*rerun, *linked) if rerun else ()),
                help=tip,
            )
        return
    k = key(pid)
    st.session_state[k] = edit.mean_of(value)
    mode = edit.mode_of(value)
    if mode != "point":
        text += " · " + widget_label(edit.MODE_NAMES[mode])
    st.slider(
        text,
        0.0,
        1.0,
        step=STEP,
        format=FORMAT,
        key=k,
        on_change=_on_scalar,
        args=(pid, rerun),
        help=tip,
    )


def uncertainty(param: Parameter, value: Value) -> None:
    """How the value is written (point, beta, interval, mean ± sd, dirichlet) and its numbers."""
    pid = param.id
    modes = edit.DIST_MODES if edit.is_distribution(value) else edit.SCALAR_MODES
    mode = edit.mode_of(value)
    fields: list[tuple[str, str, float, float | None, float | None, float]] = []
    if isinstance(value, Point):
        fields = [("x", "exact", value.value, 0.0, 1.0, 0.001)]
    elif isinstance(value, MeanSd):
        fields = [("sd", "sd", value.sd_value, 0.0001, 0.5, 0.01)]
    elif isinstance(value, Beta):
        fields = [
            ("a", "a", value.a, edit.EDGE, None, 0.5),
            ("b", "b", value.b, edit.EDGE, None, 0.5),
        ]
    elif isinstance(value, Interval):
        fields = [("lo", "lo", value.lo, 0.0, 1.0, 0.01), ("hi", "hi", value.hi, 0.0, 1.0, 0.01)]
    elif isinstance(value, Dirichlet):
        fields = [("total", "total", sum(value.alphas), edit.EDGE, None, 1.0)]
    first, *cols = st.columns([1.4, *([1] * len(fields))], vertical_alignment="bottom")
    st.session_state[key(pid, "#mode")] = mode
    first.selectbox(
        "written as",
        modes,
        key=key(pid, "#mode"),
        format_func=edit.MODE_NAMES.__getitem__,
        on_change=_on_mode,
        args=(pid,),
    )
    for col, (name, label, x, lo, hi, step) in zip(cols, fields, strict=True):
        k = key(pid, "#" + name)
        st.session_state[k] = float(x)
        col.number_input(
            label,
            min_value=None if lo is None else min(lo, x),
            max_value=hi,
            step=step,
            format="%.4g",
            key=k,
            on_change=_on_field,
            args=(pid, name),
        )
