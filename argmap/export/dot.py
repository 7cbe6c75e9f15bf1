"""The argument diagram as Graphviz DOT.

Claims are boxes labelled with a short statement and their probability (printed, so the
diagram never relies on colour alone), filled on a colour-blind-safe diverging scale
(purple for unlikely, white for even, orange for likely; ColorBrewer PuOr). Links are drawn by
role: supports (solid, dark blue, arrow), undermines (dashed, dark orange, tee), moderates
(dotted, grey, circle). A legend explains the styles. Claims can be grouped by the model's
groups or by report section, laid out top-down or left-right, with or without numbers.

The diagram is built as a ``graphviz.Digraph`` (:func:`to_digraph`; :func:`to_dot` is its
text), and every piece of model text goes through the package's ``escape``/``nohtml`` and
quoting (:mod:`argmap.export.dot_text`), so quotes, braces, angle brackets, backslashes, DOT
keywords and newlines in a statement are shown literally.

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

import html
from dataclasses import dataclass
from typing import Any, Literal

from .._display import state_words
from ..inference import Result
from ..model import Claim, Link, Model
from .dot_text import Id, digraph, label, quote, quote_tooltip, shown, tooltip

__all__ = ["DiagramOptions", "claim_probability", "colour", "quote", "quote_tooltip", "shown",
           "to_digraph", "to_dot", "wrap"]

GroupBy = Literal["group", "section", "none"]

ROLE_STYLE: dict[str | None, dict[str, str]] = {
    "supports": {"color": "#2166ac", "style": "solid", "arrowhead": "normal", "penwidth": "1.6"},
    "undermines": {"color": "#b35806", "style": "dashed", "arrowhead": "tee", "penwidth": "1.6"},
    "moderates": {"color": "#737373", "style": "dotted", "arrowhead": "odot", "penwidth": "1.4"},
    None: {"color": "#969696", "style": "solid", "arrowhead": "normal", "penwidth": "1.0"},
}
"""Each role's edge attributes (no role: a plain grey arrow)."""
_SCALE = [(0.0, (0x99, 0x8E, 0xC3)), (0.5, (0xF7, 0xF7, 0xF7)), (1.0, (0xF1, 0xA3, 0x40))]


@dataclass(frozen=True)
class DiagramOptions:
    """How to draw the diagram."""

    rankdir: Literal["TB", "LR"] = "TB"
    group_by: GroupBy = "none"
    numbers: bool = True
    legend: bool = True
    wrap: int = 26


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
        text = "\n".join(f"{state_words(s)}: {dist[s]:.0%}" for s in claim.states)
    else:  # many states: the most likely one, and the output's own state first
        best = max(dist, key=lambda s: dist[s])
        first = state if claim.id == model.output[0] else best
        text = "\n".join(
            f"{state_words(s)}: {dist[s]:.0%}" for s in dict.fromkeys((first, best))
        )
    return dist[state], text


def _node(
    graph: Any, model: Model, claim: Claim, result: Result | None, options: DiagramOptions
) -> None:
    text = wrap(claim.short, options.wrap)
    attrs: list[tuple[str, str]] = []
    if result is not None and options.numbers:
        p, numbers = claim_probability(model, claim, result)
        marker = ""
        if claim.id in result.evidence:
            how = "given" if model.given.get(claim.id) == result.evidence[claim.id] else "observed"
            marker = f"\n{how}: {state_words(result.evidence[claim.id])}"
        elif claim.id in result.do:
            marker = f"\nset: {state_words(result.do[claim.id])}"
        text = f"{text}\n{numbers}{marker}"
        attrs.append(("fillcolor", colour(p)))
    else:
        attrs.append(("fillcolor", "#ffffff"))
    if claim.id == model.output[0]:
        attrs.append(("penwidth", "2.5"))
    if claim.is_input:
        attrs += [("shape", "box"), ("style", "rounded,filled")]
    statement = claim.statement if len(claim.statement) < 400 else claim.statement[:397] + "..."
    attrs.append(("tooltip", tooltip(statement)))
    graph.node(Id(claim.id), label(text), _attributes=attrs)


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
    source: str = to_digraph(model, result, options).source
    return source


def to_digraph(
    model: Model, result: Result | None = None, options: DiagramOptions | None = None
) -> Any:
    """The model's argument diagram as a ``graphviz.Digraph`` (:func:`to_dot` is its text).

    In Jupyter the object draws itself where Graphviz's ``dot`` is on ``PATH`` (the package
    runs it); :func:`argmap.export.render` also falls back to ``graphviz-pure``.

    >>> from argmap.loading import load_model
    >>> graph = to_digraph(load_model("models/examples/sprinkler.yaml"))
    >>> type(graph).__mro__[1].__name__, graph.name, graph.graph_attr["rankdir"]
    ('Digraph', 'argmap', 'TB')
    """
    options = options or DiagramOptions()
    graph = digraph(
        "argmap",
        graph_attr={"rankdir": options.rankdir, "fontname": "Helvetica", "fontsize": "11",
                    "nodesep": "0.3", "ranksep": "0.45", "labelloc": "t",
                    "label": label(model.title)},
        node_attr={"shape": "box", "style": "filled", "fontname": "Helvetica", "fontsize": "10",
                   "color": "#404040", "margin": "0.12,0.06"},
        edge_attr={"fontname": "Helvetica", "fontsize": "9"},
    )  # fmt: skip
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
        with graph.subgraph(name=f"cluster_{i}") as cluster:
            cluster.attr(label=label(titles.get(key, key)), style="rounded,dashed",
                         color="#bdbdbd", fontcolor="#525252")  # fmt: skip
            for claim in members:
                _node(cluster, model, claim, result, options)
    for claim in loose:
        _node(graph, model, claim, result, options)
    for claim in model.claims.values():
        for link in claim.links:
            _edge(graph, model, claim, link, result)
    if options.legend:
        _legend(graph, model, result is not None and options.numbers, options.rankdir)
    return graph


def _edge(graph: Any, model: Model, claim: Claim, link: Link, result: Result | None) -> None:
    """One link, drawn by its role (or greyed out when ``do()`` cut it)."""
    if result is not None and claim.id in result.do:
        tip = f"{link.parent} -> {claim.id}: cut by do({claim.id})"
        graph.edge(Id(link.parent), Id(claim.id), _attributes=[
            ("color", "#d9d9d9"), ("style", "dotted"), ("arrowhead", "none"),
            ("tooltip", tooltip(tip))])  # fmt: skip
        return
    states = model.link_states(claim, link)
    where = f" ({states})" if states else ""
    attrs = [*ROLE_STYLE[link.role].items(),
             ("tooltip", tooltip(f"{link.parent} {link.role or 'bears on'} {claim.id}{where}"))]
    if states:
        attrs += [("label", label(states)), ("fontcolor", "#525252")]
    graph.edge(Id(link.parent), Id(claim.id), _attributes=attrs)


def _legend(graph: Any, model: Model, numbers: bool, rankdir: str = "TB") -> None:
    """A legend cluster: one short sample edge per role used, and the fill scale.

    The sample edges lie along the layout's cross direction (side by side when the diagram
    runs top-down, stacked when it runs left-right), so the legend stays compact. The fill
    scale is an HTML-like table (cells coloured one by one); its only model text, the output
    state's name, is escaped with ``html.escape`` here.
    """
    roles = {link.role for c in model.claims.values() for link in c.links}
    with graph.subgraph(name="cluster_legend") as legend:
        legend.attr(label="Legend", style="rounded", color="#d9d9d9", fontcolor="#525252",
                    fontsize="9")  # fmt: skip
        legend.attr("node", shape="plaintext", style="", fontsize="9", width="0", height="0",
                    margin="0.02")  # fmt: skip
        order: list[str | None] = ["supports", "undermines", "moderates", None]
        previous = None
        for i, role in enumerate(r for r in order if r in roles):
            a, b = f"legend_{i}_a", f"legend_{i}_b"
            legend.node(a, "")
            legend.node(b, role or "linked")
            if rankdir == "TB":
                with legend.subgraph() as same:
                    same.attr(rank="same")
                    same.node(a)
                    same.node(b)
            legend.edge(a, b, _attributes=ROLE_STYLE[role])
            previous = previous or a
        if numbers:
            out_claim, state = model.output
            state_name = html.escape(shown(model.claims[out_claim].states[state]))
            cells = "".join(
                f'<td bgcolor="{colour(p)}" width="26">{round(100 * p)}%</td>'
                for p in (0.0, 0.25, 0.5, 0.75, 1.0)
            )
            table = (
                '<<table border="0" cellborder="1" cellspacing="0" cellpadding="2"><tr>'
                f'<td colspan="5">fill: P(first state; {state_name} for the output)</td></tr>'
                f'<tr>{cells}</tr><tr><td colspan="5">rounded box: input · thick border: '
                "output</td></tr></table>>"
            )
            legend.node("legend_scale", table, _attributes=[("shape", "plain")])
            if previous is not None and rankdir == "TB":
                legend.edge(previous, "legend_scale", _attributes=[("style", "invis")])
