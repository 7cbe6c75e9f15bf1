"""The app's session state: initialised here and nowhere else.

How a page reads what the person is looking at::

    from argmap.ui import state

    cur = state.current()       # a frozen snapshot, valid for this run of the page
    cur.model                   # the argmap.Model being explored
    cur.values                  # {parameter id: Value} for EVERY parameter (point or uncertain)
    cur.evidence                # {claim id: state}: the evidence IN FORCE: what the person
                                # observes plus the model's headline condition (output.given)
                                # on the claims they neither observe nor force, unless the
                                # sidebar's "Read under the headline condition" is off
    cur.observed                # {claim id: state}: what the person observes
    cur.given                   # {claim id: state}: the part of output.given in force
    cur.do                      # {claim id: state}: forced claims (interventions)
    cur.result()                # argmap.marginals(model, values, evidence=..., do=...)
                                # (computed once per snapshot; raises ImpossibleEvidenceError)
    cur.unconditional_result()  # the same without the headline condition
    cur.profile                 # the loaded credence profile: label, values, path, text
    cur.baseline_result()       # the same query with the profile's values
    cur.changed()               # {parameter id: Value} that differ from the profile

``argmap.marginals(cur.model, cur.values, evidence=cur.evidence, do=cur.do)`` is exactly what
the Map page shows, and every analysis page runs under the same ``cur.evidence`` and ``cur.do``
(``argmap.ui.cache.analyse`` reads them): no two pages can disagree on the condition. The merge is
``argmap.headline_context``, the rule the command line uses too. The router runs a page only
when a model loaded, so ``current()`` always has one. Pages change the state only through the
functions here: :func:`set_value`, :func:`reset_values`, :func:`observe`, :func:`force`,
:func:`release`.

Behind the snapshot, the session keeps one *draft* of values per (model, profile) pair, so
switching profiles or models and back never loses edits; evidence and do() are kept per model.
Widgets read the draft (they never hold the truth), so a page can render any control for a
parameter with the key ``cred:<parameter id>`` without losing values when it is not shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import streamlit as st

from argmap import (
    ArgmapError,
    Dirichlet,
    ImpossibleEvidenceError,
    Model,
    PointDist,
    Result,
    Value,
    headline,
    headline_context,
    marginals,
)

from . import cache, sources
from .describe import problem_lines
from .profiles import OWN_NUMBERS as OWN_NUMBERS
from .profiles import Profile as Profile
from .profiles import own_numbers as own_numbers
from .profiles import profile_from_text as profile_from_text

DRAFTS = "argmap.drafts"
SCENARIOS = "argmap.scenarios"
UPLOADS = "argmap.uploads"
ACTIVE = "argmap.active"
FLASH = "argmap.flash"
APPLY_GIVEN = "apply_given"
"""The sidebar toggle: read the output under the model's headline condition (default on)."""
PICK_MODEL = "pick:model"
PICK_PROFILE = "pick:profile"
UPLOAD = "<upload>"
"""The picker option that means "use an uploaded file"."""


@dataclass
class Draft:
    """The values a person is editing, on top of one profile of one model."""

    model_hash: str
    profile: Profile
    values: dict[str, Value]


@dataclass
class Scenario:
    """Observed and forced claims (kept per model)."""

    evidence: dict[str, str] = field(default_factory=dict)
    do: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Active:
    """What the router resolved for this run."""

    model_key: str
    model: Model
    model_path: Path | None
    profile_key: str


@dataclass(frozen=True)
class Current:
    """Everything a page needs, frozen for one run. See the module docstring."""

    model: Model
    values: Mapping[str, Value]
    evidence: Mapping[str, str]
    do: Mapping[str, str]
    profile: Profile
    model_key: str
    model_path: Path | None
    observed: Mapping[str, str] = field(default_factory=dict)
    given: Mapping[str, str] = field(default_factory=dict)
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def result(self) -> Result:
        """Every claim's marginal under the current values, evidence and do()."""
        if "result" not in self._memo:
            try:
                self._memo["result"] = marginals(
                    self.model, self.values, evidence=self.evidence, do=self.do
                )
            except ImpossibleEvidenceError:
                if not self.given:
                    raise
                # names the condition when it, not the person's evidence, is impossible
                headline(self.model, self.values, evidence=self.observed, do=self.do)
                raise
        result: Result = self._memo["result"]
        return result

    def unconditional_result(self) -> Result:
        """The same query without the headline condition (the person's own evidence only)."""
        if not self.given:
            return self.result()
        if "unconditional" not in self._memo:
            self._memo["unconditional"] = marginals(
                self.model, self.values, evidence=self.observed, do=self.do
            )
        result: Result = self._memo["unconditional"]
        return result

    def baseline_result(self) -> Result:
        """The same query under the loaded profile's values (cached across runs: a slider
        move does not change it)."""
        if "baseline" not in self._memo:
            self._memo["baseline"] = cache.remembered(self, marginals, self.profile.values)
        result: Result = self._memo["baseline"]
        return result

    def changed(self) -> dict[str, Value]:
        """The parameters whose value differs from the loaded profile's."""
        base = self.profile.values
        return {pid: v for pid, v in self.values.items() if base.get(pid) != v}


def init() -> None:
    """Create the session's containers once (the router calls this first on every run)."""
    ss = st.session_state
    for name, make in ((DRAFTS, dict), (SCENARIOS, dict), (FLASH, list)):
        if name not in ss:
            ss[name] = make()
    if APPLY_GIVEN not in ss:
        ss[APPLY_GIVEN] = True
    if UPLOADS not in ss:
        ss[UPLOADS] = {"model": None, "profile": None}


def ensure_choice(key: str, options: list[str], default: str) -> str:
    """Keep a picker's value among ``options`` (falling back to ``default``); return it."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default
    value: str = st.session_state[key]
    return value


def on_upload(kind: str, widget_key: str) -> None:
    """Uploader callback: keep the uploaded bytes (the uploader's value is not kept)."""
    file = st.session_state.get(widget_key)
    if file is None:
        st.session_state[UPLOADS][kind] = None
    else:
        st.session_state[UPLOADS][kind] = sources.Upload(file.name, file.getvalue())


def uploaded(kind: str) -> sources.Upload | None:
    """The file uploaded as ``kind`` ("model" or "profile"), if any."""
    upload: sources.Upload | None = st.session_state[UPLOADS].get(kind)
    return upload


def _load_profile(model: Model, key: str) -> Profile | list[str]:
    if key == OWN_NUMBERS:
        return own_numbers(model)
    if key.startswith("upload:"):
        upload = uploaded("profile")
        if upload is None or upload.key != key:
            return ["upload a credence file"]
        text = sources.check_upload(upload.data, sources.upload_name(upload.name))
        if isinstance(text, list):
            return text
        return profile_from_text(model, key, text, sources.upload_name(upload.name), None)
    text = sources.read_profile(key)
    if isinstance(text, list):
        return text
    return profile_from_text(model, key, text, sources.display(key), sources.models_dir() / key)


def activate(model_key: str, model: Model, model_path: Path | None, profile_key: str) -> list[str]:
    """Make (model, profile) the active pair, creating its draft the first time.

    Returns the profile's problems; when it does not load, the model's own numbers are used.
    """
    drafts: dict[tuple[str, str], Draft] = st.session_state[DRAFTS]
    problems: list[str] = []
    pair = (model_key, profile_key)
    draft = drafts.get(pair)
    if draft is None or draft.model_hash != model.text_hash:
        profile = _load_profile(model, profile_key)
        if isinstance(profile, list):
            problems, profile_key = profile, OWN_NUMBERS
            pair = (model_key, OWN_NUMBERS)
            draft = drafts.get(pair)
            profile = own_numbers(model)
        if draft is None or draft.model_hash != model.text_hash:
            values = dict(profile.values)
            if draft is not None:  # the model file changed: keep edits that still fit
                for pid, value in draft.values.items():
                    old = draft.profile.values.get(pid)
                    param = model.parameters.get(pid)
                    if value != old and param is not None and _fits(value, param.states):
                        values[pid] = value
            drafts[pair] = Draft(model.text_hash, profile, values)
    scenarios: dict[str, Scenario] = st.session_state[SCENARIOS]
    scenario = scenarios.setdefault(model_key, Scenario())
    for where in (scenario.evidence, scenario.do):
        for cid, state_name in list(where.items()):
            if cid not in model.claims or state_name not in model.claims[cid].states:
                del where[cid]
    st.session_state[ACTIVE] = Active(model_key, model, model_path, profile_key)
    return problems


def _fits(value: Value, states: tuple[str, ...]) -> bool:
    """True when ``value`` is a value over ``states`` (kept when a model file changes)."""
    if isinstance(value, PointDist):
        return len(value.values) == len(states)
    if isinstance(value, Dirichlet):
        return len(value.alphas) == len(states)
    return len(states) == 2


def _active() -> Active:
    active: Active | None = st.session_state.get(ACTIVE)
    if active is None:
        raise RuntimeError("no model is active (the router calls state.activate first)")
    return active


def _draft() -> Draft:
    active = _active()
    draft: Draft = st.session_state[DRAFTS][(active.model_key, active.profile_key)]
    return draft


def _scenario() -> Scenario:
    scenario: Scenario = st.session_state[SCENARIOS][_active().model_key]
    return scenario


def current() -> Current:
    """The frozen snapshot pages read (see the module docstring)."""
    active, draft, scenario = _active(), _draft(), _scenario()
    evidence, do, given = _context(active.model, scenario.evidence, scenario.do)
    return Current(
        model=active.model,
        values=MappingProxyType(dict(draft.values)),
        evidence=MappingProxyType(evidence),
        do=MappingProxyType(do),
        profile=draft.profile,
        model_key=active.model_key,
        model_path=active.model_path,
        observed=MappingProxyType(dict(scenario.evidence)),
        given=MappingProxyType(given),
    )


def _context(
    model: Model, evidence: Mapping[str, str], do: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The evidence and do() in force: the person's, with the model's headline condition
    merged in unless the sidebar's toggle is off (``argmap.headline_context``)."""
    apply = bool(st.session_state.get(APPLY_GIVEN, True))
    return headline_context(model, evidence, do, unconditional=not apply)


def set_value(pid: str, value: Value) -> None:
    """Set one parameter's value in the active draft."""
    draft = _draft()
    if pid not in draft.values:
        raise KeyError(pid)
    draft.values[pid] = value


def reset_values() -> None:
    """Put every value back to the loaded profile's."""
    draft = _draft()
    draft.values = dict(draft.profile.values)


def rebase(profile: Profile) -> None:
    """Make ``profile`` the draft's baseline, keeping the person's changed values on top."""
    draft = _draft()
    changed = {pid: v for pid, v in draft.values.items() if draft.profile.values.get(pid) != v}
    draft.profile = profile
    draft.values = {**profile.values, **changed}


def replace_profile_text(text: str) -> Profile | list[str]:
    """After a save: the profile re-read from ``text`` becomes the baseline."""
    draft, model = _draft(), _active().model
    old = draft.profile
    name = sources.display(old.key) if old.path is not None else old.file_name
    loaded = profile_from_text(model, old.key, text, name, old.path)
    if isinstance(loaded, list):
        return loaded
    draft.profile = loaded
    return loaded


def _check(evidence: Mapping[str, str], do: Mapping[str, str]) -> str | None:
    cur = current()
    in_force, forced, _given = _context(cur.model, evidence, do)
    try:
        marginals(cur.model, cur.values, evidence=in_force, do=forced)
    except ImpossibleEvidenceError:
        return "impossible"
    except ArgmapError as err:
        return "; ".join(problem_lines(err))
    return None


def observe(claim: str, state_name: str) -> str | None:
    """Observe ``claim = state_name``; returns why not when that is impossible."""
    scenario = _scenario()
    evidence = {**scenario.evidence, claim: state_name}
    do = {k: v for k, v in scenario.do.items() if k != claim}
    problem = _check(evidence, do)
    if problem is None:
        scenario.evidence, scenario.do = evidence, do
    return problem


def force(claim: str, state_name: str) -> str | None:
    """Force ``claim = state_name`` (an intervention); returns why not when impossible."""
    scenario = _scenario()
    evidence = {k: v for k, v in scenario.evidence.items() if k != claim}
    do = {**scenario.do, claim: state_name}
    problem = _check(evidence, do)
    if problem is None:
        scenario.evidence, scenario.do = evidence, do
    return problem


def release(claim: str) -> None:
    """Stop observing or forcing ``claim``."""
    scenario = _scenario()
    scenario.evidence.pop(claim, None)
    scenario.do.pop(claim, None)


def flash(kind: str, markdown: str) -> None:
    """Queue a message (``error``, ``warning``, ``success``, ``info``) for the next render."""
    st.session_state[FLASH].append((kind, markdown))


def show_flash() -> None:
    """Show (and forget) the queued messages."""
    for kind, markdown in st.session_state[FLASH]:
        getattr(st, kind)(markdown)
    st.session_state[FLASH] = []
