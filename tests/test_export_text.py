"""Mermaid and Argdown: parsed back by their reference parsers (node), compared to the model."""

from __future__ import annotations

from typing import Any

import pytest
from test_export_support import NASTY, SCHEMING, SPRINKLER, js_parse, yaml_str

from argmap.export import DiagramOptions, to_argdown, to_mermaid
from argmap.export.argdown import escape, flatten
from argmap.export.dot import claim_probability, shown
from argmap.export.mermaid import label
from argmap.inference import marginals
from argmap.loading import load_model, load_model_text
from argmap.model import Model

EDGE_TYPES = {
    "supports": ("arrow_point", "normal"),
    "undermines": ("arrow_cross", "dotted"),
    "moderates": ("arrow_circle", "dotted"),
    None: ("arrow_point", "normal"),
}


GROUP = 'Group "q" <b> #1;'


def nasty() -> Model:
    lines = ["id: nasty", f"title: {yaml_str('Title [x] <y> #z')}",
             "groups:", f"  - {{id: g, title: {yaml_str(GROUP)}}}", "claims:"]
    for i, text in enumerate(NASTY):
        lines += [f"  c{i}:", f"    statement: {yaml_str(text)}", f"    note: {yaml_str(text)}",
                  f"    section: {yaml_str(text)}", "    group: g"]
        if i == 0:
            lines.append("    prior: 0.3")
        else:
            role = ["supports", "undermines", "moderates", None][i % 4]
            lines += [f"    parents: {{c{i - 1}: {role or 'null'}}}", "    table:"]
            up = {"supports": 0.3, "undermines": -0.3, "moderates": 0.1, None: -0.1}[role]
            lines += [f"      - {{when: {{c{i - 1}: 'true'}}, p: {0.5 + up}}}",
                      f"      - {{when: {{c{i - 1}: 'false'}}, p: 0.5}}"]
    return load_model_text("\n".join(lines) + "\n", name="nasty.yaml")


def edge_text(model: Model, claim: Any, link: Any) -> str:
    """The role, with the states it speaks of when they are not plain true/false."""
    states = model.link_states(claim, link)
    return f"{link.role} ({states})" if states else (link.role or "")


def check_mermaid(model: Model, parsed: dict, numbers: bool = True) -> None:  # type: ignore[type-arg]
    assert parsed["error"] is None, parsed["error"]
    result = marginals(model)
    assert set(parsed["vertices"]) == {f"n_{c}" for c in model.claims}
    for cid, claim in model.claims.items():
        vertex = parsed["vertices"][f"n_{cid}"]
        assert vertex["elements"] == 0  # line breaks aside, no HTML element got through
        expected = shown(claim.short)
        if numbers:
            expected += "\n" + claim_probability(model, claim, result)[1]
        assert vertex["text"] == expected, cid
    edges = [(e["start"], e["end"], e["type"], e["stroke"], e["text"]) for e in parsed["edges"]]
    want = [
        (f"n_{link.parent}", f"n_{cid}", *EDGE_TYPES[link.role], edge_text(model, claim, link))
        for cid, claim in model.claims.items() for link in claim.links
    ]
    assert edges == want


def check_argdown(model: Model, parsed: dict) -> None:  # type: ignore[type-arg]
    assert parsed["lexerErrors"] == 0 and parsed["parserErrors"] == 0, parsed["messages"]
    assert parsed["arguments"] == []
    result = marginals(model)
    assert set(parsed["statements"]) == set(model.claims)
    for cid, claim in model.claims.items():
        found = parsed["statements"][cid]
        # Argdown keeps the space before the data block as part of the text.
        texts = [t.rstrip(" ") for t in found["texts"]]
        assert texts == ([flatten(claim.statement)] if flatten(claim.statement) else []), cid
        data = found["data"]
        assert data.get("statement", claim.statement) == claim.statement
        assert data["p"] == pytest.approx(dict(result.distributions[cid]), abs=1e-15)
        for key in ("section", "note", "basis", "says", "group"):
            assert data.get(key) == getattr(claim, key)
        assert data.get("moderated_by", []) == [
            link.parent for link in claim.links if link.role == "moderates"
        ]
    relations = {(r["from"], r["to"], r["type"]) for r in parsed["relations"]}
    want = {
        (link.parent, cid, {"supports": "support", "undermines": "attack"}[link.role])
        for cid, claim in model.claims.items() for link in claim.links
        if link.role in ("supports", "undermines")
    }
    assert relations == want


def test_parsers_accept_and_reproduce_the_models() -> None:
    models = [load_model(SPRINKLER), nasty()]
    if SCHEMING.exists():
        models.append(load_model(SCHEMING))
    items = []
    for model in models:
        result = marginals(model)
        options = DiagramOptions(group_by="group")
        items.append({"kind": "mermaid", "text": to_mermaid(model, result, options)})
        items.append({"kind": "argdown", "text": to_argdown(model, result)})
    items.append({"kind": "mermaid", "text": to_mermaid(
        models[1], None, DiagramOptions(numbers=False, rankdir="LR"))})
    parsed = js_parse(items)
    for i, model in enumerate(models):
        check_mermaid(model, parsed[2 * i])
        check_argdown(model, parsed[2 * i + 1])
    check_mermaid(models[1], parsed[-1], numbers=False)
    subgraphs = parsed[2]["subgraphs"]
    assert [s["title"] for s in subgraphs] == [GROUP]


def test_parsers_reject_what_they_should() -> None:
    """The checks are not vacuous: broken text is reported by both parsers."""
    parsed = js_parse([
        {"kind": "mermaid", "text": 'flowchart TB\n  a["unterminated] --> b\n'},
        {"kind": "argdown", "text": "[a]: text\n  <+ \n\n[b: x {y: }\n"},
    ])  # fmt: skip
    assert parsed[0]["error"]
    assert parsed[1]["lexerErrors"] + parsed[1]["parserErrors"] > 0


def test_escape_helpers() -> None:
    assert label('a "b" <c> & #x; `d`:') == "a #34;b#34; #60;c#62; #38; #35;x; #96;d#96;:"
    assert label("fa:fa-car 5% %%{init}") == "fa#58;fa-car 5% #37;#37;{init}"
    assert label("two\nlines") == "two<br>lines"
    assert escape("[a]: <b> #c @d *e* _f_ {g} a/b === 1.5") == (
        "\\[a\\]: \\<b\\> \\#c \\@d \\*e\\* \\_f\\_ \\{g\\} a\\/b \\=\\=\\= 1\\.5"
    )
    assert flatten(" a\n\tb  c ") == "a b c"
