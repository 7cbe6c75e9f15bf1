"""The app in a real browser: Chromium driven by playwright against ``streamlit run ui``.

Screenshots go to ``test-artifacts/`` (1280x800).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import argmap
from argmap.ui import controls, edit, sources
from argmap.ui.describe import pct

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
NODES = ".argmap-diagram svg g.node"  # the Map page's clickable diagram (ui/diagram.py)
IMG = "<img src=x onerror=window.__xss=1>"
SCRIPT = "<script>window.__xss=2</script>"


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as _expect

    return _expect(locator)


def shoot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}-1280x800.png"
    page.screenshot(path=str(path))
    return path


def default_model() -> tuple[argmap.Model, dict[str, Any]]:
    """The model and values the app opens on, computed without the app."""
    key = sources.default_model(sources.model_files())
    assert key is not None
    model = argmap.load_model(ROOT / "models" / key)
    values = {pid: p.value for pid, p in model.parameters.items()}
    profile = sources.default_profile(key, sources.profile_files(key, model.id))
    if profile:
        values.update(argmap.load_credences(ROOT / "models" / profile, model).values)
    return model, values


def test_map_page_headline_slider_and_diagram(serve_app: Callable[..., str], page: Any):
    model, values = default_model()
    claim, index = model.output
    target = model.claims[claim].states[index]
    page.goto(serve_app())
    headline = page.get_by_test_id("stMetricValue").first
    given = argmap.headline_context(model).evidence  # the app reads under the condition
    before = pct(argmap.marginals(model, values, evidence=given).p(claim, target))
    expect(headline).to_have_text(before)
    # the diagram: real SVG, one node per claim
    expect(page.locator(NODES)).to_have_count(len(model.claims))
    shoot(page, "map")
    # move the first slider (the first parameter of the first group) with the keyboard
    first = next(iter(controls.groups(model)))[1][0]
    param = model.parameters_of(first.id)[0]
    slider = page.get_by_test_id("stSidebar").get_by_role("slider").first
    expect(slider).to_be_visible()
    slider.focus()
    page.keyboard.press("End")
    moved = dict(values)
    if param.is_scalar:
        moved[param.id] = edit.with_mean(values[param.id], 1.0)
    else:
        moved[param.id] = edit.with_distribution(
            values[param.id], edit.rescale(edit.means_of(values[param.id]), 0, 1.0)
        )
    after = pct(argmap.marginals(model, moved, evidence=given).p(claim, target))
    assert after != before, "moving this slider to 1 should move the headline"
    expect(headline).to_have_text(after)
    expect(page.get_by_test_id("stMetricDelta").first).to_contain_text("points from the profile")
    expect(page.locator(NODES)).to_have_count(len(model.claims))
    shoot(page, "map-after-change")


def test_a_slider_move_updates_the_sidebars_count_and_link(
    serve_app: Callable[..., str], page: Any
):
    """A slider re-runs only the Map's fragments: in the page, the sidebar's count of changed
    numbers, the share box's link and the URL follow the move all the same, and the slider
    keeps its new value (it is not drawn again)."""
    page.goto(serve_app())
    sidebar = page.get_by_test_id("stSidebar")
    expect(page.get_by_test_id("stMetricValue").first).to_be_visible()
    sidebar.get_by_text("Share this view").click()
    code = sidebar.locator("code").first
    expect(code).to_be_visible(timeout=30_000)
    assert "&c=" not in code.inner_text()
    slider = sidebar.get_by_role("slider").first
    slider.focus()
    page.keyboard.press("End")
    expect(sidebar.get_by_text("1 number changed from this profile")).to_be_visible()
    expect(code).to_contain_text("&c=")  # the changed number, in the link
    assert "c=" in page.url
    expect(slider).to_have_value("1")
    page.keyboard.press("Home")
    expect(slider).to_have_value("0")
    expect(sidebar.get_by_text("1 number changed from this profile")).to_be_visible()
    sidebar.get_by_role("button", name="Reset to the profile").click()
    expect(sidebar.get_by_text("number changed from this profile")).to_have_count(0)
    expect(slider).not_to_have_value("0")  # the reset redraws the sliders


def test_pages_keep_the_shared_sidebar(serve_app: Callable[..., str], page: Any):
    outside: list[str] = []  # no telemetry, no fonts or icons from the internet
    page.on("request", lambda r: None if "127.0.0.1" in r.url or r.url.startswith("data:")
            else outside.append(r.url))  # fmt: skip
    page.goto(serve_app())
    expect(page.get_by_test_id("stMetricValue").first).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    page.get_by_role("link", name="Credences").click()
    expect(page.get_by_role("button", name=re.compile("Download credence file"))).to_be_visible()
    expect(sidebar.get_by_text("Model", exact=True)).to_be_visible()
    shoot(page, "credences")
    page.get_by_role("link", name="Claim inspector").click()
    expect(page.get_by_role("button", name="Observe")).to_be_visible()
    expect(sidebar.get_by_text("Model", exact=True)).to_be_visible()
    page.get_by_role("button", name="Observe").click()
    expect(sidebar.get_by_role("button", name=re.compile(r"\(observed\)"))).to_be_visible()
    shoot(page, "inspector")
    assert outside == [], f"the page called outside hosts: {outside}"


def test_upload_limit_is_the_apps_wherever_it_starts(serve_app: Callable[..., str], page: Any):
    """The server runs in a folder whose settings say 200 MB; the app's own 2 MB applies."""
    page.goto(serve_app())
    page.get_by_role("link", name="Compare").click()
    page.get_by_text("Upload a credence file to compare").click()
    uploader = page.get_by_test_id("stFileUploaderDropzone")
    expect(uploader).to_contain_text("10MB")
    expect(uploader).not_to_contain_text("200MB")


XSS_MODEL = f"""\
id: xss
title: "Hostile text {IMG}"
output: {{claim: payload}}
claims:
  cause:
    statement: "{SCRIPT} and *stars* and [a link](javascript:alert(1))"
    prior: 0.5
  payload:
    statement: "{IMG} is shown as text"
    parents: {{cause: supports}}
    table:
      - {{when: {{cause: "true"}}, p: 0.9}}
      - {{when: {{cause: "false"}}, p: 0.2}}
"""


def test_claim_text_is_never_html(serve_app: Callable[..., str], page: Any, tmp_path: Path):
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "xss.yaml").write_text(XSS_MODEL, encoding="utf-8")
    assert isinstance(argmap.load_model(folder / "xss.yaml"), argmap.Model)
    url = serve_app(models_dir=folder)
    page.goto(url)
    expect(page.locator(NODES)).to_have_count(2)
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("55.0%")
    expect(page.locator(NODES).first).to_contain_text("<script>")  # the diagram shows it as text
    assert page.evaluate("() => window.__xss") is None
    page.goto(f"{url}/inspect")
    expect(page.get_by_text(f"{IMG} is shown as text", exact=True)).to_be_visible()
    page.get_by_test_id("stMain").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=re.compile(r"\(cause\)")).click()
    expect(
        page.get_by_text(f"{SCRIPT} and *stars* and [a link](javascript:alert(1))")
    ).to_be_visible()
    shoot(page, "inspector-hostile-text")
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("img[src=x]").count() == 0


def test_switching_to_the_power_seeking_model_and_back(serve_app: Callable[..., str], page: Any):
    """Issue 12: the second report works in the real page, with nothing assuming schemers."""
    sidebar = page.get_by_test_id("stSidebar")
    page.goto(serve_app())
    headline = page.get_by_test_id("stMetricValue").first
    expect(headline).to_be_visible()

    def expected(key: str) -> tuple[argmap.Model, str]:
        model = argmap.load_model(ROOT / "models" / key)
        profile = sources.default_profile(key, sources.profile_files(key, model.id))
        cred = argmap.load_credences(ROOT / "models" / profile, model) if profile else None
        return model, pct(argmap.headline(model, cred).p_given)

    scheming, scheming_p = expected("scheming.yaml")
    expect(headline).to_have_text(scheming_p)
    sidebar.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=re.compile("power_seeking")).click()
    power, power_p = expected("power_seeking.yaml")
    expect(headline).to_have_text(power_p)
    expect(page.locator(NODES)).to_have_count(len(power.claims))
    expect(page.get_by_test_id("stMain")).not_to_contain_text("schemer")
    shoot(page, "power-seeking")
    sidebar.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=re.compile("scheming")).click()
    expect(headline).to_have_text(scheming_p)
    expect(page.locator(NODES)).to_have_count(len(scheming.claims))


def test_the_maps_title_clears_the_top_bar_on_a_phone(serve_app: Callable[..., str], page: Any):
    """At 390 px Streamlit's top bar is opaque (it holds the sidebar's button): the title
    starts below it, not partly under it."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(serve_app())
    title = page.get_by_test_id("stMain").locator("h5").first
    expect(title).to_be_visible()
    bar = page.get_by_test_id("stHeader").bounding_box()
    box = title.bounding_box()
    assert bar is not None and box is not None
    assert box["y"] >= bar["y"] + bar["height"]
    shoot(page, "map-phone-title")
