"""SQLite under real concurrency: several processes writing one file, and writers killed mid-save.

Synchronisation is on a barrier, a result queue, or what a child prints (each
saved version number), always with deadlines; never on sleeps.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

import pytest

from model.scenario import Scenario
from model.store import ScenarioStore

ROOT = Path(__file__).resolve().parents[2]
DEADLINE_S = 60.0

WRITERS = 8
SAVES_EACH = 25


def _writer(url: str, name: str, wid: int, n: int, open_late: bool, barrier, results) -> None:
    """One writer process: save ``n`` versions of ``name`` once every writer is ready.

    With ``open_late`` it opens the store only after the barrier, so all of them
    race to create the tables of a new file.
    """
    try:
        store = None if open_late else ScenarioStore(url)
        barrier.wait(timeout=DEADLINE_S)
        if store is None:
            store = ScenarioStore(url)
        got = []
        for i in range(n):
            scenario = Scenario(pue=1 + (wid * n + i) / 1000)
            got.append(store.save(name, scenario, note=f"w{wid}-{i}"))
        store.close()
        results.put((wid, got))
    except BaseException:
        results.put((wid, traceback.format_exc()))
        raise


#: Saves versions of "crash" forever, printing "<version> <i>" after each save.
LOOPER = r"""
import sys
from model.scenario import Scenario
from model.store import ScenarioStore

url, run = sys.argv[1], sys.argv[2]
store = ScenarioStore(url)
i = 0
while True:
    v = store.save("crash", Scenario(pue=1 + (i % 1000) / 1000), note=f"{run}-{i}")
    print(v, i, flush=True)
    i += 1
"""


class Lines:
    """A child's stdout, line by line, read on a thread so reads can have deadlines."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self._q: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._q.put(line.rstrip("\n"))
        self._q.put(None)

    def next(self, deadline: float) -> str:
        try:
            line = self._q.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise AssertionError("child printed nothing before the deadline") from None
        if line is None:
            err = self.proc.stderr.read() if self.proc.stderr else ""
            raise AssertionError(f"child exited early (rc={self.proc.wait()}):\n{err}")
        return line


def _spawn(script: str, *args: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_all(procs: list[subprocess.Popen[str]]) -> None:
    for p in procs:
        if p.poll() is None:
            p.kill()
        p.wait()


def _run_writers(url: str, open_late: bool, names: list[str]) -> list[list[int]]:
    """Start one writer process per name, release them together, return what each saved.

    The processes come from a fork server that has imported model.store but
    opened no database: each writer opens its own connections, as separate
    app processes do, without paying ~1 s of interpreter and pandas start-up
    each (8 of them at once would dominate this file's run time).
    """
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["model.store"])
    barrier = ctx.Barrier(len(names))
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(url, name, wid, SAVES_EACH, open_late, barrier, results))
        for wid, name in enumerate(names)
    ]
    try:
        for p in procs:
            p.start()
        deadline = time.monotonic() + DEADLINE_S
        got: dict[int, list[int]] = {}
        for _ in procs:
            wid, value = results.get(timeout=max(0.0, deadline - time.monotonic()))
            assert isinstance(value, list), f"writer {wid} raised:\n{value}"
            got[wid] = value
        for p in procs:
            p.join(timeout=max(1.0, deadline - time.monotonic()))
            assert p.exitcode == 0
        return [got[w] for w in range(len(names))]
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
            p.join()


def _journal_mode(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        con.close()


def _integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return "; ".join(row[0] for row in con.execute("PRAGMA integrity_check"))
    finally:
        con.close()


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, Path]:
    path = tmp_path / "s.db"
    return f"sqlite:///{path}", path


# --------------------------------------------------------------------------- settings


def test_wal_mode_and_busy_timeout(db) -> None:
    url, path = db
    store = ScenarioStore(url)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
        store.save("x", Scenario())
    finally:
        store.close()
    assert _journal_mode(path) == "wal"  # WAL is a property of the file


def test_a_save_waits_for_another_writer_instead_of_failing(db) -> None:
    url, path = db
    store = ScenarioStore(url)
    store.save("A", Scenario())
    blocker = sqlite3.connect(path, isolation_level=None)
    result: list[object] = []
    try:
        blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        t = threading.Thread(target=lambda: result.append(store.save("A", Scenario(pue=2))))
        t.start()
        t.join(timeout=0.5)
        assert t.is_alive() and result == [], "the save should be waiting for the lock"
        blocker.execute("ROLLBACK")
        t.join(timeout=DEADLINE_S)
        assert result == [2]
    finally:
        blocker.close()
        store.close()


def test_reads_are_not_blocked_by_a_writer(db) -> None:
    """WAL lets readers proceed while a write transaction is open (the library page must
    not freeze while someone saves)."""
    url, path = db
    store = ScenarioStore(url)
    store.save("A", Scenario())
    blocker = sqlite3.connect(path, isolation_level=None)
    result: list[object] = []
    try:
        blocker.execute("BEGIN IMMEDIATE")
        t = threading.Thread(
            target=lambda: result.append(([i.name for i in store.list()], store.load("A")))
        )
        t.start()
        t.join(timeout=5.0)
        finished = not t.is_alive()
        blocker.execute("ROLLBACK")
        t.join(timeout=DEADLINE_S)
        assert finished, "list()/load() waited for an open write transaction"
        assert result == [(["A"], Scenario())]
    finally:
        blocker.close()
        store.close()


# --------------------------------------------------------------------------- many writers


def test_eight_processes_saving_one_name_get_distinct_versions(db) -> None:
    url, path = db
    ScenarioStore(url).close()  # tables exist; the race is on the versions
    results = _run_writers(url, False, ["Shared plan"] * WRITERS)

    total = WRITERS * SAVES_EACH
    returned = [v for got in results for v in got]
    assert sorted(returned) == list(range(1, total + 1)), "version numbers returned"
    for got in results:
        assert got == sorted(got), "each writer's versions increase"

    store = ScenarioStore(url)
    try:
        history = store.history("Shared plan")
        assert sorted(v.version for v in history) == list(range(1, total + 1))
        by_version = {v.version: v for v in history}
        for wid, got in enumerate(results):
            for i, version in enumerate(got):
                saved = by_version[version]
                assert saved.note == f"w{wid}-{i}"
                assert saved.scenario == Scenario(pue=1 + (wid * SAVES_EACH + i) / 1000)
        [listing] = store.list()
        assert (listing.latest_version, listing.versions) == (total, total)
    finally:
        store.close()
    assert _journal_mode(path) == "wal"
    assert _integrity(path) == "ok"


def test_eight_processes_opening_a_new_file_at_once(db) -> None:
    """Each creates the tables if missing, at the same moment, then saves its own name."""
    url, path = db
    names = [f"Plan {w}" for w in range(WRITERS)]
    results = _run_writers(url, True, names)
    assert results == [list(range(1, SAVES_EACH + 1))] * WRITERS
    store = ScenarioStore(url)
    try:
        assert sorted(i.name for i in store.list()) == names
        assert all(i.versions == SAVES_EACH for i in store.list())
    finally:
        store.close()
    assert _integrity(path) == "ok"


# --------------------------------------------------------------------------- crashes


def test_killing_a_writer_mid_save_loses_nothing_it_reported(db) -> None:
    url, path = db
    ScenarioStore(url).close()
    reported: dict[int, str] = {}
    for run in range(10):
        proc = _spawn(LOOPER, url, run)
        try:
            lines = Lines(proc)
            deadline = time.monotonic() + DEADLINE_S
            for _ in range(3 + run % 5):  # a few saves, then kill it mid-loop
                version, i = lines.next(deadline).split()
                reported[int(version)] = f"{run}-{i}"
            proc.send_signal(signal.SIGKILL)
            assert proc.wait(timeout=DEADLINE_S) == -signal.SIGKILL
        finally:
            _kill_all([proc])

        assert _integrity(path) == "ok", f"after kill {run}"
        store = ScenarioStore(url)
        try:
            for version, note in reported.items():
                assert store.get("crash", version).note == note
            versions = sorted(v.version for v in store.history("crash"))
            assert versions == list(range(1, len(versions) + 1)), "no gaps, no duplicates"
        finally:
            store.close()
    assert len(reported) >= 10 * 3
    assert _journal_mode(path) == "wal"
