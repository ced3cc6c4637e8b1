"""Base rates of comparable GDP targets (data/henan/city_gdp_target_outcomes.csv)."""

from __future__ import annotations

from xyforecast.engine.baserates import base_rate, era


def test_the_eras_of_the_table():
    assert era(2010) == (2008, 2011) and era(2016) == (2012, 2019)
    assert era(2025) == (2012, 2019)  # after the table ends: the normal years


def test_about_30_percent_were_met_in_2012_2019_and_ambition_lowers_it():
    """The README of data/henan: 0.30 of 1,446 city-years met in 2012-2019."""
    modest = base_rate(7.0, 7.5, 2025)  # half a point below last year
    usual = base_rate(7.0, 7.0, 2025)
    bold = base_rate(7.0, 6.0, 2025)  # a point above last year
    assert modest.share > usual.share > bold.share
    assert 0.2 < usual.share < 0.4 and usual.era == "2012-2019" and usual.n > 300


def test_an_about_target_counts_from_half_a_point_below():
    assert base_rate(7.0, 7.0, 2025, tolerance=0.5).share > base_rate(7.0, 7.0, 2025).share


def test_a_year_left_out_is_not_counted_and_2020_was_a_shock():
    assert base_rate(7.0, 7.0, 2016, exclude_year=2016).n < base_rate(7.0, 7.0, 2016).n
    shock = base_rate(6.0, 6.0, 2020)
    assert shock is None or shock.share < 0.1
