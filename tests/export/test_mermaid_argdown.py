"""Mermaid and Argdown: parsed back by their reference parsers (node), compared to the model."""

from __future__ import annotations

from argmap.export import DiagramOptions, to_argdown, to_mermaid
from argmap.export.argdown import escape, flatten
from argmap.export.mermaid import label
from argmap.inference import marginals
from argmap.loading import load_model
from argmap.model import Model
from tests.support.exports import (
    SCHEMING,
    SPRINKLER,
    js_parse,
    nasty_chain,
    one_line,
    yaml_str,
)
from tests.support.parsed import check_argdown, check_mermaid

GROUP = 'Group "q" <b> #1;'


def nasty() -> Model:
    header = ["id: nasty", f"title: {yaml_str('Title [x] <y> #z')}",
              "groups:", f"  - {{id: g, title: {yaml_str(GROUP)}}}"]
    return nasty_chain(header, lambda text: [
        f"    statement: {yaml_str(text)}", f"    note: {yaml_str(text)}",
        f"    section: {yaml_str(one_line(text))}", "    group: g"])


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
