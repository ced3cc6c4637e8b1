from __future__ import annotations

import pytest

from xyforecast.errors import UsageError


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


def test_unknown_codes_name_the_known_ones(catalog):
    with pytest.raises(UsageError, match=r"unknown region 'xingyan'.*xingyang"):
        catalog.region("xingyan")
    with pytest.raises(UsageError, match="unknown indicator 'gpd'"):
        catalog.indicator("gpd")
