"""End-to-end fixtures: one real Streamlit server and one headless Chromium per session.

Every test under tests/e2e is skipped, with a message saying what to install,
when Debian's chromium or the playwright package is missing; with
``E2E=required`` (CI) it fails instead. Synchronisation is on the app's run
state (``data-test-script-state``), never on sleeps.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts._serve import CHROMIUM_MISSING, IDLE, launch_chromium, start_streamlit  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE / "screenshots"
VIEWPORT = {"width": 1400, "height": 1000}
EXPECT_TIMEOUT_MS = 20_000

#: Run states meaning a run is under way or about to start (anything but idle).
_BUSY_JS = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  return !app || app.getAttribute("data-test-script-state") !== "notRunning";
}"""


def _missing() -> str | None:
    if shutil.which("chromium") is None or importlib.util.find_spec("playwright") is None:
        return CHROMIUM_MISSING
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/e2e as ``e2e``."""
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.e2e)


#: Logs of servers whose session had failures, printed in the terminal summary.
_SERVER_LOGS: list[str] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for log in _SERVER_LOGS:
        terminalreporter.write_sep("-", "streamlit server log (e2e)")
        terminalreporter.write_line(log.rstrip() or "(empty)")


@pytest.fixture(scope="session", autouse=True)
def _e2e_requirements() -> None:
    """Skip (or, with E2E=required, fail) when Chromium or Playwright is missing."""
    problem = _missing()
    if problem is None:
        return
    if os.environ.get("E2E") == "required":
        pytest.fail(problem, pytrace=False)
    pytest.skip(problem)


@pytest.fixture(scope="session")
def app_url(
    _e2e_requirements: None,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """Base URL of one real ``streamlit run app.py`` shared by the session.

    Its database is a throwaway SQLite file; its log is printed when a test failed.
    """
    tmp = tmp_path_factory.mktemp("e2e")
    server = start_streamlit(
        "app.py", cwd=ROOT, env={"DATABASE_URL": f"sqlite:///{tmp / 'e2e.db'}"}, log_dir=tmp
    )
    try:
        yield server.url
    finally:
        server.stop()
        if request.session.testsfailed:
            _SERVER_LOGS.append(server.log())


@pytest.fixture(scope="session")
def browser(_e2e_requirements: None) -> Iterator[Browser]:
    """One headless Debian Chromium for the session."""
    from playwright.sync_api import expect, sync_playwright

    # Lazy-loaded widgets can take seconds to appear on a busy 2-core machine even
    # after the run state is idle: give assertions room rather than sleeping.
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser context (no cookies, no storage) per test."""
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.set_default_timeout(30_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """tests/e2e/screenshots/ (its *.png are git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


# --- helpers ---------------------------------------------------------------------------


def wait_idle(page: Page, timeout: float = 30_000, start_timeout: float = 1_000) -> None:
    """Wait until the app has finished the run that was just triggered.

    First gives a run a short moment to start (polled on every animation
    frame; a run that already started, or the page's ``initial`` state,
    ends this wait at once), then waits for the ``notRunning`` state.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    # A timeout here means no run started: the app is idle already.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(_BUSY_JS, polling="raf", timeout=start_timeout)
    page.wait_for_selector(IDLE, timeout=timeout)


def open_app(page: Page, url: str) -> None:
    """Load ``url`` and wait for the first run to finish."""
    page.goto(url)
    page.wait_for_selector("[data-testid='stApp']")
    wait_idle(page)


def kpi_values(page: Page) -> dict[str, str]:
    """{label: value} of every ``st.metric`` tile on the page."""
    return page.evaluate(
        """() => Object.fromEntries(
          [...document.querySelectorAll("[data-testid='stMetric']")].map((m) => [
            m.querySelector("[data-testid='stMetricLabel']")?.innerText.trim() ?? "",
            m.querySelector("[data-testid='stMetricValue']")?.innerText.trim() ?? "",
          ]))"""
    )


def assert_no_exception(page: Page) -> None:
    """No ``st.exception`` box (an uncaught error in a page) is shown."""
    boxes = page.locator("[data-testid='stException']")
    if boxes.count():
        pytest.fail(f"The app shows an exception:\n{boxes.first.inner_text()[:2000]}")


def scroll_main_to_bottom(page: Page) -> None:
    """Scroll the main area (and the window) to the bottom so lazy elements render."""
    page.evaluate(
        """() => {
          for (const sel of ["[data-testid='stMain']", "[data-testid='stAppViewContainer']"]) {
            const el = document.querySelector(sel);
            if (el) el.scrollTo(0, el.scrollHeight);
          }
          window.scrollTo(0, document.body.scrollHeight);
        }"""
    )


#: Problems of layout a person would see, as sentences: a KPI tile's label, value or
#: delta cut short (Streamlit ends a cut text with "…"; the box it sits in then has a
#: scrollWidth above its clientWidth), and a page or main area wider than the window.
_LAYOUT_JS = """async () => {
  await document.fonts.ready;  // widths are only final once the app's fonts are in
  const problems = [];
  for (const tile of document.querySelectorAll("[data-testid='stMetric']")) {
    for (const part of ["stMetricLabel", "stMetricValue", "stMetricDelta"]) {
      const el = tile.querySelector(`[data-testid='${part}']`);
      if (!el) continue;
      // The text sits in nested boxes and Streamlit's ellipsis is on an inner one.
      const cut = [el, ...el.querySelectorAll("*")].find(
        (box) => box instanceof HTMLElement && box.scrollWidth > box.clientWidth + 1);
      if (cut) problems.push(`${part} "${el.innerText.trim()}" is cut: scrollWidth `
        + `${cut.scrollWidth} > clientWidth ${cut.clientWidth}`);
    }
  }
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) problems.push(
    `the page is ${doc.scrollWidth}px wide in a ${window.innerWidth}px window`);
  for (const id of ["stAppViewContainer", "stMain", "stMainBlockContainer"]) {
    const el = document.querySelector(`[data-testid='${id}']`);
    if (el && el.scrollWidth > el.clientWidth + 1) problems.push(
      `${id} scrolls sideways: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
  }
  return problems;
}"""


def layout_problems(page: Page) -> list[str]:
    """What is cut off or too wide on the page as it is now (empty when all is well)."""
    return page.evaluate(_LAYOUT_JS)


@pytest.fixture(scope="session")
def app_database_url(app_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The DATABASE_URL of the shared server (``app_url``): its throwaway SQLite file.

    Found beside the server's log, whose file name carries the server's port.
    """
    from urllib.parse import urlsplit

    port = urlsplit(app_url).port
    # Resolved: pytest also links the newest numbered directory as "e2ecurrent".
    found = {p.resolve() for p in tmp_path_factory.getbasetemp().glob(f"e2e*/streamlit-{port}.log")}
    assert len(found) == 1, f"cannot tell the e2e server's directory: {sorted(found)}"
    return f"sqlite:///{found.pop().parent / 'e2e.db'}"
