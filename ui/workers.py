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


class Pool:
    """A process pool and the manager whose queues carry progress back."""

    def __init__(self, workers: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
        self.manager = ctx.Manager()
        # Start the workers now (importing numpy, pandas and the model takes
        # ~1 s each), not when the first simulation waits for them.
        for _ in range(workers):
            self.executor.submit(_warm)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.manager.shutdown()


def _warm() -> None:
    import model.uncertainty  # noqa: F401 - the import is the warm-up


@st.cache_resource(show_spinner=False)
def _pool(workers: int) -> Pool:
    return Pool(workers)


def in_worker(
    fn: Callable[..., T],
    *args: Any,
    progress: Callable[[float], None] | None = None,
    **kwargs: Any,
) -> T:
    """``fn(*args, **kwargs)`` in a worker process; its result (or its exception).

    ``fn`` and its arguments must pickle (a module-level function of model/).
    With ``progress``, ``fn`` gets ``progress=`` a callable that relays each
    value to ``progress`` here, in the calling script's thread.
    """
    workers = worker_count()
    if workers == 0:
        return fn(*args, **kwargs, **({"progress": progress} if progress else {}))
    pool = _pool(workers)
    try:
        relay = pool.manager.Queue() if progress else None
        extra = {"progress": relay.put} if relay is not None else {}
        future = pool.executor.submit(fn, *args, **kwargs, **extra)
        while True:
            try:
                done = future.result(timeout=0 if relay is not None else POLL_S)
                break
            except TimeoutError:
                pass
            if relay is not None:
                with contextlib.suppress(queue.Empty):
                    progress(relay.get(timeout=POLL_S))  # type: ignore[misc]
        if relay is not None:
            while True:
                try:
                    progress(relay.get_nowait())  # type: ignore[misc]
                except queue.Empty:
                    break
        return done
    except (BrokenProcessPool, EOFError, ConnectionError, OSError):
        # A worker or the manager died: start afresh next time; compute here now.
        _pool.clear()
        pool.close()
        return fn(*args, **kwargs, **({"progress": progress} if progress else {}))
