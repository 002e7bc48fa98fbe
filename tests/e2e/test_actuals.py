"""Actuals in a real browser: upload a CSV, see plan vs actual, re-fit, apply to the levers.

Uses the session's Streamlit server (conftest.py); the upload goes through
Chromium's file input (Playwright ``set_input_files``). The actuals are the
default plan's requests and tokens at 55% adoption (the default is 40%), with
5% noise: the re-fit finds ~55% and Apply moves the Adoption slider and the URL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

try:
    from playwright.sync_api import expect
except ImportError:  # conftest.py skips (or, with E2E=required, fails) each test, saying why
    expect = None  # type: ignore[assignment]

from model import Scenario, project

from .conftest import assert_no_exception, layout_problems, open_app, wait_idle

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser

MAIN = "[data-testid='stMain']"


def _actuals_csv() -> bytes:
    rng = np.random.default_rng(0)
    m = project(Scenario(adoption_peak_pct=55)).monthly.iloc[:12]
    noise = np.exp(rng.normal(0.0, 0.05, (2, 12)))
    rows = [
        f"{t:%Y-%m},{r:.6g},{k:.6g}"
        for t, r, k in zip(
            m["month"], m["requests"] * noise[0], m["tokens"] * noise[1], strict=True
        )
    ]
    return ("month,requests,tokens\n" + "\n".join(rows) + "\n").encode()


def test_upload_refit_and_apply_moves_the_lever(
    browser: Browser, app_url: str, screenshots: Path
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        open_app(page, f"{app_url}/actuals")
        main = page.locator(MAIN)
        expect(main.get_by_text("No actuals yet")).to_be_visible()

        main.locator("input[type='file']").set_input_files(
            {"name": "actuals.csv", "mimeType": "text/csv", "buffer": _actuals_csv()}
        )
        wait_idle(page)
        expect(main.get_by_text("12 months of requests, tokens")).to_be_visible()
        expect(main.locator(".js-plotly-plot")).to_have_count(2)
        expect(page.locator("[data-testid='stMetric']")).to_have_count(2)
        page.screenshot(path=str(screenshots / "actuals-top-1280x720.png"))
        assert not (found := layout_problems(page)), found

        main.get_by_role("button", name="Re-fit").click()
        wait_idle(page)
        apply = main.get_by_role("button", name="Apply to levers: adoption 55%")
        expect(apply).to_be_visible()
        expect(main.locator(".js-plotly-plot")).to_have_count(2)
        main.get_by_text("Re-fit the plan to the actuals").scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / "actuals-refit-1280x720.png"))
        assert not (found := layout_problems(page)), found

        apply.click()
        page.wait_for_function("() => /[?&]adoption_peak_pct=5[4-6]/.test(location.search)")
        wait_idle(page)
        slider = (
            page.locator("[data-testid='stSidebar']")
            .get_by_role("group", name="Adoption", exact=True)
            .get_by_role("slider")
        )
        assert 52 <= float(slider.input_value()) <= 58  # the fit: ~55%, the truth
        expect(main.get_by_text("The levers are at the fitted values.")).to_be_visible()
        assert_no_exception(page)
    finally:
        context.close()
