"""Accelerators in a real browser: a row per catalog accelerator, and a pick that
changes when the time-per-output-token target tightens.

Uses the session's Streamlit server (conftest.py). Every lever is bound to the
URL, so the TPOT target is set through the address, as a share link would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

try:
    from playwright.sync_api import expect
except ImportError:  # conftest.py skips (or, with E2E=required, fails) each test, saying why
    expect = None  # type: ignore[assignment]

from model import Scenario
from model.accelerator_choice import cheapest_sentence, compare_accelerators
from model.catalog import accelerator_names

from .conftest import assert_no_exception, layout_problems, open_app

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Page

MAIN = "[data-testid='stMain']"
GRID = f"{MAIN} [data-testid='stDataFrame']"
FRONTIER = "Frontier lab"

#: Text of every body cell of the page's table, row by row (the grid is drawn on a
#: canvas; its accessible table mirrors the cells).
_ROWS_JS = """(sel) => {
  const grid = document.querySelector(sel);
  const rows = grid ? [...grid.querySelectorAll("table[role='grid'] tbody tr")] : [];
  return rows.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.innerText.trim()));
}"""


def _rows(page: Page) -> list[list[str]]:
    return page.evaluate(_ROWS_JS, GRID)


def _pick_box(page: Page) -> str:
    box = page.locator(f"{MAIN} [data-testid='stAlert']").filter(has_text="Cheapest")
    expect(box).to_have_count(1)
    return box.locator("[data-testid='stMarkdownContainer']").inner_text().strip()


def test_page_shows_a_row_per_accelerator_readably_at_1280x720(
    browser: Browser, app_url: str, screenshots: Path
) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = ctx.new_page()
        open_app(page, f"{app_url}/accelerators")
        assert_no_exception(page)
        expect(page.locator(GRID)).to_have_count(1)
        expect(page.locator(f"{GRID} table[role='grid'] tbody tr")).to_have_count(
            len(accelerator_names())
        )
        rows = _rows(page)
        names = [r[0].removesuffix(" (current)") for r in rows]
        assert sorted(names) == sorted(accelerator_names()), rows
        expected = compare_accelerators(Scenario())
        pick = expected.loc[expected["cheapest"], "accelerator"].iloc[0]
        assert names[0] == pick and rows[0][1] == "✓ Cheapest", rows[0]
        # The grid is drawn on a canvas, its accessible mirror holds the values (rounded
        # for people: whole fleets); the formats ($0.015, 3,954) are in the screenshot.
        fleet = expected.set_index("accelerator").loc["L40S", "inference_fleet"]
        l40s = next(r for r in rows if r[0] == "L40S")
        assert l40s[1] == "Meets targets" and float(l40s[3]) == round(fleet), l40s
        page.screenshot(path=screenshots / "accelerators-1280x720.png", animations="disabled")
        assert _pick_box(page).startswith(cheapest_sentence(expected))
        assert not (found := layout_problems(page)), found
    finally:
        ctx.close()


#: The growing 405B model the pick is tested on, pinned in the link (as in the page test).
GROWING_405B = {
    "active_params_b": 405,
    "inference_precision": "fp8",
    "kv_kib_per_token": 504,
    "generation_compute_growth": 4.0,
    "params_share_of_growth": 0.3,
    "ttft_target_ms": 6000,
}


def test_the_pick_changes_when_the_tpot_target_tightens(page: Page, app_url: str) -> None:
    frontier = Scenario.from_preset(FRONTIER).replace(**GROWING_405B)
    pinned = "&".join(f"{k}={quote(str(v))}" for k, v in GROWING_405B.items())
    picks = []
    for tpot in (175, 10):
        open_app(
            page,
            f"{app_url}/accelerators?preset={quote(FRONTIER)}&{pinned}&tpot_target_ms={tpot}",
        )
        assert_no_exception(page)
        expected = compare_accelerators(frontier.replace(tpot_target_ms=tpot))
        pick = expected.loc[expected["cheapest"], "accelerator"].iloc[0]
        expect(page.locator(f"{MAIN} [data-testid='stAlert']").filter(has_text=pick)).to_have_count(
            1
        )
        assert f"/ {tpot} ms targets" in _pick_box(page)
        expect(page.locator(f"{GRID} table[role='grid'] tbody tr").first).to_contain_text(pick)
        first = _rows(page)[0]
        assert [first[0].removesuffix(" (current)"), first[1]] == [pick, "✓ Cheapest"]
        picks.append(pick)
    assert picks[0] != picks[1], picks
