"""The contractions the engine runs: one compiled einsum per message or clique belief.

:func:`contraction` compiles an einsum over a clique's variables (batch axis last where
present): an ``opt_einsum`` expression with a cached path, or, for unbatched contractions over
at most :data:`SMALL_INDEX_SPACE` index combinations, a single ``np.einsum`` call. A
:class:`Plan` is the ordered list of :class:`Step` objects of one message-passing pass.
:func:`align` and :func:`logsumexp` serve the log-space fallback.

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

from argmap import _junction_tree as _jt

Array = NDArray[np.float64]
SMALL_INDEX_SPACE = 4096  # unbatched contractions this small run as a single np.einsum call
EINSUM_OPERANDS = 32  # ... if they have at most this many inputs (numpy's limit: 32 or 64)


@dataclass(frozen=True)
class Step:
    fn: Callable[..., Any]
    inputs: tuple[int, ...]
    output: int
    axes: tuple[int, ...]  # the non-batch axes of the result, summed to normalise it
    spec: _jt.Contraction
    batched: tuple[bool, ...]  # which inputs carry the batch axis


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]  # collect messages, the root's belief, then the rest
    root: int  # index of the root's belief in steps


def contraction(
    scopes: Sequence[tuple[int, ...]],
    out_scope: tuple[int, ...],
    batched: Sequence[bool],
    cards: Sequence[int],
    batch: int | None,
) -> Callable[..., Any]:
    """A compiled einsum over local index letters, batch axis last where present."""
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
    shapes = [
        tuple(cards[v] for v in s) + ((batch,) if bat and batch else ())
        for s, bat in zip(scopes, batched, strict=True)
    ]
    expression: Callable[..., Any] = oe.contract_expression(subscripts, *shapes, optimize=PATH)
    return expression


OPTIMAL_INPUTS = 5  # contractions of at most this many inputs get the optimal path
DP_INPUTS = 10  # ... of at most this many, dynamic programming; beyond it, greedy
_DP = oe.DynamicProgramming(minimize="flops", cost_cap=True, search_outer=False)


class BoundedPath(oe.paths.PathOptimizer):  # type: ignore[misc]
    """Finds a contraction path with a search whose own cost is bounded.

    opt_einsum's ``auto-hq`` runs dynamic programming up to 16 inputs, whose cost grows as
    ``3**n``: one 15-input message of a dense network took 57 s to plan. Here the exhaustive
    searches are kept for small contractions (``optimal`` up to :data:`OPTIMAL_INPUTS` inputs,
    as ``auto-hq`` does; dynamic programming, as ``auto-hq`` runs it, up to
    :data:`DP_INPUTS`) and the greedy heuristic, polynomial in the number of inputs, plans
    the rest.

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
        elif n <= DP_INPUTS:
            found = _DP(inputs, output, size_dict, memory_limit)
        else:
            found = oe.paths.greedy(inputs, output, size_dict, memory_limit)
        return [tuple(step) for step in found]


PATH = BoundedPath()


def align(
    log: Array, scope: tuple[int, ...], batched: bool, names: tuple[int, ...], out: bool
) -> Array:
    """Transpose and reshape ``log`` (axes over ``scope``) to broadcast over ``names``."""
    order = sorted(range(len(scope)), key=lambda k: names.index(scope[k]))
    moved = np.transpose(log, order + ([len(scope)] if batched else []))
    shape = [log.shape[scope.index(v)] if v in scope else 1 for v in names]
    return moved.reshape(shape + ([log.shape[-1]] if batched else [1] if out else []))


def logsumexp(x: Array, axes: tuple[int, ...]) -> Array:
    if not axes:
        return x
    top = np.max(x, axis=axes, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    result: Array = np.log(np.sum(np.exp(x - top), axis=axes)) + np.squeeze(top, axis=axes)
    return result


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
