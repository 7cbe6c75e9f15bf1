"""Plain-text tables for the terminal (no colours, so they paste cleanly anywhere).

Each function takes a result of the library and returns text; nothing is computed here. The
commands print them; ``--json`` prints the result's ``to_dict()`` instead.

Examples
--------
>>> from argmap.analysis import sensitivity
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> print(sensitivity_table(sensitivity(model), top=1).splitlines()[0])
Sensitivity of P(wet=true) = 0.6506
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .._display import condition_words
from ..model import Model, given_label

if TYPE_CHECKING:  # a query's table must not load every analysis (start-up, issue 14)
    from .. import analysis as an
    from ..inference import Result

_BAR = 24


def _fmt(p: float) -> str:
    return f"{p:6.1%}" if p >= 0.0005 or p == 0 else f"{p:6.2g}"


@dataclass(frozen=True)
class Condition:
    """The model's headline condition as a command applied it: ``model`` is the model's own
    (``output.given``), ``applied`` the part in force (claims the person observed or set are
    left out), ``unconditional`` whether ``--unconditional`` dropped it."""

    model: Mapping[str, str] = field(default_factory=dict)
    applied: Mapping[str, str] = field(default_factory=dict)
    unconditional: bool = False

    def lines(self) -> list[str]:
        """What the output says about the condition (nothing for a model without one).

        >>> Condition({"a": "true"}, {"a": "true"}).lines()
        ["given a=true (the model's headline condition; --unconditional to drop it)"]
        >>> Condition({"a": "true"}, {}, unconditional=True).lines()
        ["unconditional: the model's headline condition a=true is dropped"]
        """
        if not self.model:
            return []
        label = condition_words(self.model)
        if self.unconditional:
            return [f"unconditional: the model's headline condition {label} is dropped"]
        if not self.applied:
            return [f"the model's headline condition {label} is replaced by your --evidence "
                    "and --do"]
        rest = ", less the claims you observe or set" if len(self.applied) < len(self.model) \
            else ""
        return [f"given {condition_words(self.applied)} (the model's headline condition{rest}; "
                "--unconditional to drop it)"]

    def to_dict(self) -> dict[str, Any]:
        """The JSON every command adds: the condition applied, and whether it was dropped."""
        return {"given": dict(self.applied), "unconditional": self.unconditional}


def result_table(
    model: Model,
    result: Result,
    credences: Any = None,
    width: int = 44,
    *,
    condition: Condition | None = None,
    unconditional: float | None = None,
) -> str:
    """Every claim's marginal, one line per claim (one per state for multi-state claims).

    Under a headline condition the output line names it, with the ``unconditional`` answer
    beside it.

    >>> from argmap.loading import load_model
    >>> from argmap.inference import marginals
    >>> m = load_model("models/examples/sprinkler.yaml")
    >>> print(result_table(m, marginals(m)).splitlines()[0])
    Rain, sprinkler and wet grass (model: sprinkler)
    """
    given = condition.applied if condition else {}
    lines = [f"{model.title} (model: {model.id})"]
    lines.append(f"credences: {credences.path if credences else 'the model file'}")
    lines += condition.lines() if condition else []
    observed = {k: v for k, v in result.evidence.items() if k not in given}
    if observed:
        lines.append("evidence: " + ", ".join(f"{k}={v}" for k, v in observed.items()))
    if result.evidence:
        lines.append(f"P({'given and ' if given and observed else ''}"
                     f"{'evidence' if observed else 'given'}) = "
                     f"{result.evidence_probability:.6g}")
    if result.do:
        lines.append("do: " + ", ".join(f"{k}={v}" for k, v in result.do.items()))
    out_claim, out_state = model.output
    target = model.claims[out_claim].states[out_state]
    p = result.p(out_claim, target)
    if given:
        beside = "" if unconditional is None else f"   (unconditional: {unconditional:.4f})"
        lines.append(f"P({out_claim}={target} | {given_label(given)}) = {p:.4f}{beside}")
    else:
        lines.append(f"P({out_claim}={target}) = {p:.4f}")
    lines.append("")
    lines.append(f"{'claim':<28} {'label':<{width}} {'state':<16} {'P':>7}")
    lines.append("-" * (28 + width + 16 + 10))
    for cid, claim in model.claims.items():
        dist = result.distributions[cid]
        short = claim.short if len(claim.short) <= width else claim.short[: width - 1] + "…"
        mark = ""
        if cid in given:
            mark = " (given)"
        elif cid in result.evidence:
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


def _pct(p: float | None) -> str:
    if p is None or not np.isfinite(p):
        return "   n/a"
    return f"{p:6.1%}"


def _pp(d: float) -> str:
    """A difference in percentage points, signed."""
    return f"{100 * d:+6.2f} pp" if np.isfinite(d) else "     n/a"


def _bar(x: float, scale: float, width: int = _BAR) -> str:
    if not np.isfinite(x) or scale <= 0:
        return ""
    return "#" * max(0, round(width * abs(x) / scale))


def _cut(text: str, width: int) -> str:
    """``text`` shortened to ``width`` by cutting its middle (the ends say the most)."""
    if len(text) <= width:
        return text
    keep = width - 1
    return text[: keep - keep // 2] + "…" + text[len(text) - keep // 2 :]


def _context(
    evidence: Mapping[str, str], do: Mapping[str, str], condition: Condition | None = None
) -> list[str]:
    """The evidence and do() lines of a table; the condition's claims are named by it."""
    lines = condition.lines() if condition else []
    given = condition.applied if condition else {}
    observed = {k: v for k, v in evidence.items() if k not in given}
    if observed:
        lines.append("evidence: " + ", ".join(f"{k}={v}" for k, v in observed.items()))
    if do:
        lines.append("do: " + ", ".join(f"{k}={v}" for k, v in do.items()))
    return lines


def sensitivity_table(
    result: an.Sensitivity, top: int | None = None, *, condition: Condition | None = None
) -> str:
    """The tornado as a table: each probability's range and the target at either end."""
    label = result.target.label
    lines = [
        f"Sensitivity of P({label}) = {result.base:.4f}",
        *_context(result.evidence, result.do, condition),
    ]
    shown = result.swings[:top] if top else result.swings
    w = min(64, max((len(s.key) for s in shown), default=9))
    lines.append("")
    lines.append(
        f"{'parameter':<{w}} {'now':>6} {'low':>6} {'high':>6}   {'P at low':>8} {'P at high':>9}"
        f" {'swing':>9}"
    )
    lines.append("-" * (w + 70))
    scale = max((s.swing for s in shown if np.isfinite(s.swing)), default=0.0)
    for s in shown:
        lines.append(
            f"{_cut(s.key, w):<{w}} {s.value:6.3f} {s.low:6.3f} {s.high:6.3f}   "
            f"{_pct(s.target_low):>8} {_pct(s.target_high):>9} {_pct(s.swing):>9} "
            f"{_bar(s.swing, scale, 12)}"
        )
    if top and len(result.swings) > top:
        lines.append(f"... and {len(result.swings) - top} more (--top 0 shows all)")
    if result.fixed:
        lines.append(
            f"{len(result.fixed)} numbers fixed at exactly 0 or 1 (read as definitions) are not "
            "swung; --include-fixed swings them too"
        )
    return "\n".join(lines)


def two_way_table(result: an.TwoWay, *, condition: Condition | None = None) -> str:
    """The two-way grid: rows are ``x`` values, columns ``y`` values, cells P(target)."""
    lines = [
        f"P({result.target.label}) over {result.x_key} (rows) and {result.y_key} (columns); "
        f"now {result.base:.4f} at ({result.x_value:.3g}, {result.y_value:.3g})",
        *(condition.lines() if condition else []),
        "",
        " " * 8 + "".join(f"{y:>7.3f}" for y in result.y),
    ]
    for x, row in zip(result.x, result.values, strict=True):
        lines.append(f"{x:>7.3f} " + "".join(f"{_pct(v):>7}" for v in row))
    return "\n".join(lines)


def voi_table(
    result: an.ValueOfInformation, top: int | None = None, *, condition: Condition | None = None
) -> str:
    """Value of information per claim: expected change, mutual information, the range."""
    lines = [
        f"Value of information for P({result.target.label}) = {result.base:.4f} "
        f"(entropy of {result.target.claim}: {result.entropy:.3f} bits)",
        *_context(result.evidence, result.do, condition),
        "ranked by "
        + ("expected absolute change" if result.rank_by == "change" else "mutual information"),
        "",
        f"{'claim':<32} {'E|change|':>9} {'MI (bits)':>10}   {'P if learnt: low .. high':<26}",
        "-" * 82,
    ]
    shown = result.claims[:top] if top else result.claims
    scale = max((c.expected_change for c in shown), default=0.0)
    for c in shown:
        span = f"{_pct(c.low)} .. {_pct(c.high)}"
        lines.append(
            f"{_cut(c.claim, 32):<32} {_pct(c.expected_change):>9} {c.mutual_information:10.4f}   "
            f"{span:<18} {_bar(c.expected_change, scale, 12)}"
        )
    if top and len(result.claims) > top:
        lines.append(f"... and {len(result.claims) - top} more (--top 0 shows all)")
    return "\n".join(lines)


def montecarlo_table(
    result: an.MonteCarlo, top: int | None = 10, *, condition: Condition | None = None
) -> str:
    """Summary, a text histogram, and the drivers of the spread."""
    lo, hi = result.interval
    lines = [
        f"P({result.target.label}) over {result.samples:,} sampled credence sets "
        f"(seed {result.seed})",
        *_context(result.evidence, result.do, condition),
        f"point answer {result.point:.4f}   mean {result.mean:.4f}   median {result.median:.4f}"
        f"   sd {result.sd:.4f}",
        f"5-95% interval [{lo:.4f}, {hi:.4f}]",
        f"{len(result.inputs)} uncertain numbers sampled (written as beta, [lo, hi], mean/sd or "
        "dirichlet); every point value stays fixed, so the interval shows only that uncertainty",
    ]
    if result.impossible:
        lines.append(f"{result.impossible} samples made the evidence impossible and were dropped")
    counts, edges = result.histogram
    peak = float(counts.max()) if counts.size else 0.0
    if np.ptp(edges) > 0:
        lines.append("")
        for c, a, b in zip(counts, edges[:-1], edges[1:], strict=True):
            mark = " <5-95%>" if a <= lo < b or a <= hi < b else ""
            lines.append(f"{a:7.4f}-{b:7.4f} {int(c):>7} {_bar(float(c), peak, 40)}{mark}")
    if result.drivers:
        lines += [
            "",
            "What drives the spread (first-order Sobol index; Spearman rank correlation):",
            f"{'uncertain credence':<48} {'Sobol':>6} {'rank corr':>9}",
            "-" * 66,
        ]
        for d in result.drivers[:top] if top else result.drivers:
            lines.append(f"{_cut(d.key, 48):<48} {d.sobol:6.3f} {d.rank_correlation:+9.3f}")
    else:
        lines.append("no uncertain credences: every sample is the point answer")
    return "\n".join(lines)


def cruxes_table(result: an.Cruxes, *, condition: Condition | None = None) -> str:
    """The difference, each claim's Shapley share, and the halfway points of the top cruxes."""
    how = (
        "exact Shapley values"
        if result.method == "exact"
        else f"Shapley values from {result.permutations} sampled orders (± standard error)"
    )
    lines = [
        f"P({result.target.label}) for A = {result.label_a}: {result.value_a:.4f}",
        f"P({result.target.label}) for B = {result.label_b}: {result.value_b:.4f}",
        f"difference B - A: {_pp(result.difference).strip()}",
        *_context(result.evidence, result.do, condition),
        f"attributed to the {len(result.cruxes)} claims whose credences differ ({how}):",
        "",
        f"{'claim':<32} {'share':>10} {'± se pp':>8} {'alone':>10}",
        "-" * 76,
    ]
    scale = max((abs(c.shapley) for c in result.cruxes), default=0.0)
    for c in result.cruxes:
        se = "" if c.stderr is None else f"{100 * c.stderr:.3f}"
        sign = "+" if c.shapley >= 0 else "-"
        lines.append(
            f"{_cut(c.claim, 32):<32} {_pp(c.shapley):>10} {se:>8} {_pp(c.alone):>10} "
            f"{sign}{_bar(c.shapley, scale, 20)}"
        )
    total = sum(c.shapley for c in result.cruxes)
    lines.append(f"{'sum':<32} {_pp(total):>10}")
    halfway = [c for c in result.cruxes if c.halfway]
    if halfway:
        lines += ["", f"To meet halfway (P = {result.midpoint:.4f}) by changing one claim alone:"]
    for c in halfway:
        for h in c.halfway:
            who, other = h.mover, "B" if h.mover == "A" else "A"
            if h.reached and h.t is not None:
                vals = ", ".join(f"{k} {_fmt_values(v)}" for k, v in h.values.items())
                lines.append(f"  {who} on {c.claim}: {h.t:.0%} of the way to {other}'s ({vals})")
            else:
                lines.append(
                    f"  {who} on {c.claim}: not reached even with {other}'s values "
                    f"(P would be {h.target_at_full:.4f})"
                )
    return "\n".join(lines)


def _fmt_values(v: tuple[float, ...]) -> str:
    if len(v) == 2:
        return f"{v[0]:.3f}"
    return "(" + ", ".join(f"{x:.3f}" for x in v) + ")"


def pool_table(result: an.Pool, *, condition: Condition | None = None) -> str:
    """The pooled target, the pool of outputs, and each member's distance from the pool."""
    lines = [
        f"{result.method.capitalize()} pool of {len(result.members)} profiles, per parameter",
        *_context(result.evidence, result.do, condition),
        f"P({result.target.label}) with the pooled parameters: {result.pooled_target:.4f}",
        f"linear pool of the members' P({result.target.label}):  "
        f"{result.linear_pool_of_targets:.4f}",
        f"log pool of the members' P({result.target.label}):     {result.log_pool_of_targets:.4f}",
        "(pooling the parameters is not pooling the output: the target is not linear in them)",
    ]
    w = min(48, max(len(m.label) for m in result.members))
    lines += [
        "",
        f"{'member':<{w}} {'weight':>6} {'P':>7} {'vs pool':>10} {'mean |dp|':>9} {'KL bits':>8}"
        "   furthest on",
        "-" * (w + 80),
    ]
    for m in result.members:
        kl = f"{m.total_kl:8.3f}" if np.isfinite(m.total_kl) else "     inf"
        lines.append(
            f"{_cut(m.label, w):<{w}} {m.weight:6.3f} {_pct(m.target):>7} "
            f"{_pp(m.target_difference):>10} {m.mean_abs_difference:9.4f} {kl}   "
            + ", ".join(p for p in m.furthest(3) if m.kl[p] > 0)
        )
    return "\n".join(lines)


def coherence_table(result: an.Coherence) -> str:
    """Each stated marginal beside the implied one (one line per state beyond two)."""
    n, bad = len(result.claims), len(result.incoherent)
    if not n:
        return f"{result.model_id}: no claim states a marginal (a claim's stated: key)"
    rows = [(r, i) for r in result.claims for i in range(len(r.states) if len(r.states) > 2 else 1)]
    w = min(44, max(11, *(len(f"{r.claim}={r.states[i]}") for r, i in rows)))
    lines = [f"Stated vs implied marginals of {result.model_id} (tolerance "
             f"{100 * result.tolerance:g} pp): {bad} of {n} differ beyond it", "",
             f"{'claim=state':<{w}} {'stated':>7} {'implied':>7} {'implied-stated':>14}   source",
             "-" * (w + 52)]
    for r, i in rows:
        lines.append((f"{_cut(f'{r.claim}={r.states[i]}', w):<{w}} {_pct(r.stated[i]):>7} "
                      f"{_pct(r.implied[i]):>7} {_pp(r.implied[i] - r.stated[i]):>14}"
                      + (f"{' !' if r.exceeds else '  '} {r.source or ''}" if i == 0 else "")
                      ).rstrip())
    if bad:
        lines += ["", "! stated and implied differ beyond the tolerance"]
    return "\n".join(lines)


def coherence_warnings(result: an.Coherence) -> list[str]:
    """A line per claim whose stated marginal differs beyond the tolerance: both numbers, for
    the state where they differ most (the first of two states)."""
    lines = []
    for r in result.incoherent:
        gap = [round(abs(s - m), 12) for s, m in zip(r.stated, r.implied, strict=True)]
        i = 0 if len(r.states) == 2 else gap.index(max(gap))  # rounded: ties are not noise
        lines.append(f"{r.claim}: the source states P({r.states[i]}) = {r.stated[i]:.4g} but the "
                     f"tables imply {r.implied[i]:.4g} (differs by {100 * r.difference:.2f} pp, "
                     f"more than the tolerance of {100 * result.tolerance:g} pp)"
                     + (f"; stated in {r.source}" if r.source else ""))
    return lines
