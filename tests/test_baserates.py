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


def test_only_years_before_the_one_asked_about_count():
    """What was known when the target was set: 2016's base rate rests on 2012-2015 only,
    2013's on 2012, and 2020, an era of its own, has none before it."""
    assert base_rate(7.0, 7.0, 2013).n < base_rate(7.0, 7.0, 2016).n \
        < base_rate(7.0, 7.0, 2025).n
    assert base_rate(6.0, 6.0, 2020) is None and base_rate(6.0, 6.0, 2021) is None


def test_the_table_is_checked_like_every_input(tmp_path):
    """A damaged copy of the table stops with each bad line named, not a traceback from
    float() in the middle of a projection."""
    import pytest

    from xyforecast.errors import DataError
    from xyforecast.inputs.outcomes import read_outcomes

    path = tmp_path / "outcomes.csv"
    path.write_text("city_id,city_zh,year,target_growth_pct,outcome_growth_pct,flag\n"
                    "1,synthetic 合成,2015,7.0,6.5,\n"
                    "1,synthetic 合成,2016,七,6.5,\n"
                    "1,synthetic 合成,20x7,7.0,nan,\n", encoding="utf-8")
    with pytest.raises(DataError) as refused:
        read_outcomes(path)
    assert [p.line for p in refused.value.problems] == [3, 4, 4]
    assert "七" in str(refused.value) and "nan" in str(refused.value)
    path.write_text("city_id,year,target_growth_pct\n1,2015,7.0\n", encoding="utf-8")
    with pytest.raises(DataError, match="outcome_growth_pct"):
        read_outcomes(path)
