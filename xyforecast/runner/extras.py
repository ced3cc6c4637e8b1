"""The downloads beside the pages (``site/suite.toml``): the render's main process writes
them from the report's one Forecast while the pages run — summary.json and the workbook
— and, once the pages are done, those taken from a page: the dashboard's chart, and the Word
report, whose two charts are the dashboard page's pictures (drawn once, at print
resolution). Each writer is ``(output, path, lang)``; a failure is one problem line for its
file.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from xyforecast.runner import diskfull
from xyforecast.runner.execute import one_line
from xyforecast.site.spec import Report, file_stem
from xyforecast.site.suite import Download, suite

if TYPE_CHECKING:
    from xyforecast.forecast import Forecast
    from xyforecast.outputs.analysis import Analysis


@dataclass(frozen=True)
class Output:
    """What a download is written from: the report's Forecast read as the bureau's analysis
    (None when it could not be built), the command that made it (summary.json's run block),
    the report's folder (where the executed pages are) and the notebooks this render
    executed without error (a partial render carries older ones over: never taken from)."""

    analysis: Analysis | None
    command: str
    folder: Path
    executed: frozenset[str] = frozenset()


def write_extras(report: Report, folder: Path, command: str, forecast: Forecast
                 ) -> tuple[Output, list[tuple[str, str]]]:
    """Every download not taken from a page, in every language of the report; problems as
    (file, what went wrong)."""
    from xyforecast.outputs.analysis import Analysis

    try:
        output = Output(Analysis(forecast), command, folder)
    except Exception as exc:
        if diskfull.reason(exc):
            raise
        return Output(None, command, folder), [("summary.json", _error(exc))]
    return output, write_downloads(output, report.langs, after_pages=False)


def write_downloads(output: Output, langs: tuple[str, ...] | list[str], after_pages: bool
                    ) -> list[tuple[str, str]]:
    """The suite's downloads written now (``after_pages``: those taken from a page)."""
    problems = []
    for download in suite().downloads:
        if download.after_pages != after_pages:
            continue
        for lang in langs if download.per_language else langs[:1]:
            problems += _write(download, output, lang)
    return problems


def _write(download: Download, output: Output, lang: str) -> list[tuple[str, str]]:
    name = download.file(lang)
    try:
        download.write()(output, output.folder / name, lang)
    except Exception as exc:
        if diskfull.reason(exc):
            raise
        return [(name, _error(exc))]
    return []


def _error(exc: Exception) -> str:
    return f"{exc.__class__.__name__}: {one_line(str(exc))}"


def _analysis(output: Output) -> Analysis:
    if output.analysis is None:
        raise ValueError("no forecast")
    return output.analysis


# --- the writers suite.toml names ---------------------------------------------------------


def summary(output: Output, path: Path, lang: str) -> None:
    """summary.json, validated against its schema, with the run block."""
    from xyforecast.outputs.summary import dumps, validate, with_run

    data = with_run(_analysis(output).forecast.to_summary(), output.command)
    validate(data)
    path.write_text(dumps(data) + "\n", encoding="utf-8")


def workbook(output: Output, path: Path, lang: str) -> None:
    """The workbook in the bureau's layout (``outputs.workbook``)."""
    from xyforecast.outputs.workbook import write_workbook

    write_workbook(_analysis(output), path, lang)


def word(output: Output, path: Path, lang: str) -> None:
    """经济运行分析.docx (``outputs.word``), with the dashboard page's two charts."""
    from xyforecast.outputs.word import write_report

    write_report(_analysis(output), path, lang, charts=page_charts(output, lang))


# the dashboard notebook's cells (their ids) whose picture the Word report prints
WORD_CHARTS = {"charts": "dashboard", "movement": "movement"}


def _pictures(output: Output, lang: str) -> list[tuple[str, bytes]]:
    """(cell id, PNG) of each picture this render's dashboard page drew, in page order;
    none when the page did not run here (a partial render carries an older one over)."""
    name = f"{file_stem('dashboard', lang)}.ipynb"
    if name not in output.executed:
        return []
    cells = json.loads((output.folder / name).read_text(encoding="utf-8"))["cells"]
    return [(cell.get("id", ""), base64.b64decode("".join(item["data"]["image/png"])))
            for cell in cells for item in cell.get("outputs", [])
            if item.get("data", {}).get("image/png")]


def page_charts(output: Output, lang: str) -> dict[str, bytes]:
    """The Word report's charts as this render's dashboard page drew them (the same
    function of the same Forecast at the same resolution: the same bytes), so that each is
    drawn once; none when the page did not run here."""
    return {WORD_CHARTS[cell]: png for cell, png in _pictures(output, lang)
            if cell in WORD_CHARTS}


def dashboard_chart(output: Output, path: Path, lang: str) -> None:
    """The first chart of this render's dashboard page (its small multiples, for e-mail and
    the README), taken from its outputs rather than redrawn; nothing when it did not run
    here."""
    pictures = _pictures(output, lang)
    if pictures:
        path.write_bytes(pictures[0][1])
