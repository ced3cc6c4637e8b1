"""Corpus workbooks of the bureau's own tables (统计月报) and of workbooks built to hurt the
reader (a far corner cell, an over-long cell, a part that unpacks to 50 MB, error and control
characters). Every figure here is synthetic: titles say "synthetic 合成测试数据", sources
"synthetic test row". Used by ``make_corpus.py``; the expectations are in ``expected.json``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.styles import Font

SYNTHETIC = "（synthetic 合成测试数据）"
HEADER = ["指标名称", "单位", "本月", "1-9月累计", "同比增长(%)", "比1-8月提高/回落(百分点)"]
ROWS_09 = [
    ["地区生产总值", "亿元", None, 580.2, 5.9, None],
    ["规上工业增加值", "%", None, None, 10.8, 0.3],
    ["固定资产投资", "亿元", 30.1, 265.3, 8.5, -0.2],
    ["社会消费品零售总额", "亿元", 25.1, 210.4, 6.2, 0.1],
    ["一般公共预算收入", "亿元", 2.1, 30.5, 2.3, None],
]


def bulletin_sheet(book: Workbook, title: str, months: str, rows: list[list],
                   header: list[str] | None = None, first: bool = False):
    """One month's table as a bureau lays it out: a merged title, the header, the rows."""
    sheet = book.active if first else book.create_sheet()
    sheet.title = months
    sheet.append([title + SYNTHETIC])
    sheet.merge_cells("A1:F1")
    sheet["A1"].font = Font(bold=True)
    sheet.append(header or [h.replace("1-9月", months).replace("1-8月", _before(months))
                            for h in HEADER])
    for r in rows:
        sheet.append(r)
    return sheet


def _before(months: str) -> str:
    last = int(months.split("-")[1].rstrip("月"))
    return f"1-{last - 1}月"


def one_sheet_per_month(xlsx: Callable[[Workbook], bytes]) -> bytes:
    book = Workbook()
    june = [["地区生产总值", "亿元", None, 381.0, 5.6, None],
            ["规上工业增加值", "%", None, None, 10.2, -0.1],
            ["固定资产投资", "亿元", 31.0, 170.2, 8.1, 0.2]]
    bulletin_sheet(book, "荥阳市2025年1-6月主要经济指标", "1-6月", june, first=True)
    sheet = bulletin_sheet(book, "荥阳市2025年1-9月主要经济指标", "1-9月", ROWS_09)
    sheet.append([])
    sheet.append(["注：1.本表为快报数。2.规上工业增加值按可比价计算。"])
    return xlsx(book)


def month_groups(xlsx: Callable[[Workbook], bytes]) -> bytes:
    """Months as column groups under a two-row header: 2025年1-8月 and 2025年1-9月, each
    with 累计 and 同比增长%."""
    book = Workbook()
    sheet = book.active
    sheet.title = "主要指标"
    sheet.append(["荥阳市主要经济指标" + SYNTHETIC])
    sheet.append(["指标", "单位", "2025年1-8月", None, "2025年1-9月", None])
    sheet.append([None, None, "累计", "同比增长%", "累计", "同比增长%"])
    for r in (["规模以上工业增加值", "%", None, 10.5, None, 10.8],
              ["社零", "亿元", 185.3, 6.1, 210.4, 6.2],
              ["固投", "亿元", 235.2, 8.7, 265.3, 8.5]):
        sheet.append(r)
    for cells in ("A2:A3", "B2:B3", "C2:D2", "E2:F2", "A1:F1"):
        sheet.merge_cells(cells)
    return xlsx(book)


def wan_yuan_unit_line(xlsx: Callable[[Workbook], bytes]) -> bytes:
    """No unit column: a line 单位：万元 above the table; levels converted to 亿元."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["荥阳市2025年9月统计月报" + SYNTHETIC])
    sheet.append(["单位：万元"])
    sheet.append(["项目", "1-9月累计", "增长%"])
    sheet.append(["社会消费品零售总额", 2104000, 6.2])
    sheet.append(["一般公共预算收入", 305000, 2.3])
    return xlsx(book)


def bulletin(rows: list[list], title: str = "荥阳市2025年1-9月主要经济指标",
             header: list[str] | None = None) -> Callable[[Callable], bytes]:
    def make(xlsx: Callable[[Workbook], bytes]) -> bytes:
        book = Workbook()
        bulletin_sheet(book, title, "1-9月", rows, header, first=True)
        return xlsx(book)
    return make


def two_sheets_differ(xlsx: Callable[[Workbook], bytes]) -> bytes:
    book = Workbook()
    bulletin_sheet(book, "荥阳市2025年1-9月主要经济指标", "1-9月", ROWS_09[:1], first=True)
    second = bulletin_sheet(book, "荥阳市2025年1-9月主要经济指标（修订）", "1-9月",
                            [["地区生产总值", "亿元", None, 580.2, 6.1, None]])
    second.title = "修订"
    return xlsx(book)


def title_merged_into_header(xlsx: Callable[[Workbook], bytes]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "1-9月"
    sheet.append(["荥阳市2025年1-9月主要经济指标" + SYNTHETIC])
    sheet.append([None, "单位", "1-9月累计", "同比增长(%)"])
    sheet.append(["地区生产总值", "亿元", 580.2, 5.9])
    sheet.merge_cells("A1:A2")  # the title reaches down into the header row
    return xlsx(book)


def far_corner_cell(xlsx: Callable[[Workbook], bytes]) -> bytes:
    """A valid table and one formatted, empty cell at the sheet's last cell, XFD1048576:
    openpyxl's normal mode would create every cell up to it."""
    book = Workbook()
    bulletin_sheet(book, "荥阳市2025年1-9月主要经济指标", "1-9月", ROWS_09[:2], first=True)
    book.active["XFD1048576"].font = Font(bold=True)
    return xlsx(book)


def with_note(xlsx: Callable[[Workbook], bytes], note: bytes) -> bytes:
    """A valid row whose note is ``note``, written into the sheet's XML after saving:
    openpyxl cuts a cell at Excel's 32,767 characters, a hand-made file does not."""
    book = Workbook()
    sheet = book.active
    sheet.title = "observations"
    sheet.append(["region", "indicator", "period", "measure", "value", "unit", "source", "note"])
    sheet.append(["xingyang", "gdp", "2025-09", "growth_pct", 5.8, "%", "synthetic test row",
                  "NOTE-PLACEHOLDER"])
    return edit(xlsx(book), "xl/worksheets/sheet1.xml", {b"NOTE-PLACEHOLDER": note})


def edit(raw: bytes, part: str, changes: dict[bytes, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                for old, new in changes.items():
                    data = data.replace(old, new)
            target.writestr(item, data)
    return out.getvalue()


def long_cell(xlsx: Callable[[Workbook], bytes]) -> bytes:
    return with_note(xlsx, b"long " * 8_000)  # 40,000 characters


def huge_part(xlsx: Callable[[Workbook], bytes]) -> bytes:
    """A note of 50 million characters: 50 KB packed, 50 MB unpacked."""
    return with_note(xlsx, b"x" * 50_000_000)


def error_cell_source(xlsx: Callable[[Workbook], bytes]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "observations"
    sheet.append(["region", "indicator", "period", "measure", "value", "unit", "source"])
    sheet.append(["xingyang", "gdp", "2025-09", "growth_pct", 5.8, "%", "#REF!"])
    return xlsx(book)


def control_characters(xlsx: Callable[[Workbook], bytes]) -> bytes:
    """ESC and a bell in cells, as Excel stores them (_x001B_): openpyxl will not write them,
    so the shared strings are edited after saving."""
    book = Workbook()
    sheet = book.active
    sheet.title = "observations"
    sheet.append(["region", "indicator", "period", "measure", "value", "unit", "source", "note"])
    sheet.append(["xingyang", "gdp", "2025-09", "growth_pct", 5.8, "%", "synthetic test row",
                  "CTRL-ESC[31mred"])
    sheet.append(["xingyang", "retail_sales", "2025-09", "growth_pct", 6.1, "%",
                  "synthetic CTRL-BEL row", ""])
    return edit(xlsx(book), "xl/worksheets/sheet1.xml",
                {b"CTRL-ESC": b"_x001B_", b"CTRL-BEL": b"_x0007_"})


BUREAU = {
    "bureau_one_sheet_per_month.xlsx": one_sheet_per_month,
    "bureau_month_groups.xlsx": month_groups,
    "bureau_wan_yuan_unit_line.xlsx": wan_yuan_unit_line,
    "bureau_unknown_indicator.xlsx": bulletin(
        [*ROWS_09[:2], ["规上工业营业收入", "亿元", 40.2, 360.1, 7.7, None]]),
    "bureau_unit_mismatch.xlsx": bulletin([["地区生产总值", "万吨", None, 580.2, 5.9, None]]),
    "bureau_totals_row.xlsx": bulletin([*ROWS_09[2:4], ["合计", "亿元", 55.2, 475.7, None, None]]),
    "bureau_unknown_column.xlsx": bulletin(
        [["固定资产投资", "亿元", 30.1, 265.3, 8.5, 12]],
        header=["指标名称", "单位", "本月", "1-9月累计", "同比增长(%)", "备用"]),
    "bureau_figures_without_name.xlsx": bulletin([ROWS_09[0], [None, "亿元", None, 99.0, 1.5,
                                                                None]]),
    "bureau_two_sheets_differ.xlsx": two_sheets_differ,
    "bureau_title_merged_into_header.xlsx": title_merged_into_header,
    "xlsx_far_corner_cell.xlsx": far_corner_cell,
    "xlsx_cell_too_long.xlsx": long_cell,
    "xlsx_part_unpacks_to_50mb.xlsx": huge_part,
    "xlsx_error_cell_as_source.xlsx": error_cell_source,
    "xlsx_control_characters.xlsx": control_characters,
}


def bureau_csv(rows: list[str], encoding: str = "gbk") -> bytes:
    return ("\r\n".join(rows) + "\r\n").encode(encoding)


TEXT = {
    "bureau_gbk_export.csv": bureau_csv([
        "荥阳市2025年1-9月主要经济指标（synthetic 合成测试数据）,,,,,",
        "指标名称,单位,本月,1-9月累计,同比增长(%),比1-8月提高/回落(百分点)",
        "地区生产总值,亿元,,580.2,5.9,",
        "规模以上工业增加值,%,,,10.8,0.3",
        "固定资产投资,亿元,30.1,265.3,8.5,-0.2",
        "社会消费品零售总额,亿元,25.1,210.4,6.2,0.1",
        "一般公共预算收入,亿元,2.1,30.5,2.3,",
        ",,,,,",
        "注：本表为快报数。,,,,,",
        "填表人：（synthetic）,,,,,"]),
    "bureau_month_growth.csv": bureau_csv([
        "荥阳市2025年1-9月主要经济指标（synthetic 合成测试数据）",
        "指标,本月增长%,累计增长%",
        "规上工业增加值,11.2,10.8",
        "社零,6.5,6.2"], "utf-8-sig"),
    "bureau_no_period.csv": bureau_csv([
        "荥阳市主要经济指标（synthetic 合成测试数据）",
        "指标名称,单位,累计,同比增长(%)",
        "固定资产投资,亿元,265.3,8.5"], "utf-8"),
    "bureau_no_region.csv": bureau_csv([
        "2025年1-9月主要经济指标（synthetic 合成测试数据）",
        "指标名称,单位,1-9月累计,同比增长(%)",
        "固定资产投资,亿元,265.3,8.5"], "utf-8"),
    "bureau_notes_with_figures.csv": bureau_csv([
        "荥阳市2025年1-9月主要经济指标（synthetic 合成测试数据）",
        "指标名称,单位,1-9月累计,同比增长(%)",
        "固定资产投资,亿元,265.3,8.5",
        "注：下行为补充数据（synthetic）,,,",
        "社会消费品零售总额,亿元,210.4,6.2"], "utf-8"),
    "bureau_points_and_month_on_month.csv": bureau_csv([
        "荥阳市2025年1-9月主要经济指标（synthetic 合成测试数据）",
        "指标名称,单位,1-9月累计,同比增长(%),比上月,环比增长%",
        "社会消费品零售总额,亿元,210.4,6.2,0.1,1.3"], "utf-8"),
}
