"""The Map page's clickable diagram in Chromium (ui/diagram.py and its component).

Screenshots go to ``test-artifacts/diagram-<width>x<height>.png`` at 1400, 1024 and 390 px.
The component's HTML sits in a shadow root: playwright locators see into it, page scripts
reading ``document`` do not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import argmap
from argmap.export import colour
from argmap.ui import edit
from tests.browser.test_app_browser import ARTIFACTS, IMG, SCRIPT, XSS_MODEL, default_model, expect

pytestmark = pytest.mark.browser

DIAGRAM = ".argmap-diagram"
NODES = ".argmap-diagram svg g.node"


@pytest.fixture(autouse=True)
def _patient_expect() -> Iterator[None]:
    """Assertions wait up to 20 s (the machine may be busy; the app's first run is slow)."""
    from playwright.sync_api import expect as _expect

    _expect.set_options(timeout=20_000)
    yield
    _expect.set_options(timeout=None)


def shoot(page: Any, name: str) -> Path:
    """A screenshot of the page as it is, named after the viewport's size."""
    ARTIFACTS.mkdir(exist_ok=True)
    size = page.viewport_size
    path = ARTIFACTS / f"{name}-{size['width']}x{size['height']}.png"
    page.screenshot(path=str(path))
    return path


def node(page: Any, claim: str) -> Any:
    """The diagram's box for ``claim`` (the component marks each with its id)."""
    return page.locator(f'{NODES}[data-claim="{claim}"]')


def font_px(page: Any) -> float:
    """The rendered height of a box's text, in CSS pixels."""
    text = page.locator(f"{NODES} text").first
    box = text.bounding_box()
    assert box is not None
    return float(box["height"])


@pytest.mark.parametrize("size", [(1400, 900), (1024, 768), (390, 844)])
def test_one_node_per_claim_readable_at_each_width(
    serve_app: Callable[..., str], page: Any, size: tuple[int, int]
):
    model, _ = default_model()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(serve_app())
    expect(page.locator(NODES)).to_have_count(len(model.claims))
    ids = {node_id for node_id in page.locator(NODES).evaluate_all(
        "nodes => nodes.map(n => n.dataset.claim)")}  # fmt: skip
    assert ids == set(model.claims)
    # text is readable at every width (the old diagram shrank to ~6 px at 1024)
    assert font_px(page) >= 10
    output = node(page, model.output[0])
    output.scroll_into_view_if_needed()
    expect(output).to_be_visible()
    shoot(page, "diagram")
    if size[0] == 390:  # a phone: focus on the output, its parents and children
        page.get_by_test_id("stMain").get_by_test_id("stSelectbox").first.click()
        page.keyboard.type(f"({model.output[0]})")  # the picker searches as you type
        page.get_by_role("option", name=re.compile(re.escape(f"({model.output[0]})"))).click()
        near = [c for c in model.claims.values()
                if c.id == model.output[0] or c.id in model.claims[model.output[0]].parents
                or model.output[0] in c.parents]  # fmt: skip
        expect(page.locator(NODES)).to_have_count(len(near))
        page.locator(DIAGRAM).scroll_into_view_if_needed()
        assert font_px(page) >= 9
        shoot(page, "diagram-focus")


def test_clicking_a_claim_opens_the_inspector_on_it(serve_app: Callable[..., str], page: Any):
    model, _ = default_model()
    claim = next(c for c in model.claims.values() if c.id != model.output[0] and c.parents)
    page.goto(serve_app())
    box = node(page, claim.id)
    box.scroll_into_view_if_needed()
    box.click()
    expect(page).to_have_url(re.compile(r"/inspect(\?|$)"))
    picker = page.get_by_test_id("stMain").get_by_role("combobox", name="Claim")
    expect(picker).to_have_value(f"{claim.short} ({claim.id})")
    expect(page.get_by_role("button", name="Observe")).to_be_visible()
    shoot(page, "diagram-click-opens-inspector")


def test_a_slider_recolours_the_nodes_without_a_new_layout(
    serve_app: Callable[..., str], page: Any
):
    model, _ = default_model()
    page.goto(serve_app())
    root = page.locator(DIAGRAM)
    expect(page.locator(NODES)).to_have_count(len(model.claims))
    layout, inserted = root.get_attribute("data-layout"), root.get_attribute("data-inserted")
    stamp = root.get_attribute("data-updated")
    assert layout and inserted == "1"
    svg = page.locator(f"{DIAGRAM} svg").first
    svg.evaluate("s => { s.__sameElement = true; }")
    before = page.locator(NODES).evaluate_all("ns => ns.map(n => n.dataset.fill + n.textContent)")
    slider = page.get_by_test_id("stSidebar").get_by_role("slider").first
    slider.focus()
    page.keyboard.press("End")
    expect(root).not_to_have_attribute("data-updated", stamp or "")
    after = page.locator(NODES).evaluate_all("ns => ns.map(n => n.dataset.fill + n.textContent)")
    assert after != before
    assert root.get_attribute("data-layout") == layout
    assert root.get_attribute("data-inserted") == "1"
    assert page.locator(f"{DIAGRAM} svg").first.evaluate("s => s.__sameElement === true")
    shoot(page, "diagram-after-slider")


def test_a_slider_move_shows_the_new_numbers_and_fills_from_the_kept_layout(
    serve_app: Callable[..., str], page: Any
):
    """The layout's SVG comes once; a slider move sends numbers and fills only, and the boxes
    show the numbers the library computes for the new value."""
    model, values = default_model()
    claim = "long_horizon_training"
    page.goto(serve_app())
    root = page.locator(DIAGRAM)
    expect(page.locator(NODES)).to_have_count(len(model.claims))
    expect(root).to_have_attribute("data-svg-sent", "true")
    slider = page.locator(f".st-key-cred-{claim} input[type=range]")
    slider.focus()
    page.keyboard.press("End")
    moved = {**values, claim: edit.with_mean(values[claim], 1.0)}
    given = argmap.headline_context(model).evidence
    result = argmap.marginals(model, moved, evidence=given)
    out, index = model.output
    p = result.p(out, model.claims[out].states[index])
    expect(node(page, out)).to_contain_text(f"{p:.0%}")
    expect(node(page, out)).to_have_attribute("data-fill", colour(p))
    expect(node(page, claim)).to_contain_text("100%")
    expect(node(page, claim)).to_have_attribute("data-fill", colour(1.0))
    assert root.get_attribute("data-svg-sent") == "false"
    assert root.get_attribute("data-inserted") == "1"
    # another page and back: the component mounts again and draws the layout it kept
    page.get_by_role("link", name="Credences").click()
    expect(page.locator(DIAGRAM)).to_have_count(0)
    page.get_by_role("link", name="Map").click()
    expect(page.locator(NODES)).to_have_count(len(model.claims))
    expect(node(page, out)).to_contain_text(f"{p:.0%}")
    assert page.locator(DIAGRAM).get_attribute("data-svg-sent") == "false"


def test_a_page_that_lost_its_layouts_asks_for_them_again(
    serve_app: Callable[..., str], page: Any
):
    model, _ = default_model()
    page.goto(serve_app())
    expect(page.locator(NODES)).to_have_count(len(model.claims))
    page.get_by_role("link", name="Credences").click()
    expect(page.locator(DIAGRAM)).to_have_count(0)
    page.evaluate("() => globalThis.__argmapLayouts.clear()")
    page.get_by_role("link", name="Map").click()
    expect(page.locator(NODES)).to_have_count(len(model.claims))
    root = page.locator(DIAGRAM)
    expect(root).to_have_attribute("data-svg-sent", "true")
    assert root.get_attribute("data-asks") == "1"


def test_zoom_buttons_and_marks(serve_app: Callable[..., str], page: Any):
    model, _ = default_model()
    page.goto(serve_app())
    svg = page.locator(f"{DIAGRAM} svg").first
    expect(page.locator(NODES)).to_have_count(len(model.claims))
    width = svg.evaluate("s => s.getBoundingClientRect().width")
    page.get_by_role("button", name="Zoom in").click()
    assert svg.evaluate("s => s.getBoundingClientRect().width") > width * 1.2
    page.get_by_role("button", name="Fit").click()
    view = page.locator(f"{DIAGRAM} .viewport").evaluate("v => v.clientWidth")
    assert svg.evaluate("s => s.getBoundingClientRect().width") <= view
    # the default model reads under a headline condition: those claims carry a GIVEN badge
    for cid in argmap.headline_context(model).evidence:
        expect(node(page, cid).locator(".argmap-badge")).to_have_text("GIVEN")
    # observe a claim in the inspector: back on the map it is outlined and badged
    claim = next(c for c in model.claims.values() if c.is_input and c.id not in
                 argmap.headline_context(model).evidence)  # fmt: skip
    node(page, claim.id).scroll_into_view_if_needed()
    node(page, claim.id).click()
    page.get_by_role("button", name="Observe").click()
    page.get_by_role("link", name="Map").click()
    expect(node(page, claim.id).locator(".argmap-badge")).to_have_text("OBSERVED")
    assert node(page, claim.id).get_attribute("data-marks") == "observed"


def test_claim_text_in_the_diagram_is_never_html(
    serve_app: Callable[..., str], page: Any, tmp_path: Path
):
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "xss.yaml").write_text(XSS_MODEL, encoding="utf-8")
    page.goto(serve_app(models_dir=folder))
    expect(page.locator(NODES)).to_have_count(2)
    expect(node(page, "cause")).to_contain_text(SCRIPT[:20])
    expect(node(page, "payload")).to_contain_text(IMG)
    assert page.locator(f"{DIAGRAM} img").count() == 0
    assert page.locator(f"{DIAGRAM} script").count() == 0
    assert page.evaluate("() => window.__xss") is None
    # the recoloured text is set with textContent: still text after a slider moves
    slider = page.get_by_test_id("stSidebar").get_by_role("slider").first
    slider.focus()
    page.keyboard.press("End")
    expect(node(page, "payload")).to_contain_text("%")
    assert page.locator(f"{DIAGRAM} img").count() == 0
    assert page.evaluate("() => window.__xss") is None
    node(page, "payload").click()
    expect(page).to_have_url(re.compile(r"/inspect(\?|$)"))
    expect(page.get_by_text(f"{IMG} is shown as text", exact=True)).to_be_visible()
    assert page.evaluate("() => window.__xss") is None
