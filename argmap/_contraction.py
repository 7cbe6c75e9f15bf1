"""The contractions the engine runs: one compiled einsum per message or clique belief.

:func:`contraction` compiles an einsum over a clique's variables (batch axis last where
present): an ``opt_einsum`` expression with a cached path, or, for unbatched contractions over
at most :data:`SMALL_INDEX_SPACE` index combinations, a single ``np.einsum`` call. A
:class:`Plan` is the ordered list of :class:`Step` objects of one message-passing pass.

>>> import numpy as np
>>> f = contraction([(0, 1), (1,)], (0,), [False, False], [2, 2], None)
>>> f(np.array([[0.9, 0.1], [0.2, 0.8]]), np.array([1.0, 0.0])).tolist()
[0.9, 0.2]
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import opt_einsum as oe
from numpy.typing import NDArray

from argmap import _schedule as _sch

Array = NDArray[np.float64]
SMALL_INDEX_SPACE = 4096  # unbatched contractions this small run as a single np.einsum call
EINSUM_OPERANDS = 32  # ... if they have at most this many inputs (numpy's limit: 32 or 64)


@dataclass(frozen=True)
class Step:
    """One op of a :class:`argmap._schedule.Program`, compiled for a pattern of batched tables."""

    fn: Callable[..., Any]
    op: _sch.Op
    axes: tuple[int, ...]  # the non-batch axes of the result, summed to normalise it


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]  # collect messages, the root's belief, then the rest
    root: int  # index of the root's belief in steps
    program: _sch.Program
    batched: tuple[bool, ...]  # which slots carry the batch axis


def compile_plan(
    program: _sch.Program,
    pattern: Sequence[bool],
    cards: Sequence[int],
    batch: int | None,
    known: dict[Any, Callable[..., Any]] | None = None,
) -> Plan:
    """Compile every op of ``program`` for tables batched as in ``pattern``; ``known`` keeps
    the contractions compiled for earlier programs over the same ``cards`` (most ops of a new
    set of observed variables are those of another set's program)."""
    known = {} if known is None else known
    batched = [*pattern] + [False] * (program.n_slots - len(pattern))
    steps = []
    for op in program.ops:
        spec = op.spec
        if op.kind == "divide":
            belief, up = op.inputs
            fn: Callable[..., Any] = functools.partial(
                _divide, op.sum_axes, batched[belief] and not batched[up]
            )
            batched[op.output] = batched[belief]
        else:
            flags = tuple(batched[i] for i in spec.inputs)
            key = (spec.scopes, spec.out_scope, flags, batch)
            found = known.get(key)
            if found is None:
                found = known[key] = contraction(spec.scopes, spec.out_scope, flags, cards, batch)
            fn = found
            batched[op.output] = any(flags)
        steps.append(Step(fn, op, tuple(range(len(spec.out_scope)))))
    return Plan(tuple(steps), program.root, program, tuple(batched))


def _divide(axes: tuple[int, ...], expand: bool, belief: Array, up: Array) -> Array:
    """A Hugin message: ``belief`` summed over ``axes``, divided by ``up`` (0/0 = 0)."""
    num = belief.sum(axis=axes) if axes else belief
    den = up[..., None] if expand else up
    out: Array = num / np.where(den > 0, den, 1.0)  # where up is 0, so is num
    return out


def contraction(
    scopes: Sequence[tuple[int, ...]],
    out_scope: tuple[int, ...],
    batched: Sequence[bool],
    cards: Sequence[int],
    batch: int | None,
) -> Callable[..., Any]:
    """A compiled einsum over local index letters, batch axis last where present."""
    if not scopes:  # nothing to multiply (a clique whose tables and variables were sliced out)
        return functools.partial(np.ones, ())
    letters: dict[int, str] = {}
    for v in (*(v for s in scopes for v in s), *out_scope):
        letters.setdefault(v, oe.get_symbol(len(letters)))
    b = oe.get_symbol(len(letters))
    terms = [
        "".join(letters[v] for v in s) + (b if bat else "")
        for s, bat in zip(scopes, batched, strict=True)
    ]
    out = "".join(letters[v] for v in out_scope) + (b if any(batched) else "")
    subscripts = ",".join(terms) + "->" + out
    small = math.prod(cards[v] for v in letters) <= SMALL_INDEX_SPACE
    if batch is None and small and len(scopes) <= EINSUM_OPERANDS:
        return functools.partial(np.einsum, subscripts)  # one C call beats a pairwise path
    shapes = tuple(
        tuple(cards[v] for v in s) + ((batch,) if bat and batch else ())
        for s, bat in zip(scopes, batched, strict=True)
    )
    return _expression(subscripts, shapes, PATH)


def cost(
    scopes: Sequence[tuple[int, ...]], out_scope: tuple[int, ...], cards: Sequence[int]
) -> float:
    """The multiply-adds of a contraction as it would run (unbatched): the index space times
    the inputs for a single ``np.einsum`` call, else the cost of the path the bounded search
    finds (cached).

    >>> cost([(0, 1), (1, 2)], (0, 2), [2, 3, 4])
    48.0
    """
    letters: dict[int, str] = {}
    for v in (*(v for s in scopes for v in s), *out_scope):
        letters.setdefault(v, oe.get_symbol(len(letters)))
    space = math.prod(cards[v] for v in letters)
    if not scopes or space <= SMALL_INDEX_SPACE and len(scopes) <= EINSUM_OPERANDS:
        return float(space * max(1, len(scopes)))
    subscripts = ",".join("".join(letters[v] for v in sc) for sc in scopes)
    subscripts += "->" + "".join(letters[v] for v in out_scope)
    shapes = tuple(tuple(cards[v] for v in sc) for sc in scopes)
    return _path(subscripts, shapes, PATH)[1]


@functools.lru_cache(maxsize=4096)
def _path(
    subscripts: str, shapes: tuple[tuple[int, ...], ...], path: Any
) -> tuple[list[tuple[int, ...]], float]:
    """The path ``path`` finds for these subscripts and shapes, and its multiply-adds (one
    search serves both the cost estimate and the unbatched expression)."""
    found, info = oe.contract_path(subscripts, *shapes, shapes=True, optimize=path)
    return [tuple(step) for step in found], float(info.opt_cost)


@functools.lru_cache(maxsize=4096)
def _expression(
    subscripts: str, shapes: tuple[tuple[int, ...], ...], path: Any
) -> Callable[..., Any]:
    """An opt_einsum expression with its path planned once for these subscripts and shapes
    (messages of the same shape, in this network or another, share it)."""
    steps = _path(subscripts, shapes, path)[0]
    expression: Callable[..., Any] = oe.contract_expression(subscripts, *shapes, optimize=steps)
    return expression


OPTIMAL_INPUTS = 5  # contractions of at most this many inputs get the optimal path
DP_INPUTS = 10  # ... of at most this many, dynamic programming; beyond it, greedy
NEGLIGIBLE = 1 << 16  # ... and greedy too when its path costs fewer multiply-adds: on pigs,
# dynamic programming took 0.69 s over six new sets of observed variables, 0.40 s of it on 21
# contractions whose greedy paths cost under 1e5, to save 5e4 multiply-adds in all; with
# 2**20 here pigs' queries ran 5% slower (a greedy path of as many multiply-adds can run
# slower: the count ignores memory order)
_DP = oe.DynamicProgramming(minimize="flops", cost_cap=True, search_outer=False)


class BoundedPath(oe.paths.PathOptimizer):  # type: ignore[misc]
    """Finds a contraction path with a search whose own cost is bounded.

    opt_einsum's ``auto-hq`` runs dynamic programming up to 16 inputs, whose cost grows as
    ``3**n``: one 15-input message of a dense network took 57 s to plan. Here the exhaustive
    searches are kept for small contractions (``optimal`` up to :data:`OPTIMAL_INPUTS` inputs,
    as ``auto-hq`` does; dynamic programming, as ``auto-hq`` runs it, up to
    :data:`DP_INPUTS`, unless the greedy path costs fewer than :data:`NEGLIGIBLE`
    multiply-adds) and the greedy heuristic, polynomial in the number of inputs, plans the
    rest.

    >>> BoundedPath()([set("ab"), set("bc"), set("cd")], set("ad"), {k: 2 for k in "abcd"})
    [(0, 1), (0, 1)]
    """

    def __call__(
        self,
        inputs: list[Any],
        output: Any,
        size_dict: dict[str, int],
        memory_limit: int | None = None,
    ) -> list[tuple[int, ...]]:
        n = len(inputs)
        if n <= OPTIMAL_INPUTS:
            found = oe.paths.optimal(inputs, output, size_dict, memory_limit)
        else:
            found = oe.paths.greedy(inputs, output, size_dict, memory_limit)
            if n <= DP_INPUTS and flops(inputs, output, size_dict, found) >= NEGLIGIBLE:
                found = _DP(inputs, output, size_dict, memory_limit)
        return [tuple(step) for step in found]


def flops(
    inputs: Sequence[Any], output: Any, size_dict: Mapping[str, int], path: Sequence[Any]
) -> int:
    """The multiply-adds of ``path`` as opt_einsum counts them (its ``opt_cost``).

    >>> flops([set("ab"), set("bc"), set("cd")], set("ad"), dict.fromkeys("abcd", 2),
    ...       [(0, 1), (0, 1)])
    32
    """
    sets, out, total = [frozenset(i) for i in inputs], frozenset(output), 0
    for step in path:
        positions = tuple(sorted(step, reverse=True))
        _, sets, removed, contracted = oe.helpers.find_contraction(positions, sets, out)
        total += oe.helpers.flop_count(contracted, bool(removed), len(positions), size_dict)
    return total


PATH = BoundedPath()


def check_finite(z: Any) -> None:
    if not np.all(np.isfinite(z) & (z >= 0)):
        raise ValueError("tables or likelihoods contain NaN, infinite or negative entries")


def impossible_message(
    evidence: Mapping[int, int] | None,
    likelihoods: Mapping[int, Any] | None,
    do: Mapping[int, int] | None,
    zero: Any,
) -> str:
    """Why a query failed: which observations, soft evidence and interventions made P(e) = 0."""
    parts = [f"observed variables {sorted(evidence or {})}"]
    if likelihoods:
        parts.append(f"soft evidence on variables {sorted(likelihoods)}")
    if do:
        parts.append(f"interventions on variables {sorted(do)}")
    msg = "the evidence has probability zero (" + "; ".join(parts) + ")"
    if np.ndim(zero):
        members = np.flatnonzero(zero)
        more = f" and {members.size - 10} more" if members.size > 10 else ""
        msg += f" for batch members {members[:10].tolist()}{more}"
    return msg
