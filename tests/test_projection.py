"""The projection engine on the real data: every method, every region of the chain, past
cut-offs, no look-ahead, determinism, and nothing on stderr."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import warnings

import numpy as np
import pytest

from xyforecast.engine.evidence import gather
from xyforecast.engine.projection import default_cutoff, project, project_all, project_evidence
from xyforecast.engine.results import LatestFigure
from xyforecast.engine.settings import defaults
from xyforecast.forecast import Forecast
from xyforecast.i18n import render
from xyforecast.inputs.dataset import load
from xyforecast.outputs.summary import validate

from conftest import copy_data, write_csv

HEADLINE = ["gdp", "industrial_value_added", "fixed_asset_investment", "retail_sales",
            "public_budget_revenue"]


def _check(summary: dict) -> None:
    validate(summary)
    assert [i["indicator"] for i in summary["indicators"]] == HEADLINE
    for item in summary["indicators"]:
        q = item["projection"]
        assert q is not None, item["indicator"]
        assert q["p025"] <= q["p10"] <= q["median"] <= q["p90"] <= q["p975"]
        assert item["basis_en"] and item["basis_zh"]
        if item["p_meet_target"] is not None:
            assert 0 <= item["p_meet_target"] <= 1


def test_xingyang_2025_all_five_against_the_reports_targets(data):
    summary = Forecast.build(data, "xingyang", 2025).to_summary()
    _check(summary)
    assert summary["as_of"] == "2025-09"
    targets = [(i["target"]["value"], i["target"]["qualifier"]) for i in summary["indicators"]]
    assert targets == [(6, "about"), (10, "at_least"), (8, "none"), (6, "at_least"),
                       (2, "about")]
    for item in summary["indicators"]:
        assert item["method"] == "borrowed" and "Zhengzhou" in item["basis_en"]
        assert item["p_meet_target"] is not None
        assert item["required_rest_growth_pct"] is None  # no Xingyang year-to-date figure
        borrowed = item["borrowing"]  # what it borrowed, and from where
        assert borrowed["parent"] == "zhengzhou" and borrowed["spread_sd_pp"] > 0
        assert any("Henan's 17 prefectures" in s for s in borrowed["sources_en"])
        assert any("河南省17个地级市" in s for s in borrowed["sources_zh"])
    gdp = summary["indicators"][0]
    assert gdp["borrowing"]["own_gaps"] == 1  # Xingyang 2020 against Zhengzhou 2020
    assert 0 < gdp["base_rate"]["share_met"] < 1 and gdp["base_rate"]["era"] == "2012-2019"


@pytest.mark.parametrize("region", ["zhengzhou", "henan", "china"])
def test_every_region_of_the_chain_for_2025(data, region):
    _check(Forecast.build(data, region, 2025).to_summary())


@pytest.mark.parametrize(("region", "as_of"), [("china", "2023-09"), ("china", "2021-06"),
                                               ("zhengzhou", "2024-06"), ("henan", "2022-09"),
                                               ("xingyang", "2023-03")])
def test_past_years_at_past_cutoffs(data, region, as_of):
    summary = Forecast.build(data, region, int(as_of[:4]), as_of).to_summary()
    _check(summary)
    assert all(i["cutoff"] == as_of for i in summary["indicators"])


def test_china_2023_q4_requirement_matches_the_bureaus_statement(data):
    """NBS (2023-10-18): Q4 growth of about 4.4% secures the ~5% target after +5.2% in Q1-Q3.
    As of 2023-09 the engine sees the first-published 5.2% (not the later 5.4%)."""
    gdp = project(data, "china", "gdp", 2023, "2023-09")
    assert gdp.latest == LatestFigure("china", "2023-09", 5.2)
    assert 4.4 <= gdp.required_rest_growth_pct <= 4.5
    assert gdp.method == "ytd-bridge" and render(gdp.share.source, "en") == "own levels 2022"


def test_before_the_year_starts_an_annual_model_is_used(data):
    gdp = project(data, "china", "gdp", 2025, "2024-12")
    assert gdp.method.startswith("annual-")
    assert "2000-2024" in render(gdp.basis, "en") and gdp.n_obs == 21


def test_a_published_full_year_is_the_answer(data):
    gdp = project(data, "china", "gdp", 2024, "2024-12")
    assert gdp.method == "published" and gdp.median == 5.0
    assert gdp.p_meet == 1.0  # target about 5%


def test_borrowing_adds_the_differential_and_widens_the_interval(data):
    """Xingyang borrows Zhengzhou's projection from Zhengzhou's figures; Zhengzhou's own
    target (which the city's headline projection may be pulled toward) is not evidence
    about the county."""
    county = project(data, "xingyang", "gdp", 2025)
    city = project(data, "zhengzhou", "gdp", 2025)
    cut = default_cutoff(data, 2025)
    evidence = project_evidence(gather(data.as_of(cut), "zhengzhou", "gdp", 2025), defaults())
    width = lambda p: p.quantiles["p90"] - p.quantiles["p10"]  # noqa: E731
    assert county.borrowed_from is not None and county.borrowed_from.region == "zhengzhou"
    assert width(county) > 2 * width(city)
    assert county.median == pytest.approx(
        evidence.median + county.borrowing.differential_pp, abs=0.01)


def test_a_stale_parent_is_rolled_forward_with_its_parents_news(data):
    """Zhengzhou's investment 2025 is known for Jan-Feb only; China's through September."""
    city = project(data, "zhengzhou", "fixed_asset_investment", 2025, "2025-09")
    assert city.rolled is not None and city.rolled.from_period == "2025-02"
    then = project(data, "zhengzhou", "fixed_asset_investment", 2025, "2025-02")
    assert city.median == pytest.approx(then.median + city.rolled.news_pp, abs=0.05)
    assert "rolled forward" in render(city.basis, "en") and "顺推" in render(city.basis, "zh")


def test_the_interval_narrows_as_the_year_fills_in(data):
    widths = [np.subtract(*[project(data, "china", "gdp", 2024, f"2024-{m:02d}").quantiles[k]
                            for k in ("p90", "p10")]) for m in (3, 6, 9)]
    assert widths[0] > widths[2]


def test_no_look_ahead_a_later_figure_never_changes_a_result(tmp_path):
    """Synthetic figures after the cut-off (absurd on purpose) must leave it unchanged."""
    local = tmp_path / "data"
    (local / "local").mkdir(parents=True)
    copy_data(local)
    later = [["china", "gdp", "2023-12", "growth_pct", "-9.9", "%", "synthetic future", ""],
             ["china", "gdp", "2023-12", "level", "1", "亿元", "synthetic future", ""],
             ["china", "retail_sales", "2023-10", "growth_pct", "40", "%", "synthetic", ""],
             ["zhengzhou", "gdp", "2023-12", "growth_pct", "-9.9", "%", "synthetic", ""],
             ["xinmi", "gdp", "2024", "growth_pct", "30", "%", "synthetic future", ""]]
    write_csv(local / "local" / "future.csv", later)
    clean, tampered = load(), load(local)
    for region in ("china", "zhengzhou", "xingyang"):
        a = Forecast.build(clean, region, 2023, "2023-09").to_summary()
        b = Forecast.build(tampered, region, 2023, "2023-09").to_summary()
        assert [x["projection"] for x in a["indicators"]] == \
            [x["projection"] for x in b["indicators"]]


def test_same_inputs_same_numbers(data):
    first = json.dumps(Forecast.build(data, "xingyang", 2025).to_summary(), sort_keys=True)
    again = json.dumps(Forecast.build(load(), "xingyang", 2025).to_summary(), sort_keys=True)
    assert first == again


def test_no_warnings_in_process(data):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for region in ("xingyang", "china"):
            project_all(data, region, 2025)
            project_all(data, region, 2022, "2021-12")
    assert [str(w.message) for w in caught] == []


def test_forecast_command_json_is_valid_and_stderr_is_empty():
    result = subprocess.run([sys.executable, "-m", "xyforecast", "forecast", "--region",
                             "xingyang", "--year", "2025", "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stderr == ""
    summary = json.loads(result.stdout)
    validate(summary)
    assert "generated_at" in summary["run"]


def test_forecast_table_in_chinese_and_english(capsys):
    from xyforecast.cli import main

    assert main(["forecast", "--region", "china", "--year", "2023", "--as-of", "2023-09"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("全国 2023年主要指标目标达成预测（数据截至2023-09）")
    assert "地区生产总值" in out and "增长5%左右" in out
    assert "以全国2023年1-9月累计增速5.2%推算全年" in out  # no sign before a growth in prose
    assert "类似目标的历史达标率" in out
    # as the JSON and the Word report print it: full-width punctuation in Chinese
    assert not re.search(r"[\u4e00-\u9fff][,;:()]|[,;:()][\u4e00-\u9fff]", out), out
    assert main(["forecast", "--region", "xingyang", "--year", "2025", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "about +6%" in out and "Zhengzhou's projection" in out
    assert "borrowed: differential" in out and "Henan's 17 prefectures" in out


def test_default_cutoff_is_the_latest_period_of_the_year(data):
    assert str(default_cutoff(data, 2025)) == "2025-09"
    assert str(default_cutoff(data, 2027)) == "2025-09"  # nothing in 2026 or 2027: the last
