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

from .checks import check_when
from .errors import Collector, Loc, describe, did_you_mean
from .loading import read_text, validate_document
from .model import Model, parameter_id
from .roles import check_roles
from .schema import CredenceSpec, RowSpec
from .values import BadValue, Value, parse_distribution, parse_value


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

    def __repr__(self) -> str:
        where = f" from {self.path}" if self.path else ""
        return (f"<Credences {self.label!r} for model {self.model_id!r}: "
                f"{len(self.values)} values{where}>")

    @property
    def label(self) -> str:
        """A short name for menus and tables: the author, or the file name."""
        if self.author:
            return self.author
        return Path(self.path).stem if self.path else "credences"


def load_credences_text(text: str, model: Model, name: str = "<credences>") -> Credences:
    """Validate credence text against ``model``; every problem is reported at once."""
    what = "credence file with model and credences"
    spec, locate = validate_document(text, name, CredenceSpec, what)
    out = _Once(name, locate)
    assert isinstance(spec, CredenceSpec)
    if spec.model != model.id:
        out.add(("model",), f"credence file is for model {spec.model!r} (expected {model.id!r}, "
                f"the model loaded from {model.path})", code="bad-value")
        out.raise_if_any()
    values: dict[str, Value] = {}
    for cid, entry in spec.credences.items():
        _claim_entry(model, str(cid), entry, values, out)
    out.raise_if_any()
    date = spec.date.isoformat() if isinstance(spec.date, dt.date) else spec.date
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


class _Once(Collector):
    """A collector that also remembers where each parameter was set, to refuse a second time."""

    def __init__(self, path: str, locate: Any) -> None:
        super().__init__(path, locate)
        self.where: dict[str, Loc] = {}

    def first(self, pid: str, loc: Loc) -> bool:
        """True the first time ``pid`` is set; otherwise report it and return False."""
        if pid in self.where:
            line, _ = self.locate(self.where[pid])
            at = f" (first set on line {line})" if line is not None else ""
            self.add(loc, f"{pid} is set twice{at} (expected each number once)", code="duplicate")
            return False
        self.where[pid] = loc
        return True


def _claim_entry(
    model: Model, cid: str, entry: Any, values: dict[str, Value], out: _Once
) -> None:
    loc: Loc = ("credences", cid)
    if cid in model.parameters:  # a parameter id written out: "wet.leak", "rain[cloudy=true]"
        _set(model, cid, entry, values, out, loc)
        return
    if cid not in model.claims:
        names = list(model.claims) + list(model.parameters)
        out.add(loc, f"unknown claim {cid!r}{did_you_mean(cid, names)} "
                f"(expected a claim of model {model.id!r})", code="unknown-claim")
        return
    claim = model.claims[cid]
    if claim.kind == "prior":
        _set(model, cid, entry, values, out, loc)
    elif claim.kind == "logic":
        out.add(loc, f"claim {cid!r} is plain logic ({claim.logic}) and has no numbers to set "
                "(expected a claim with a prior, a table, noisy_or or noisy_and)", code="bad-value")
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
    loc: Loc,
) -> None:
    param = model.parameters[pid]
    if not out.first(pid, loc):
        return
    try:
        if param.key is not None:
            values[pid] = parse_value(raw)
        else:
            values[pid] = parse_distribution(raw, param.states)
    except BadValue as err:
        out.add(loc, str(err), code=err.code)


def _table_rows(
    model: Model,
    cid: str,
    entry: Any,
    values: dict[str, Value],
    out: _Once,
    loc: Loc,
) -> None:
    if not isinstance(entry, list):
        out.add(loc, f"claim {cid!r} has a table (expected a list of rows, each "
                f"{{when: {{...}}, p: ...}}, got {describe(entry)})", code="type")
        return
    claim = model.claims[cid]
    states_of = {p: model.claims[p].states for p in claim.parents}
    for r, raw_row in enumerate(entry):
        row = _row(raw_row, out, (*loc, r))
        if row is None:
            continue
        fixed = check_when(out, (*loc, r, "when"), cid, row.when, states_of)
        if fixed is None:
            continue
        parents = claim.parents
        pid = parameter_id(cid, {parents[i]: states_of[parents[i]][s] for i, s in fixed})
        if pid not in model.parameters:
            rows = [p.id for p in model.parameters_of(cid)]
            out.add((*loc, r, "when"), f"no row {pid}{did_you_mean(pid, rows)} in the model "
                    f"(expected the when of one of its rows: {rows})", code="unknown-parameter")
            continue
        _set(model, pid, row.p, values, out, (*loc, r, "p"))


def _row(raw: Any, out: _Once, loc: Loc) -> RowSpec | None:
    """One table row of a credence file, or None (and a problem) when it is malformed."""
    if not isinstance(raw, dict):
        out.add(loc, f"bad row (expected a mapping with when and p, got {describe(raw)})",
                code="type")
        return None
    for key in raw:
        if key not in ("when", "p"):
            out.add((*loc, key), f"unknown key {key!r} in a row (expected when and p)"
                    f"{_unquoted(key)}", code="unknown-key")
            return None
    if "p" not in raw:
        out.add(loc, "missing key 'p' in a row (expected when and p)", code="missing-key")
        return None
    try:
        return RowSpec.model_validate(raw)
    except ValidationError:
        out.add((*loc, "when"), f"bad when (expected a mapping of parent -> state, got "
                f"{describe(raw.get('when'))})", code="type")
        return None


def _unquoted(key: Any) -> str:
    """A hint when a key like ``5)`` is what is left of an unquoted ``beta(2, 5)``."""
    if re.fullmatch(r"[\d.eE+\-\s]+\)", str(key)):
        return "; a value like beta(a, b) inside {...} must be quoted: 'beta(a, b)'"
    return ""


def _noisy(
    model: Model,
    cid: str,
    entry: Any,
    values: dict[str, Value],
    out: _Once,
    loc: Loc,
) -> None:
    if not isinstance(entry, dict):
        out.add(loc, f"claim {cid!r} is {model.claims[cid].kind} (expected a mapping of leak "
                f"and parent strengths, got {describe(entry)})", code="type")
        return
    flat = {key: (raw, (*loc, key)) for key, raw in entry.items() if key != "strengths"}
    nested = entry.get("strengths")
    if isinstance(nested, dict):
        flat.update({key: (raw, (*loc, "strengths", key)) for key, raw in nested.items()})
    elif "strengths" in entry:
        out.add((*loc, "strengths"), f"bad strengths of {cid!r} (expected a mapping of parent "
                f"-> strength, got {describe(nested)})", code="type")
    for key, (raw, key_loc) in flat.items():
        pid = parameter_id(cid, key=str(key))
        if pid not in model.parameters:
            keys = ["leak", *model.claims[cid].parents]
            out.add(key_loc, f"unknown parameter {key!r}{did_you_mean(str(key), keys)} of "
                    f"{cid!r} (expected one of {keys}){_unquoted(key)}", code="unknown-parameter")
            continue
        _set(model, pid, raw, values, out, key_loc)
