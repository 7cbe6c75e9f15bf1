"""The argument diagram as a Mermaid flowchart (renders on GitHub inside a mermaid block).

Each claim is a node ``n_<id>["label"]`` (the prefix keeps ids such as ``end`` or ``o1`` from
being read as Mermaid keywords or edge ends). Labels show the claim's short statement and,
with a result, its probability; links are drawn by role (supports ``-->``, undermines
``-.-x``, moderates ``-.-o``) and labelled with the role, so colour is never needed to read
them. Nodes are filled on the same colour-blind-safe scale as the Graphviz diagram.

Label text is written with Mermaid's entity codes (``#34;`` for a double quote, ``#60;`` for
``<``, ...) for every character that Mermaid or the HTML it renders could interpret, so any
statement shows literally; line breaks become ``<br>``.

Examples
--------
>>> from argmap.loading import load_model
>>> from argmap.inference import marginals
>>> model = load_model("models/examples/sprinkler.yaml")
>>> text = to_mermaid(model, marginals(model))
>>> text.splitlines()[0]
'flowchart TB'
>>> "n_rain -->|supports| n_wet" in text
True
>>> label('say "hi" <b>#1</b>')
'say #34;hi#34; #60;b#62;#35;1#60;/b#62;'
"""

from __future__ import annotations

import re

from .._display import state_words
from ..inference import Result
from ..model import Claim, Model
from .dot import DiagramOptions, _cluster_key, claim_probability, colour, shown

EDGE = {
    "supports": ("-->", "#2166ac", "stroke-width:2px"),
    "undermines": ("-.-x", "#b35806", "stroke-width:2px,stroke-dasharray:5 4"),
    "moderates": ("-.-o", "#737373", "stroke-width:1.5px,stroke-dasharray:2 3"),
    None: ("-->", "#969696", "stroke-width:1px"),
}
_PLAIN = re.compile(r"[A-Za-z0-9 .,;!?'()\-_/+=*$@~^|\[\]{}]")


def label(text: str) -> str:
    """Text for inside a Mermaid ``"..."`` label: entity codes for anything not plain.

    Letters of any script stay as they are; ASCII punctuation that Mermaid, Markdown or HTML
    could read (``" # & < > `` and backtick, ``:`` before a letter, ``%%``) and control
    characters become ``#NNN;``.
    """
    text = shown(text)
    out = []
    for i, ch in enumerate(text):
        before, after = text[i - 1 : i], text[i + 1 : i + 2]
        if ch == "\n":
            out.append("<br>")
        elif _PLAIN.match(ch) or (ord(ch) > 0x7F and ch.isprintable() and not ch.isspace()):
            out.append(ch)
        elif ch == ":" and after in ("", " "):  # "fa:fa-x" would become an icon
            out.append(ch)
        elif ch == "%" and "%" not in (before, after):  # "%%" starts comments and directives
            out.append(ch)
        else:
            out.append(f"#{ord(ch)};")
    return "".join(out)


def node_id(claim_id: str) -> str:
    """The Mermaid node id of a claim."""
    return f"n_{claim_id}"


def _node(model: Model, claim: Claim, result: Result | None, options: DiagramOptions) -> str:
    text = label(claim.short)
    if result is not None and options.numbers:
        _, shown_p = claim_probability(model, claim, result)
        text += "<br>" + label(shown_p)
        if claim.id in result.evidence:
            state = result.evidence[claim.id]
            how = "given" if model.given.get(claim.id) == state else "observed"
            text += "<br>" + label(f"{how}: {state_words(state)}")
        elif claim.id in result.do:
            text += "<br>" + label(f"set: {state_words(result.do[claim.id])}")
    return f'{node_id(claim.id)}["{text}"]'


def to_mermaid(
    model: Model, result: Result | None = None, options: DiagramOptions | None = None
) -> str:
    """The model's argument diagram as Mermaid flowchart text."""
    options = options or DiagramOptions()
    lines = [f"flowchart {options.rankdir}"]
    titles = dict(model.groups)
    clusters: dict[str, list[Claim]] = {}
    loose: list[Claim] = []
    for claim in model.claims.values():
        key = _cluster_key(claim, options.group_by)
        (clusters.setdefault(key, []) if key is not None else loose).append(claim)
    for i, (key, members) in enumerate(clusters.items()):
        lines.append(f'  subgraph g_{i}["{label(titles.get(key, key))}"]')
        lines.extend(f"    {_node(model, c, result, options)}" for c in members)
        lines.append("  end")
    lines.extend(f"  {_node(model, c, result, options)}" for c in loose)
    styles: list[str] = []
    index = 0
    for claim in model.claims.values():
        for link in claim.links:
            arrow, stroke, width = EDGE[link.role]
            states = model.link_states(claim, link)
            text = f"{link.role} ({states})"
            role = f'|"{label(text)}"|' if states else (f"|{link.role}|" if link.role else "")
            lines.append(f"  {node_id(link.parent)} {arrow}{role} {node_id(claim.id)}")
            styles.append(f"  linkStyle {index} stroke:{stroke},{width}")
            index += 1
    lines.extend(styles)
    for claim in model.claims.values():
        fill = "#ffffff"
        if result is not None and options.numbers:
            fill = colour(claim_probability(model, claim, result)[0])
        width = "3px" if claim.id == model.output[0] else "1px"
        lines.append(f"  style {node_id(claim.id)} fill:{fill},stroke:#404040,"
                     f"stroke-width:{width},color:#000000")
    return "\n".join(lines) + "\n"
