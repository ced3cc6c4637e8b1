"""Render the notebook suite into reports a bureau chief can read and a scheduler can check.

One report per region and cut-off, in ``reports/<region>/<year>/<cut-off>/`` (``-en`` added
for English): the executed notebooks (one per parameter set: the dashboard, one page per
headline indicator, the data page), an HTML page per notebook without code, ``index.html``,
``summary.json`` (validated against ``summary.schema.json``), ``dashboard.xlsx`` (the
dashboard table with Chinese headers) and ``dashboard.png``.

How it runs, after production papermill portfolios (Caltrans' cal-itp/data-analyses):

- a ``RenderSpec`` (regions × cut-offs × notebooks) is built and validated before any kernel
  starts, so a bad parameter stops the render at once, in one line, without a traceback;
- every page runs in its own kernel (``python3``, absolute paths, explicit working
  directory, execution timeout), several at a time in worker processes;
- a failing page does not stop the others; the render then exits non-zero naming the
  notebook and the cell. So does a page whose kernel dies, whose cell outlasts the time
  limit, or whose worker process dies (workers.py: no lock shared between workers);
- SIGINT and SIGTERM stop it cleanly (exit 130): workers and kernels killed, temporary
  folders removed; a second signal cannot cut that short. An output folder that cannot be
  written stops it before any kernel starts (exit 2);
- each report is written to a temporary folder next to its destination and moved into place
  only when every page succeeded, so an interrupted or failed render never leaves half a
  report and never destroys the previous one. A failed render is kept in
  ``<destination>.failed/`` for inspection.

``python -m xyforecast.report.render --refresh-notebooks`` re-executes the committed notebooks with
their default parameters (what ``make notebooks`` runs), so ``git diff notebooks/`` shows
which checked numbers moved.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xyforecast import __version__, config
from xyforecast.errors import UsageError
from xyforecast.report.workers import (
    WorkerDied,
    Workers,
    kernel_exit,
    kernel_manager_class,
    workers,
)

if TYPE_CHECKING:  # worker processes import this module: keep it light (no pandas, scipy)
    from xyforecast.inputs.dataset import Dataset
    from xyforecast.report.pages import Parameters

NOTEBOOKS = config.notebooks_dir()
SUITE_NOTEBOOKS = ("dashboard.ipynb", "indicator.ipynb", "data.ipynb", "track_record.ipynb")
KERNEL = "python3"
CELL_TIMEOUT = 600  # seconds per cell: a stuck kernel must not hang a scheduler forever
START_TIMEOUT = 60
MARKER = ".xyforecast-report"  # only folders holding it are ever replaced or removed
HIDDEN_TAGS = ("report-hide", "parameters", "injected-parameters")
QUIET_KERNEL = ["--IPKernelApp.log_level=CRITICAL"]  # no TCP or shutdown chatter on stderr
TITLES = {"dashboard": ("总览", "Dashboard"), "data": ("数据说明", "The data"),
          "track-record": ("历史检验", "Track record")}


# --- the specification -------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One notebook run with one parameter set."""

    name: str  # file stem in the report: dashboard, indicator-gdp, data, or an extra page
    notebook: Path  # the source notebook (absolute)
    title_zh: str
    title_en: str
    parameters: dict[str, Any] = field(default_factory=dict)  # on top of the report's

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


@dataclass(frozen=True)
class Report:
    """The pages of one region and cut-off, and where they go."""

    params: Parameters
    destination: Path
    pages: tuple[Page, ...]
    data_dir: Path | None = None
    observations: tuple[Path, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.params.region} {self.params.year} {self.params.cutoff}"

    def parameters(self, page: Page) -> dict[str, Any]:
        """What papermill injects: plain values only (strings, numbers, lists, None)."""
        p = self.params
        return {"region": p.region, "year": p.year, "as_of": str(p.cutoff), "lang": p.lang,
                "data_dir": str(self.data_dir) if self.data_dir else None,
                "observations": [str(o) for o in self.observations], **page.parameters}


@dataclass(frozen=True)
class RenderSpec:
    """Regions × cut-offs × notebooks, checked before any kernel starts."""

    reports: tuple[Report, ...]
    jobs: int = 2
    timeout: int = CELL_TIMEOUT

    def validate(self) -> RenderSpec:
        if not self.reports:
            raise UsageError("nothing to render")
        seen: set[Path] = set()
        for report in self.reports:
            if report.destination in seen:
                raise UsageError(f"two reports would be written to {report.destination}")
            seen.add(report.destination)
            if not report.pages:
                raise UsageError(f"{report.label}: no pages to render")
            names = [page.name for page in report.pages]
            for name in names:
                _check_file_name("page", name)
            if len(set(names)) != len(names):
                raise UsageError(f"{report.label}: two pages are both called "
                                 f"{max(names, key=names.count)!r}")
            for page in report.pages:
                _check_notebook(page.notebook)
            _check_replaceable(report.destination)
            _check_writable(report.destination)
        if self.jobs < 1 or self.timeout < 1:
            raise UsageError("--jobs and --timeout must be at least 1")
        return self

    @property
    def n_pages(self) -> int:
        return sum(len(r.pages) for r in self.reports)


def suite_pages(params: Parameters, notebooks: Path = NOTEBOOKS,
                extra: Sequence[Path] = (), only: Sequence[str] | None = None) -> list[Page]:
    """The standard suite in reading order — dashboard, one page per headline indicator,
    data page (``only`` keeps the named ones) — then any extra notebooks."""
    catalog = params.data.catalog
    pages = [Page("dashboard", notebooks / "dashboard.ipynb", *TITLES["dashboard"])]
    pages += [Page(f"indicator-{i.code}", notebooks / "indicator.ipynb", i.name_zh, i.name_en,
                   {"indicator": i.code}) for i in catalog.headline()]
    pages.append(Page("data", notebooks / "data.ipynb", *TITLES["data"]))
    pages.append(Page("track-record", notebooks / "track_record.ipynb", *TITLES["track-record"]))
    if only:
        known = [p.name for p in pages]
        wanted = set()
        for name in only:
            matches = [k for k in known if k == name
                       or (name in ("indicator", "indicators") and k.startswith("indicator-"))]
            if not matches:
                raise UsageError(f"--only: no page {name!r}; pages: {', '.join(known)}, "
                                 "indicators")
            wanted.update(matches)
        pages = [p for p in pages if p.name in wanted]
    return pages + [Page(Path(e).stem, Path(e).resolve(), Path(e).stem, Path(e).stem)
                    for e in extra]


def destination(root: Path, params: Parameters) -> Path:
    """``<root>/<region>/<year>/<cut-off>``; English reports get ``-en`` so that the two
    languages never overwrite each other."""
    suffix = "" if params.lang == "zh" else f"-{params.lang}"
    _check_file_name("region code", params.region)
    return root / params.region / str(params.year) / f"{params.cutoff}{suffix}"


def build_spec(data: Dataset, regions: Sequence[str], year: int,
               cutoffs: Sequence[str | None], lang: str = "zh", out: Path | None = None,
               notebooks: Path = NOTEBOOKS, extra: Sequence[Path] = (),
               only: Sequence[str] | None = None, data_dir: Path | None = None,
               observations: Sequence[Path] = (), jobs: int | None = None,
               timeout: int = CELL_TIMEOUT) -> RenderSpec:
    """Check every parameter set with the notebooks' own check, then lay out the reports.
    With one report, ``out`` is its folder; with several, the folder they go under."""
    from xyforecast.report.pages import check_parameters

    reports = []
    combos = [(r, c) for r in dict.fromkeys(regions) for c in dict.fromkeys(cutoffs)]
    for region, cutoff in combos:
        params = check_parameters(region=region, year=year, as_of=cutoff, lang=lang, data=data)
        if out is not None and len(combos) == 1:
            folder = out
        else:
            folder = destination(out or Path("reports"), params)
        reports.append(Report(params, folder.resolve(),
                              tuple(suite_pages(params, notebooks, extra, only)),
                              data_dir.resolve() if data_dir else None,
                              tuple(Path(o).resolve() for o in observations)))
    # two cut-offs given as "latest" and its explicit period are one report
    unique = {r.destination: r for r in reports}
    n_jobs = jobs or default_jobs()
    return RenderSpec(tuple(unique.values()), n_jobs, timeout).validate()


def default_jobs() -> int:
    """One kernel per core, at most four: pages are CPU-bound (imports, models, charts)."""
    return max(1, min(os.cpu_count() or 1, 4))


def _check_notebook(path: Path) -> None:
    if not path.is_file():
        raise UsageError(f"notebook {path} does not exist")
    try:
        with path.open(encoding="utf-8") as handle:
            nb = json.load(handle)
    except (OSError, ValueError) as exc:
        raise UsageError(f"notebook {path} cannot be read: {exc}") from None
    if not isinstance(nb, dict) or "cells" not in nb:
        raise UsageError(f"{path} is not a Jupyter notebook")


RESERVED = ("index",)  # index.html is the report's own


def _check_file_name(kind: str, name: str) -> None:
    """Codes from a catalogue and notebook names become file and folder names: they must
    stay inside the report (a data folder's catalogue is the user's file too)."""
    if (not name or name in (".", "..") or any(c in name for c in "/\\\0")
            or (kind == "page" and name in RESERVED)):
        raise UsageError(f"{kind} {name!r} cannot name a file in the report"
                         + (f"; {', '.join(RESERVED)} is the report's own" if name in RESERVED
                            else ""))


def _check_replaceable(path: Path) -> None:
    """Never move or delete a folder the render did not write."""
    for folder in (path, _failed(path)):
        if folder.exists() and not (folder / MARKER).is_file() and (
                not folder.is_dir() or any(folder.iterdir())):
            raise UsageError(f"{folder} exists and is not an xyforecast report; choose a new "
                             "or empty folder with --out")


def _check_writable(path: Path) -> None:
    """The report goes next to its destination: the nearest existing folder above it must
    be one this process may write in. (Root may write where permissions say no; a path
    under a regular file or in /proc stops root too, when the folder is made: _prepare.)"""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise UsageError(f"cannot write the report to {path}: {folder} is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write the report to {path}: {folder} is not writable")


def _failed(path: Path) -> Path:
    return path.with_name(f"{path.name}.failed")


# --- running pages (in worker processes) -------------------------------------------------


@dataclass(frozen=True)
class Job:
    report: int
    page: Page
    output: Path  # the executed notebook, in the report's temporary folder
    parameters: dict[str, Any]
    title: str
    timeout: int
    lang: str = "zh"


@dataclass
class Outcome:
    job: Job
    ok: bool
    seconds: float
    error: str = ""  # "cell 5 (In [4]): ZeroDivisionError: division by zero"


def run_page(job: Job) -> Outcome:
    """Execute one notebook with papermill, then export it to HTML without code, also when
    it failed (the page then shows the error). The executed notebook is saved after every
    cell, so a page whose kernel died or timed out still shows how far it got."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    error = ""
    try:
        pm.execute_notebook(
            str(job.page.notebook), str(job.output), parameters=job.parameters,
            kernel_name=KERNEL, cwd=str(job.page.notebook.parent), progress_bar=False,
            log_output=False, request_save_on_cell_execute=True,
            execution_timeout=job.timeout, start_timeout=START_TIMEOUT,
            extra_arguments=QUIET_KERNEL, kernel_manager_class=kernel_manager_class())
    except PapermillExecutionError as exc:
        error = (f"{_failed_cell(job.page.notebook, job.output)} (In [{exc.exec_count}]) "
                 f"failed: {exc.ename}: {_one_line(exc.evalue)}")
    except Exception as exc:  # a kernel that died, timed out or never started: one line
        error = _stopped(job, exc)
    if job.output.exists():
        try:
            export_html(job.output, job.output.with_suffix(".html"), job.title, job.lang)
        except Exception as exc:
            error = error or f"HTML export: {exc.__class__.__name__}: {_one_line(str(exc))}"
    return Outcome(job, not error, time.perf_counter() - start, error)


def _stopped(job: Job, exc: Exception) -> str:
    """A page stopped by something other than an error in its code (a kernel that died, a
    cell over the time limit, a kernel that never started), in one line naming the cell;
    the cell is marked in the executed notebook so that the page says so too."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    if isinstance(exc, CellTimeoutError):
        ename, what = "TimeoutError", f"stopped after the time limit of {job.timeout} s (--timeout)"
    elif isinstance(exc, DeadKernelError):
        ename, what = "DeadKernelError", f"the kernel died while running it{kernel_exit()}"
    else:
        return f"{exc.__class__.__name__}: {_one_line(str(exc))}"
    where = _mark_running_cell(job, ename, what)
    return f"{where}: {what}" if where else f"{ename}: {what}"


def _mark_running_cell(job: Job, ename: str, what: str) -> str:
    """Add an error output to the cell that was running (the last code cell papermill
    started) and return where it is, as _failed_cell says it; "" if nothing ran."""
    import nbformat

    try:
        nb = nbformat.read(job.output, as_version=4)
    except (OSError, ValueError):
        return ""
    started = [c for c in nb.cells if c.cell_type == "code"
               and c.metadata.get("papermill", {}).get("start_time")]
    if not started:
        return ""
    cell = started[-1]
    cell.outputs.append(nbformat.v4.new_output("error", ename=ename, evalue=what,
                                               traceback=[f"{ename}: {what}"]))
    nbformat.write(nb, job.output)
    count = cell.get("execution_count")
    return _failed_cell(job.page.notebook, job.output) + (f" (In [{count}])" if count else "")


def _failed_cell(source: Path, executed: Path) -> str:
    """'cell 3 "check-parameters"': the failing cell's id and its position in the source
    notebook, the one its author edits (the executed copy has papermill's cells on top)."""
    try:
        cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
        original = [c.get("id") for c in json.loads(source.read_text(encoding="utf-8"))["cells"]]
    except (OSError, ValueError, KeyError):
        return "a cell"
    for n, cell in enumerate(cells, start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            cell_id = cell.get("id")
            where = original.index(cell_id) + 1 if cell_id in original else n
            return f"cell {where}" + (f' "{cell_id}"' if cell_id else "")
    return "a cell"


def _one_line(text: str, limit: int = 200) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


_exporter = None
# JupyterLab's page without MathJax: the pages have no formulas, and "$…$" in a data file's
# text must show as typed, not be typeset (and a page should not need a CDN to be read).
PAGE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
"""


def export_html(notebook: Path, target: Path, title: str, lang: str = "zh") -> Path:
    """The page without code: inputs, prompts and tagged cells (parameters, checks) left
    out; markdown, tables and charts kept."""
    global _exporter
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    if _exporter is None:
        _exporter = HTMLExporter(
            template_name="lab", template_file="xyforecast-page.html.j2",
            extra_loaders=[jinja2.DictLoader({"xyforecast-page.html.j2": PAGE_TEMPLATE})],
            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
        _exporter.register_preprocessor(
            TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_TAGS)), enabled=True)
    _exporter.language_code = lang
    nb = nbformat.read(notebook, as_version=4)
    body, _ = _exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    target.write_text(body, encoding="utf-8")
    return target


# --- the render --------------------------------------------------------------------------


@dataclass
class Result:
    """What happened to every page, and where each report ended up."""

    outcomes: list[Outcome]
    written: list[Path]  # reports moved into place
    failed: list[Path]  # folders holding a failed render
    problems: list[tuple[Path, str]] = field(default_factory=list)  # file, what went wrong

    @property
    def ok(self) -> bool:
        return not self.failed


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM stopped the render; ``written`` are the reports published (whole)
    before it, every other destination is as it was."""

    def __init__(self, signal_name: str, written: list[Path]):
        super().__init__(signal_name)
        self.signal_name = signal_name
        self.written = written


def render(spec: RenderSpec, command: str = "xyforecast render",
           progress: Callable[[str], None] | None = None,
           pool: Workers | None = None) -> Result:
    """Run every page of every report, continue past failures, then publish each complete
    report atomically; a report with a failed page goes to ``<destination>.failed/``.
    ``pool`` is a worker pool started earlier (see ``run_command``), else one is started."""
    say = progress or (lambda line: print(line, file=sys.stderr, flush=True))
    started = time.perf_counter()
    n = spec.n_pages
    where = _shown(spec.reports[0].destination) + ("" if len(spec.reports) == 1 else ", …")
    say(f"xyforecast render: {len(spec.reports)} report(s), {n} page(s), "
        f"{min(spec.jobs, n)} at a time -> {where}")
    written: list[Path] = []
    failed, all_problems = [], []
    try:
        # Unwinding on an interruption runs this stack backwards: workers and kernels are
        # stopped first, then the temporary folders are removed, then the locks released.
        with contextlib.ExitStack() as stack:
            stack.enter_context(_signals_as_interrupt())
            temps = [_prepare(stack, report.destination) for report in spec.reports]
            jobs = [Job(n_report, page, temps[n_report] / f"{page.name}.ipynb",
                        report.parameters(page), _page_title(report, page), spec.timeout,
                        report.params.lang)
                    for n_report, report in enumerate(spec.reports) for page in report.pages]
            if pool is None:
                pool = stack.enter_context(_pool(min(spec.jobs, len(jobs))))
            else:
                stack.push(_stop_on_error(pool))
            pool.submit(run_page, jobs)
            # the main process writes the summary and the workbook while kernels run
            extras = {n_report: write_extras(report, temps[n_report], command)
                      for n_report, report in enumerate(spec.reports)}
            outcomes: list[Outcome] = []
            for outcome in _outcomes(pool):
                outcomes.append(outcome)
                say(_progress_line(len(outcomes), n, spec.reports[outcome.job.report],
                                   outcome))
            for n_report, report in enumerate(spec.reports):
                _check_stop()
                mine = [o for o in outcomes if o.job.report == n_report]
                mine.sort(key=lambda o: [p.name for p in report.pages].index(o.job.page.name))
                problems = extras[n_report] + [(f"{o.job.page.name}.ipynb", o.error)
                                               for o in mine if not o.ok]
                save_chart(temps[n_report] / "dashboard.ipynb",
                           temps[n_report] / "dashboard.png")
                write_index(report, temps[n_report], mine,
                            [f"{name}: {message}" for name, message in problems], command)
                with _signals_deferred():  # a report is published whole or not at all
                    if problems:
                        folder = _publish(temps[n_report], _failed(report.destination))
                        failed.append(folder)
                        all_problems += [(folder / name, message) for name, message in problems]
                    else:
                        written.append(_publish(temps[n_report], report.destination))
                        _remove_report(_failed(report.destination))
            _check_stop()
    except KeyboardInterrupt:
        raise Interrupted(_signal_name(), written) from None
    say(f"xyforecast render: {n - sum(not o.ok for o in outcomes)}/{n} page(s) ok in "
        f"{time.perf_counter() - started:.1f} s")
    return Result(outcomes, written, failed, all_problems)


def _prepare(stack: contextlib.ExitStack, dest: Path) -> Path:
    """Lock the destination, clean up after a killed render, make the temporary folder;
    a folder that cannot be written stops the render before any kernel starts."""
    try:
        stack.enter_context(_lock(dest))
        _recover(dest)
        return stack.enter_context(_temporary_folder(dest))
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename and exc.filename != str(dest) else ""
        raise UsageError(f"cannot write the report to {dest}: "
                         f"{exc.strerror or exc.__class__.__name__}{where}") from None


def _stop_on_error(pool: Workers) -> Callable[..., bool]:
    def stop(exc_type: type | None, exc: BaseException | None, tb: Any) -> bool:
        if exc_type is not None:
            pool.stop()  # returns once the workers have exited, their kernels killed
        return False
    return stop


def _page_title(report: Report, page: Page) -> str:
    p = report.params
    region = p.data.catalog.region(p.region).name(p.lang)
    return f"{region} {p.year} · {page.title(p.lang)} · {p.cutoff}"


def _progress_line(done: int, total: int, report: Report, outcome: Outcome) -> str:
    state = "ok" if outcome.ok else f"FAILED {outcome.error}"
    return (f"  [{done}/{total}] {report.label} {outcome.job.page.name:<34} "
            f"{outcome.seconds:5.1f} s  {state}")


def _outcomes(pool: Workers) -> Iterator[Outcome]:
    """Outcomes in the order pages finish; a worker that broke (a bug) or died (killed, a
    crash in C code) fails its page, in one line, and the others go on."""
    for job, ok, value in pool.results():
        if ok:
            yield value
        elif isinstance(value, WorkerDied):
            yield Outcome(job, False, 0.0, f"{value}; its kernel stops with it")
        else:
            yield Outcome(job, False, 0.0, f"worker: {value.__class__.__name__}: "
                                           f"{_one_line(str(value))}")


@contextlib.contextmanager
def _pool(size: int, check: Callable[[], None] | None = None) -> Iterator[Workers]:
    """Worker processes for the pages (see workers.py), stopped with their kernels at the
    end, on an interruption too; waiting for them stops at an interruption (``check``)."""
    _prefer_this_environment()  # before the workers copy the environment
    with workers(size, check or _check_stop) as pool:
        yield pool


def _prefer_this_environment() -> None:
    """Kernel "python3" must be this environment's Python, not a user-wide kernelspec."""
    here = str(Path(sys.prefix) / "share" / "jupyter")
    paths = os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
    if here not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([here, *filter(None, paths)])


# --- interruptions (main process) ----------------------------------------------------------

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_stop: list[int] = []  # the signal that stopped the render, once one has
_defer = [False]  # publishing: a signal is noted, acted on once the report is in place


def _interrupt(signum: int, frame: Any) -> None:
    """The first SIGINT or SIGTERM unwinds like Ctrl-C; later ones are ignored, so that the
    clean-up (workers, kernels, temporary folders) is never cut short. The signal is also
    noted, so that an interruption swallowed somewhere (exceptions raised in a
    garbage-collector callback are) still stops the render at the next check."""
    if _stop:
        return
    _stop.append(signum)
    if not _defer[0]:
        raise KeyboardInterrupt


def _check_stop() -> None:
    if _stop:
        raise KeyboardInterrupt


def _signal_name() -> str:
    return signal.Signals(_stop[0]).name if _stop else "SIGINT"


@contextlib.contextmanager
def _signals_as_interrupt() -> Iterator[None]:
    """A scheduler stops a job with SIGTERM, a person with Ctrl-C: both unwind, so that
    temporary folders are removed and the previous report stays. A signal ignored by
    whoever started the render (``nohup``, ``cmd &`` in a script) stays ignored."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGTERM) is _interrupt):  # not main, or nested
        yield
        return
    _stop.clear()
    previous = {s: signal.getsignal(s) for s in STOP_SIGNALS}
    for s, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(s, _interrupt)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, signal.SIG_DFL if handler is None else handler)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Signals arriving meanwhile are acted on afterwards (renames are quick)."""
    _defer[0] = True
    try:
        yield
    finally:
        _defer[0] = False
    _check_stop()


@contextlib.contextmanager
def _lock(dest: Path):
    """One render per destination at a time (two cron runs overlapping)."""
    import fcntl

    dest.parent.mkdir(parents=True, exist_ok=True)
    with (dest.parent / f".{dest.name}.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(f"another render is writing {dest}; try again when it has "
                             "finished") from None
        yield


@contextlib.contextmanager
def _temporary_folder(dest: Path):
    """A folder next to the destination (same file system, so the final move is a rename);
    removed unless it was published."""
    temp = dest.parent / f".{dest.name}.partial-{os.getpid()}"
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir(parents=True)
    (temp / MARKER).write_text(json.dumps({"xyforecast_version": __version__}) + "\n")
    try:
        yield temp
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _recover(dest: Path) -> None:
    """Undo what a killed render (SIGKILL, power cut) may have left: a previous report
    moved aside but not yet replaced, and temporary folders of dead processes."""
    for leftover in dest.parent.glob(f".{dest.name}.partial-*"):
        if not _alive(leftover.name.rsplit("-", 1)[-1]):
            shutil.rmtree(leftover, ignore_errors=True)
    olds = sorted(dest.parent.glob(f".{dest.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not dest.exists():
        olds.pop().rename(dest)
    for old in olds:
        if not _alive(old.name.rsplit("-", 1)[-1]):
            shutil.rmtree(old, ignore_errors=True)


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return int(pid) != os.getpid()


def _publish(temp: Path, dest: Path) -> Path:
    """Swap the finished folder in: the previous one is moved aside, the new one renamed
    into place, the previous one removed. An interruption in between restores it."""
    old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
    if dest.exists():
        dest.rename(old)
    try:
        temp.rename(dest)
    except BaseException:
        if old.exists() and not dest.exists():
            old.rename(dest)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return dest


def _remove_report(path: Path) -> None:
    if (path / MARKER).is_file():
        shutil.rmtree(path, ignore_errors=True)


# --- summary, workbook, chart and index --------------------------------------------------


def write_extras(report: Report, folder: Path, command: str) -> list[tuple[str, str]]:
    """summary.json (validated) and dashboard.xlsx; problems as (file, what went wrong)."""
    from xyforecast.outputs.summary import build_summary, dumps, validate, with_run

    p = report.params
    try:
        summary = with_run(build_summary(p.data, p.region, p.year, p.cutoff), command)
        validate(summary)
        (folder / "summary.json").write_text(dumps(summary) + "\n", encoding="utf-8")
        write_workbook(summary, folder / "dashboard.xlsx", p.lang)
    except Exception as exc:
        return [("summary.json", f"{exc.__class__.__name__}: {_one_line(str(exc))}")]
    return []


def save_chart(notebook: Path, target: Path) -> Path | None:
    """The first chart of an executed notebook as a PNG file (the dashboard's small
    multiples, for e-mail and the README), taken from its outputs rather than redrawn."""
    import base64

    if not notebook.exists():
        return None
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                target.write_bytes(base64.b64decode("".join(png)))
                return target
    return None


NUMBER_COLUMNS = {  # summary field -> (中文, English) header of the numbers sheet
    "name": ("指标", "Indicator"), "target": ("目标", "Target"),
    "threshold": ("达标线(%)", "Met from (%)"), "latest_period": ("最新时期", "Latest period"),
    "latest_region": ("最新数据地区", "Latest figure of"),
    "latest_growth": ("最新累计增速(%)", "Latest YTD growth (%)"),
    "median": ("全年预测中位数(%)", "Projection median (%)"),
    "p10": ("80%区间下限(%)", "80% interval low (%)"),
    "p90": ("80%区间上限(%)", "80% interval high (%)"),
    "p025": ("95%区间下限(%)", "95% interval low (%)"),
    "p975": ("95%区间上限(%)", "95% interval high (%)"),
    "p_meet": ("达标概率", "P(meet target)"),
    "required": ("余下时期需增长(%)", "Needed in rest of year (%)"),
    "status": ("状态", "Status"), "method": ("方法", "Method"), "basis": ("依据", "Basis"),
}


def write_workbook(summary: dict[str, Any], path: Path, lang: str = "zh") -> Path:
    """The dashboard table as analysts forward it: a formatted sheet with Chinese headers
    (English with lang="en"), a sheet of plain numbers, and the rules."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from xyforecast.outputs.tables import STATUS_LABELS, forecast_table

    zh = lang == "zh"
    book = Workbook()
    sheet = book.active
    sheet.title = "总览" if zh else "Overview"
    name = summary[f"region_name_{lang}"]
    title = (f"{name}{summary['year']}年主要指标目标达成预测(数据截至{summary['as_of']})" if zh
             else f"{name} {summary['year']}: projections against the targets "
                  f"(data up to {summary['as_of']})")
    table = forecast_table(summary, lang)
    table[NUMBER_COLUMNS["basis"][0 if zh else 1]] = [
        i["basis_zh" if zh else "basis"] for i in summary["indicators"]]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    _append_table(sheet, list(table.columns), table.itertuples(index=False), Font, PatternFill)
    sheet.freeze_panes = "B4"
    for n, column in enumerate(table.columns, start=1):
        width = max([_width(str(column)), *(_width(str(v)) for v in table[column])])
        sheet.column_dimensions[get_column_letter(n)].width = min(max(width + 2, 8), 60)
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    rows = []
    for item in summary["indicators"]:
        target, latest = item["target"] or {}, item["latest"] or {}
        proj = item["projection"] or {}
        rows.append([item["name_zh"] if zh else item["name_en"],
                     target.get(f"label_{lang}"), target.get("threshold"),
                     latest.get("period"), latest.get("region"), latest.get("growth_pct"),
                     proj.get("median"), proj.get("p10"), proj.get("p90"), proj.get("p025"),
                     proj.get("p975"), item["p_meet_target"],
                     item["required_rest_growth_pct"],
                     STATUS_LABELS[item["status"]][0 if zh else 1], item["method"],
                     item["basis_zh" if zh else "basis"]])
    numbers = book.create_sheet("数值" if zh else "Numbers")
    headers = [h[0 if zh else 1] for h in NUMBER_COLUMNS.values()]
    _append_table(numbers, headers, rows, Font, PatternFill)
    numbers.freeze_panes = "B2"
    for n, header in enumerate(headers, start=1):
        numbers.column_dimensions[get_column_letter(n)].width = min(_width(header) + 4, 40)
    rules = book.create_sheet("规则" if zh else "Rules")
    for key, value in (("达标规则" if zh else "Met when", summary["rules"][f"met_{lang}"]),
                       ("状态规则" if zh else "Status", summary["rules"][f"status_{lang}"]),
                       ("数据截至" if zh else "Data up to", summary["as_of"]),
                       ("数据指纹" if zh else "Data fingerprint", summary["data_sha256"]),
                       ("版本" if zh else "Version", summary["xyforecast_version"]),
                       ("生成时间" if zh else "Generated",
                        summary.get("run", {}).get("generated_at", ""))):
        rules.append([key, value])
    rules.column_dimensions["A"].width = 14
    rules.column_dimensions["B"].width = 100
    _no_formulas(book)
    book.save(path)
    return path


def _no_formulas(book: Any) -> None:
    """openpyxl stores any text starting with "=" as a formula, and a name or a basis from
    a data file may start so: the workbook has no formulas, every such cell is text."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def _append_table(sheet, headers: list[str], rows, font, fill) -> None:
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = font(bold=True)
        cell.fill = fill("solid", fgColor="DDE7F3")
    for row in rows:
        sheet.append(list(row))


def _width(text: str) -> int:
    from xyforecast.outputs.tables import width

    return width(text)


INDEX_TEXT = {
    "title": ("{region}{year}年主要指标目标达成预测", "{region} {year}: will the targets be met?"),
    "cutoff": ("数据截至{cutoff}", "Data up to {cutoff}"),
    "pages": ("页面", "Pages"),
    "notebook": ("笔记本", "notebook"),
    "failed": ("失败", "failed"),
    "files": ("下载", "Downloads"),
    "summary": ("机器可读摘要 summary.json", "machine-readable summary.json"),
    "workbook": ("Excel 表(总览)dashboard.xlsx", "Excel workbook dashboard.xlsx"),
    "chart": ("总览图 dashboard.png", "dashboard chart dashboard.png"),
    "glance": ("总览", "At a glance"),
    "problems": ("本次生成有页面失败", "Some pages failed in this render"),
    "footer": ("生成于 {at} · xyforecast {version} · 数据指纹 {sha} · 命令:{command}",
               "Generated {at} · xyforecast {version} · data fingerprint {sha} · "
               "command: {command}"),
}


def write_index(report: Report, folder: Path, outcomes: Sequence[Outcome],
                problems: Sequence[str], command: str) -> Path:
    """index.html linking every page; every string from data or notebooks is escaped."""
    from xyforecast.outputs.tables import forecast_table

    p, lang = report.params, report.params.lang
    e = html.escape

    def say(key: str, **values: Any) -> str:
        zh, en = INDEX_TEXT[key]
        return (zh if lang == "zh" else en).format(**values)

    region = p.data.catalog.region(p.region).name(lang)
    items = []
    for outcome in outcomes:
        page = outcome.job.page
        state = "" if outcome.ok else (f' <span class="bad">{e(say("failed"))}: '
                                       f'{e(outcome.error)}</span>')
        items.append(f'<li><a href="{e(page.name)}.html">{e(page.title(lang))}</a> '
                     f'<small>(<a href="{e(page.name)}.ipynb">{e(say("notebook"))}</a>)'
                     f'</small>{state}</li>')
    glance = ""
    summary_path = folder / "summary.json"
    if summary_path.exists():
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        glance = (f"<h2>{e(say('glance'))}</h2>\n"
                  + forecast_table(summary, lang).to_html(index=False, border=0,
                                                          escape=True, classes="glance"))
    downloads = [(name, say(key)) for name, key in (("summary.json", "summary"),
                                                    ("dashboard.xlsx", "workbook"),
                                                    ("dashboard.png", "chart"))
                 if (folder / name).exists()]
    trouble = ""
    if problems:
        trouble = (f'<div class="bad"><strong>{e(say("problems"))}</strong><ul>'
                   + "".join(f"<li>{e(x)}</li>" for x in problems) + "</ul></div>")
    at = datetime.now(UTC).isoformat(timespec="seconds")
    document = f"""<!DOCTYPE html>
<html lang="{e(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(say("title", region=region, year=p.year))} · {e(str(p.cutoff))}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }}
h1 {{ font-size: 1.6em; margin-bottom: 0.2em; }}
.sub {{ color: #555; margin-top: 0; }}
li {{ margin: 0.3em 0; }}
.bad {{ color: #c62828; }}
table.glance {{ border-collapse: collapse; font-size: 0.9em; }}
table.glance th, table.glance td {{ border-bottom: 1px solid #ddd; padding: 0.3em 0.6em;
                                    text-align: left; }}
footer {{ margin-top: 2em; color: #777; font-size: 0.8em; }}
</style>
</head>
<body>
<h1>{e(say("title", region=region, year=p.year))}</h1>
<p class="sub">{e(say("cutoff", cutoff=p.cutoff.label(lang)))}</p>
{trouble}
<h2>{e(say("pages"))}</h2>
<ul>
{chr(10).join(items)}
</ul>
{glance}
<h2>{e(say("files"))}</h2>
<ul>
{chr(10).join(f'<li><a href="{e(name)}">{e(text)}</a></li>' for name, text in downloads)}
</ul>
<footer>{e(say("footer", at=at, version=__version__, sha=p.data.sha256[:12], command=command))}
</footer>
</body>
</html>
"""
    path = folder / "index.html"
    path.write_text(document, encoding="utf-8")
    return path


# --- the command -------------------------------------------------------------------------


def split_values(values: Sequence[str] | None) -> list[str]:
    """Repeated options and comma lists alike: --region a,b --region c -> [a, b, c]."""
    return [v.strip() for value in values or () for v in value.split(",") if v.strip()]


def run_command(args: argparse.Namespace) -> int:
    """``xyforecast render``: build and check the spec, render, report failures."""
    from xyforecast.i18n import check_lang
    from xyforecast.inputs.dataset import load

    lang = check_lang(args.lang)
    regions = split_values(args.region)
    cutoffs: list[str | None] = [None if c == "latest" else c
                                 for c in split_values(args.as_of)] or [None]
    # The workers start (a second of imports) while the data is read and the spec checked;
    # a bad parameter stops them at once.
    result = None
    try:
        with _signals_as_interrupt(), _pool(args.jobs or default_jobs()) as pool:
            data = load(args.data_dir, args.observations)
            notebooks = Path(args.notebooks).resolve() if args.notebooks else NOTEBOOKS
            spec = build_spec(data, regions, args.year, cutoffs, lang, args.out, notebooks,
                              args.extra_notebook, split_values(args.only) or None,
                              args.data_dir, args.observations, args.jobs, args.timeout)
            # Fail before any kernel starts when Chinese cannot be drawn, and leave a font
            # cache that lists the CJK font so that parallel kernels do not each rebuild it.
            from xyforecast.outputs.plots import use_chinese_font

            use_chinese_font()
            command = _command_line(regions, args.year, cutoffs, lang, args.out)
            result = render(spec, command, pool=pool)
    except KeyboardInterrupt as exc:
        if result is None:  # else only the shutdown of idle workers was cut short
            return _interrupted(exc)
    for path in result.written:
        print(f"wrote {_shown(path / 'index.html')}")
    if result.ok:
        return 0
    print(f"xyforecast: {len(result.problems)} problem(s); the previous report (if any) is "
          f"untouched, this render is kept in {', '.join(_shown(f) for f in result.failed)}",
          file=sys.stderr)
    for path, message in result.problems:
        print(f"  {_shown(path)}: {message}", file=sys.stderr)
    return 1


def _interrupted(exc: KeyboardInterrupt) -> int:
    """Exit status 130 and one line saying which signal and what is on disk."""
    written = exc.written if isinstance(exc, Interrupted) else []
    for path in written:
        print(f"wrote {_shown(path / 'index.html')}")
    name = exc.signal_name if isinstance(exc, Interrupted) else _signal_name()
    state = (f"{len(written)} report(s) were published whole before it, the others are "
             "untouched" if written else "nothing was published, the previous report (if any) "
                                         "is untouched")
    print(f"xyforecast: interrupted by {name}; {state}", file=sys.stderr)
    return 130


def _command_line(regions: Sequence[str], year: int, cutoffs: Sequence[str | None],
                  lang: str, out: Path | None) -> str:
    """The command as recorded in summary.json and index.html (what to run to redo it)."""
    parts = ["xyforecast", "render", "--region", ",".join(regions), "--year", str(year)]
    parts += [f"--as-of={c}" for c in cutoffs if c]
    parts += ["--lang", lang] if lang != "zh" else []
    parts += ["--out", str(out)] if out else []
    return " ".join(parts)


def _shown(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.relative_to(Path.cwd()))
    return str(path)


# --- refreshing the committed notebooks ----------------------------------------------------


def refresh_one(path: Path, timeout: int = CELL_TIMEOUT) -> str:
    """Re-execute a committed notebook in place with its default parameters. Returns "" or
    the problem; the file is written only when every cell ran without error or stderr."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
    nb.metadata.pop("papermill", None)
    client = NotebookClient(nb, timeout=timeout, startup_timeout=START_TIMEOUT,
                            kernel_name=KERNEL, record_timing=False,
                            extra_arguments=QUIET_KERNEL,
                            kernel_manager_class=kernel_manager_class(),
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        return f"{path.name}: {_one_line(str(exc).splitlines()[-1] if str(exc) else exc)}"
    noisy = [n for n, cell in enumerate(nb.cells, start=1) if cell.cell_type == "code"
             and any(o.get("name") == "stderr" for o in cell.outputs)]
    if noisy:
        return (f"{path.name}: cell(s) {', '.join(map(str, noisy))} wrote to stderr "
                "(warnings must not be stored); not written")
    nbformat.write(nb, path)
    return ""


def refresh_notebooks(folder: Path = NOTEBOOKS, jobs: int | None = None) -> int:
    paths = [folder / name for name in SUITE_NOTEBOOKS]
    started = time.perf_counter()
    with _pool(min(jobs or os.cpu_count() or 1, len(paths)), check=lambda: None) as pool:
        pool.submit(refresh_one, paths)
        problems = [value if ok else f"{path.name}: {value}"
                    for path, ok, value in pool.results() if value]
    for path in paths:
        print(f"{'FAILED' if any(p.startswith(path.name) for p in problems) else 'refreshed'} "
              f"{_shown(path)}")
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    print(f"{time.perf_counter() - started:.1f} s; review the changes with: git diff notebooks/")
    return 1 if problems else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m xyforecast.report.render",
        description="Re-execute the committed notebooks with their default parameters "
                    "(make notebooks). To render reports use: xyforecast render --help")
    parser.add_argument("--refresh-notebooks", action="store_true", required=True,
                        help="re-execute notebooks/*.ipynb in place, keeping their outputs")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args(argv)
    return refresh_notebooks(jobs=args.jobs)


if __name__ == "__main__":
    sys.exit(main())
