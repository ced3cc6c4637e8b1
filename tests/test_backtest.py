"""The replays: cases without look-ahead, the committed track record (real time and leave one
year out) reproduced by the code, defaults chosen by the same procedure, intervals that
behave, and the scorecard's headline numbers."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from xyforecast import config
from xyforecast.engine.borrowing import GapPanel
from xyforecast.engine.projection import project
from xyforecast.engine.settings import Settings, defaults
from xyforecast.evaluation import backtest, recalibration, selection, track_record
from xyforecast.evaluation.cases import cases, features
from xyforecast.evaluation.scores import bootstrap, summarise, summarise_by
from xyforecast.inputs.dataset import load
from xyforecast.periods import Period

from conftest import copy_data, write_csv

RESULTS = config.results_dir()
QUANTILES = ["p025", "p10", "median", "p90", "p975"]


@pytest.fixture(scope="module")
def replay_cases(data):
    return cases(data)


@pytest.fixture(scope="module")
def committed() -> pd.DataFrame:
    return backtest.published_rows()


def test_cases_stop_before_the_outcome_they_are_judged_on(data, replay_cases):
    assert len(replay_cases) == 589  # 294 with data/ alone; Henan's prefectures add 295
    for case in replay_cases:
        assert case.cutoff < Period(case.year, 12)
        assert case.evidence.own.full is None
    before = [c for c in replay_cases if c.month == 0]
    assert all(c.cutoff == Period(c.year - 1, 12) for c in before)


def test_a_case_sees_the_first_release_and_is_judged_on_the_latest(replay_cases):
    case = next(c for c in replay_cases if (c.region, c.indicator, c.year, c.month)
                == ("china", "gdp", 2023, 9))
    rows = {r["method"]: r for r in backtest.replay(case, defaults())}
    assert case.actual == 5.4  # the NBS database today
    assert rows["carry_forward"]["median"] == 5.2  # what was published in October 2023
    assert rows["target"]["median"] == 5.0 and rows["last_year"]["median"] == 3.1
    mine = rows["default"]
    assert mine["p025"] <= mine["p10"] <= mine["median"] <= mine["p90"] <= mine["p975"]
    assert 0 <= mine["p_meet"] <= 1 and mine["met"] == 1.0


@pytest.mark.parametrize("design", backtest.DESIGNS)
def test_the_committed_rows_are_what_the_code_gives(replay_cases, committed, design):
    """Every 20th case replayed with the settings its year was scored with (folds.json):
    in real time, settings fitted on the years before it only."""
    folds = json.loads((RESULTS / "folds.json").read_text())[design]
    rows = committed[committed["design"] == design]
    mine = rows[rows["method"] == "default"].set_index(["region", "indicator", "year", "month"])
    checked = 0
    for case in replay_cases[::20]:
        if str(case.year) not in folds:
            assert design == "realtime" and case.year < 2006  # the warm-up years
            continue
        settings = Settings.from_dict(folds[str(case.year)])
        found = [r for r in backtest.replay(case, settings) if r["method"] == "default"]
        if not found:
            continue
        stored = mine.loc[case.key]
        assert [round(found[0][q], 4) for q in QUANTILES] == pytest.approx(
            stored[QUANTILES].to_list(), abs=1e-4), case.key
        checked += 1
    assert checked > 20


def test_real_time_folds_know_only_the_years_before(data, committed):
    """A real-time fold's gap panel ends the year before the one it scores, and its widening
    rests on the real-time errors of earlier years only (all of them)."""
    folds = json.loads((RESULTS / "folds.json").read_text())["realtime"]
    live = track_record.design(committed)
    recorded = live[(live["method"] == "default") & live["sd_model"].notna()]
    for year, settings in folds.items():
        assert int(settings["gaps"]["years"][-4:]) < int(year)
        earlier = recorded[recorded["year"] < int(year)]
        assert settings["evidence"]["widen"].get("cases", 0) == len(earlier), year
        assert settings["widen"] == pytest.approx(recalibration.widen(earlier)[0], rel=2e-3)


def test_defaults_are_what_the_procedure_chooses_on_all_years(data, replay_cases):
    f = features(replay_cases)
    chosen = selection.fit(f, np.arange(len(f.cases)), GapPanel.measure(data))
    current = defaults()
    for name in ("momentum", "momentum_shock", "prior", "prior_shock", "prior_model",
                 "two_year", "anchor", "annual_model"):
        assert getattr(chosen, name) == getattr(current, name), name
    assert chosen.own_years == current.own_years
    assert chosen.scale == current.scale and chosen.gaps == current.gaps
    assert data.sha256 in current.provenance
    live = track_record.design(backtest.published_rows())
    assert current.widen == pytest.approx(recalibration.widen(live)[0], rel=2e-3)


REALTIME_KEYS = ("realtime_coverage80_all", "realtime_coverage80_normal",
                 "realtime_coverage80_shock", "realtime_coverage95_all", "realtime_crps_model",
                 "realtime_crps_empirical", "realtime_mae_normal_model",
                 "realtime_mae_normal_carry_forward", "realtime_coverage80_subnational_own",
                 "realtime_n_subnational_own", "brier_model", "brier_carry_forward",
                 "n_brier_cases")


def test_the_scorecard_holds_the_headline_numbers(committed):
    """Issue 21's keys, numbers, and what the committed rows give."""
    card = json.loads((RESULTS / "scorecard.json").read_text())
    for key in (*REALTIME_KEYS, "coverage80_all", "coverage95_all", "crps_model"):
        assert isinstance(card[key], (int, float)) and not isinstance(card[key], bool), key
    assert card["realtime_n_cases"] > 450 and card["n_cases"] > 550
    assert card["n_brier_cases"] >= 100  # judged before the year and during it
    assert card["realtime_n_not_scored_warm_up"] > 0
    again = track_record.scorecard(committed)  # from the rows as committed (4 decimals)
    assert again.keys() == card.keys()
    for key in REALTIME_KEYS:
        assert again[key] == pytest.approx(card[key], abs=2e-4), key


def test_an_interval_widens_only_when_the_arriving_month_makes_the_pace_less_certain(
        committed):
    """Within a year, a new month's 80% interval is no wider than the last unless that month
    turns the year abnormal (heavier tails), moves the latest period further from the year
    to date or the year to date further from the usual (the pace of the rest of the year
    becomes less certain: ``calibration``), or brings the region's own first figure (a
    borrowed projection becomes its own)."""
    mine = committed[committed["method"] == "default"].sort_values(
        ["design", "region", "indicator", "year", "month"])
    mine = mine.assign(width=mine["p90"] - mine["p10"])
    checked = widened = 0
    for key, group in mine.groupby(["design", "region", "indicator", "year"]):
        g = group.reset_index(drop=True)
        for i in range(1, len(g)):
            checked += 1
            if g["width"][i] <= g["width"][i - 1] + 2e-4:
                continue
            widened += 1
            before, now = g.iloc[i - 1], g.iloc[i]
            assert now["regime"] in ("now", "after") \
                or now["default_method"] != before["default_method"] \
                or abs(now["divergence"]) > abs(np.nan_to_num(before["divergence"])) \
                or abs(now["distance"]) > abs(np.nan_to_num(before["distance"])), \
                (key, now["month"])
    assert checked > 300 and widened < checked / 4


def test_nine_months_of_own_figures_give_intervals_under_12_points(committed):
    mine = committed[(committed["method"] == "default") & (committed["kind"] == "ytd")
                     & (committed["month"] >= 9)]
    assert len(mine) > 20 and (mine["p90"] - mine["p10"]).max() <= 12


def test_a_county_with_nine_months_of_its_own_narrows_as_the_year_fills_in(tmp_path):
    """Synthetic Xingyang file: January–September 2025 for all five indicators, the same
    growth every month (no pace to doubt): the interval narrows month by month and stays
    under 12 points at September."""
    folder = copy_data(tmp_path / "data")
    rows = [["xingyang", k, f"2025-{m:02d}", "growth_pct", g, "%", "synthetic", ""]
            for k, g in (("gdp", "5.9"), ("industrial_value_added", "9.1"),
                         ("fixed_asset_investment", "7.2"), ("retail_sales", "5.5"),
                         ("public_budget_revenue", "1.8"))
            for m in ((3, 6, 9) if k == "gdp" else range(2, 10))]
    write_csv(folder / "local" / "synthetic.csv", rows)
    data = load(folder)
    widths = {}
    for k in ("gdp", "industrial_value_added", "fixed_asset_investment", "retail_sales",
              "public_budget_revenue"):
        p = project(data, "xingyang", k, 2025, "2025-09")
        assert p.method == "ytd-bridge", k
        widths[k] = p.quantiles["p90"] - p.quantiles["p10"]
        months = [project(data, "xingyang", k, 2025, f"2025-{m:02d}") for m in (3, 6, 9)]
        spans = [q.quantiles["p90"] - q.quantiles["p10"] for q in months]
        assert spans == sorted(spans, reverse=True), k
    assert max(widths.values()) <= 12, widths


def test_scores_on_a_hand_made_frame():
    """Synthetic rows: errors +1 and −3, one inside the 80% interval."""
    rows = pd.DataFrame({
        "median": [3.0, 1.0], "actual": [2.0, 4.0], "crps": [0.5, 2.0], "p10": [1.0, 0.0],
        "p90": [4.0, 2.0], "p025": [0.0, -1.0], "p975": [5.0, 5.0], "p_meet": [0.9, 0.2],
        "met": [1.0, 1.0]})
    s = summarise(rows)
    assert s["mae"] == 2.0 and s["crps"] == 1.25
    assert s["coverage80"] == 0.5 and s["coverage95"] == 1.0
    assert s["brier"] == pytest.approx((0.01 + 0.64) / 2)


@pytest.mark.parametrize("by", [["indicator", "method"], ["month", "method"],
                                ["design", "kind"], ["method"]])
def test_scores_by_group_are_summarise_on_each_group(committed, by):
    """``summarise_by`` (one groupby: the track record's tables) gives what ``summarise``
    gives on each group of the committed record, to rounding (its sums are compensated)."""
    grouped = summarise_by(committed, by)
    each = pd.DataFrame([{**dict(zip(by, key)), **summarise(group)}
                         for key, group in committed.groupby(by)])
    assert list(grouped.columns) == list(each.columns) and len(grouped) == len(each) > 1
    for column in each.columns:
        if column in by:
            assert grouped[column].tolist() == each[column].tolist(), column
        else:
            np.testing.assert_allclose(grouped[column].to_numpy(float),
                                       each[column].to_numpy(float), rtol=1e-12,
                                       atol=1e-12, err_msg=column)


def test_the_bootstrap_resamples_whole_years():
    """Synthetic: year 1 all zeros, year 2 all ones; every resample mixes whole years."""
    rows = pd.DataFrame({"year": [1] * 50 + [2] * 50, "v": [0.0] * 50 + [1.0] * 50})
    low, high = bootstrap(rows, rows["v"])
    assert low == 0.0 and high == 1.0
