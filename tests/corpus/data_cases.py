"""Corpus files of issues 17 and 19 on the data side: conflicts and revisions (``rev_``),
the bureau row's new measures and plausibility across months (``data_``), workbook parts
built to hurt the reader (``xml_``) and files ``import`` must write back faithfully
(``imp_``). Every figure is synthetic: sources read "synthetic test row", titles
"synthetic 合成测试数据". Used by ``make_corpus.py``; the expectations are in
``expected.json``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable

from openpyxl import Workbook

SRC = "synthetic test row"
HEADER = ["region", "indicator", "period", "measure", "value", "unit", "source", "note"]
VINTAGE = [*HEADER, "vintage"]
STAMP = (2025, 1, 1, 0, 0, 0)
SHEET = "xl/worksheets/sheet1.xml"


def _row(indicator="gdp", period="2025-09", measure="growth_pct", value="5.8", unit="%",
         source=SRC, note="", vintage=None, region="xingyang") -> list[str]:
    return [region, indicator, period, measure, value, unit, source, note,
            *([] if vintage is None else [vintage])]


def _csv(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def text() -> dict[str, bytes]:
    return {
        # conflicts and revisions: no name, order or digit decides
        "rev_trailing_zero_against_a_correction.csv": _csv([
            _row(value="5.50"), _row(value="5.9")]),
        "rev_rounded_and_cut_off_copies.csv": _csv([
            _row(value="5.5"), _row(value="5.50"),
            _row("gdp", "2025-09", "level", "12934", "亿元", region="zhengzhou"),
            _row("gdp", "2025-09", "level", "12934.7", "亿元", region="zhengzhou")]),
        "rev_half_a_unit_apart.csv": _csv([
            _row("industrial_value_added", value="3.5"),
            _row("industrial_value_added", value="4")]),
        "rev_release_dates.csv": _csv([
            _row(period="2025-06", value="5.6", vintage="2025-07-18"),
            _row(period="2025-06", value="5.2", vintage="2025年10月20日"),
            _row(value="5.4", vintage="2025-10-20")], header=VINTAGE),
        "rev_vintage_words.csv": _csv([
            _row(period="2024", value="5.1", vintage="初步核算"),
            _row(period="2024", value="5.3", vintage="最终核实"),
            _row(period="2024", value="5.2", vintage="初步核实")], header=VINTAGE),
        # the bureau row's new measures, and figures implausible beside each other
        "data_change_pp_gives_the_previous_growth.csv": _csv([
            _row(value="5.6"), _row(measure="change_pp", value="0.2", unit="百分点"),
            _row("retail_sales", value="6.2"),
            _row("retail_sales", measure="change_pp", value="-0.1", unit="个百分点")]),
        "data_change_pp_disagrees.csv": _csv([
            _row("industrial_value_added", "2025-08", value="10.5"),
            _row("industrial_value_added", value="10.8"),
            _row("industrial_value_added", measure="change_pp", value="0.5", unit="百分点")]),
        "data_change_pp_in_percent.csv": _csv([
            _row("retail_sales", measure="change_pp", value="0.3", unit="%")]),
        "data_level_falls.csv": _csv([
            _row("fixed_asset_investment", "2025-08", "level", "270.0", "亿元"),
            _row("fixed_asset_investment", "2025-09", "level", "265.3", "亿元")]),
        "data_month_level_above_year_to_date.csv": _csv([
            _row("retail_sales", measure="level", value="210.4", unit="亿元"),
            _row("retail_sales", measure="month_level", value="250", unit="亿元")]),
        "data_month_level_in_wan_yuan_as_yi.csv": _csv([
            _row("public_budget_revenue", measure="level", value="30.5", unit="亿元"),
            _row("public_budget_revenue", measure="month_level", value="0.0021", unit="亿元")]),
        "data_month_level_of_a_share.csv": _csv([
            _row("rd_intensity", measure="month_level", value="2.1")]),
        "data_target_level_zero.csv": _csv([
            _row("fixed_asset_investment", "2025", "target_level", "0", "亿元")]),
        # what import writes back: text a spreadsheet would run, a note grown by 万元→亿元
        "imp_formula_like_text.csv": _csv([
            _row(source='=HYPERLINK("http://example.invalid","synthetic")',
                 note="+cmd|' /C calc'!A0"),
            _row("retail_sales", value="-0.3", source="@SUM(1+1) synthetic", note="-2+3")]),
        "imp_note_grown_by_the_unit.csv": _csv([
            _row("fixed_asset_investment", measure="level", value="2653000", unit="万元",
                 note="说明" * 16_380)]),
    }


# ---------------------------------------------------------------- workbooks


def _tidy(xlsx: Callable[[Workbook], bytes]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "observations"
    sheet.append(HEADER)
    sheet.append(["xingyang", "gdp", "2025-09", "growth_pct", 5.8, "%", SRC, "ENTITY-HERE"])
    return xlsx(book)


def _rewrite(raw: bytes, part: str, change: Callable[[bytes], bytes],
             extra: dict[str, bytes] | None = None) -> bytes:
    """A saved workbook with one part rewritten (and parts added), entries dated as the
    corpus's: the shapes Excel would never write."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, change(data) if item.filename == part else data)
        for name, data in (extra or {}).items():
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return out.getvalue()


_ENTITIES = (b'<!DOCTYPE worksheet [<!ENTITY e0 "' + b"x" * 300 + b'">'
             b'<!ENTITY e1 "' + b"&e0;" * 10 + b'"><!ENTITY e2 "' + b"&e1;" * 10 + b'">]>')


def _doctype(encoding: str) -> Callable[[Callable], bytes]:
    """A document type declaring entities after 5 KB of comment, its entity in a note."""
    def make(xlsx: Callable[[Workbook], bytes]) -> bytes:
        def change(data: bytes) -> bytes:
            data = data.replace(b"ENTITY-HERE", b"&e2;")
            text = (b'<?xml version="1.0" encoding="' + encoding.encode() + b'"?><!--'
                    + b" " * 5000 + b"-->" + _ENTITIES + data)
            return text if encoding == "UTF-8" else text.decode().encode("utf-16")
        return _rewrite(_tidy(xlsx), SHEET, change)
    return make


def _utf16_part(xlsx: Callable[[Workbook], bytes]) -> bytes:
    """A valid sheet part in UTF-16, as its declaration says."""
    def change(data: bytes) -> bytes:
        data = data.replace(b"ENTITY-HERE", b"")
        return ('<?xml version="1.0" encoding="UTF-16"?>' + data.decode()).encode("utf-16")
    return _rewrite(_tidy(xlsx), SHEET, change)


def _strings_beyond_cells(xlsx: Callable[[Workbook], bytes]) -> bytes:
    """More empty shared strings (1,500,001) than a file may hold cells: 15 KB packed."""
    types = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
             'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    strings = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + b"<si/>" * 1_500_001 + b"</sst>")
    return _rewrite(_tidy(xlsx), "[Content_Types].xml",
                    lambda data: data.replace(b"</Types>", types.encode()),
                    {"xl/sharedStrings.xml": strings})


def _long_title(xlsx: Callable[[Workbook], bytes]) -> bytes:
    """A bureau table whose title fills a cell: its figures' sources would not fit one."""
    book = Workbook()
    sheet = book.active
    sheet.title = "1-9月"
    sheet.append(["荥阳市2025年1-9月主要经济指标（synthetic 合成测试数据）" + "长" * 32_700])
    sheet.append(["指标名称", "单位", "1-9月累计", "同比增长(%)"])
    sheet.append(["地区生产总值", "亿元", 580.2, 5.9])
    return xlsx(book)


BINARY: dict[str, Callable[[Callable[[Workbook], bytes]], bytes]] = {
    "xml_doctype_after_4kb.xlsx": _doctype("UTF-8"),
    "xml_doctype_in_a_utf16_part.xlsx": _doctype("UTF-16"),
    "xml_utf16_part.xlsx": _utf16_part,
    "xml_shared_strings_beyond_the_cells.xlsx": _strings_beyond_cells,
    "imp_title_filling_a_cell.xlsx": _long_title,
}
