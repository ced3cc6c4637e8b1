"""One kernel per worker, reused for every page the worker runs: imports are paid once (and,
where the render has a fork server, once for all its kernels: ``forked``).

A fresh kernel per page spent most of a render starting Python and importing pandas, scipy
and matplotlib again. Here a worker starts its kernel for its first page and keeps it:
before each page the kernel's namespace is emptied (as ``%reset -f`` does, without its two
full garbage collections: 0.14 CPU s a page), its execution count set
back to 1 (an executed notebook reads as if its kernel were fresh, so two renders give the
same bytes), its working directory set to the page's notebook's folder; the modules it
imported stay. papermill still parameterises and records the page (``Reused``: its own
notebook client, on this kernel), so the output is a papermill notebook as before.

What the render learns from a page goes through the kernel protocol, not the environment:
after the page, ``user_expressions`` read the fingerprints of the data the page loaded
(``request.USED``) and the projections its kernel computed (``forecast.PROJECTED``).

A kernel is replaced when it died, timed out or failed to start, and after a page whose
cell it could not interrupt. Starting waits ``start_timeout`` seconds (``--start-timeout``;
a busy machine may need more than papermill's 60) and tries once more before the page
fails. The kernel carries the render's process mark (``reaper.MARK``: a process tag, not
data): after each page every other process with its mark — what the page left running — is
ended, the kernel itself spared.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xyforecast.runner import reaper
from xyforecast.runner.reproducible import write_pinned

KERNEL = "python3"
FORKED = "xyforecast-forked"  # the provisioner of kernels forked from the fork server
QUIET_KERNEL = ["--IPKernelApp.log_level=CRITICAL",  # no TCP or shutdown chatter on stderr
                "--HistoryManager.hist_file=:memory:"]  # no history database to lock
ASK_TIMEOUT = 60  # seconds for the kernel to answer a reset or a question between pages
SAVE_EVERY = 30  # seconds: while a page runs, its notebook is saved at most this often
# ``%reset -f`` without its two full garbage collections (IPython's output-cache flush and
# the magic's own): 0.14 CPU s a page once pandas, scipy and matplotlib are loaded — a
# seventh of a render's kernel time — for memory Python's own collector frees anyway. The
# rest is what ``%reset -f`` does: ``reset(new_session=False)``, its output cache flushed.
# After the first page, once: ``gc.freeze()`` — the modules the pages imported (≈160 000
# objects) leave the collector's sight, so the full collections Python runs by itself
# during later pages no longer walk pandas and matplotlib (≈0.1 CPU s each, two or three
# per kernel and render). Without a collection first (0.08 CPU s a kernel): what the first
# page left for the collector (a few MB) is kept for the kernel's life, one render.
RESET = """def _xyforecast_reset(ip=get_ipython()):
    import os, sys
    hook = ip.displayhook
    full, hook.do_full_cache = hook.do_full_cache, False
    try:
        ip.reset(new_session=False)
    finally:
        hook.do_full_cache = full
    hook._ = hook.__ = hook.___ = ""
    os.chdir({folder!r})
    ip.execution_count = 1
    if "xyforecast.request" in sys.modules:
        sys.modules["xyforecast.request"].USED.clear()
    if "xyforecast.forecast" in sys.modules:
        sys.modules["xyforecast.forecast"].PROJECTED.clear()
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    import gc
    if not gc.get_freeze_count() and "xyforecast.site.pages" in sys.modules:
        gc.freeze()  # once, after the first page
_xyforecast_reset()
"""
ASKED = {  # what the render learns from a page, read after it
    "used": "list(getattr(__import__('sys').modules.get('xyforecast.request'), 'USED', []))",
    "projected": "sum(getattr(__import__('sys').modules.get('xyforecast.forecast'), "
                 "'PROJECTED', {}).values())",
}


class StartFailed(RuntimeError):
    """The kernel did not answer within the start-up wait, twice."""


@dataclass
class Kernel:
    """A running kernel: its manager, its client and its process mark."""

    km: Any  # jupyter_client AsyncKernelManager
    kc: Any  # its AsyncKernelClient
    mark: str

    @property
    def pid(self) -> int | None:
        return getattr(self.km.provisioner, "pid", None) if self.km.provisioner else None

    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return bool(self.km.has_kernel and run_sync(self.km.is_alive)())


def start(start_timeout: float, tries: int = 2) -> Kernel:
    """A kernel ready to run code; ``StartFailed`` after ``tries`` waits of
    ``start_timeout`` seconds each."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    for _ in range(tries):
        mark = reaper.page_mark()
        km = AsyncKernelManager(kernel_name=KERNEL)
        # the local provisioner, but that the fork server forks the kernel where there is
        # one (``forked``)
        km.kernel_spec.metadata["kernel_provisioner"] = {"provisioner_name": FORKED}
        kc = None
        try:
            run_sync(km.start_kernel)(extra_arguments=QUIET_KERNEL,
                                      env={**os.environ, reaper.MARK: mark})
            kc = km.client()
            kc.start_channels()
            run_sync(kc.wait_for_ready)(timeout=start_timeout)
            kc.allow_stdin = False
            return Kernel(km, kc, mark)
        except RuntimeError:  # jupyter_client: "Kernel didn't respond in N seconds"
            stop(Kernel(km, kc, mark))
    raise StartFailed(start_timeout)


def prepare(kernel: Kernel, notebook: Path) -> None:
    """Before a page: an empty namespace, the count at 1, the notebook's folder."""
    _ask(kernel, RESET.format(folder=str(notebook.parent)), {})


def learn(kernel: Kernel) -> tuple[tuple[str, ...], int]:
    """After a page: the fingerprints of the data it loaded, each once, and how many
    projections its kernel computed (a render's pages compute none)."""
    found = _ask(kernel, "", ASKED)
    used = tuple(dict.fromkeys(found.get("used") or ()))
    return used, int(found.get("projected") or 0)


def stop(kernel: Kernel | None) -> None:
    """Shut the kernel down at once, and end what carries its mark."""
    if kernel is None:
        return
    from jupyter_core.utils import run_sync

    try:
        if kernel.kc is not None:
            kernel.kc.stop_channels()
        if kernel.km.has_kernel:
            run_sync(kernel.km.shutdown_kernel)(now=True)
    finally:
        reaper.end_marked(kernel.mark)


def end_strays(kernel: Kernel) -> None:
    """End every process carrying the kernel's mark but the kernel."""
    reaper.end_marked(kernel.mark, spare=(kernel.pid,))


def _ask(kernel: Kernel, code: str, expressions: dict[str, str]) -> dict[str, Any]:
    """Run ``code`` silently and evaluate ``expressions``; their values (Python literals)."""
    from jupyter_core.utils import run_sync

    reply = run_sync(kernel.kc.execute_interactive)(
        code, silent=True, store_history=False, user_expressions=expressions,
        timeout=ASK_TIMEOUT, output_hook=lambda msg: None)
    content = reply["content"]
    if content.get("status") != "ok":
        raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")
    values = {}
    for name, result in content.get("user_expressions", {}).items():
        if result.get("status") == "ok":
            values[name] = ast.literal_eval(result["data"]["text/plain"])
    return values


def execute(kernel: Kernel, job_notebook: Path, output: Path, parameters: dict[str, Any],
            timeout: int) -> None:
    """papermill's run of one page on ``kernel``: parameters injected, the output saved as
    it runs (``Saves``) and written once at its end, pinned (``reproducible``); a failing
    cell raised as ``PapermillExecutionError``. A page stopped otherwise (a cell over the
    time limit, a dead kernel) is saved as far as it got, not pinned: the caller marks
    the cell that was running (its start time) and pins it."""
    import papermill as pm
    from papermill.engines import papermill_engines
    from papermill.exceptions import PapermillExecutionError

    if "xyforecast-reused" not in papermill_engines._engines:
        papermill_engines.register("xyforecast-reused", _reused_engine())
    ran: dict[str, Any] = {}
    try:  # no output path for papermill: it would write the whole page twice more
        pm.execute_notebook(
            str(job_notebook), None, parameters=parameters, engine_name="xyforecast-reused",
            kernel_name=KERNEL, progress_bar=False, log_output=False,
            request_save_on_cell_execute=True, autosave_cell_every=SAVE_EVERY,
            execution_timeout=timeout, kernel=kernel, save_to=str(output), ran=ran)
    except PapermillExecutionError:  # papermill has marked the failing cell in the page
        write_pinned(ran["nb"], output, job_notebook)
        raise
    write_pinned(ran["nb"], output, job_notebook)


def _reused_engine() -> type:
    """papermill's nbclient engine, on a kernel already running (its client handed over,
    so that nothing is started or stopped), saving the page as ``Saves`` says."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, NotebookExecutionManager
    from papermill.log import logger

    class Saves(NotebookExecutionManager):
        """papermill saves the executed notebook before and after every cell, each time
        serialising and validating all of it, pictures included: a fifth of the
        workers' CPU. Here the page is saved when it starts, at most every
        ``autosave_cell_every`` seconds while it runs, and when a cell timed out or its
        kernel died (``notebook_complete`` runs in papermill's ``finally``), so a failed
        page still shows how far it got and which cell was running; a page that ran to
        its end (a cell that raised included) is written once by ``execute``. The
        notebook written at the end is the same."""

        running = False  # between the first save and the last

        def save(self, **kwargs):
            if kwargs.get("nb"):
                self.nb = kwargs["nb"]
            since = (self.now() - self.last_save_time).total_seconds()
            if not self.running or since >= self.autosave_cell_every:
                super().save()

        def notebook_start(self, **kwargs):
            super().notebook_start(**kwargs)
            self.running = True

        def notebook_complete(self, **kwargs):
            self.running = False
            super().notebook_complete(**kwargs)

    class Reused(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True,
                             log_output=False, autosave_cell_every=SAVE_EVERY, save_to=None,
                             ran=None, **kwargs):
            """papermill's ``Engine.execute_notebook`` with ``Saves`` as the manager, saving
            to ``save_to``; the notebook it ran is left in ``ran["nb"]``. A page whose
            cells all ran (or raised) is not saved at its end: ``execute`` writes it."""
            nb_man = Saves(nb, output_path=save_to, progress_bar=progress_bar,
                           log_output=log_output, autosave_cell_every=autosave_cell_every)
            nb_man.notebook_start()
            ended = False
            try:
                cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output,
                                             **kwargs)
                ended = True
            finally:
                nb_man.cleanup_pbar()
                if ended:
                    nb_man.output_path = None
                nb_man.notebook_complete()
            if ran is not None:
                ran["nb"] = nb_man.nb
            return nb_man.nb

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False,
                                     stdout_file=None, stderr_file=None, start_timeout=60,
                                     execution_timeout=None, kernel=None, **kwargs):
            client = PapermillNotebookClient(
                nb_man, km=kernel.km, kernel_name=kernel_name, timeout=execution_timeout,
                startup_timeout=start_timeout, log=logger, log_output=log_output,
                stdout_file=stdout_file, stderr_file=stderr_file)
            client.kc = kernel.kc
            return client.execute()

    return Reused
