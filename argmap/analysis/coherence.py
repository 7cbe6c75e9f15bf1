"""Coherence: does each marginal the source states agree with the marginal its tables imply?

Sources often state a marginal for a claim that has parents ("I put 40% on this premise";
BayesDown's ``priors`` of a node with a conditional table). The model records it as the
claim's ``stated:`` key. The tables (with credences applied) imply a marginal of their own,
by exact inference over the whole network (:func:`argmap.inference.marginals`, no evidence).
When the two differ, the source's numbers are *incoherent*: no single distribution has both
the stated marginal and the stated conditionals (de Finetti's coherence [1]_).

For each claim with a stated marginal: the stated and implied distributions, their
difference (the largest absolute difference of a state's probability; for two states, the
difference of P(first state)) and whether it exceeds ``tolerance``.

References
----------
.. [1] B. de Finetti, *Theory of Probability*, vol. 1, Wiley, 1974, ch. 3 (coherence).

Examples
--------
>>> from argmap.loading import load_model_text
>>> model = load_model_text('''
... id: demo
... title: Demo
... claims:
...   a: {statement: A holds., prior: 0.5}
...   b:
...     statement: B holds.
...     parents: [a]
...     table: [{when: {a: true}, p: 0.8}, {when: {a: false}, p: 0.2}]
...     stated: {p: 0.4, source: "report, section 6"}
... ''')
>>> result = coherence(model)
>>> row = result.claims[0]
>>> row.claim, row.stated, row.implied, round(row.difference, 12), row.exceeds
('b', (0.4, 0.6), (0.5, 0.5), 0.1, True)
>>> [r.claim for r in coherence(model, tolerance=0.2).incoherent]
[]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .._display import Tabular
from ..errors import InputError
from ..inference import marginals
from ..model import Model
from ._common import CredencesLike

DEFAULT_TOLERANCE = 0.01
"""Stated and implied marginals may differ by this much (absolute) and still count as agreeing."""
_SLACK = 1e-12
"""Rounding room, so a difference of exactly ``tolerance`` does not count as exceeding it."""


@dataclass(frozen=True)
class StatedMarginal:
    """One claim's stated marginal beside the marginal its tables imply."""

    claim: str
    states: tuple[str, ...]
    stated: tuple[float, ...]
    implied: tuple[float, ...]
    source: str | None
    difference: float
    """The largest ``|stated - implied|`` over the claim's states."""
    exceeds: bool
    """True when ``difference`` is larger than the tolerance."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "claim": self.claim,
            "states": list(self.states),
            "stated": dict(zip(self.states, self.stated, strict=True)),
            "implied": dict(zip(self.states, self.implied, strict=True)),
            "source": self.source,
            "difference": self.difference,
            "exceeds": self.exceeds,
        }


@dataclass(frozen=True, repr=False)
class Coherence(Tabular):
    """Every stated marginal of a model against its implied marginal, in model order."""

    _rows = ("claims", ("claim", "states", "stated", "implied", "difference", "exceeds"))
    _title = "of {self.model_id!r}: {n} stated marginals (tolerance {self.tolerance:g})"

    model_id: str
    tolerance: float
    claims: tuple[StatedMarginal, ...]

    @property
    def incoherent(self) -> tuple[StatedMarginal, ...]:
        """The claims whose stated marginal differs from the implied one beyond tolerance."""
        return tuple(row for row in self.claims if row.exceeds)

    @property
    def coherent(self) -> bool:
        """True when no stated marginal differs beyond the tolerance."""
        return not self.incoherent

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "model": self.model_id,
            "tolerance": self.tolerance,
            "coherent": self.coherent,
            "claims": [row.to_dict() for row in self.claims],
        }


def coherence(
    model: Model, credences: CredencesLike = None, *, tolerance: float = DEFAULT_TOLERANCE
) -> Coherence:
    """Each claim's stated marginal (``stated:``) against the marginal its tables imply.

    ``credences`` are laid over the model's numbers first (uncertain values at their mean);
    no evidence or intervention applies: a stated marginal is unconditional. A ``tolerance``
    outside [0, 1] is a problem with that argument (code ``out-of-range``).
    """
    if not (isinstance(tolerance, int | float) and math.isfinite(tolerance)
            and 0.0 <= tolerance <= 1.0):
        raise InputError.argument(
            "tolerance", f"tolerance {tolerance!r} out of range (expected a number in 0..1)",
            code="out-of-range",
        )
    stated = [(claim, claim.stated) for claim in model.claims.values() if claim.stated]
    result = marginals(model, credences) if stated else None
    rows = []
    for claim, said in stated:
        implied = tuple(result.distributions[claim.id][s] for s in claim.states) if result else ()
        difference = max(abs(a - b) for a, b in zip(said.p, implied, strict=True))
        rows.append(StatedMarginal(
            claim=claim.id, states=claim.states, stated=said.p, implied=implied,
            source=said.source, difference=difference, exceeds=difference > tolerance + _SLACK,
        ))
    return Coherence(model_id=model.id, tolerance=float(tolerance), claims=tuple(rows))
