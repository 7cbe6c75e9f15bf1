"""The argument diagram as Graphviz DOT.

Claims are boxes labelled with a short statement and their probability (printed, so the
diagram never relies on colour alone), filled on a colour-blind-safe diverging scale
(purple for unlikely, white for even, orange for likely; ColorBrewer PuOr). Links are drawn by
role: supports (solid, dark blue, arrow), undermines (dashed, dark orange, tee), moderates
(dotted, grey, circle). A legend explains the styles. Claims can be grouped by the model's
groups or by report section, laid out top-down or left-right, with or without numbers.

Every piece of claim text is escaped for DOT's quoted strings, so quotes, braces, angle
brackets, backslashes and newlines in a statement are shown literally.

Examples
--------
>>> from argmap.loading import load_model
>>> from argmap.inference import marginals
>>> model = load_model("models/examples/sprinkler.yaml")
>>> dot = to_dot(model, marginals(model))
>>> dot.startswith("digraph argmap {")
True
>>> '"rain" -> "wet"' in dot
True
>>> quote('say "hi" \\\\ <b>')
'"say \\\\"hi\\\\" \\\\\\\\ <b>"'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..inference import Result
from ..model import Claim, Model

GroupBy = Literal["group", "section", "none"]

ROLE_STYLE: dict[str | None, str] = {
    "supports": 'color="#2166ac", style=solid, arrowhead=normal, penwidth=1.6',
    "undermines": 'color="#b35806", style=dashed, arrowhead=tee, penwidth=1.6',
    "moderates": 'color="#737373", style=dotted, arrowhead=odot, penwidth=1.4',
    None: 'color="#969696", style=solid, arrowhead=normal, penwidth=1.0',
}
_SCALE = [(0.0, (0x99, 0x8E, 0xC3)), (0.5, (0xF7, 0xF7, 0xF7)), (1.0, (0xF1, 0xA3, 0x40))]


@dataclass(frozen=True)
class DiagramOptions:
    """How to draw the diagram."""

    rankdir: Literal["TB", "LR"] = "TB"
    group_by: GroupBy = "none"
    numbers: bool = True
    legend: bool = True
    wrap: int = 26


def shown(text: str) -> str:
    """The text a diagram shows for ``text``: control characters become visible symbols.

    A tab becomes a space; other C0 controls (except line breaks) and DEL become their Unicode
    "control pictures" (U+2400...); other characters XML cannot hold become U+FFFD; and
    ``\\r\\n`` and ``\\r`` become ``\\n``. Everything else is shown as written.

    >>> shown("a\\x01b\\r\\nc")
    'a\u2401b\\nc'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_SHOWN)


_SHOWN: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20) if c not in (9, 10)}
_SHOWN[9] = " "
_SHOWN[0x7F] = "\u2421"
_SHOWN.update({c: "\ufffd" for c in range(0x80, 0xA0)})
_SHOWN.update({c: "\ufffd" for c in (0xFFFE, 0xFFFF)})
_SHOWN.update({c: "\ufffd" for c in range(0xD800, 0xE000)})


def quote(text: str) -> str:
    """A DOT quoted string that Graphviz shows as ``text`` (see :func:`shown`) in a label.

    Escapes what DOT's lexer and Graphviz's label processing would otherwise interpret:
    backslashes (``\\N`` would become the node name), double quotes, line breaks, and ``&``
    (Graphviz decodes HTML entities such as ``&lt;`` in labels).
    """
    escaped = shown(text).replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n") + '"'


def quote_tooltip(text: str) -> str:
    """Like :func:`quote`, for ``tooltip`` attributes, which Graphviz unescapes twice."""
    escaped = shown(text).replace("&", "&amp;").replace("\\", "\\\\\\\\")
    return '"' + escaped.replace('"', '\\"').replace("\n", "\\n") + '"'


def colour(p: float) -> str:
    """Fill colour for probability ``p`` on the diverging PuOr scale.

    >>> colour(0.5)
    '#f7f7f7'
    """
    p = min(1.0, max(0.0, p))
    for (x0, c0), (x1, c1) in zip(_SCALE, _SCALE[1:], strict=False):
        if p <= x1:
            t = (p - x0) / (x1 - x0)
            rgb = [round(a + (b - a) * t) for a, b in zip(c0, c1, strict=True)]
            return "#" + "".join(f"{v:02x}" for v in rgb)
    return "#f1a340"


def wrap(text: str, width: int) -> str:
    """Wrap ``text`` at word boundaries to lines of about ``width`` characters."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines)


def claim_probability(model: Model, claim: Claim, result: Result) -> tuple[float, str]:
    """The probability that colours a claim, and the text printed under its label."""
    dist = result.distributions[claim.id]
    if claim.id == model.output[0]:
        state = claim.states[model.output[1]]
    else:
        state = claim.states[0]
    if len(claim.states) == 2 and claim.states[0] == "true":
        text = f"{dist[state]:.0%}"
    elif len(claim.states) <= 4:
        text = "\n".join(f"{s}: {dist[s]:.0%}" for s in claim.states)
    else:  # many states: the most likely one, and the output's own state first
        best = max(dist, key=lambda s: dist[s])
        first = state if claim.id == model.output[0] else best
        text = "\n".join(f"{s}: {dist[s]:.0%}" for s in dict.fromkeys((first, best)))
    return dist[state], text


def _node(model: Model, claim: Claim, result: Result | None, options: DiagramOptions) -> str:
    label = wrap(claim.short, options.wrap)
    attrs = []
    if result is not None and options.numbers:
        p, text = claim_probability(model, claim, result)
        marker = ""
        if claim.id in result.evidence:
            how = "given" if model.given.get(claim.id) == result.evidence[claim.id] else "observed"
            marker = f"\n{how}: {result.evidence[claim.id]}"
        elif claim.id in result.do:
            marker = f"\nset: {result.do[claim.id]}"
        label = f"{label}\n{text}{marker}"
        attrs.append(f'fillcolor="{colour(p)}"')
    else:
        attrs.append('fillcolor="#ffffff"')
    if claim.id == model.output[0]:
        attrs.append("penwidth=2.5")
    if claim.is_input:
        attrs.append('shape=box, style="rounded,filled"')
    tooltip = claim.statement if len(claim.statement) < 400 else claim.statement[:397] + "..."
    attrs.append(f"tooltip={quote_tooltip(tooltip)}")
    return f"  {quote(claim.id)} [label={quote(label)}, {', '.join(attrs)}];"


def _cluster_key(claim: Claim, group_by: GroupBy) -> str | None:
    if group_by == "group":
        return claim.group
    if group_by == "section" and claim.section:
        return "§" + claim.section.split(".")[0]
    return None


def to_dot(
    model: Model, result: Result | None = None, options: DiagramOptions | None = None
) -> str:
    """The model's argument diagram as DOT text (with ``result``'s probabilities if given)."""
    options = options or DiagramOptions()
    lines = [
        "digraph argmap {",
        f"  graph [rankdir={options.rankdir}, fontname=Helvetica, fontsize=11, "
        f'nodesep=0.3, ranksep=0.45, labelloc=t, label={quote(model.title)}];',
        '  node [shape=box, style="filled", fontname=Helvetica, fontsize=10, '
        'color="#404040", margin="0.12,0.06"];',
        "  edge [fontname=Helvetica, fontsize=9];",
    ]
    titles = dict(model.groups)
    clusters: dict[str, list[Claim]] = {}
    loose: list[Claim] = []
    for claim in model.claims.values():
        key = _cluster_key(claim, options.group_by)
        if key is None:
            loose.append(claim)
        else:
            clusters.setdefault(key, []).append(claim)
    for i, (key, members) in enumerate(clusters.items()):
        title = titles.get(key, key)
        lines.append(f"  subgraph cluster_{i} {{")
        lines.append(f'    label={quote(title)}; style="rounded,dashed"; color="#bdbdbd"; '
                     'fontcolor="#525252";')
        lines.extend("  " + _node(model, c, result, options) for c in members)
        lines.append("  }")
    lines.extend(_node(model, c, result, options) for c in loose)
    for claim in model.claims.values():
        for link in claim.links:
            states = model.link_states(claim, link)
            where = f" ({states})" if states else ""
            if result is not None and claim.id in result.do:  # do() cut this link
                tip = quote_tooltip(f"{link.parent} -> {claim.id}: cut by do({claim.id})")
                lines.append(
                    f"  {quote(link.parent)} -> {quote(claim.id)} [color=\"#d9d9d9\", "
                    f"style=dotted, arrowhead=none, tooltip={tip}];"
                )
                continue
            tip = quote_tooltip(f"{link.parent} {link.role or 'bears on'} {claim.id}{where}")
            label = f", label={quote(states)}, fontcolor=\"#525252\"" if states else ""
            lines.append(
                f"  {quote(link.parent)} -> {quote(claim.id)} [{ROLE_STYLE[link.role]}, "
                f"tooltip={tip}{label}];"
            )
    if options.legend:
        lines.extend(_legend(model, result is not None and options.numbers, options.rankdir))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _legend(model: Model, numbers: bool, rankdir: str = "TB") -> list[str]:
    """A legend cluster: one short sample edge per role used, and the fill scale.

    The sample edges lie along the layout's cross direction (side by side when the diagram
    runs top-down, stacked when it runs left-right), so the legend stays compact.
    """
    roles = {link.role for c in model.claims.values() for link in c.links}
    lines = [
        "  subgraph cluster_legend {",
        '    label="Legend"; style=rounded; color="#d9d9d9"; fontcolor="#525252"; fontsize=9;',
        '    node [shape=plaintext, style="", fontsize=9, width=0, height=0, margin=0.02];',
    ]
    order: list[str | None] = ["supports", "undermines", "moderates", None]
    previous = None
    for i, role in enumerate(r for r in order if r in roles):
        name: str = role or "linked"
        lines.append(f'    legend_{i}_a [label=""]; legend_{i}_b [label="{name}"];')
        if rankdir == "TB":
            lines.append(f"    {{rank=same; legend_{i}_a; legend_{i}_b;}}")
        lines.append(f"    legend_{i}_a -> legend_{i}_b [{ROLE_STYLE[role]}];")
        previous = previous or f"legend_{i}_a"
    if numbers:
        out_claim, state = model.output
        state_name = quote(model.claims[out_claim].states[state])[1:-1]
        cells = "".join(
            f'<td bgcolor="{colour(p)}" width="26">{round(100 * p)}%</td>'
            for p in (0.0, 0.25, 0.5, 0.75, 1.0)
        )
        lines.append(
            "    legend_scale [shape=plain, label=<<table border=\"0\" cellborder=\"1\" "
            'cellspacing="0" cellpadding="2"><tr><td colspan="5">fill: P(first state; '
            f"{_html(state_name)} for the output)</td></tr><tr>{cells}</tr>"
            '<tr><td colspan="5">rounded box: input · thick border: output</td></tr>'
            "</table>>];"
        )
        if previous is not None and rankdir == "TB":
            lines.append(f"    {previous} -> legend_scale [style=invis];")
    lines.append("  }")
    return lines


def _html(text: str) -> str:
    """Text for a Graphviz HTML-like label."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
