"""Corpus files of issue 19's bureau failures: what a 统计月报 table holds beside this year's
figures, dashes, units, titles and compilers, merges, and the messages for files that are
not what they seem (a password, Strict Open XML, WPS). Every figure is synthetic: titles say
"synthetic 合成测试数据". Used by ``make_corpus.py``; the expectations are in ``expected.json``.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from datetime import datetime

from openpyxl import Workbook

SYNTHETIC = "（synthetic 合成测试数据）"
TITLE = "荥阳市2025年1-9月主要经济指标" + SYNTHETIC
Xlsx = Callable[[Workbook], bytes]


def table(rows: list[list], title: str | None = TITLE, sheet: str = "1-9月",
          above: list[list] = ()) -> Callable[[Xlsx], bytes]:
    """A one-sheet workbook: lines above the table (``above``, else the title), then the
    header and figures in ``rows``."""
    def make(xlsx: Xlsx) -> bytes:
        book = Workbook()
        book.active.title = sheet
        for line in above or ([[title]] if title else []):
            book.active.append(line)
        for r in rows:
            book.active.append(r)
        return xlsx(book)
    return make


def csv(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def beside(header: str, *values) -> list[list]:
    """Investment and retail sales with a 1-9月累计 and a 同比增长 column, and one more column."""
    return [["指标名称", "单位", "1-9月累计", "同比增长(%)", header],
            ["固定资产投资", "亿元", 265.3, 8.5, values[0]],
            ["社会消费品零售总额", "亿元", 210.4, 6.2, values[1]]]


def beside_csv(header: str, *values) -> bytes:
    return csv([TITLE, f"指标名称,单位,1-9月累计,同比增长(%),{header}",
                f"固定资产投资,亿元,265.3,8.5,{values[0]}",
                f"社会消费品零售总额,亿元,210.4,6.2,{values[1]}"])


def dashed(dash: str) -> bytes:
    """The same table with 1-9月 written with another dash, in the title and the headers."""
    return csv([f"荥阳市2025年1{dash}9月主要经济指标" + SYNTHETIC,
                f"指标名称,单位,1{dash}9月累计,1{dash}9月增长(%)",
                "固定资产投资,亿元,265.3,8.5",
                "社会消费品零售总额,亿元,210.4,6.2"])


# ---------------------------------------------------------------- the whole row


WHOLE_HEADER = ["指标名称", "单位", "本月", "1-9月累计", "同比增长(%)", "本月增长(%)",
                "增速比1-8月提高(百分点)", "比上年同期增减(百分点)"]


def whole_row(xlsx: Xlsx) -> bytes:
    return table([WHOLE_HEADER,
                  ["固定资产投资", "亿元", 31.7, 268.1, 7.2, 9.8, 0.4, -1.1],
                  ["社会消费品零售总额", "亿元", 24.3, 210.5, 5.4, 6.2, 0.1, 0.3]])(xlsx)


# ---------------------------------------------------------------- titles, units, compilers


def title_as_date(xlsx: Xlsx) -> bytes:
    """The title is an Excel date shown as 2025年9月; the region is the sheet's name."""
    book = Workbook()
    sheet = book.active
    sheet.title = "荥阳市"
    sheet.append([datetime(2025, 9, 1)])
    sheet["A1"].number_format = 'yyyy"年"m"月"'
    for r in beside("备注", "synthetic", "synthetic"):
        sheet.append(r[:4])
    return xlsx(book)


def release_date(xlsx: Xlsx) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "1-9月"
    sheet.append([TITLE])
    sheet.append(["报出日期：", datetime(2025, 10, 20)])
    sheet["B2"].number_format = "yyyy-mm-dd"
    for r in beside("备注", None, None):
        sheet.append(r[:4])
    return xlsx(book)


# ---------------------------------------------------------------- merges


def section_headings(xlsx: Xlsx) -> bytes:
    """一、工业 and 二、投资与消费 merged across the table, between the indicators."""
    book = Workbook()
    sheet = book.active
    sheet.title = "1-9月"
    sheet.append([TITLE])
    sheet.merge_cells("A1:D1")
    for r in (["指标名称", "单位", "1-9月累计", "同比增长(%)"], ["一、工业"],
              ["规模以上工业增加值", "%", None, 10.8], ["二、投资与消费"],
              ["固定资产投资", "亿元", 265.3, 8.5], ["社会消费品零售总额", "亿元", 210.4, 6.2]):
        sheet.append(r)
    sheet.merge_cells("A3:D3")
    sheet.merge_cells("A5:D5")
    return xlsx(book)


def name_down_two_rows(xlsx: Xlsx) -> bytes:
    """固定资产投资 merged down rows 3-4, each row with its own (different) growth."""
    book = Workbook()
    sheet = book.active
    sheet.title = "1-9月"
    sheet.append([TITLE])
    for r in (["指标名称", "单位", "1-9月累计", "同比增长(%)"],
              ["固定资产投资", "亿元", 265.3, 8.5], [None, "亿元", None, 7.9],
              ["社会消费品零售总额", "亿元", 210.4, 6.2]):
        sheet.append(r)
    sheet.merge_cells("A3:A4")
    return xlsx(book)


def _many_merges(xlsx: Xlsx, rows: list[list], body: bytes, column: str, first: int) -> bytes:
    """5,000 merges down one column, each over the next 49,000 rows and all overlapping, over
    49,000 rows written without numbers (``body``, each the same, so the file stays small):
    Excel never writes them; reading them cell by cell cost 26 s."""
    book = Workbook()
    book.active.title = "1-9月"
    for r in rows:
        book.active.append(r)
    merges = "".join(f'<mergeCell ref="{column}{first + n}:{column}{first + n + 49_000}"/>'
                     for n in range(5_000))
    return edit(xlsx(book), "xl/worksheets/sheet1.xml", {
        b"</sheetData>": body * 49_000 + b'</sheetData><mergeCells count="5000">'
        + merges.encode() + b"</mergeCells>"})


def overlapping_merges(xlsx: Xlsx) -> bytes:
    return _many_merges(xlsx, [[TITLE], ["指标名称", "单位", "1-9月累计", "同比增长(%)"],
                               ["固定资产投资", "亿元", 265.3, 8.5]],
                        b"<row><c/><c/><c/><c><v>8.5</v></c></row>", "A", 3)


def tidy_overlapping_merges(xlsx: Xlsx) -> bytes:
    header = ["region", "indicator", "period", "measure", "value", "unit", "source"]
    body = b"<row>" + b"".join(b'<c t="inlineStr"><is><t>%s</t></is></c>' % v for v in (
        b"xingyang", b"gdp", b"2025-09", b"growth_pct")) + b"<c><v>5.8</v></c></row>"
    return _many_merges(xlsx, [header, ["xingyang", "gdp", "2025-09", "growth_pct", 5.8, "%",
                                        "synthetic test row"]], body, "F", 2)


# ---------------------------------------------------------------- not what they seem


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


def strict(xlsx: Xlsx) -> bytes:
    """A workbook saved as Strict Open XML: the same parts, other namespaces."""
    raw = table(beside("备注", None, None))(xlsx)
    ns = {b"http://schemas.openxmlformats.org/spreadsheetml/2006/main":
          b"http://purl.oclc.org/ooxml/spreadsheetml/main",
          b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
          b"http://purl.oclc.org/ooxml/officeDocument/relationships"}
    for part in ("xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml"):
        raw = edit(raw, part, ns)
    return raw


def row_zero(xlsx: Xlsx) -> bytes:
    """The title written in a row numbered 0, as no Excel writes."""
    raw = table(beside("备注", None, None)[:2])(xlsx)
    return edit(raw, "xl/worksheets/sheet1.xml", {b'<row r="1">': b'<row r="0">',
                                                  b'r="A1"': b'r="A0"'})


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file (CFB, version 3) holding ``streams``, each padded to 4,096 bytes
    so that none lives in the mini stream: the container a password-protected .xlsx, an
    old .xls and a WPS .et are all saved in."""
    sector = 512
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    data = [s.ljust(4096, b"\0") for s in streams.values()]
    fat = [fat_sector, end]  # sector 0: the FAT; sector 1: the directory
    starts = []
    for stream in data:
        count = len(stream) // sector
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [end]
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB3I", len(encoded), kind, 1, free,
                                                       right, child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))
    names = list(streams)
    directory = entry("Root Entry", 5, free, 1, end, 0) + b"".join(
        entry(name, 2, i + 2 if i + 1 < len(names) else free, free, starts[i], 4096)
        for i, name in enumerate(names))
    directory = directory.ljust(sector * ((len(directory) + sector - 1) // sector), b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096, end,
                            0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + b"".join(data)


def password_protected() -> bytes:
    return compound_file({"EncryptionInfo": b"\x04\x00\x04\x00synthetic",
                          "EncryptedPackage": b"synthetic, not a real encrypted package"})


def wps_et() -> bytes:
    return compound_file({"WorkBook": b"synthetic WPS table"})


# ---------------------------------------------------------------- the manifest


BUREAU = {
    "bureau_whole_row.xlsx": whole_row,
    "bureau_target_growth_column.xlsx": table(beside("全年目标增长(%)", 7.0, 6.5)),
    "bureau_plan_completed.xlsx": table(beside("完成全年计划%", 73.7, 75.1)),
    "bureau_last_year_growth.xlsx": table(
        [["指标名称", "单位", "1-9月累计", "同比增长(%)", "上年同期增长(%)", "去年同期增速(%)"],
         ["固定资产投资", "亿元", 265.3, 8.5, 6.9, 6.9]]),
    "bureau_contribution_points.xlsx": table(beside("拉动增长(百分点)", 1.2, 0.8)),
    "bureau_month_above_total.xlsx": table(
        [["指标名称", "单位", "本月", "1-9月累计", "同比增长(%)"],
         ["固定资产投资", "亿元", 265.3, 31.7, 8.5],
         ["社会消费品零售总额", "亿元", 0.243, 210.5, 6.2]]),
    "bureau_change_against_other_period.xlsx": table(
        [["指标名称", "单位", "1-9月累计", "同比增长(%)", "比1-6月提高(百分点)"],
         ["地区生产总值", "亿元", 452.3, 5.6, 0.2],
         ["固定资产投资", "亿元", 265.3, 8.5, 0.9]]),
    "bureau_two_growth_columns.xlsx": table(
        [["指标名称", "单位", "1-9月累计", "同比增长(%)", "增速(%)"],
         ["固定资产投资", "亿元", 265.3, 8.5, 8.5]]),
    "bureau_wan_yuan_name_under_yi_line.xlsx": table(
        [["指标名称", "1-9月累计", "同比增长(%)"], ["固定资产投资(万元)", 2653000, 8.5],
         ["社会消费品零售总额", 210.4, 6.2]], above=[[TITLE], ["单位：亿元"]]),
    "bureau_title_as_date.xlsx": title_as_date,
    "bureau_compiler_line.xlsx": table(
        beside("备注", None, None), above=[["编制单位：郑州市统计局    单位：亿元"], [TITLE]]),
    "bureau_title_other_region_荥阳市.xlsx": table(
        beside("备注", None, None), title="郑州市2025年1-9月主要经济指标" + SYNTHETIC),
    "bureau_province_and_county_title.xlsx": table(
        beside("备注", None, None), title="河南省荥阳市2025年1-9月主要经济指标" + SYNTHETIC),
    "bureau_period_title_and_sheet_differ.xlsx": table(beside("备注", None, None), sheet="1-8月"),
    "bureau_release_date_line.xlsx": release_date,
    "bureau_merged_section_headings.xlsx": section_headings,
    "bureau_name_merged_down_two_rows.xlsx": name_down_two_rows,
    "bureau_overlapping_merges.xlsx": overlapping_merges,
    "bureau_tidy_overlapping_merges.xlsx": tidy_overlapping_merges,
    "bureau_strict_open_xml.xlsx": strict,
    "bureau_row_numbered_zero.xlsx": row_zero,
    "bureau_formula_without_result.xlsx": table(
        [["指标名称", "单位", "1-9月累计", "同比增长(%)"],
         ["固定资产投资", "亿元", 265.3, "=8.5"], ["社会消费品零售总额", "亿元", 210.4, 6.2]]),
}
RAW = {
    "bureau_password_protected.xlsx": password_protected,
    "bureau_wps_et_file.et": wps_et,
}
TEXT = {
    "bureau_target_growth_pct_sign.csv": beside_csv("全年增长目标%", 7, 6.5),
    "bureau_estimate_full_year.csv": beside_csv("预计全年增长(%)", 8.0, 6.0),
    "bureau_plan_growth.csv": beside_csv("计划增长(%)", 7, 6),
    "bureau_points_against_last_year.csv": beside_csv("比上年同期增减(百分点)", -1.1, 0.3),
    "bureau_share_of_city.csv": beside_csv("占全市比重%", 6.1, 5.2),
    "bureau_rank_column.csv": beside_csv("位次", 3, 5),
    "bureau_points_without_base.csv": beside_csv("增减(百分点)", 0.4, 0.1),
    "bureau_wave_dash.csv": dashed("〜"),
    "bureau_minus_sign_dash.csv": dashed("−"),
    "bureau_hyphen_dash.csv": dashed("‐"),
    "bureau_figure_dash.csv": dashed("‒"),
    "bureau_double_em_dash.csv": dashed("——"),
    "bureau_invisible_character.csv": csv([
        TITLE, "指标名称,单位,1-9月累计,同比增长(%)", "固定资产投资,亿元,265.3,8.5\u200b",
        "社会消费品零售总额\u200e,亿元,210.4,6.2"]),
}
