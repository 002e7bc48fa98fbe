"""Explore and Present as a board sees them: every KPI whole, nothing wider than the window.

At 1280x720 (a projector) and 1920x1080, in the light and the dark theme,
with the sidebar open (its levers take ~300 px of the width): no tile's label,
value or delta is cut short with "…" and the page does not scroll sideways.
Explore is checked with the default preset, and both pages with the widest
figures of the presets (Frontier lab: six-digit fleets; on Explore with a lever
moved, so its tiles show deltas too). Every preset has the same labels.

The theme follows the viewer's system setting (.streamlit/config.toml has a
light and a dark variant and no fixed base), emulated per browser context.
One context and one tab per size and theme; the screenshots are kept in
tests/e2e/screenshots/ (git-ignored) to look at.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # conftest.py skips (or, with E2E=required, fails) each test, saying why
    expect = None  # type: ignore[assignment]

from .conftest import assert_no_exception, layout_problems, open_app, scroll_main_to_bottom

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Page

SIZES = [(1280, 720), (1920, 1080)]
SCHEMES = ["light", "dark"]
N_KPIS = 8
FRONTIER = f"preset={quote('Frontier lab')}"

#: name -> (address, number of charts on it)
PAGES = {
    "explore": ("/", 2),
    "explore-frontier-changed": (f"/?{FRONTIER}&adoption_peak_pct=80", 2),
    "present-frontier": (f"/present?{FRONTIER}", 3),
}

_COLOURS_JS = """() => {
  const rgb = (el) => getComputedStyle(el).backgroundColor;
  const app = document.querySelector("[data-testid='stApp']");
  const label = document.querySelector("[data-testid='stMetricValue']");
  return [rgb(app), getComputedStyle(label).color];
}"""

#: The fill of every chart's first y-axis tick label (a chart draws its own text).
_TICKS_JS = """() => [...document.querySelectorAll(".js-plotly-plot")].map(
  (g) => getComputedStyle(g.querySelector(".ytick text")).fill)"""


def _luminance(css: str) -> float:
    """Relative luminance (WCAG) of an ``rgb(...)``/``rgba(...)`` colour."""
    r, g, b = (float(v) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])

    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def _assert_theme(page: Page, scheme: str) -> None:
    """The app painted itself in ``scheme``: a light or dark page, text in contrast."""
    background, text = (_luminance(c) for c in page.evaluate(_COLOURS_JS))
    if scheme == "light":
        assert background > 0.8 and text < 0.2, (scheme, background, text)
    else:
        assert background < 0.05 and text > 0.6, (scheme, background, text)
    # Chart text follows the theme too (Explore's charts theme themselves: ui/charts.py).
    for fill in page.evaluate(_TICKS_JS):
        tick = _luminance(fill)
        assert (tick < 0.4) if scheme == "light" else (tick > 0.4), (scheme, "chart tick", fill)


def _load(page: Page, url: str, n_charts: int) -> None:
    """Open ``url`` and wait until its tiles and charts are all drawn."""
    open_app(page, url)
    expect(page.locator("[data-testid='stMetric']")).to_have_count(N_KPIS)
    expect(page.locator("[data-testid='stMetricValue']").last).not_to_be_empty()
    scroll_main_to_bottom(page)  # charts may render only once scrolled into view
    expect(page.locator(".js-plotly-plot")).to_have_count(n_charts)
    assert_no_exception(page)
    page.evaluate("() => document.querySelector(\"[data-testid='stMain']\")?.scrollTo(0, 0)")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_kpis_whole_and_nothing_wider_than_the_window(
    browser: Browser, app_url: str, screenshots: Path, size: tuple[int, int], scheme: str
) -> None:
    width, height = size
    ctx = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    try:
        page = ctx.new_page()
        problems = {}
        for name, (path, n_charts) in PAGES.items():
            _load(page, f"{app_url}{path}", n_charts)
            sidebar = page.locator("[data-testid='stSidebar']")
            expect(sidebar).to_have_attribute("data-collapsed", "false")
            expect(sidebar.get_by_role("group", name="Adoption", exact=True)).to_be_in_viewport()
            _assert_theme(page, scheme)
            if found := layout_problems(page):
                problems[name] = found
            shot = screenshots / f"layout-{name}-{width}x{height}-{scheme}.png"
            page.screenshot(path=shot, animations="disabled")
        assert not problems, f"{width}x{height} {scheme}: {problems}"
    finally:
        ctx.close()


def test_theme_switch_in_the_menu_turns_the_page_dark_and_light(
    browser: Browser, app_url: str, screenshots: Path
) -> None:
    """The menu at the top right offers System, Light and Dark (client.toolbarMode
    "minimal" with an About item): each choice repaints Explore, readable in both."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720}, color_scheme="light")
    try:
        page = ctx.new_page()
        _load(page, f"{app_url}/?gpu_hour_price_usd=4", 2)
        _assert_theme(page, "light")
        for choice, scheme in (("Dark", "dark"), ("Light", "light")):
            page.locator("[data-testid='stMainMenu']").click()
            item = page.get_by_role("menuitemradio", name=choice)
            expect(item).to_be_visible()
            item.click()
            page.wait_for_function(
                """(dark) => {
                  const bg = getComputedStyle(document.querySelector("[data-testid='stApp']"))
                    .backgroundColor.match(/\\d+/g).map(Number);
                  return dark ? bg[0] < 60 : bg[0] > 200;
                }""",
                arg=scheme == "dark",
            )
            page.keyboard.press("Escape")  # close the menu if it stayed open
            _assert_theme(page, scheme)
            # The copy button and the captions follow the theme too.
            button = page.get_by_role("button", name="Copy link")
            colour = button.evaluate("(b) => getComputedStyle(b).color")
            background = page.evaluate(_COLOURS_JS)[0]
            contrast = (max(_luminance(colour), _luminance(background)) + 0.05) / (
                min(_luminance(colour), _luminance(background)) + 0.05
            )
            assert contrast >= 4.5, (scheme, colour, background, contrast)
            assert not (found := layout_problems(page)), (scheme, found)
            page.screenshot(path=screenshots / f"theme-menu-explore-{scheme}.png")
    finally:
        ctx.close()
