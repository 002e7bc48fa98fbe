"""The pure helpers of the load bench (scripts/bench_ui_load.py, scripts/_uiload.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import bench_ui_load  # noqa: E402
from scripts._uiload import (  # noqa: E402
    as_switch,
    lever_key,
    med_p95,
    row,
    split,
    vmrss_mib,
    write_bare_nav,
)
from scripts._uitrace import Legs, legs  # noqa: E402


def test_med_p95() -> None:
    assert med_p95([5.0]) == (5.0, 5.0)
    m, p = med_p95([float(x) for x in range(1, 101)])
    assert m == 50.5
    assert 94 < p <= 96


def test_split_keeps_legs_and_failures_apart() -> None:
    a = Legs(1.0, 2.0, 3.0, None, 0)
    ok, bad = split([a, "the rerun never started", a])
    assert ok == [a, a]
    assert bad == ["the rerun never started"]


def test_row_ratios() -> None:
    text = row("x", planner=[200.0, 200.0], bare=[100.0, 100.0])
    assert text.count("2.00x") == 2
    assert "x" in row("x", [3.0], [1.0], p95=False)
    assert row("x", [3.0], [1.0], p95=False).count("x") == 2  # the label and one ratio


def test_as_switch_reads_a_fast_switch_from_the_new_heading() -> None:
    # Both run states in one React commit: no "running", only the heading changed.
    trace = {"events": [["click", 10.0], ["title", 60.0]], "last": 90.0, "mutations": 5}
    with pytest.raises(ValueError):
        legs(trace, 0, "click")
    got = legs(as_switch(trace), 0, "click")
    assert (got.to_running, got.rerun, got.tail) == (50.0, 0.0, 30.0)
    assert trace["events"][1][0] == "title"  # the original is left as it was


def test_as_switch_prefers_the_run_states() -> None:
    events = [["click", 0.0], ["running", 20.0], ["title", 50.0], ["notRunning", 70.0]]
    got = legs(as_switch({"events": events, "last": 80.0, "mutations": 1}), 0, "click")
    assert (got.to_running, got.rerun, got.tail) == (20.0, 50.0, 10.0)


def test_lever_key_is_the_query() -> None:
    page = SimpleNamespace(url="http://127.0.0.1:1/uncertainty?adoption_peak_pct=41")
    assert lever_key(page) == "adoption_peak_pct=41"
    assert lever_key(SimpleNamespace(url="http://127.0.0.1:1/")) == ""


def test_vmrss_of_this_process() -> None:
    assert 1 < vmrss_mib(os.getpid()) < 100_000


def test_bare_nav_app_compiles(tmp_path: Path) -> None:
    entry = write_bare_nav(tmp_path)
    for f in (entry, tmp_path / "one.py", tmp_path / "two.py"):
        compile(f.read_text(), str(f), "exec")
    assert 'title="Two"' in entry.read_text()
    assert "K = 2" in (tmp_path / "two.py").read_text()


def test_main_rejects_an_unknown_part() -> None:
    with pytest.raises(SystemExit):
        bench_ui_load.main(["--only", "nothing"])
