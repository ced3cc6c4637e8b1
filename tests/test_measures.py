"""The bureau table's whole row (docs/design-seams.md): ``month_level`` (本月) and
``change_pp`` (增速比上期提高), the previous period's growth they imply, and the plausibility
checks across files and months. Every file here is synthetic (sources "synthetic")."""

from __future__ import annotations

import pytest

from xyforecast.cli import main
from xyforecast.errors import DataError
from xyforecast.inputs.dataset import load
from xyforecast.periods import Period

from conftest import write_csv

ROWS = [
    ["xingyang", "gdp", "2025-09", "growth_pct", "5.6", "%", "synthetic", ""],
    ["xingyang", "gdp", "2025-09", "change_pp", "0.2", "百分点", "synthetic", ""],
    ["xingyang", "retail_sales", "2025-09", "growth_pct", "6.2", "%", "synthetic", ""],
    ["xingyang", "retail_sales", "2025-09", "change_pp", "-0.1", "个百分点", "synthetic", ""],
    ["xingyang", "retail_sales", "2025-09", "level", "210.4", "亿元", "synthetic", ""],
    ["xingyang", "retail_sales", "2025-09", "month_level", "25.1", "亿元", "synthetic", ""],
]


def test_a_change_in_points_gives_the_previous_periods_growth_where_no_file_does(tmp_path):
    path = write_csv(tmp_path / "yb.csv", ROWS)
    data = load(extra=[path])
    # GDP is quarterly: 1-9月 against 1-6月; retail sales against 1-8月
    assert data.year_to_date("xingyang", "gdp", 2025).to_dict() == {6: 5.4, 9: 5.6}
    assert data.year_to_date("xingyang", "retail_sales", 2025).to_dict() == {8: 6.3, 9: 6.2}
    derived = data.observations[data.observations["origin"] == "derived"]
    gdp = derived[derived["indicator"] == "gdp"].iloc[0]
    assert (gdp["period"], gdp["file"], gdp["note"]) == (
        "2025-06", str(path), "5.6 − 0.2 (yb.csv:2, yb.csv:3)")
    # published with the table it comes from: as of June it does not exist
    assert data.as_of("2025-06").year_to_date("xingyang", "gdp", 2025).empty
    assert data.as_of("2025-09").year_to_date("xingyang", "gdp", 2025).to_dict() == {
        6: 5.4, 9: 5.6}
    assert data.values("xingyang", "retail_sales", "month_level") == {Period(2025, 9): 25.1}


def test_a_published_previous_figure_is_kept_and_a_disagreement_named(tmp_path, capsys):
    rows = [*ROWS, ["xingyang", "gdp", "2025-06", "growth_pct", "5.1", "%", "synthetic", ""]]
    path = write_csv(tmp_path / "yb.csv", rows)
    data = load(extra=[path])
    assert data.year_to_date("xingyang", "gdp", 2025).to_dict() == {6: 5.1, 9: 5.6}
    assert main(["check-data", str(path), "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{path}:3: warning: 2025-09: the stated change of growth, +0.2 points, does not "
        "match 2025-06's growth 5.1 (yb.csv:8) and 2025-09's 5.6 (yb.csv:2), a change of +0.5")


def test_levels_implausible_beside_each_other_are_warnings_naming_both_cells(tmp_path,
                                                                                capsys):
    path = write_csv(tmp_path / "levels.csv", [
        ["xingyang", "fixed_asset_investment", "2025-08", "level", "270.0", "亿元", "s", ""],
        ["xingyang", "fixed_asset_investment", "2025-09", "level", "265.3", "亿元", "s", ""],
        ["xingyang", "retail_sales", "2025-09", "level", "210.4", "亿元", "s", ""],
        ["xingyang", "retail_sales", "2025-09", "month_level", "250", "亿元", "s", ""],
        ["xingyang", "public_budget_revenue", "2025-09", "level", "30.5", "亿元", "s", ""],
        ["xingyang", "public_budget_revenue", "2025-09", "month_level", "0.001", "亿元", "s",
         ""]])
    assert main(["check-data", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:3: 警告：累计总量 265.3（2025-09）低于 2025-08 的 270.0（levels.csv:2）："
        "年内累计数不会回落，请检查单位、时期或是否为当月数",
        f"{path}:5: 警告：当月总量 250（2025-09）大于同期累计总量 210.4（levels.csv:4）："
        "请检查两列是否颠倒或单位",
        f"{path}:7: 警告：当月总量 0.001（2025-09）不到同期累计总量 30.5（levels.csv:6）"
        "按月平均的 20 分之一：请检查单位",
        "1 个文件，6 行：有效；3 条警告；0 处冲突已按 data/README.md 的规则处理"]


@pytest.mark.parametrize(("row", "message"), [
    (["xingyang", "fixed_asset_investment", "2025", "target_level", "0", "亿元", "s", ""],
     "a level target of 0 cannot measure progress: give the target or delete the row"),
    (["xingyang", "rd_intensity", "2025-09", "month_level", "2.1", "%", "s", ""],
     "rd_intensity has no month_level (unit %): a month's level belongs to an amount, a "
     "change in growth to an indicator with real or nominal growth"),
    (["xingyang", "tourist_arrivals", "2025-09", "change_pp", "1.0", "百分点", "s", ""],
     "tourist_arrivals has no change_pp (unit 万人次): a month's level belongs to an amount, "
     "a change in growth to an indicator with real or nominal growth"),
    (["xingyang", "retail_sales", "2025", "month_level", "20", "亿元", "s", ""],
     "month_level needs the month (YYYY-MM), not a whole year"),
    (["xingyang", "retail_sales", "2025-09", "change_pp", "0.3", "%", "s", ""],
     "unit '%' does not fit change_pp of retail_sales (expected '百分点')"),
])
def test_what_the_new_measures_may_not_be(row, message, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [row])
    with pytest.raises(DataError) as refused:
        load(extra=[path])
    assert [p.render("en") for p in refused.value.problems] == [f"{path}:2: {message}"]


def test_a_level_target_of_0_stops_every_command_with_its_line_not_an_internal_error(
        tmp_path, capsys):
    """Issue 19.6: a target_level of 0 passed check-data, then forecast failed with
    "内部错误：ZeroDivisionError"."""
    path = write_csv(tmp_path / "target.csv", [
        ["xingyang", "fixed_asset_investment", "2025", "target_level", "0", "亿元", "s", ""]])
    assert main(["forecast", "--region", "xingyang", "--year", "2025", "--observations",
                 str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:2: 目标总量为 0：无法衡量完成进度；请填写目标值，或删去此行" in err
    assert "内部错误" not in err
