"""Resource budgets: how much memory and work an analysis may take, and refusing past them.

Every analysis evaluates a batch of *members* (Monte Carlo samples, sensitivity swings, grid
cells, Shapley coalitions, halfway points) in batched engine calls. Two things grow with it:

- **memory**: what is *kept* for every member until the end (a sample's draws and every
  claim's marginals, say), plus the members evaluated at once. Those are taken a chunk at a
  time (:func:`chunk_size`: at most :data:`CHUNK` table numbers per chunk), so only what is
  kept grows with the member count. Kept numbers times members, plus :data:`ENGINE` times
  one chunk's table numbers, times 8 bytes, must stay within :data:`MEMORY` bytes;
- **work**: members times the table entries of the model (each member's tables go through
  the whole junction tree), within :data:`WORK` entries, which keeps a run to a few seconds.

Past either budget the analysis refuses with an :class:`~argmap.errors.InputError` of code
``budget`` on the argument that set the size, saying what the run would need and the most
it could have (see ``docs/errors.md``, "Budgets for analyses").

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> table_entries(model, ["wet"]), table_entries(model)
(8, 18)
>>> chunk_size(1000)
4194
>>> check("samples", 10**9, "samples", keep=10, entries=18)
Traceback (most recent call last):
...
argmap.errors.InputError: samples: 1,000,000,000 samples would need ~74.6 GiB of memory \
(10 numbers kept per sample); the budget is 1 GiB: use at most 5,555,555 samples
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from ..errors import InputError
from ..model import Model

MEMORY = 1 << 30
"""Bytes an analysis may hold at once: what it keeps per member, plus one chunk of tables."""

CHUNK = 1 << 22
"""Numbers (32 MiB of float64) in the batched tables of one chunk of members."""

ENGINE = 4
"""Memory of a chunk in the engine, in multiples of its tables (messages, products, marginals).

Measured with Monte Carlo on ``models/scheming.yaml`` (100,000 samples, max RSS): chunks of
20,000 took 345 MB more than chunks of 1,000, 2.7 times the extra 19,000 samples' tables
(19,000 x 830 entries x 8 bytes = 126 MB).
"""

WORK = 100_000_000
"""Table entries an analysis may push through the engine: members x the model's entries.

Measured on the 2-core machine this was built on (shared with other jobs, load average ~4):
``argmap montecarlo models/scheming.yaml`` (830 entries) took 5.6 s for 100,000 samples and
6.7 s for 120,481, the most this budget allows there; the work scales with the entries.
"""

SAMPLE_WORK = 1_000_000_000
"""Monte Carlo's work budget, in table entries (samples x the model's entries): ten times
:data:`WORK`, since samples are asked for by count (and the run reports its progress).

``models/scheming.yaml`` (830 entries) takes a million samples, 830,000,000 entries: 51 s to
94 s on the shared 2-core machine this was measured on (load average 4 to 7; see
``bench/bench_mc_memory.py`` and ``docs/performance.md``).
"""

MAX_SAMPLES = 10_000_000
"""The most Monte Carlo samples, whatever the model (memory and work refuse most earlier)."""

MAX_BINS = 10_000
"""The most histogram bins."""

MAX_PERMUTATIONS = 100_000
"""The most sampled orders for Shapley values (the work budget may refuse earlier)."""


def table_entries(model: Model, claims: Iterable[str] | None = None) -> int:
    """The entries of the claims' tables (default: every claim): parent combinations x states.

    These are the numbers one batch member holds when those claims' tables are batched.
    """
    total = 0
    for cid in model.claims if claims is None else claims:
        claim = model.claims[cid]
        rows = math.prod(len(model.claims[p].states) for p in claim.parents)
        total += rows * len(claim.states)
    return total


def chunk_size(entries: int, limit: int | None = None) -> int:
    """How many members to evaluate at once when each has ``entries`` table numbers (the
    model's: once batched, the engine's potentials grow with every table they meet).

    At least one; at most ``limit`` when given (a progress bar's step, say).
    """
    size = max(1, CHUNK // max(1, entries))
    return size if limit is None else max(1, min(size, limit))


def human(n: float) -> str:
    """A byte count for people: ``'~7.8 GiB'`` style, binary units.

    >>> human(512), human(3 * 2**20), human(7.8 * 2**30)
    ('512 bytes', '3 MiB', '7.8 GiB')
    """
    for unit, size in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{int(n)} bytes"


def memory(count: int, keep: int, entries: int, per: int = 1) -> int:
    """Bytes for ``count`` units of ``per`` members, each unit keeping ``keep`` numbers, each
    member putting ``entries`` table entries through the engine, a chunk of members at a time.

    The chunk counts :data:`ENGINE` times its entries: its tables, the engine's potentials,
    messages and marginals.

    >>> memory(1000, 10, 8)
    336000
    """
    return 8 * (count * keep + min(count * per, chunk_size(entries)) * entries * ENGINE)


def most(keep: int, entries: int, per: int = 1, work: int = WORK) -> int:
    """The most units (of ``per`` members) within both budgets; 0 if not even one fits.

    ``work`` is the work budget (default :data:`WORK`; Monte Carlo's is :data:`SAMPLE_WORK`).

    >>> n = most(10, 8)
    >>> memory(n, 10, 8) <= MEMORY < memory(n + 1, 10, 8) or n * 8 == WORK
    True
    """
    numbers, chunk, keep = MEMORY // 8, chunk_size(entries), max(1, keep)
    full = (numbers - chunk * entries * ENGINE) // keep  # counts whose members fill a chunk
    if full * per >= chunk:
        by_memory = full
    else:  # fewer members than a chunk: each brings its share of the engine's work too
        by_memory = min(chunk // per, numbers // (keep + per * entries * ENGINE))
    by_work = work // max(1, per * entries)
    return int(max(0, min(by_memory, by_work)))


def check(
    argument: str,
    count: int,
    noun: str,
    *,
    keep: int,
    entries: int,
    per: int = 1,
    hint: str = "",
    detail: str = "",
    what: str | None = None,
    use: str | None = None,
    work: int = WORK,
) -> None:
    """Refuse ``count`` units past the memory or work budget, naming ``argument``.

    A unit (a sample, a setting, a sampled order; ``noun`` in the plural) is ``per`` batch
    members and keeps ``keep`` numbers to the end; each member puts ``entries`` table entries
    through the engine (the model's: :func:`table_entries`). The message gives the need, the
    budget and the most units that fit (``use`` instead, when the caller says it better;
    ``hint`` when not even one fits); ``detail`` says what the kept numbers are, ``what``
    replaces "COUNT NOUN"; ``work`` is the work budget (default :data:`WORK`).
    """
    need = memory(count, keep, entries, per)
    done = count * per * entries
    if need <= MEMORY and done <= work:
        return
    limit = most(keep, entries, per, work)
    if use is None:
        use = f"use at most {limit:,} {noun}" if limit >= 1 else (hint or "no size of run fits")
    one = noun[:-1] if noun.endswith("s") else noun
    what = what or f"{count:,} {one if count == 1 else noun}"
    if need > MEMORY:
        kept = f"{keep:,} numbers kept per {one}{detail}"
        if count * keep * 8 <= need / 2:
            kept = f"the engine's work on tables of {entries:,} entries"
        message = f"{what} would need ~{human(need)} of memory ({kept}); the budget is "
        message += f"{human(MEMORY)}"
    else:
        message = f"{what} would take {done:,} table entries of work ({per * entries:,} per "
        message += f"{one}); the budget is {work:,}"
    raise InputError.argument(argument, f"{message}: {use}", code="budget")


def check_range(argument: str, value: int, low: int, high: int, what: str) -> None:
    """Refuse ``value`` outside ``low .. high`` (code ``out-of-range``), naming ``argument``.

    >>> check_range("bins", 0, 1, MAX_BINS, "histogram bins")
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: bins: expected 1 to 10,000 histogram bins, got 0
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not (
        low <= value <= high
    ):
        shown = f"{value:,}" if isinstance(value, int | np.integer) else repr(value)
        raise InputError.argument(
            argument, f"expected {low:,} to {high:,} {what}, got {shown}", code="out-of-range"
        )


def shapley(
    model: Model, claims: list[str], exact: bool, permutations: int, halfway: int, per: int
) -> None:
    """Refuse :func:`~argmap.analysis.cruxes` past the budget: its ``2^n`` coalitions (exact)
    or ``n + 1`` steps per sampled order, and ``per`` evaluations per halfway point."""
    n = len(claims)
    work = table_entries(model)
    if exact:  # 2^n coalitions, each keeping its weights and value
        check(
            "exact_limit", 2**n, "coalitions", keep=n + 2, entries=work,
            use=f"use an exact_limit below {n}, to sample orders instead",
        )
    else:  # each order evaluates n + 1 steps, each keeping its weights and value
        steps = n + 1
        check(
            "permutations", permutations, "permutations", keep=steps * (n + 3),
            entries=work, per=steps,
            hint=f"no order of {n} claims fits",
        )
    check(
        "halfway", halfway, "halfway points", keep=per * (n + 2), entries=work, per=per,
        hint="use halfway=0",
    )
