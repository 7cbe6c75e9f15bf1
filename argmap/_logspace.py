"""The engine's fallback: the same pass in log space, slower, but nothing underflows.

:mod:`argmap.engine` runs it when a message sums to zero: it tells P(evidence) == 0 from
products below the float64 range, and gets the marginals right in the second case. Every op
runs as its Shafer-Shenoy contraction (``op.spec``: a Hugin division has one too), in log space.

>>> import numpy as np
>>> logsumexp(np.log(np.array([[0.25, 0.25], [0.5, 0.25]])), (1,)).round(4).tolist()
[-0.6931, -0.2877]
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from argmap import _contraction as _ct

Array = NDArray[np.float64]


def propagate(
    plan: _ct.Plan, ops: list[Any], scopes: list[Any], template: list[Any], log_scale: Any
) -> tuple[list[Any], Any]:
    """The marginals (None for variables not read) and log P(evidence) of ``plan``'s pass over
    tables ``ops`` over ``scopes`` (None for a table left out), in log space."""
    n = len(ops)
    marginals: list[Any] = [None] * n
    with np.errstate(divide="ignore", invalid="ignore"):
        buf: list[Any] = [None if x is None else np.log(x) for x in [*ops, *template]]
        batched = [x is not None and x.ndim > len(s) for x, s in zip(ops, scopes, strict=True)]
        batched += [False] * (len(buf) - n)
        log_prob = log_scale
        for k, step in enumerate(plan.steps):
            spec = step.op.spec
            flags = [batched[i] for i in spec.inputs]
            out = any(flags)
            names = tuple(dict.fromkeys(v for scope in spec.scopes for v in scope))
            total: Any = np.float64(0.0)
            for i, scope, bat in zip(spec.inputs, spec.scopes, flags, strict=True):
                total = total + align(buf[i], scope, bat, names, out)
            kept = [v for v in names if v in spec.out_scope]
            total = logsumexp(total, tuple(a for a, v in enumerate(names) if v not in kept))
            order = [kept.index(v) for v in spec.out_scope] + ([len(kept)] if out else [])
            buf[step.op.output] = np.transpose(total, order)
            batched[step.op.output] = out
            if k == plan.root:
                log_prob = log_scale + logsumexp(buf[step.op.output], step.axes)
            for v, axes in step.op.reads:
                log_m = logsumexp(buf[step.op.output], axes)
                w = np.exp(log_m - log_m.max(axis=0))
                marginals[v] = w / w.sum(axis=0)
    return marginals, log_prob


def align(
    log: Array, scope: tuple[int, ...], batched: bool, names: tuple[int, ...], out: bool
) -> Array:
    """Transpose and reshape ``log`` (axes over ``scope``) to broadcast over ``names``."""
    order = sorted(range(len(scope)), key=lambda k: names.index(scope[k]))
    moved = np.transpose(log, order + ([len(scope)] if batched else []))
    shape = [log.shape[scope.index(v)] if v in scope else 1 for v in names]
    return moved.reshape(shape + ([log.shape[-1]] if batched else [1] if out else []))


def logsumexp(x: Array, axes: tuple[int, ...]) -> Array:
    """``log(sum(exp(x)))`` over ``axes``, without overflow (all ``-inf``: ``-inf``)."""
    if not axes:
        return x
    top = np.max(x, axis=axes, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    result: Array = np.log(np.sum(np.exp(x - top), axis=axes)) + np.squeeze(top, axis=axes)
    return result
