"""Worker processes for the pages: pebble's ProcessPool, one page per worker at a time.

pebble reports a worker that dies (killed by the OOM killer, or by the code of the page it
runs) as ``ProcessExpired`` for that page alone, replaces the worker and lets the other
pages go on; ``stop`` terminates every worker. A worker's kernel exits within a second of
its worker (ipykernel's parent poller). What pebble does not do is notice that the render
itself was killed outright (SIGKILL): a worker busy with a page would run it to the end, so
each worker watches its parent and leaves when it is gone — the one piece kept by hand.
Each worker also adopts the orphans of its pages' processes and ends them after each page
and when it leaves (``reaper``).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time

from pebble import ProcessExpired, ProcessPool

from xyforecast.report.interrupts import sigint_ignored
from xyforecast.report.reaper import adopt_orphans, end_descendants

__all__ = ["ProcessExpired", "end_page_strays", "start_pool"]
_in_worker = [False]


def _start_worker(parent: int) -> None:
    """In a worker: adopt orphans, and leave (ending every descendant) as soon as the
    render's main process is gone."""
    _in_worker[0] = True
    adopt_orphans()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.25)
        end_descendants()
        os._exit(1)

    threading.Thread(target=watch, name="xyforecast-parent-watch", daemon=True).start()


def end_page_strays() -> None:
    """In a worker, once a page is done: end the processes it left running."""
    if _in_worker[0]:
        end_descendants()


def start_pool(size: int) -> ProcessPool:
    """``size`` workers started fresh (spawn: nothing inherited from a process with threads),
    with SIGINT ignored from their first instruction."""
    pool = ProcessPool(max_workers=max(1, size), initializer=_start_worker,
                       initargs=(os.getpid(),), context=multiprocessing.get_context("spawn"))
    with sigint_ignored():
        pool.schedule(os.getpid)  # starts every worker now, while the data loads
    return pool
