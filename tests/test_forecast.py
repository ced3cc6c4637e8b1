"""One Forecast per report: each projection computed once, typed all the way down, one status
rule, one meaning of "余下时期需增长", and the summary as its one serialisation. The figures
written here for Xingyang are synthetic (tests only)."""

from __future__ import annotations

from collections import Counter

import pytest

from xyforecast import forecast as forecast_module
from xyforecast.engine import projection as engine_projection
from xyforecast.engine.projection import project
from xyforecast.engine.results import Borrowing, LatestFigure
from xyforecast.engine.status import AT_RISK, ON_TRACK, status, status_of
from xyforecast.forecast import Forecast
from xyforecast.inputs.dataset import load
from xyforecast.outputs.summary import validate

from conftest import write_csv

SYNTHETIC = "synthetic test figures"


def counted(monkeypatch) -> Counter:
    """Count every call of the engine's ``project``, whoever makes it."""
    calls: Counter = Counter()

    def counting(data, region, indicator, year, as_of=None, settings=None, candidates=False):
        calls[(region, indicator, str(as_of))] += 1
        return project(data, region, indicator, year, as_of, settings, candidates)

    monkeypatch.setattr(forecast_module, "project", counting)
    monkeypatch.setattr(engine_projection, "project", counting)
    return calls


def test_a_forecast_computes_each_projection_once(data, monkeypatch):
    calls = counted(monkeypatch)
    forecast = Forecast.build(data, "xingyang", 2025)
    assert calls and max(calls.values()) == 1, [k for k, n in calls.items() if n > 1]
    # the headline five, every release of the year (and what the step before expected of a
    # parent's news), every sibling of the comparison: each one of them once
    assert {k[1] for k in calls} == {i.code for i in forecast.indicators}
    for item in forecast.indicators:
        assert {("xingyang", item.code, str(s.cutoff)) for s in item.movement} <= set(calls)
        assert {(r.region, item.code, "2025-09") for r in item.peers.rows} <= set(calls)
    assert all(i.movement[-1].projection is i.projection for i in forecast.indicators)


def test_the_forecast_command_builds_only_what_it_shows(data, monkeypatch):
    calls = counted(monkeypatch)
    forecast = Forecast.build(data, "xingyang", 2025, movement=False, peers=False)
    assert all(i.movement == () and i.peers is None for i in forecast.indicators)
    # each headline projection, and the release before it (whether the basis changed)
    assert len(calls) <= 2 * len(forecast.indicators) and max(calls.values()) == 1
    full = Forecast.build(data, "xingyang", 2025)
    assert forecast.to_summary() == full.to_summary()


def test_typed_all_the_way_down(data):
    forecast = Forecast.build(data, "xingyang", 2025)
    for item in forecast.indicators:
        p = item.projection
        assert p.latest is None or isinstance(p.latest, LatestFigure)
        assert p.borrowing is None or isinstance(p.borrowing, Borrowing)
        assert not hasattr(p, "extra")
    summary = forecast.to_summary()
    validate(summary)
    for entry, item in zip(summary["indicators"], forecast.indicators):
        assert entry["status"] == item.status == status(item.projection)
        assert entry["required_rest_growth_pct"] == (
            None if item.required.stated is None else round(item.required.stated, 2))


def test_one_status_rule():
    assert status_of(ON_TRACK) == "on_track" and status_of(ON_TRACK - 1e-9) == "at_risk"
    assert status_of(AT_RISK) == "at_risk" and status_of(AT_RISK - 1e-9) == "off_track"
    assert status_of(None) == "unknown"


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    """Synthetic Xingyang figures for 2025: industry to September, investment levels."""
    rows = [["xingyang", "industrial_value_added", "2025-08", "growth_pct", 9.1, "%"],
            ["xingyang", "industrial_value_added", "2025-09", "growth_pct", 8.8, "%"],
            ["xingyang", "gdp", "2025-09", "growth_pct", 5.6, "%"],
            ["xingyang", "fixed_asset_investment", "2025-09", "level", 268.1, "亿元"],
            ["xingyang", "fixed_asset_investment", "2025-09", "growth_pct", 4.2, "%"]]
    path = tmp_path_factory.mktemp("own") / "own.csv"
    write_csv(path, [[*r, SYNTHETIC, ""] for r in rows])
    return load(extra=[path])


def test_required_growth_means_the_stated_target_and_the_line_has_its_own(own):
    gdp = Forecast.build(own, "xingyang", 2025, "2025-09").indicator("gdp")
    assert gdp.target.qualifier == "about" and gdp.required.known
    # "about 6%" counts as met from 5.5%: reaching that line needs less than reaching 6%
    assert gdp.required.threshold < gdp.required.stated


def test_level_progress_against_the_months_elapsed(own):
    """268.1 of 360亿元 by September: 74.47% done against 序时进度 75% (9 of 12 months)."""
    investment = Forecast.build(own, "xingyang", 2025, "2025-09").indicator(
        "fixed_asset_investment")
    progress = investment.progress
    assert progress.share_done == pytest.approx(268.1 / 360) and progress.elapsed == 0.75
    assert progress.ahead_pp == pytest.approx((268.1 / 360 - 0.75) * 100)


def test_the_first_own_figure_is_a_change_of_basis_not_news(own):
    forecast = Forecast.build(own, "xingyang", 2025, "2025-09")
    gdp = forecast.indicator("gdp")
    assert gdp.projection.latest.region == "xingyang"
    assert gdp.basis_change is not None and "本地数据" in gdp.basis_change.render("zh")
    industry = forecast.indicator("industrial_value_added")
    assert industry.basis_change is None  # its own figures began in August
    summary = forecast.to_summary()
    assert summary["indicators"][0]["basis_change_zh"].startswith("自2025年1-9月起")


def test_the_standing_carries_the_tables_row(own):
    item = Forecast.build(own, "xingyang", 2025, "2025-09").indicator("industrial_value_added")
    s = item.standing
    assert (s.value, s.previous[1]) == (8.8, 9.1) and s.change == pytest.approx(-0.3)
    assert s.stated_change_pp is None and not s.change_disagrees


def test_the_reports_of_a_render_share_one_memo_and_project_each_key_once(data, monkeypatch):
    """A render builds its reports through one memo: a sibling's projection made for one
    report's comparison is that sibling's own headline projection (with what each model
    weighed), computed once."""
    from xyforecast.forecast import Memo
    from xyforecast.periods import Period

    alone = Forecast.build(data, "xinzheng", 2025)
    calls = counted(monkeypatch)
    cut = Period.parse("2025-09")
    memo = Memo(data, 2025, {(r, i.code, cut) for r in ("xingyang", "xinzheng")
                             for i in data.catalog.headline()})
    first = Forecast.build(data, "xingyang", 2025, cut, memo=memo)
    second = Forecast.build(data, "xinzheng", 2025, cut, memo=memo)
    assert max(calls.values()) == 1 and set(memo.calls.values()) == {1}
    assert any(r.region == "xinzheng" for r in first.indicators[0].peers.rows)
    assert second.to_summary() == alone.to_summary()
    assert [i.projection.candidates for i in second.indicators] == \
        [i.projection.candidates for i in alone.indicators]
    with pytest.raises(ValueError):
        Forecast.build(data, "xingyang", 2024, memo=memo)
