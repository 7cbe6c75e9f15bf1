"""Check that a link's declared role (supports / undermines) agrees with the numbers.

A parent *supports* a claim when making the parent hold (one of its ``active`` states instead
of an inactive one) never lowers the probability of the claim's ``toward`` state, whatever the
other parents are, and raises it for at least one combination; *undermines* is the reverse.
*moderates* makes no directional promise and is not checked.

Examples
--------
>>> from argmap.loading import load_model_text
>>> load_model_text('''
... id: toy
... title: Toy
... claims:
...   rain: {statement: It rains., prior: 0.3}
...   wet:
...     statement: The grass is wet.
...     parents: {rain: undermines}
...     table:
...       - {when: {rain: "true"}, p: 0.9}
...       - {when: {rain: "false"}, p: 0.1}
... ''')
Traceback (most recent call last):
...
argmap.errors.InputError: <text>:8:21: role 'undermines' disagrees with the numbers: ...
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np

from .model import Model
from .tables import build_tables, point_values
from .values import Value

EPS = 1e-12


def check_roles(
    model: Model, overrides: Mapping[str, Value] | None = None
) -> Iterator[tuple[str, int, str]]:
    """Yield ``(claim id, link index, message)`` for each role the numbers contradict
    (the model's own numbers, or with ``overrides`` from a credence file)."""
    tables = build_tables(model, point_values(model, overrides))
    for table, claim in zip(tables, model.claims.values(), strict=True):
        for i, link in enumerate(claim.links):
            if link.role not in ("supports", "undermines"):
                continue
            column = table[..., link.toward]
            moved = np.moveaxis(column, i, 0)
            active = [s for s in range(moved.shape[0]) if s in link.active]
            inactive = [s for s in range(moved.shape[0]) if s not in link.active]
            if not active or not inactive:
                continue
            worst = None
            any_strict = False
            for a in active:
                for b in inactive:
                    diff = moved[a] - moved[b]
                    sign = 1.0 if link.role == "supports" else -1.0
                    if (sign * diff < -EPS).any():
                        flat = int(np.argmin(sign * diff))
                        worst = (a, b, float(moved[b].flat[flat]), float(moved[a].flat[flat]))
                    if (sign * diff > EPS).any():
                        any_strict = True
            parent_states = model.claims[link.parent].states
            target = f"P({claim.id}={claim.states[link.toward]})"
            if worst is not None:
                a, b, before, after = worst
                verb = "rises" if after > before else "falls"
                yield (
                    claim.id,
                    i,
                    f"role {link.role!r} disagrees with the numbers: {target} {verb} from "
                    f"{before:.4g} to {after:.4g} when {link.parent} holds "
                    f"({link.parent}={parent_states[b]} -> {link.parent}={parent_states[a]})",
                )
            elif not any_strict:
                direction = "rise" if link.role == "supports" else "fall"
                yield (
                    claim.id,
                    i,
                    f"role {link.role!r} disagrees with the numbers: {target} does not depend "
                    f"on {link.parent} (expected it to {direction}"
                    " for some combination)",
                )
