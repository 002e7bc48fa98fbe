"""Compare in a real browser: the selection is in the link, so a reload keeps it.

Uses the session's Streamlit server (conftest.py); the scenarios are saved
straight into its store.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # conftest.py skips (or, with E2E=required, fails) each test, saying why
    expect = None  # type: ignore[assignment]

from model import Scenario
from model.store import ScenarioStore

from .conftest import assert_no_exception, open_app, wait_idle

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

PICKER = "Scenarios to compare (2 to 4; the first is the baseline)"
UNSAVED = "Current levers (unsaved)"


@pytest.fixture(scope="module")
def db(app_database_url: str) -> Iterator[ScenarioStore]:
    store = ScenarioStore(app_database_url)
    yield store
    store.close()


def _picker(page: Page) -> Locator:
    return page.locator("[data-testid='stMultiSelect']").filter(has_text=PICKER)


def _chips(page: Page) -> Locator:
    return _picker(page).locator("[data-tag]")


def _picked(page: Page) -> list[str]:
    """The chosen scenarios' labels, in order, as the chips name them."""
    return [c.get_attribute("aria-label") or "" for c in _chips(page).all()]


def _link(page: Page) -> list[str]:
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True).get("compare", [])


def test_the_selection_survives_a_reload(page: Page, app_url: str, db: ScenarioStore) -> None:
    tag = uuid.uuid4().hex[:6]
    a, b = f"Cautious & 30% {tag}", f"Bold #2 {tag}"
    db.save(a, Scenario(adoption_peak_pct=30))
    db.save(b, Scenario(adoption_peak_pct=70))  # the most recent: picked by default

    open_app(page, f"{app_url}/compare")
    assert_no_exception(page)
    expect(_chips(page)).to_have_count(2)
    first, second = _picked(page)
    assert "unsaved" not in first and second == b

    # Change a lever (the levers become "unsaved"), then add a scenario: the link
    # keeps both the lever and the selection.
    thumb = (
        page.locator("[data-testid='stSidebar']")
        .get_by_role("group", name="Adoption", exact=True)
        .get_by_role("slider")
    )
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_function("() => /[?&]adoption_peak_pct=41(&|$)/.test(location.search)")
    wait_idle(page)
    expect(_chips(page).first).to_have_attribute("aria-label", UNSAVED)
    _picker(page).get_by_role("combobox").click()
    page.get_by_role("option", name=a, exact=True).click()
    wait_idle(page)
    page.keyboard.press("Escape")
    page.wait_for_function(
        "() => new URLSearchParams(location.search).getAll('compare').length === 3"
    )
    assert "adoption_peak_pct=41" in page.url, page.url
    expect(_chips(page)).to_have_count(3)
    assert _picked(page) == [UNSAVED, b, a]
    assert _link(page) == ["", b, a]

    page.reload()
    page.wait_for_selector("[data-testid='stApp']")
    wait_idle(page)
    assert_no_exception(page)
    expect(_chips(page)).to_have_count(3)
    assert _picked(page) == [UNSAVED, b, a]
    assert _link(page) == ["", b, a]
    expect(thumb).to_have_value("41")
    headers = page.locator("[data-testid='stMain'] [data-testid='stDataFrame']").first
    expect(headers).to_be_visible()
