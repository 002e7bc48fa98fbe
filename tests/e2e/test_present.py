"""Present in a real browser: every download works, named after the scenario and the date.

The board's view at 1280x720 and 1920x1080, light and dark, is checked by test_layout.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

try:
    from playwright.sync_api import expect
except ImportError:  # conftest.py skips (or, with E2E=required, fails) each test, saying why
    expect = None  # type: ignore[assignment]

from ui.downloads import download_name

from .conftest import assert_no_exception, open_app, scroll_main_to_bottom

if TYPE_CHECKING:
    from playwright.sync_api import Page

#: Button label -> (what the file is, its extension, its first bytes).
DOWNLOADS = {
    "PowerPoint deck": ("deck", "pptx", b"PK\x03\x04"),
    "HTML report": ("report", "html", b"<!DOCTYPE html>"),
    "Excel workbook": ("workbook", "xlsx", b"PK\x03\x04"),
    "Monthly table (CSV)": ("monthly", "csv", b"month,year,"),
}


def _present(page: Page, url: str) -> None:
    open_app(page, f"{url.rstrip('/')}/present")
    expect(page.locator("[data-testid='stMetric']")).to_have_count(8)
    expect(page.locator(".js-plotly-plot").first).to_be_visible()


def test_each_download_gives_a_file_of_its_type(page: Page, app_url: str, tmp_path: Path) -> None:
    _present(page, app_url)
    scroll_main_to_bottom(page)
    for label, (what, ext, magic) in DOWNLOADS.items():
        button = page.get_by_role("button", name=label)
        with page.expect_download(timeout=60_000) as info:
            button.click()
        download = info.value
        name = download_name(["Current levers"], what, ext)
        assert download.suggested_filename == name, download.suggested_filename
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        data = target.read_bytes()
        assert len(data) > 1000, f"{label}: {len(data)} bytes"
        assert data[: len(magic)].lower() == magic.lower(), f"{label}: starts {data[:16]!r}"
    html = (tmp_path / download_name(["Current levers"], "report", "html")).read_text(
        encoding="utf-8"
    )
    assert "Inference spend" in html
    assert_no_exception(page)
