"""An in-page event trace for the UI benches: what happened after a key press, and when.

An init script (``TRACE_JS``, added to a browser context before any page
loads) records, on the page's own clock (``performance.now()``, ms):

- ``press``: a keydown (capture phase, before the slider sees it);
- ``running`` / ``notRunning``: Streamlit's run state on ``stApp``
  (``data-test-script-state``), i.e. the server started and finished the rerun
  (the last delta has arrived);
- ``metric``: a KPI value's text changed (``stMetricValue``);
- ``click``: a pointer click (page switches);
- the time of the latest DOM mutation of any kind (``last``), which is when
  the page last changed: the render's tail (Plotly, tiles) ends there.

A press is then read from the trace as legs: press to rerun start
(client, websocket, server queue), rerun (script run and the deltas it
sends, rendered as they arrive), render tail (notRunning to the last DOM
change), and in total press to idle, idle being "the page stopped changing
after the rerun ended". ``wait_quiet`` is the precondition of every sample:
not running, no skeleton, and no DOM change for ``QUIET_MS``; without it a
bench times the tail of the previous press (the defect of the old bench).

No Playwright import at module level: the e2e conftest may import this too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: How long the page must not change to count as quiet (ms): longer than any
#: gap between a rerun's deltas or between Plotly's draw steps seen in traces.
QUIET_MS = 250

TRACE_JS = """
(() => {
  if (window.__trace) return;
  const T = (window.__trace = { events: [], last: performance.now(), mutations: 0 });
  const rec = (kind) => T.events.push([kind, performance.now()]);
  document.addEventListener("keydown", () => rec("press"), true);
  document.addEventListener("click", () => rec("click"), true);
  const inMetric = (n) => {
    const e = n && (n.nodeType === 1 ? n : n.parentElement);
    return !!(e && e.closest && e.closest("[data-testid='stMetricValue']"));
  };
  const obs = new MutationObserver((muts) => {
    T.last = performance.now();
    T.mutations += muts.length;
    let metric = false;
    // One callback can hold several run-state changes (a fast rerun): each
    // record's new value is the next record's old value, the last one's is current.
    const states = muts.filter(
      (m) => m.type === "attributes" && m.attributeName === "data-test-script-state");
    states.forEach((m, i) => rec(i + 1 < states.length
      ? states[i + 1].oldValue : m.target.getAttribute("data-test-script-state")));
    for (const m of muts) {
      if (metric) break;
      if (m.type === "characterData" || m.type === "childList") metric = inMetric(m.target);
    }
    if (metric) rec("metric");
  });
  const start = () => obs.observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, characterData: true,
    attributeOldValue: true,
  });
  if (document.documentElement) start();
  else document.addEventListener("readystatechange", start, { once: true });
})();
"""

#: True when the app is quiet: connected and idle, no skeleton, no DOM change for ``ms``.
QUIET_JS = """(ms) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!window.__trace || !app) return false;
  if (app.getAttribute("data-test-script-state") !== "notRunning") return false;
  if (document.querySelector("[data-testid='stSkeleton']")) return false;
  if (document.querySelector("[data-testid='stConnectionStatus']")) return false;
  return performance.now() - window.__trace.last >= ms;
}"""

#: The trace so far, and the page clock now.
READ_JS = "() => ({ events: window.__trace.events, last: window.__trace.last, "
READ_JS += "now: performance.now(), mutations: window.__trace.mutations })"


def wait_quiet(page: Any, timeout_ms: float = 30_000, quiet_ms: int = QUIET_MS) -> None:
    """Block until the page has been quiet for ``quiet_ms``."""
    page.wait_for_function(QUIET_JS, arg=quiet_ms, polling=50, timeout=timeout_ms)


def mark(page: Any) -> int:
    """The number of events recorded so far: what happens after a mark is read by ``legs``."""
    return int(page.evaluate("() => window.__trace.events.length"))


@dataclass(frozen=True)
class Legs:
    """One interaction on the page clock, in ms from its trigger (press or click)."""

    to_running: float  # trigger to rerun start (client, websocket, server queue)
    rerun: float  # running to notRunning: the script's run and its deltas
    tail: float  # notRunning to the last DOM change: what renders after the deltas
    metric: float | None  # trigger to the last KPI text change, None if none changed
    mutations: int  # DOM mutations since the last reset_mutations (how much the page redrew)

    @property
    def total(self) -> float:
        """Trigger to idle: the page's last change after the rerun ended."""
        return self.to_running + self.rerun + self.tail

    @property
    def to_not_running(self) -> float:
        return self.to_running + self.rerun


def legs(trace: dict[str, Any], since: int, trigger: str = "press") -> Legs:
    """Read one interaction from ``trace`` (``READ_JS``), events after index ``since``.

    Raises ValueError when the trace lacks a step (no trigger, the rerun never
    started or never ended): such a sample is not a measurement.
    """
    events = trace["events"][since:]
    t0 = next((t for kind, t in events if kind == trigger), None)
    if t0 is None:
        raise ValueError(f"no {trigger} in the trace")
    metrics = [t for kind, t in events if kind == "metric" and t >= t0]
    run = next((t for kind, t in events if kind == "running" and t >= t0), None)
    if run is None and metrics:
        # A rerun faster than one React commit never shows "running" (start and
        # finish arrive in one batch): it ran where its first KPI change landed.
        run = done = metrics[0]
    elif run is None:
        raise ValueError("the rerun never started")
    else:
        done = next((t for kind, t in events if kind == "notRunning" and t >= run), None)
    if done is None:
        raise ValueError("the rerun never ended")
    last = max(trace["last"], done)
    return Legs(
        to_running=run - t0,
        rerun=done - run,
        tail=last - done,
        metric=(max(metrics) - t0) if metrics else None,
        mutations=int(trace["mutations"]),
    )


def read(page: Any) -> dict[str, Any]:
    """The page's trace (``READ_JS``)."""
    return page.evaluate(READ_JS)


def reset_mutations(page: Any) -> None:
    page.evaluate("() => { window.__trace.mutations = 0; }")
