"""Async helpers for ``scripts/bench_ui_load.py``: many sessions driven at once.

Async twins of ``scripts/_uitrace.py``'s ``wait_quiet``/``mark``/``read`` (the
same JS strings, awaited on ``playwright.async_api`` pages), a tab opener, and
``run_together``, which fires one action on many pages at the same moment and
reads each page's legs (ms, on its own clock) from its own trace; ``contended``
(a press in one session while another runs a cold simulation), the bare
two-page app, VmRSS, and the report's table rows.

No Playwright import at module level.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import textwrap
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from scripts._uitrace import QUIET_JS, QUIET_MS, READ_JS, TRACE_JS, Legs, legs
from scripts.bench_ui import percentile

CHART = ".js-plotly-plot .main-svg"
NAV = "[data-testid='stSidebarNav'] a"
UNCERTAINTY = "Uncertainty"  # the planner page with the Monte Carlo simulation
SLIDER = "[data-testid='stSlider']"
EXCEPTION = "[data-testid='stException']"
#: Server settings for every bench server: no file watcher, so a source file edited
#: during a run (another checkout's work) does not make Streamlit unload and
#: re-import modules under the sessions' feet.
SERVER_ENV = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
VIEWPORT = {"width": 1400, "height": 1000}
SIM_TIMEOUT_MS = 300_000  # a page running the Monte Carlo simulation under load (ms)

#: An init script after ``TRACE_JS`` for page switches: a ``progress`` event when a
#: progress bar appears (``progressEnd`` when it goes), a ``title`` event when the main area's first heading changes
#: (the new page has landed: a switch too fast to show Streamlit's "running" state,
#: as in the bare app, is read from it; see ``settle``).
PAGE_JS = """
(() => {
  let shown = false, title = null;
  const check = () => {
    if (!window.__trace) return;
    const now = !!document.querySelector("[data-testid='stProgress']");
    if (now !== shown) window.__trace.events.push([now ? "progress" : "progressEnd", performance.now()]);
    shown = now;
    const h = document.querySelector("[data-testid='stMain'] :is(h1, h2, h3)");
    const text = h ? h.textContent : null;
    if (text && text !== title) window.__trace.events.push(["title", performance.now()]);
    if (text) title = text;
  };
  const start = () => new MutationObserver(check).observe(
    document.documentElement, { subtree: true, childList: true, characterData: true });
  if (document.documentElement) start();
  else document.addEventListener("readystatechange", start, { once: true });
})();
"""

#: True once the trigger after event ``since`` was followed by the rerun's start
#: (or a KPI or page-title change, for a rerun too fast to show "running"): the wait before
#: ``quiet``, so a server slow to start the rerun under load is not taken for quiet.
_STARTED_JS = """([since, trigger]) => {
  const ev = window.__trace.events.slice(since);
  const i = ev.findIndex((e) => e[0] === trigger);
  const kinds = ["running", "metric", "title"];
  return i >= 0 && ev.slice(i).some((e) => kinds.includes(e[0]));
}"""

_SEEN_JS = "([since, kind]) => window.__trace.events.slice(since).some((e) => e[0] === kind)"

#: Page clock (ms since navigation) when the first Plotly chart is in the DOM.
FIRST_CHART_JS = f"() => document.querySelector({CHART!r}) ? performance.now() : false"

#: A page of the bare two-page app: a title, a metric and one 72-point Plotly line.
BARE_PAGE = textwrap.dedent(
    """
    import plotly.graph_objects as go
    import streamlit as st

    K = {k}
    st.title("Page {k}")
    st.metric("Total", f"{{K * 1234.5:,.1f}}")
    ys = [K * (1 + 0.02 * m) for m in range(72)]
    st.plotly_chart(go.Figure(go.Scatter(x=list(range(72)), y=ys, mode="lines")))
    """
)
BARE_NAV = textwrap.dedent(
    """
    import streamlit as st

    st.navigation([st.Page("one.py", title="One", default=True), st.Page("two.py", title="Two")]).run()
    """
)


def write_bare_nav(folder: Path) -> Path:
    """Write the bare two-page app (pages "One" and "Two") into ``folder``; its entry script."""
    (folder / "one.py").write_text(BARE_PAGE.format(k=1))
    (folder / "two.py").write_text(BARE_PAGE.format(k=2))
    entry = folder / "bare_nav.py"
    entry.write_text(BARE_NAV)
    return entry


async def quiet(page: Any, timeout_ms: float = 60_000) -> None:
    """Wait until the page has been quiet for ``QUIET_MS`` ms (``_uitrace.wait_quiet``)."""
    await page.wait_for_function(QUIET_JS, arg=QUIET_MS, polling=50, timeout=timeout_ms)


async def mark(page: Any) -> int:
    """The number of trace events so far (``_uitrace.mark``)."""
    return int(await page.evaluate("() => window.__trace.events.length"))


async def read(page: Any) -> dict[str, Any]:
    """The page's trace (``_uitrace.read``)."""
    return await page.evaluate(READ_JS)


async def seen(page: Any, since: int, kind: str, timeout_ms: float = 0) -> bool:
    """Whether an event ``kind`` followed event ``since`` (waiting up to ``timeout_ms``)."""
    if not timeout_ms:
        return bool(await page.evaluate(_SEEN_JS, [since, kind]))
    try:
        await page.wait_for_function(_SEEN_JS, arg=[since, kind], polling=50, timeout=timeout_ms)
    except Exception:  # Playwright's TimeoutError
        return False
    return True


async def app_error(page: Any) -> str | None:
    """The first line of an exception the app shows, or None."""
    shown = page.locator(EXCEPTION)
    if await shown.count():
        return (await shown.first.inner_text()).strip().splitlines()[0][:200]
    return None


async def open_tab(
    browser: Any, url: str, *init_scripts: str, errors: list[str] | None = None
) -> Any:
    """A page in a fresh context with the trace installed, opened on ``url`` and quiet.

    Browser console errors and uncaught page errors go to ``errors``.
    """
    ctx = await browser.new_context(viewport=VIEWPORT)
    for js in (TRACE_JS, *init_scripts):
        await ctx.add_init_script(js)
    page = await ctx.new_page()
    if errors is not None:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    await page.goto(url)
    await page.wait_for_selector(CHART, timeout=120_000)
    await quiet(page, 120_000)
    if problem := await app_error(page):
        raise RuntimeError(f"{url} shows an exception: {problem}")
    return page


def press(key: str) -> Callable[[Any], Awaitable[None]]:
    """An action: press ``key`` on the page's first slider (focused beforehand by ``focus``)."""

    async def act(page: Any) -> None:
        await page.keyboard.press(key)

    return act


async def focus(page: Any) -> None:
    """Focus the first slider's thumb (unless it has focus already)."""
    thumb = page.locator(SLIDER).first.get_by_role("slider")
    if not await thumb.evaluate("(e) => e === document.activeElement"):
        await thumb.focus()


def click(title: str) -> Callable[[Any], Awaitable[None]]:
    """An action: click the sidebar navigation link of the page ``title``."""

    async def act(page: Any) -> None:
        await page.locator(NAV, has_text=title).first.click()

    return act


async def run_together(
    pages: list[Any],
    act: Callable[[Any], Awaitable[None]],
    trigger: str = "press",
    timeout_ms: float = 60_000,
) -> list[Legs | str]:
    """Fire ``act`` on all ``pages`` at once (``asyncio.gather``); each page's legs.

    Every page is quiet first (and its slider focused for a key press); then
    all actions go out together, and each page is read once it is quiet again.
    A page whose trace lacks a step gives the error text instead of legs.
    """
    if trigger == "press":
        await asyncio.gather(*(focus(p) for p in pages))
    await asyncio.gather(*(quiet(p) for p in pages))
    marks = await asyncio.gather(*(mark(p) for p in pages))
    await asyncio.gather(*(act(p) for p in pages))
    return await asyncio.gather(
        *(settle(p, since, trigger, timeout_ms) for p, since in zip(pages, marks, strict=True))
    )


async def settle(page: Any, since: int, trigger: str, timeout_ms: float = 60_000) -> Legs | str:
    """Wait for the rerun after event ``since`` to start and the page to be quiet; its legs."""
    # On Playwright's TimeoutError go on: legs() says which step is missing.
    with contextlib.suppress(Exception):
        await page.wait_for_function(
            _STARTED_JS, arg=[since, trigger], polling=50, timeout=timeout_ms
        )
    await quiet(page, timeout_ms)
    if problem := await app_error(page):
        return f"the app shows an exception: {problem}"
    trace = await read(page)
    try:
        return legs(as_switch(trace) if trigger == "click" else trace, since, trigger)
    except ValueError as e:
        return str(e)


def as_switch(trace: dict[str, Any]) -> dict[str, Any]:
    """``trace`` with the new page's heading (``title``) read as a KPI change (``metric``).

    ``legs`` then finds a page switch too fast to show "running" (both run
    states in one React commit, as in the bare app) where the new page landed.
    """
    events = [["metric" if kind == "title" else kind, t] for kind, t in trace["events"]]
    return {**trace, "events": events}


def vmrss_mib(pid: int) -> float:
    """Resident set size of process ``pid`` (MiB), from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def med_p95(xs: list[float]) -> tuple[float, float]:
    """Median and 95th percentile of ``xs`` (same unit as ``xs``)."""
    return statistics.median(xs), percentile(xs, 95)


def split(samples: list[Legs | str]) -> tuple[list[Legs], list[str]]:
    """The measured samples and the failures (traces without their steps)."""
    return [s for s in samples if isinstance(s, Legs)], [s for s in samples if isinstance(s, str)]


def row(label: str, planner: list[float], bare: list[float], p95: bool = True) -> str:
    """A table row: bare and planner median (and p95) in ms, and their ratios."""
    (bm, b9), (pm, p9) = med_p95(bare), med_p95(planner)
    text = f"  {label:<34}{bm:>8.0f}{pm:>9.0f}{pm / bm:>7.2f}x"
    return text + (f"{b9:>9.0f}{p9:>9.0f}{p9 / b9:>7.2f}x" if p95 else "")


HEADER = f"  {'':<34}{'bare':>8}{'planner':>9}{'ratio':>8}{'bare95':>9}{'plan95':>9}{'ratio':>8}"


def lever_key(page: Any) -> str:
    """The page's lever values, as its address carries them (the simulation's cache key)."""
    return urlparse(page.url).query


async def contended(solo: Any, other: Any) -> tuple[list[Legs | str], bool]:
    """``other`` presses its slider while ``solo`` opens Uncertainty on a cold cache.

    Returns the press's legs, and whether the press went out before ``solo``'s
    progress bar went away (i.e. during the simulation; both pages' clocks
    put on the epoch with ``performance.timeOrigin``).
    """
    await quiet(solo)
    since_solo = len((await read(solo))["events"])
    since_other = len((await read(other))["events"])
    opening = run_together([solo], click(UNCERTAINTY), "click", SIM_TIMEOUT_MS)
    pending = asyncio.ensure_future(opening)
    await seen(solo, since_solo, "progress", 60_000)  # press once the simulation shows
    got = await run_together([other], press("ArrowRight"), "press", SIM_TIMEOUT_MS)
    await pending
    origin = "() => performance.timeOrigin"
    pressed = [t for k, t in (await read(other))["events"][since_other:] if k == "press"]
    ended = [t for k, t in (await read(solo))["events"][since_solo:] if k == "progressEnd"]
    during = bool(
        pressed
        and ended
        and await other.evaluate(origin) + pressed[0] < await solo.evaluate(origin) + ended[-1]
    )
    return got, during
