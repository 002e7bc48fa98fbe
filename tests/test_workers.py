"""ui/workers.py: heavy calls in a real worker process (spawned, not mocked)."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from model import Scenario
from model.uncertainty import simulate
from ui.workers import WORKERS_ENV, in_worker, worker_count


@pytest.fixture
def one_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_ENV, "1")


@pytest.mark.usefixtures("one_worker")
def test_the_call_runs_in_another_process() -> None:
    assert in_worker(os.getpid) != os.getpid()


@pytest.mark.usefixtures("one_worker")
def test_a_simulation_in_a_worker_equals_one_in_process_and_reports_progress() -> None:
    seen: list[float] = []
    here = simulate(Scenario(), 2_500, 7)
    there = in_worker(simulate, Scenario(), 2_500, 7, progress=seen.append)
    pd.testing.assert_frame_equal(there.monthly, here.monthly)
    pd.testing.assert_frame_equal(there.annual, here.annual)
    assert there.summary == here.summary
    # simulate reports once per 1,000-draw chunk: 0.4, 0.8, 1.0, relayed in order
    assert seen == pytest.approx([0.4, 0.8, 1.0])


@pytest.mark.usefixtures("one_worker")
def test_the_worker_s_error_reaches_the_page() -> None:
    with pytest.raises(ValueError, match="draws"):
        in_worker(simulate, Scenario(), 0)


def test_zero_workers_computes_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_ENV, "0")
    assert in_worker(os.getpid) == os.getpid()
    seen: list[float] = []
    in_worker(simulate, Scenario(), 1_000, 0, progress=seen.append)
    assert seen == [1.0]


@pytest.mark.parametrize(
    ("setting", "want"), [("3", 3), ("0", 0), ("-2", 0), ("abc", None), ("", None)]
)
def test_worker_count(monkeypatch: pytest.MonkeyPatch, setting: str, want: int | None) -> None:
    monkeypatch.setenv(WORKERS_ENV, setting)
    default = max(1, (os.cpu_count() or 2) - 1)
    assert worker_count() == (default if want is None else want)


def die_in_a_worker(parent: int) -> int:
    """Kill the worker process it runs in (not the test's own process)."""
    if os.getpid() != parent:
        os._exit(1)
    return parent


def report_until_stopped(marker: str, progress: object) -> None:
    """Report progress 400 times, 5 ms apart; write ``marker`` if never stopped."""
    import time
    from pathlib import Path

    for i in range(400):
        progress(i / 400)  # type: ignore[operator]
        time.sleep(0.005)
    Path(marker).write_text("finished")


class PageMovedOn(Exception):
    """What Streamlit raises in a run it stops (a StopException), stood in for."""


@pytest.mark.usefixtures("one_worker")
def test_a_dead_worker_is_replaced_and_the_call_computed_here() -> None:
    me = os.getpid()
    assert in_worker(die_in_a_worker, me) == me  # the pool broke; computed in process
    assert in_worker(os.getpid) != me  # a fresh pool serves the next call


@pytest.mark.usefixtures("one_worker")
def test_a_page_that_moved_on_stops_its_worker(tmp_path) -> None:
    marker = tmp_path / "finished"
    calls = []

    def progress(done: float) -> None:
        calls.append(done)
        if len(calls) == 3:
            raise PageMovedOn

    with pytest.raises(PageMovedOn):
        in_worker(report_until_stopped, str(marker), progress=progress)
    # One worker: this call runs once the stopped one has left the worker.
    assert in_worker(os.getpid) != os.getpid()
    assert not marker.exists()
