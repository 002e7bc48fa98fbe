"""Interaction latency of the Explore page against a bare Streamlit app, in headless Chromium.

Prints figures; asserts nothing. For each app: ArrowRight on the first
slider, N times; each press is timed from the key press until the metric
value text has changed *and* the app is idle again
(``data-test-script-state='notRunning'``). The bare app (one slider, one
metric depending on it, one 72-point plotly line) is measured in the same run,
on the same machine, so the ratio planner/bare is the figure to read
(goal: within 1.3x).

Run: ``python scripts/bench_ui.py [--presses 20] [--warmup 2]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts._serve import (  # noqa: E402
    CHROMIUM_MISSING,
    IDLE,
    ROOT,
    chromium_path,
    launch_chromium,
    start_streamlit,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

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

_METRIC_TEXTS = """() => [...document.querySelectorAll("[data-testid='stMetricValue']")]
  .map((e) => e.innerText.trim())"""

#: True once some metric text differs from ``before`` and the app is idle.
_CHANGED_AND_IDLE = """(before) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  const now = [...document.querySelectorAll("[data-testid='stMetricValue']")]
    .map((e) => e.innerText.trim());
  return now.length > 0 && JSON.stringify(now) !== before;
}"""


@dataclass
class Result:
    name: str
    samples_ms: list[float]
    timeouts: int

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        if len(self.samples_ms) < 2:
            return self.samples_ms[0]
        return statistics.quantiles(self.samples_ms, n=20, method="inclusive")[18]


def _first_slider(page: Page) -> Locator:
    return page.locator("[data-testid='stSlider']").first.get_by_role("slider")


def _load(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid='stMetricValue']", timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)


def measure(browser: Browser, name: str, url: str, presses: int, warmup: int) -> Result:
    """Time ``presses`` ArrowRight presses on the first slider of the app at ``url``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        _load(page, url)
        thumb = _first_slider(page)
        thumb.focus()
        samples: list[float] = []
        timeouts = 0
        for i in range(warmup + presses):
            if not thumb.evaluate("(e) => e === document.activeElement"):
                thumb.focus()  # outside the timed span
            before = json.dumps(page.evaluate(_METRIC_TEXTS), separators=(",", ":"))
            t0 = time.perf_counter()
            page.keyboard.press("ArrowRight")
            try:
                page.wait_for_function(_CHANGED_AND_IDLE, arg=before, polling="raf", timeout=15_000)
            except PlaywrightTimeoutError:
                timeouts += 1
                page.wait_for_selector(IDLE, timeout=30_000)
                continue
            elapsed = (time.perf_counter() - t0) * 1000
            if i >= warmup:
                samples.append(elapsed)
        return Result(name, samples, timeouts)
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=20, help="timed presses per app (20)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed presses first (2)")
    parser.add_argument("--samples", action="store_true", help="also print every sample")
    args = parser.parse_args(argv)

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed (pip install -r requirements-dev.txt)", file=sys.stderr)
        return 2
    if chromium_path() is None:
        print(CHROMIUM_MISSING, file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        tmpdir = Path(tmp)
        bare_script = tmpdir / "bare_app.py"
        bare_script.write_text(BARE_APP)
        env = {"DATABASE_URL": f"sqlite:///{tmpdir / 'bench.db'}"}
        planner = start_streamlit("app.py", cwd=ROOT, env=env, log_dir=tmpdir)
        try:
            bare = start_streamlit(bare_script, cwd=tmpdir, log_dir=tmpdir)
            try:
                with sync_playwright() as p:
                    browser = launch_chromium(p)
                    try:
                        results = [
                            measure(browser, "bare app", bare.url, args.presses, args.warmup),
                            measure(
                                browser, "planner (Explore)", planner.url, args.presses, args.warmup
                            ),
                        ]
                    finally:
                        browser.close()
            finally:
                bare.stop()
        finally:
            planner.stop()

    b, pl = results
    print(
        f"UI latency: ArrowRight on the first slider until the metric text changed and the app "
        f"is idle\n(headless Chromium; {args.presses} timed presses per app after "
        f"{args.warmup} untimed)"
    )
    for r in results:
        extra = f"   ({r.timeouts} presses timed out)" if r.timeouts else ""
        if not r.samples_ms:
            print(f"  {r.name:<20} no sample{extra}")
            continue
        print(f"  {r.name:<20} median {r.median:7.0f} ms   p95 {r.p95:7.0f} ms{extra}")
        if args.samples:
            print("    samples [ms]: " + " ".join(f"{v:.0f}" for v in r.samples_ms))
    if b.samples_ms and pl.samples_ms:
        print(
            f"  {'planner / bare':<20} median {pl.median / b.median:7.2f} x    "
            f"p95 {pl.p95 / b.p95:7.2f} x    (goal: within 1.3x)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
