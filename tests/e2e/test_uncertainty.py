"""Uncertainty in a real browser: the simulation runs, its charts and table show, results replay.

Uses the session's Streamlit server (conftest.py). The page simulates on its
first view; a reload must serve the cached result (Streamlit replays a cached
function's elements, which must not include the progress bar).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from model import Scenario
from model.uncertainty import goal_seek_crossover

try:
    from playwright.sync_api import expect
except ImportError:  # conftest.py skips (or, with E2E=required, fails) each test, saying why
    expect = None  # type: ignore[assignment]

from .conftest import (
    assert_no_exception,
    kpi_values,
    layout_problems,
    open_app,
    scroll_main_to_bottom,
    wait_idle,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

MAIN = "[data-testid='stMain']"
CHARTS = f"{MAIN} .js-plotly-plot"
TABLES = f"{MAIN} [data-testid='stDataFrame']"
N_KPIS = 8
N_CHARTS = 3  # fan chart, crossover probability, tornado


def _ready(page: Page) -> dict[str, str]:
    """Wait for the page's tiles, charts and probability table; return the tiles."""
    expect(page.locator("[data-testid='stMetric']")).to_have_count(N_KPIS)
    scroll_main_to_bottom(page)  # charts may render only once scrolled into view
    expect(page.locator(CHARTS)).to_have_count(N_CHARTS)
    expect(page.locator(TABLES).first).to_be_visible()
    expect(page.locator("[data-testid='stProgress']")).to_have_count(0)
    assert_no_exception(page)
    values = kpi_values(page)
    assert all(values.values()), f"a tile has no value: {values}"
    return values


def test_uncertainty_page_simulates_and_shows_charts_and_table(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Uncertainty").click()
    page.wait_for_url("**/uncertainty*")
    wait_idle(page)
    first = _ready(page)
    assert "Never within the plan" in first

    # A reload hits the cache: the same numbers, no stale progress bar, no error.
    page.reload()
    page.wait_for_selector("[data-testid='stApp']")
    wait_idle(page)
    assert _ready(page) == first

    # A smaller run with another seed through the form.
    main = page.locator(MAIN)
    main.get_by_role("spinbutton", name="Draws").fill("2000")
    main.get_by_role("spinbutton", name="Random seed").fill("5")
    main.get_by_role("button", name="Run simulation").click()
    wait_idle(page)
    expect(
        main.get_by_text("2,000 draws, seed 5")
    ).to_be_visible()  # as asked, even if some left out
    _ready(page)
    assert not (found := layout_problems(page)), found


def test_goal_seek_answer_applies_to_the_sidebar_lever(page: Page, app_url: str) -> None:
    open_app(page, f"{app_url}/uncertainty")
    _ready(page)
    main = page.locator(MAIN)
    month = main.get_by_role("combobox", name="Overtaken by")
    month.click()
    page.keyboard.type("Jan 2028")  # the list is virtualised: filter it rather than scroll
    page.get_by_role("option", name="Jan 2028", exact=True).click()
    main.get_by_role("button", name="Find the value").click()
    wait_idle(page)
    expect(main.get_by_text("makes inference overtake training by Jan 2028")).to_be_visible()
    # The answer the model gives, on the slider's step (rounded up: adoption must rise).
    found = goal_seek_crossover(Scenario(), "adoption_peak_pct", "2028-01").value
    want = math.ceil(found)
    main.get_by_role("button", name="Apply to levers").click()
    page.wait_for_function(
        f"() => /[?&]adoption_peak_pct={want}(\\.0)?(&|$)/.test(location.search)"
    )
    wait_idle(page)
    slider = (
        page.locator("[data-testid='stSidebar']")
        .get_by_role("group", name="Adoption", exact=True)
        .get_by_role("slider")
    )
    expect(slider).to_have_value(str(want))
    answer = main.get_by_text(f"Already met: at the current adoption ({want}")
    expect(answer).to_be_visible()
    assert_no_exception(page)
