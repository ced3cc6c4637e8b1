"""Loading, resolution and the as-of view, on the shipped data and on small synthetic files."""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook

from xyforecast.inputs.dataset import default_data_dir, load, load_files
from xyforecast.periods import Period

from conftest import HEADER, copy_data, write_csv


def test_shipped_data_loads_with_every_row(data):
    assert len(data.observations) == 1024 + 686  # data/ and data/henan/
    assert len(data.targets) == 101 + 150 - 6  # six Zhengzhou targets are in both, agreeing
    assert set(data.observations["region"]) == set(data.catalog.regions)
    assert len(data.sha256) == 64


def test_full_year_and_ytd_december_are_one_figure(data):
    # China GDP 2023: "2023" 5.2 (preliminary) and "2023-12" 5.4 (NBS current database).
    rows = data.observations
    both = rows[(rows.region == "china") & (rows.indicator == "gdp") & (rows.year == 2023)
                & (rows.month == 12) & (rows.measure == "growth_pct")]
    assert sorted(both["period"]) == ["2023", "2023-12"]
    assert data.annual("china", "gdp")[2023] == 5.4


def test_conflicts_are_resolved_by_the_stated_rule_and_reported(data):
    by_key = {c.key: c for c in data.conflicts}
    c2021 = by_key[("china", "gdp", "", "growth_pct", 2021, 12)]
    assert c2021.kept["value"] == 8.6  # current database beats final (8.4) and preliminary (8.1)
    assert sorted(o["value"] for o in c2021.others) == [8.1, 8.4]
    assert "vintage current database beats final" in c2021.message().render("en")
    assert "核算版本 统计局现行数据库 优先于 最终核实" in str(c2021)  # Chinese by default
    zz = by_key[("zhengzhou", "gdp", "", "growth_pct", 2022, 12)]
    assert zz.kept["value"] == 1.0 and "final beats preliminary" in zz.reason
    # every conflict of the shipped data is a vintage; Zhengzhou's 2022 GDP level, 12934
    # on one page and 12934.7 on another, is one figure cut short (kept: 12934.7)
    assert len(data.conflicts) == 36 and {c.kind for c in data.conflicts} == {"vintage"}
    assert data.annual("zhengzhou", "gdp", "level")[2022] == 12934.7
    # half a unit apart is not one figure: Zhengzhou's 2022 industry, 4 against 3.5
    iva = by_key[("zhengzhou", "industrial_value_added", "", "growth_pct", 2022, 12)]
    assert iva.kept["value"] == 4 and iva.kind == "vintage"


def test_rounded_copies_of_one_figure_are_not_conflicts(data):
    keys = {c.key[:5] for c in data.conflicts}
    assert ("zhengzhou", "gdp", "", "level", 2017) not in keys  # 9130, 9130.2, 9130.17
    assert data.annual("zhengzhou", "gdp", "level")[2017] == 9130.17


def test_two_territorial_bases_are_separate_series(data):
    civil = data.series("zhongmu", "gdp", "level", territory="civil")
    managed = data.series("zhongmu", "gdp", "level", territory="managed")
    assert civil[Period(2020, 12)] == 1259.10 and managed[Period(2020, 12)] == 435.9
    assert not any(c.key[0] == "zhongmu" and c.key[4] == 2020 for c in data.conflicts)


def test_as_of_contains_nothing_after_the_cutoff(data):
    view = data.as_of("2023-09")
    periods = [Period(y, m) for y, m in zip(view.figures.year, view.figures.month)]
    assert max(periods) == Period(2023, 9)
    assert all(Period(y, m) <= Period(2023, 9)
               for y, m in zip(view.observations.year, view.observations.month))
    assert view.targets["year"].max() == 2023
    assert all(Period(*c.key[-2:]) <= Period(2023, 9) for c in view.conflicts)
    assert view.cutoff == Period(2023, 9)
    assert data.as_of(Period(2023, 9)).figures.equals(view.figures)


def test_as_of_takes_earlier_years_at_their_latest_vintage_and_its_own_year_first_published(data):
    """No look-ahead in vintages either: in October 2023 NBS had published Q1-Q3 growth of 5.2%;
    the 5.4% in its database came with the 2024 revision. Earlier years use the latest vintage."""
    view = data.as_of("2023-09")
    assert view.year_to_date("china", "gdp", 2023)[9] == 5.2
    assert data.year_to_date("china", "gdp", 2023)[9] == 5.4
    assert view.annual("china", "gdp")[2021] == 8.6 == data.annual("china", "gdp")[2021]
    early = data.observations[(data.observations.year < 2023)
                              & ~data.observations.suspect].reset_index(drop=True)
    from xyforecast.inputs.dataset import resolve

    figures, _, _ = resolve(early)
    pd.testing.assert_frame_equal(
        figures.reset_index(drop=True),
        view.figures[view.figures.year < 2023].reset_index(drop=True))


def test_year_to_date_and_latest(data):
    ytd = data.year_to_date("china", "gdp", 2025)
    assert ytd.to_dict() == {3: 5.4, 6: 5.3, 9: 5.2}
    assert data.latest("zhengzhou", 2025) == Period(2025, 9)
    assert data.latest("xingyang") == Period(2020, 12)


def test_users_own_figures_come_on_top_and_win(tmp_path):
    """Synthetic local figure: the user's file says China GDP 2025-09 grew 5.3."""
    local = tmp_path / "data"
    (local / "local").mkdir(parents=True)
    copy_data(local)
    write_csv(local / "local" / "mine.csv",
              [["china", "gdp", "2025-09", "growth_pct", "5.3", "%", "test (synthetic)", ""]])
    data = load(local)
    assert data.year_to_date("china", "gdp", 2025)[9] == 5.3
    conflict = [c for c in data.conflicts if c.key == ("china", "gdp", "", "growth_pct", 2025, 9)]
    assert conflict and conflict[0].reason == "your own file beats the shipped data"
    assert str(conflict[0].why) == "您自己的文件优先于随附数据"


def test_gbk_bom_and_xlsx_read_the_same(tmp_path, catalog):
    source = "荥阳市统计局 统计月报 (synthetic)"
    row = ["xingyang", "gdp", "2025-09", "growth_pct", "5.8", "%", source, "测试"]
    gbk = write_csv(tmp_path / "gbk.csv", [row], encoding="gbk")
    bom = write_csv(tmp_path / "bom.csv", [row], encoding="utf-8-sig")
    book = Workbook()
    book.active.append(HEADER)
    book.active.append([*row[:4], 5.8, *row[5:]])
    book.create_sheet("说明").append(["instructions, not data"])
    book.save(tmp_path / "f.xlsx")
    frames = [load_files(catalog, [], [p]).figures for p in (gbk, bom, tmp_path / "f.xlsx")]
    for frame in frames:
        assert frame[["region", "year", "month", "value", "source"]].values.tolist() == [
            ["xingyang", 2025, 9, 5.8, source]]


def test_chinese_headers_full_width_digits_and_thousands_separators(tmp_path, catalog):
    rows = [["china", "retail_sales", "２０２５-０９", "level", "365,877", "亿元", "s", ""],
            ["china", "retail_sales", "2025-09", "growth_pct", "4.5%", "％", "s", ""]]
    header = ["地区", "指标", "时期", "口径", "数值", "单位", "来源", "备注"]
    path = write_csv(tmp_path / "zh.csv", rows, header=header)
    figures = load_files(catalog, [], [path]).figures
    assert sorted(figures["value"]) == [4.5, 365877.0]


def test_the_shipped_template_is_valid_once_its_example_row_is_replaced(tmp_path, catalog):
    from openpyxl import load_workbook

    from xyforecast.inputs.template import HEADERS_ZH

    book = load_workbook(default_data_dir() / "templates" / "observations_template.xlsx")
    sheet = book["observations"]
    assert [c.value for c in sheet[1]] == HEADERS_ZH
    assert "填写说明" in [c.value for c in book["说明 Instructions"]["A"]]
    sheet.delete_rows(2)
    sheet.append(["荥阳市", "社零", "2025年1-9月", "累计增速", 6.1, "%", "synthetic test row",
                  None, "2025-10-20"])
    book.save(tmp_path / "filled.xlsx")
    figures = load_files(catalog, [], [tmp_path / "filled.xlsx"]).figures
    assert figures[["region", "indicator", "year", "month", "value", "released"]].values.tolist() \
        == [["xingyang", "retail_sales", 2025, 9, 6.1, "2025-10-20"]]
