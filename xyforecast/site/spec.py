"""What to render: regions × cut-offs × languages × notebooks, checked before any kernel starts.

After production papermill portfolios (Caltrans' cal-itp/data-analyses): a declarative
specification validated up front, so that a bad parameter stops the render at once, in one
line (``UsageError``, Chinese by default), without a traceback and without writing anything.

One report per region and cut-off, in ``reports/<region>/<year>/<cut-off>/``, holding its
pages in every language rendered: ``dashboard.html`` in Chinese, ``dashboard.en.html`` its
English twin (``index.html`` / ``index.en.html`` likewise).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xyforecast import config
from xyforecast.errors import UsageError
from xyforecast.i18n import Msg, Pair, t
from xyforecast.site.suite import file_stem as file_stem  # a page's file name
from xyforecast.site.suite import suite

if TYPE_CHECKING:
    from xyforecast.inputs.dataset import Dataset
    from xyforecast.request import Parameters

CELL_TIMEOUT = 600  # seconds per cell: a stuck kernel must not hang a scheduler forever
START_TIMEOUT = config.START_TIMEOUT
MARKER = ".xyforecast-report"  # only folders holding it are ever replaced or removed
RESERVED = ("index",)  # index.html is the report's own
WORD_STEM = suite().download("经济运行分析.docx").stem  # also what `report` writes


@dataclass(frozen=True)
class Page:
    """One notebook, run with one parameter set per language."""

    name: str  # dashboard, indicator-gdp, data, track-record, or an extra page's stem
    notebook: Path  # the source notebook (absolute)
    title: Pair
    parameters: dict[str, Any] = field(default_factory=dict)  # on top of the report's
    shared: str = ""  # the module whose shared() the page takes from the render's snapshot


@dataclass(frozen=True)
class Report:
    """The pages of one region and cut-off, the languages they are rendered in, and where
    they go. ``partial`` (``--only``): the existing report keeps its other pages."""

    params: Parameters
    destination: Path
    pages: tuple[Page, ...]
    langs: tuple[str, ...] = suite().languages
    data_dir: Path | None = None
    observations: tuple[Path, ...] = ()
    partial: bool = False

    @property
    def label(self) -> str:
        return f"{self.params.region} {self.params.year} {self.params.cutoff}"

    def parameters(self, page: Page, lang: str) -> dict[str, Any]:
        """What papermill injects: plain values only (strings, numbers, lists, None); the
        input files by name, never by path (the pages take their data from the render's
        snapshot)."""
        from xyforecast.runner.snapshot import public_inputs

        p = self.params
        return {"region": p.region, "year": p.year, "as_of": str(p.cutoff), "lang": lang,
                **public_inputs(self.data_dir, self.observations), **page.parameters}


@dataclass(frozen=True)
class RenderSpec:
    reports: tuple[Report, ...]
    jobs: int = 2
    timeout: int = CELL_TIMEOUT
    start_timeout: int = START_TIMEOUT

    def validate(self) -> RenderSpec:
        if not self.reports:
            raise UsageError(Msg.of("report.nothing_to_render"))
        if self.jobs < 1 or self.timeout < 1 or self.start_timeout < 1:
            raise UsageError(Msg.of("report.bad_jobs"))
        seen: set[Path] = set()
        for report in self.reports:
            if report.destination in seen:
                raise UsageError(Msg.of("report.same_destination", path=str(report.destination)))
            seen.add(report.destination)
            if not report.pages:
                raise UsageError(Msg.of("report.no_pages", report=report.label))
            names = [page.name for page in report.pages]
            for name in names:
                check_file_name("page", name)
            if len(set(names)) != len(names):
                raise UsageError(Msg.of("report.same_page", report=report.label,
                                        name=max(names, key=names.count)))
            for page in report.pages:
                _check_notebook(page.notebook)
            _check_replaceable(report.destination)
            _check_not_nested(report.destination)
            _check_writable(report.destination)
        return self

    @property
    def n_pages(self) -> int:
        return sum(len(r.pages) * len(r.langs) for r in self.reports)


def _has_peers(params: Parameters) -> bool:
    from xyforecast.engine.standing import has_peers

    return has_peers(params.view, params.region)


CONDITIONS = {"has_peers": _has_peers}  # a page's `when` in suite.toml


def suite_pages(params: Parameters, notebooks: Path, extra: Sequence[Path] = (),
                only: Sequence[str] | None = None) -> list[Page]:
    """The suite's pages in reading order (``suite.toml``; a per-indicator page once per
    headline indicator, a page whose condition the report does not meet left out; ``only``
    keeps the named ones), then any extra notebooks."""
    pages, families = [], {}
    for entry in suite().pages:
        if entry.when and not CONDITIONS[entry.when](params):
            continue
        if entry.per_indicator:  # "indicator" and "indicators" name every one of them
            families[entry.name] = families[f"{entry.name}s"] = f"{entry.name}-"
            pages += [Page(f"{entry.name}-{i.code}", notebooks / entry.notebook,
                           Pair(i.name_zh, i.name_en), {"indicator": i.code}, entry.shared)
                      for i in params.data.catalog.headline()]
        else:
            pages.append(Page(entry.name, notebooks / entry.notebook,
                              Pair(t(entry.title, "zh"), t(entry.title, "en")),
                              shared=entry.shared))
    if only:
        known = [p.name for p in pages]
        wanted = set()
        for name in only:
            matches = [k for k in known if k == name
                       or (name in families and k.startswith(families[name]))]
            if not matches:
                raise UsageError(Msg.of("report.unknown_page", name=name, known=known))
            wanted.update(matches)
        pages = [p for p in pages if p.name in wanted]
    return pages + [Page(Path(e).stem, Path(e).resolve(), Pair(Path(e).stem, Path(e).stem))
                    for e in extra]


def destination(root: Path, params: Parameters) -> Path:
    """``<root>/<region>/<year>/<cut-off>``."""
    check_file_name("region", params.region)
    return root / params.region / str(params.year) / str(params.cutoff)


def build_spec(data: Dataset, regions: Sequence[str], year: int,
               cutoffs: Sequence[str | None], langs: Sequence[str] | None = None,
               out: Path | None = None, notebooks: Path | None = None,
               extra: Sequence[Path] = (), only: Sequence[str] | None = None,
               data_dir: Path | None = None, observations: Sequence[Path] = (),
               jobs: int | None = None, timeout: int = CELL_TIMEOUT,
               start_timeout: int = START_TIMEOUT) -> RenderSpec:
    """Check every parameter set with the notebooks' own check, then lay out the reports.
    With one report, ``out`` is its folder; with several, the folder they go under."""
    from xyforecast.request import check_parameters

    notebooks = notebooks or config.notebooks_dir()
    langs = tuple(dict.fromkeys(langs or suite().languages))
    reports = []
    combos = [(r, c) for r in dict.fromkeys(regions) for c in dict.fromkeys(cutoffs)]
    for region, cutoff in combos:
        params = check_parameters(region=region, year=year, as_of=cutoff, lang=langs[0],
                                  data=data)
        if out is not None and len(combos) == 1:
            folder = out
        else:
            folder = destination(out or Path("reports"), params)
        reports.append(Report(params, folder.resolve(),
                              tuple(suite_pages(params, notebooks, extra, only)), langs,
                              data_dir.resolve() if data_dir else None,
                              tuple(Path(o).resolve() for o in observations), bool(only)))
    # two cut-offs given as "latest" and its explicit period are one report
    unique = {r.destination: r for r in reports}
    return RenderSpec(tuple(unique.values()), jobs or default_jobs(), timeout,
                      start_timeout).validate()


def default_jobs() -> int:
    """One kernel per core, at most four: pages are CPU-bound (imports, models, charts)."""
    return max(1, min(os.cpu_count() or 1, 4))


def check_file_name(kind: str, name: str) -> None:
    """Codes from a catalogue and notebook names become file and folder names: they must
    stay inside the report (a data folder's catalogue is the user's file too)."""
    what = Msg.of(f"report.kind_{kind}")
    if name in RESERVED:
        raise UsageError(Msg.of("report.reserved_name", kind=what, name=name,
                                reserved=list(RESERVED)))
    if not name or name in (".", "..") or any(c in name for c in "/\\\0"):
        raise UsageError(Msg.of("report.bad_file_name", kind=what, name=name))


def _check_notebook(path: Path) -> None:
    if not path.is_file():
        raise UsageError(Msg.of("report.no_notebook", path=str(path)))
    try:
        with path.open(encoding="utf-8") as handle:
            nb = json.load(handle)
    except (OSError, ValueError) as exc:
        raise UsageError(Msg.of("report.bad_notebook", path=str(path), error=str(exc))) from None
    if not isinstance(nb, dict) or "cells" not in nb:
        raise UsageError(Msg.of("report.not_notebook", path=str(path)))


def _check_replaceable(path: Path) -> None:
    """Never move or delete a folder the render did not write."""
    for folder in (path, failed_folder(path)):
        if folder.exists() and not (folder / MARKER).is_file() and (
                not folder.is_dir() or any(folder.iterdir())):
            raise UsageError(Msg.of("report.not_a_report", path=str(folder)))


def _check_not_nested(path: Path) -> None:
    """A report folder holds one report: none is written inside another (a later render of
    the outer one would replace it, and everything in it, as a whole), and none replaces a
    folder holding others."""
    for folder in path.parents:
        if (folder / MARKER).is_file():
            raise UsageError(Msg.of("report.inside_report", path=str(path), report=str(folder)))
    if (path / MARKER).is_file():
        inner = next((m.parent for m in path.glob(f"*/**/{MARKER}")), None)
        if inner is not None:
            raise UsageError(Msg.of("report.holds_reports", path=str(path), inner=str(inner)))


def _check_writable(path: Path) -> None:
    """The report goes next to its destination: the nearest existing folder above it must
    be one this process may write in. (Root may write where permissions say no; a path
    under a regular file or in /proc stops root too, when the folder is made.)"""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise UsageError(Msg.of("report.parent_is_file", path=str(path), folder=str(folder)))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(Msg.of("report.not_writable", path=str(path), folder=str(folder)))


def failed_folder(path: Path) -> Path:
    """Where a render with a failed page is kept for inspection."""
    return path.with_name(f"{path.name}.failed")
