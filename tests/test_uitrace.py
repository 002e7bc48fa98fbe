"""The UI benches' trace reader (scripts/_uitrace.py): legs from recorded events.

Pure functions on synthetic traces; the browser side runs in ``make bench``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "scripts" / "_uitrace.py"
_SPEC = importlib.util.spec_from_file_location("uitrace_under_test", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
uitrace = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = uitrace  # dataclasses look their module up
_SPEC.loader.exec_module(uitrace)


def _trace(events: list[tuple[str, float]], last: float) -> dict:
    return {"events": [list(e) for e in events], "last": last, "mutations": 7}


def test_legs_split_press_to_idle() -> None:
    t = _trace(
        [("press", 100.0), ("running", 130.0), ("metric", 180.0), ("notRunning", 260.0)], 300.0
    )
    legs = uitrace.legs(t, 0)
    assert (legs.to_running, legs.rerun, legs.tail) == (30.0, 130.0, 40.0)
    assert legs.total == 200.0 and legs.to_not_running == 160.0
    assert legs.metric == 80.0 and legs.mutations == 7


def test_events_before_the_mark_are_not_read() -> None:
    """The previous press's rerun must not be taken for this one's."""
    t = _trace(
        [
            ("press", 0.0),
            ("running", 10.0),
            ("notRunning", 50.0),
            ("press", 400.0),
            ("running", 450.0),
            ("notRunning", 520.0),
        ],
        530.0,
    )
    legs = uitrace.legs(t, 3)
    assert (legs.to_running, legs.rerun, legs.tail) == (50.0, 70.0, 10.0)


def test_a_rerun_within_one_commit_runs_where_the_kpi_changed() -> None:
    """Start and finish in one React batch leave no "running": the KPI change dates it."""
    legs = uitrace.legs(_trace([("press", 10.0), ("metric", 45.0)], 80.0), 0)
    assert (legs.to_running, legs.rerun, legs.tail) == (35.0, 0.0, 35.0)


def test_the_page_clock_never_goes_back_before_the_rerun_ended() -> None:
    """A last DOM change before notRunning means the tail is empty, not negative."""
    t = _trace([("press", 0.0), ("running", 20.0), ("notRunning", 90.0)], 60.0)
    assert uitrace.legs(t, 0).tail == 0.0


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([("running", 5.0), ("notRunning", 9.0)], "no press"),
        ([("press", 0.0)], "never started"),
        ([("press", 0.0), ("running", 20.0)], "never ended"),
        ([("running", 1.0), ("press", 2.0), ("notRunning", 3.0)], "never started"),
    ],
)
def test_an_incomplete_trace_is_not_a_sample(events: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        uitrace.legs(_trace(events, 10.0), 0)


def test_a_click_can_be_the_trigger() -> None:
    t = _trace([("click", 5.0), ("running", 25.0), ("notRunning", 105.0)], 205.0)
    assert uitrace.legs(t, 0, trigger="click").total == 200.0
