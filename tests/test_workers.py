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
