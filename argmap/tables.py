"""Each claim's dependence form (prior, table, noisy-OR/AND, logic) as a numpy table.

A table has the parents' axes first (in the claim's parent order) and the claim's own axis
last, so every row is a distribution. Values may carry a trailing batch axis (one column per
credence sample); the tables then carry it too, which is what batched inference consumes.

Examples
--------
>>> from argmap.loading import load_model_text
>>> model = load_model_text('''
... id: toy
... title: Toy
... claims:
...   rain: {statement: It rains., prior: 0.3}
...   sprinkler: {statement: The sprinkler runs., prior: 0.5}
...   wet:
...     statement: The grass is wet.
...     parents: {rain: supports, sprinkler: supports}
...     noisy_or: {leak: 0.1, strengths: {rain: 0.9, sprinkler: 0.8}}
... ''')
>>> tables = build_tables(model, point_values(model))
>>> tables[2].shape
(2, 2, 2)
>>> round(float(tables[2][0, 0, 0]), 4)   # P(wet | rain, sprinkler) = 1 - 0.9 * 0.1 * 0.2
0.982

:func:`point_tables` gives the same tables as ``build_tables(model, point_values(model, ...))``
(the same arrays, bit for bit), but remembers, per model, each claim's last few tables keyed on
the parameter values the claim reads: a slider moving one number rebuilds one table.

>>> from argmap.values import Point
>>> first = point_tables(model, {"wet.rain": Point(0.5)})
>>> again = point_tables(model, {"wet.rain": Point(0.5), "rain": Point(0.3)})
>>> [a is b for a, b in zip(first, again)]   # rain's prior was 0.3 already: nothing rebuilt
[True, True, True]
>>> moved = point_tables(model, {"wet.rain": Point(0.6)})
>>> [a is b for a, b in zip(first, moved)]   # only wet reads wet.rain
[True, True, False]
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Hashable, Mapping

import numpy as np

from .model import Claim, Model, parameter_id
from .values import Value, means

Array = np.ndarray
KEEP = 4
"""How many tables :func:`point_tables` keeps per claim (the app alternates between a
profile's values and the person's: two would do)."""


def value_array(value: Value) -> Array:
    """The mean distribution of a parameter value as an array of shape (states,).

    >>> from argmap.values import Point
    >>> value_array(Point(0.25)).tolist()
    [0.25, 0.75]
    """
    return np.asarray(means(value), dtype=float)


def point_values(model: Model, overrides: Mapping[str, Value] | None = None) -> dict[str, Array]:
    """Each parameter's mean distribution, with ``overrides`` (credences) applied."""
    result: dict[str, Array] = {}
    for pid, param in model.parameters.items():
        value = overrides.get(pid, param.value) if overrides else param.value
        result[pid] = value_array(value)
    return result


def build_tables(model: Model, values: Mapping[str, Array]) -> list[Array]:
    """The conditional table of every claim, in the model's (topological) order.

    ``values[pid]`` has shape ``(k,)`` or ``(k, B)``: the distribution a parameter holds (for
    a scalar parameter, ``[p, 1 - p]``). A batch axis on any value puts it on the tables that
    use it.
    """
    cards = {cid: len(c.states) for cid, c in model.claims.items()}
    return [_table(claim, values, cards) for claim in model.claims.values()]


def reads(claim: Claim) -> tuple[str, ...]:
    """The parameter ids whose values ``claim``'s table is built from (none for logic).

    >>> from argmap.loading import load_model
    >>> reads(load_model("models/examples/sprinkler.yaml").claims["wet"])
    ('wet.leak', 'wet.rain', 'wet.sprinkler')
    """
    if claim.kind == "prior":
        return (claim.id,)
    if claim.kind == "table":
        return tuple(row.parameter for row in claim.rows)
    if claim.kind == "logic":
        return ()
    keys = ("leak", *(link.parent for link in claim.links))
    return tuple(parameter_id(claim.id, key=k) for k in keys)


class Memo:
    """What a model's tables need that no credence changes (each claim's cardinalities and the
    parameters it reads), each claim's last :data:`KEEP` tables keyed on the values it read,
    and what inference reads of the model on every call: ``index`` (claim id -> position),
    ``parents`` (parent positions), ``states`` and ``labels`` (short names). Read them, never
    change them.

    It holds the model's claims and parameters, never the model itself (so the model can be
    collected, and its memo with it)."""

    def __init__(self, model: Model) -> None:
        self.claims = tuple(model.claims.values())
        self.cards = {cid: len(c.states) for cid, c in model.claims.items()}
        self.reads = tuple(reads(c) for c in self.claims)
        self.defaults = {pid: p.value for pid, p in model.parameters.items()}
        self.built: tuple[dict[Hashable, Array], ...] = tuple({} for _ in self.claims)
        self.lock = threading.Lock()
        self.index = {c.id: i for i, c in enumerate(self.claims)}
        self.parents = tuple(tuple(self.index[p] for p in c.parents) for c in self.claims)
        self.states = tuple((c.id, c.states) for c in self.claims)
        self.labels = {c.id: c.short for c in self.claims}

    def table(self, i: int, overrides: Mapping[str, Value]) -> Array:
        """Claim ``i``'s table under ``overrides``: a kept one when it read the same values
        (equal ``Value`` objects), else built now (read-only, so nothing can change a kept
        table)."""
        pids = self.reads[i]
        key = tuple(overrides.get(pid, self.defaults[pid]) for pid in pids)
        built = self.built[i]
        try:
            table = built.get(key)
        except TypeError:  # a value that cannot be hashed: built every time
            return _table(self.claims[i], _arrays(pids, key), self.cards)
        if table is None:
            table = _table(self.claims[i], _arrays(pids, key), self.cards)
            table.flags.writeable = False
            with self.lock:
                built[key] = table
                while len(built) > KEEP:
                    built.pop(next(iter(built)))
        return table


def _arrays(pids: tuple[str, ...], values: tuple[Value, ...]) -> dict[str, Array]:
    return {pid: value_array(v) for pid, v in zip(pids, values, strict=True)}


_MEMOS: dict[int, tuple[weakref.ref[Model], Memo]] = {}
_MEMOS_LOCK = threading.RLock()  # re-entrant: a collected model's callback may run inside


def memo(model: Model) -> Memo:
    """The :class:`Memo` of ``model`` (made on first use; dropped when the model is collected).

    A model is frozen, so what it holds cannot change under its memo; the memo is found by the
    model object itself (its id, checked against a weak reference to it)."""
    key = id(model)
    entry = _MEMOS.get(key)
    if entry is not None and entry[0]() is model:
        return entry[1]
    made = Memo(model)
    with _MEMOS_LOCK:
        entry = _MEMOS.get(key)
        if entry is not None and entry[0]() is model:
            return entry[1]
        _MEMOS[key] = (weakref.ref(model, _forget), made)
    return made


def _forget(ref: weakref.ref[Model]) -> None:
    """Drop the memo of a collected model (called by its weak reference)."""
    with _MEMOS_LOCK:
        for key, (held, _) in list(_MEMOS.items()):
            if held is ref:
                del _MEMOS[key]


def point_tables(model: Model, overrides: Mapping[str, Value] | None = None) -> list[Array]:
    """``build_tables(model, point_values(model, overrides))``, rebuilding only the tables
    whose parameter values changed since an earlier call on this model (the tables are
    read-only: copy one to change it)."""
    m = memo(model)
    given = overrides or {}
    return [m.table(i, given) for i in range(len(m.claims))]


def _table(claim: Claim, values: Mapping[str, Array], cards: Mapping[str, int]) -> Array:
    pcards = [cards[p] for p in claim.parents]
    if claim.kind == "prior":
        return np.asarray(values[claim.id], dtype=float)
    if claim.kind == "table":
        return _explicit(claim, values, pcards)
    if claim.kind == "logic":
        return _logic(claim, pcards)
    return _noisy(claim, values, pcards)


def _explicit(claim: Claim, values: Mapping[str, Array], pcards: list[int]) -> Array:
    batch = max((values[row.parameter].shape[1:] for row in claim.rows), key=len)
    table = np.empty((*pcards, len(claim.states), *batch))
    for row in claim.rows:
        index: list[int | slice] = [slice(None)] * len(pcards)
        for parent_index, state in row.when:
            index[parent_index] = state
        value = values[row.parameter]
        if batch and value.ndim == 1:  # an unbatched row among batched ones
            value = value[:, None]
        table[tuple(index)] = value
    return table


def _active_mask(claim: Claim, pcards: list[int]) -> list[Array]:
    """For each parent, a boolean vector over its states: which count as active."""
    masks = []
    for link, card in zip(claim.links, pcards, strict=True):
        mask = np.zeros(card, dtype=bool)
        mask[list(link.active)] = True
        masks.append(mask)
    return masks


def _broadcast(vector: Array, axis: int, ndim: int) -> Array:
    """Place ``vector`` (shape (card,) or (card, B)) on ``axis`` of an ndim-parent grid."""
    shape = [1] * ndim + list(vector.shape[1:])
    shape[axis] = vector.shape[0]
    return vector.reshape(shape)


def _stack(p_true: Array, ndim: int) -> Array:
    """Put the child's axis (true, false) after the parents' axes."""
    return np.stack([p_true, 1.0 - p_true], axis=ndim)


def _noisy(claim: Claim, values: Mapping[str, Array], pcards: list[int]) -> Array:
    n = len(pcards)
    leak = values[parameter_id(claim.id, key="leak")][0]
    q: Array = np.asarray(1.0 - leak)
    q = q.reshape([1] * n + list(q.shape))
    masks = _active_mask(claim, pcards)
    for i, link in enumerate(claim.links):
        strength = values[parameter_id(claim.id, key=link.parent)][0]
        # Noisy-OR: an active cause fails to produce the effect with prob 1 - s.
        # Noisy-AND: an inactive condition blocks the effect with prob s.
        counts = masks[i] if claim.kind == "noisy_or" else ~masks[i]
        factor = np.where(counts.reshape((-1,) + (1,) * np.ndim(strength)), 1.0 - strength, 1.0)
        q = q * _broadcast(np.asarray(factor, dtype=float), i, n)
    q = np.broadcast_to(q, (*pcards, *q.shape[n:]))
    if claim.kind == "noisy_or":
        return _stack(1.0 - q, n)
    return _stack(q, n)


def _logic(claim: Claim, pcards: list[int]) -> Array:
    n = len(pcards)
    masks = _active_mask(claim, pcards)
    grids = [_broadcast(m.astype(float), i, n) for i, m in enumerate(masks)]
    if claim.logic == "not":
        truth = 1.0 - grids[0]
    elif claim.logic == "all":
        truth = np.ones([1] * n)
        for g in grids:
            truth = truth * g
    else:
        none = np.ones([1] * n)
        for g in grids:
            none = none * (1.0 - g)
        truth = 1.0 - none
    return _stack(np.broadcast_to(truth, pcards).astype(float), n)
