"""``dashboard.xlsx``: the dashboard table as analysts forward it — a formatted sheet with
Chinese headers (English with ``lang="en"``), a sheet of plain numbers, and the rules.

The workbook holds no formulas: openpyxl stores any text starting with "=" as one, and a
name or a basis from a data file may start so; every such cell is made text. It holds no
time either (the report's run block in summary.json says when it was made): the same
summary gives the same bytes.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from xyforecast.i18n import Pair, label, render, t
from xyforecast.outputs.tables import forecast_table, status_label, width

# the numbers sheet: one column per summary field, headed by a label or a report message
NUMBER_COLUMNS = ("labels.indicator", "labels.target", "report.book_threshold",
                  "report.book_latest_period", "report.book_latest_region",
                  "report.book_latest_growth", "report.book_median", "report.book_p10",
                  "report.book_p90", "report.book_p025", "report.book_p975",
                  "report.book_p_meet", "report.book_required", "labels.status",
                  "labels.method", "labels.basis")
HEADER_FILL = "DDE7F3"


def write_workbook(summary: dict[str, Any], path: Path, lang: str = "zh") -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = t("report.book_overview", lang)
    name = render(Pair(summary["region_name_zh"], summary["region_name_en"]), lang)
    sheet.append([t("report.book_title", lang, region=name, year=summary["year"],
                    cutoff=summary["as_of"])])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    table = forecast_table(summary, lang)
    table[label("basis", lang)] = [_basis(i, lang) for i in summary["indicators"]]
    _append_table(sheet, list(table.columns), table.itertuples(index=False))
    sheet.freeze_panes = "B4"
    for n, column in enumerate(table.columns, start=1):
        cells = max([width(str(column)), *(width(str(v)) for v in table[column])])
        sheet.column_dimensions[get_column_letter(n)].width = min(max(cells + 2, 8), 60)
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    numbers = book.create_sheet(t("report.book_numbers", lang))
    headers = [t(key, lang) for key in NUMBER_COLUMNS]
    _append_table(numbers, headers, (_numbers_row(i, lang) for i in summary["indicators"]))
    numbers.freeze_panes = "B2"
    for n, header in enumerate(headers, start=1):
        numbers.column_dimensions[get_column_letter(n)].width = min(width(header) + 4, 40)

    rules = book.create_sheet(t("report.book_rules", lang))
    for key, value in ((label("rule", lang), summary["rules"][f"met_{lang}"]),
                       (t("report.book_status_rule", lang), summary["rules"][f"status_{lang}"]),
                       (label("cutoff", lang), summary["as_of"]),
                       (t("report.book_fingerprint", lang), summary["data_sha256"]),
                       (t("report.book_version", lang), summary["xyforecast_version"])):
        rules.append([key, value])
    rules.column_dimensions["A"].width = 14
    rules.column_dimensions["B"].width = 100
    _no_formulas(book)
    _save(book, path)
    return path


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


def _save(book: Any, path: Path) -> None:
    """``book.save`` without the times openpyxl stamps on the document and on every entry."""
    book.properties.created = book.properties.modified = datetime(*PINNED_TIME)
    with _PinnedZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()


def _basis(item: dict[str, Any], lang: str) -> str:
    return render(Pair(item["basis_zh"], item["basis"]), lang)


def _numbers_row(item: dict[str, Any], lang: str) -> list[Any]:
    """Plain numbers as summary.json holds them, for analysts who compute with them."""
    target, latest = item["target"] or {}, item["latest"] or {}
    proj = item["projection"] or {}
    return [render(Pair(item["name_zh"], item["name_en"]), lang),
            target.get(f"label_{lang}"), target.get("threshold"),
            latest.get("period"), latest.get("region"), latest.get("growth_pct"),
            proj.get("median"), proj.get("p10"), proj.get("p90"), proj.get("p025"),
            proj.get("p975"), item["p_meet_target"], item["required_rest_growth_pct"],
            status_label(item["status"], lang), item["method"], _basis(item, lang)]


def _append_table(sheet: Any, headers: list[str], rows: Any) -> None:
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    for row in rows:
        sheet.append(list(row))


def _no_formulas(book: Any) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
