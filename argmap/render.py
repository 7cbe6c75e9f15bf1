"""Plain-text tables for the terminal (no colours, so they paste cleanly anywhere)."""

from __future__ import annotations

from typing import Any

from .inference import Result
from .model import Model


def _fmt(p: float) -> str:
    return f"{p:6.1%}" if p >= 0.0005 or p == 0 else f"{p:6.2g}"


def result_table(model: Model, result: Result, credences: Any = None, width: int = 44) -> str:
    """Every claim's marginal, one line per claim (one per state for multi-state claims).

    >>> from argmap.loading import load_model
    >>> from argmap.inference import marginals
    >>> m = load_model("models/examples/sprinkler.yaml")
    >>> print(result_table(m, marginals(m)).splitlines()[0])
    Rain, sprinkler and wet grass (model: sprinkler)
    """
    lines = [f"{model.title} (model: {model.id})"]
    lines.append(f"credences: {credences.path if credences else 'the model file'}")
    if result.evidence:
        lines.append("evidence: " + ", ".join(f"{k}={v}" for k, v in result.evidence.items()))
        lines.append(f"P(evidence) = {result.evidence_probability:.6g}")
    if result.do:
        lines.append("do: " + ", ".join(f"{k}={v}" for k, v in result.do.items()))
    out_claim, out_state = model.output
    target = model.claims[out_claim].states[out_state]
    lines.append(f"P({out_claim}={target}) = {result.p(out_claim, target):.4f}")
    lines.append("")
    lines.append(f"{'claim':<28} {'label':<{width}} {'state':<16} {'P':>7}")
    lines.append("-" * (28 + width + 16 + 10))
    for cid, claim in model.claims.items():
        dist = result.distributions[cid]
        short = claim.short if len(claim.short) <= width else claim.short[: width - 1] + "…"
        mark = ""
        if cid in result.evidence:
            mark = " (observed)"
        elif cid in result.do:
            mark = " (set)"
        states = list(dist.items())
        if len(states) == 2 and states[0][0] == "true":
            states = states[:1]
        for i, (state, p) in enumerate(states):
            name = cid + mark if i == 0 else ""
            text = short if i == 0 else ""
            lines.append(f"{name:<28} {text:<{width}} {state:<16} {_fmt(p):>7}")
    return "\n".join(lines)
