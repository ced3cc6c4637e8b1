"""Worker processes for the render: each runs one notebook at a time, with its own kernel.

Why not ``multiprocessing.Pool``: its workers share locks on the task and result queues. A
worker that dies holding one (killed by the OOM killer, by a SIGTERM sent to the whole
process group, or at the wrong moment of a shutdown) hangs the pool, and a page lost with
its worker is waited for forever. Here every worker has its own pipe: a worker that dies
takes nothing with it, and is seen at once, with the task it was running.

A worker stopped with SIGTERM kills the kernels it started and leaves at once, raising
nothing: an exception raised by a signal handler can be swallowed (in a garbage-collector
callback, say), or land in the middle of releasing a lock. A kernel started a moment too
early to be known exits by itself within a second of its parent (ipykernel's parent poller).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

WAIT = 0.05  # seconds between checks for an interruption while waiting for results


class WorkerDied(Exception):
    """The worker process running a task died before answering."""


@dataclass(eq=False)
class _Worker:
    process: Any
    connection: Any
    task: Any = None  # the item it is running, if any
    busy: bool = False


@dataclass
class Workers:
    """``size`` worker processes started fresh (spawn), each importing what it needs once.
    ``submit`` hands items to idle workers, ``results`` yields ``(item, ok, value)`` as
    they finish: the function's result, or its exception, or ``WorkerDied``. A dead worker
    is replaced while items are left. ``stop`` ends every worker (and so its kernel)."""

    size: int
    check: Callable[[], None] = lambda: None  # called while waiting, e.g. to stop on a signal
    _workers: list[_Worker] = field(default_factory=list)
    _function: Callable[[Any], Any] | None = None
    _left: list[Any] = field(default_factory=list)
    _stopped: bool = False

    def __post_init__(self) -> None:
        self._context = multiprocessing.get_context("spawn")
        with _sigint_ignored():
            self._workers = [self._start() for _ in range(max(1, self.size))]

    def _start(self) -> _Worker:
        mine, theirs = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(theirs, os.getpid()),
                                        daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, mine)

    def submit(self, function: Callable[[Any], Any], items: Iterable[Any]) -> None:
        """Start running ``function(item)`` for every item, as many at a time as workers."""
        self._function = function
        self._left = list(items)
        self._hand_out()

    def results(self) -> Iterator[tuple[Any, bool, Any]]:
        """``(item, ok, value)`` in the order the items finish."""
        while any(w.busy for w in self._workers):
            self.check()
            busy = [w for w in self._workers if w.busy]
            ready = set(multiprocessing.connection.wait(
                [w.connection for w in busy] + [w.process.sentinel for w in busy], WAIT))
            for worker in busy:
                if worker.connection in ready or worker.process.sentinel in ready:
                    yield self._collect(worker)
            self._hand_out()

    def _hand_out(self) -> None:
        for n, worker in enumerate(self._workers):
            if not self._left:
                return
            if not worker.busy:
                if not worker.process.is_alive():
                    with _sigint_ignored():
                        worker = self._workers[n] = self._start()
                worker.task, worker.busy = self._left.pop(0), True
                with contextlib.suppress(OSError):  # dying: results() reports it
                    worker.connection.send((self._function, worker.task))

    def _collect(self, worker: _Worker) -> tuple[Any, bool, Any]:
        """The worker's answer, or WorkerDied if it died without one."""
        task, worker.busy, worker.task = worker.task, False, None
        try:
            if worker.connection.poll():
                ok, value = worker.connection.recv()
                return task, ok, value
        except (EOFError, OSError):
            pass
        worker.process.join(1)
        code = worker.process.exitcode
        how = (f"killed by {signal.Signals(-code).name}" if code is not None and code < 0
               and -code in signal.valid_signals() else f"exit status {code}")
        return task, False, WorkerDied(f"the worker process running it died ({how})")

    def stop(self) -> None:
        """SIGTERM to every worker (which kills its kernel first), then wait for them."""
        if self._stopped:
            return
        self._stopped = True
        for worker in self._workers:
            if worker.process.is_alive():
                with contextlib.suppress(OSError):
                    worker.process.terminate()
        for worker in self._workers:
            worker.process.join(10)
            if worker.process.is_alive():  # stuck in C code: nothing else will do
                worker.process.kill()
                worker.process.join()
            worker.connection.close()


@contextlib.contextmanager
def workers(size: int, check: Callable[[], None] = lambda: None) -> Iterator[Workers]:
    pool = Workers(size, check)
    try:
        yield pool
    finally:
        pool.stop()


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Workers inherit an ignored SIGINT, so that Ctrl-C (sent to the whole process group)
    cannot print the traceback of a worker still importing: it is the main process's to
    handle."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)


# --- in the worker process -----------------------------------------------------------------

_kernels: list[Any] = []  # kernel managers started for the task this worker runs
_busy = False


def _serve(connection: Any, parent: int) -> None:
    """A worker's life: run the tasks it is sent until its pipe closes."""
    global _busy
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _sigterm)
    _die_with(parent)
    # progress and failures are the render's to report, one line each (papermill would add
    # "Kernel died while waiting for execute reply." and the like on stderr)
    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    while True:
        try:
            function, task = connection.recv()
        except (EOFError, OSError):
            return
        _busy = True
        try:
            answer = (True, function(task))
        except Exception as exc:
            answer = (False, exc if _picklable(exc) else RuntimeError(
                f"{exc.__class__.__name__}: {exc}"))
        finally:
            _busy = False
            _kernels.clear()
        try:
            connection.send(answer)
        except (OSError, ValueError):
            return


def _die_with(parent: int) -> None:
    """On Linux, get SIGTERM when the render's main process dies, even killed outright
    (SIGKILL, the OOM killer), so that no worker and no kernel outlives it."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() != parent:  # it died before that
        os._exit(128 + signal.SIGTERM)


def _picklable(exc: Exception) -> bool:
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return False
    return True


def _sigterm(signum: int, frame: Any) -> None:
    if _busy:
        kill_kernels()
    os._exit(128 + signum)


def kill_kernels() -> None:
    """SIGKILL to the process group of every kernel this worker started (the kernel and
    anything its code started), and their connection files removed."""
    for manager in _kernels:
        process = getattr(getattr(manager, "provisioner", None), "process", None)
        if process is None:
            continue
        with contextlib.suppress(OSError):
            group = os.getpgid(process.pid)
            if group != os.getpgrp():
                os.killpg(group, signal.SIGKILL)
            else:
                process.kill()
        with contextlib.suppress(OSError, TypeError):
            os.remove(manager.connection_file)


def kernel_exit() -> str:
    """How the last kernel that ended did: ' (exit status 1)', ' (killed by SIGKILL: out of
    memory?)', or '' if unknown."""
    for manager in reversed(_kernels):
        process = getattr(getattr(manager, "provisioner", None), "process", None)
        code = process.poll() if process is not None else None
        if code is None:
            continue
        if code >= 0:
            return f" (exit status {code})"
        name = signal.Signals(-code).name if -code in signal.valid_signals() else -code
        return f" (killed by {name}" + (": out of memory?)" if -code == signal.SIGKILL else ")")
    return ""


@functools.cache
def kernel_manager_class() -> type:
    """jupyter_client's kernel manager, remembering the kernels it starts (see above)."""
    from jupyter_client.manager import AsyncKernelManager

    class TrackedKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kwargs: Any) -> None:
            _kernels.append(self)
            await super().start_kernel(**kwargs)

    return TrackedKernelManager
