"""Rebuild the bad-input corpus: every file here is synthetic and byte-for-byte reproducible.

    .venv/bin/python tests/corpus/make_corpus.py          # rewrite the files in tests/corpus/
    .venv/bin/python tests/corpus/make_corpus.py OUTDIR   # or somewhere else, to compare

The expected output of every file is in ``expected.json``, written and checked by hand; this
script never touches it. ``tests/test_corpus.py`` checks that the committed files are exactly
what this script builds (with the pinned openpyxl) and that check-data prints what
``expected.json`` says.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bureau_cases  # noqa: E402  (issue 19's bureau tables live beside this script)
import data_cases  # noqa: E402  (the data side's cases, issues 17 and 19)
import workbook_cases  # noqa: E402  (the workbooks live beside this script)

OPENPYXL = "3.1.5"  # the version that wrote the committed .xlsx files (requirements.lock)
STAMP = (2025, 1, 1, 0, 0, 0)  # every zip entry and workbook property gets this date
SRC = "synthetic test row"
HEADER = ["region", "indicator", "period", "measure", "value", "unit", "source", "note"]
TARGET_HEADER = [*HEADER, "qualifier"]
ZH_HEADER = ["地区", "指标", "时期", "口径", "数值", "单位", "来源", "备注"]


def row(region="xingyang", indicator="gdp", period="2025-09", measure="growth_pct",
        value="5.8", unit="%", source=SRC, note="", more=()) -> list[str]:
    """One synthetic row; ``more`` fills columns after ``note`` (vintage, qualifier …)."""
    return [region, indicator, period, measure, value, unit, source, note, *more]


GDP = row()
RETAIL = row(indicator="retail_sales", value="6.1")
FAI = row(indicator="fixed_asset_investment", measure="level", value="265.3", unit="亿元")
GOOD = [GDP, RETAIL, FAI]


def csv_text(rows: list[list[str]], header: list[str] = HEADER, delimiter: str = ",",
             eol: str = "\n") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=eol)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def utf8(text: str) -> bytes:
    return text.encode("utf-8")


# ---------------------------------------------------------------- CSV and text files


def text_cases() -> dict[str, bytes]:
    long_note = "long " * 12_000  # 60,000 characters
    too_long = "x" * 140_000
    return {
        # encodings
        "enc_utf8_bom.csv": csv_text([*GOOD[:2], [*FAI[:7], "荥阳市统计月报 测试"]]).encode(
            "utf-8-sig"),
        "enc_gbk_chinese_header.csv": csv_text(
            [row(source="荥阳市统计局 统计月报 (synthetic test row)", note="初步数")],
            header=ZH_HEADER).encode("gbk"),
        "enc_utf16le_bom_tabs.txt": csv_text(GOOD, delimiter="\t", eol="\r\n").encode(
            "utf-16"),  # Excel's "Unicode text": UTF-16 LE with BOM, tab-separated
        "enc_utf16be_bom.csv": b"\xfe\xff" + csv_text(GOOD).encode("utf-16-be"),
        "enc_utf16_no_bom.csv": csv_text(GOOD).encode("utf-16-le"),
        "enc_latin1.csv": csv_text([row(note="café")]).encode("latin-1"),
        # line endings, delimiters, layout
        "fmt_crlf.csv": utf8(csv_text(GOOD, eol="\r\n")),
        "fmt_cr_only_mac.csv": utf8(csv_text(GOOD, eol="\r")),
        "fmt_tab_separated.tsv": utf8(csv_text(GOOD, delimiter="\t")),
        "fmt_semicolon.csv": utf8(csv_text(GOOD, delimiter=";")),
        "fmt_trailing_empty_column.csv": utf8(csv_text(
            [[*r, ""] for r in GOOD], header=[*HEADER, ""])),
        "fmt_unnamed_column.csv": utf8(csv_text(
            [[*r[:3], "x", *r[3:]] for r in GOOD], header=[*HEADER[:3], "", *HEADER[3:]])),
        "fmt_blank_lines.csv": utf8(
            ",".join(HEADER) + "\n\n" + ",".join(GDP) + "\n   \n,,,,,,,\n"
            + ",".join(RETAIL) + "\n\n"
            + ",".join(row(indicator="public_budget_revenue", value="75"))
            + "\n\n"),
        "fmt_repeated_header.csv": utf8(csv_text([GDP]) + csv_text([RETAIL])),
        "fmt_columns_reordered.csv": utf8(csv_text(
            [[r[6], r[4], r[0], r[2], r[1], r[3], r[5], r[7]] for r in GOOD],
            header=["source", "value", "region", "period", "indicator", "measure", "unit",
                    "note"])),
        "fmt_bilingual_header.csv": utf8(csv_text(GOOD, header=[
            "region (地区)", "indicator (指标)", "period (时期)", "measure (口径)", "value (数值)",
            "unit (单位)", "source (来源)", "note (备注)"])),
        "fmt_title_line.csv": utf8("荥阳市主要经济指标 2025年1-9月 (synthetic),,,,,,,\n,,,,,,,\n"
                                   + csv_text(GOOD)),
        "fmt_figures_above_header.csv": utf8(",".join(GDP) + "\n" + csv_text([RETAIL])),
        "fmt_no_header.csv": utf8("\n".join(",".join(r) for r in GOOD) + "\n"),
        "fmt_html_export.xls": utf8(
            "<html><head><meta charset=\"utf-8\"></head><body><table>\n<tr>"
            + "".join(f"<td>{c}</td>" for c in HEADER) + "</tr>\n<tr>"
            + "".join(f"<td>{c}</td>" for c in GDP) + "</tr>\n</table></body></html>\n"),
        "fmt_wrong_field_count.csv": utf8(
            ",".join(HEADER) + "\n" + ",".join(GDP[:6]) + "\n" + ",".join(RETAIL) + "\n"
            + ",".join([*FAI, "extra"]) + "\n"),
        "fmt_unquoted_comma_in_note.csv": utf8(
            ",".join(HEADER) + "\n" + ",".join(GDP[:7]) + ",初步数,待核实\n"),
        "fmt_truncated_mid_row.csv": utf8(csv_text(GOOD))[:-40],
        "fmt_truncated_mid_quote.csv": utf8(
            csv_text(GOOD[:2]) + ",".join(FAI[:7]) + ",\"据荥阳市统计局《统计月"),
        "fmt_text_after_quote.csv": utf8(
            ",".join(HEADER) + "\n" + ",".join(GDP[:4]) + ',"5.8"%,%,' + SRC + ",\n"),
        "fmt_long_note.csv": utf8(csv_text([row(note=long_note)])),
        "fmt_too_long_value.csv": utf8(csv_text([row(note=too_long), RETAIL])),
        "fmt_empty.csv": b"",
        "fmt_whitespace_only.csv": b"  \n\t\r\n   \n",
        "fmt_bom_only.csv": b"\xef\xbb\xbf\r\n",
        "fmt_header_only.csv": utf8(csv_text([])),
        "fmt_title_and_headers_only.csv": utf8("荥阳市 2025 (synthetic)\n" + csv_text([]) * 2),
        "fmt_binary.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "fmt_old_xls.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
        # numbers
        "num_fullwidth.csv": utf8(csv_text([
            row(period="２０２５－０９", value="５．８"),
            row(indicator="retail_sales", value="６．１％", unit="％"),
            row(indicator="fixed_asset_investment", measure="level", value="２６５．３",
                unit="亿元")])),
        "num_thousands.csv": utf8(csv_text([
            row("china", "retail_sales", "2025-09", "level", "365,877.5", "亿元"),
            row("china", "fixed_asset_investment", "2025-09", "level", "３７１，５３５",
                "亿元"),
            row("china", "gdp", "2025-09", "level", "1,015,036", "亿元")])),
        "num_level_with_percent.csv": utf8(csv_text([
            row(indicator="fixed_asset_investment", measure="level", value="5.2%",
                unit="亿元")])),
        "num_level_outlier.csv": utf8(csv_text([
            row("china", "retail_sales", p, "level", v, "亿元")
            for p, v in (("2024-03", "120000"), ("2024-06", "236000"), ("2024-09", "354000"),
                         ("2024", "483000"), ("2025-06", "5.2"))])),
        "num_level_unit_slip.csv": utf8(csv_text([
            row(indicator="fixed_asset_investment", period=p, measure="level", value=v,
                unit="亿元")
            for p, v in (("2024-06", "150.2"), ("2024-09", "230.4"), ("2024", "310.8"),
                         ("2025-06", "1650000"))])),
        "num_non_finite.csv": utf8(csv_text([
            row(value=v) for v in ("inf", "-inf", "NaN", "1e999", "Infinity")])),
        "num_not_a_number.csv": utf8(csv_text([
            row(value=v) for v in ("1_000", "5.8亿元", "约5.8", "#DIV/0!", "0x10", "")])),
        "num_implausible_growth.csv": utf8(csv_text([
            row(indicator="retail_sales", value="75"),
            row(indicator="fixed_asset_investment", value="-62.5")])),
        "num_percent_on_percent_level.csv": utf8(csv_text([
            row(indicator="rd_intensity", period="2024", measure="level", value="2.5%",
                unit="%")])),
        # periods
        "per_date_as_text.csv": utf8(csv_text([
            row(period=p) for p in ("2025/9/30", "2025年1-9月", "2025.09", "Sep-25")])),
        "per_future.csv": utf8(csv_text([row(period="2099-03")])),
        # codes
        "code_unknown_region.csv": utf8(csv_text([row(region="xingyan")])),
        "code_unknown_indicator.csv": utf8(csv_text([row(indicator="gdp_growth")])),
        "code_unknown_measure.csv": utf8(csv_text([row(measure="yoy")])),
        "code_unknown_vintage.csv": utf8(csv_text(
            [row(more=["prelim"])], header=[*HEADER, "vintage"])),
        "code_unknown_territory.csv": utf8(csv_text(
            [row(indicator="gdp", period="2024", measure="level", value="1000.5",
                 unit="亿元", more=["whole_county"])], header=[*HEADER, "territory"])),
        "code_case_and_spaces.csv": utf8(csv_text([
            row(region=" Xingyang ", indicator="GDP", measure="Growth_Pct"),
            row(region="xingyang\u200b", indicator="\u00a0retail_sales", value="6.1\u00a0")])),
        # duplicates and columns
        "dup_conflict.csv": utf8(csv_text([
            [*RETAIL, ""], [*row(indicator="retail_sales", value="6.4"), ""],
            [*row(period="2024", value="5.1"), "preliminary"],
            [*row(period="2024", value="5.3"), "final"]], header=[*HEADER, "vintage"])),
        "dup_identical_and_rounded.csv": utf8(csv_text([
            FAI, FAI, row(indicator="fixed_asset_investment", measure="level", value="265",
                          unit="亿元")])),
        "col_unknown.csv": utf8(csv_text([[*GDP, "x"]], header=[*HEADER, "comment"])),
        "col_optional_all.csv": utf8(csv_text(
            [[*GDP, "preliminary", "", ""],
             row(indicator="gdp", period="2024", measure="level", value="1259.10",
                 unit="亿元", more=["final", "civil", "none"])],
            header=[*HEADER, "vintage", "territory", "qualifier"])),
        "col_repeated.csv": utf8(csv_text([[*GDP, "6.0"]], header=[*HEADER, "value"])),
        # targets
        "tgt_qualifier_chinese.csv": utf8(csv_text([
            row(period="2025", measure="target_growth_pct", value="6", more=["左右"]),
            row(indicator="fixed_asset_investment", period="2025", measure="target_level",
                value="360", unit="亿元", more=["以上"]),
            row(indicator="public_budget_revenue", period="2025", measure="target_growth_pct",
                value="2", more=["about"])], header=TARGET_HEADER)),
        "tgt_range_and_stretch.csv": utf8(csv_text([
            row(period="2025", measure="target_growth_pct", value="6.5",
                more=["at_least", "7", ""]),
            row(indicator="retail_sales", period="2025", measure="target_growth_pct", value="6",
                more=["about", "", "7"])], header=[*TARGET_HEADER, "upper", "stretch"])),
        "tgt_upper_not_above.csv": utf8(csv_text([
            row(period="2025", measure="target_growth_pct", value="6.5",
                more=["at_least", "6", ""]),
            row(more=["none", "7", ""])], header=[*TARGET_HEADER, "upper", "stretch"])),
        "tgt_level_unit_mismatch.csv": utf8(csv_text([
            row(indicator="fixed_asset_investment", period="2025", measure="target_level",
                value="360", unit="%", more=["at_least"]),
            row(indicator="fixed_asset_investment", period="2025", measure="target_level",
                value="360%", unit="亿元", more=["at_least"])], header=TARGET_HEADER)),
        **more_text_cases(),
    }


def more_text_cases() -> dict[str, bytes]:
    """Names instead of codes, a bulletin's period words, release dates, footnote markers,
    control characters, impossible growth, encodings that are not GBK."""
    zh_names = ["荥阳市", "规上工业增加值", "2025年1-9月", "累计增速", "10.8", "%", SRC, ""]
    return {
        "code_names_instead_of_codes.csv": utf8(csv_text([
            zh_names, row(region="410182", indicator="社零", measure="同比增长", value="6.1"),
            row(region="Xingyang", indicator="固投", measure="累计总量", value="265.3",
                unit="亿元")])),
        "per_bulletin_words.csv": utf8(csv_text([
            row(period="2025年前三季度"), row(period="2025年上半年", value="5.6"),
            row(indicator="retail_sales", period="2025年1-2月", value="5.1"),
            row(period="2024年", value="5.3")])),
        "per_quarter_is_not_a_year_to_date.csv": utf8(csv_text([
            row(period="2025年7-9月", value="5.5"), row(period="2025年三季度", value="5.5")])),
        "num_wan_yuan_level.csv": utf8(csv_text([
            row(indicator="fixed_asset_investment", measure="level", value="2653000",
                unit="万元")])),
        "num_footnote_markers.csv": utf8(csv_text([
            row(value="6.1¹"), row(indicator="retail_sales", value="6.1①"),
            row(indicator="fixed_asset_investment", value="5²"),
            row(indicator="public_budget_revenue", value="7.2*"),
            row(indicator="industrial_value_added", value="10.8%②")])),
        "num_footnote_inside.csv": utf8(csv_text([
            row(value="6¹.1"), row(indicator="retail_sales", value="½")])),
        "num_growth_minus_100.csv": utf8(csv_text([
            row(indicator="retail_sales", value="-100"),
            row(indicator="fixed_asset_investment", value="-120.5")])),
        "fmt_control_characters.csv": utf8(csv_text([
            row(note="\x1b[31mred\x1b[0m"), row(indicator="retail_sales", value="6.1",
                                                source="synthetic\x07 test row")])),
        "enc_big5.csv": csv_text([row(source="滎陽市統計局 統計月報 synthetic", note="初步數")],
                                 header=["地區", "指標", "時期", "口徑", "數值", "單位", "來源",
                                         "備註"]).encode("big5"),
        "enc_shift_jis.csv": csv_text([row(source="栄陽市統計局 月報 synthetic",
                                           note="速報値です")]).encode("shift_jis"),
        "vin_release_dates.csv": utf8(csv_text([
            row(period="2025-06", value="5.6", more=["2025-07-18"]),
            row(period="2025-06", value="5.2", more=["2025-10-20"]),
            row(indicator="retail_sales", value="6.1", more=["2025年10月20日"])],
            header=[*HEADER, "vintage"])),
        "vin_release_dates_impossible.csv": utf8(csv_text([
            row(period="2025-06", value="5.6", more=["2025-05-30"]),
            row(indicator="retail_sales", value="6.1", more=["2099-01-01"]),
            row(indicator="fixed_asset_investment", value="8.5", more=["2025-02-30"])],
            header=[*HEADER, "vintage"])),
        **{name: content for name, content in workbook_cases.TEXT.items()},
        **bureau_cases.TEXT,
    }


# ---------------------------------------------------------------- .xlsx and other zips


def deterministic_zip(raw: bytes) -> bytes:
    """Re-pack a zip with fixed dates so that the same content gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2025-01-01T00:00:00Z", data)
            info = zipfile.ZipInfo(item.filename, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return out.getvalue()


def xlsx(book: Workbook) -> bytes:
    book.properties.creator = "xyforecast test corpus (synthetic)"
    book.properties.created = book.properties.modified = datetime(*STAMP)
    raw = io.BytesIO()
    book.save(raw)
    return deterministic_zip(raw.getvalue())


def numbers(cells: list[str]) -> list:
    """A row as Excel holds it: the value a number."""
    out: list = list(cells)
    out[4] = float(out[4])
    return out


def data_book(rows: list[list], header: list[str] = HEADER, title: str = "observations"):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    return book, sheet


def instructions(book: Workbook) -> None:
    notes = book.create_sheet("说明 Instructions")
    for text in ("填写说明 (synthetic test workbook)", "每行填一个数字", "One figure per row"):
        notes.append([text])


def xlsx_good() -> bytes:
    book, _ = data_book([numbers(r) for r in GOOD])
    instructions(book)
    return xlsx(book)


def xlsx_excel_dates() -> bytes:
    book, sheet = data_book([
        [*GDP[:2], datetime(2025, 9, 30), *numbers(GDP)[3:]],
        [*RETAIL[:2], datetime(2025, 8, 31), *numbers(RETAIL)[3:]]])
    for cell in sheet["C"][1:]:
        cell.number_format = "yyyy/m/d"
    return xlsx(book)


def xlsx_number_in_a_date_cell() -> bytes:
    """65 typed into a date-formatted period cell: Excel shows the date 1900-03-05."""
    book, sheet = data_book([[*GDP[:2], datetime(1900, 3, 5), *numbers(GDP)[3:]]])
    sheet["C2"].number_format = "yyyy-mm"
    return xlsx(book)


def xlsx_two_data_sheets() -> bytes:
    book, _ = data_book([numbers(GDP)], title="2024")
    second = book.create_sheet("2025")
    second.append(HEADER)
    second.append(numbers(RETAIL))
    return xlsx(book)


def xlsx_merged_down() -> bytes:
    rows = [numbers(r) for r in (GDP, RETAIL, row(indicator="industrial_value_added",
                                                  value="10.8"))]
    for r in rows[1:]:
        r[0] = r[6] = None
    book, sheet = data_book(rows)
    sheet.merge_cells("A2:A4")
    sheet.merge_cells("G2:G4")
    return xlsx(book)


def xlsx_merged_across() -> bytes:
    book, sheet = data_book([numbers(GDP), numbers(RETAIL)])
    sheet["F3"] = None
    sheet.merge_cells("E3:F3")
    return xlsx(book)


def xlsx_percent_format() -> bytes:
    book, sheet = data_book([[*GDP[:4], 0.058, *GDP[5:]], [*RETAIL[:4], 0.061, *RETAIL[5:]],
                             numbers(FAI)])
    sheet["E2"].number_format = sheet["E3"].number_format = "0.0%"
    return xlsx(book)


def xlsx_percent_format_on_level() -> bytes:
    book, sheet = data_book([[*FAI[:4], 2.653, *FAI[5:]]])
    sheet["E2"].number_format = "0.00%"
    return xlsx(book)


def xlsx_title_row() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "observations"
    sheet.append(["荥阳市主要经济指标 2025年1-9月 (synthetic)"])
    sheet.merge_cells("A1:H1")
    sheet.append([])
    sheet.append(HEADER)
    for r in GOOD:
        sheet.append(numbers(r))
    return xlsx(book)


def xlsx_no_data_sheet() -> bytes:
    book = Workbook()
    book.active.title = "Sheet1"
    book.active.append(["荥阳市主要经济指标 (synthetic)", "5.8"])
    instructions(book)
    return xlsx(book)


def xlsx_error_values() -> bytes:
    book, _ = data_book([[*GDP[:4], "#DIV/0!", *GDP[5:]], [*RETAIL[:4], "#N/A", *RETAIL[5:]]])
    return xlsx(book)


def xlsx_blank_rows_repeated_header() -> bytes:
    book, _ = data_book([numbers(GDP), [], [None, " ", None], HEADER, numbers(RETAIL)])
    return xlsx(book)


def xlsx_values_right_of_table() -> bytes:
    book, sheet = data_book([numbers(GDP), numbers(RETAIL)])
    sheet["J3"] = "checked by 张三"
    return xlsx(book)


def xlsx_chinese_header_and_text_numbers() -> bytes:
    book, _ = data_book([GDP, RETAIL, FAI], header=ZH_HEADER)  # values typed as text
    return xlsx(book)


def ods() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr(zipfile.ZipInfo("mimetype", date_time=STAMP),
                        "application/vnd.oasis.opendocument.spreadsheet")
        info = zipfile.ZipInfo("content.xml", date_time=STAMP)
        info.compress_type = zipfile.ZIP_DEFLATED
        target.writestr(info, "<office:document-content/>")
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr(zipfile.ZipInfo("observations.csv", date_time=STAMP), csv_text(GOOD))
    return out.getvalue()


BINARY: dict[str, Callable[[], bytes]] = {
    **{name: (lambda make=make: make(xlsx)) for name, make in workbook_cases.BUREAU.items()},
    **{name: (lambda make=make: make(xlsx)) for name, make in bureau_cases.BUREAU.items()},
    **bureau_cases.RAW,
    "xlsx_good_with_instructions.xlsx": xlsx_good,
    "xlsx_excel_dates.xlsx": xlsx_excel_dates,
    "xlsx_two_data_sheets.xlsx": xlsx_two_data_sheets,
    "xlsx_number_in_a_date_cell.xlsx": xlsx_number_in_a_date_cell,
    "xlsx_merged_down_a_column.xlsx": xlsx_merged_down,
    "xlsx_merged_across_columns.xlsx": xlsx_merged_across,
    "xlsx_percent_format.xlsx": xlsx_percent_format,
    "xlsx_percent_format_on_level.xlsx": xlsx_percent_format_on_level,
    "xlsx_title_row.xlsx": xlsx_title_row,
    "xlsx_no_data_sheet.xlsx": xlsx_no_data_sheet,
    "xlsx_error_values.xlsx": xlsx_error_values,
    "xlsx_blank_rows_repeated_header.xlsx": xlsx_blank_rows_repeated_header,
    "xlsx_values_right_of_table.xlsx": xlsx_values_right_of_table,
    "xlsx_chinese_header_text_numbers.xlsx": xlsx_chinese_header_and_text_numbers,
    "xlsx_truncated.xlsx": lambda: xlsx_good()[:1500],
    "zip_opendocument.ods": ods,
    "zip_not_a_workbook.xlsx": plain_zip,
}


def build() -> dict[str, bytes]:
    """Every corpus file, by name."""
    files = text_cases()
    files.update((name, make()) for name, make in BINARY.items())
    files.update(data_cases.text())
    files.update((name, make(xlsx)) for name, make in data_cases.BINARY.items())
    return dict(sorted(files.items()))


def main(out: Path = HERE) -> None:
    out.mkdir(parents=True, exist_ok=True)
    files = build()
    for name, content in files.items():
        (out / name).write_bytes(content)
    print(f"wrote {len(files)} files to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
