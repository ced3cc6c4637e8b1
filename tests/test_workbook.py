"""dashboard.xlsx read back with openpyxl: the bureau's layout, numbers stored as numbers with
number formats, statuses coloured by conditional formatting, names and never codes. The
Xingyang figures added here are synthetic (tests only)."""

from __future__ import annotations

from openpyxl import load_workbook

from xyforecast.forecast import Forecast
from xyforecast.inputs.dataset import load
from xyforecast.outputs.analysis import Analysis
from xyforecast.outputs.workbook import write_workbook

from conftest import write_csv

CODES = {"borrowed", "ytd-bridge", "published", "on_track", "at_risk", "off_track",
         "no_target", "annual-combination", "growth_pct"}


def test_bureau_sheet_numbers_level_targets_and_no_codes(data, tmp_path):
    rows = [["xingyang", "fixed_asset_investment", "2024-09", "level", 240.0, "亿元"],
            ["xingyang", "fixed_asset_investment", "2024", "level", 330.0, "亿元"],
            ["xingyang", "fixed_asset_investment", "2025-08", "level", 220.0, "亿元"],
            ["xingyang", "fixed_asset_investment", "2025-09", "level", 250.0, "亿元"],
            ["xingyang", "fixed_asset_investment", "2025-09", "growth_pct", 4.2, "%"]]
    own = write_csv(tmp_path / "own.csv", [[*r, "synthetic test figures", ""] for r in rows])
    mine = load(extra=[own])
    analysis = Analysis(Forecast.build(mine, "xingyang", 2025, "2025-09"))
    path = write_workbook(analysis.summary, tmp_path / "dashboard.xlsx", "zh", analysis)
    book = load_workbook(path)
    sheet = book["总览"]
    investment = next(r for r in sheet.iter_rows(min_row=5, max_row=9) if r[0].value ==
                      "固定资产投资")
    # 本月 = 250 - 220 (synthetic), 累计 250, its growth 4.2; projection and P(meet) numbers
    assert [c.value for c in investment[1:5]] == [30.0, None, 250.0, 4.2]
    # numbers, not text (a whole number such as a P(meet) of 0 reads back as an int)
    assert all(isinstance(c.value, int | float) for c in investment[6:10])
    assert investment[9].number_format == "0%" and investment[6].number_format == "0.0"
    level = next(r for r in sheet.iter_rows(min_row=12) if r[0].value == "固定资产投资")
    assert level[1].value == "360亿元以上" and level[3].value == 250.0
    assert round(level[4].value, 3) == 0.694 and level[4].number_format == "0%"
    assert round(level[6].value, 1) == -5.6  # 5.6 points behind 序时进度 (9 of 12 months)
    rules = [r for cf in sheet.conditional_formatting for r in cf.rules]
    assert len(rules) == 3 and all(r.type == "cellIs" for r in rules)
    shown = {str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value}
    assert not shown & (CODES | set(data.catalog.regions))


def test_the_english_workbook_speaks_english(data, tmp_path):
    analysis = Analysis(Forecast.build(data, "xingyang", 2025, "2025-06"))
    book = load_workbook(write_workbook(analysis.summary, tmp_path / "d.xlsx", "en", analysis))
    assert book.sheetnames == ["Overview", "Numbers", "Release by release", "Other targets",
                               "Rules"]
    assert book["Overview"]["A5"].value == "Gross domestic product"
    assert isinstance(book["Release by release"]["C2"].value, float)
