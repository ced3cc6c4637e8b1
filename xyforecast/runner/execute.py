"""Run one page: papermill executes its notebook in the worker's kernel, then the page is
exported to HTML without code — also when it failed, so that the page says what happened.

This runs in a worker process (``pool``), one page at a time, and stays light to import
(no pandas, no scipy). The worker owns one kernel, started for its first page and reused
for the next ones (``kernel``: namespace emptied between pages, imports kept), with a time
limit per cell; a kernel that died, timed out or failed to start is replaced. A page that
fails is one line naming the cell of the source notebook — a cell that raised, a kernel
that died (and how), a cell over the time limit, a kernel that did not start — in the
page's language. The page gets the render's data and Forecast as its ``snapshot``
parameter; the fingerprints of the data it loaded are read from its kernel afterwards. The
executed notebook is made reproducible (``reproducible``); a full disk is reported as such
(``diskfull``), and processes the page left running are ended with it (``reaper``).
"""

from __future__ import annotations

import json
import logging
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xyforecast.i18n import Msg
from xyforecast.runner import diskfull, kernel
from xyforecast.runner.reproducible import pin_notebook, write_pinned
from xyforecast.site.spec import START_TIMEOUT, Page


@dataclass(frozen=True)
class Job:
    report: int  # which report of the spec
    page: Page
    lang: str
    output: Path  # the executed notebook, in the report's temporary folder
    parameters: dict[str, Any]
    title: str
    timeout: int
    snapshot: Path | None = None  # the render's data and the report's Forecast
    start_timeout: float = START_TIMEOUT  # seconds a kernel may take to start (twice)


@dataclass(frozen=True)
class Outcome:
    job: Job
    ok: bool
    seconds: float
    error: str = ""  # 'cell 5 "chart" (In [4]) failed: ZeroDivisionError: division by zero'
    data_sha256: tuple[str, ...] = ()  # the fingerprints of the data the page worked from
    disk_full: str = ""  # a diskfull.REASONS key when writing the page ran out of space
    projected: int = 0  # projections the page's kernel computed (the render's pages: none)


def run_page(job: Job) -> Outcome:
    """Execute the page's notebook, then export it to HTML; the executed notebook is saved
    also when a cell failed, timed out or its kernel died, so the page shows how far it got."""
    start = time.perf_counter()
    try:
        error, used, projected = _execute(job)
        if job.output.exists():  # a failed page too: it says what happened
            exported = _export(job)
            error = error or exported
    except OSError as exc:
        full = diskfull.reason(exc)
        if not full:
            raise
        return Outcome(job, False, time.perf_counter() - start,
                       f"{exc.__class__.__name__}: {one_line(str(exc))}", disk_full=full)
    text = error.render(job.lang) if isinstance(error, Msg) else error
    return Outcome(job, not text, time.perf_counter() - start, text, used,
                   projected=projected)


_kernel: list[kernel.Kernel] = []  # this worker's kernel, kept between its pages


def _execute(job: Job) -> tuple[Msg | str, tuple[str, ...], int]:
    """Run the notebook on the worker's kernel: what went wrong ("" if nothing), the
    fingerprints of the data the page loaded and the projections its kernel computed.
    The executed notebook is left pinned (``reproducible``): ``kernel.execute`` writes a
    page that ran to its end so, ``_mark_running_cell`` one it stopped. Running out of disk
    space is raised (OSError), not reported as the page's failure."""
    from jupyter_core.utils import run_sync
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    # the render reports progress and failures, one line each (papermill would add "Kernel
    # died while waiting for execute reply." and the like on stderr)
    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    error: Msg | str = ""
    healthy, learned = False, ((), 0)
    try:
        if _kernel and not _kernel[0].alive():
            kernel.stop(_kernel.pop())
        if not _kernel:
            _kernel.append(kernel.start(job.start_timeout))
        kernel.prepare(_kernel[0], job.page.notebook)
        kernel.execute(_kernel[0], job.page.notebook, job.output, parameters(job), job.timeout)
        healthy = True
    except PapermillExecutionError as exc:
        healthy = True  # the kernel is fine: the page's code raised
        error = Msg.of("report.cell_failed", where=_failed_cell(job), count=exc.exec_count,
                       error=f"{exc.ename}: {one_line(exc.evalue)}")
    except CellTimeoutError:
        error = _stopped(job, "TimeoutError", Msg.of("report.timed_out", seconds=job.timeout))
    except DeadKernelError:
        provisioner = _kernel[0].km.provisioner if _kernel else None
        how = how_it_ended(run_sync(provisioner.poll)() if provisioner else None)
        error = _stopped(job, "DeadKernelError", Msg.of("report.kernel_died", how=how))
    except kernel.StartFailed:
        error = Msg.of("report.kernel_start", seconds=job.start_timeout)
    except Exception as exc:  # a notebook papermill rejects
        if diskfull.reason(exc):
            raise
        error = f"{exc.__class__.__name__}: {one_line(str(exc))}"
        if job.output.exists():  # saved as far as it got
            pin_notebook(job.output, job.page.notebook)
    finally:
        if healthy:
            try:
                learned = kernel.learn(_kernel[0])
                kernel.end_strays(_kernel[0])  # what the page left running
            except Exception:
                healthy = False
        if not healthy and _kernel:  # replaced for the next page, with what it started
            kernel.stop(_kernel.pop())
    return error, *learned


def parameters(job: Job) -> dict[str, Any]:
    """What papermill injects: the report's parameters and the page's snapshot (the
    render's data and Forecast, ``snapshot.pin_forecast``)."""
    return {**job.parameters, "snapshot": str(job.snapshot) if job.snapshot else None}


def _export(job: Job) -> Msg | str:
    from xyforecast.site.export import export_html

    try:
        export_html(job.output, job.output.with_suffix(".html"), job.title, job.lang)
    except Exception as exc:
        if diskfull.reason(exc):
            raise
        return Msg.of("report.html_export",
                      error=f"{exc.__class__.__name__}: {one_line(str(exc))}")
    return ""


def how_it_ended(code: int | None, kernel: bool = True) -> Msg | str:
    """How a process ended, from its exit code: ' (exit status 1)', ' (killed by SIGKILL:
    out of memory?)' for a kernel, or '' if unknown."""
    if code is None:
        return ""
    if code >= 0:
        return Msg.of("report.exit_status", code=code)
    name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
    oom = kernel and -code == signal.SIGKILL
    return Msg.of("report.killed_oom" if oom else "report.killed_by", signal=name)


def _stopped(job: Job, ename: str, what: Msg) -> Msg | str:
    """A page stopped by something other than an error in its code, in one line naming the
    cell; the cell is marked in the executed notebook so that the page says so too."""
    text = what.render(job.lang)
    where = _mark_running_cell(job, ename, text)
    return f"{where}: {text}" if where else f"{ename}: {text}"


def _mark_running_cell(job: Job, ename: str, what: str) -> str:
    """Add an error output to the cell that was running (the last code cell papermill
    started: its start time, which pinning then takes out), pin the notebook and return
    where the cell is, as _failed_cell says it; "" if nothing ran."""
    import nbformat

    try:
        nb = nbformat.read(job.output, as_version=4)
    except (OSError, ValueError):
        return ""
    started = [c for c in nb.cells if c.cell_type == "code"
               and c.metadata.get("papermill", {}).get("start_time")]
    if started:
        started[-1].outputs.append(nbformat.v4.new_output(
            "error", ename=ename, evalue=what, traceback=[f"{ename}: {what}"]))
    write_pinned(nb, job.output, job.page.notebook)
    if not started:
        return ""
    count = started[-1].get("execution_count")
    return _failed_cell(job) + (f" (In [{count}])" if count else "")


def _failed_cell(job: Job) -> str:
    """'cell 3 "check-parameters"': the failing cell's id and its position in the source
    notebook, the one its author edits (the executed copy has papermill's cells on top)."""
    try:
        cells = json.loads(job.output.read_text(encoding="utf-8"))["cells"]
        source = json.loads(job.page.notebook.read_text(encoding="utf-8"))["cells"]
        original = [c.get("id") for c in source]
    except (OSError, ValueError, KeyError):
        return Msg.of("report.a_cell").render(job.lang)
    for n, cell in enumerate(cells, start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            cell_id = cell.get("id")
            where = original.index(cell_id) + 1 if cell_id in original else n
            return (Msg.of("report.cell", n=where).render(job.lang)
                    + (f' "{cell_id}"' if cell_id else ""))
    return Msg.of("report.a_cell").render(job.lang)


def one_line(text: str, limit: int = 200) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
