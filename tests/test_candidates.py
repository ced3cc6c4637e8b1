"""The models the engine weighed, side by side: ARIMA and ETS fitted by statsmodels with their
own intervals, the weight each carries in the projection shown (adding up to one), their
real-time scores from the committed track record, and the indicator page's table."""

from __future__ import annotations

import json

import pytest

from xyforecast import config
from xyforecast.engine.projection import project
from xyforecast.request import check_parameters
from xyforecast.site.pages import IndicatorPage


def test_china_gdp_weighs_arima_and_ets_beside_the_bridge(data):
    """China's GDP 2025 as of 2025-09 (data/observations.csv): the bridge carries the
    projection; ARIMA and ETS, fitted on 2011-2024, say what they say on their own."""
    p = project(data, "china", "gdp", 2025, "2025-09", candidates=True)
    found = {c.model: c for c in p.candidates}
    assert {"ytd-bridge", "arima", "ets", "naive", "combination"} <= set(found)
    assert sum(c.weight for c in p.candidates) == pytest.approx(1.0)
    # GDP's annual prior weighs 0 (defaults.json); in a normal year the replay chose to pull
    # the bridge toward the announced target: the point is the two, weighted as shown
    bridge, target = found["ytd-bridge"], found.get("target")
    pull = target.weight if target is not None else 0.0
    assert bridge.weight + pull == pytest.approx(1.0)
    assert p.median == pytest.approx(
        bridge.weight * bridge.median + (target.median * pull if target else 0.0), abs=1e-6)
    for name in ("arima", "ets"):
        c = found[name]
        assert c.interval == "own" and c.p10 < c.median < c.p90 and c.region == "china"
    scores = json.loads((config.package_file("engine", "defaults.json")).read_text())
    assert found["arima"].crps == scores["evidence"]["scores"]["gdp"]["arima"]["crps"]
    assert found["arima"].n_scored > 100  # the prefectures' and China's Decembers before


def test_without_asking_there_are_no_candidates(data):
    assert project(data, "china", "gdp", 2025, "2025-09").candidates == ()


def test_a_borrowed_projection_shows_its_parents_models_moved_by_the_gap(data):
    """Xingyang (shipped data: no 2025 figures) borrows from Zhengzhou: the candidates are
    Zhengzhou's, moved by the differential and as wide as the gap's spread makes them.
    Zhengzhou's own target is not evidence about the county: it pulls neither."""
    p = project(data, "xingyang", "gdp", 2025, candidates=True)
    parent = project(data, "zhengzhou", "gdp", 2025, candidates=True)
    assert p.method == "borrowed" and {c.region for c in p.candidates} == {"zhengzhou"}
    mine = {c.model: c for c in p.candidates}
    assert "target" not in mine
    for c in (c for c in parent.candidates if c.model != "target"):
        assert mine[c.model].median == pytest.approx(c.median + p.borrowing.differential_pp)
        assert mine[c.model].p90 - mine[c.model].p10 > c.p90 - c.p10


def test_the_indicator_page_tables_the_candidates():
    params = check_parameters(region="china", year=2025, as_of="2025-09", lang="en",
                              indicator="gdp")
    table = IndicatorPage(params).candidates()
    models = list(table["Model"])
    assert "ARIMA(1,0,0)" in models and "ETS(A,N,N) exponential smoothing" in models
    assert set(table["Interval from"]) >= {"the model itself", "calibrated"}
