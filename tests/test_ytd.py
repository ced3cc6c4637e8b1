"""Year-to-date arithmetic: golden case with its source, and round-trips (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xyforecast.engine import ytd
from xyforecast.engine.results import LevelProgress
from xyforecast.engine.targets import Target
from xyforecast.periods import Period

growth = st.floats(min_value=-30, max_value=40, allow_nan=False)
share = st.floats(min_value=0.05, max_value=0.95)


def test_golden_china_gdp_q4_2023_needs_about_4_4_percent():
    """Source: NBS, 2023-10-18 press conference (国家统计局新闻发言人 盛来运): with GDP up 5.2% in
    Q1-Q3 2023, Q4 growth of about 4.4% would reach the ~5% target. Our formula on the 2022
    levels at current prices in data/observations.csv (Q1-Q3 891,687.0; year 1,234,029.4 亿元,
    NBS export) gives 4.48%: the bureau works on comparable-price bases, so agreement is to
    about 0.1 point, as the guide says."""
    share = 891687.0 / 1234029.4
    need = ytd.required_rest_growth(5.0, 5.2, share)
    assert need == pytest.approx(4.48, abs=0.005)
    assert abs(need - 4.4) < 0.1


def test_first_period_single_growth_is_the_cumulative_growth():
    assert ytd.single_from_cumulative(7.0, 0.0, 50.0, 0.0) == pytest.approx(7.0)


@given(cum=growth, prev=growth, prev_share=share, step=share)
def test_cumulative_and_single_period_round_trip(cum, prev, prev_share, step):
    base, prev_base = prev_share + (1 - prev_share) * step, prev_share
    single = ytd.single_from_cumulative(cum, prev, base, prev_base)
    back = ytd.cumulative_from_single(single, prev, base, prev_base)
    assert back == pytest.approx(cum, abs=1e-9)


@given(target=growth, ytd_growth=growth, s=share)
def test_required_rest_growth_round_trips_with_full_year(target, ytd_growth, s):
    rest = ytd.required_rest_growth(target, ytd_growth, s)
    assert ytd.full_year_from_rest(ytd_growth, rest, s) == pytest.approx(target, abs=1e-9)


@given(g=growth, s=share)
def test_steady_growth_needs_the_same_growth(g, s):
    assert ytd.required_rest_growth(g, g, s) == pytest.approx(g, abs=1e-9)


def test_two_year_average_strips_the_2020_base():
    """China GDP growth 2020 +2.3% and 2021 +8.4% (final) average 5.3% a year over two years."""
    assert ytd.two_year_average(8.4, 2.3) == pytest.approx(5.3, abs=0.05)


def test_level_progress_is_against_the_months_elapsed_and_the_usual_share_beside_it():
    """Issue 17: 268.1 of 360亿元 by September is 74.47% done, 0.53 points behind 序时进度
    (9/12 = 75%), unrounded until shown; the usual seasonal share stands beside it."""
    target = Target("xingyang", "fixed_asset_investment", 2025, "level", 360.0, "亿元",
                    "at_least", "synthetic")
    seasonal = ytd.Share(0.70, ytd.months_elapsed(9).source)
    done = LevelProgress(target, Period(2025, 9), 268.1, seasonal)
    assert done.share_done == pytest.approx(0.744722, abs=1e-6) and done.elapsed == 0.75
    assert done.ahead_pp == pytest.approx(-0.5278, abs=1e-4)
    assert done.ahead_seasonal_pp == pytest.approx(4.4722, abs=1e-4)
    assert done.required_rest == pytest.approx(91.9)
    assert LevelProgress(target, Period(2025, 9), 268.1).ahead_seasonal_pp is None


def test_share_validation():
    assert ytd.months_elapsed(9).value == 0.75
    with pytest.raises(ValueError, match="share must lie in"):
        ytd.Share(1.5, ytd.months_elapsed(9).source)
