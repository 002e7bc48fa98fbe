"""Fleet in a real browser: the charts draw, the owned share in the link changes
the strategies, and the purchase schedule downloads as CSV.

Uses the session's Streamlit server (conftest.py). Every lever is bound to the
URL, so the strategy is set through the address, as a share link would.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING

try:
    from playwright.sync_api import expect
except ImportError:  # conftest.py skips (or, with E2E=required, fails) each test, saying why
    expect = None  # type: ignore[assignment]

from model import Scenario, units
from model.fleet_plan import strategies

from .conftest import assert_no_exception, layout_problems, open_app, scroll_main_to_bottom

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page

MAIN = "[data-testid='stMain']"
CHART = f"{MAIN} [data-testid='stPlotlyChart']"
GRID = f"{MAIN} [data-testid='stDataFrame']"

#: Text of every body cell of the last grid (the strategies), row by row: the grid
#: is drawn on a canvas, its accessible table mirrors the cells once it is in view.
_ROWS_JS = """(sel) => {
  const grids = document.querySelectorAll(sel);
  const grid = grids[grids.length - 1];
  const rows = grid ? [...grid.querySelectorAll("table[role='grid'] tbody tr")] : [];
  return rows.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.innerText.trim()));
}"""


def _strategy_rows(page: Page) -> list[list[str]]:
    grid = page.locator(GRID).last
    grid.scroll_into_view_if_needed()
    expect(grid.locator("table[role='grid'] thead")).to_contain_text("Net present cost")
    expect(grid.locator("table[role='grid'] tbody tr").first).to_be_attached()
    return page.evaluate(_ROWS_JS, GRID)


def test_fleet_page_draws_its_charts(page: Page, app_url: str, screenshots: Path) -> None:
    open_app(page, f"{app_url}/fleet?inference_owned_pct=60&training_reserved_pct=50")
    assert_no_exception(page)
    scroll_main_to_bottom(page)
    expect(page.locator(CHART)).to_have_count(2)  # capacity, one break-even (one chip)
    for i in range(2):
        chart = page.locator(CHART).nth(i)
        chart.scroll_into_view_if_needed()
        expect(chart.locator(".main-svg").first).to_be_visible()
        expect(chart.locator(".scatterlayer .trace").first).to_be_attached()
    expect(page.locator(CHART).first).to_contain_text("by way of paying")
    page.screenshot(path=screenshots / "fleet.png", full_page=True, animations="disabled")
    assert not (found := layout_problems(page)), found


def test_the_owned_share_in_the_link_changes_the_strategies(page: Page, app_url: str) -> None:
    firsts = []
    for owned in (40, 80):
        open_app(page, f"{app_url}/fleet?inference_owned_pct={owned}")
        assert_no_exception(page)
        first = _strategy_rows(page)[0]
        expected = strategies(Scenario(inference_owned_pct=owned)).iloc[0]
        assert first[0] == "This scenario's strategy", first
        assert units.money(expected["NPV (USD)"]) in first, (first, expected)
        firsts.append(first)
    assert firsts[0][1:] != firsts[1][1:], firsts


def test_the_purchase_schedule_downloads_as_csv(page: Page, app_url: str, tmp_path: Path) -> None:
    open_app(page, f"{app_url}/fleet?inference_owned_pct=60")
    assert_no_exception(page)
    button = page.get_by_role("button", name="Download the purchase schedule (CSV)")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    name = download.suggested_filename
    assert re.fullmatch(r"ai-assistant-at-scale-purchase-schedule-\d{4}-\d{2}-\d{2}\.csv", name), (
        name
    )
    target = tmp_path / name
    download.save_as(target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("Month,Order by,Stream,Accelerator,Count,Capex (USD)\n"), text[:200]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and rows[0]["Stream"] == "inference" and int(rows[0]["Count"]) > 0
