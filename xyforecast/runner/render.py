"""Render reports: every page of every report, past failures, each report published whole.

``render(spec)`` runs the pages in worker processes (``pool``, ``execute``), a few reports
at a time, while the main process writes ``summary.json`` and the workbooks; as soon as a
report's pages are done (``_complete``) it carries over the pages
of the existing report when only some were asked for (``publish.keep_previous``), writes
the manifest, the dashboard chart, the index in every language and the navigation bar of
every page (``index``), and swaps the folder into place — or into ``<cut-off>.failed/`` when
a page failed — and lets go of its lock and temporary folder, so that a group of a thousand
regions never holds a thousand of them. SIGINT and SIGTERM unwind it cleanly
(``interrupts``).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from xyforecast.i18n import LANGS, Msg, t
from xyforecast.runner import diskfull, interrupts, publish, reaper, scratch, snapshot
from xyforecast.runner.execute import Job, Outcome, how_it_ended, one_line, run_page
from xyforecast.runner.extras import Output, write_downloads, write_extras
from xyforecast.runner.pool import ProcessExpired, server_lost, start_pool, stop_pool
from xyforecast.site import index
from xyforecast.site.spec import RenderSpec, Report, failed_folder, file_stem

if TYPE_CHECKING:
    from xyforecast.forecast import Forecast, Memo

WAIT = 0.1  # seconds between checks for an interruption while pages run


@dataclass
class Result:
    """What happened to every page, and where each report ended up."""

    outcomes: list[Outcome]
    written: list[Path]  # reports moved into place
    failed: list[Path]  # folders holding a failed render
    problems: list[tuple[Path, str]] = field(default_factory=list)  # file, what went wrong
    skipped: list[Path] = field(default_factory=list)  # unchanged (--skip-unchanged)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.problems


@dataclass
class _InFlight:
    """A report whose pages run: its lock and temporary folder (``stack``), its pages'
    outcomes so far and what the main process wrote beside them."""

    stack: contextlib.ExitStack
    temp: Path
    left: int
    extras: list[tuple[str, str]] = field(default_factory=list)
    output: Output | None = None  # what the downloads are written from
    outcomes: list[Outcome] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)


def render(spec: RenderSpec, command: str = "xyforecast render",
           progress: Callable[[str], None] | None = None, pool=None,
           skip_unchanged: bool = False) -> Result:
    """Run every page of every report and publish each report atomically as soon as its
    pages are done, so that a group of a thousand regions holds only the reports in
    progress. ``pool`` is a worker pool started earlier (``workers``), else one is started
    here. Every page works from the data the spec was built with (``snapshot``); a full
    disk raises DiskFull once everything is cleaned up. ``skip_unchanged``: a report whose
    published copy was made from the same inputs, code and parameters is left as it is."""
    say = progress or (lambda line: print(line, file=sys.stderr, flush=True))
    started = time.perf_counter()
    scratch.sweep()  # what a render killed outright left in the temporary folder
    n = spec.n_pages
    where = shown(spec.reports[0].destination) + ("" if len(spec.reports) == 1 else ", …")
    say(t("cli.render_start", reports=len(spec.reports), pages=n, jobs=min(spec.jobs, n),
          where=where))
    result = Result([], [], [])
    flight: dict[int, _InFlight] = {}
    try:
        # Unwinding runs this stack backwards: workers and kernels are stopped first, then
        # the reports in progress let go of (temporary folders removed, locks released).
        with contextlib.ExitStack() as stack:
            stack.enter_context(interrupts.as_interrupt())
            pins = _pin_data(stack, spec)
            memos = _memos(spec)
            stack.callback(lambda: [f.stack.close() for f in flight.values()])
            if pool is None:
                pool = stack.enter_context(workers(min(spec.jobs, n)))
            else:  # started by the caller, who stops it; on an interruption, at once
                stack.push(lambda kind, *_: pool.stop() if kind else None)
            futures: dict = {}
            queue = list(enumerate(spec.reports))
            window = 2 * spec.jobs  # pages scheduled ahead of the workers
            while queue or futures:
                while queue and (not futures or len(futures) < window):
                    k, report = queue.pop(0)
                    began = _begin(k, report, spec, pool, pins[k], memos[k], command,
                                   skip_unchanged,
                                   first=not result.outcomes and not futures, result=result,
                                   say=say)
                    if began is not None:
                        flight[k], scheduled = began
                        futures.update(scheduled)
                if not futures:
                    break
                for outcome in _outcomes(futures, until_one=True):
                    report = spec.reports[outcome.job.report]
                    if outcome.disk_full:
                        raise diskfull.DiskFull(report.destination, outcome.disk_full)
                    outcome = snapshot.verified(outcome, report.params.data.sha256)
                    result.outcomes.append(outcome)
                    say(_progress_line(len(result.outcomes), n, report, outcome))
                    mine = flight[outcome.job.report]
                    mine.outcomes.append(outcome)
                    mine.left -= 1
                    if not mine.left:
                        _complete(report, flight.pop(outcome.job.report), result, say,
                                  len(spec.reports))
            interrupts.check()
    except KeyboardInterrupt:
        for report in spec.reports:  # the workers are gone now: nothing writes any more
            publish.discard_own(report.destination)
        raise interrupts.Interrupted(interrupts.signal_name(), result.written) from None
    done = len(result.outcomes)
    say(t("cli.render_done", ok=done - sum(not o.ok for o in result.outcomes), pages=done,
          seconds=f"{time.perf_counter() - started:.1f}"))
    if len(spec.reports) > 1:
        say(t("report.render_reports", published=len(result.written),
              skipped=len(result.skipped), failed=len(result.failed), total=len(spec.reports)))
    return result


def _begin(k: int, report: Report, spec: RenderSpec, pool, pin: Path, memo: Memo,
           command: str, skip_unchanged: bool, first: bool, result: Result, say
           ) -> tuple[_InFlight, dict] | None:
    """Lock the report's destination, make its temporary folder, build its Forecast (once:
    the pages format it), schedule its pages and write its summary and workbooks while they
    run; None when it is skipped as unchanged or cannot be written (the first report: the
    render stops, before any kernel ran)."""
    from xyforecast.errors import UsageError
    from xyforecast.runner.fingerprint import key

    fingerprint = key(report)
    if skip_unchanged and publish.unchanged(report.destination, fingerprint):
        result.skipped.append(report.destination)
        say(t("report.render_unchanged", report=report.label,
              path=shown(report.destination)))
        return None
    forecast, problem = _build(report, memo)  # before the lock: it takes a second or two
    stack = contextlib.ExitStack()
    try:
        temp = publish.prepare(stack, report.destination, fingerprint)
    except UsageError as exc:
        stack.close()
        if first:
            raise
        result.problems.append((report.destination, str(exc)))
        say(t("report.render_not_started", report=report.label, error=str(exc)))
        return None
    try:
        with diskfull.writing(Path(tempfile.gettempdir())):  # the pages' snapshot: data and it
            pages_pin = snapshot.pin_forecast(pin, k, forecast) if forecast else pin
    except BaseException:
        stack.close()
        raise
    if forecast:  # its pages are the only readers: gone with the report, not the render
        stack.callback(pages_pin.unlink, missing_ok=True)
    jobs = [Job(k, page, lang, temp / f"{file_stem(page.name, lang)}.ipynb",
                report.parameters(page, lang), page_title(report, page, lang), spec.timeout,
                pages_pin, spec.start_timeout)
            for page in report.pages for lang in report.langs]
    mine = _InFlight(stack, temp, len(jobs), output=Output(None, command, temp))
    scheduled = {pool.schedule(run_page, args=(job,)): job for job in jobs}
    try:
        # while the kernels run; a signal waits for the files to be closed (an open zip
        # cut short prints a traceback from its finaliser)
        with diskfull.writing(report.destination), interrupts.deferred():
            mine.output, mine.extras = write_extras(report, temp, command, forecast) \
                if forecast else (Output(None, command, temp), [("summary.json", problem)])
    except BaseException:
        stack.close()
        raise
    return mine, scheduled


def _complete(report: Report, mine: _InFlight, result: Result, say, reports: int) -> None:
    """Every page of ``report`` is done: finish it, publish it (or keep it in
    ``<cut-off>.failed/``), let go of its lock and temporary folder, and say so."""
    problems = mine.extras + [(o.job.output.name, o.error) for o in mine.outcomes
                              if not o.ok]
    interrupts.check()
    with diskfull.writing(report.destination):
        finish(report, mine.temp, mine.outcomes, [f"{name}: {msg}" for name, msg in problems],
               mine.output or Output(None, "", mine.temp))
    refused: list[tuple[Path, str]] = []
    with interrupts.deferred():  # a report is published whole or not at all
        failed = failed_folder(report.destination)
        if not problems:
            try:
                result.written.append(publish.publish(mine.temp, report.destination))
                publish.remove_report(failed)
            except publish.Refused as exc:  # a file open in another program
                refused = [(report.destination, str(exc.message))]
        if problems or refused:
            with contextlib.suppress(publish.Refused):
                result.failed.append(publish.publish(mine.temp, failed))
            result.problems += [(failed / name, msg) for name, msg in problems] + refused
    mine.stack.close()
    state = (t("report.render_kept", path=shown(failed)) if problems or refused
             else t("report.render_published", path=shown(report.destination)))
    say(t("report.render_report", done=len(result.written) + len(result.failed)
          + len(result.skipped), total=reports, report=report.label, state=state,
          seconds=f"{time.perf_counter() - mine.started:.1f}"))


def _memos(spec: RenderSpec) -> list[Memo]:
    """One memo per data set and year, shared by the reports' builds: each (region,
    indicator, cut-off) is projected once in the render — a sibling's report reuses the
    projection another report's comparison made — and never in a kernel."""
    from xyforecast.forecast import Memo

    memos: dict[tuple[int, int], Memo] = {}
    for report in spec.reports:
        p = report.params
        if (id(p.data), p.year) not in memos:
            headline = {(r.params.region, i.code, r.params.cutoff) for r in spec.reports
                        if r.params.data is p.data and r.params.year == p.year
                        for i in p.data.catalog.headline()}
            memos[id(p.data), p.year] = Memo(p.data, p.year, headline)
    return [memos[id(r.params.data), r.params.year] for r in spec.reports]


def _build(report: Report, memo: Memo) -> tuple[Forecast | None, str]:
    """The report's Forecast, built as a page opened by hand builds it (``opening``), or
    what went wrong (its pages then build it themselves, and say it)."""
    from xyforecast.forecast import Forecast

    p = report.params
    try:
        return Forecast.build(p.data, p.region, p.year, p.cutoff, memo=memo), ""
    except Exception as exc:
        if diskfull.reason(exc):
            raise
        return None, f"{exc.__class__.__name__}: {one_line(str(exc))}"


def _pin_data(stack: contextlib.ExitStack, spec: RenderSpec) -> list[Path]:
    """The snapshot each report's pages work from: one per data set (normally one for the
    whole render), with what the pages share (the track record's tables: computed here
    once, not once per page and language), removed with the render."""
    pins: dict[int, Path] = {}
    shared = snapshot.shared(p.shared for r in spec.reports for p in r.pages)  # once
    for report in spec.reports:
        data = report.params.data
        if id(data) not in pins:
            with diskfull.writing(Path(tempfile.gettempdir())):
                pins[id(data)] = stack.enter_context(snapshot.pinned(
                    data, snapshot.public_inputs(report.data_dir, report.observations),
                    shared))
    return [pins[id(report.params.data)] for report in spec.reports]


@contextlib.contextmanager
def workers(size: int) -> Iterator:
    """Worker processes for the pages, stopped (with their kernels) at the end, on an
    interruption too, and then any process a page left running (``reaper``). Kernel
    connection files go to a folder removed afterwards."""
    _prefer_this_environment()  # before the workers copy the environment
    previous = os.environ.get("JUPYTER_RUNTIME_DIR")
    with reaper.ending_strays(), \
            scratch.folder("kernels") as runtime:
        os.environ["JUPYTER_RUNTIME_DIR"] = str(runtime)
        pool = start_pool(size, runtime)
        try:
            yield pool
        finally:
            stop_pool(pool, runtime)
            if previous is None:
                os.environ.pop("JUPYTER_RUNTIME_DIR", None)
            else:
                os.environ["JUPYTER_RUNTIME_DIR"] = previous


def _prefer_this_environment() -> None:
    """Kernel "python3" must be this environment's Python, not a user-wide kernelspec."""
    here = str(Path(sys.prefix) / "share" / "jupyter")
    paths = os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
    if here not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([here, *filter(None, paths)])


def _outcomes(futures: dict, until_one: bool = False) -> Iterator[Outcome]:
    """Outcomes in the order pages finish, each future removed from ``futures`` once done
    (``until_one``: return after the first batch that finished); a worker that broke (a bug)
    or died (killed, a crash in C code) fails its page, in one line, and the others go
    on."""
    while futures:
        interrupts.check()
        done, _ = concurrent.futures.wait(set(futures), timeout=WAIT,
                                          return_when=concurrent.futures.FIRST_COMPLETED)
        for future in done:
            job = futures.pop(future)
            try:
                yield future.result()
            except ProcessExpired as exc:
                why = Msg.of("report.server_lost") if server_lost() else Msg.of(
                    "report.worker_died", how=how_it_ended(exc.exitcode, kernel=False))
                yield Outcome(job, False, 0.0, why.render(job.lang))
            except Exception as exc:
                yield Outcome(job, False, 0.0, Msg.of(
                    "report.worker_error",
                    error=f"{exc.__class__.__name__}: {one_line(str(exc))}").render(job.lang))
        if until_one and done:
            return


def _progress_line(done: int, total: int, report: Report, outcome: Outcome) -> str:
    state = t("cli.render_page_ok") if outcome.ok else t("cli.render_page_failed",
                                                           error=outcome.error)
    return (f"  [{done}/{total}] {report.label} {outcome.job.output.stem:<34} "
            f"{outcome.seconds:5.1f} s  {state}")


def page_title(report: Report, page, lang: str) -> str:
    p = report.params
    return Msg.of("report.page_title", region=p.data.catalog.region(p.region).name(lang),
                  year=p.year, title=page.title, cutoff=str(p.cutoff)).render(lang)


def finish(report: Report, folder: Path, outcomes: list[Outcome], problems: list[str],
           output: Output) -> None:
    """Everything but the pages: the other pages kept (``--only``), the manifest, the
    downloads taken from a page, the index in every language, the navigation of every
    page."""
    p = report.params
    order = [page.name for page in report.pages]
    new = []
    for page in report.pages:
        done = sorted((o for o in outcomes if o.job.page.name == page.name),  # not in the
                      key=lambda o: report.langs.index(o.job.lang))  # order pages finished
        langs = {o.job.lang: {"ok": o.ok, "error": o.error,
                              "data_sha256": o.data_sha256[0] if o.data_sha256 else None}
                 for o in done}
        new.append({"name": page.name, "title": {"zh": page.title.zh, "en": page.title.en},
                    "langs": langs})
    new.sort(key=lambda entry: order.index(entry["name"]))
    pages = new
    if report.partial:
        publish.keep_previous(folder, report.destination)
        pages = index.merge(index.read_manifest(report.destination), new)
    index.write_manifest(folder, pages)
    langs = [lang for lang in LANGS if any(lang in page["langs"] for page in pages)]
    executed = frozenset(o.job.output.name for o in outcomes if o.ok)
    problems = problems + [f"{name}: {msg}" for name, msg in
                           write_downloads(replace(output, executed=executed), langs,
                                           after_pages=True)]
    for lang in langs:
        index.write_index(folder, lang, pages, region=p.data.catalog.region(p.region).name(lang),
                          year=p.year, cutoff=str(p.cutoff), cutoff_label=p.cutoff.label(lang),
                          data_sha256=p.data.sha256, problems=problems)
    index.navigate(folder, pages)


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside."""
    with contextlib.suppress(ValueError):
        return str(path.relative_to(Path.cwd()))
    return str(path)
