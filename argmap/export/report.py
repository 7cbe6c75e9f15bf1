"""A shareable report: one self-contained HTML file.

It holds the argument diagram (SVG, inlined), the output claim's distribution, the credence
profile used (who, which file, which numbers it sets), observations and interventions, every
claim's probability, and, when :mod:`argmap.analysis` is installed, the claims whose value of
information and the numbers whose sensitivity matter most. Nothing is loaded from elsewhere
(no scripts, style sheets, fonts or images; a Content-Security-Policy forbids them), and all
text from the model and the credence file is HTML-escaped.

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> page = to_html(model, diagram=False)
>>> page.startswith("<!DOCTYPE html>") and "The grass is wet." in page
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape
from typing import Any

from .. import analysis
from ..credence_writer import value_text
from ..credences import Credences
from ..errors import ArgmapError
from ..inference import Result, headline, marginals, overrides_of
from ..model import Model, given_label
from ..values import Value
from .dot import DiagramOptions, colour, to_dot
from .images import render

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = """
body {font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
  max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; line-height: 1.45;}
h1 {font-size: 1.6rem; margin-bottom: 0.2rem;} h2 {font-size: 1.2rem; margin-top: 2rem;}
table {border-collapse: collapse; margin: 0.5rem 0;} td, th {padding: 0.25rem 0.6rem;
  border-bottom: 1px solid #ddd; text-align: left; vertical-align: top;}
td.num {text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap;}
.bar {display: inline-block; height: 0.8rem; background: #f1a340; vertical-align: middle;}
.muted {color: #595959;} .diagram svg {max-width: 100%; height: auto;}
.chip {display: inline-block; width: 0.9rem; height: 0.9rem; border: 1px solid #404040;
  vertical-align: middle;}
"""


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def _pct(p: float) -> str:
    return f"{100 * p:.1f}%"


def inline_svg(svg: str) -> str:
    """Graphviz SVG made safe to inline: no XML declaration, DOCTYPE or comments."""
    svg = re.sub(r"<\?xml[^>]*\?>", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>", "", svg, flags=re.IGNORECASE)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.DOTALL)
    return svg.strip()


def _diagram(model: Model, result: Result, options: DiagramOptions | None) -> str:
    try:
        svg = render(to_dot(model, result, options), "svg").decode("utf-8")
    except ArgmapError as err:
        return f'<p class="muted">No diagram: {_e(err.problems[0].message)}</p>'
    return f'<div class="diagram">{inline_svg(svg)}</div>'


def _condition(
    model: Model, credences: Credences | Mapping[str, Value] | None, result: Result
) -> str:
    """The headline under the model's condition, with the unconditional number beside it.

    The caller's evidence that matches the condition is read as the condition; the rest (and
    do()) as the caller's own (the rule of :func:`argmap.inference.headline_context`)."""
    if not model.given:
        return ""
    own = {c: s for c, s in result.evidence.items() if model.given.get(c) != s}
    try:
        h = headline(model, credences, evidence=own, do=result.do)
    except ArgmapError as err:
        return f'<p class="muted">Headline unavailable: {_e(err.problems[0].message)}</p>'
    note = f'<p class="muted">{_e(model.output_note)}</p>' if model.output_note else ""
    if not h.given:
        return (f"<p>The model's headline condition ({_e(model.given_label)}) is replaced by "
                f"the observations and interventions below.</p>{note}")
    applied = all(result.evidence.get(c) == s for c, s in h.given.items())
    shown = "shown below" if applied else "not applied below"
    return (
        f"<p><strong>Headline: P({_e(h.target)} | {_e(given_label(h.given))}) = "
        f"{_pct(h.p_given)}</strong>; unconditional: {_pct(h.p_unconditional)}. The condition "
        f"is the model's headline condition ({shown}).</p>{note}"
    )


def _output(model: Model, result: Result) -> str:
    cid, state = model.output
    claim = model.claims[cid]
    rows = []
    for i, s in enumerate(claim.states):
        p = result.distributions[cid][s]
        mark = " (output)" if i == state else ""
        rows.append(
            f"<tr><td>{_e(s)}{mark}</td><td class=num>{_pct(p)}</td>"
            f'<td><span class=bar style="width:{20 * p:.2f}rem"></span></td></tr>'
        )
    return (
        f"<h2>Output: {_e(claim.short)}</h2><p>{_e(claim.statement)}</p>"
        f"<table><tr><th>state</th><th>probability</th><th></th></tr>{''.join(rows)}</table>"
    )


def _profile(model: Model, credences: Credences | Mapping[str, Value] | None) -> str:
    parts = ["<h2>Credences used</h2>"]
    if credences is None:
        parts.append("<p>The model's own numbers.</p>")
        return "".join(parts)
    if isinstance(credences, Credences):
        facts = [("author", credences.author), ("file", credences.path), ("date", credences.date),
                 ("note", credences.note)]
        if credences.illustrative:
            facts.append(("illustrative", "yes: a made-up example profile"))
        parts.append("<table>" + "".join(
            f"<tr><th>{k}</th><td>{_e(v)}</td></tr>" for k, v in facts if v
        ) + "</table>")
    values = overrides_of(credences)
    changed = {
        pid: v for pid, v in values.items()
        if pid in model.parameters and v != model.parameters[pid].value
    }
    if not changed:
        parts.append("<p>No number differs from the model's own.</p>")
        return "".join(parts)
    rows = "".join(
        f"<tr><td><code>{_e(pid)}</code></td><td>{_e(model.parameters[pid].label)}</td>"
        f"<td>{_e(value_text(v, model.parameters[pid].states))}</td>"
        f"<td>{_e(value_text(model.parameters[pid].value, model.parameters[pid].states))}</td>"
        "</tr>"
        for pid, v in sorted(changed.items())
    )
    parts.append(
        f"<p>{len(changed)} number(s) differ from the model's own.</p><table><tr><th>parameter"
        f"</th><th>what</th><th>this profile</th><th>model</th></tr>{rows}</table>"
    )
    return "".join(parts)


def _scenario(model: Model, result: Result) -> str:
    if not result.evidence and not result.do:
        return ""
    items = [
        f"<li>{'given (the headline condition)' if model.given.get(c) == s else 'observed'} "
        f"{_e(c)} = {_e(s)}</li>"
        for c, s in result.evidence.items()
    ]
    items += [f"<li>set (do) {_e(c)} = {_e(s)}</li>" for c, s in result.do.items()]
    return f"<h2>Observations and interventions</h2><ul>{''.join(items)}</ul>"


def _claims(model: Model, result: Result) -> str:
    checked = any(c.evidence for c in model.claims.values())
    rows = []
    for cid, claim in model.claims.items():
        dist = result.distributions[cid]
        shown = ", ".join(f"{_e(s)} {_pct(p)}" for s, p in dist.items())
        first = next(iter(dist.values()))
        rows.append(
            f'<tr><td><span class=chip style="background:{colour(first)}"></span></td>'
            f"<td><code>{_e(cid)}</code></td><td>{_e(claim.statement)}</td>"
            f"<td class=num>{shown}</td><td>{_e(claim.basis or '')}</td>"
            + (f"<td>{_e(claim.evidence or '')}</td>" if checked else "") +
            f"<td>{_e(claim.section or '')}</td></tr>"
        )
    return (
        "<h2>Every claim</h2><table><tr><th></th><th>id</th><th>statement</th>"
        f"<th>probability</th><th>basis</th>{'<th>checked</th>' if checked else ''}"
        f"<th>section</th></tr>{''.join(rows)}</table>"
        + ("<p class=muted>checked: V read in the report's own text, S a secondary source, "
           "M unverified (our reading).</p>" if checked else "")
    )


def _analysis(
    model: Model,
    credences: Credences | Mapping[str, Value] | None,
    result: Result,
    top: int,
) -> str:
    parts = []
    evidence, do = dict(result.evidence), dict(result.do)
    try:
        voi = analysis.value_of_information(model, credences, evidence=evidence, do=do)
        rows = "".join(
            f"<tr><td><code>{_e(c.claim)}</code></td><td>{_e(model.claims[c.claim].short)}</td>"
            f"<td class=num>{100 * c.expected_change:.2f} pp</td>"
            f"<td class=num>{c.mutual_information:.4f}</td></tr>"
            for c in voi.claims[:top]
        )
        parts.append(
            f"<h2>What would be most worth learning</h2><p class=muted>Value of information "
            f"for P({_e(voi.target.label)}): the expected change on learning each claim, and the "
            "mutual information in bits.</p><table><tr><th>claim</th><th>statement</th>"
            f"<th>expected change</th><th>bits</th></tr>{rows}</table>"
        )
        sens = analysis.sensitivity(model, credences, evidence=evidence, do=do)
        rows = "".join(
            f"<tr><td><code>{_e(s.key)}</code></td><td>{_e(s.label)}</td>"
            f"<td class=num>{_pct(s.low)} to {_pct(s.high)}</td>"
            f"<td class=num>{_pct(s.target_low)} to {_pct(s.target_high)}</td></tr>"
            for s in sens.swings[:top]
        )
        parts.append(
            f"<h2>Which numbers matter most</h2><p class=muted>One-way sensitivity of "
            f"P({_e(sens.target.label)}): each number swung across its range.</p><table><tr>"
            f"<th>number</th><th>what</th><th>range</th><th>target moves</th></tr>{rows}</table>"
        )
    except ArgmapError as err:
        parts.append(f'<p class="muted">Analysis unavailable: {_e(err)}</p>')
    return "".join(parts)


def to_html(
    model: Model,
    credences: Credences | Mapping[str, Value] | None = None,
    *,
    evidence: Mapping[str, str] | None = None,
    do: Mapping[str, str] | None = None,
    result: Result | None = None,
    options: DiagramOptions | None = None,
    diagram: bool = True,
    top: int = 8,
) -> str:
    """The report as one HTML document (UTF-8 text)."""
    result = result or marginals(model, credences, evidence=evidence, do=do)
    source = ""
    if model.source:
        bits = [str(model.source.get(k)) for k in ("title", "author", "year", "url")
                if model.source.get(k)]
        source = f'<p class="muted">Source: {_e(", ".join(bits))}</p>'
    description = f"<p>{_e(model.description)}</p>" if model.description else ""
    body = [
        f"<h1>{_e(model.title)}</h1>",
        f'<p class="muted">argmap model <code>{_e(model.id)}</code></p>',
        description,
        source,
        _output(model, result),
        _condition(model, credences, result),
        _scenario(model, result),
        _profile(model, credences),
        "<h2>The argument</h2>" + (_diagram(model, result, options) if diagram else ""),
        _analysis(model, credences, result, top),
        _claims(model, result),
    ]
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(model.title)}</title><style>{STYLE}</style></head><body>"
        + "\n".join(part for part in body if part)
        + "\n</body></html>\n"
    )
