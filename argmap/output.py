"""A model's output and the headline's condition, resolved from ``output:`` in a model file.

``output.claim`` and ``output.state`` name what analyses target by default; ``output.given``
names the condition the headline is read under (``docs/format.md``, "The headline's
condition"). Problems go to the resolver's :class:`~argmap.errors.Collector`, located.

>>> from argmap.errors import Collector
>>> from argmap.schema import ModelSpec
>>> spec = ModelSpec.model_validate({"id": "toy", "title": "Toy", "claims": {
...     "rain": {"statement": "It rains.", "prior": 0.3},
...     "wet": {"statement": "Wet.", "parents": ["rain"], "logic": "all"}},
...     "output": {"claim": "wet", "given": {"rain": True}}})
>>> resolve_output(spec, Collector("toy.yaml"))
(('wet', 0), {'rain': 'true'})
"""

from __future__ import annotations

from .checks import state_index
from .errors import Collector, unknown_claim
from .schema import ModelSpec


def resolve_output(spec: ModelSpec, out: Collector) -> tuple[tuple[str, int], dict[str, str]]:
    """The output ``(claim id, state index)`` and the condition ``{claim: state}`` in the
    order the file writes it; problems go to ``out``. Without ``output:`` the last claim's
    first state."""
    if spec.output is None:
        return (list(spec.claims)[-1], 0), {}
    return _output(spec, out), _given(spec, out)


def _output(spec: ModelSpec, out: Collector) -> tuple[str, int]:
    assert spec.output is not None
    cid = spec.output.claim
    if cid not in spec.claims:
        out.add(("output", "claim"), unknown_claim(cid, spec.claims), code="unknown-claim")
        return cid, 0
    if spec.output.state is None:
        return cid, 0
    states = spec.claims[cid].states
    return cid, state_index(out, ("output", "state"), cid, states, spec.output.state) or 0


def _given(spec: ModelSpec, out: Collector) -> dict[str, str]:
    """``output.given`` checked: known claims, their states, not the output claim itself."""
    assert spec.output is not None
    given: dict[str, str] = {}
    for cid, state in spec.output.given.items():
        loc = ("output", "given", cid)
        if cid not in spec.claims:
            out.add(loc, unknown_claim(cid, spec.claims), code="unknown-claim")
        elif cid == spec.output.claim:
            out.add(loc, f"the output claim {cid!r} is in its own condition (expected other "
                    "claims in given: the headline is P(output | given))", code="bad-value")
        elif state_index(out, loc, cid, spec.claims[cid].states, state) is not None:
            given[cid] = state
    return given
