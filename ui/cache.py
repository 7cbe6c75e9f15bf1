"""Every cache of the app, in one place: loaded files, and analyses keyed on the whole state.

- :func:`model_from_text` validates a model once per distinct text (``st.cache_resource``) and
  compiles its network then, so a slider move never re-reads, re-validates or re-compiles it
  (the engine keeps one compiled network per structure).
- :func:`credences_from_text` validates a credence file once per (text, model content).
- :func:`analyse` runs a library analysis (``sensitivity``, ``two_way``, ``montecarlo``,
  ``cruxes``, ``pool``) with the evidence and do() in force, cached on *everything* it reads.

How :func:`analyse` cannot show stale numbers: it freezes its inputs into a :class:`Call`
(the analysis's name, the model's content hash, the credences, evidence, do() and every
argument, each made hashable), and the cached function receives that Call alone and computes
from it. Nothing outside the Call reaches the analysis, and the cache key is the Call's
``repr`` (every field but the model object itself, which is stood for by its content hash),
so a new field joins the key without anyone remembering to add it. A caller cannot pass an
unhashable or mutable argument: :func:`freeze` turns mappings and lists into frozen copies and
refuses anything else that is not hashable.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar, cast

import streamlit as st

from argmap import ArgmapError, Credences, Model, load_credences_text, load_model_text, marginals

from .describe import problem_lines

R = TypeVar("R")


class Scene(Protocol):
    """What an analysis reads from the app's state (``state.Current`` is one)."""

    @property
    def model(self) -> Model: ...

    @property
    def values(self) -> Mapping[str, Any]: ...

    @property
    def evidence(self) -> Mapping[str, str]: ...

    @property
    def do(self) -> Mapping[str, str]: ...


def model_key(model: Model) -> str:
    """What stands for a model in cache keys: the hash of its content."""
    return model.text_hash


MODEL_HASH: dict[str | type[Any], Callable[[Any], Any]] = {Model: model_key}
"""``hash_funcs`` for Streamlit's caches: a model is keyed on its content."""


class Frozen(Mapping[str, Any]):
    """A read-only, hashable mapping (credence values, evidence, do()) with a stable repr."""

    __slots__ = ("_items", "_index")

    def __init__(self, items: Mapping[str, Any]) -> None:
        self._items = tuple(sorted((str(k), freeze(v)) for k, v in items.items()))
        self._index = dict(self._items)

    def __getitem__(self, key: str) -> Any:
        return self._index[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Frozen):
            return self._items == other._items
        return isinstance(other, Mapping) and dict(self) == dict(other)

    def __repr__(self) -> str:
        return f"Frozen({self._items!r})"


def freeze(x: Any) -> Any:
    """``x`` as a hashable value: mappings become :class:`Frozen`, lists tuples.

    A credence file stands for the values it sets. Anything else must be hashable already
    (a TypeError otherwise), so no mutable argument can slip past the key.

    >>> freeze({"b": [1, 2], "a": {"x": 0.5}})
    Frozen((('a', Frozen((('x', 0.5),))), ('b', (1, 2))))
    """
    if isinstance(x, Frozen):
        return x
    if isinstance(x, Credences):
        return Frozen(x.values)
    if isinstance(x, Mapping):
        return Frozen(x)
    if isinstance(x, list | tuple):
        return tuple(freeze(v) for v in x)
    if not isinstance(x, Hashable):
        raise TypeError(f"cannot key a cached analysis on a {type(x).__name__}")
    hash(x)  # a tuple or frozen dataclass holding something unhashable fails here
    return x


@dataclass(frozen=True)
class Call:
    """One analysis call, frozen: everything the computation reads, and nothing else."""

    analysis: str
    """The library function's qualified name (``argmap.analysis.sensitivity.sensitivity``)."""
    function: Callable[..., Any] = field(compare=False, repr=False)
    model: Model = field(compare=False, repr=False)
    model_hash: str
    args: tuple[Any, ...]
    """The positional arguments after the model (credences), frozen."""
    evidence: Frozen
    do: Frozen
    kwargs: Frozen
    """The analysis's own keyword arguments (target, swing, seed, ...), frozen."""

    def key(self) -> str:
        """The cache key: a digest of every field except the model object and the function."""
        return hashlib.sha256(repr(self).encode("utf-8")).hexdigest()

    def run(self) -> Any:
        """Call the analysis with exactly what this Call holds."""
        return self.function(
            self.model, *self.args, evidence=self.evidence, do=self.do, **self.kwargs
        )


def call(
    cur: Scene,
    analysis: Callable[..., R],
    *credences: Any,
    **arguments: Any,
) -> Call:
    """The :class:`Call` of ``analysis`` on the current state (see :func:`analyse`)."""
    args = credences if credences else (cur.values,)
    return Call(
        analysis=f"{analysis.__module__}.{analysis.__qualname__}",
        function=analysis,
        model=cur.model,
        model_hash=model_key(cur.model),
        args=tuple(freeze(a) for a in args),
        evidence=Frozen(cur.evidence),
        do=Frozen(cur.do),
        kwargs=Frozen(arguments),
    )


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs={Call: Call.key})
def _run(request: Call) -> Any:
    """The one cache of analyses: :func:`analyse` and :func:`remembered` share it, so an
    analysis asked for through both runs once."""
    return request.run()


def analyse(
    cur: Scene,
    analysis: Callable[..., R],
    *credences: Any,
    **arguments: Any,
) -> R:
    """``analysis(model, *credences, evidence=..., do=..., **arguments)`` on the current state,
    cached on all of it, under a "Computing…" spinner (which Streamlit shows only after half
    a second, so a cached answer never shows it).

    ``credences`` default to the current values (``cur.values``); give them to compare
    profiles (``analyse(cur, cruxes, a, b, permutations=1000)``, or one list of profiles for
    ``pool``). Evidence and do() are always the ones in force. Library errors propagate (and
    are not cached).
    """
    with st.spinner("Computing…"):
        return cast(R, _run(call(cur, analysis, *credences, **arguments)))


def remembered(
    cur: Scene,
    analysis: Callable[..., R],
    *credences: Any,
    **arguments: Any,
) -> R:
    """:func:`analyse` with no spinner, for the quick ones a page shows on every run (the
    headline's baseline: the marginals under the profile's values, the same until the
    profile, evidence or do() change)."""
    return cast(R, _run(call(cur, analysis, *credences, **arguments)))


@st.cache_resource(max_entries=64, show_spinner=False)
def model_from_text(text: str, name: str) -> Model | tuple[str, ...]:
    """Validate a model once per distinct text (and compile its network); problems are cached
    too, as located lines (``name:line:column: message``)."""
    try:
        model = load_model_text(text, name)
        marginals(model)  # compiles the network now, not on the first slider move
    except ArgmapError as err:
        return tuple(problem_lines(err))
    settle(f"model {model.text_hash}")
    return model


_SETTLED: set[str] = set()


def settle(what: str) -> None:
    """Once per ``what`` and process: move every object alive now (modules, loaded models,
    compiled networks) out of the garbage collector's sight (``gc.freeze``), after one last
    collection.

    Streamlit collects every generation after each run, and a slider move is two runs (the
    one its callback stops, then the fragments'). Over the ~125,000 objects of a loaded app
    that took 50-160 ms a run on this machine, holding the interpreter lock while the
    browser drew. A model is settled when it loads, and each page after its first run (it
    imports modules: pandas, altair). Frozen objects are still freed by reference counting,
    but cycles among them are not collected while frozen: so each call first thaws what the
    last one froze, and the collection before the new freeze frees the cycles that died
    since (a model evicted from the cache, say). What stays frozen is what is alive.
    """
    if what in _SETTLED:
        return
    _SETTLED.add(what)
    gc.unfreeze()
    gc.collect()
    gc.freeze()


@st.cache_resource(max_entries=64, show_spinner=False, hash_funcs=MODEL_HASH)
def credences_from_text(text: str, name: str, model: Model) -> Credences | tuple[str, ...]:
    """Validate credence text against ``model`` once per (text, name, model content)."""
    try:
        return load_credences_text(text, model, name)
    except ArgmapError as err:
        return tuple(problem_lines(err))
