"""The Xingyang 2025 targets, as the government work report states them.

Source: 荥阳市2025年政府工作报告, section 二
(data/sources/xingyang_2025_government_work_report.txt):
"地区生产总值增长6%左右;规上工业增加值增长10%以上;固定资产投资增长8%;社会消费品零售总额增长6%以上;
一般公共预算收入增长2%左右" and section 三 "固定资产投资完成360亿元以上"."""

from __future__ import annotations

import pytest

from xyforecast.engine.targets import Target, growth_target, targets_for


def test_five_headline_targets_with_qualifiers(data):
    got = {i: (growth_target(data, "xingyang", i, 2025).value,
               growth_target(data, "xingyang", i, 2025).qualifier)
           for i in ["gdp", "industrial_value_added", "fixed_asset_investment", "retail_sales",
                     "public_budget_revenue"]}
    assert got == {"gdp": (6, "about"), "industrial_value_added": (10, "at_least"),
                   "fixed_asset_investment": (8, "none"), "retail_sales": (6, "at_least"),
                   "public_budget_revenue": (2, "about")}


def test_investment_level_target_and_other_report_targets(data):
    targets = targets_for(data, "xingyang", 2025)
    level = [t for t in targets if t.indicator == "fixed_asset_investment" and t.measure == "level"]
    assert [(t.value, t.unit, t.qualifier) for t in level] == [(360, "亿元", "at_least")]
    units = {t.unit for t in targets}
    assert {"万人次", "家", "万亩", "%", "万元"} <= units  # counts, areas, shares, money
    assert len(targets) == 45
    assert targets[0].indicator == "gdp"


@pytest.mark.parametrize(("qualifier", "outcome", "met"), [
    ("about", 5.5, True), ("about", 5.49, False), ("at_least", 6.0, True),
    ("at_least", 5.99, False), ("none", 6.0, True), ("none", 5.9, False),
])
def test_met_rule_for_growth(qualifier, outcome, met):
    target = Target("x", "gdp", 2025, "growth_pct", 6.0, "%", qualifier, "s")
    assert bool(target.met(outcome)) is met


def test_met_rule_for_an_upper_bound_and_for_an_about_level():
    share = Target("x", "energy_intensive_industry_share", 2025, "level", 43, "%", "at_most", "s")
    assert share.met(42.9) and share.met(43) and not share.met(43.1)
    level = Target("x", "fixed_asset_investment", 2025, "level", 360, "亿元", "about", "s")
    assert level.met(352.8) and not level.met(352.7)


def test_labels_in_both_languages():
    t = Target("x", "gdp", 2025, "growth_pct", 6.0, "%", "about", "s")
    assert t.label("zh") == "增长6%左右" and t.label("en") == "about +6%"
    assert t.rule("zh") == "增长5.5%及以上即达标" and t.rule("en") == "met at 5.5% or more"


def test_a_range_is_judged_at_its_lower_bound_and_says_so(data):
    """data/targets.csv: China's 2016 GDP target, a range of 6.5%-7% (gov.cn)."""
    target = growth_target(data, "china", "gdp", 2016)
    assert (target.value, target.upper, target.threshold) == (6.5, 7.0, 6.5)
    assert target.label("zh") == "增长6.5%–7%" and target.label("en") == "+6.5–7%"
    assert target.rule("zh") == "区间目标：增长达到下限6.5%及以上即达标"
    assert target.met(6.5) and not target.met(6.49)


def test_a_stretch_value_is_named_beside_the_target_and_has_its_own_probability():
    """Synthetic: 'about 6%, striving for 7%'."""
    from xyforecast.engine.distribution import Mixture

    target = Target("x", "gdp", 2025, "growth_pct", 6.0, "%", "about", "s", stretch=7.0)
    assert target.label("zh") == "增长6%左右,力争7%"
    assert target.label("en") == "about +6%, striving for 7%"
    dist = Mixture.normal(6.5, 0.5)
    assert target.probability(dist) == pytest.approx(0.9772, abs=1e-3)  # met from 5.5
    assert target.p_stretch(dist) == pytest.approx(0.1587, abs=1e-3)
