"""Credence files: one person's numbers laid over a model's parameters.

A credence file names its model and sets any settable number, nested by claim::

    model: scheming
    author: A. Reader
    credences:
      slack: {low: 0.2, medium: 0.5, high: 0.3}     # an input's prior
      awareness: {leak: 0.05, capability: 0.9}       # noisy-OR/AND: leak and strengths
      goal_guarding:                                 # table rows, addressed by `when`
        - when: {slack: low}
          p: beta(3, 7)

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> cred = load_credences_text('''
... model: sprinkler
... author: Tester
... credences:
...   cloudy: 0.7
...   wet: {leak: [0.0, 0.04]}
... ''', model)
>>> sorted(cred.values)
['cloudy', 'wet.leak']
>>> cred.values["wet.leak"].mean
0.02
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import InputError, describe, sort_problems
from .loading import locator, read_text, validate_document
from .model import Model, Value, _Collector, did_you_mean, parse_distribution, row_parameter_id
from .schema import CredenceSpec, RowSpec
from .values import parse_value


@dataclass(frozen=True)
class Credences:
    """A validated credence file: metadata and the parameter values it sets."""

    model_id: str
    values: Mapping[str, Value]
    author: str | None = None
    date: str | None = None
    note: str | None = None
    illustrative: bool = False
    path: str | None = None
    text: str | None = field(default=None, repr=False)
    warnings: tuple[str, ...] = ()
    """Roles of the model that these numbers contradict (allowed: a person may disagree
    with the map's reading; the CLI prints them and the diagram still draws the model's role)."""

    @property
    def label(self) -> str:
        """A short name for menus and tables: the author, or the file name."""
        if self.author:
            return self.author
        return Path(self.path).stem if self.path else "credences"


def load_credences_text(text: str, model: Model, name: str = "<credences>") -> Credences:
    """Validate credence text against ``model``; every problem is reported at once."""
    what = "credence file with model and credences"
    spec, root = validate_document(text, name, CredenceSpec, what)
    out = _Collector(name, locator(root))
    assert isinstance(spec, CredenceSpec)
    if spec.model != model.id:
        out.add(("model",), f"credence file is for model {spec.model!r} (expected {model.id!r}, "
                f"the model loaded from {model.path})")
        raise InputError(out.problems)
    values: dict[str, Value] = {}
    where: dict[str, tuple[str | int, ...]] = {}
    for cid, entry in spec.credences.items():
        _claim_entry(model, str(cid), entry, values, _Once(out, where))
    if out.problems:
        raise InputError(sort_problems(out.problems))
    date = spec.date.isoformat() if isinstance(spec.date, dt.date) else spec.date
    from .roles import check_roles

    warnings = tuple(
        f"{name}: with these credences, {model.claims[cid].links[i].parent} -> {cid}: {message}"
        for cid, i, message in check_roles(model, values)
    )
    return Credences(
        model_id=spec.model,
        values=values,
        author=spec.author,
        date=date,
        note=spec.note,
        illustrative=spec.illustrative,
        path=name,
        text=text,
        warnings=warnings,
    )


def load_credences(path: str | Path, model: Model) -> Credences:
    """Load a credence file for ``model``.

    >>> from argmap.loading import load_model
    >>> model = load_model("models/examples/sprinkler.yaml")
    >>> load_credences("models/examples/credences/sprinkler-dry.yaml", model).author
    'Teaching example'
    """
    return load_credences_text(read_text(path), model, str(path))


class _Once:
    """A collector that also remembers where each parameter was set, to refuse a second time."""

    def __init__(self, out: _Collector, where: dict[str, tuple[str | int, ...]]) -> None:
        self.out, self.where = out, where

    def add(self, loc: tuple[str | int, ...], message: str) -> None:
        self.out.add(loc, message)

    def first(self, pid: str, loc: tuple[str | int, ...]) -> bool:
        """True the first time ``pid`` is set; otherwise report it and return False."""
        if pid in self.where:
            line, _ = self.out.locate(self.where[pid])
            at = f" (first set on line {line})" if line is not None else ""
            self.out.add(loc, f"{pid} is set twice{at} (expected each number once)")
            return False
        self.where[pid] = loc
        return True


def _claim_entry(
    model: Model, cid: str, entry: Any, values: dict[str, Value], out: _Once
) -> None:
    loc: tuple[str | int, ...] = ("credences", cid)
    if cid in model.parameters:  # a parameter id written out: "wet.leak", "rain[cloudy=true]"
        _set(model, cid, entry, values, out, loc)
        return
    if cid not in model.claims:
        names = list(model.claims) + list(model.parameters)
        out.add(loc, f"unknown claim {cid!r}{did_you_mean(cid, names)} "
                f"(expected a claim of model {model.id!r})")
        return
    claim = model.claims[cid]
    if claim.kind == "prior":
        _set(model, cid, entry, values, out, loc)
    elif claim.kind == "logic":
        out.add(loc, f"claim {cid!r} is plain logic ({claim.logic}) and has no numbers to set "
                "(expected a claim with a prior, a table, noisy_or or noisy_and)")
    elif claim.kind == "table":
        _table_rows(model, cid, entry, values, out, loc)
    else:
        _noisy(model, cid, entry, values, out, loc)


def _set(
    model: Model,
    pid: str,
    raw: Any,
    values: dict[str, Value],
    out: _Once,
    loc: tuple[str | int, ...],
) -> None:
    param = model.parameters[pid]
    if not out.first(pid, loc):
        return
    try:
        if param.slot[0] in ("leak", "strength"):
            values[pid] = parse_value(raw)
        else:
            values[pid] = parse_distribution(raw, param.states)
    except ValueError as err:
        out.add(loc, str(err))


def _table_rows(
    model: Model,
    cid: str,
    entry: Any,
    values: dict[str, Value],
    out: _Once,
    loc: tuple[str | int, ...],
) -> None:
    if not isinstance(entry, list):
        out.add(loc, f"claim {cid!r} has a table (expected a list of rows, each "
                f"{{when: {{...}}, p: ...}}, got {describe(entry)})")
        return
    claim = model.claims[cid]
    order = {p: i for i, p in enumerate(claim.parents)}
    for r, raw_row in enumerate(entry):
        row = _row(raw_row, out, (*loc, r))
        if row is None:
            continue
        if not _when_ok(model, cid, row.when, out, (*loc, r, "when")):
            continue
        when = dict(sorted(row.when.items(), key=lambda kv: order.get(kv[0], 99)))
        pid = row_parameter_id(cid, when)
        if pid not in model.parameters:
            rows = [p.id for p in model.parameters.values() if p.claim == cid]
            out.add((*loc, r, "when"), f"no row {pid}{did_you_mean(pid, rows)} in the model "
                    f"(expected the when of one of its rows: {rows})")
            continue
        _set(model, pid, row.p, values, out, (*loc, r, "p"))


def _row(raw: Any, out: _Once, loc: tuple[str | int, ...]) -> RowSpec | None:
    """One table row of a credence file, or None (and a problem) when it is malformed."""
    if not isinstance(raw, dict):
        out.add(loc, f"bad row (expected a mapping with when and p, got {describe(raw)})")
        return None
    for key in raw:
        if key not in ("when", "p"):
            out.add((*loc, key), f"unknown key {key!r} in a row (expected when and p)"
                    f"{_unquoted(key)}")
            return None
    if "p" not in raw:
        out.add(loc, "missing key 'p' in a row (expected when and p)")
        return None
    try:
        return RowSpec.model_validate(raw)
    except ValidationError:
        out.add((*loc, "when"), f"bad when (expected a mapping of parent -> state, got "
                f"{describe(raw.get('when'))})")
        return None


def _unquoted(key: Any) -> str:
    """A hint when a key like ``5)`` is what is left of an unquoted ``beta(2, 5)``."""
    if re.fullmatch(r"[\d.eE+\-\s]+\)", str(key)):
        return "; a value like beta(a, b) inside {...} must be quoted: 'beta(a, b)'"
    return ""


def _when_ok(
    model: Model, cid: str, when: Mapping[str, str], out: _Once, loc: tuple[str | int, ...]
) -> bool:
    """Check that a row's ``when`` names parents of ``cid`` and their states."""
    parents = model.claims[cid].parents
    ok = True
    for parent, state in when.items():
        if parent not in parents:
            out.add((*loc, parent), f"{parent!r} is not a parent of {cid!r}"
                    f"{did_you_mean(parent, parents)} (expected one of {list(parents)})")
            ok = False
        elif state not in model.claims[parent].states:
            states = model.claims[parent].states
            out.add((*loc, parent), f"unknown state {state!r} of {parent!r}"
                    f"{did_you_mean(state, states)} (expected one of {list(states)})")
            ok = False
    return ok


def _noisy(
    model: Model,
    cid: str,
    entry: Any,
    values: dict[str, Value],
    out: _Once,
    loc: tuple[str | int, ...],
) -> None:
    if not isinstance(entry, dict):
        out.add(loc, f"claim {cid!r} is {model.claims[cid].kind} (expected a mapping of leak "
                f"and parent strengths, got {describe(entry)})")
        return
    flat = {key: (raw, (*loc, key)) for key, raw in entry.items() if key != "strengths"}
    nested = entry.get("strengths")
    if isinstance(nested, dict):
        flat.update({key: (raw, (*loc, "strengths", key)) for key, raw in nested.items()})
    elif "strengths" in entry:
        out.add((*loc, "strengths"), f"bad strengths of {cid!r} (expected a mapping of parent "
                f"-> strength, got {describe(nested)})")
    for key, (raw, key_loc) in flat.items():
        pid = f"{cid}.{key}"
        if pid not in model.parameters:
            keys = ["leak", *model.claims[cid].parents]
            out.add(key_loc, f"unknown parameter {key!r}{did_you_mean(str(key), keys)} of "
                    f"{cid!r} (expected one of {keys}){_unquoted(key)}")
            continue
        _set(model, pid, raw, values, out, key_loc)
