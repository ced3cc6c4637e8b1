"""dashboard.xlsx read back with openpyxl: the bureau's layout, numbers stored as numbers with
number formats, statuses coloured by conditional formatting, names and never codes, and a
print set-up on every sheet. The Xingyang figures added here are synthetic (tests only)."""

from __future__ import annotations

import math
import re

import pytest
from openpyxl import load_workbook

from xyforecast.forecast import Forecast
from xyforecast.inputs.dataset import load
from xyforecast.outputs.analysis import Analysis
from xyforecast.outputs.tables import width
from xyforecast.outputs.workbook import RULES_WIDTH, write_workbook

from conftest import write_csv

CODES = {"borrowed", "ytd-bridge", "published", "on_track", "at_risk", "off_track",
         "no_target", "annual-combination", "growth_pct"}
ROWS = [["xingyang", "fixed_asset_investment", "2024-09", "level", 240.0, "亿元"],
        ["xingyang", "fixed_asset_investment", "2024", "level", 330.0, "亿元"],
        ["xingyang", "fixed_asset_investment", "2025-08", "level", 220.0, "亿元"],
        ["xingyang", "fixed_asset_investment", "2025-08", "growth_pct", 4.0, "%"],
        ["xingyang", "fixed_asset_investment", "2025-09", "level", 250.0, "亿元"],
        ["xingyang", "fixed_asset_investment", "2025-09", "growth_pct", 4.2, "%"]]


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("book")
    own = write_csv(folder / "own.csv", [[*r, "synthetic test figures", ""] for r in ROWS])
    analysis = Analysis(Forecast.build(load(extra=[own]), "xingyang", 2025, "2025-09"))
    return load_workbook(write_workbook(analysis, folder / "dashboard.xlsx", "zh"))


def test_bureau_sheet_numbers_level_targets_and_no_codes(book, data):
    sheet = book["总览"]
    assert [c.value for c in sheet[3]] == ["指标", "本月", "同比%", "累计", "同比%",
                                           "增速比上期", "目标", "全年预测", "80%区间", None,
                                           "达标概率", "状态", "余下时期需增长"]
    investment = next(r for r in sheet.iter_rows(min_row=5, max_row=9) if r[0].value ==
                      "固定资产投资")
    # 本月 = 250 - 220 (synthetic), 累计 250, its growth 4.2, 0.2 points up on 1-8月
    assert [c.value for c in investment[1:6]] == [30.0, None, 250.0, 4.2, 0.2]
    # numbers, not text (a whole number such as a P(meet) of 0 reads back as an int)
    assert all(isinstance(c.value, int | float) for c in investment[7:11])
    assert investment[10].number_format == "0%" and investment[7].number_format == "0.0"
    level = next(r for r in sheet.iter_rows(min_row=12) if r[0].value == "固定资产投资")
    assert level[1].value == "360亿元以上" and level[3].value == 250.0
    assert round(level[4].value, 3) == 0.694 and level[4].number_format == "0.0%"
    assert level[5].value == 0.75  # 序时进度: 9 of 12 months
    assert round(level[6].value, 1) == -5.6  # 5.6 points behind it
    assert round(level[7].value, 3) == 0.727  # the usual share: 240 of 330 last year
    rules = [r for cf in sheet.conditional_formatting for r in cf.rules]
    assert {r.formula[0] for r in rules} == {'"有望完成"', '"存在一定压力"', '"压力较大"'}
    shown = {str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value}
    assert not shown & (CODES | set(data.catalog.regions))


def test_every_sheet_prints_landscape_fitted_to_the_width_with_titles_and_rules(book):
    """The workbook printed as 15 portrait pages cut after column E."""
    for sheet in book:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == \
            ("landscape", 9, 1, 0), sheet.title  # 9: A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert book["总览"].print_title_rows == "$3:$4"
    assert book["数值"].print_title_rows == "$1:$1"
    first = book["总览"]["A5"]
    assert first.border.left.style == "thin" and first.border.bottom.style == "thin"


def test_the_english_workbook_speaks_english(data, tmp_path):
    analysis = Analysis(Forecast.build(data, "xingyang", 2025, "2025-06"))
    book = load_workbook(write_workbook(analysis, tmp_path / "d.xlsx", "en"))
    assert book.sheetnames == ["Overview", "Numbers", "Release by release", "Other targets",
                               "Rules"]
    assert book["Overview"]["A5"].value == "Gross domestic product"
    assert isinstance(book["Release by release"]["C2"].value, float)


def test_the_workbooks_own_text_is_full_width_and_names_periods_not_codes(book):
    """The title, the note, the headers and the news in Chinese punctuation (（数据截至…）, not
    (数据截至…)); periods as 2025年1-9月, never 2025-09; only the bases of the rules sheet,
    the engine's sentences, may still carry a sign."""
    found = []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str) or not re.search(r"[\u4e00-\u9fff]", value):
                    continue
                if re.search(r"[(),;:]", value) or re.search(r"\b20\d\d-\d\d\b", value):
                    found.append(f"{sheet.title}!{cell.coordinate}: {value}")
    assert found == []
    overview = book["总览"]
    assert overview["A1"].value == "荥阳市2025年主要指标目标达成预测（数据截至2025年1-9月）"
    assert overview["A10"].value.startswith("注：本月、累计、增速比上期栏为荥阳市本地数据（")
    news = [r[7] for r in book["逐月变化"].iter_rows(min_row=2, values_only=True) if r[7]]
    assert news and all(re.fullmatch(r".+?20\d\d年(1-)?\d+月累计(增长|下降)\d+\.\d%|本期起采用"
                                     r"荥阳市本地数据", n) for n in news), news
    periods = [r[3] for r in book["数值"].iter_rows(min_row=2, values_only=True)]
    assert "2025年1-9月" in periods


def test_a_header_fills_only_its_own_cells_and_long_rules_rows_are_tall(book):
    """The level block's header (11 columns) under the main table (13) printed two empty
    shaded cells; the rules sheet's wrapped bases were cut to one line in print."""
    overview = book["总览"]
    header = next(r for r in overview.iter_rows(min_row=12) if r[0].value == "指标")
    shaded = [c.column for c in header if c.fill.fgColor.rgb == "00DDE7F3"]
    assert shaded == [c.column for c in header if c.value is not None]
    rules = book["规则"]
    for (key, value) in rules.iter_rows(values_only=False):
        lines = math.ceil(width(str(value.value)) / (RULES_WIDTH - 4))
        if lines > 1:
            assert rules.row_dimensions[key.row].height >= 17 * lines, key.value
    assert any(rules.row_dimensions[r].height for r in range(1, rules.max_row + 1))


def test_a_level_target_without_figures_says_so_under_its_period(data, tmp_path):
    """"暂无数据" stood in the last column (常规进度依据) of the level block: it belongs
    where the period and the amount done would be."""
    analysis = Analysis(Forecast.build(data, "xingyang", 2025, "2025-09"))
    sheet = load_workbook(write_workbook(analysis, tmp_path / "d.xlsx", "zh"))["总览"]
    header = next(r for r in sheet.iter_rows(min_row=12) if r[0].value == "指标")
    level = [c.value for c in sheet[header[0].row + 1]]
    assert level[:3] == ["固定资产投资", "360亿元以上", "暂无数据"]
    assert not [v for v in level[3:] if v is not None]
