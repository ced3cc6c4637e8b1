"""The template analysts fill with their own figures (CSV or .xlsx with instructions)."""

from __future__ import annotations

import csv
from pathlib import Path

from xyforecast.inputs.dataset import OPTIONAL_COLUMNS, REQUIRED_COLUMNS

COLUMNS = [*REQUIRED_COLUMNS, "note", "vintage"]
assert set(COLUMNS) <= set(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)

INSTRUCTIONS = [
    ("填写说明", "Instructions"),
    ("每行填一个数字,在 observations 工作表中,不要改动表头。",
     "One figure per row, in the sheet 'observations'; keep the header as it is."),
    ("region 地区代码:xingyang 荥阳, zhengzhou 郑州, henan 河南, china 全国 …(见 data/regions.csv)",
     "region: a code from data/regions.csv (xingyang, zhengzhou, henan, china, …)"),
    ("indicator 指标代码:gdp, industrial_value_added, fixed_asset_investment, retail_sales, "
     "public_budget_revenue …(见 data/indicators.csv)",
     "indicator: a code from data/indicators.csv"),
    ("period 时期:全年写 2025;累计到某月写 2025-09(1-9月);1-2月合并发布,写 2025-02;"
     "地区生产总值按季度:03/06/09/12",
     "period: 2025 for the full year, 2025-09 for January-September; January-February is one "
     "figure written 2025-02; GDP only at quarter ends"),
    ("measure 口径:growth_pct 累计增速(%);level 累计总量;month_growth_pct 当月(GDP为当季)增速",
     "measure: growth_pct (year-to-date growth, %), level (year-to-date total), "
     "month_growth_pct (that month's growth; for GDP that quarter's)"),
    ("value 数值:按公布数字填写,如 10.8;不要加单位", "value: the published number, e.g. 10.8"),
    ("unit 单位:增速填 %;总量填 亿元(五项主要指标)", "unit: % for growth; 亿元 for levels"),
    ("source 来源(必填):如 荥阳市统计局《统计月报》2025年9月",
     "source (required): e.g. 荥阳市统计局 统计月报 2025年9月"),
    ("note 备注、vintage 核算版本(preliminary 初步核算 / final 最终核实)可不填",
     "note and vintage (preliminary / final) are optional"),
    ("保存到 data/local/ 文件夹,或运行时加 --observations 文件名;"
     "先运行 xyforecast check-data 文件名 检查。",
     "Save it in data/local/ or pass --observations FILE; check it first with "
     "xyforecast check-data FILE."),
]


def write_template(path: Path) -> Path:
    """Write an empty template; the format follows the suffix (.csv or .xlsx)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel opens it
            csv.writer(handle, lineterminator="\n").writerow(COLUMNS)
        return path
    if path.suffix.lower() != ".xlsx":
        from xyforecast.errors import UsageError

        raise UsageError(f"{path}: the template is written as .csv or .xlsx")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "observations"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, size in zip("ABCDEFGHI", (12, 24, 10, 16, 10, 8, 40, 30, 12)):
        sheet.column_dimensions[column].width = size
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("说明 Instructions")
    for zh, en in INSTRUCTIONS:
        notes.append([zh])
        notes.append([en])
        notes.append([])
    notes["A1"].font = Font(bold=True, size=14)
    notes.column_dimensions["A"].width = 120
    book.properties.creator = "xyforecast"
    book.save(path)
    return path
