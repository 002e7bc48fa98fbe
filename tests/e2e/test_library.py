"""Library in a real browser: names stay text, share links reproduce, servers share a store.

Uses the session's Streamlit server (conftest.py). To stay fast most scenarios
are saved straight into that server's store; one goes through the UI. The
PostgreSQL test starts two more servers on TEST_DATABASE_URL.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # conftest.py skips (or, with E2E=required, fails) each test, saying why
    expect = None  # type: ignore[assignment]

from model import Scenario, project, units
from model.store import Base, ScenarioStore
from scripts._serve import start_streamlit

from .conftest import ROOT, VIEWPORT, assert_no_exception, kpi_values, open_app, wait_idle

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Dialog, Locator, Page

    from scripts._serve import Server

MAIN = "[data-testid='stMain']"
PG_MISSING = (
    "PostgreSQL not available: set TEST_DATABASE_URL (bash .ci/run starts a throwaway server)"
)

#: Names that would turn into SQL, HTML or markdown if shown as anything but text.
SQL_NAME = "'; DROP TABLE scenario; --"
HTML_NAME = "<img src=x onerror=alert(1)>"
MARKDOWN_NAME = "**bold**"
EMOJI_NAME = "😀" * 80  # 80 characters (the limit), 160 UTF-16 code units

#: Markup a name must not have turned into, anywhere in the document.
_INJECTED_JS = """() => [
  ...[...document.querySelectorAll("img")]
    .filter((e) => e.getAttribute("src") === "x")
    .map(() => "an <img src=x> element"),
  ...[...document.querySelectorAll("strong, b")]
    .filter((e) => e.textContent.trim() === "bold")
    .map((e) => `a <${e.tagName.toLowerCase()}>bold</${e.tagName.toLowerCase()}> element`),
]"""


@pytest.fixture(scope="module")
def db(app_database_url: str) -> Iterator[ScenarioStore]:
    """The shared server's own store (the same SQLite file)."""
    store = ScenarioStore(app_database_url)
    yield store
    store.close()


# --- helpers ---------------------------------------------------------------------------


def _main(page: Page) -> Locator:
    return page.locator(MAIN)


def _share_link(base: str, name: str) -> str:
    return f"{base}/?{urlencode({'scenario': name})}"


def _assert_no_injected_markup(page: Page) -> None:
    found = page.evaluate(_INJECTED_JS)
    assert not found, f"a scenario name was rendered as markup: {found}"


def _open_library(page: Page, base: str) -> None:
    open_app(page, f"{base}/library")
    expect(_main(page).get_by_role("heading", name="Scenario library")).to_be_visible()
    assert_no_exception(page)


def _save_form(page: Page) -> Locator:
    return (
        _main(page).locator("[data-testid='stExpander']").filter(has_text="Save the current levers")
    )


def _save_in_library(page: Page, name: str, note: str = "") -> None:
    """Save the current levers as ``name`` with the Library page's form."""
    form = _save_form(page)
    form.locator("summary").click()
    field = form.get_by_role("textbox", name="Scenario name", exact=True)
    expect(field).to_be_visible()
    field.fill(name)
    expect(field).to_have_value(name)  # a refused value would leave the field as it was
    form.get_by_role("textbox", name="Note (optional)", exact=True).fill(note)
    form.get_by_role("button", name="Save", exact=True).click()
    wait_idle(page)
    assert_no_exception(page)
    refused = _main(page).locator("[data-testid='stAlert']").filter(has_text="Not saved")
    assert not refused.count(), refused.first.inner_text()


def _picker(page: Page) -> Locator:
    return _main(page).get_by_role("combobox", name="Scenario", exact=True)


def _picker_options(page: Page) -> list[str]:
    """The Library's "Scenario" choices, read from the opened list (then closed)."""
    _picker(page).click()
    listbox = page.get_by_role("listbox", name="Scenario")
    expect(listbox.get_by_role("option").first).to_be_visible()
    options = listbox.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    expect(listbox).to_have_count(0)
    return options


def _pick(page: Page, name: str) -> None:
    """Choose ``name`` in the Library's "Scenario" picker."""
    _picker(page).click()
    listbox = page.get_by_role("listbox", name="Scenario")
    listbox.get_by_role("option", name=name, exact=True).click()
    wait_idle(page)
    expect(_picker(page)).to_have_value(name)


def _saved_caption(page: Page) -> Locator:
    return (
        _main(page).locator("[data-testid='stCaptionContainer']").filter(has_text="Saved scenario")
    )


def _lever(page: Page, label: str) -> Locator:
    sidebar = page.locator("[data-testid='stSidebar']")
    return sidebar.get_by_role("group", name=label, exact=True).get_by_role("slider")


def _expected_kpis(scenario: Scenario) -> dict[str, str]:
    s = project(scenario).summary
    return {
        "Inference overtakes training": units.month(s["crossover_month"]),
        f"Total spend {s['start_month'][:4]}-{s['final_year']}": units.money(s["total_spend_usd"]),
        f"Inference share, {s['final_year']}": units.percent(s["inference_share_final_year"]),
        "Peak inference fleet": units.count(s["peak_inference_fleet_gpus"], "accelerators"),
    }


def _open_link(page: Page, url: str) -> dict[str, str]:
    """Open a share link in Explore; return its KPI tiles once all are drawn."""
    open_app(page, url)
    expect(_main(page).locator("[data-testid='stMetric']")).to_have_count(8)
    assert_no_exception(page)
    return kpi_values(page)


# --- tests -----------------------------------------------------------------------------


def test_tricky_names_are_shown_as_plain_text(page: Page, app_url: str, db: ScenarioStore) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    for name in (SQL_NAME, MARKDOWN_NAME, EMOJI_NAME):
        db.save(name, Scenario(), note="<b>note</b>")

    _open_library(page, app_url)
    _save_in_library(page, HTML_NAME, note="**saved through the UI**")
    assert db.get(HTML_NAME).name == HTML_NAME  # stored exactly as typed

    names = [SQL_NAME, HTML_NAME, MARKDOWN_NAME, EMOJI_NAME]
    not_exact: list[str] = []  # banners not showing the exact name, reported at the end
    options = _picker_options(page)
    for name in names:
        assert options.count(name) == 1, f"{name!r} is not one option of {options}"
    _assert_no_injected_markup(page)

    library_link = page.locator("[data-testid='stSidebarNav'] a").filter(has_text="Library")
    for name in names:
        _pick(page, name)
        share = _main(page).locator("[data-testid='stCode'] code")
        expect(share).to_have_text(_share_link(app_url, name))
        _assert_no_injected_markup(page)

        _main(page).get_by_role("button", name="Open in Explore", exact=True).click()
        page.wait_for_function(
            "(n) => new URLSearchParams(location.search).get('scenario') === n", arg=name
        )
        wait_idle(page)
        assert_no_exception(page)
        caption = _saved_caption(page)
        expect(caption).to_contain_text(f", version {db.get(name).version}: no unsaved changes.")
        shown = caption.inner_text().strip()
        if not shown.startswith(f"Saved scenario {name}, version "):
            not_exact.append(f"{name!r} is shown as {shown!r}")
        _assert_no_injected_markup(page)

        library_link.click()
        wait_idle(page)
        expect(_picker(page)).to_be_visible()

    assert_no_exception(page)
    assert not dialogs, f"a scenario name ran script: {dialogs}"
    assert not not_exact, "Explore's banner alters names:\n" + "\n".join(not_exact)


def test_after_a_save_the_name_and_note_fields_are_empty(
    page: Page, app_url: str, db: ScenarioStore
) -> None:
    name = f"Emptied after saving {uuid.uuid4().hex[:6]}"
    _open_library(page, app_url)
    _save_in_library(page, name, note="HW $2.00, adoption 55%")
    assert db.get(name).note == "HW $2.00, adoption 55%"
    expect(_main(page).locator("[data-testid='stAlert']")).to_contain_text(
        [f"Saved {name} as version 1."]
    )
    form = _save_form(page)
    expect(form.get_by_role("textbox", name="Scenario name", exact=True)).to_have_value("")
    expect(form.get_by_role("textbox", name="Note (optional)", exact=True)).to_have_value("")
    assert_no_exception(page)


def test_a_link_value_between_the_slider_steps_shows_and_computes_one_value(
    page: Page, app_url: str
) -> None:
    shown = _open_link(page, f"{app_url}/?adoption_peak_pct=40.5")
    thumb = _lever(page, "Adoption")
    expect(thumb).to_have_value("41")
    expected = _expected_kpis(Scenario(adoption_peak_pct=41))
    assert {k: shown.get(k) for k in expected} == expected
    alert = _main(page).locator("[data-testid='stAlert']").filter(has_text="adoption_peak_pct")
    expect(alert).to_contain_text("40.5")
    expect(alert).to_contain_text("41%")
    # The link now says what is shown, so a reload or a copy of it agrees too.
    page.wait_for_function("() => /[?&]adoption_peak_pct=41(&|$)/.test(location.search)")
    assert_no_exception(page)


def test_share_link_reproduces_in_a_fresh_context_and_saves_a_new_version(
    page: Page, browser: Browser, app_url: str, db: ScenarioStore
) -> None:
    name = f"Shared plan & 63% adoption {uuid.uuid4().hex[:6]}"
    scenario = Scenario(adoption_peak_pct=63, gpu_hour_price_usd=3.2)
    assert db.save(name, scenario, note="for the share-link test") == 1
    link = _share_link(app_url, name)

    first = _open_link(page, link)
    expected = _expected_kpis(scenario)
    assert {k: first.get(k) for k in expected} == expected

    fresh = browser.new_context(viewport=VIEWPORT)
    try:
        other = fresh.new_page()
        assert _open_link(other, link) == first
        expect(_saved_caption(other)).to_contain_text(f"Saved scenario {name}, version 1")
        thumb = _lever(other, "Adoption")
        expect(thumb).to_have_value("63")

        thumb.focus()
        thumb.press("ArrowRight")
        other.wait_for_function("() => /[?&]adoption_peak_pct=64(&|$)/.test(location.search)")
        wait_idle(other)
        banner = _main(other).locator("[data-testid='stAlert']").filter(has_text="unsaved change")
        expect(banner).to_contain_text(f"1 unsaved change to saved scenario {name} (version 1)")
        expect(banner).to_contain_text("Adoption")

        _main(other).get_by_role("button", name="Save as new version", exact=True).click()
        wait_idle(other)
        expect(_main(other).locator("[data-testid='stAlert']")).to_contain_text(
            [f"Saved {name} as version 2."]
        )
        expect(_saved_caption(other)).to_contain_text(f"Saved scenario {name}, version 2")
        assert_no_exception(other)
    finally:
        fresh.close()

    saved = db.get(name)
    assert saved.version == 2
    assert saved.scenario.adoption_peak_pct == 64
    assert saved.scenario.gpu_hour_price_usd == 3.2
    assert db.get(name, 1).scenario.adoption_peak_pct == 63  # version 1 is kept


def test_two_servers_share_one_postgresql_store(context: BrowserContext, tmp_path: Path) -> None:
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        if os.environ.get("POSTGRES") == "required":
            pytest.fail(PG_MISSING, pytrace=False)
        pytest.skip(PG_MISSING)

    import sqlalchemy as sa

    # A lock timeout turns a connection left open into an error, not a hung DROP.
    engine = sa.create_engine(url, connect_args={"options": "-c lock_timeout=10000"})
    Base.metadata.drop_all(engine)  # leftovers of an interrupted run
    servers: list[Server] = []
    try:
        # One after the other: each picks its own free port.
        for _ in range(2):
            servers.append(
                start_streamlit("app.py", cwd=ROOT, env={"DATABASE_URL": url}, log_dir=tmp_path)
            )
        a, b = servers
        assert a.port != b.port
        name = f"Shared through PostgreSQL {uuid.uuid4().hex[:8]}"

        page_a = context.new_page()
        _open_library(page_a, a.url)
        _save_in_library(page_a, name, note="saved on server A")

        page_b = context.new_page()
        _open_library(page_b, b.url)
        assert name in _picker_options(page_b)
    except BaseException:
        for s in servers:
            sys.stderr.write(f"--- streamlit log ({s.url}) ---\n{s.log()}\n")
        raise
    finally:
        for s in servers:
            s.stop()
        Base.metadata.drop_all(engine)
        engine.dispose()
