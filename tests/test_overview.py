"""The report's opening sentence — how many indicators stand where, the most and least likely
to be met, how many borrowed — from one set of facts (``Forecast.overview``) in the Word
report and on the dashboard."""

from __future__ import annotations

import pytest

from xyforecast.engine.status import STATUSES
from xyforecast.forecast import Forecast
from xyforecast.outputs import numbers
from xyforecast.outputs.analysis import Analysis
from xyforecast.site.pages import Dashboard, check_parameters


@pytest.mark.parametrize("region", ["xingyang", "zhengzhou", "china"])
def test_the_word_report_and_the_dashboard_open_with_the_same_facts(data, region):
    forecast = Forecast.build(data, region, 2025)
    facts = forecast.overview()
    items = forecast.indicators
    assert list(facts.counts) == list(STATUSES)
    assert facts.counts == {s: sum(i.status == s for i in items) for s in STATUSES}
    chances = [i.projection.p_meet for i in items if i.projection.p_meet is not None]
    ranked = [facts.best, facts.worst] if len(chances) >= 2 else []
    assert (facts.best is None) == (facts.worst is None) == (not ranked)
    if ranked:
        assert (facts.best.projection.p_meet, facts.worst.projection.p_meet) == (
            max(chances), min(chances))
    assert all(i.standing is None and i.projection.latest.region != region
               for i in facts.borrowed)
    word = Analysis(forecast).overview("zh")
    page = Dashboard(check_parameters(region=region, year=2025, data=data)).text()
    for text in (word, page):
        assert ("最高的是" in text) == bool(ranked)
        for item in ranked:
            assert f"{item.name.render('zh')}（{numbers.percent(item.projection.p_meet)}）" \
                in text
        assert ("本年尚无" in text) == bool(facts.borrowed)
        assert f"{len(facts.borrowed)}项" in text or not facts.borrowed
        assert "0项" not in text  # a status no indicator has is not counted
    if region == "xingyang":  # the shipped data: every headline figure Zhengzhou's
        assert len(facts.borrowed) == 5
    if region == "china":
        assert not facts.borrowed
