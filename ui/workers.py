"""Heavy computations in a worker process, so the server's other sessions keep running.

Streamlit runs every session's script in a thread of one Python process: a
Monte Carlo simulation or a sensitivity sweep (0.1-0.5 s of numpy and Python
holding the GIL) slows every other session's rerun while it runs. Measured by
``scripts/bench_ui_load.py`` (part 5): a lever press on Explore took 1.8x as
long while another session's simulation ran. ``in_worker`` hands such a call
to a process pool and waits without holding the GIL, relaying the progress
the function reports (a queue from a multiprocessing manager).

The pool is one per server (``st.cache_resource``), its processes started
with "spawn" (a fork of a threaded server is unsafe) and warmed on creation.
``PLANNER_WORKERS`` sets its size: by default one fewer than the machine's
cores, at least one; 0 computes in the server's own process, as before. A
pool that breaks (a worker killed) is dropped and the call computed in
process, so a page never fails for want of a worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

import streamlit as st

T = TypeVar("T")

#: Environment variable: the number of worker processes (0: compute in process).
WORKERS_ENV = "PLANNER_WORKERS"

#: How often the waiting script thread looks for progress or the result [s].
POLL_S = 0.05


def worker_count() -> int:
    """``PLANNER_WORKERS`` if set (a whole number >= 0), else cores - 1, at least 1."""
    raw = os.environ.get(WORKERS_ENV, "").strip()
    if raw:
        try:
            return max(0, int(raw))
        except ValueError:
            pass  # a bad setting falls back to the default, as a missing one
    return max(1, (os.cpu_count() or 2) - 1)


class Stopped(Exception):
    """Raised in a worker when the page that asked for the result has moved on."""


class Relay:
    """The ``progress`` a worker's function gets: each value goes on a queue to
    the waiting page, and once the page has moved on (a lever moved, the page
    left) the next report stops the computation, as it would in process."""

    def __init__(self, values: Any, stop: Any) -> None:
        self.values, self.stop = values, stop

    def __call__(self, done: float) -> None:
        if self.stop.is_set():
            raise Stopped("the page no longer waits for this result")
        self.values.put(done)


class Pool:
    """A process pool and the manager whose queues carry progress back."""

    def __init__(self, workers: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
        self.manager = ctx.Manager()
        # Start the workers now (importing numpy, pandas and the model takes
        # ~1 s each), not when the first simulation waits for them. The pool
        # itself is made on the first call that needs it (the first visit to
        # Uncertainty), so a server nobody simulates on starts no process.
        for _ in range(workers):
            self.executor.submit(_warm)

    def close(self) -> None:
        """Stop the processes; calls still waiting see a broken pool and compute in process."""
        self.executor.shutdown(wait=False)
        with contextlib.suppress(Exception):
            self.manager.shutdown()


def _warm() -> None:
    import model.uncertainty  # noqa: F401 - the import is the warm-up


#: The pool each size's cache entry holds now (to drop only a pool still cached).
_LIVE: dict[int, Pool] = {}
_DROP_LOCK = threading.Lock()


@st.cache_resource(show_spinner=False, on_release=Pool.close)
def _pool(workers: int) -> Pool:
    pool = _LIVE[workers] = Pool(workers)
    return pool


#: What a dead worker or manager raises on this side (never the function's own errors).
_POOL_FAILURES = (BrokenProcessPool, EOFError, ConnectionError, BrokenPipeError)


def _drop(pool: Pool) -> None:
    """Forget ``pool`` if it is still the cached one (another session may have
    replaced it already), so the next call starts a fresh one."""
    with _DROP_LOCK:
        if pool in _LIVE.values():
            _LIVE.clear()
            _pool.clear()  # on_release closes it


def _here(fn: Callable[..., T], args: Any, kwargs: Any, progress: Any) -> T:
    return fn(*args, **kwargs, **({"progress": progress} if progress else {}))


def in_worker(
    fn: Callable[..., T],
    *args: Any,
    progress: Callable[[float], None] | None = None,
    **kwargs: Any,
) -> T:
    """``fn(*args, **kwargs)`` in a worker process; its result (or its exception).

    ``fn`` and its arguments must pickle (a module-level function of model/).
    With ``progress``, ``fn`` gets ``progress=`` a callable that relays each
    value to ``progress`` here, in the calling script's thread; if the wait
    is interrupted (Streamlit stops a run when a lever moves), the worker's
    next report stops the computation.
    """
    workers = worker_count()
    if workers == 0:
        return _here(fn, args, kwargs, progress)
    try:
        pool = _pool(workers)
        stop = pool.manager.Event() if progress else None
        values = pool.manager.Queue() if progress else None
        relay = {"progress": Relay(values, stop)} if progress else {}
        future = pool.executor.submit(fn, *args, **kwargs, **relay)
    except (*_POOL_FAILURES, OSError, RuntimeError):
        # No pool to be had (cannot start processes, or it was shut down): compute here.
        return _here(fn, args, kwargs, progress)
    try:
        while True:
            try:
                done = future.result(timeout=0 if values is not None else POLL_S)
                break
            except TimeoutError:
                pass
            if values is not None:
                with contextlib.suppress(queue.Empty):
                    progress(values.get(timeout=POLL_S))  # type: ignore[misc]
        if values is not None:
            while True:
                try:
                    progress(values.get_nowait())  # type: ignore[misc]
                except queue.Empty:
                    break
        return done
    except _POOL_FAILURES:
        # A worker or the manager died: start afresh next time; compute here now.
        _drop(pool)
        return _here(fn, args, kwargs, progress)
    except BaseException:
        # The run was stopped (a lever moved) or failed: let the worker stop too.
        future.cancel()
        if stop is not None:
            with contextlib.suppress(Exception):
                stop.set()
        raise
