"""Page kernels forked from the render's fork server, which has imported what every page
imports (ipykernel, pandas, matplotlib, the pages): each kernel's 1 CPU s of imports is paid
once per render, not once per kernel, and a kernel is ready as soon as it is forked.

jupyter_client starts a kernel through a *provisioner*; ``ForkedProvisioner`` is its local
one (ports, connection file, signals to the process group, clean-up) but for the launch:
instead of running ``python -m ipykernel_launcher -f …`` it has the fork server fork a
process (``multiprocessing``, start method "forkserver") that takes the kernel's
environment and folder, starts a session of its own (a process group, as
``launch_kernel`` gives one) and runs ``IPKernelApp`` with the same arguments. It is
declared as the entry point ``xyforecast-forked`` (pyproject.toml, ``kernel.FORKED``) and
chosen by ``kernel.start`` where workers are forked (``pool.kernels_forked``); elsewhere (Windows)
kernels are started as commands.

A forked kernel's parent is the fork server, not the worker that asked for it, so
ipykernel's parent poller cannot tell when the worker dies: the kernel waits on the
worker's sentinel instead and leaves with it. Its mark (``reaper.MARK``) is in its
environment for every process it starts, but not in ``/proc/<pid>/environ``, which shows
the environment a process was executed with: the worker stops its kernel by its id.

To multiprocessing the kernel is a child of the worker that asked for it: a worker leaving
(pebble ends it with SIGTERM when the pool stops) would join it, and the kernel waits for
the worker to leave: each waited for the other until pebble's SIGKILL, three seconds later,
at the end of every render. The kernel is killed first, by a finalizer multiprocessing runs
before it joins a leaving process's children.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import multiprocessing.util
import os
import signal
import sys
import threading
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

_server: str | None = None  # in a worker: the address of the fork server (``use_server``)


class _Process:
    """A forked kernel as jupyter_client handles a ``Popen`` (no pipes: it has none)."""

    stdin = stdout = stderr = None

    def __init__(self, process: multiprocessing.process.BaseProcess) -> None:
        self._process = process
        self.pid = process.pid
        self.returncode: int | None = None
        self._leaving = multiprocessing.util.Finalize(None, self.kill, exitpriority=0)

    def poll(self) -> int | None:
        if self.returncode is None and not self._process.is_alive():
            self.returncode = self._process.exitcode
            self._leaving.cancel()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        self._process.join(timeout)
        return self.poll()

    def send_signal(self, signum: int) -> None:
        """As ``Popen.send_signal``: nothing once the process has ended."""
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkedProvisioner(LocalProvisioner):
    """The local provisioner, the kernel forked from the fork server."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        if _server is None:
            return await super().launch_kernel(cmd, **kwargs)
        arguments = cmd[cmd.index("ipykernel_launcher") + 1:]
        process = multiprocessing.get_context("forkserver").Process(
            target=_kernel, name="xyforecast-kernel",
            args=(arguments, dict(kwargs.get("env") or os.environ),
                  str(kwargs.get("cwd") or os.getcwd())))
        try:
            process.start()
        except (OSError, ValueError, EOFError):  # the server is gone: a kernel of its own
            return await super().launch_kernel(cmd, **kwargs)
        self.process = _Process(process)
        self.pid = self.pgid = process.pid  # its own session: a group of its own
        return self.connection_info


def use_server(address: str) -> None:
    """In a worker forked by the render's fork server: have that server fork its kernels.
    multiprocessing's children of a fork server do not know its address, and would start
    a server of their own, without the imports (its state is not public: where it differs
    in another Python, kernels are started as commands)."""
    global _server
    from multiprocessing import forkserver, resource_tracker

    state = getattr(forkserver, "_forkserver", None)
    if state is None or not hasattr(state, "_forkserver_address"):
        return
    state._forkserver_address = address
    state.ensure_running = resource_tracker.ensure_running  # it runs: start none here
    _server = address


def _kernel(arguments: list[str], environ: dict[str, str], folder: str) -> None:
    """In the forked process: the kernel's session, environment and folder, then ipykernel."""
    os.setsid()
    os.environ.clear()
    os.environ.update(environ)
    os.chdir(folder)
    with open(os.devnull, "rb") as nothing:  # as launch_kernel: no stdin
        os.dup2(nothing.fileno(), 0)
    worker = multiprocessing.parent_process()
    if worker is not None:
        threading.Thread(target=_leave_with, args=(worker,), daemon=True,
                         name="xyforecast-worker-watch").start()
    sys.argv = ["ipykernel_launcher", *arguments]
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(argv=arguments)


def _leave_with(worker: multiprocessing.process.BaseProcess) -> None:
    """Leave when the worker that asked for this kernel is gone (killed, or stopped)."""
    multiprocessing.connection.wait([worker.sentinel])
    os._exit(1)
