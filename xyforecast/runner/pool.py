"""Worker processes for the pages: pebble's ProcessPool, one page per worker at a time.

pebble reports a worker that dies (killed by the OOM killer, or by the code of the page it
runs) as ``ProcessExpired`` for that page alone, replaces the worker and lets the other
pages go on; ``stop`` terminates every worker. A worker's kernel exits within a second of
its worker (ipykernel's parent poller). What pebble does not do is notice that the render
itself was killed outright (SIGKILL): a worker busy with a page would run it to the end, so
each worker watches its parent and leaves when it is gone — the one piece kept by hand.
Each worker also ends the processes its pages left running, after each page and when it
leaves (``reaper``).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time

from pebble import ProcessExpired, ProcessPool

from xyforecast.runner.interrupts import sigint_ignored
from xyforecast.runner.reaper import RENDER, alive, end_marked

__all__ = ["ProcessExpired", "start_pool"]


def _start_worker(parent: int) -> None:
    """In a worker: leave (ending what the render's pages left running) as soon as the
    render's main process is gone."""
    def watch() -> None:
        while os.getppid() == parent and alive(parent):  # Windows never re-parents
            time.sleep(0.25)
        if os.environ.get(RENDER):
            end_marked(f"{os.environ[RENDER]}/")
        os._exit(1)

    threading.Thread(target=watch, name="xyforecast-parent-watch", daemon=True).start()


def start_pool(size: int) -> ProcessPool:
    """``size`` workers started fresh (spawn: nothing inherited from a process with threads),
    with SIGINT ignored from their first instruction."""
    pool = ProcessPool(max_workers=max(1, size), initializer=_start_worker,
                       initargs=(os.getpid(),), context=multiprocessing.get_context("spawn"))
    with sigint_ignored():
        pool.schedule(os.getpid)  # starts every worker now, while the data loads
    return pool
