"""Property tests: any valid model, with any Unicode text, exports to DOT that Graphviz renders
(showing each claim's text), to Mermaid and Argdown that their parsers accept and read back,
and to BIF that imports back with the same marginals and text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from argmap.export import DiagramOptions, render, to_argdown, to_dot, to_mermaid
from argmap.export.dot import shown, wrap
from argmap.export.images import engines
from argmap.inference import marginals
from argmap.interchange import import_network_text, to_bif
from argmap.model import Model
from tests.support.exports import ENGINES, cluster_labels, models, spaces, svg_nodes
from tests.support.parsed import check_argdown, check_mermaid

FAST = settings(
    max_examples=40, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip


def test_graphviz_renders_any_model(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    available = []
    for name in ENGINES:
        monkeypatch.setenv("ARGMAP_GRAPHVIZ", name)
        if engines():
            available.append(name)
    assert available

    @FAST
    @given(models())
    def check(model: Model) -> None:
        by = "group" if model.groups else "section"
        dot = to_dot(model, marginals(model), DiagramOptions(group_by=by))
        titles = dict(model.groups)
        groups = {titles[c.group] for c in model.claims.values() if c.group}
        for name in available:
            monkeypatch.setenv("ARGMAP_GRAPHVIZ", name)
            svg = render(dot, "svg")
            nodes = svg_nodes(svg)  # exit 0, and well-formed XML
            labels = cluster_labels(svg)
            for title in groups:
                assert spaces(shown(title)) in labels, (name, title, labels)
            for cid, claim in model.claims.items():
                assert nodes[cid]["tooltip"] == spaces(shown(claim.statement)), (name, cid)
                label = spaces(shown(wrap(claim.short, DiagramOptions().wrap))) or ""
                lines = label.split("\n")
                assert nodes[cid]["lines"][: len(lines)] == lines, (name, cid)

    check()


def test_mermaid_and_argdown_parsers_accept_any_model() -> None:
    from tests.support.exports import js_parse, need_js

    need_js()
    seen: list[Model] = []

    @FAST
    @given(models())
    def collect(model: Model) -> None:
        seen.append(model)

    collect()
    items = []
    for model in seen:
        result = marginals(model)
        items.append({"kind": "mermaid", "text": to_mermaid(model, result)})
        items.append({"kind": "argdown", "text": to_argdown(model, result)})
    parsed = js_parse(items)
    for i, model in enumerate(seen):
        try:
            check_mermaid(model, parsed[2 * i])
            check_argdown(model, parsed[2 * i + 1])
        except AssertionError as err:
            raise AssertionError(f"{err}\n--- mermaid ---\n{items[2 * i]['text']}\n--- argdown "
                                 f"---\n{items[2 * i + 1]['text']}") from err


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(models())
def test_bif_round_trip_keeps_marginals_and_text(model: Model) -> None:
    back = import_network_text(to_bif(model), "bif", name="g.bif").model
    ours, theirs = marginals(model), marginals(back)
    for cid, claim in model.claims.items():
        for state in claim.states:
            assert abs(ours.p(cid, state) - theirs.p(cid, state)) < 1e-9
        got = back.claims[cid]
        assert (got.statement, got.note, got.section, got.links) == (
            claim.statement, claim.note, claim.section, claim.links
        )
