"""Borrowing: gap variances measured on Henan's prefectures, a child's differential from its
annual and same-month year-to-date gaps shrunk by how little evidence it has, counties wider
than prefectures by a stated rule, indicator ratios from measured gaps with the error ratio as
a prior."""

from __future__ import annotations

import math

import pytest

from xyforecast.engine.borrowing import (
    COUNTY_PRIOR,
    RATIO_PRIOR,
    GapModel,
    GapPanel,
    own_gaps,
    pooled_ratio,
)
from xyforecast.engine.evidence import gather


def test_the_variances_are_measured_on_the_prefectures(data):
    gaps = GapModel.fit(data)
    assert gaps.n_regions == 17 and gaps.n_deviations > 150
    assert 0 < gaps.persistent_sd < gaps.transient_sd < 3
    # Zhengzhou's county-years with a GDP figure beside the city's (full year or same month)
    assert gaps.county_gaps == 10
    prior, weight = COUNTY_PRIOR
    measured = gaps.county_rms**2 / (gaps.persistent_sd**2 + gaps.transient_sd**2)
    assert gaps.county_factor == pytest.approx(
        math.sqrt((10 * measured + weight * prior**2) / (10 + weight)))


def test_leaving_a_year_out_changes_the_measure(data):
    assert GapModel.fit(data, exclude_year=2018) != GapModel.fit(data)


def test_real_time_measures_only_the_years_before(data):
    """The real-time replay of 2015 knows the prefecture panel up to 2014 only."""
    before = GapModel.fit(data, before_year=2015)
    assert before.years.endswith("2014") and before.n_deviations < GapModel.fit(data).n_deviations
    assert before == GapPanel.measure(data).model(lambda year: year < 2015)


def test_shrinkage_follows_the_evidence():
    model = GapModel(persistent_sd=1.0, transient_sd=2.0, county_factor=1.5)
    none = model.predict([], "prefecture")
    assert none.mean == 0 and none.sd == pytest.approx(math.sqrt(5))
    one = model.predict([3.0], "prefecture")  # λ = 1/(1+4) = 0.2
    assert one.shrink == pytest.approx(0.2) and one.mean == pytest.approx(0.6)
    ten = model.predict([3.0] * 10, "prefecture")  # λ = 1/(1+0.4)
    assert ten.mean == pytest.approx(3 / 1.4) and ten.sd < one.sd < none.sd
    county = model.predict([], "county", ratio=2.0)
    assert county.sd == pytest.approx(math.sqrt(5) * 1.5 * 2.0)


def test_xingyangs_own_gaps_to_zhengzhou(data):
    """data/observations.csv: Xingyang GDP 2020 +3.1%, Zhengzhou +3.0% (full years)."""
    ev = gather(data.as_of("2025-09"), "xingyang", "gdp", 2025)
    assert own_gaps(ev) == [(2020, pytest.approx(0.1), 12)]


def test_same_month_year_to_date_pairs_measure_a_gap_where_no_full_year_does(data):
    """data/observations.csv: Henan's retail sales 1-2月 2017 +12.0% against China's +9.5%,
    1-10月 2024 +5.9% against +3.5% (dahe.cn; NBS). One gap per year, the latest month."""
    ev = gather(data.as_of("2025-09"), "henan", "retail_sales", 2025)
    gaps = {year: (round(gap, 1), month) for year, gap, month in own_gaps(ev)}
    assert gaps[2017] == (2.5, 2) and gaps[2024] == (2.4, 10)
    model = GapModel(persistent_sd=1.0, transient_sd=2.0, county_factor=1.5)
    found = model.predict([g for _, g, _ in own_gaps(ev)], "province")
    assert found.n == len(gaps) and found.mean > 0  # Henan runs above China


def test_indicator_ratios_rest_on_measured_gaps_with_the_error_ratio_as_a_prior(data):
    ratios = GapModel.fit(data).gap_ratios
    measured, n = ratios["public_budget_revenue"]
    assert n >= 5  # Henan, Zhengzhou and Xingyang against their parents
    pooled = pooled_ratio(3.0, [measured, n])
    assert pooled == pytest.approx(math.exp((n * math.log(measured) + RATIO_PRIOR * math.log(3.0))
                                            / (n + RATIO_PRIOR)))
    assert pooled_ratio(3.0, None) == 3.0
