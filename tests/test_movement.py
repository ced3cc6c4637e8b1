"""How the projection moved: every past step is what `xyforecast forecast --as-of` says at
that cut-off, and each step's news is the figure that arrived then."""

from __future__ import annotations

import itertools
import json

import pytest

from xyforecast.cli import main
from xyforecast.engine.movement import release_cutoffs, replay
from xyforecast.periods import Period


@pytest.fixture(scope="module")
def steps(data):
    return replay(data, "xingyang", "industrial_value_added", 2025, "2025-09")


def test_replay_starts_in_the_december_before_and_ends_at_the_cutoff(data, steps):
    cutoffs = [str(s.cutoff) for s in steps]
    assert cutoffs[0] == "2024-12" and cutoffs[-1] == "2025-09"
    assert cutoffs == sorted(cutoffs)
    # Zhengzhou's 1-2月 and China's monthly releases: every month with a figure in the chain
    assert cutoffs == ["2024-12", *(f"2025-{m:02d}" for m in range(2, 10))]
    assert release_cutoffs(data, "xingyang", "industrial_value_added", 2025,
                           Period(2024, 12)) == [Period(2024, 12)]


def test_every_past_step_equals_forecast_as_of_that_cutoff(steps, capsys):
    for step in steps:
        assert main(["forecast", "--region", "xingyang", "--year", "2025", "--as-of",
                     str(step.cutoff), "--json"]) == 0
        summary = json.loads(capsys.readouterr().out)
        item = next(i for i in summary["indicators"]
                    if i["indicator"] == "industrial_value_added")
        q = step.projection.quantiles
        assert item["projection"] == {k: round(q[k], 2) for k in item["projection"]}
        assert item["p_meet_target"] == round(step.projection.p_meet, 3)
        assert item["cutoff"] == str(step.cutoff)


def test_each_step_says_which_figure_arrived_and_how_far_it_moved_the_year(steps):
    assert steps[0].news is None and steps[0].moved is None
    for before, step in itertools.pairwise(steps):
        assert step.moved == pytest.approx(step.projection.median - before.projection.median)
        assert step.news is not None and step.news.figure.period == str(step.cutoff)
    september = steps[-1].news
    # Zhengzhou (the nearest region in the chain) published 1-9月 +8.8%
    assert (september.figure.region, september.figure.value) == ("zhengzhou", 8.8)
    assert september.surprise == pytest.approx(8.8 - september.expected)
    # the expectation is Zhengzhou's own full-year median of the step before (1-8月)
    assert september.expected == pytest.approx(
        replay_median("zhengzhou", "2025-08"), abs=1e-9)


def replay_median(region: str, cutoff: str) -> float:
    from xyforecast.engine.projection import project
    from xyforecast.inputs.dataset import load

    return project(load(), region, "industrial_value_added", 2025, cutoff).median
