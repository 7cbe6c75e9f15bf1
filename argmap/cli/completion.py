"""Shell completion of what an option takes: claim ids and states, format names.

Typer calls these while a person presses Tab (after ``argmap --install-completion``), with the
options typed so far in ``ctx.params``. They never raise: a model that cannot be read completes
nothing. :func:`choices` writes a list of choices as a metavar (``[dot|svg|png]``). The
callback of ``--evidence``, ``--do`` and ``--target`` is :func:`argmap.cli.options.complete_pair`
(it knows the default model), over :func:`model_named` and :func:`pairs_of` here.

Examples
--------
>>> pairs_of("models/examples/sprinkler.yaml", "we")
['wet=true', 'wet=false']
>>> pairs_of("models/examples/sprinkler.yaml", "rain=f")
['rain=false']
>>> pairs_of("no/such.yaml", "")
[]
>>> choices(["dot", "svg"])
'[dot|svg]'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def choices(names: Iterable[str]) -> str:
    """A metavar listing ``names``: ``[a|b|c]``."""
    return "[" + "|".join(names) + "]"


def pairs_of(model_path: str, incomplete: str) -> list[str]:
    """Every ``id=state`` of the model at ``model_path`` that starts with ``incomplete``."""
    from ..errors import ArgmapError
    from ..loading import load_model

    try:
        model = load_model(model_path)
    except (ArgmapError, OSError):
        return []
    return [f"{cid}={state}" for cid, claim in model.claims.items() for state in claim.states
            if f"{cid}={state}".startswith(incomplete)]  # fmt: skip


def model_named(ctx: Any) -> tuple[str | None, str | None]:
    """The model and credence file typed so far on the command line of ``ctx`` (a click
    context): either may be None (not typed) or ``-`` (standard input)."""
    params = getattr(ctx, "params", {}) or {}
    model, credences = params.get("model"), params.get("credences")
    if model is None:  # while an option's value is typed, click leaves the arguments unparsed
        model = next((a for a in getattr(ctx, "args", ()) if not a.startswith("-")), None)
    return model, credences


def complete_writes(incomplete: str) -> list[str]:
    """Complete ``export --format``: the formats argmap writes.

    >>> complete_writes("x")
    ['xmlbif', 'xdsl']
    """
    from ..formats import names

    return [n for n in names(writes=True) if n.startswith(incomplete)]


def complete_reads(incomplete: str) -> list[str]:
    """Complete ``import --format``: the formats argmap reads.

    >>> complete_reads("b")
    ['bif', 'bayesdown']
    """
    from ..formats import names

    return [n for n in names(reads=True) if n.startswith(incomplete)]
