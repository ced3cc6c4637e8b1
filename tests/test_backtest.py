"""The nested replay: cases without look-ahead, the committed track record reproduced by the
code, defaults chosen by the same procedure, and intervals that behave."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from xyforecast import config
from xyforecast.engine.projection import project
from xyforecast.engine.settings import Settings, defaults
from xyforecast.evaluation import backtest, selection, track_record
from xyforecast.evaluation.cases import cases, features
from xyforecast.evaluation.scores import bootstrap, summarise
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
    assert len(replay_cases) == 574  # 279 with data/ alone; Henan's prefectures add 295
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


def test_the_committed_rows_are_what_the_code_gives(replay_cases, committed):
    """Every 20th case replayed with the settings its year was scored with (folds.json)."""
    folds = json.loads((RESULTS / "folds.json").read_text())
    mine = committed[committed["method"] == "default"].set_index(
        ["region", "indicator", "year", "month"])
    for case in replay_cases[::20]:
        settings = Settings.from_dict(folds[str(case.year)])
        rows = [r for r in backtest.replay(case, settings) if r["method"] == "default"]
        if not rows:
            continue
        stored = mine.loc[case.key]
        assert [round(rows[0][q], 4) for q in QUANTILES] == pytest.approx(
            stored[QUANTILES].to_list(), abs=1e-4), case.key


def test_defaults_are_what_the_procedure_chooses_on_all_years(data, replay_cases):
    f = features(replay_cases)
    chosen = selection.fit(f, np.arange(len(f.cases)), data)
    current = defaults()
    for name in ("momentum", "prior", "prior_shock", "prior_model", "two_year", "anchor",
                 "annual_model"):
        assert getattr(chosen, name) == getattr(current, name), name
    assert chosen.own_years == current.own_years
    assert chosen.scale == current.scale and chosen.gaps == current.gaps
    assert data.sha256 in current.provenance


def test_the_scorecard_holds_the_headline_numbers(committed):
    card = json.loads((RESULTS / "scorecard.json").read_text())
    for key in ("coverage80_all", "coverage80_normal", "coverage80_shock", "coverage95_all",
                "crps_model", "crps_empirical", "brier_model", "brier_carry_forward",
                "mae_model", "mae_carry_forward"):
        assert isinstance(card[key], float), key
    assert isinstance(card["n_cases"], int) and card["n_cases"] > 500
    assert card["coverage80_all"] == pytest.approx(
        track_record.scorecard(committed)["coverage80_all"], abs=1e-4)


def test_no_interval_widens_when_a_month_is_added(committed):
    """Within a year, each new month's 80% interval is no wider than the last — also in the
    month whose own figure shows the year is abnormal (Jan–Feb 2020): heavier tails, the
    same width at most."""
    mine = committed[committed["method"] == "default"].sort_values(
        ["region", "indicator", "year", "month"])
    mine = mine.assign(width=mine["p90"] - mine["p10"])
    checked = 0
    for key, group in mine.groupby(["region", "indicator", "year"]):
        width = group["width"].to_numpy()
        for i in range(1, len(group)):
            assert width[i] <= width[i - 1] + 2e-4, (key, group["month"].iloc[i])
            checked += 1
    assert checked > 150 and (mine["regime"] == "now").sum() > 10


def test_nine_months_of_own_figures_give_intervals_under_12_points(committed):
    mine = committed[(committed["method"] == "default") & (committed["kind"] == "ytd")
                     & (committed["month"] >= 9)]
    assert len(mine) > 20 and (mine["p90"] - mine["p10"]).max() <= 12


def test_a_county_with_nine_months_of_its_own_has_narrow_intervals(tmp_path):
    """Synthetic Xingyang file: January–September 2025 for all five indicators."""
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


def test_the_bootstrap_resamples_whole_years():
    """Synthetic: year 1 all zeros, year 2 all ones; every resample mixes whole years."""
    rows = pd.DataFrame({"year": [1] * 50 + [2] * 50, "v": [0.0] * 50 + [1.0] * 50})
    low, high = bootstrap(rows, rows["v"])
    assert low == 0.0 and high == 1.0
