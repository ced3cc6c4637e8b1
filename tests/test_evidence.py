"""Evidence is gathered once per projection: shares by one rule per month, single-month
figures rolled into the year to date, and an earlier cut-off recovered exactly."""

from __future__ import annotations

import numpy as np
import pytest

from xyforecast.engine import regime, ytd
from xyforecast.engine.evidence import gather
from xyforecast.i18n import render

from conftest import copy_data, write_csv


def test_a_share_does_not_depend_on_which_months_are_asked_with_it(data):
    """China's investment in September 2025: one weight, however it is asked for."""
    ev = gather(data.as_of("2025-09"), "china", "fixed_asset_investment", 2025)
    alone = ev.share(9).value
    assert ev.share(8).value < alone
    assert ev.shares((8, 9))[9].value == pytest.approx(alone, abs=0.01)
    assert [ev.share(9).value for _ in range(3)] == [alone] * 3


def test_the_golden_share_is_last_years_own_levels(data):
    """data/observations.csv: China GDP 2022 Q1-Q3 891,687 of 1,234,029 亿元."""
    ev = gather(data.as_of("2023-09"), "china", "gdp", 2023)
    share = ev.share(9)
    assert share.value == pytest.approx(891687 / 1234029, abs=1e-4)
    assert render(share.source, "en") == "own levels 2022"
    assert render(share.source, "zh") == "本地2022年总量"


def test_a_single_month_after_the_year_to_date_rolls_it_forward(tmp_path):
    """Synthetic: Xingyang's retail sales Jan-Aug +5.0%, September alone +8.0% (no Jan-Sep
    figure): the year to date through September is rolled on with the share weights."""
    folder = copy_data(tmp_path / "data")
    write_csv(folder / "local" / "synthetic.csv", [
        ["xingyang", "retail_sales", "2025-08", "growth_pct", "5.0", "%", "synthetic", ""],
        ["xingyang", "retail_sales", "2025-09", "month_growth_pct", "8.0", "%", "synthetic",
         ""]])
    from xyforecast.inputs.dataset import load

    ev = gather(load(folder).as_of("2025-09"), "xingyang", "retail_sales", 2025)
    assert ev.own.ytd == {8: 5.0} and ev.own.latest_month == 9
    shares = ev.shares((8, 9))
    expected = ytd.cumulative_from_single(8.0, 5.0, shares[9].value, shares[8].value)
    assert ev.own.months[9] == pytest.approx(expected)
    assert 5.0 < ev.own.months[9] < 8.0


@pytest.mark.parametrize(("region", "indicator"), [("china", "gdp"), ("zhengzhou", "gdp"),
                                                   ("china", "retail_sales")])
def test_truncating_is_the_same_as_an_earlier_cut_off(data, region, indicator):
    late = gather(data.as_of("2024-09"), region, indicator, 2024).truncated(3)
    early = gather(data.as_of("2024-03"), region, indicator, 2024)
    for a, b in zip(late.chain, early.chain):
        assert (a.ytd, a.single, a.rolled, a.history) == (b.ytd, b.single, b.rolled, b.history)
    assert late.cutoff == early.cutoff


def test_regimes_of_china_gdp(data):
    """2020 Q1 (−6.8%) is abnormal as it happens; 2021 follows an abnormal year; 2019 is
    normal; before a year's first figure nothing is known about it."""
    def at(cut, year):
        return regime.regime(gather(data.as_of(cut), "china", "gdp", year))
    assert at("2020-03", 2020) == "now"
    assert at("2021-06", 2021) in ("after", "now")
    assert at("2019-06", 2019) == "normal"
    assert at("2018-12", 2019) == "before"


def test_the_regime_median_is_numpys_to_the_last_bit():
    """``regime.median`` replaces ``np.median`` on the hot path (thousands of calls a
    report): the same float for odd and even counts, repeated values, numpy scalars,
    negative changes and NaN, so no projection moves."""
    rng = np.random.default_rng(18)
    cases = [[0.1, 0.2], [-3.9, 12.5, 2.3], [7.0, 7.0, 7.0, 7.1], [np.float64(5.6), 4.45],
             [1.0, float("nan")], [0.3], list(rng.normal(6, 3, 10).round(1)),
             *(list(rng.uniform(-30, 30, n)) for n in range(1, 12) for _ in range(50))]
    for values in cases:
        expected, got = float(np.median(values)), regime.median(values)
        assert got == expected or (np.isnan(expected) and np.isnan(got)), values
        assert regime.median(abs(v) for v in values) == float(np.median(np.abs(values))) \
            or np.isnan(expected)


def test_the_usual_growth_skips_abnormal_years(data):
    """China's retail sales in 2024: 2020 (−3.9%) and 2021 (+12.5%) were abnormal, so the
    usual growth is the median of the normal years among the last five (2023, 2019), not of
    2021–23 — and Jan–Jun 2024 at +3.7% is slow, not an abnormal year. Without normal years
    in the window, or with a history too short to judge its years by, the usual is the
    median of the three years before (Zhengzhou's investment: 2024 missing, 2023, 2022)."""
    ev = gather(data.as_of("2024-03"), "china", "retail_sales", 2024)
    history, vol = ev.own.history, regime.volatility(ev)
    assert regime.abnormal(history, 2020, vol) and regime.abnormal(history, 2021, vol)
    normal = [history[y] for y in (2023, 2019) if y in history]
    assert len(normal) == 2
    assert regime.usual(ev, 3) == pytest.approx(sum(normal) / 2)
    assert regime.regime(ev) == "normal"
    short = gather(data.as_of("2025-02"), "zhengzhou", "fixed_asset_investment", 2025)
    assert len(regime.changes(short.own.history)) < regime.MIN_CHANGES
    assert 2024 not in short.own.history
    assert regime.usual(short, 2) == pytest.approx(
        (short.own.history[2023] + short.own.history[2022]) / 2)
