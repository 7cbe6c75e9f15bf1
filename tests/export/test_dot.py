"""Argument diagrams: DOT, and SVG / PNG / PDF rendered by Graphviz (and read back)."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import pytest

from argmap.errors import ExportError
from argmap.export import DiagramOptions, export, render, to_dot
from argmap.export.dot import quote, quote_tooltip, shown, wrap
from argmap.export.images import engines
from argmap.inference import marginals
from argmap.loading import load_model, load_model_text
from tests.support.exports import (
    NASTY,
    SPRINKLER,
    cluster_labels,
    spaces,
    svg_nodes,
    yaml_str,
)


def nasty_model() -> str:
    claims = []
    for i, text in enumerate(NASTY):
        claims.append(f"  c{i}:\n    statement: {_json(text)}\n    prior: 0.{i + 1}")
    return (
        "id: nasty\ntitle: " + _json('Title "with" <tags> & \\N') + "\n"
        "groups:\n  - {id: g, title: " + _json("Group {x} \"q\" \\ <b>") + "}\n"
        "claims:\n" + "\n".join(claims) + "\n    group: g\n"
    )


def _json(text: str) -> str:
    return yaml_str(text)


def test_sprinkler_svg_shows_every_claim_and_probability(engine: str) -> None:
    model = load_model(SPRINKLER)
    result = marginals(model, evidence={"wet": "true"})
    svg = export(model, "svg", evidence={"wet": "true"})
    nodes = svg_nodes(svg)
    for cid, claim in model.claims.items():
        assert nodes[cid]["tooltip"] == claim.statement
        text = "\n".join(nodes[cid]["lines"])
        assert " ".join(text.split()).startswith(claim.short)
        assert f"{result.p(cid):.0%}" in text
    assert "observed: true" in "\n".join(nodes["wet"]["lines"])
    assert "Legend" in "".join(cluster_labels(svg))


def test_any_text_is_shown_literally(engine: str) -> None:
    model = load_model_text(nasty_model(), name="nasty.yaml")
    svg = render(to_dot(model, marginals(model), DiagramOptions(group_by="group")), "svg")
    nodes = svg_nodes(svg)
    for cid, claim in model.claims.items():
        assert nodes[cid]["tooltip"] == spaces(shown(claim.statement)), cid
        label = spaces(shown(wrap(claim.short, DiagramOptions().wrap))) or ""
        assert nodes[cid]["lines"][: label.count("\n") + 1] == label.split("\n"), cid
    root = ET.fromstring(svg)
    assert root.find("{http://www.w3.org/2000/svg}g/{http://www.w3.org/2000/svg}title") is not None
    assert 'Group {x} "q" \\ <b>' in cluster_labels(svg)
    assert b"<script>" not in svg


def test_quote_escapes_what_graphviz_interprets() -> None:
    assert quote('a "b" \\N & <c>\nd') == '"a \\"b\\" \\\\N &amp; <c>\\nd"'
    assert quote_tooltip("\\") == '"\\\\\\\\"'
    assert shown("a\x00b\x7fc\ufffe") == "a\u2400b\u2421c\ufffd"


def test_options_change_the_drawing() -> None:
    model = load_model(SPRINKLER)
    result = marginals(model)
    bare = to_dot(model, result, DiagramOptions(numbers=False, legend=False, rankdir="LR"))
    assert "rankdir=LR" in bare and "cluster_legend" not in bare and "50%" not in bare
    full = to_dot(model, result)
    assert "rankdir=TB" in full and "cluster_legend" in full and "50%" in full
    by_section = to_dot(model, result, DiagramOptions(group_by="section"))
    assert '"§Example"' in by_section
    assert "cluster_0" not in to_dot(model, result, DiagramOptions(group_by="none"))


def test_roles_are_drawn_differently() -> None:
    model = load_model(SPRINKLER)
    dot = to_dot(model, marginals(model))
    assert '"cloudy" -> "sprinkler" [color="#b35806", style=dashed, arrowhead=tee' in dot
    assert '"cloudy" -> "rain" [color="#2166ac", style=solid, arrowhead=normal' in dot


def test_png_is_an_image(engine: str) -> None:
    png = export(load_model(SPRINKLER), "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width > 100 and height > 100


def test_pdf_with_dot_and_install_hint_without(monkeypatch: pytest.MonkeyPatch) -> None:
    model = load_model(SPRINKLER)
    monkeypatch.setenv("ARGMAP_GRAPHVIZ", "dot")
    if engines():
        pdf = export(model, "pdf")
        assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-1024:]
    monkeypatch.setenv("ARGMAP_GRAPHVIZ", "graphviz-pure")
    with pytest.raises(ExportError, match=r"install Graphviz \(apt-get install graphviz\)"):
        export(model, "pdf")


def test_svg_and_png_work_with_only_graphviz_pure(monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "dot" else
                        real_which(name, *a, **k))
    monkeypatch.delenv("ARGMAP_GRAPHVIZ", raising=False)
    assert [e.name for e in engines()] == ["graphviz-pure"]
    model = load_model(SPRINKLER)
    assert set(svg_nodes(export(model, "svg"))) >= set(model.claims)
    assert export(model, "png")[:4] == b"\x89PNG"
    with pytest.raises(ExportError, match="install Graphviz"):
        export(model, "pdf")


def test_do_cuts_the_links_into_the_forced_claim() -> None:
    model = load_model(SPRINKLER)
    dot = to_dot(model, marginals(model, do={"rain": "true"}))
    cut = [line for line in dot.splitlines() if '"cloudy" -> "rain"' in line]
    assert len(cut) == 1 and "arrowhead=none" in cut[0] and "cut by do(rain)" in cut[0]
    kept = [line for line in dot.splitlines() if '"rain" -> "wet"' in line]
    assert "arrowhead=normal" in kept[0]


def test_states_are_words_in_boxes_and_on_arrows() -> None:
    """Boxes and arrow labels name states in words, in DOT and Mermaid alike; ids stay ids."""
    model = load_model("models/scheming.yaml")
    result = marginals(model, evidence=dict(model.given))
    dot = to_dot(model, result)
    mermaid = export(model, "mermaid", evidence=dict(model.given)).decode()
    assert "somewhat_better" in model.claims["capability"].states
    for text in (dot, mermaid):
        assert "somewhat better: " in text and "given: somewhat better" in text
        assert "if far beyond" in text
        assert "somewhat_better" not in text and "far_beyond" not in text
