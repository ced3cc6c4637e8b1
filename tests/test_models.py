"""Annual models: each forecasts from what it needs, falls back (saying so) when the series
is shorter, and skips gaps rather than filling them. Series here are synthetic unless named."""

from __future__ import annotations

import pytest

from xyforecast.engine import models
from xyforecast.i18n import render

STEADY = {y: 6.0 for y in range(2010, 2020)}  # synthetic: 6% every year
TREND = {y: 10.0 - 0.5 * (y - 2010) for y in range(2010, 2020)}  # synthetic: −0.5 a year


@pytest.mark.parametrize("name", models.MODELS)
def test_a_steady_series_is_forecast_steady(name):
    assert models.forecast(name, STEADY, 2020).value == pytest.approx(6.0)


def test_each_model_on_a_falling_series():
    f = {name: models.forecast(name, TREND, 2020).value for name in models.MODELS}
    assert f["naive"] == f["naive2"] == 5.5
    assert f["mean"] == pytest.approx(6.5)  # 7.5, 7, 6.5, 6, 5.5
    assert f["drift"] == pytest.approx(5.0)
    assert 5.5 <= f["ar1"] <= 7.75  # pulled from the last value toward the ten-year mean
    assert f["combination"] == pytest.approx((f["naive2"] + f["mean"] + f["ar1"]) / 3)


def test_short_series_fall_back_to_the_last_value_and_say_so():
    short = {2018: 7.0, 2019: 6.5}
    drift = models.forecast("drift", short, 2020)
    assert drift.value == 6.5
    assert render(drift.notes[0], "en") == "drift needs 4 years, 2 available: used the last " \
                                           "value instead"
    assert render(drift.notes[0], "zh") == "漂移模型需要4年数据,仅有2年:改用上年增速"


def test_gaps_are_skipped_not_filled():
    """Years 2014-2015 missing: the AR(1) uses only pairs of consecutive years."""
    gappy = {y: v for y, v in TREND.items() if y not in (2014, 2015)}
    assert models.forecast("ar1", gappy, 2020).n_obs == 8
    assert models.forecast("drift", gappy, 2020).value == pytest.approx(5.0)


def test_a_missing_last_year_projects_two_years_ahead():
    point = models.forecast("drift", {y: v for y, v in TREND.items() if y < 2019}, 2020)
    assert point.horizon == 2 and point.value == pytest.approx(5.0)


def test_two_year_basis_after_an_abnormal_year():
    """China's GDP (data/observations.csv): 2020 at 2.3% after 6.0-6.9%. For 2021 the last
    value on a two-year basis returns the two-year pace to 2019's 6.0%: 1.06²/1.023 − 1."""
    china = {2016: 6.9, 2017: 6.9, 2018: 6.7, 2019: 6.0, 2020: 2.3}
    assert models.forecast("naive", china, 2021).value == 2.3
    assert models.forecast("naive2", china, 2021).value == pytest.approx(
        (1.06**2 / 1.023 - 1) * 100)


def test_an_unknown_model_is_refused():
    with pytest.raises(ValueError, match="unknown annual model"):
        models.forecast("prophet", STEADY, 2020)


SLOWING = {y: v for y, v in zip(range(2003, 2020), [10.0, 10.1, 11.4, 12.7, 14.2, 9.7, 9.4,
                                                     10.6, 9.6, 7.9, 7.8, 7.4, 7.0, 6.9, 6.9,
                                                     6.7, 6.0])}  # China's GDP, 2003-2019


def test_arima_and_ets_are_statsmodels_fits_on_the_last_unbroken_years():
    """China's GDP growth 2003-2019 (data/observations.csv): ARIMA(1,0,0) with a mean by
    Burg's method and ETS(A,N,N), each on the last 15 years, as statsmodels gives them."""
    from statsmodels.tsa.arima.model import ARIMA
    from statsmodels.tsa.holtwinters import SimpleExpSmoothing

    run = list(SLOWING.values())[-models.FIT_WINDOW:]
    arima = ARIMA(run, order=(1, 0, 0), trend="c").fit(method="burg").get_forecast(1)
    mine = models.forecast("arima", SLOWING, 2020)
    assert mine.value == pytest.approx(arima.predicted_mean[-1])
    assert mine.sd == pytest.approx(arima.se_mean[-1]) and mine.n_obs == 15
    ets = SimpleExpSmoothing(run, initialization_method="estimated").fit(use_brute=False)
    assert models.forecast("ets", SLOWING, 2020).value == pytest.approx(ets.forecast(1)[0])
    assert models.forecast("ets", SLOWING, 2021).sd > models.forecast("ets", SLOWING, 2020).sd


def test_arima_and_ets_fall_back_on_short_or_broken_series_and_say_so():
    short = {y: v for y, v in SLOWING.items() if y >= 2014}  # 6 years
    point = models.forecast("arima", short, 2020)
    assert point.value == 6.0 and point.sd is None
    assert render(point.notes[0], "en") == ("ARIMA(1,0,0) needs 8 years, 6 available: used "
                                            "the last value instead")
    gappy = {y: v for y, v in SLOWING.items() if y != 2015}  # the run is 2016-2019
    assert models.forecast("ets", gappy, 2020).notes
    steady = models.forecast("arima", STEADY, 2020)  # nothing to fit: said, not raised
    assert steady.value == 6.0
