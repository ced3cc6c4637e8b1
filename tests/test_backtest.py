"""The backtest replays the past without look-ahead, and the defaults follow its evidence."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from xyforecast import config
from xyforecast.engine.projection import defaults
from xyforecast.evaluation import backtest
from xyforecast.periods import Period

RESULTS = config.results_dir()


def test_cases_stop_before_the_outcome_they_are_judged_on(data):
    cases = backtest.cases(data)
    assert len(cases) == 574  # 279 with data/ alone; Henan's prefectures add 295
    for case in cases:
        assert case.cutoff < Period(case.year, 12)
        view = data.as_of(case.cutoff)
        assert 12 not in view.year_to_date(case.region, case.indicator, case.year).index
    before = [c for c in cases if c.month == 0]
    assert all(c.cutoff == Period(c.year - 1, 12) for c in before)


def test_a_case_is_judged_on_the_latest_vintage_but_sees_the_first_release(data):
    case = next(c for c in backtest.cases(data, ["china"], ["gdp"])
                if c.year == 2023 and c.cutoff == Period(2023, 9))
    rows = {r["method"]: r for r in backtest.run_case(data, case)}
    assert case.actual == 5.4  # the NBS database today
    assert rows["carry_forward"]["point"] == 5.2  # what was published in October 2023
    assert rows["target"]["point"] == 5.0 and rows["last_year"]["point"] == 3.1
    assert {"default", "bridge_m0", "bridge_m1", "bridge_m1_prior"} <= set(rows)
    default = rows["default"]
    assert default["p025"] <= default["p10"] <= default["median"] <= default["p90"]
    assert 0 <= default["p_meet"] <= 1 and default["met"] == 1.0


def test_metrics_on_a_hand_made_frame():
    """Synthetic rows: errors +1 and -3, one inside the 80% interval."""
    rows = pd.DataFrame({
        "indicator": ["x", "x"], "method": ["m", "m"], "point": [3.0, 1.0],
        "actual": [2.0, 4.0], "p10": [1.0, 0.0], "p90": [4.0, 2.0], "p025": [0.0, -1.0],
        "p975": [5.0, 5.0], "p_meet": [0.9, 0.2], "met": [1.0, 1.0]})
    m = backtest.metrics(rows, ["indicator", "method"]).iloc[0]
    assert m["mae"] == 2.0 and m["bias"] == -1.0 and m["rmse"] == pytest.approx(np.sqrt(5))
    assert m["coverage80"] == 0.5 and m["coverage95"] == 1.0
    assert m["brier"] == pytest.approx((0.01 + 0.64) / 2) and m["hit_rate"] == 0.5


def _synthetic_candidates() -> pd.DataFrame:
    """Two momentum settings on three made-up cases: m1 errs less; intervals too narrow."""
    rows = []
    for n, actual in enumerate([1.0, 2.0, 3.0]):
        for method, miss in (("bridge_m0", 1.0), ("bridge_m1", 0.5)):
            rows.append({"region": "r", "indicator": "x", "year": 2000 + n, "month": 9,
                         "method": method, "kind": "candidate", "actual": actual,
                         "median": actual + miss, "point": actual + miss,
                         "p10": actual + miss - 0.25, "p90": actual + miss + 0.25,
                         "p025": np.nan, "p975": np.nan, "p_meet": np.nan, "met": np.nan})
    return pd.DataFrame(rows)


def test_choose_defaults_takes_the_lower_error_and_widens_to_cover():
    chosen = backtest.choose_defaults(_synthetic_candidates())
    assert chosen["momentum"]["x"] == 1.0
    assert chosen["prior"]["x"] is False  # no prior rows: nothing to judge it on
    assert chosen["bridge_widen"] == 2.0  # 0.5 miss / 0.25 half-width


def test_the_shipped_defaults_are_what_the_shipped_track_record_chooses():
    rows = pd.read_csv(RESULTS / "backtest_rows.csv")
    chosen = backtest.choose_defaults(rows)
    shipped = defaults()
    for key in ("momentum", "prior", "annual_model", "bridge_widen"):
        assert json.loads(json.dumps(chosen[key])) == shipped[key], key


def test_the_track_record_tables_answer_the_goals():
    rows = pd.read_csv(RESULTS / "backtest_rows.csv")
    tables = backtest.track_record(rows)
    september = tables["september"].set_index(["indicator", "method"])["mae"]
    for indicator in ("gdp", "industrial_value_added", "retail_sales"):
        assert september[(indicator, "default")] < september[(indicator, "carry_forward")]
    before = tables["before_the_year"].set_index(["indicator", "method"])
    assert before.loc[("gdp", "default"), "n"] == before.loc[("gdp", "last_year"), "n"]


def test_the_readme_quotes_the_committed_track_record():
    tables = backtest.track_record(pd.read_csv(RESULTS / "backtest_rows.csv"))
    readme = (RESULTS.parent.parent / "README.md").read_text(encoding="utf-8")
    assert backtest.headline_markdown(tables) in readme


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_track_record_page_reads_the_committed_record(data, lang):
    from xyforecast.report.pages import TrackRecord, check_parameters

    page = TrackRecord(check_parameters(region="xingyang", year=2025, lang=lang, data=data))
    assert ("272个历史案例" if lang == "zh" else "272 past cases") in page.heading()
    assert ("荥阳市本身有4个" if lang == "zh" else "Xingyang has 4 cases") in page.text()
    table = page.table()
    assert len(table) == 7 and table.iloc[0, 0] == ("固定资产投资" if lang == "zh"
                                                   else "Fixed-asset investment")
    losses = page.losses()
    assert len(losses) == len(backtest.losses(backtest.published_rows()))
    assert "gdp september n=11 mae=0.28" in page.key_figures()
