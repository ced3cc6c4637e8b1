"""Annual models degrade gracefully on tiny samples and are quiet. Series here are synthetic
(made up for the test) unless they come from the `data` fixture."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from xyforecast.engine.models import MODELS, fit_annual
from xyforecast.engine.results import rng

SYNTHETIC = pd.Series([9.0, 8.5, 8.1, 7.6, 7.2, 6.9, 6.8, 6.5, 6.1, 5.9, 5.5, 5.2],
                      index=range(2012, 2024))


@pytest.mark.parametrize("name", sorted(MODELS))
@pytest.mark.parametrize("n", [1, 2, 3, 5, 12])
def test_every_model_gives_a_finite_forecast_on_any_length(name, n):
    y = SYNTHETIC.iloc[-n:]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = fit_annual(name, y, floor_sd=0.5)
        forecast = results.forecast(2024)
        draws = results.draws(2024, rng("test", name, n))
    assert [str(w.message) for w in caught] == []
    assert np.isfinite(forecast.mean) and forecast.scale >= 0.5 and forecast.df >= 1
    assert np.isfinite(draws).all() and len(draws) > 1000
    if n < results.model.min_obs and name != "combination":
        assert any("used the last value instead" in note for note in forecast.notes)


def test_fallbacks_say_so_and_tiny_samples_are_wider():
    tiny = fit_annual("arima", SYNTHETIC.iloc[-2:], floor_sd=0.5).forecast(2024)
    assert tiny.notes == ("arima needs 8 years, 2 available: used the last value instead",)
    long = fit_annual("naive", SYNTHETIC, floor_sd=0.1).forecast(2024)
    assert tiny.scale > long.scale


def test_a_gap_in_the_years_is_skipped_not_filled():
    gappy = SYNTHETIC.drop([2016, 2019])
    arima = fit_annual("arima", gappy).forecast(2024)
    assert np.isfinite(arima.mean)
    ets = fit_annual("ets", gappy).forecast(2024)  # latest unbroken run is 2020-2023: too short
    assert "consecutive years" in ets.notes[0]


def test_horizon_of_two_years_is_wider_than_one():
    results = fit_annual("naive", SYNTHETIC)
    assert results.forecast(2025).scale > results.forecast(2024).scale
    with pytest.raises(ValueError, match="not after the last observed year"):
        results.forecast(2023)


def test_combination_is_a_mixture_of_its_members(data):
    y = data.annual("china", "gdp")
    y = y[y.index < 2025]
    combo = fit_annual("combination", y)
    members = [fit_annual(m, y).forecast(2025).mean for m in ("naive", "arima", "ets", "theta")]
    assert combo.forecast(2025).mean == pytest.approx(np.mean(members))
    assert np.median(combo.draws(2025, rng("c"))) == pytest.approx(np.mean(members), abs=0.5)


def test_unknown_model_name():
    with pytest.raises(ValueError, match="unknown annual model 'prophet'"):
        fit_annual("prophet", SYNTHETIC)
