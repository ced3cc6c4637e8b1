"""A county with its own figures: intervals as wide as the evidence for a county says, and a
probability of meeting the target that one more month cannot swing by tens of points.

Every Xingyang figure here is synthetic (a made-up 统计月报, tests only), written into a copy
of the shipped data."""

from __future__ import annotations

import pytest

from xyforecast.engine.projection import project
from xyforecast.engine.settings import defaults
from xyforecast.i18n import render
from xyforecast.inputs.dataset import load

from conftest import copy_data, write_csv

SOURCE = "synthetic 统计月报 (tests only)"
SEPTEMBER = {"gdp": 5.9, "industrial_value_added": 9.1, "fixed_asset_investment": 7.2,
             "retail_sales": 5.5, "public_budget_revenue": 1.8}
PREVIOUS = "2025-08"  # GDP's previous release is 1-6月


def _data(tmp_path, rows: list[list]):
    folder = copy_data(tmp_path / "data")
    write_csv(folder / "local" / "synthetic.csv", rows)
    return load(folder)


def _september() -> list[list]:
    return [["xingyang", k, "2025-09", "growth_pct", v, "%", SOURCE, "synthetic"]
            for k, v in SEPTEMBER.items()]


def _previous(shift: float) -> list[list]:
    """The previous release, ``shift`` points below September's year to date (what the
    bureau's 增速比上期提高 says, as an ordinary growth_pct row)."""
    return [["xingyang", k, "2025-06" if k == "gdp" else PREVIOUS, "growth_pct",
             round(v - shift, 1), "%", SOURCE, "synthetic"] for k, v in SEPTEMBER.items()]


def test_a_county_with_its_own_figures_is_wider_than_its_parent_would_be(tmp_path):
    """The replay holds no county's own errors: Xingyang takes the widest measured
    sub-national spread times how much more counties stray than cities, and says so."""
    data = _data(tmp_path, _september() + [
        [r[0].replace("xingyang", "zhengzhou"), *r[1:]] for r in _september()
        if r[1] != "gdp"])
    settings = defaults()
    for k in SEPTEMBER:
        county = project(data, "xingyang", k, 2025, "2025-09")
        assert county.method == "ytd-bridge"
        width = county.quantiles["p90"] - county.quantiles["p10"]
        if k != "gdp":
            city = project(data, "zhengzhou", k, 2025, "2025-09")
            city_width = city.quantiles["p90"] - city.quantiles["p10"]
            assert width == pytest.approx(city_width * settings.gaps.county_factor, rel=0.02)
        assert width > 0.8, k
        basis = render(county.basis, "en")
        assert "no replayed errors at this level" in basis, basis


@pytest.mark.parametrize("shift", [-2.2, -1.0, 1.0, 2.2])
def test_adding_the_previous_month_moves_p_meet_by_less_than_30_points(tmp_path, shift):
    """1-9月 alone, then with 1-8月 (GDP: 1-6月) ``shift`` points lower: September's single
    month then runs far from the year to date (2.2 points of cumulative growth in a month is
    a 25% September for investment), and the rest of the year's pace is less certain."""
    alone = _data(tmp_path / "alone", _september())
    both = _data(tmp_path / "both", _september() + _previous(shift))
    for k in SEPTEMBER:
        before = project(alone, "xingyang", k, 2025, "2025-09")
        after = project(both, "xingyang", k, 2025, "2025-09")
        assert before.p_meet is not None and after.p_meet is not None
        assert abs(after.p_meet - before.p_meet) < 0.30, (k, before.p_meet, after.p_meet)


def test_a_collapse_to_minus_99_99_percent_never_projects_below_minus_100(tmp_path):
    """Issue 19, failure 6: a (synthetic) year-to-date fall of 99.99% in revenue; growth
    cannot fall to −100%, so no quantile and no interval bound reaches it."""
    data = _data(tmp_path, [["xingyang", "public_budget_revenue", "2025-09", "growth_pct",
                             "-99.99", "%", SOURCE, "synthetic"]])
    p = project(data, "xingyang", "public_budget_revenue", 2025, "2025-09")
    assert all(v > -100 for v in p.quantiles.values())
    assert p.quantiles["p025"] < p.quantiles["median"] < p.quantiles["p975"]
    assert p.p_meet is not None and 0 <= p.p_meet < 0.01
