"""Explore in a real browser: renders, levers move the answer, links reproduce it.

One Streamlit server for the whole session (conftest.py); each test gets a
fresh browser context. Kept lean: a handful of page loads in all.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from typing import TYPE_CHECKING

try:
    from playwright.sync_api import expect
except ImportError:  # conftest.py skips (or, with E2E=required, fails) each test, saying why
    expect = None  # type: ignore[assignment]

from .conftest import (
    ROOT,
    VIEWPORT,
    assert_no_exception,
    kpi_values,
    layout_problems,
    open_app,
    scroll_main_to_bottom,
    wait_idle,
)

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, BrowserContext, Locator, Page

HEADLINE_LEVERS = ["Adoption", "Request volume", "Model efficiency", "Hardware price"]
N_KPIS = 8
N_CHARTS = 2  # the annual split and the picked view
DOCS_SCREENSHOT = ROOT / "docs" / "explore.png"
DOCS_MAX_BYTES = 400 * 1024
DOCS_VIEWPORT = {"width": 1400, "height": 1700}

METRICS = "[data-testid='stMetric']"
#: Every chart's traces' y values as drawn (Plotly keeps the data on the graph div).
_FIRST_Y_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(
  (g) => (g.data || []).map((t) => JSON.stringify(t.y)))"""
CHARTS = ".js-plotly-plot"
HEADLINE = "[data-testid='stMain'] h2"


def _open_explore(page: Page, url: str) -> None:
    """Load Explore and wait until its KPI tiles are all there."""
    open_app(page, url)
    expect(page.locator(METRICS)).to_have_count(N_KPIS)


def _lever(page: Page, label: str) -> Locator:
    """The thumb of a sidebar slider, found by its visible label.

    The slider's own accessible name repeats the label ("Adoption Adoption",
    Streamlit's aria-labelledby), so match the labelled group around it.
    """
    sidebar = page.locator("[data-testid='stSidebar']")
    return sidebar.get_by_role("group", name=label, exact=True).get_by_role("slider")


def _answer(page: Page) -> tuple[str, dict[str, str]]:
    return page.locator(HEADLINE).first.inner_text(), kpi_values(page)


def test_explore_renders_kpis_charts_and_headline_levers(page: Page, app_url: str) -> None:
    _open_explore(page, app_url)
    assert_no_exception(page)
    expect(page.locator(HEADLINE).first).not_to_be_empty()

    values = kpi_values(page)
    assert len(values) == N_KPIS, values
    assert all(values.values()), f"a KPI tile has no value: {values}"

    scroll_main_to_bottom(page)  # charts may render only once scrolled into view
    expect(page.locator(CHARTS)).to_have_count(N_CHARTS)

    for label in HEADLINE_LEVERS:
        expect(_lever(page, label)).to_have_count(1)
    sidebar = page.locator("[data-testid='stSidebar']")
    labels = [
        s.locator("[data-testid='stWidgetLabel']").inner_text().strip()
        for s in sidebar.locator("[data-testid='stSlider']").all()
    ]
    assert labels[:4] == HEADLINE_LEVERS, f"headline levers out of order: {labels}"
    assert_no_exception(page)


def test_adoption_arrow_key_moves_answer_and_link_reproduces_it(
    page: Page, browser: Browser, app_url: str
) -> None:
    _open_explore(page, app_url)
    before = _answer(page)
    assert "adoption_peak_pct" not in page.url  # defaults stay out of the link

    thumb = _lever(page, "Adoption")
    expect(thumb).to_have_value("40")
    # Mark the drawn charts: a lever move must update them in place (ui/charts.py),
    # not draw new ones.
    expect(page.locator(CHARTS)).to_have_count(N_CHARTS)
    page.evaluate(f"() => document.querySelectorAll('{CHARTS}').forEach((g) => g.__kept = 1)")
    y_before = page.evaluate(_FIRST_Y_JS)
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_function("() => /[?&]adoption_peak_pct=41(&|$)/.test(location.search)")
    wait_idle(page)
    expect(thumb).to_have_value("41")
    # The answer (headline sentence or a KPI) must move; poll, the DOM may lag the run state.
    page.wait_for_function(
        """([h, before]) => {
          const head = document.querySelector(h)?.innerText ?? "";
          const vals = [...document.querySelectorAll("[data-testid='stMetricValue']")]
            .map((e) => e.innerText.trim());
          return head !== before[0] || JSON.stringify(vals) !== JSON.stringify(before[1]);
        }""",
        arg=[HEADLINE, [before[0], list(before[1].values())]],
    )
    assert_no_exception(page)
    after = kpi_values(page)
    assert re.search(r"[?&]adoption_peak_pct=41(&|$)", page.url), page.url
    page.wait_for_function(
        f"(before) => JSON.stringify(({_FIRST_Y_JS})()) !== before", arg=(json.dumps(y_before))
    )
    kept = page.evaluate(f"() => [...document.querySelectorAll('{CHARTS}')].map((g) => !!g.__kept)")
    assert kept == [True] * N_CHARTS, f"charts drawn anew instead of updated: {kept}"

    shared = browser.new_context(viewport=VIEWPORT)
    try:
        other = shared.new_page()
        _open_explore(other, page.url)
        assert_no_exception(other)
        assert kpi_values(other) == after
        expect(_lever(other, "Adoption")).to_have_value("41")
    finally:
        shared.close()


def test_copy_link_puts_the_page_address_on_the_clipboard(
    context: BrowserContext, app_url: str
) -> None:
    """The "Copy link" button copies the address with its query string (every lever
    and the view), says so, and the link opens the same answer."""
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    page = context.new_page()
    _open_explore(page, f"{app_url}/?adoption_peak_pct=55&view=Fleet")
    button = page.get_by_role("button", name="Copy link")
    expect(button).to_be_visible()
    button.click()
    expect(page.get_by_role("button", name="Link copied")).to_be_visible()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == page.url, (copied, page.url)
    assert re.search(r"[?&]adoption_peak_pct=55(&|$)", copied) and "view=Fleet" in copied
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()  # back after a moment
    assert_no_exception(page)


def test_bad_link_value_warns_names_the_parameter_and_still_renders(
    page: Page, app_url: str
) -> None:
    _open_explore(page, f"{app_url}/?adoption_peak_pct=abc")
    assert_no_exception(page)
    alerts = page.locator("[data-testid='stAlert']")
    expect(alerts.filter(has_text="adoption_peak_pct")).to_have_count(1)
    values = kpi_values(page)
    assert len(values) == N_KPIS and all(values.values()), values
    # The bad value is ignored: the lever keeps the preset's value.
    expect(_lever(page, "Adoption")).to_have_value("40")


def test_every_page_in_the_navigation_renders(page: Page, app_url: str) -> None:
    """Each page shows something, raises nothing, cuts no KPI short and fits the window."""
    open_app(page, app_url)
    links = page.locator("[data-testid='stSidebarNav'] a")
    expect(links.first).to_be_visible()
    pages = [(a.inner_text().split("\n")[-1].strip(), a.get_attribute("href")) for a in links.all()]
    assert len(pages) >= 2, pages
    for i, (title, href) in enumerate(pages):
        links.nth(i).click()
        page.wait_for_function("(href) => location.href.split('?')[0] === href", arg=href)
        wait_idle(page)
        assert_no_exception(page)
        main = page.locator("[data-testid='stMain']")
        expect(main.locator("[data-testid='stElementContainer']").first).to_be_visible()
        assert main.inner_text().strip(), f"page {title!r} ({href}) is empty"
        assert not (found := layout_problems(page)), f"page {title!r} ({href}): {found}"


def _copy_for_docs(src: Path, dst: Path) -> None:
    """Copy the screenshot for the README, palette-compressed if it is too large."""
    dst.parent.mkdir(exist_ok=True)
    shutil.copyfile(src, dst)
    if dst.stat().st_size > DOCS_MAX_BYTES:
        from PIL import Image

        with Image.open(src) as im:
            im.convert("RGB").quantize(colors=256).save(dst, optimize=True)


def test_readme_picture_shows_the_whole_answer(
    browser: Browser, app_url: str, screenshots: Path
) -> None:
    """The README's picture of Explore: the headline, every tile whole and both charts
    drawn, all inside the picture. Written to tests/e2e/screenshots/explore.png, and to
    docs/explore.png with UPDATE_DOCS=1 (the dark theme is checked by test_layout.py)."""
    ctx = browser.new_context(viewport=DOCS_VIEWPORT, color_scheme="light")
    try:
        page = ctx.new_page()
        _open_explore(page, app_url)
        scroll_main_to_bottom(page)
        charts = page.locator(CHARTS)
        expect(charts).to_have_count(N_CHARTS)
        for chart in charts.all():  # data drawn, not only the axes
            expect(chart.locator(".cartesianlayer .trace").first).to_be_visible()
        page.evaluate("() => document.querySelector(\"[data-testid='stMain']\")?.scrollTo(0, 0)")
        assert_no_exception(page)
        for part in [page.locator(HEADLINE).first, *page.locator(METRICS).all(), *charts.all()]:
            expect(part).to_be_in_viewport(ratio=1)
        assert not (found := layout_problems(page)), found
        shot = screenshots / "explore.png"
        page.screenshot(path=shot, full_page=True, animations="disabled")
    finally:
        ctx.close()
    # The README's picture changes with the date ("N months from now"): refreshed on
    # request only, so a test run leaves the work tree clean.
    if os.environ.get("UPDATE_DOCS") == "1":
        _copy_for_docs(shot, DOCS_SCREENSHOT)
        size = DOCS_SCREENSHOT.stat().st_size
        assert size <= DOCS_MAX_BYTES, f"docs/explore.png is {size // 1024} KB"
