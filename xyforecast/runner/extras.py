"""What the render's main process writes beside the pages while they run: summary.json,
the workbook and the Word report, each formatting the report's one Forecast."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from xyforecast.runner import diskfull
from xyforecast.runner.execute import one_line
from xyforecast.site.spec import WORD_STEM, Report, file_stem

if TYPE_CHECKING:
    from xyforecast.forecast import Forecast


def write_extras(report: Report, folder: Path, command: str, forecast: Forecast
                 ) -> list[tuple[str, str]]:
    """summary.json (validated), the workbook and the Word report in every language, of the
    report's Forecast; problems as (file, what went wrong)."""
    from xyforecast.outputs.analysis import Analysis
    from xyforecast.outputs.summary import dumps, validate, with_run
    from xyforecast.outputs.workbook import write_workbook

    try:
        analysis = Analysis(forecast)
        summary = with_run(analysis.forecast.to_summary(), command)
        validate(summary)
        (folder / "summary.json").write_text(dumps(summary) + "\n", encoding="utf-8")
        for lang in report.langs:
            write_workbook(analysis, folder / f"{file_stem('dashboard', lang)}.xlsx", lang)
    except Exception as exc:
        if diskfull.reason(exc):
            raise
        return [("summary.json", f"{exc.__class__.__name__}: {one_line(str(exc))}")]
    return write_word(report, folder, analysis)


def write_word(report: Report, folder: Path, analysis) -> list[tuple[str, str]]:
    """经济运行分析.docx in every language (``outputs.word``)."""
    from xyforecast.outputs.word import write_report

    problems = []
    for lang in report.langs:
        name = f"{file_stem(WORD_STEM, lang)}.docx"
        try:
            write_report(analysis, folder / name, lang)
        except Exception as exc:
            problems.append((name, f"{exc.__class__.__name__}: {one_line(str(exc))}"))
    return problems
