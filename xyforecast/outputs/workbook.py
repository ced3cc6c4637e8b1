"""``dashboard.xlsx``: the figures as analysts compute with them and forward them.

The first sheet is in the bureau's layout (指标 | 本月 | 同比% | 累计 | 同比% | 目标 | 全年预测 |
80%区间 | 达标概率 | 状态 | 余下需增长), with the level targets against 序时进度 below it; then
the plain numbers of the summary, the projection release by release, the report's other
targets with their progress, and the rules. Every number is stored as a number with a number
format (one decimal, percent), never as text; statuses are coloured by conditional formatting
(so a status typed over stays coloured); names are Chinese (English with ``lang="en"``), never
codes.

The workbook holds no formulas: openpyxl stores any text starting with "=" as one, and a
name or a basis from a data file may start so; every such cell is made text. It holds no
time either (the report's run block in summary.json says when it was made): the same
summary gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from xyforecast.i18n import Pair, label, render, t
from xyforecast.outputs.tables import status_label, width
from xyforecast.periods import Period

if TYPE_CHECKING:
    from xyforecast.outputs.analysis import Analysis

HEADER_FILL = "DDE7F3"
ONE_DECIMAL, PERCENT = "0.0", "0%"
STATUS_FILLS = {"on_track": "C8E6C9", "at_risk": "FFE0B2", "off_track": "FFCDD2"}
# the numbers sheet: one column per summary field, headed by a label or a report message
NUMBER_COLUMNS = ("labels.indicator", "labels.target", "report.book_threshold",
                  "report.book_latest_period", "report.book_latest_region_name",
                  "report.book_latest_growth", "report.book_median", "report.book_p10",
                  "report.book_p90", "report.book_p025", "report.book_p975",
                  "report.book_p_meet", "report.book_required", "labels.status",
                  "labels.method", "labels.basis")
NUMBER_FORMATS = {5: ONE_DECIMAL, 6: ONE_DECIMAL, 7: ONE_DECIMAL, 8: ONE_DECIMAL,
                  9: ONE_DECIMAL, 10: ONE_DECIMAL, 11: PERCENT, 12: ONE_DECIMAL}


def write_workbook(summary: dict[str, Any], path: Path, lang: str, analysis: Analysis) -> Path:
    """The workbook of one report in ``lang``; ``summary`` carries the run block."""
    book = Workbook()
    _bureau_sheet(book.active, summary, lang, analysis)
    _numbers_sheet(book.create_sheet(t("report.book_numbers", lang)), summary, lang)
    _movement_sheet(book.create_sheet(t("report.book_movement", lang)), lang, analysis)
    others = analysis.other_targets(lang)
    sheet = book.create_sheet(t("report.book_others", lang))
    _table(sheet, list(others.columns), others.itertuples(index=False), start=1)
    _widths(sheet)
    _rules_sheet(book.create_sheet(t("report.book_rules", lang)), summary, lang)
    _no_formulas(book)
    _save(book, path)
    return path


def _bureau_sheet(sheet: Any, summary: dict[str, Any], lang: str, a: Analysis) -> None:
    sheet.title = t("report.book_overview", lang)
    name = a.region_name(lang)
    sheet.append([t("report.book_title", lang, region=name, year=summary["year"],
                    cutoff=a.cutoff.label(lang))])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    say = {k: t(f"report.book_col_{k}", lang) for k in
           ("month", "yoy", "ytd", "projection", "interval", "low", "high", "need")}
    top = [label("indicator", lang), say["month"], say["yoy"], say["ytd"], say["yoy"],
           label("target", lang), say["projection"], say["interval"], None,
           label("p_meet", lang), label("status", lang), say["need"]]
    sub = [None, "亿元", "%", "亿元", "%", None, "%", say["low"], say["high"], None, None, "%"]
    _header(sheet, top)
    _header(sheet, sub)
    for column, (head, under) in enumerate(zip(top, sub), start=1):
        if head is not None and under is None:
            sheet.merge_cells(start_row=3, end_row=4, start_column=column, end_column=column)
    sheet.merge_cells(start_row=3, end_row=3, start_column=8, end_column=9)
    formats = [None, ONE_DECIMAL, ONE_DECIMAL, ONE_DECIMAL, ONE_DECIMAL, None, ONE_DECIMAL,
               ONE_DECIMAL, ONE_DECIMAL, PERCENT, None, ONE_DECIMAL]
    first = sheet.max_row + 1
    for item in a.summary["indicators"]:
        sheet.append(_bureau_row(item, lang, a))
        for cell, number_format in zip(sheet[sheet.max_row], formats):
            if number_format:
                cell.number_format = number_format
    last = sheet.max_row
    _status_colours(sheet, f"K{first}:K{last}", lang)
    sheet.append([t("report.book_note", lang, region=name)])
    sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(wrap_text=False)
    sheet.freeze_panes = f"B{first}"
    _level_block(sheet, lang, a)
    _widths(sheet, minimum=9, skip_rows=(1, last + 1))


def _bureau_row(item: dict[str, Any], lang: str, a: Analysis) -> list[Any]:
    """One indicator in the bureau's columns: numbers, or None where unknown."""
    code, proj = item["indicator"], item["projection"] or {}
    month_level = month_growth = ytd_level = ytd_growth = None
    s = a.standings.get(code)
    if s is not None:
        ytd_growth = s.value
        levels = a.view.values(a.region, code, "level")
        ytd_level = levels.get(s.period)
        before = levels.get(Period(s.period.year, s.period.month - 1))
        if ytd_level is not None and before is not None:
            month_level = ytd_level - before
        month_growth = a.view.values(a.region, code, "month_growth_pct").get(s.period)
    need = item["required_rest_growth_pct_rule"]
    if need is None:
        need = item["required_rest_growth_pct"]
    target = item["target"]
    return [render(Pair(item["name_zh"], item["name_en"]), lang), month_level, month_growth,
            ytd_level, ytd_growth, target[f"label_{lang}"] if target else None,
            proj.get("median"), proj.get("p10"), proj.get("p90"), item["p_meet_target"],
            status_label(item["status"], lang), need]


def _level_block(sheet: Any, lang: str, a: Analysis) -> None:
    """Level targets (investment of 360亿元) against 序时进度, below the main table."""
    rows = []
    for item in a.summary["indicators"]:
        for target in a.level_targets(item["indicator"]):
            done = a.forecast.indicator(item["indicator"]).progress
            source = t("report.doc_elapsed", lang) if done else t("report.progress_none", lang)
            rows.append([a.name(item["indicator"], lang), target.label(lang),
                         done.period.label(lang) if done else None,
                         done.done if done else None, done.share_done if done else None,
                         done.elapsed if done else None, done.ahead_pp if done else None,
                         done.required_rest if done else None, source])
    if not rows:
        return
    sheet.append([])
    sheet.append([t("report.book_levels_h", lang)])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    headers = [label("indicator", lang), label("target", lang), label("period", lang)] + [
        t(f"report.book_level_{k}", lang) for k in ("done", "share", "expected", "ahead",
                                                   "rest", "source")]
    _header(sheet, headers)
    formats = [None, None, None, ONE_DECIMAL, PERCENT, PERCENT, ONE_DECIMAL, ONE_DECIMAL, None]
    for row in rows:
        sheet.append(row)
        for cell, number_format in zip(sheet[sheet.max_row], formats):
            if number_format:
                cell.number_format = number_format


def _numbers_sheet(sheet: Any, summary: dict[str, Any], lang: str) -> None:
    headers = [t(key, lang) for key in NUMBER_COLUMNS]
    _table(sheet, headers, (_numbers_row(i, lang) for i in summary["indicators"]), start=1,
           formats=NUMBER_FORMATS)
    sheet.freeze_panes = "B2"
    for n, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = min(width(header) + 4, 40)


def _numbers_row(item: dict[str, Any], lang: str) -> list[Any]:
    """Plain numbers as summary.json holds them, for analysts who compute with them."""
    target, latest = item["target"] or {}, item["latest"] or {}
    proj = item["projection"] or {}
    region = (render(Pair(latest["region_name_zh"], latest["region_name_en"]), lang)
              if latest else None)
    return [render(Pair(item["name_zh"], item["name_en"]), lang),
            target.get(f"label_{lang}"), target.get("threshold"),
            latest.get("period"), region, latest.get("growth_pct"),
            proj.get("median"), proj.get("p10"), proj.get("p90"), proj.get("p025"),
            proj.get("p975"), item["p_meet_target"], item["required_rest_growth_pct"],
            status_label(item["status"], lang), item[f"method_{lang}"],
            render(Pair(item["basis_zh"], item["basis"]), lang)]


def _movement_sheet(sheet: Any, lang: str, a: Analysis) -> None:
    """Every indicator's projection at each release of the year, with the news."""
    headers = [label("indicator", lang), t("report.doc_col_when", lang),
               t("report.book_median", lang), t("report.book_p10", lang),
               t("report.book_p90", lang), t("report.book_p_meet", lang),
               t("report.book_moved", lang), t("report.book_news", lang)]
    rows = []
    for code, steps in a.movement.items():
        for step in steps:
            q, news = step.projection.quantiles, step.news
            text = None if news is None else t(
                "report.book_news_text", lang, region=a.region_name(lang, news.figure.region),
                period=Period.parse(news.figure.period).label(lang), value=news.figure.value)
            rows.append([a.name(code, lang), step.cutoff.label(lang), _round(q["median"]),
                         _round(q["p10"]), _round(q["p90"]),
                         _round(step.projection.p_meet, 3), _round(step.moved), text])
    _table(sheet, headers, rows, start=1, formats={2: ONE_DECIMAL, 3: ONE_DECIMAL,
                                                   4: ONE_DECIMAL, 5: PERCENT, 6: ONE_DECIMAL})
    sheet.freeze_panes = "C2"
    _widths(sheet)


def _rules_sheet(sheet: Any, summary: dict[str, Any], lang: str) -> None:
    for key, value in ((label("rule", lang), summary["rules"][f"met_{lang}"]),
                       (t("report.book_status_rule", lang), summary["rules"][f"status_{lang}"]),
                       (label("cutoff", lang), summary["as_of"]),
                       (t("report.book_fingerprint", lang), summary["data_sha256"]),
                       (t("report.book_version", lang), summary["xyforecast_version"])):
        sheet.append([key, value])  # no time: summary.json's run block says when
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 100


def _round(value: float | None, digits: int = 2) -> float | None:
    """As summary.json stores a number: growth to two decimals, probabilities to three."""
    return None if value is None else round(float(value), digits)


PINNED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry holds


class _PinnedZip(zipfile.ZipFile):
    """A zip whose entries carry a fixed time instead of the time they were written (or,
    for the worksheets openpyxl writes through a temporary file, that file's time)."""

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kw: Any) -> None:
        self.writestr(str(arcname or Path(filename).name), Path(filename).read_bytes())

    def writestr(self, name: str | zipfile.ZipInfo, data: Any, *args: Any, **kw: Any) -> None:
        if not isinstance(name, zipfile.ZipInfo):
            info = zipfile.ZipInfo(name, date_time=PINNED_TIME)
            info.compress_type, info.external_attr = self.compression, 0o600 << 16
            name = info
        super().writestr(name, data, *args, **kw)


def pinned_zip(data: bytes) -> bytes:
    """The same zip archive with every entry's time pinned (a .docx python-docx wrote)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            _PinnedZip(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info))
    return out.getvalue()


def _save(book: Any, path: Path) -> None:
    """``book.save`` without the times openpyxl stamps on the document and on every entry."""
    book.properties.created = book.properties.modified = datetime(*PINNED_TIME)
    with _PinnedZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()


def _header(sheet: Any, headers: list[Any]) -> None:
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _table(sheet: Any, headers: list[str], rows: Any, start: int,
           formats: dict[int, str] | None = None) -> None:
    """Headers, then rows; ``formats``: number formats by column index (0-based)."""
    _header(sheet, headers)
    for row in rows:
        sheet.append(list(row))
        for index, number_format in (formats or {}).items():
            sheet.cell(row=sheet.max_row, column=index + 1).number_format = number_format


def _status_colours(sheet: Any, cells: str, lang: str) -> None:
    """Conditional formatting: each status its colour, also when typed over by hand."""
    for status, colour in STATUS_FILLS.items():
        text = status_label(status, lang).replace('"', '""')
        sheet.conditional_formatting.add(cells, CellIsRule(
            operator="equal", formula=[f'"{text}"'],
            fill=PatternFill("solid", fgColor=colour, bgColor=colour)))


def _widths(sheet: Any, minimum: int = 8, skip_rows: tuple[int, ...] = ()) -> None:
    """Column widths from the longest cell (CJK counts double), at most 60 characters."""
    widest: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None or cell.row in skip_rows:
                continue
            shown = f"{cell.value:.1f}" if isinstance(cell.value, float) else str(cell.value)
            widest[cell.column] = max(widest.get(cell.column, 0), width(shown))
    for column, cells in widest.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(cells + 2, minimum),
                                                                      60)


def _no_formulas(book: Any) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
