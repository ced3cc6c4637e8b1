from __future__ import annotations

import json
import shutil

import pytest

from xyforecast import config
from xyforecast.catalog import REGION_CODE, Catalog
from xyforecast.errors import DataError, UsageError


def test_parent_chain_of_xingyang(catalog):
    chain = [r.code for r in catalog.chain("xingyang")]
    assert chain == ["xingyang", "zhengzhou", "henan", "china"]


def test_siblings_are_zhengzhous_other_counties(catalog):
    assert {r.code for r in catalog.siblings("xingyang")} == {
        "gongyi", "xinzheng", "xinmi", "dengfeng", "zhongmu"}


def test_headline_indicators_in_report_order_with_units_and_price_basis(catalog):
    headline = catalog.headline()
    assert [i.code for i in headline] == ["gdp", "industrial_value_added",
                                          "fixed_asset_investment", "retail_sales",
                                          "public_budget_revenue"]
    assert [i.price_basis for i in headline] == ["real", "real", "nominal", "nominal", "nominal"]
    assert headline[0].name_zh == "地区生产总值" and headline[0].quarterly
    assert all(i.unit == "亿元" for i in headline)


def test_unknown_codes_name_the_known_ones_in_chinese_and_english(catalog):
    with pytest.raises(UsageError, match=r"未知地区“xingyan”（是否应为 xingyang") as error:
        catalog.region("xingyan")
    assert error.value.args[0].render("en").startswith("unknown region 'xingyan' (did you mean")
    with pytest.raises(UsageError, match="未知指标“gpd”"):
        catalog.indicator("gpd")


@pytest.mark.parametrize("name", ["xingyang", "荥阳市", "荥阳", "Xingyang", " XINGYANG ",
                                  "410182", "荥阳\u200b"])
def test_a_region_is_known_by_its_code_its_names_and_its_official_code(catalog, name):
    assert catalog.resolve_region(name) == "xingyang"


@pytest.mark.parametrize(("name", "code"), [
    ("地区生产总值", "gdp"), ("GDP", "gdp"), ("规模以上工业增加值", "industrial_value_added"),
    ("规上工业增加值", "industrial_value_added"), ("社零", "retail_sales"),
    ("固投", "fixed_asset_investment"), ("一般公共预算收入", "public_budget_revenue"),
    ("地区生产总值(亿元)", "gdp"), ("其中：工业投资", "industrial_investment"),
    ("  1.固定资产投资", "fixed_asset_investment"), ("Retail sales of consumer goods",
                                                "retail_sales"),
])
def test_indicators_are_known_by_their_names_and_short_forms(catalog, name, code):
    assert catalog.code("indicator", name) == code


def test_notebook_parameters_can_resolve_names_through_the_catalogue(catalog):
    """The functions a notebook's parameter check calls (report/pages.py wires them)."""
    assert catalog.resolve_indicator("规上工业增加值") == "industrial_value_added"
    with pytest.raises(UsageError, match="未知指标“营收”"):
        catalog.resolve_indicator("营收")
    with pytest.raises(UsageError, match="未知地区“火星”"):
        catalog.resolve_region("火星")


@pytest.mark.parametrize(("word", "code"), [("累计增速", "growth_pct"), ("同比增长", "growth_pct"),
                                            ("累计总量", "level"), ("当月增速", "month_growth_pct"),
                                            ("growth_pct", "growth_pct")])
def test_measure_words(catalog, word, code):
    assert catalog.code("measure", word) == code


def test_titles_name_their_region(catalog):
    assert catalog.regions_in("荥阳市2025年1-9月主要经济指标") == ["xingyang"]
    assert catalog.regions_in("2025年1-9月主要经济指标") == []
    assert catalog.regions_in("郑州市、荥阳市对比") == ["zhengzhou", "xingyang"]


def test_region_codes_follow_the_summary_schemas_rule():
    """One rule for codes: the catalogue accepts exactly what the summary's schema does."""
    schema = json.loads(config.package_file("outputs", "summary.schema.json").read_text())
    assert schema["properties"]["region"]["pattern"] == REGION_CODE.pattern


def test_a_region_code_with_digits_is_refused_where_the_catalogue_is_read(tmp_path):
    """Synthetic catalogue row: a code the summary's schema would reject fails at once,
    naming the file and line, not at the end of a render."""
    shutil.copytree(config.data_dir(), tmp_path / "data",
                    ignore=shutil.ignore_patterns("local", "templates", "sources", "henan"))
    with (tmp_path / "data" / "regions.csv").open("a", encoding="utf-8") as handle:
        handle.write("county9,测试县 (synthetic),Test county,county,zhengzhou\n")
    with pytest.raises(DataError) as error:
        Catalog.load(tmp_path / "data")
    (problem,) = error.value.problems
    assert problem.line == 27
    assert "地区代码“county9”须符合 ^[a-z_]+$" in str(problem)


def test_an_alias_that_would_mean_two_codes_is_refused(tmp_path):
    shutil.copytree(config.data_dir(), tmp_path / "data",
                    ignore=shutil.ignore_patterns("local", "templates", "sources", "henan"))
    with (tmp_path / "data" / "aliases.csv").open("a", encoding="utf-8") as handle:
        handle.write("region,荥阳,zhengzhou,synthetic mistake\n")
    with pytest.raises(DataError, match="别名“荥阳”同时指向 zhengzhou 和 xingyang"):
        Catalog.load(tmp_path / "data")


def test_the_summary_schema_is_a_valid_schema_of_its_draft():
    """Commands validate summaries without checking the schema (outputs/summary.py)."""
    import jsonschema

    schema = json.loads(config.package_file("outputs", "summary.schema.json").read_text())
    jsonschema.validators.validator_for(schema).check_schema(schema)
