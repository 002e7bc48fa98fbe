"""Evidence in a real browser: the published-vs-model chart is drawn and the table
lists the observations of data/observations.csv.

Uses the session's Streamlit server (conftest.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

try:
    from playwright.sync_api import expect
except ImportError:  # conftest.py skips (or, with E2E=required, fails) each test, saying why
    expect = None  # type: ignore[assignment]

from model.evidence import load_observations

from .conftest import assert_no_exception, open_app, scroll_main_to_bottom

if TYPE_CHECKING:
    from playwright.sync_api import Page

MAIN = "[data-testid='stMain']"
GRID = f"{MAIN} [data-testid='stDataFrame']"


def test_chart_and_table_render(page: Page, app_url: str) -> None:
    observations = load_observations(check_presets=False)
    open_app(page, f"{app_url}/evidence")
    assert_no_exception(page)
    expect(page.locator(f"{MAIN} h1").filter(has_text="Evidence")).to_have_count(1)
    charts = page.locator(f"{MAIN} .js-plotly-plot")
    expect(charts).to_have_count(2)  # ratio by row, then published against model
    for i in range(2):
        expect(charts.nth(i).locator("svg.main-svg").first).to_be_visible()
    # the ratio chart draws one marker per computed row
    expect(charts.nth(0).locator("g.points path.point")).to_have_count(len(observations))
    # The grid is drawn on a canvas; its accessible table mirrors the cells.
    scroll_main_to_bottom(page)
    rows = page.locator(f"{GRID} table[role='grid'] tbody tr")
    expect(rows).to_have_count(len(observations))
    expect(rows.first).to_contain_text(observations[0].id)
