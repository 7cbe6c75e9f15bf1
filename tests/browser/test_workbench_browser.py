"""The workbench in a real browser: the headline follows an edit on the Credences page, a
reload keeps the edit (the view lives in the URL), the Why? page reads at three widths."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
BAR = ".st-key-argmap-headline"
EXTENSIVE = re.compile(r"^P\(extensive\)")  # training_scale's slider on the Credences page


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as _expect

    return _expect(locator)


def test_an_edit_moves_the_headline_there_and_survives_a_reload(
    serve_app: Callable[..., str], page: Any
) -> None:
    page.goto(serve_app() + "/credences")
    bar = page.locator(BAR)
    expect(bar).to_contain_text("the profile's numbers")
    before = bar.inner_text()
    # One slider, by its name. (It used to be "the page's first slider": a probe's screenshot
    # showed that, while the page was still drawing, that could resolve to another slider than
    # the one read after the reload, which looked like a slider not following the restore.)
    slider = page.get_by_test_id("stMain").get_by_role("slider", name=EXTENSIVE)
    slider.focus()
    page.keyboard.press("End")
    expect(bar).to_contain_text("points from the profile's")
    after = bar.inner_text()
    assert after != before
    expect(page.get_by_text(re.compile(r"^Edited \(the profile says"))).to_be_visible()
    page.wait_for_url(re.compile(r"[?&]c="))
    page.reload()
    expect(page.locator(BAR)).to_have_text(after)
    slider = page.get_by_test_id("stMain").get_by_role("slider", name=EXTENSIVE)
    expect(slider).to_have_value("1", timeout=30_000)
    expect(page.get_by_text(re.compile(r"^Edited \(the profile says"))).to_be_visible()


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (1024, 768), (390, 844)])
def test_the_why_page_at_three_widths(
    serve_app: Callable[..., str], page: Any, width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(serve_app() + "/why")
    expect(page.get_by_text("The chain that carries it")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("The most probable scenarios")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"why-{width}x{height}.png"), full_page=True)


def test_the_share_link_opens_the_same_view(serve_app: Callable[..., str], page: Any) -> None:
    base = serve_app()
    page.goto(base + "/inspect")
    page.get_by_role("button", name="Observe").click()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("button", name=re.compile(r"\(observed\)"))).to_be_visible()
    sidebar.get_by_text("Share this view").click()
    code = sidebar.locator("code").first
    expect(code).to_contain_text("observe=")
    url = code.inner_text().strip()
    assert url.startswith(base)
    other = page.context.new_page()
    other.goto(url)
    expect(other.get_by_test_id("stSidebar").get_by_role(
        "button", name=re.compile(r"\(observed\)"))).to_be_visible()  # fmt: skip
    other.close()


def test_a_too_large_upload_gets_an_error_box_in_the_page(
    serve_app: Callable[..., str], page: Any
) -> None:
    """A 3 MB model file is refused in the page (not only by the browser's small red note),
    and the box no longer shows the previous upload's problems."""
    page.goto(serve_app())
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="Upload a model file…").click()
    chooser = sidebar.locator("input[type=file]")
    chooser.set_input_files(files=[{"name": "broken.yaml", "mimeType": "application/x-yaml",
                                    "buffer": b"id: broken\nclaims: [\n"}])  # fmt: skip
    main = page.get_by_test_id("stMain")
    expect(main.get_by_test_id("stAlert")).to_contain_text("broken.yaml")
    big = b"id: big\n# " + b"x" * 3_000_000 + b"\n"
    chooser.set_input_files(files=[{"name": "big.yaml", "mimeType": "application/x-yaml",
                                    "buffer": big}])  # fmt: skip
    alert = main.get_by_test_id("stAlert")
    expect(alert).to_contain_text("big.yaml: file too large (expected at most 2,000,000 bytes")
    expect(alert).not_to_contain_text("broken.yaml")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "upload-too-large-1280x800.png"))
