"""Interaction latency of the Explore page against a bare Streamlit app, in headless Chromium.

Prints figures; asserts nothing about speed. For each app, ArrowRight on the
first slider, N times. Before every press the page must be quiet (idle, no
skeleton, no DOM change for 250 ms: ``scripts/_uitrace.py``), so no sample
times the tail of the previous press. Each press is read from an in-page
event trace as legs: press to rerun start, the rerun, the render tail, and
press to idle (the page's last change after the rerun ended). A second clock
cross-checks it: Python's wall time from the key press until a
``requestAnimationFrame`` poll sees the KPI text changed and the app idle.

The bare app (one slider, one metric depending on it, one 72-point Plotly
line) is measured in the same run, on the same machine, alternately with the
planner (press by press, so drift on a shared machine falls on both alike):
the ratio planner/bare is the figure to read (goal: median within 1.3x, p95
within 1.5x). A self-check fails the bench (exit 1) if a planner sample is
shorter than the bare app's shortest round trip, which a full rerun of a
bigger page cannot be.

Run: ``python scripts/bench_ui.py [--presses 30] [--warmup 3] [--trace out.json]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts._serve import (  # noqa: E402
    ROOT,
    browser_missing,
    launch_chromium,
    start_streamlit,
)
from scripts._uitrace import TRACE_JS, Legs, legs, mark, read, reset_mutations, wait_quiet  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

BARE_APP = textwrap.dedent(
    """
    import plotly.graph_objects as go
    import streamlit as st

    x = st.slider("Level", 0, 100, 40)
    st.metric("Total", f"{x * 1234.5:,.1f}")
    ys = [x * (1 + 0.02 * m) for m in range(72)]
    st.plotly_chart(go.Figure(go.Scatter(x=list(range(72)), y=ys, mode="lines")))
    """
)

#: Python's own clock: True once some KPI text differs from ``before`` and the app is idle.
_CHANGED_AND_IDLE = """(before) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  const now = [...document.querySelectorAll("[data-testid='stMetricValue']")]
    .map((e) => e.innerText.trim());
  return now.length > 0 && JSON.stringify(now) !== before;
}"""

_METRIC_TEXTS = """() => JSON.stringify([...document.querySelectorAll(
  "[data-testid='stMetricValue']")].map((e) => e.innerText.trim()))"""


#: Timer granularity allowed between the two clocks [ms].
CLOCK_SLACK_MS = 2.0


def percentile(xs: list[float], q: float) -> float:
    """The q-th percentile (0-100) of ``xs``, linear between order statistics."""
    if len(xs) == 1:
        return xs[0]
    return statistics.quantiles(xs, n=100, method="inclusive")[round(q) - 1]


@dataclass
class Result:
    name: str
    legs: list[Legs] = field(default_factory=list)
    wall_ms: list[float] = field(default_factory=list)  # second clock: press to changed+idle
    failures: list[str] = field(default_factory=list)

    def series(self, attr: str) -> list[float]:
        return [getattr(x, attr) for x in self.legs]

    def median(self, attr: str = "total") -> float:
        return statistics.median(self.series(attr))

    def p95(self, attr: str = "total") -> float:
        return percentile(self.series(attr), 95)


class Session:
    """One app open in its own browser context, its first slider focused."""

    def __init__(self, browser: Browser, name: str, url: str) -> None:
        self.name, self.result = name, Result(name)
        self.ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.ctx.add_init_script(TRACE_JS)
        self.page: Page = self.ctx.new_page()
        self.page.goto(url)
        self.page.wait_for_selector("[data-testid='stMetricValue']", timeout=60_000)
        wait_quiet(self.page, timeout_ms=60_000)
        self.thumb = self.page.locator("[data-testid='stSlider']").first.get_by_role("slider")

    def press(self, key: str = "ArrowRight", keep: bool = True) -> None:
        """One timed press; its legs and wall time go to ``result`` when ``keep``."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

        page = self.page
        if not self.thumb.evaluate("(e) => e === document.activeElement"):
            self.thumb.focus()
        wait_quiet(page)  # the precondition of every sample
        reset_mutations(page)
        since, before = mark(page), page.evaluate(_METRIC_TEXTS)
        t0 = time.perf_counter()
        page.keyboard.press(key)
        try:
            page.wait_for_function(_CHANGED_AND_IDLE, arg=before, polling="raf", timeout=15_000)
            wall = (time.perf_counter() - t0) * 1000
            wait_quiet(page)
            trace_legs = legs(read(page), since)
        except (PlaywrightTimeoutError, ValueError) as e:
            self.result.failures.append(str(e).splitlines()[0])
            wait_quiet(page)
            return
        if keep:
            self.result.legs.append(trace_legs)
            self.result.wall_ms.append(wall)

    def close(self) -> None:
        self.ctx.close()


def chrome_trace(session: Session, presses: int, path: Path) -> dict[str, float]:
    """Record a Chrome performance trace of ``presses`` presses; main-thread time by kind.

    Returns ms per press of the renderer main thread's busy time split into
    scripting, style and layout, paint and other, from the trace's complete
    events (the categories Chrome's Performance panel uses).
    """
    browser = session.ctx.browser
    browser.start_tracing(
        page=session.page,
        path=str(path),
        categories=[
            "devtools.timeline",
            "v8.execute",
            "blink",
            "disabled-by-default-devtools.timeline",
        ],
    )
    for _ in range(presses):
        session.press(keep=False)
    browser.stop_tracing()
    events = json.loads(path.read_text())
    events = events.get("traceEvents", events) if isinstance(events, dict) else events
    main = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    kinds = {
        "scripting": {
            "FunctionCall",
            "EvaluateScript",
            "v8.compile",
            "TimerFire",
            "FireAnimationFrame",
            "EventDispatch",
            "RunMicrotasks",
            "v8.callFunction",
        },
        "style+layout": {"UpdateLayoutTree", "Layout", "RecalculateStyles", "UpdateLayerTree"},
        "paint": {"Paint", "PaintImage", "CompositeLayers", "PrePaint", "Commit"},
    }
    busy = {k: 0.0 for k in (*kinds, "tasks")}
    for e in events:
        if (e.get("pid"), e.get("tid")) not in main or e.get("ph") != "X":
            continue
        dur = e.get("dur", 0) / 1000
        name = e.get("name")
        if name in ("RunTask", "ThreadControllerImpl::RunTask"):
            busy["tasks"] += dur
        for k, names in kinds.items():
            if name in names:
                busy[k] += dur
    return {k: v / presses for k, v in busy.items()}


def measure(browser: Browser, apps: dict[str, str], presses: int, warmup: int) -> list[Result]:
    """Alternate presses between the apps, press by press; warm-up presses untimed."""
    sessions = [Session(browser, name, url) for name, url in apps.items()]
    try:
        for i in range(warmup + presses):
            for s in sessions:
                # ArrowLeft every other press: the lever stays in its range
                s.press("ArrowRight" if i % 2 == 0 else "ArrowLeft", keep=i >= warmup)
        return [s.result for s in sessions]
    finally:
        for s in sessions:
            s.close()


def report(results: list[Result], presses: int, warmup: int) -> int:
    """Print the legs and ratios; return 1 if the self-check fails."""
    bare, planner = results
    print(
        "UI latency: ArrowRight/Left on the first slider, press to idle "
        f"(headless Chromium; {presses} timed presses per app after {warmup} untimed,\n"
        "apps alternated press by press; each press starts on a quiet page)"
    )
    rows = (
        ("press -> rerun start", "to_running"),
        ("rerun (running -> notRunning)", "rerun"),
        ("render tail (-> last DOM change)", "tail"),
        ("press -> idle (total)", "total"),
    )
    print(f"  {'':<34}{'bare median':>12}{'planner median':>16}{'ratio':>8}{'planner p95':>13}")
    for label, attr in rows:
        if not bare.legs or not planner.legs:
            break
        b, p = bare.median(attr), planner.median(attr)
        print(
            f"  {label:<34}{b:>9.0f} ms{p:>13.0f} ms{p / b if b else float('nan'):>7.2f}x"
            f"{planner.p95(attr):>10.0f} ms"
        )
    failed = 0
    for r in results:
        if r.failures:
            # A press that timed out or left no whole trace is the slowest kind:
            # leaving it out would flatter the median, so the bench fails.
            print(
                f"SELF-CHECK FAILED: {r.name}: {len(r.failures)} presses not measured: "
                f"{r.failures[0]}"
            )
            failed = 1
    if not bare.legs or not planner.legs:
        print("SELF-CHECK FAILED: an app gave no sample")
        return 1
    ratio_median = planner.median() / bare.median()
    ratio_p95 = planner.p95() / bare.p95()
    wall = statistics.median(planner.wall_ms) / statistics.median(bare.wall_ms)
    print(
        f"  planner / bare: median {ratio_median:.2f}x (goal <= 1.3x), "
        f"p95 {ratio_p95:.2f}x (goal <= 1.5x)"
    )
    # The wall clock stops at "KPI changed and not running", so it compares with
    # the trace's press -> notRunning (no render tail); it also carries
    # Playwright's round trips and a frame of polling.
    print(
        "  second clock, Python wall time to KPI changed and not running (trace's press -> "
        f"notRunning): bare {statistics.median(bare.wall_ms):.0f} ms "
        f"({bare.median('to_not_running'):.0f}), planner {statistics.median(planner.wall_ms):.0f}"
        f" ms ({planner.median('to_not_running'):.0f}), ratio {wall:.2f}x "
        f"({planner.median('to_not_running') / bare.median('to_not_running'):.2f}x)"
    )
    # Python's clock starts before the key press and stops after the page saw
    # the rerun end: shorter than the trace's press -> notRunning is impossible.
    for r in results:
        short = [
            (w, x.to_not_running)
            for w, x in zip(r.wall_ms, r.legs, strict=True)
            if w + CLOCK_SLACK_MS < x.to_not_running
        ]
        if short:
            print(
                f"SELF-CHECK FAILED: {r.name}: wall time {short[0][0]:.0f} ms shorter than the "
                f"trace's press -> notRunning {short[0][1]:.0f} ms"
            )
            failed = 1
    planner_to_idle = [x.to_not_running for x in planner.legs]
    floor = min(x.to_not_running for x in bare.legs)
    if min(planner_to_idle) < floor:
        print(
            f"SELF-CHECK FAILED: a planner press reached idle in {min(planner_to_idle):.0f} ms, "
            f"faster than the bare app's fastest round trip ({floor:.0f} ms)"
        )
        return 1
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=30, help="timed presses per app (30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed presses first (3)")
    parser.add_argument("--trace", type=Path, help="also write a Chrome trace of the planner here")
    parser.add_argument("--samples", action="store_true", help="also print every sample")
    args = parser.parse_args(argv)

    if why := browser_missing():
        print(why, file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        tmpdir = Path(tmp)
        bare_script = tmpdir / "bare_app.py"
        bare_script.write_text(BARE_APP)
        env = {"DATABASE_URL": f"sqlite:///{tmpdir / 'bench.db'}"}
        planner = start_streamlit("app.py", cwd=ROOT, env=env, log_dir=tmpdir)
        bare = start_streamlit(bare_script, cwd=tmpdir, log_dir=tmpdir)
        try:
            with sync_playwright() as p:
                browser = launch_chromium(p)
                try:
                    apps = {"bare app": bare.url, "planner (Explore)": planner.url}
                    results = measure(browser, apps, args.presses, args.warmup)
                    if args.trace:
                        for name, url in apps.items():
                            s = Session(browser, name, url)
                            for _ in range(2):
                                s.press(keep=False)
                            out = args.trace.with_name(f"{args.trace.stem}-{name.split()[0]}.json")
                            busy = chrome_trace(s, 10, out)
                            s.close()
                            print(
                                f"  Chrome trace {name} ({out}): main thread per press "
                                + ", ".join(f"{k} {v:.0f} ms" for k, v in busy.items())
                            )
                finally:
                    browser.close()
        finally:
            bare.stop()
            planner.stop()
    if args.samples:
        for r in results:
            print(f"  {r.name} totals [ms]: " + " ".join(f"{x.total:.0f}" for x in r.legs))
            print(f"  {r.name} mutations: " + " ".join(str(x.mutations) for x in r.legs))
    return report(results, args.presses, args.warmup)


if __name__ == "__main__":
    raise SystemExit(main())
