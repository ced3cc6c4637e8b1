"""Processes a page leaves behind are ended with it.

Stopping a kernel kills its process group, but a process that a notebook starts in a session
of its own (``subprocess.Popen(..., start_new_session=True)``, ``setsid``, a daemon that
forks twice) is in no group of the kernel's, and once its parent is gone init adopts it: it
would outlive the render. On Linux the render and each of its workers are made *child
subreapers* (``prctl(PR_SET_CHILD_SUBREAPER)``), so such a process is adopted by them
instead and stays a descendant; a worker ends its descendants when each page is done and
when it leaves, the render ends what is left when its workers have stopped (a worker that
was killed cannot). Ended means SIGTERM, then SIGKILL after ``GRACE`` seconds.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Collection, Iterator

import psutil

PR_SET_CHILD_SUBREAPER, PR_GET_CHILD_SUBREAPER = 36, 37  # <linux/prctl.h>
GRACE = 3.0  # seconds between SIGTERM and SIGKILL


def _prctl(option: int, value: int | ctypes.c_int | object) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(option, value, 0, 0, 0) == 0


def adopt_orphans() -> bool:
    """Make this process the one orphans below it are handed to (Linux; else False)."""
    return _prctl(PR_SET_CHILD_SUBREAPER, 1)


@contextlib.contextmanager
def ending_strays() -> Iterator[None]:
    """Inside the block this process adopts the orphans of the processes it starts; at its
    end, every descendant started inside the block is ended and the setting restored."""
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    state = ctypes.c_int(0)
    was = state.value if _prctl(PR_GET_CHILD_SUBREAPER, ctypes.byref(state)) else 0
    adopt_orphans()
    try:
        yield
    finally:
        end_descendants(keep=before | _helpers())
        if not was:
            _prctl(PR_SET_CHILD_SUBREAPER, 0)


def _helpers() -> set[int]:
    """multiprocessing's own helper processes, which outlive a pool by design."""
    from multiprocessing import resource_tracker

    pid = getattr(resource_tracker._resource_tracker, "_pid", None)
    return {pid} if pid else set()


def end_descendants(keep: Collection[int] = ()) -> list[int]:
    """End every process below this one but ``keep``; the process ids ended."""
    with contextlib.suppress(psutil.Error):
        found = [p for p in psutil.Process().children(recursive=True) if p.pid not in keep]
        if not found:
            return []
        for process in found:
            with contextlib.suppress(psutil.Error):
                process.terminate()
        _, alive = psutil.wait_procs(found, timeout=GRACE)
        for process in alive:
            with contextlib.suppress(psutil.Error):
                process.kill()
        psutil.wait_procs(alive, timeout=GRACE)
        _reap()
        return [p.pid for p in found]
    return []


def _reap() -> None:
    """Collect the exit status of adopted children that have ended (no zombies left)."""
    with contextlib.suppress(psutil.Error):
        for child in psutil.Process().children():
            with contextlib.suppress(psutil.Error, ChildProcessError):
                if child.status() == psutil.STATUS_ZOMBIE:
                    os.waitpid(child.pid, os.WNOHANG)
