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
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
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

    @property
    def label(self) -> str:
        """A short name for menus and tables: the author, or the file name."""
        if self.author:
            return self.author
        return Path(self.path).stem if self.path else "credences"


def load_credences_text(text: str, model: Model, name: str = "<credences>") -> Credences:
    """Validate credence text against ``model``; every problem is reported at once."""
    spec, root = validate_document(text, name, CredenceSpec, "credence file with model and credences")
    out = _Collector(name, locator(root))
    assert isinstance(spec, CredenceSpec)
    if spec.model != model.id:
        out.add(("model",), f"credence file is for model {spec.model!r} (expected {model.id!r}, "
                f"the model loaded from {model.path})")
        raise InputError(out.problems)
    values: dict[str, Value] = {}
    for cid, entry in spec.credences.items():
        _claim_entry(model, str(cid), entry, values, out)
    if out.problems:
        raise InputError(out.problems)
    date = spec.date.isoformat() if isinstance(spec.date, dt.date) else spec.date
    return Credences(
        model_id=spec.model,
        values=values,
        author=spec.author,
        date=date,
        note=spec.note,
        illustrative=spec.illustrative,
        path=name,
        text=text,
    )


def load_credences(path: str | Path, model: Model) -> Credences:
    """Load a credence file for ``model``.

    >>> from argmap.loading import load_model
    >>> model = load_model("models/examples/sprinkler.yaml")
    >>> load_credences("models/examples/credences/sprinkler-dry.yaml", model).author
    'Teaching example'
    """
    return load_credences_text(read_text(path), model, str(path))


def _claim_entry(
    model: Model, cid: str, entry: Any, values: dict[str, Value], out: _Collector
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
        out.add(loc, f"claim {cid!r} is plain logic ({claim.logic}) and has no numbers to set")
    elif claim.kind == "table":
        _table_rows(model, cid, entry, values, out, loc)
    else:
        _noisy(model, cid, entry, values, out, loc)


def _set(
    model: Model,
    pid: str,
    raw: Any,
    values: dict[str, Value],
    out: _Collector,
    loc: tuple[str | int, ...],
) -> None:
    param = model.parameters[pid]
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
    out: _Collector,
    loc: tuple[str | int, ...],
) -> None:
    if not isinstance(entry, list):
        out.add(loc, f"claim {cid!r} has a table (expected a list of rows with when and p)")
        return
    claim = model.claims[cid]
    order = {p: i for i, p in enumerate(claim.parents)}
    for r, raw_row in enumerate(entry):
        try:
            row = RowSpec.model_validate(raw_row)
        except Exception:
            out.add((*loc, r), "bad row (expected a mapping with when and p)")
            continue
        when = dict(sorted(row.when.items(), key=lambda kv: order.get(kv[0], 99)))
        pid = row_parameter_id(cid, when)
        if pid not in model.parameters:
            rows = [p.id for p in model.parameters.values() if p.claim == cid]
            out.add((*loc, r, "when"), f"no row {pid}{did_you_mean(pid, rows)} in the model "
                    f"(expected one of {rows})")
            continue
        _set(model, pid, row.p, values, out, (*loc, r, "p"))


def _noisy(
    model: Model,
    cid: str,
    entry: Any,
    values: dict[str, Value],
    out: _Collector,
    loc: tuple[str | int, ...],
) -> None:
    if not isinstance(entry, dict):
        out.add(loc, f"claim {cid!r} is {model.claims[cid].kind} (expected a mapping of leak "
                "and parent strengths)")
        return
    flat = dict(entry)
    nested = flat.pop("strengths", None)
    if isinstance(nested, dict):
        flat.update(nested)
    for key, raw in flat.items():
        pid = f"{cid}.{key}"
        if pid not in model.parameters:
            keys = ["leak", *model.claims[cid].parents]
            out.add((*loc, key), f"unknown parameter {key!r}{did_you_mean(str(key), keys)} of "
                    f"{cid!r} (expected one of {keys})")
            continue
        _set(model, pid, raw, values, out, (*loc, key))
