"""The 统计月报 reader, at the level of the rows it produces (before validation): every column
classified before a number is read, this year's figures only, periods with any dash, units,
titles and compilers, merges as ranges.

The rows with the measures ``month_level`` and ``change_pp`` are checked here, before
validation: the catalogue registers those measures on the data engineer's branch (issue 19).
Every table is synthetic (tests/corpus/README.md, tests/fixtures/make_fixtures.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata

import openpyxl
import pytest

from xyforecast.inputs.headers import Base, classify
from xyforecast.inputs.readers import read_table
from xyforecast.inputs.table import Merges
from xyforecast.inputs.titles import regions_in
from xyforecast.periods import DASHES, Period, find

from conftest import ROOT

CORPUS = ROOT / "tests" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.mark.parametrize(("header", "kind"), [
    # this year's figures, read
    ("同比增长(%)", "growth_pct"), ("累计增长%", "growth_pct"), ("比上年同期增长%", "growth_pct"),
    ("比上年同期增减(%)", "growth_pct"), ("1−9月增长(%)", "growth_pct"),
    ("1-9月累计", "level"), ("1〜9月", "level"), ("本年累计", "level"), ("本月止累计", "level"),
    ("总量", "level"), ("1-9月完成", "level"), ("绝对额", "level"), ("同比±%", "growth_pct"),
    ("本月增长%", "month_growth_pct"), ("当月增速", "month_growth_pct"),
    ("当季增速", "month_growth_pct"),
    ("本月", "month_level"), ("当月", "month_level"), ("9月", "month_level"),
    ("本月绝对值", "month_level"),
    ("增速比上期提高(百分点)", "change_pp"), ("比1-8月提高/回落(百分点)", "change_pp"),
    ("比1〜8月提高", "change_pp"), ("比上月", "change_pp"), ("较上期回落", "change_pp"),
    ("比上年全年提高", "change_pp"), ("1-9月增速比1-8月提高", "change_pp"),
    # named and not read
    ("全年目标增长(%)", "target"), ("全年增长目标%", "target"), ("完成全年计划%", "plan"),
    ("计划增长(%)", "plan"), ("序时进度%", "plan"), ("预计全年增长(%)", "estimate"),
    ("比上年同期增减(百分点)", "change_yoy_pp"), ("增速比上年同期提高", "change_yoy_pp"),
    ("上年同期增长(%)", "last_year"), ("去年同期增速(%)", "last_year"),
    ("上年同期累计", "last_year"), ("占全市比重%", "share"), ("拉动增长(百分点)", "contribution"),
    ("贡献率%", "contribution"), ("位次", "rank"), ("环比增长%", "month_on_month"),
    ("比上月增长%", "month_on_month"), ("备注", "note"),
    # structure, and what cannot be classified
    ("指标名称", "label"), ("单位", "unit"), ("增减(百分点)", ""), ("备用", ""),
    ("比1-8月增长%", ""), ("单位：亿元", ""), ("报出日期：2025年10月20日", ""),
    ("比7-9月提高", ""), ("比13月提高", ""),  # a quarter, no month: nothing to compare with
])
def test_every_header_is_classified_before_a_number_is_read(header, kind):
    assert classify(header).kind == kind


def test_what_a_change_compares_with_and_the_columns_own_period():
    assert classify("比1-8月提高/回落(百分点)").base == Base("period", 8)
    assert classify("增速比上期提高").base == Base("release")
    assert classify("比上月").base == Base("months", 1)
    assert classify("比上半年提高").base == Base("period", 6)
    assert classify("比上年全年回落").base == Base("period", 12, 1)
    header = classify("1-9月增速比1-8月提高")
    assert (header.found.month, header.base) == (9, Base("period", 8))
    assert classify("累计(万元)").unit == "万元"
    assert classify("同比增长(%)").unit == ""


@pytest.mark.parametrize(("year", "month", "cadence", "previous"), [
    (2025, 9, "monthly", (2025, 8)), (2025, 3, "monthly", (2025, 2)),
    (2025, 2, "monthly", (2024, 12)),  # January is published with February
    (2025, 9, "quarterly", (2025, 6)), (2025, 3, "quarterly", (2024, 12)),
    (2025, 9, "annual", None),
])
def test_the_previous_release_a_change_in_points_is_against(year, month, cadence, previous):
    expected = Period(*previous) if previous else None
    assert Period(year, month).previous_release(cadence) == expected


def test_a_header_naming_a_period_is_that_period():
    feb, sep = Period(2025, 2), Period(2025, 9)
    assert Base("months", 1).period(feb, Period(2024, 12)) == Period(2025, 1)  # 上月 of 1-2月
    assert Base("period", 8).period(sep, Period(2025, 8)) == Period(2025, 8)
    assert Base("period", 12, 1).period(feb, Period(2024, 12)) == Period(2024, 12)
    assert Base("release").period(sep, Period(2025, 6)) == Period(2025, 6)


def test_every_unicode_dash_is_a_range_sign():
    dashes = {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Pd"}
    folded = {unicodedata.normalize("NFKC", d) for d in dashes}
    assert folded <= set(DASHES)
    for dash in [*sorted(folded), "〜", "～", "−", "∼", "——", "至", "到", "…", "..."]:
        assert find(f"1{dash}9月") == (None, 9, False, True), dash
    assert find("1月至9月").month == 9 and not find("1月份-9月份").single


@pytest.mark.parametrize("text", ["全年目标增长(%)", "预计全年增长", "完成全年计划%",
                                  "全年增长目标%"])
def test_full_year_in_a_target_plan_or_estimate_is_never_month_12(text):
    assert find(text) is None


@pytest.mark.parametrize(("title", "regions"), [
    ("河南省荥阳市2025年1-9月主要经济指标", ["xingyang"]),
    ("河南省郑州市荥阳市2025年1-9月", ["xingyang"]),
    ("郑州市、荥阳市 2025年", ["zhengzhou", "xingyang"]),
    ("郑州市2025年1-9月", ["zhengzhou"]),
])
def test_a_title_naming_the_province_then_the_county_is_the_county(catalog, title, regions):
    assert regions_in(catalog, title) == regions


def test_merges_are_ranges_found_by_bisection_and_overlaps_are_named():
    merges = Merges([(3, 1, 49_002, 1), (60_000, 1, 60_001, 2)], range(1, 5))
    assert merges.at(3, 1) == merges.at(49_002, 1) == (3, 1, 49_002, 1)
    assert merges.at(2, 1) is merges.at(49_003, 1) is merges.at(3, 2) is None
    assert merges.at(60_001, 2) == (60_000, 1, 60_001, 2) and merges.overlap is None
    overlapping = Merges([(3 + n, 1, 49_003 + n, 1) for n in range(5_000)], range(1, 2))
    assert overlapping.overlap == ((3, 1, 49_003, 1), (4, 1, 49_004, 1))


def _rows(path, catalog) -> list[tuple]:
    table = read_table(path, catalog)
    return [(r.cells["indicator"], r.cells["measure"], r.cells["period"], r.cells["value"],
             r.cells["unit"], r.refs["value"]) for r in table.rows]


def test_the_whole_row_is_read_and_nothing_else(catalog):
    """本月, 1-9月累计, 同比增长, 本月增长, 增速比1-8月提高 are read; 比上年同期增减(百分点)
    is not."""
    assert _rows(CORPUS / "bureau_whole_row.xlsx", catalog) == [
        ("fixed_asset_investment", "month_level", "2025-09", 31.7, "亿元", "C3"),
        ("fixed_asset_investment", "level", "2025-09", 268.1, "亿元", "D3"),
        ("fixed_asset_investment", "growth_pct", "2025-09", 7.2, "%", "E3"),
        ("fixed_asset_investment", "month_growth_pct", "2025-09", 9.8, "%", "F3"),
        ("fixed_asset_investment", "change_pp", "2025-09", 0.4, "百分点", "G3"),
        ("retail_sales", "month_level", "2025-09", 24.3, "亿元", "C4"),
        ("retail_sales", "level", "2025-09", 210.5, "亿元", "D4"),
        ("retail_sales", "growth_pct", "2025-09", 5.4, "%", "E4"),
        ("retail_sales", "month_growth_pct", "2025-09", 6.2, "%", "F4"),
        ("retail_sales", "change_pp", "2025-09", 0.1, "百分点", "G4")]


@pytest.mark.parametrize("name", [
    "bureau_target_growth_column.xlsx", "bureau_target_growth_pct_sign.csv",
    "bureau_plan_completed.xlsx", "bureau_estimate_full_year.csv", "bureau_plan_growth.csv",
    "bureau_points_against_last_year.csv", "bureau_share_of_city.csv",
    "bureau_contribution_points.xlsx", "bureau_rank_column.csv", "bureau_wave_dash.csv",
    "bureau_minus_sign_dash.csv", "bureau_hyphen_dash.csv", "bureau_figure_dash.csv",
    "bureau_double_em_dash.csv", "bureau_compiler_line.xlsx", "bureau_title_as_date.xlsx",
    "bureau_province_and_county_title.xlsx"])
def test_beside_other_columns_and_whatever_the_dash_this_years_figures_are_read(name, catalog):
    """Targets, plans, estimates, shares … never become a figure, 全年 never month 12, 1〜9月
    never a single month, a compiler never the region, a date-typed title is the period."""
    table = read_table(CORPUS / name, catalog)
    values = {(r.cells["indicator"], r.cells["measure"], r.cells["period"],
               float(r.cells["value"])) for r in table.rows}
    assert values == {("fixed_asset_investment", "level", "2025-09", 265.3),
                      ("fixed_asset_investment", "growth_pct", "2025-09", 8.5),
                      ("retail_sales", "level", "2025-09", 210.4),
                      ("retail_sales", "growth_pct", "2025-09", 6.2)}
    assert {r.cells["region"] for r in table.rows} == {"xingyang"}


def test_a_unit_in_the_name_wins_over_the_unit_line_and_says_so(catalog):
    table = read_table(CORPUS / "bureau_wan_yuan_name_under_yi_line.xlsx", catalog)
    assert [(r.cells["value"], r.cells["unit"], r.refs["unit"]) for r in table.rows] == [
        (2653000, "万元", "A4"), (8.5, "%", "C3"), (210.4, "亿元", "A2"), (6.2, "%", "C3")]
    (warning,) = table.problems
    assert "A4 为“万元”，A2 为“亿元”" in warning.render("zh")


def test_a_release_date_line_dates_every_figure(catalog):
    table = read_table(CORPUS / "bureau_release_date_line.xlsx", catalog)
    assert {(str(r.cells["vintage"])[:10], r.refs["vintage"]) for r in table.rows} == {
        ("2025-10-20", "B2")}


def test_section_headings_merged_across_are_rows_without_figures(catalog):
    rows = _rows(CORPUS / "bureau_merged_section_headings.xlsx", catalog)
    assert [r[:2] for r in rows] == [
        ("industrial_value_added", "growth_pct"), ("fixed_asset_investment", "level"),
        ("fixed_asset_investment", "growth_pct"), ("retail_sales", "level"),
        ("retail_sales", "growth_pct")]


def test_a_change_against_another_period_is_named_not_read(catalog):
    table = read_table(CORPUS / "bureau_change_against_other_period.xlsx", catalog)
    changes = [r for r in table.rows if r.cells["measure"] == "change_pp"]
    assert [(r.cells["indicator"], r.cells["value"]) for r in changes] == [("gdp", 0.2)]
    assert [p.where for p in table.problems] == ["'1-9月'!E4"]


def test_the_synthetic_bulletin_gives_exactly_these_rows(catalog):
    """The fixture the document engineer and the lead use: the rows the reader makes."""
    rows = _rows(FIXTURES / "synthetic_统计月报_荥阳市_2025年1-9月.xlsx", catalog)
    assert rows == [
        ("gdp", "level", "2025-09", 452.3, "亿元", "D4"),
        ("gdp", "growth_pct", "2025-09", 5.6, "%", "E4"),
        ("industrial_value_added", "growth_pct", "2025-09", 8.9, "%", "E5"),
        ("industrial_value_added", "month_growth_pct", "2025-09", 10.2, "%", "F5"),
        ("industrial_value_added", "change_pp", "2025-09", 0.3, "百分点", "G5"),
        ("fixed_asset_investment", "month_level", "2025-09", 31.7, "亿元", "C6"),
        ("fixed_asset_investment", "level", "2025-09", 268.1, "亿元", "D6"),
        ("fixed_asset_investment", "growth_pct", "2025-09", 7.2, "%", "E6"),
        ("fixed_asset_investment", "month_growth_pct", "2025-09", 9.8, "%", "F6"),
        ("fixed_asset_investment", "change_pp", "2025-09", 0.4, "百分点", "G6"),
        ("retail_sales", "month_level", "2025-09", 24.3, "亿元", "C7"),
        ("retail_sales", "level", "2025-09", 210.5, "亿元", "D7"),
        ("retail_sales", "growth_pct", "2025-09", 5.4, "%", "E7"),
        ("retail_sales", "month_growth_pct", "2025-09", 6.2, "%", "F7"),
        ("retail_sales", "change_pp", "2025-09", 0.1, "百分点", "G7"),
        ("public_budget_revenue", "month_level", "2025-09", 2.7, "亿元", "C8"),
        ("public_budget_revenue", "level", "2025-09", 30.6, "亿元", "D8"),
        ("public_budget_revenue", "growth_pct", "2025-09", 2.9, "%", "E8"),
        ("public_budget_revenue", "change_pp", "2025-09", -0.2, "百分点", "G8")]


def test_the_two_synthetic_bulletins_agree_as_a_bureaus_do(catalog):
    """Each stated change is the difference of the two growths; each 本月 the difference of
    the two year-to-date levels."""
    nine, eight = ({(r[0], r[1]): r[3] for r in _rows(
        FIXTURES / f"synthetic_统计月报_荥阳市_2025年1-{m}月.xlsx", catalog)} for m in (9, 8))
    for indicator in ("industrial_value_added", "fixed_asset_investment", "retail_sales",
                      "public_budget_revenue"):
        change = nine[(indicator, "growth_pct")] - eight[(indicator, "growth_pct")]
        assert round(change, 1) == nine[(indicator, "change_pp")], indicator
        if (indicator, "level") in nine:
            month = nine[(indicator, "level")] - eight[(indicator, "level")]
            assert round(month, 1) == nine[(indicator, "month_level")], indicator


@pytest.mark.skipif(openpyxl.__version__ != "3.1.5",
                    reason="the committed .xlsx files were written by another openpyxl")
def test_the_fixtures_are_what_their_script_builds(tmp_path):
    env = {**os.environ, "OPENPYXL_LXML": "False"}  # the corpus's pure-Python writer
    subprocess.run([sys.executable, str(FIXTURES / "make_fixtures.py"), str(tmp_path)],
                   env=env, check=True, capture_output=True)
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == sorted(p.name for p in FIXTURES.glob("synthetic_*.xlsx"))
    for name in built:
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), name
