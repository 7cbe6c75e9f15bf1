"""The HTML report: self-contained, escaped, and holding what it promises."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from argmap.credences import load_credences
from argmap.export import to_html
from argmap.export.report import inline_svg
from argmap.inference import marginals
from argmap.loading import load_model, load_model_text
from tests.support.exports import NASTY, ROOT, SPRINKLER, one_line, yaml_str

DRY = ROOT / "models" / "examples" / "credences" / "sprinkler-dry.yaml"


class Collector(HTMLParser):
    """Every start tag with its attributes, and all text, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Collector:
    collector = Collector()
    collector.feed(page)
    collector.close()
    return collector


def test_report_holds_diagram_output_profile_and_analysis() -> None:
    model = load_model(SPRINKLER)
    cred = load_credences(DRY, model)
    # Evidence on another claim than the output: an observed output leaves nothing to analyse.
    page = to_html(model, cred, evidence={"cloudy": "false"})
    result = marginals(model, cred, evidence={"cloudy": "false"})
    found = parse(page)
    text = " ".join(found.text)
    assert "Output: " in text and f"{100 * result.p('wet', 'true'):.1f}%" in text
    assert f"{100 * result.p('rain'):.1f}%" in text
    assert cred.author and cred.author in text
    assert "observed cloudy = false" in text
    for pid in cred.values:
        assert pid in text
    assert "What would be most worth learning" in text and "Which numbers matter most" in text
    svg = re.search(r"<svg.*?</svg>", page, re.DOTALL)
    assert svg is not None
    ET.fromstring(svg.group(0))  # the inlined diagram is well-formed XML
    for claim in model.claims.values():
        assert claim.statement in text


def test_report_is_self_contained() -> None:
    page = to_html(load_model(SPRINKLER))
    tags = parse(page).tags
    names = {t for t, _ in tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "base"}
    for _, attrs in tags:
        for key, value in attrs.items():
            assert not key.startswith("on")
            if key in ("src", "href", "xlink:href", "action", "data"):
                raise AssertionError(f"external reference {key}={value}")
    assert "url(" not in page and "@import" not in page
    assert "default-src 'none'" in page


def test_every_text_is_escaped() -> None:
    lines = ["id: nasty", f"title: {yaml_str(NASTY[1])}", f"description: {yaml_str(NASTY[2])}",
             "claims:"]
    for i, text in enumerate(NASTY):
        lines += [f"  c{i}:", f"    statement: {yaml_str(text)}",
                  f"    section: {yaml_str(one_line(text))}", "    prior: 0.5"]
    model = load_model_text("\n".join(lines) + "\n")
    page = to_html(model)
    found = parse(page)
    assert "script" not in {t for t, _ in found.tags}
    text = "".join(found.text)
    for claim in model.claims.values():
        assert claim.statement.replace("\r\n", "\n").replace("\r", "\n") in text.replace(
            "\r\n", "\n"
        ).replace("\r", "\n")
    assert "<script>alert" not in page


def test_inline_svg_drops_prolog() -> None:
    svg = '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "x" "http://x/y.dtd">\n<!-- c --><svg/>'
    assert inline_svg(svg) == "<svg/>"
