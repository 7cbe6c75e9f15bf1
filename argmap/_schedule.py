"""The message-passing program of a junction tree, for one set of observed variables.

Evidence is sliced out of the tables before propagation (a table indexed at the observed state
of each observed variable in its family), so the program for a set of observed (and ``do()``-
set) variables runs on the same tree with those variables removed from every clique and
separator: its cliques are smaller by the product of the observed variables' numbers of states,
and it is laid out once per set and cached by :mod:`argmap.engine`.

The program is a list of :class:`Op` over numbered buffer slots:

1. *collect*, leaves first: the message from each clique to its parent, one contraction of the
   clique's tables and its children's messages (Shafer-Shenoy); the last op is the root's
   belief;
2. *distribute*, root first: a clique with two or more children, or whose belief a marginal is
   read from, has its belief computed once (its tables and every incoming message), and each
   message to a child is that belief summed onto the separator and divided by the child's own
   upward message (Hugin; 0/0 = 0); a clique with one child sends it a Shafer-Shenoy message
   (its tables and its parent's message: no clique-sized product is built);
3. each variable's marginal is read from the belief of the smallest clique holding it (or the
   root's), or, when that clique is too large to build its belief only for a marginal, from the
   smallest separator holding it (the product of its two messages).

Each op lists the slots no later op reads (``free``): the engine drops them at once, so a pass
holds about one clique's belief and the messages in flight, not every message of the tree.
Each op also carries the equivalent contraction (``spec``) that the log-space fallback runs.

References
----------
.. [1] P. P. Shenoy and G. Shafer, "Axioms for probability and belief-function propagation",
   UAI 1990.
.. [2] F. V. Jensen, S. L. Lauritzen and K. G. Olesen, "Bayesian updating in causal
   probabilistic networks by local computations", Computational Statistics Quarterly 4, 1990
   (the Hugin architecture: beliefs, and messages divided by the reverse message).

>>> from argmap._junction_tree import build_junction_tree
>>> tree = build_junction_tree((2, 2, 2), ((), (0,), (1,)))
>>> prog = schedule(tree, (2, 2, 2), [(0,), (0, 1), (1, 2)])
>>> [op.kind for op in prog.ops], prog.ops[prog.root].output == prog.belief(tree.order[0])
(['contract', 'contract', 'contract', 'contract'], True)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from argmap._junction_tree import JunctionTree

__all__ = ["BIG", "HUGE", "VAST", "Contraction", "Op", "Program", "schedule"]

BIG = 4096  # a clique's belief is built only for a marginal if it has at most this many entries
HUGE = 1 << 28  # ... and for its children's messages (Hugin) if at most this many
VAST = 1 << 24  # past this, a belief for two or more children whatever the estimates say: on
# munin1 (a clique of 137,200,000 entries, 12 children) its 13 Shafer-Shenoy messages took 27 s
# of CPU a pass, the belief and divisions 11.6 s; on link (16,777,216 entries, 13 children, most
# with empty separators) the messages took 0.24 s and the belief 0.74 s, as the estimates say


@dataclass(frozen=True)
class Contraction:
    """One einsum: ``inputs`` (buffer slots, axes over ``scopes``) -> ``output``."""

    inputs: tuple[int, ...]
    scopes: tuple[tuple[int, ...], ...]
    output: int
    out_scope: tuple[int, ...]


@dataclass(frozen=True)
class Op:
    """One step of the program.

    ``kind`` is ``contract`` (``spec`` runs as is) or ``divide`` (``inputs`` are a belief and a
    child's upward message: the belief summed over ``sum_axes``, divided by the message).
    ``collect`` marks the ops whose normaliser is a factor of P(evidence); ``reads`` lists the
    ``(variable, axes)`` whose marginal is the output summed over ``axes``; ``free`` the slots
    no later op reads (the output among them if nothing reads it later).
    """

    kind: str
    inputs: tuple[int, ...]
    output: int
    spec: Contraction
    collect: bool
    sum_axes: tuple[int, ...] = ()
    reads: tuple[tuple[int, tuple[int, ...]], ...] = ()
    free: tuple[int, ...] = ()


@dataclass(frozen=True)
class Program:
    """The ops of one pass; slots: tables ``0..n-1``, the upward message of clique ``c`` at
    ``n + c``, its downward message at ``n + C + c``, its belief at ``n + 2C + c``, a vector of
    ones over variable ``v`` at ``n + 3C + v`` (for an output variable no input carries), a
    marginal contracted directly at ``n + 3C + n + v``."""

    ops: tuple[Op, ...]
    root: int  # index of the root's belief in ops
    n: int
    cliques: int
    n_slots: int
    hugin: tuple[bool, ...] = ()  # which cliques divide their children's messages out of a belief

    def belief(self, c: int) -> int:
        """The slot of clique ``c``'s belief."""
        return self.n + 2 * self.cliques + c

    @property
    def ones(self) -> int:
        """The slot of the vector of ones over variable 0."""
        return self.n + 3 * self.cliques


def schedule(
    jt: JunctionTree,
    cards: Sequence[int],
    scopes: Sequence[tuple[int, ...] | None],
    fixed: Collection[int] = (),
    big: int | None = None,
    huge: int | None = None,
    cost: Callable[[list[tuple[int, ...]], tuple[int, ...]], float] | None = None,
    hugin: Sequence[bool] | None = None,
) -> Program:
    """Lay out the pass over ``jt`` for tables over ``scopes`` (``None``: no table), with the
    ``fixed`` variables (observed or set) removed from every clique; their marginals are not
    read. ``big`` and ``huge`` default to :data:`BIG` and :data:`HUGE`; ``cost(scopes,
    out_scope)`` estimates a contraction's work: a clique larger than ``big`` with two or more
    children builds its belief only if that costs less than its Shafer-Shenoy messages (without
    ``cost``, always), unless ``hugin`` says which cliques do (as decided for another set of
    fixed variables: deciding costs a path search per message)."""
    big = BIG if big is None else big
    huge = HUGE if huge is None else huge
    n, nc = len(cards), len(jt.cliques)
    if nc == 0:
        return Program((), -1, n, 0, 0)
    gone = set(fixed)
    cliques = [tuple(v for v in c if v not in gone) for c in jt.cliques]
    sep = [tuple(v for v in jt.separator(c) if v not in gone) for c in range(nc)]
    ones, direct = n + 3 * nc, n + 3 * nc + n
    scope: dict[int, tuple[int, ...]] = {}
    tables: list[list[int]] = [[] for _ in range(nc)]
    for i, s in enumerate(scopes):
        if s is not None:
            scope[i] = s
            tables[jt.table_home[i]].append(i)
    holding: list[list[int]] = [[] for _ in range(n)]  # v -> cliques whose separator has v
    for c in range(nc):
        scope[n + c] = scope[n + nc + c] = sep[c]
        scope[n + 2 * nc + c] = cliques[c]
        for v in sep[c]:
            holding[v].append(c)
    for v in range(n):
        scope[ones + v] = scope[direct + v] = (v,)
    children: list[list[int]] = [[] for _ in range(nc)]
    for c in jt.order[1:]:
        children[jt.parent[c]].append(c)
    size = [math.prod(cards[u] for u in clique) for clique in cliques]
    root = jt.order[0]

    def contraction(inputs: list[int], output: int) -> Contraction:
        covered = {v for i in inputs for v in scope[i]}
        inputs = inputs + [ones + v for v in scope[output] if v not in covered]
        return Contraction(tuple(inputs), tuple(scope[i] for i in inputs), output, scope[output])

    def clique_inputs(c: int, exclude: int) -> list[int]:
        inputs = tables[c] + [n + k for k in children[c] if k != exclude]
        if jt.parent[c] >= 0 and exclude != jt.parent[c]:
            inputs.append(n + nc + c)
        return inputs

    # Where each variable's marginal is read: its home clique's belief, or a separator.
    homed: list[list[int]] = [[] for _ in range(nc)]
    for v in range(n):
        if v not in gone:
            homed[root if v in cliques[root] else jt.var_home[v]].append(v)

    def worth_a_belief(c: int) -> bool:
        """Whether clique ``c`` should build its belief to send its children's messages."""
        if len(children[c]) < 2 or size[c] > huge:
            return False
        if size[c] <= big:  # small: numpy calls cost more than the arithmetic
            return len(children[c]) >= 4
        if cost is None or size[c] > VAST:
            return True
        belief = cost([scope[i] for i in clique_inputs(c, -1)], cliques[c])
        belief += 2 * size[c] * len(children[c])  # a sum and a division per child
        messages = 0.0
        for k in children[c]:
            messages += cost([scope[i] for i in clique_inputs(c, k)], sep[k])
            if messages > belief:
                return True
        return False

    if hugin is None:
        hugin = [worth_a_belief(c) for c in range(nc)]
    belief = [
        c == root or hugin[c] or (bool(homed[c]) and size[c] <= big) for c in range(nc)
    ]
    after: dict[int, list[Op]] = {}  # ops to run once the downward message into c exists
    late: dict[int, list[Op]] = {}  # ops to run when clique c is visited
    for c in range(nc):
        if belief[c]:
            continue
        for v in homed[c]:
            if holding[v]:
                k = min(holding[v], key=lambda k: size_of(cards, sep[k]))
                spec = contraction([n + k, n + nc + k], direct + v)
                after.setdefault(k, []).append(Op("contract", spec.inputs, direct + v, spec, False))
            else:
                spec = contraction(clique_inputs(c, -1), direct + v)
                late.setdefault(c, []).append(Op("contract", spec.inputs, direct + v, spec, False))

    def contract(inputs: list[int], output: int, collect: bool) -> Op:
        spec = contraction(inputs, output)
        return Op("contract", spec.inputs, output, spec, collect)

    ops = [contract(clique_inputs(c, jt.parent[c]), n + c, True) for c in reversed(jt.order[1:])]
    ops.append(contract(clique_inputs(root, -1), n + 2 * nc + root, True))
    for c in jt.order:
        if c != root and belief[c]:
            ops.append(contract(clique_inputs(c, -1), n + 2 * nc + c, False))
        ops.extend(late.get(c, ()))
        for k in children[c]:
            if hugin[c]:
                spec = contraction(clique_inputs(c, k), n + nc + k)
                axes = tuple(a for a, v in enumerate(cliques[c]) if v not in sep[k])
                ops.append(Op("divide", (n + 2 * nc + c, n + k), n + nc + k, spec, False, axes))
            else:
                ops.append(contract(clique_inputs(c, k), n + nc + k, False))
            ops.extend(after.get(k, ()))
    reads: dict[int, list[tuple[int, tuple[int, ...]]]] = {}
    for c in range(nc):
        if belief[c]:
            for v in homed[c]:
                axes = tuple(a for a, u in enumerate(cliques[c]) if u != v)
                reads.setdefault(n + 2 * nc + c, []).append((v, axes))
    for v in range(n):
        reads.setdefault(direct + v, []).append((v, ()))
    return Program(_with_frees(ops, reads), len(jt.order) - 1, n, nc, direct + n, tuple(hugin))


def size_of(cards: Sequence[int], scope: Sequence[int]) -> int:
    """Entries of a table over ``scope``."""
    return math.prod(cards[v] for v in scope)


def _with_frees(
    ops: list[Op], reads: dict[int, list[tuple[int, tuple[int, ...]]]]
) -> tuple[Op, ...]:
    """Attach each op's reads, and the slots it is the last to use (its output too, if no later
    op reads it)."""
    last: dict[int, int] = {}
    for k, op in enumerate(ops):
        for i in op.inputs:
            last[i] = k
    done = []
    for k, op in enumerate(ops):
        free = [i for i in dict.fromkeys(op.inputs) if last[i] == k]
        if last.get(op.output, -1) <= k:
            free.append(op.output)
        done.append(Op(op.kind, op.inputs, op.output, op.spec, op.collect, op.sum_axes,
                       tuple(reads.get(op.output, ())), tuple(free)))
    return tuple(done)
