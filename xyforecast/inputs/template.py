"""The template analysts fill with their own figures: .xlsx (drop-down lists, one example row,
instructions in Chinese and English) or .csv, with Chinese headers by default.

The example row's source is ``TEMPLATE_EXAMPLE``: left in, it is refused with a message, so
it can never pass for a published figure.
"""

from __future__ import annotations

import csv
from pathlib import Path

from xyforecast.catalog import Catalog
from xyforecast.i18n import Pair, pick
from xyforecast.inputs.table import HEADER_ALIASES
from xyforecast.inputs.validation import TEMPLATE_EXAMPLE

COLUMNS = ["region", "indicator", "period", "measure", "value", "unit", "source", "note",
           "vintage"]
HEADERS_ZH = ["地区", "指标", "时期", "口径", "数值", "单位", "来源", "备注", "版本"]
assert all(HEADER_ALIASES[zh] == code for zh, code in zip(HEADERS_ZH, COLUMNS))
MEASURE_WORDS = {"growth_pct": "累计增速", "level": "累计总量", "month_growth_pct": "当月增速",
                 "target_growth_pct": "目标增速", "target_level": "目标总量"}
EXAMPLE = {"zh": ["荥阳市", "规模以上工业增加值", "2025-09", "累计增速", 10.8, "%"],
           "en": ["xingyang", "industrial_value_added", "2025-09", "growth_pct", 10.8, "%"]}
EXAMPLE_NOTE = "示例行：请替换为您的数字或删除 example row: replace it or delete it"
ROWS = 2000  # rows the drop-down lists cover

INSTRUCTIONS = [
    Pair("填写说明", "Instructions"),
    Pair("每行填一个数字，在第一个工作表中，不要改动表头。第2行是示例：请替换或删除它（留着会被拒绝）。",
         "One figure per row, in the first sheet; keep the header. Row 2 is an example: "
         "replace or delete it (left in, it is refused)."),
    Pair("地区：从下拉列表选，或写名称（荥阳市、荥阳）、代码（xingyang）或行政区划代码（410182）",
         "region: pick from the list, or write a name (荥阳市, Xingyang), a code (xingyang) or "
         "the official code (410182)"),
    Pair("指标：从下拉列表选，或写常用简称（规上工业增加值、固投、社零）；"
         "全部名称见 data/indicators.csv 和 data/aliases.csv",
         "indicator: pick from the list, or a common short name (规上工业增加值, 固投, 社零); "
         "all names in data/indicators.csv and data/aliases.csv"),
    Pair("时期：全年写 2025；累计到某月写 2025-09 或 2025年1-9月；1-2月合并发布，写 2025-02；"
         "地区生产总值按季度：03/06/09/12",
         "period: 2025 for the full year, 2025-09 (or 2025年1-9月) for January-September; "
         "January-February is one figure, 2025-02; GDP only at quarter ends"),
    Pair("口径：累计增速（%）；累计总量；当月增速（地区生产总值为当季增速）；目标增速、目标总量",
         "measure: growth_pct (year-to-date growth, %), level (year-to-date total), "
         "month_growth_pct (that month's growth; for GDP that quarter's), target_growth_pct, "
         "target_level"),
    Pair("数值：按公布数字填写，如 10.8；不要加单位或注释符号", "value: the published number, "
         "e.g. 10.8, without unit or footnote marker"),
    Pair("单位：增速填 %；总量填 亿元（填 万元 会自动换算为亿元）",
         "unit: % for growth; 亿元 for levels (万元 is converted to 亿元)"),
    Pair("来源（必填）：如 荥阳市统计局《统计月报》2025年9月",
         "source (required): e.g. 荥阳市统计局 统计月报 2025年9月"),
    Pair("备注可不填；版本可填发布日期（2025-10-20），修订时以后发布的数字为准",
         "note is optional; vintage may be the release date (2025-10-20): when a figure is "
         "revised, the one published later wins"),
    Pair("统计月报原表（指标为行，本月/累计/同比增长为列）也可直接使用，无需改成本模板：见 "
         "data/templates/README.md",
         "A bureau's 统计月报 table (indicators in rows, 本月/累计/同比增长 in columns) is read as "
         "it is, no need to copy it here: see data/templates/README.md"),
    Pair("保存到 data/local/ 文件夹，或运行时加 --observations 文件名；先运行 xyforecast "
         "check-data 文件名 检查。",
         "Save it in data/local/ or pass --observations FILE; check it first with "
         "xyforecast check-data FILE."),
]


def header(lang: str) -> list[str]:
    return pick(lang, HEADERS_ZH, COLUMNS)


def example_row(lang: str) -> list:
    return [*pick(lang, EXAMPLE["zh"], EXAMPLE["en"]), TEMPLATE_EXAMPLE, EXAMPLE_NOTE, ""]


def write_template(path: Path, lang: str = "zh", data_dir: Path | None = None) -> Path:
    """Write a template; the format follows the suffix (.csv or .xlsx)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel opens it
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header(lang))
            writer.writerow(example_row(lang))
        return path
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from xyforecast.inputs.dataset import default_data_dir

    catalog = Catalog.load(data_dir or default_data_dir())
    book = Workbook()
    sheet = book.active
    sheet.title = "observations"
    sheet.append(header(lang))
    sheet.append(example_row(lang))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="808080")
    for column, size in zip("ABCDEFGHI", (14, 26, 12, 14, 10, 8, 40, 30, 14)):
        sheet.column_dimensions[column].width = size
    sheet.freeze_panes = "A2"
    lists = book.create_sheet("lists")
    lists.sheet_state = "hidden"
    choices = {
        "A": [pick(lang, r.name_zh, r.code) for r in catalog.regions.values()],
        "B": [pick(lang, i.name_zh, i.code) for i in catalog.indicators.values()],
        "D": [pick(lang, MEASURE_WORDS[m], m) for m in MEASURE_WORDS],
    }
    for n, (column, values) in enumerate(choices.items(), start=1):
        for row, value in enumerate(values, start=1):
            lists.cell(row, n, value)
        letter = "ABC"[n - 1]
        # a name typed another way (荥阳, 社零) is still accepted: the list only helps
        check = DataValidation(type="list", formula1=f"lists!${letter}$1:${letter}${len(values)}",
                               allow_blank=True, showErrorMessage=False)
        check.add(f"{column}2:{column}{ROWS}")
        sheet.add_data_validation(check)
    notes = book.create_sheet("说明 Instructions")
    for line in INSTRUCTIONS:
        notes.append([line.zh])
        notes.append([line.en])
        notes.append([])
    notes["A1"].font = Font(bold=True, size=14)
    notes.column_dimensions["A"].width = 120
    book.properties.creator = "xyforecast"
    book.save(path)
    return path
