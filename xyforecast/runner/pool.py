"""Worker processes for the pages: pebble's ProcessPool, one page per worker at a time.

pebble reports a worker that dies (killed by the OOM killer, or by the code of the page it
runs) as ``ProcessExpired`` for that page alone, replaces the worker and lets the other
pages go on; ``stop`` terminates every worker. A worker's kernel leaves with its worker
(``forked``: it waits on the worker's sentinel; a kernel started as a command: ipykernel's
parent poller). What pebble does not do is notice that the render
itself was killed outright (SIGKILL): a worker busy with a page would run it to the end, so
each worker watches its parent and leaves when it is gone — the one piece kept by hand.
pebble's ``join`` also closes the workers' channels before it terminates them: a worker
still starting at that moment cannot open them and prints a traceback (a render stopped at
once by a bad option), so ``stop_pool`` first waits for every worker to have started.
Each worker also ends the processes its pages left running, after each page and when it
leaves (``reaper``).

Where the system has it (Linux, macOS), workers are forked from multiprocessing's fork
server, which imports and prepares what a worker and a page kernel need
(``WORKER_MODULES``: papermill, nbclient, nbconvert, the page template; ipykernel, pandas,
matplotlib, the pages: 1.5 CPU s) once per render instead of once per worker and kernel
(the kernels are forked by it too: ``forked``); it is a fresh interpreter, so nothing is
inherited from a process with threads, as with spawn. A worker takes the render's
environment and folder from its initializer, not from the server (which another render of
the same process may have started), and the server is stopped with the pool. Windows
spawns each worker. Should the server be killed (the OOM killer, a page's code), main reads
its workers as dead (exit status 255), though they still run until the render ends: their
pages fail, saying the server was lost (``server_lost``), and the render goes on with new
workers and a new server.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

from pebble import ProcessExpired, ProcessPool

from xyforecast.runner.interrupts import sigint_ignored
from xyforecast.runner.reaper import RENDER, alive, end_marked

__all__ = ["ProcessExpired", "server_lost", "start_pool", "stop_pool"]

WORKER = "pebble_pool_worker"  # the name pebble gives its worker processes
WORKER_MODULES = ["xyforecast.runner.preload"]  # what every worker and kernel imports
_started_server: int | None = None  # the fork server of the last pool started (its pid)


def _started(ready: Path, pid: int) -> Path:
    return ready / f"worker-{pid}.started"


def _start_worker(parent: int, ready: Path, environ: dict[str, str], folder: str,
                  server: str | None) -> None:
    """In a worker: take the render's environment and folder, have the fork server (at
    ``server``, if any) fork its kernels, say it has started (its channels are open), then
    leave (ending what the render's pages left running) as soon as the render's main
    process is gone."""
    if server is not None:
        from xyforecast.runner.forked import use_server

        use_server(server)
    os.environ.clear()
    os.environ.update(environ)
    os.chdir(folder)
    _started(ready, os.getpid()).touch()
    render = multiprocessing.parent_process()  # its sentinel is ready once it is gone

    def watch() -> None:
        if render is not None:  # waits, without polling
            multiprocessing.connection.wait([render.sentinel])
        while alive(parent):
            time.sleep(0.25)
        if os.environ.get(RENDER):
            end_marked(f"{os.environ[RENDER]}/")
        os._exit(1)

    threading.Thread(target=watch, name="xyforecast-parent-watch", daemon=True).start()


def _context() -> multiprocessing.context.BaseContext:
    """The fork server, started with the workers' modules imported, where the system forks
    (not Windows) and it starts (its socket's path must fit AF_UNIX's 108 bytes under
    ``$TMPDIR``); else spawn."""
    if hasattr(os, "fork") and "forkserver" in multiprocessing.get_all_start_methods():
        from multiprocessing import forkserver

        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(WORKER_MODULES)
        try:
            forkserver.ensure_running()
        except OSError:
            pass
        else:
            return context
    return multiprocessing.get_context("spawn")


def start_pool(size: int, ready: Path) -> ProcessPool:
    """``size`` workers started fresh (nothing inherited from a process with threads), with
    SIGINT ignored from their first instruction; each marks in ``ready`` (a folder of the
    render's own) that it has started. Their imports run while the render reads its data:
    spawned workers are started now; the fork server imports as soon as it starts, and
    forks a worker (at once, then) for the first pages scheduled — forking now would wait
    for its imports."""
    with sigint_ignored():  # the fork server's children inherit it too
        context = _context()
        pool = ProcessPool(max_workers=max(1, size), initializer=_start_worker,
                           initargs=(os.getpid(), ready, dict(os.environ), os.getcwd(),
                                     _server_address(context)),
                           context=context)
        if context.get_start_method() == "spawn":
            pool.schedule(os.getpid)
    global _started_server
    _started_server = _server("_forkserver_pid") if hasattr(os, "waitid") else None
    return pool


def server_lost() -> bool:
    """Whether the fork server the last pool started has ended or been replaced since.
    Looked at without reaping it (``WNOWAIT``): multiprocessing does that, as it starts the
    next server."""
    if _started_server is None:
        return False
    if _server("_forkserver_pid") != _started_server:
        return True
    try:
        return os.waitid(os.P_PID, _started_server,
                         os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def stop_pool(pool: ProcessPool, ready: Path, timeout: float = 30.0) -> None:
    """Stop every worker, once each one still alive has finished starting (a fraction of a
    second at most; ``timeout`` bounds it should a worker hang while starting)."""
    pool.stop()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(
            p.name == WORKER and p.is_alive() and not _started(ready, p.pid).exists()
            for p in multiprocessing.active_children()):
        time.sleep(0.01)
    pool.join()
    _stop_fork_server()


def _server(attribute: str) -> Any:
    """An attribute of multiprocessing's fork server (its pid, its address; not public: None
    where a Python differs); None where none runs (Windows, a $TMPDIR too deep for it)."""
    if not hasattr(os, "fork"):
        return None
    from multiprocessing import forkserver

    return getattr(getattr(forkserver, "_forkserver", None), attribute, None)


def _server_address(context: multiprocessing.context.BaseContext) -> str | None:
    """Where the fork server listens, for workers to have it fork their kernels."""
    if context.get_start_method() != "forkserver":
        return None
    return _server("_forkserver_address")


def _stop_fork_server() -> None:
    """The fork server leaves with the pool: a render leaves no process behind, and the
    next one starts a server with its own environment. It is ended (SIGTERM: it handles
    none) rather than asked to leave: asked, it runs Python's exit, which takes apart
    the pandas and matplotlib it imported (0.3 s) for a process that holds nothing to
    save; then multiprocessing waits for it and forgets it."""
    pid = _server("_forkserver_pid")
    if pid is not None:
        from multiprocessing import forkserver

        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        forkserver._forkserver._stop()
