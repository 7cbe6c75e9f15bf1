"""DOT injection: hostile text in any field stays text in the diagram.

The diagram is built with the ``graphviz`` package (``argmap.export.dot_text``). Whatever a
statement, short name, title, group title or section holds (quotes, backslashes, ``<``/``>``,
braces, ``|``, newlines, ``\\N``/``\\G`` escapes, DOT keywords, ``]; evil -> x [``), Graphviz must
parse the DOT, draw exactly the model's nodes and links, and show the text as written (read back
from the SVG's ``<text>`` and tooltips).
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import graphviz
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.export import DiagramOptions, render, to_dot
from argmap.export.dot import shown, to_digraph, wrap
from argmap.export.dot_text import Id, label, quote, quote_tooltip
from argmap.inference import marginals
from argmap.loading import load_model_text
from argmap.model import Model
from tests.support.exports import ROOT, SVG, cluster_labels, spaces, svg_nodes, yaml_str

HOSTILE = [
    '"; evil -> x [label="pwned"',
    "]; evil -> x [",
    "}\ndigraph evil {\n  a -> b\n}",
    "\\N \\G \\E \\T \\H \\L \\l \\r \\n \\\\ end\\",
    "<b>bold</b> <<table>> < > <",
    "{record|with|bars} | { }",
    "&lt; &amp; &#60; &quot;",
    "line one\nline two\n\nfour",
    "node edge graph digraph subgraph strict",
    'back\\"slash quote \\\\" end',
    "%0 -- -> ; , = [ ] @ #",
    "<script>alert(1)</script>",
]
KEYWORD_IDS = ["node", "edge", "graph", "digraph", "subgraph", "strict", "Node", "GRAPH"]


def chain(texts: list[str], ids: list[str] | None = None, *, title: str = "T") -> Model:
    """A chain of claims, one per text (as statement, short name, section and group title)."""
    ids = ids or [f"c{i}" for i in range(len(texts))]
    lines = ["id: hostile", f"title: {yaml_str(title)}", "groups:"]
    lines += [f"  - {{id: g{i}, title: {yaml_str(one_line(t))}}}" for i, t in enumerate(texts)]
    lines.append("claims:")
    for i, (cid, text) in enumerate(zip(ids, texts, strict=True)):
        lines += [f"  {cid}:", f"    statement: {yaml_str(text)}",
                  f"    short: {yaml_str(one_line(text))}",
                  f"    section: {yaml_str(one_line(text))}", f"    group: g{i}"]
        if i == 0:
            lines.append("    prior: 0.3")
        else:
            lines += [f"    parents: {{{ids[i - 1]}: supports}}", "    table:",
                      f"      - {{when: {{{ids[i - 1]}: 'true'}}, p: 0.8}}",
                      f"      - {{when: {{{ids[i - 1]}: 'false'}}, p: 0.2}}"]
    return load_model_text("\n".join(lines) + "\n", name="hostile.yaml")


def one_line(text: str) -> str:
    """Short names, sections and titles are one line."""
    return " ".join(text.split("\n")) if text.strip() else "x"


def edges(svg: bytes) -> list[str]:
    """The ``<title>`` of every edge Graphviz drew (``a->b``)."""
    root = ET.fromstring(svg)
    return [g.findtext(f"{SVG}title") or "" for g in root.iter(f"{SVG}g")
            if g.get("class") == "edge"]  # fmt: skip


def check(model: Model, svg: bytes, options: DiagramOptions) -> None:
    """The SVG has exactly the model's claims and links, each showing its text as written."""
    nodes = svg_nodes(svg)
    legend = {n for n in nodes if n.startswith("legend_")}
    assert set(nodes) - legend == set(model.claims)
    links = {f"{link.parent}->{cid}" for cid, c in model.claims.items() for link in c.links}
    assert {e for e in edges(svg) if not e.startswith("legend_")} == links
    for cid, claim in model.claims.items():
        assert nodes[cid]["tooltip"] == spaces(shown(claim.statement)), cid
        text = spaces(shown(wrap(claim.short, options.wrap))) or ""
        assert nodes[cid]["lines"][: text.count("\n") + 1] == text.split("\n"), cid
    root = ET.fromstring(svg)
    assert spaces(root.findtext(f"{SVG}g/{SVG}text")) == spaces(shown(model.title))
    clusters = set(cluster_labels(svg)) - {"Legend"}
    if options.group_by == "group":
        expected = {title for _, title in model.groups}
    elif options.group_by == "section":
        expected = {"§" + c.section.split(".")[0] for c in model.claims.values() if c.section}
    else:
        expected = set()
    assert clusters == {spaces(shown(title)) for title in expected}


def test_hostile_text_in_every_field_is_shown_literally(engine: str) -> None:
    model = chain(HOSTILE, title='Title "q" ]; x -> y [ \\N <b>')
    for options in (DiagramOptions(group_by="group"), DiagramOptions(group_by="section"),
                    DiagramOptions(numbers=False, legend=False, rankdir="LR")):  # fmt: skip
        svg = render(to_dot(model, marginals(model), options), "svg")
        check(model, svg, options)
        assert b"<script" not in svg  # the text is escaped in the SVG, never markup


def test_dot_keywords_as_claim_ids(engine: str) -> None:
    """Claim ids that are DOT keywords are quoted (by the package), so they are nodes."""
    model = chain(["a", "b", "c", "d", "e", "f", "g", "h"], KEYWORD_IDS)
    dot = to_dot(model, marginals(model))
    for cid in KEYWORD_IDS:
        assert re.search(rf'^\t"{cid}" \[label="', dot, re.M), cid
    check(model, render(dot, "svg"), DiagramOptions())


PRINTABLE = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Co", "Cn"),
                  exclude_characters="".join(map(chr, [*range(0x202A, 0x202F),
                                                       *range(0x2066, 0x206A)]))),
    min_size=1, max_size=60,
).filter(lambda t: t.strip() != "")  # fmt: skip


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(st.lists(st.one_of(PRINTABLE, st.sampled_from(HOSTILE)), min_size=2, max_size=3))
def test_any_printable_text_round_trips_through_graphviz(texts: list[str]) -> None:
    model = chain(texts, title=one_line(texts[0]))
    options = DiagramOptions(group_by="group")
    check(model, render(to_dot(model, marginals(model), options), "svg"), options)


def test_the_diagram_is_a_graphviz_digraph() -> None:
    """Built by the package; every claim's line is ``"id" [label="..."`` (the app reads it)."""
    model = chain(HOSTILE, title='x", labelloc=b, label="y ] \\')
    graph = to_digraph(model, marginals(model), DiagramOptions(group_by="group"))
    assert isinstance(graph, graphviz.Digraph)
    dot = graph.source
    assert dot == to_dot(model, marginals(model), DiagramOptions(group_by="group"))
    assert dot.startswith("digraph argmap {\n")
    # the title ends the graph's attributes (the app's Map drops it there: ui/diagram.py)
    assert re.match(r'\tgraph \[rankdir=TB, .*, labelloc=t, label="(?:[^"\\]|\\.)*"\]\n',
                    dot.split("\n", 1)[1])
    starts = re.findall(r'^\t+"(\w+)" \[label="', dot, re.M)
    assert starts == list(model.claims)
    assert len(re.findall(r'^\t+"\w+" -> "\w+" \[', dot, re.M)) == len(model.claims) - 1
    # user text never spans lines of the DOT file, and never ends a quoted string early
    for line in dot.splitlines():
        for match in re.finditer(r'"((?:[^"\\]|\\.)*)"', line):
            assert "\n" not in match[1]


def test_text_goes_through_the_package_quoting() -> None:
    assert label("a\\b\nc") == graphviz.escape("a\\b") + "\\n" + "c"
    assert quote("<b>") == '"<b>"'  # nohtml: never an HTML-like label
    assert quote('say "hi"') == '"say \\"hi\\""'
    assert quote("x & y") == '"x &amp; y"'  # Graphviz decodes entities in labels
    assert quote_tooltip("\\") == '"\\\\\\\\"'  # tooltips are unescaped twice
    assert quote("graph") == '"graph"'
    g = graphviz.Digraph()
    assert g._quote(Id("rain")) == "rain"  # the package alone: a bare ID ...
    assert to_digraph(chain(["x"]))._quote(Id("rain")) == '"rain"'  # ... ours: quoted


def test_the_package_loads_on_first_diagram_not_on_start_up() -> None:
    code = (
        "import sys, argmap, argmap.cli, argmap.export\n"
        "assert 'graphviz' not in sys.modules, 'graphviz imported on start-up'\n"
        "argmap.to_dot(argmap.load_model('models/examples/sprinkler.yaml'))\n"
        "assert 'graphviz' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
