"""Processes a page leaves behind are ended with it.

Stopping a kernel kills its process group, but a process that a notebook starts in a session
of its own (``subprocess.Popen(..., start_new_session=True)``, ``setsid``, a daemon that
forks twice) is in no group of the kernel's, and once its parent is gone it is nobody's
descendant: it would outlive the render. So each kernel is started with a mark in its
environment (``XYFORECAST_PAGE=<render id>/<token>``), which every process it starts
inherits wherever it goes — the way Jenkins finds the strays of a build. The two
``XYFORECAST_*`` variables here are process tags, not data: nothing reads its input from
them. A worker ends the processes carrying its kernel's mark when a page is done (sparing
the kernel, which serves its next page) and when the kernel is stopped; the render ends
every process carrying its id when it ends (a worker that was killed cannot). Ended means
SIGTERM, then SIGKILL after ``GRACE`` seconds. A process that empties its own environment escapes.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import sys
from collections.abc import Collection, Iterator

import psutil

MARK = "XYFORECAST_PAGE"  # in a page kernel's environment, inherited by all it starts
RENDER = "XYFORECAST_RENDER_ID"  # the render's id, in front of every mark of its pages
GRACE = 3.0  # seconds between SIGTERM and SIGKILL
PR_SET_CHILD_SUBREAPER, PR_GET_CHILD_SUBREAPER = 36, 37  # Linux prctl(2)


@contextlib.contextmanager
def ending_strays() -> Iterator[None]:
    """Pages run inside the block get marks with this block's id; at its end every process
    still carrying one is ended. On Linux this process is its descendants' reaper meanwhile
    (``subreaper``)."""
    render_id = f"{os.getpid()}-{secrets.token_hex(4)}"
    previous = os.environ.get(RENDER)
    os.environ[RENDER] = render_id  # the workers started inside the block inherit it
    try:
        with subreaper():
            try:
                yield
            finally:
                end_marked(f"{render_id}/")
    finally:
        if previous is None:
            os.environ.pop(RENDER, None)
        else:
            os.environ[RENDER] = previous


@contextlib.contextmanager
def subreaper() -> Iterator[None]:
    """Linux: a process orphaned inside the block — a kernel whose worker was stopped — is
    re-parented to this one rather than to init, so ending it waits for its exit, not for
    init to reap it (1.5 s of a render's wall time where init is slow to). Elsewhere, and
    where the call is refused, nothing changes."""
    if not sys.platform.startswith("linux"):
        yield
        return
    libc = ctypes.CDLL(None, use_errno=True)
    was = ctypes.c_int(0)
    known = libc.prctl(PR_GET_CHILD_SUBREAPER, ctypes.byref(was), 0, 0, 0) == 0
    made = known and not was.value and libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    try:
        yield
    finally:
        if made:
            libc.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)


def alive(pid: int) -> bool:
    """Whether process ``pid`` is running, on every system (``os.kill(pid, 0)`` is POSIX
    only: on Windows it sends CTRL_C_EVENT)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.AccessDenied:  # another user's: alive
        return True
    except (psutil.Error, ValueError, OverflowError):
        return False


def page_mark() -> str:
    """A fresh mark for one page's kernel, behind the id of the render it belongs to."""
    return f"{os.environ.get(RENDER, os.getpid())}/{secrets.token_hex(6)}"


def end_marked(prefix: str, spare: Collection[int | None] = ()) -> list[int]:
    """End every process (this one and ``spare`` excepted: a kernel kept for the next page)
    whose mark starts with ``prefix``; their ids."""
    found = []
    for process in _now():
        with contextlib.suppress(psutil.Error):  # gone, or another user's
            if (process.pid != os.getpid() and process.pid not in spare
                    and process.environ().get(MARK, "").startswith(prefix)):
                found.append(process)
    for process in found:
        with contextlib.suppress(psutil.Error):
            process.terminate()
    _, alive = psutil.wait_procs(found, timeout=GRACE)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(alive, timeout=GRACE)
    return [p.pid for p in found]


def _now() -> Iterator[psutil.Process]:
    """Every process running now, each looked up afresh. ``psutil.process_iter`` keeps the
    objects of its earlier calls: on a machine whose process ids have wrapped round, a kept
    one may stand for a process since gone whose id a page's stray now has, and psutil then
    refuses to read the stray's environment (a stray left running: seen in CI)."""
    for pid in psutil.pids():
        with contextlib.suppress(psutil.Error):
            yield psutil.Process(pid)
