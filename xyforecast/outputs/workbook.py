"""``dashboard.xlsx``: the figures as analysts compute with them and forward them.

The first sheet is in the bureau's layout (指标 | 本月 | 同比% | 累计 | 同比% | 增速比上期 | 目标 |
全年预测 | 80%区间 | 达标概率 | 状态 | 余下时期需增长), the level targets against 序时进度 below;
then the plain numbers, the projection release by release, the other targets, the rules and
bases. It formats one ``Forecast`` (through its ``Analysis``), as the Word report and the pages
do. Numbers are numbers with a number format, never text; statuses are coloured by conditional
formatting; names, never codes; the catalogue's text in full-width punctuation in Chinese.
Every sheet prints: A4 landscape, fitted to the width, header rows repeated, table ruled.

No formulas (a name from a data file starting with "=" is made text) and no time (summary.json's
run block says when): the same forecast gives the same bytes.
"""

from __future__ import annotations

import io
import math
import zipfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.writer.excel import ExcelWriter

from xyforecast import __version__
from xyforecast.i18n import amount, method_label
from xyforecast.i18n import label as _label
from xyforecast.i18n.report import typeset, typeset_render, typeset_t
from xyforecast.outputs.tables import status_label, width
from xyforecast.periods import Period

if TYPE_CHECKING:
    from xyforecast.forecast import IndicatorForecast
    from xyforecast.outputs.analysis import Analysis

HEADER_FILL = "DDE7F3"
ONE_DECIMAL, PERCENT, SHARE = "0.0", "0%", "0.0%"
STATUS_FILLS = {"on_track": "C8E6C9", "at_risk": "FFE0B2", "off_track": "FFCDD2"}
THIN = Side(style="thin", color="808080")
RULED = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
RULES_WIDTH = 100  # characters: the rules sheet's text column


t = typeset_t  # a title, a note, a header: full-width punctuation in Chinese


def label(key: str, lang: str) -> str:
    return typeset(_label(key, lang), lang)


render = typeset_render  # a catalogue sentence (a basis, a rule) as the Word report has it


def write_workbook(analysis: Analysis, path: Path, lang: str) -> Path:
    """The workbook of one report in ``lang``."""
    book = Workbook()
    _bureau_sheet(book.active, lang, analysis)
    _numbers_sheet(book.create_sheet(t("report.book_numbers", lang)), lang, analysis)
    _movement_sheet(book.create_sheet(t("report.book_movement", lang)), lang, analysis)
    _others_sheet(book.create_sheet(t("report.book_others", lang)), lang, analysis)
    _rules_sheet(book.create_sheet(t("report.book_rules", lang)), lang, analysis)
    _no_formulas(book)
    _save(book, path)
    return path


def _bureau_sheet(sheet: Any, lang: str, a: Analysis) -> None:
    sheet.title = t("report.book_overview", lang)
    name = a.region_name(lang)
    sheet.append([t("report.book_title", lang, region=name, year=a.forecast.year,
                    cutoff=a.cutoff.label(lang))])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    say = {k: t(f"report.book_col_{k}", lang) for k in
           ("month", "yoy", "ytd", "change", "projection", "interval", "low", "high", "need")}
    unit = amount(1.0, a.data.catalog.indicator(a.forecast.indicators[0].code).unit,
                  lang)[1].strip() if a.forecast.indicators else ""
    top = [label("indicator", lang), say["month"], say["yoy"], say["ytd"], say["yoy"],
           say["change"], label("target", lang), say["projection"], say["interval"], None,
           label("p_meet", lang), label("status", lang), say["need"]]
    sub = [None, unit, "%", unit, "%", t("report.book_points", lang), None, "%", say["low"],
           say["high"], None, None, "%"]
    _header(sheet, top)
    _header(sheet, sub)
    for column, (head, under) in enumerate(zip(top, sub), start=1):
        if head is not None and under is None:
            sheet.merge_cells(start_row=3, end_row=4, start_column=column, end_column=column)
    sheet.merge_cells(start_row=3, end_row=3, start_column=9, end_column=10)
    formats = [None, ONE_DECIMAL, ONE_DECIMAL, ONE_DECIMAL, ONE_DECIMAL, ONE_DECIMAL, None,
               ONE_DECIMAL, ONE_DECIMAL, ONE_DECIMAL, PERCENT, None, ONE_DECIMAL]
    first = sheet.max_row + 1
    for item in a.forecast.indicators:
        sheet.append(_bureau_row(item, lang, a))
        for cell, number_format in zip(sheet[sheet.max_row], formats):
            cell.border = RULED
            if number_format:
                cell.number_format = number_format
    last = sheet.max_row
    _status_colours(sheet, f"L{first}:L{last}", lang)
    sheet.append([t("report.book_note", lang, region=name)])
    sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(wrap_text=False)
    sheet.freeze_panes = f"B{first}"
    _level_block(sheet, lang, a)
    _widths(sheet, minimum=9, skip_rows=(1, last + 1))
    _print(sheet, "3:4")


def _bureau_row(item: IndicatorForecast, lang: str, a: Analysis) -> list[Any]:
    """One indicator in the bureau's columns: the region's own row of its table (本月 as the
    table gives it, else the difference of two cumulative levels), then the forecast."""
    s, p = item.standing, item.projection
    unit = a.data.catalog.indicator(item.code).unit
    month_level = month_growth = ytd_level = ytd_growth = change = None
    if s is not None:
        ytd_growth, ytd_level, change = s.value, s.level, s.change
        month_growth, month_level = s.month_growth_pct, s.month_level
        if month_level is None and ytd_level is not None and s.previous is not None:
            before = a.data.values(a.region, item.code, "level").get(s.previous[0])
            month_level = None if before is None else ytd_level - before
    q = p.quantiles
    return [item.name.render(lang), _amount(month_level, unit, lang), _round(month_growth),
            _amount(ytd_level, unit, lang), _round(ytd_growth), _round(change),
            p.target.label(lang) if p.target else None, _round(q["median"]),
            _round(q["p10"]), _round(q["p90"]), _round(p.p_meet, 3),
            status_label(item.status, lang), _round(item.required.stated)]


def _amount(value: float | None, unit: str, lang: str) -> float | None:
    """A level in the unit the reader counts (亿元; billions of yuan in English)."""
    return None if value is None else _round(amount(value, unit, lang)[0], 4)


def _level_block(sheet: Any, lang: str, a: Analysis) -> None:
    """Level targets (investment of 360亿元) against 序时进度 (months gone of twelve), and the
    usual share by then where levels tell it, below the main table."""
    rows = []
    for item in a.forecast.indicators:
        target, done = item.level_target, item.progress
        if target is None:
            continue
        if done is None:
            rows.append([a.name(item.code, lang), target.label(lang),  # under 时期
                         t("report.progress_none", lang)])
            continue
        seasonal = done.seasonal
        rows.append([a.name(item.code, lang), target.label(lang), done.period.label(lang),
                     _amount(done.done, target.unit, lang), done.share_done, done.elapsed,
                     done.ahead_pp, seasonal.value if seasonal else None,
                     done.ahead_seasonal_pp, _amount(done.required_rest, target.unit, lang),
                     render(seasonal.source, lang) if seasonal else None])
    if not rows:
        return
    sheet.append([])
    sheet.append([t("report.book_levels_h", lang)])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    headers = [label("indicator", lang), label("target", lang), label("period", lang)] + [
        t(f"report.book_level_{k}", lang) for k in ("done", "share", "expected", "ahead",
                                                   "seasonal", "ahead_seasonal", "rest",
                                                   "source")]
    _header(sheet, headers)
    formats = [None, None, None, ONE_DECIMAL, SHARE, SHARE, ONE_DECIMAL, SHARE, ONE_DECIMAL,
               ONE_DECIMAL, None]
    for row in rows:
        sheet.append(row)
        for cell, number_format in zip(sheet[sheet.max_row], formats):
            cell.border = RULED
            if number_format:
                cell.number_format = number_format


def _numbers_sheet(sheet: Any, lang: str, a: Analysis) -> None:
    """Plain numbers, two decimals, for analysts who compute with them."""
    headers = [label("indicator", lang), label("target", lang),
               t("report.book_threshold", lang), t("report.book_latest_period", lang),
               t("report.book_latest_region", lang), t("report.book_latest_growth", lang),
               t("report.book_median", lang), t("report.book_p10", lang),
               t("report.book_p90", lang), t("report.book_p025", lang),
               t("report.book_p975", lang), t("report.book_p_meet", lang),
               t("report.book_required", lang), t("report.book_required_threshold", lang),
               label("status", lang), label("method", lang)]
    rows = []
    for item in a.forecast.indicators:
        p, target, latest = item.projection, item.target, item.projection.latest
        q = p.quantiles
        rows.append([item.name.render(lang), target.label(lang) if target else None,
                     _round(target.threshold) if target else None,
                     Period.parse(latest.period).label(lang) if latest else None,
                     a.region_name(lang, latest.region) if latest else None,
                     _round(latest.growth_pct) if latest else None,
                     *(_round(q[k]) for k in ("median", "p10", "p90", "p025", "p975")),
                     _round(p.p_meet, 3), _round(item.required.stated),
                     _round(item.required.threshold), status_label(item.status, lang),
                     typeset(method_label(p.method, lang), lang)])
    _table(sheet, headers, rows, formats={k: ONE_DECIMAL for k in (2, 5, 6, 7, 8, 9, 10, 12,
                                                                   13)} | {11: PERCENT})
    sheet.freeze_panes = "B2"
    _widths(sheet, skip_rows=(1,))
    _print(sheet, "1:1")


def _movement_sheet(sheet: Any, lang: str, a: Analysis) -> None:
    """Every indicator's projection at each release of the year, with the news (or the
    change of basis)."""
    from xyforecast.outputs.analysis import growth

    headers = [label("indicator", lang), t("report.doc_col_when", lang),
               t("report.book_median", lang), t("report.book_p10", lang),
               t("report.book_p90", lang), t("report.book_p_meet", lang),
               t("report.book_moved", lang), t("report.book_news", lang)]
    rows = []
    for item in a.forecast.indicators:
        before = None
        for step in item.movement:
            q, news = step.projection.quantiles, step.news
            switched = a.switched(before, step)
            text = (t("report.news_basis_change", lang, region=a.region_name(lang))
                    if switched else None if news is None else t(
                        "report.book_news_text", lang,
                        region=a.region_name(lang, news.figure.region),
                        period=Period.parse(news.figure.period).label(lang),
                        growth=growth(news.figure.value, lang)))
            rows.append([a.name(item.code, lang), step.cutoff.label(lang), _round(q["median"]),
                         _round(q["p10"]), _round(q["p90"]), _round(step.projection.p_meet, 3),
                         None if switched else _round(step.moved), text])
            before = step
    _table(sheet, headers, rows, formats={2: ONE_DECIMAL, 3: ONE_DECIMAL, 4: ONE_DECIMAL,
                                          5: PERCENT, 6: ONE_DECIMAL})
    sheet.freeze_panes = "C2"
    _widths(sheet, skip_rows=(1,))
    _print(sheet, "1:1")


def _others_sheet(sheet: Any, lang: str, a: Analysis) -> None:
    from xyforecast.outputs.progress import other_targets_table

    others = other_targets_table(a.forecast.other_targets, a.data.catalog, lang)
    _table(sheet, list(others.columns), others.itertuples(index=False))
    _widths(sheet)
    _print(sheet, "1:1")


def _rules_sheet(sheet: Any, lang: str, a: Analysis) -> None:
    """The rules, the basis of each projection, and the data it rests on."""
    from xyforecast.outputs.summary import MET_RULE, STATUS_RULE

    rows = [(label("rule", lang), render(MET_RULE, lang)),
            (t("report.book_status_rule", lang), render(STATUS_RULE, lang)),
            (label("cutoff", lang), a.cutoff.label(lang))]
    rows += [(t("report.book_basis_of", lang, name=item.name.render(lang)),
              render(item.projection.basis, lang)) for item in a.forecast.indicators]
    rows += [(t("report.book_fingerprint", lang), a.data.sha256),
             (t("report.book_version", lang), __version__)]
    for key, value in rows:  # no time: summary.json's run block says when
        sheet.append([key, value])
        for cell in sheet[sheet.max_row]:
            cell.border = RULED
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        # as tall as its wrapped text: LibreOffice and WPS print a row at its stored height
        lines = math.ceil(width(str(value)) / (RULES_WIDTH - 4))
        if lines > 1:
            sheet.row_dimensions[sheet.max_row].height = 17 * lines + 3
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = RULES_WIDTH
    _print(sheet, None)


def _print(sheet: Any, titles: str | None) -> None:
    """A4 landscape, fitted to the width of the page, header rows on every page."""
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.print_options.horizontalCentered = True
    if titles:
        sheet.print_title_rows = titles


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
    """A header row: its own cells filled and ruled, not the empty ones beyond it (a block
    below a wider table)."""
    sheet.append(headers)
    for cell in sheet[sheet.max_row][:len(headers)]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = RULED


def _table(sheet: Any, headers: list[str], rows: Any,
           formats: dict[int, str] | None = None) -> None:
    """Headers, then ruled rows; ``formats``: number formats by column index (0-based)."""
    _header(sheet, headers)
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            cell.border = RULED
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
    """Column widths from the longest cell (CJK counts double), at most 40 characters (a
    longer text wraps); headers wrap to the width their column's figures need, on two
    lines at most, and the rows in ``skip_rows`` (a title, a note) run across the columns."""
    widest: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            header = cell.fill.fgColor.rgb == f"00{HEADER_FILL}"
            if cell.value is None or cell.row in skip_rows:
                continue
            if header:  # on two lines at most (a merged one spans its columns)
                if cell.coordinate not in sheet.merged_cells:
                    half = math.ceil(width(str(cell.value)) / 2)
                    widest[cell.column] = max(widest.get(cell.column, 0), half)
                continue
            shown = f"{cell.value:.1f}" if isinstance(cell.value, float) else str(cell.value)
            widest[cell.column] = max(widest.get(cell.column, 0), width(shown))
    for column, cells in widest.items():
        wide = min(max(cells + 2, minimum), 40)
        sheet.column_dimensions[get_column_letter(column)].width = wide
        if cells + 2 > 40:
            for (cell,) in sheet.iter_rows(min_col=column, max_col=column):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows():  # a header row as tall as its longest wrapped header
        lines = [math.ceil(width(str(c.value)) / max(_width(sheet, c.column) - 1, 1))
                 for c in row if c.value is not None and
                 c.fill.fgColor.rgb == f"00{HEADER_FILL}"]
        if lines and max(lines) > 1:
            sheet.row_dimensions[row[0].row].height = 15 * max(lines)


def _width(sheet: Any, column: int) -> float:
    dimension = sheet.column_dimensions.get(get_column_letter(column))
    return dimension.width if dimension is not None and dimension.width else 8.43


def _no_formulas(book: Any) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
