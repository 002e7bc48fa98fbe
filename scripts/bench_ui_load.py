"""The planner under load, against a bare Streamlit app, in headless Chromium.

Prints figures; asserts nothing about speed. Every figure is a ratio against a
bare Streamlit app measured in the same run on the same machine (planner and
bare measured alternately, so drift on a shared machine falls on both alike).
Times are ms, memory MiB. Interactions are read from the in-page event trace
of ``scripts/_uitrace.py`` (trigger -> rerun start -> rerun end -> last DOM
change); every sample starts on a quiet page and ends when the page is quiet
again (idle, no DOM change for 250 ms); the figure is trigger to idle.

1. Cold start (``--only cold``): spawning ``streamlit run`` to the first
   Plotly chart drawn and the page quiet, in a fresh Chromium page that
   navigates as soon as the health endpoint answers. Legs: server healthy;
   page load to first chart; page load to quiet. Planner (a fresh SQLite
   database each time) and bare app (``bench_ui.BARE_APP``) alternated, 3
   each, medians. Goal: total ratio <= 1.5x.
2. Page switch (``switch``): sidebar link click to the new page quiet;
   planner Explore -> Compare and back, bare two-page app One -> Two and back
   (each page a title, a metric, one 72-point Plotly line); 8 each way,
   median and p95.
3. Ten sessions at once (``sessions``): one server, one Chromium, ten
   contexts; each round all ten press ArrowRight (ArrowLeft on alternate
   rounds) on their first slider together (``asyncio.gather``); press to
   idle on each page, median and p95 of rounds x ten. Goal: p95 ratio <= 1.5x.
4. Server RSS per session (with ``sessions``): VmRSS of the server process
   with one session open (quiet, pressed once), then ten: (rss10 - rss1) / 9
   MiB per extra session. Goal: < 5 MiB.
5. Uncertainty (``uncertainty``, planner only, its own server): each round
   the ten move their lever to one value Uncertainty was never opened at,
   then open it together: its Monte Carlo simulation (st.cache_data) is a
   miss, computed once while the nine others wait on the cache's lock.
   Against one session alone on a value no one has seen (its lever goes
   left, the ten's right), and the same value again (cache hit). Blocking:
   a third session's press on Explore (between two cached lever values),
   alone vs sent while the lone session's cold simulation shows its progress
   bar.

Servers run without a file watcher (``_uiload.SERVER_ENV``): a source file
edited during the run must not make Streamlit re-import modules mid-run.
Self-checks (exit 1): a trace without its steps or a page showing an
exception, a planner sample faster than the bare app's fastest round trip, a
switch landing on the wrong page, a "cold" Uncertainty open at lever values
(its address) already opened. Browser console errors are listed at the end.

Run: ``python scripts/bench_ui_load.py [--rounds 3] [--sessions 10] [--only cold ...]``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts._serve import (  # noqa: E402
    ROOT,
    Server,
    browser_missing,
    launch_chromium,
    start_streamlit,
)
from scripts._uiload import (  # noqa: E402
    FIRST_CHART_JS,
    HEADER,
    PAGE_JS,
    SERVER_ENV,
    SIM_TIMEOUT_MS,
    VIEWPORT,
    app_error,
    click,
    contended,
    lever_key,
    med_p95,
    open_tab,
    press,
    quiet,
    read,
    row,
    run_together,
    split,
    vmrss_mib,
    write_bare_nav,
)
from scripts._uitrace import TRACE_JS, Legs  # noqa: E402
from scripts.bench_ui import BARE_APP  # noqa: E402

PARTS = ("cold", "switch", "sessions", "uncertainty")
COLD_REPS, SWITCHES = 3, 8


class Bench:
    """Shared state: the browser, a temp dir, and the self-check failures."""

    def __init__(self, browser: Any, tmp: Path) -> None:
        self.browser, self.tmp = browser, tmp
        self.failed: list[str] = []
        self.console: list[str] = []  # browser console errors, reported at the end
        self.bare = tmp / "bare_app.py"
        self.bare.write_text(BARE_APP)
        self._dbs = 0

    def planner(self) -> Server:
        """A planner server on a fresh SQLite database."""
        self._dbs += 1
        db = {"DATABASE_URL": f"sqlite:///{self.tmp / f'planner{self._dbs}.db'}"}
        return start_streamlit("app.py", cwd=ROOT, env=SERVER_ENV | db, log_dir=self.tmp)

    def serve(self, script: Path) -> Server:
        """A server for a bare app in the temp dir."""
        return start_streamlit(script, cwd=self.tmp, env=SERVER_ENV, log_dir=self.tmp)

    async def tab(self, url: str, *init_scripts: str) -> Any:
        """``_uiload.open_tab``, its console errors kept in ``console``."""
        return await open_tab(self.browser, url, *init_scripts, errors=self.console)

    def fail(self, msg: str) -> None:
        self.failed.append(msg)
        print(f"  SELF-CHECK FAILED: {msg}")

    def measured(self, name: str, samples: list[Legs | str]) -> list[Legs]:
        ok, bad = split(samples)
        for msg in bad:
            self.fail(f"{name}: a trace without its steps ({msg})")
        return ok

    def floor(self, name: str, planner: list[Legs], bare: list[Legs]) -> None:
        """Fail when a planner sample reached idle faster than the bare app's fastest."""
        if planner and bare:
            p, b = min(x.to_not_running for x in planner), min(x.to_not_running for x in bare)
            if p < b:
                self.fail(f"{name}: planner sample {p:.0f} ms < bare app's fastest {b:.0f} ms")


# --- 1. cold start ---------------------------------------------------------------------


async def cold_once(bench: Bench, planner: bool) -> tuple[float, float, float]:
    """Spawn to healthy, page load to first chart, page load to quiet (ms)."""
    ctx = await bench.browser.new_context(viewport=VIEWPORT)
    await ctx.add_init_script(TRACE_JS)
    page = await ctx.new_page()  # ready on about:blank before the server is spawned
    page.on("console", lambda m: bench.console.append(m.text) if m.type == "error" else None)
    t0 = time.perf_counter()
    server = bench.planner() if planner else bench.serve(bench.bare)
    healthy = (time.perf_counter() - t0) * 1000
    try:
        await page.goto(server.url)  # the page clock starts at this navigation
        handle = await page.wait_for_function(FIRST_CHART_JS, polling="raf", timeout=120_000)
        chart = float(await handle.json_value())
        await quiet(page, 120_000)
        if problem := await app_error(page):
            bench.fail(f"cold start: the app shows an exception: {problem}")
        trace = await read(page)
        trace["last"] = max(trace["last"], chart)  # the chart is seen up to a frame late
        if not any(kind == "notRunning" for kind, _ in trace["events"]):
            bench.fail("cold start: the trace never saw the first run end")
        return healthy, chart, float(trace["last"])
    finally:
        await ctx.close()
        server.stop()


async def part_cold(bench: Bench) -> None:
    print(f"1. Cold start: spawn -> first Plotly chart drawn and page quiet ({COLD_REPS} each, ms)")
    runs: dict[bool, list[tuple[float, float, float]]] = {False: [], True: []}
    for _ in range(COLD_REPS):
        for planner in (True, False):
            runs[planner].append(await cold_once(bench, planner))
    legs = ("server healthy", "page load -> first chart", "page load -> quiet")
    print(f"  {'median of ' + str(COLD_REPS):<34}{'bare':>8}{'planner':>9}{'ratio':>8}")
    for i, label in enumerate(legs):
        print(row(label, [r[i] for r in runs[True]], [r[i] for r in runs[False]], p95=False))
    totals = {k: [r[0] + r[2] for r in v] for k, v in runs.items()}
    print(row("total: spawn -> quiet", totals[True], totals[False], p95=False) + "  (goal <= 1.5x)")
    print("  totals [ms] planner " + " ".join(f"{x:.0f}" for x in totals[True]))
    print("  totals [ms] bare    " + " ".join(f"{x:.0f}" for x in totals[False]))
    if min(r[1] for r in runs[True]) < min(r[1] for r in runs[False]):
        bench.fail("cold start: planner drew its first chart faster than the bare app")


# --- 2. page switch --------------------------------------------------------------------


async def part_switch(bench: Bench) -> None:
    print(f"2. Page switch: sidebar link click -> new page quiet ({SWITCHES} each way, ms)")
    planner_srv = bench.planner()
    bare_srv = bench.serve(write_bare_nav(bench.tmp))
    apps = {
        "planner": (planner_srv, [("Compare", "compare"), ("Explore", "explore")]),
        "bare": (bare_srv, [("Two", "two"), ("One", "one")]),
    }
    samples: dict[tuple[str, int], list[Legs | str]] = {}
    tabs: dict[str, Any] = {}
    try:
        for name, (srv, _) in apps.items():
            tabs[name] = await bench.tab(srv.url, PAGE_JS)
        for _ in range(SWITCHES):
            for way in (0, 1):
                for name, (_, targets) in apps.items():
                    title, slug = targets[way]
                    page = tabs[name]
                    got = await run_together([page], click(title), "click")
                    samples.setdefault((name, way), []).extend(got)
                    # the default page (way 1) may show as the root address
                    if urlparse(page.url).path.strip("/") not in (slug, "" if way else slug):
                        bench.fail(f"switch to {title}: landed on {page.url}")
        print(HEADER)
        for way, label in ((0, "Explore->Compare / One->Two"), (1, "Compare->Explore / Two->One")):
            p = bench.measured("switch planner", samples[("planner", way)])
            b = bench.measured("switch bare", samples[("bare", way)])
            if p and b:
                print(row(label, [x.total for x in p], [x.total for x in b]))
                bench.floor(f"switch ({label})", p, b)
    finally:
        for page in tabs.values():
            await page.context.close()
        planner_srv.stop()
        bare_srv.stop()


# --- 3. ten sessions at once, and RSS per session ---------------------------------------


async def part_sessions(bench: Bench, n: int, rounds: int) -> None:
    print(f"3. {n} sessions at once: first slider pressed on all together, press -> idle (ms)")
    servers = {"bare": bench.serve(bench.bare)}
    servers["planner"] = bench.planner()
    tabs: dict[str, list[Any]] = {}
    rss: dict[str, tuple[float, float]] = {}
    samples: dict[str, list[Legs | str]] = {"bare": [], "planner": []}
    try:
        for name, srv in servers.items():
            tabs[name] = [await bench.tab(srv.url)]
            bench.measured(
                f"{name} first press", await run_together(tabs[name], press("ArrowRight"))
            )
            rss1 = vmrss_mib(srv.proc.pid)
            for _ in range(n - 1):
                tabs[name].append(await bench.tab(srv.url))
            others = await run_together(tabs[name][1:], press("ArrowRight"))
            bench.measured(f"{name} first press", others)
            rss[name] = (rss1, vmrss_mib(srv.proc.pid))
        for r in range(rounds):
            key = "ArrowLeft" if r % 2 else "ArrowRight"
            for name in ("planner", "bare"):
                samples[name] += await run_together(tabs[name], press(key), "press", 120_000)
        p = bench.measured("sessions planner", samples["planner"])
        b = bench.measured("sessions bare", samples["bare"])
        print(HEADER)
        if p and b:
            for label, attr in (("press -> rerun start", "to_running"), ("press -> idle", "total")):
                print(row(label, [getattr(x, attr) for x in p], [getattr(x, attr) for x in b]))
            print(f"  {len(p)} planner and {len(b)} bare samples; goal: p95 ratio <= 1.5x")
            bench.floor("sessions", p, b)
        print(f"4. Server RSS (MiB): 1 session open -> {n} open, per extra session")
        for name, (one, many) in rss.items():
            per = (many - one) / (n - 1)
            print(f"  {name:<8} {one:7.1f} -> {many:7.1f}  {per:6.2f} MiB/session (goal < 5)")
            if one <= 0 or servers[name].proc.poll() is not None:
                bench.fail(f"RSS {name}: server not running")
    finally:
        for pages in tabs.values():
            for page in pages:
                await page.context.close()
        for srv in servers.values():
            srv.stop()


# --- 5. ten sessions opening Uncertainty ------------------------------------------------


async def part_uncertainty(bench: Bench, n: int, rounds: int) -> None:
    print("5. Uncertainty (Monte Carlo, cold cache): click -> page quiet (ms)")
    srv = bench.planner()
    ten: list[Any] = []
    solo = other = None
    res: dict[str, list[Legs | str]] = {}
    opened: set[str] = set()  # lever values Uncertainty was opened at on this server
    during = 0  # contended presses sent while the simulation's progress bar showed
    by_round: list[float] = []  # median of the ten's opens, round by round (ms)
    open_, back = click("Uncertainty"), click("Explore")

    def cold(pages: list[Any], what: str) -> None:
        """Self-check: ``pages`` share lever values Uncertainty was never opened at."""
        keys = {lever_key(p) for p in pages}
        if len(keys) != 1 or keys & opened:
            bench.fail(f"uncertainty {what}: not one new scenario ({sorted(keys)})")
        opened.update(keys)

    try:
        for _ in range(n):
            ten.append(await bench.tab(srv.url, PAGE_JS))
        solo = await bench.tab(srv.url, PAGE_JS)  # its lever goes left: values the ten never see
        other = await bench.tab(srv.url, PAGE_JS)  # stays on Explore, between two cached values
        await run_together([other], press("ArrowRight"))
        await run_together([other], press("ArrowLeft"))
        for _ in range(rounds):
            await run_together(ten, press("ArrowRight"))  # one new value for all ten
            cold(ten, "ten together")
            got_ten = await run_together(ten, open_, "click", SIM_TIMEOUT_MS)
            res.setdefault("together", []).extend(got_ten)
            by_round.append(statistics.median([x.total for x in split(got_ten)[0]] or [0.0]))
            await run_together(ten, back, "click")
            await run_together([solo], press("ArrowLeft"))  # a new value, opened alone
            cold([solo], "alone")
            for name in ("alone cold", "alone warm"):  # the same value twice: miss, then hit
                res.setdefault(name, []).extend(await run_together([solo], open_, "click"))
                await run_together([solo], back, "click")
            res.setdefault("press alone", []).extend(
                await run_together([other], press("ArrowRight"))
            )
            await run_together([other], press("ArrowLeft"))  # back to the start, untimed
            await run_together([solo], press("ArrowLeft"))  # a new value: the next open is cold
            cold([solo], "contended")
            busy, was_during = await contended(solo, other)
            if was_during:
                res.setdefault("press busy", []).extend(busy)
                during += 1
            else:  # the press is not what the row names: not a sample of it
                bench.fail("a 'during a cold sim' press went out after the simulation ended")
            await run_together([solo], back, "click")
            await run_together([other], press("ArrowLeft"))
        got = {k: bench.measured(f"uncertainty {k}", v) for k, v in res.items()}
        print(f"  {'':<34}{'start':>7}{'rerun':>7}{'tail':>7}{'median':>8}{'p95':>8}{'n':>4}")
        for name, label in (
            ("together", f"{n} open together (1 cold sim)"),
            ("alone cold", "1 session alone, cold"),
            ("alone warm", "1 session alone, warm (cache hit)"),
            ("press alone", "Explore press, nothing else"),
            ("press busy", "Explore press, during a cold sim"),
        ):
            if xs := got.get(name):
                m, p = med_p95([x.total for x in xs])
                legs3 = "".join(
                    f"{statistics.median(getattr(x, a) for x in xs):>7.0f}"
                    for a in ("to_running", "rerun", "tail")
                )
                print(f"  {label:<34}{legs3}{m:>8.0f}{p:>8.0f}{len(xs):>4}")
        if all(got.get(k) for k in ("together", "alone cold", "press busy", "press alone")):
            med = {k: statistics.median(x.total for x in v) for k, v in got.items()}
            print(
                f"  {n} together / alone (cold), medians: "
                f"{med['together'] / med['alone cold']:.2f}x; press during a cold sim / alone: "
                f"{med['press busy'] / med['press alone']:.2f}x "
                f"({during} of {rounds} presses went out while the progress bar showed)"
            )
        print(
            f"  {n} together, median by round (the first is each browser's first visit): "
            + ", ".join(f"{x:.0f}" for x in by_round)
        )
    finally:
        for page in [*ten, *(p for p in (solo, other) if p is not None)]:
            await page.context.close()
        srv.stop()


async def amain(args: argparse.Namespace) -> int:
    from playwright.async_api import async_playwright

    parts = args.only or list(PARTS)
    with tempfile.TemporaryDirectory(prefix="bench-ui-load-") as tmp:
        async with async_playwright() as p:
            browser = await launch_chromium(p)
            bench = Bench(browser, Path(tmp))
            try:
                if "cold" in parts:
                    await part_cold(bench)
                if "switch" in parts:
                    await part_switch(bench)
                if "sessions" in parts:
                    await part_sessions(bench, args.sessions, args.rounds)
                if "uncertainty" in parts:
                    await part_uncertainty(bench, args.sessions, args.rounds)
            finally:
                await browser.close()
    if bench.console:
        print(f"Browser console errors ({len(bench.console)}), distinct:")
        for text in sorted(set(bench.console)):
            print(f"  {text[:200]}")
    if bench.failed:
        print(f"{len(bench.failed)} self-check(s) failed")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of presses/opens (3)")
    parser.add_argument("--sessions", type=int, default=10, help="sessions at once (10)")
    parser.add_argument("--only", action="append", choices=PARTS, help="run only this part")
    args = parser.parse_args(argv)
    if args.sessions < 2 or args.rounds < 1:
        parser.error("--sessions must be at least 2 and --rounds at least 1")
    if why := browser_missing():
        print(why, file=sys.stderr)
        return 2
    print(
        "UI under load vs a bare Streamlit app, headless Chromium, same run and machine "
        f"(rounds {args.rounds}, sessions {args.sessions})"
    )
    return asyncio.run(amain(args))


if __name__ == "__main__":
    raise SystemExit(main())
