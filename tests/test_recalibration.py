"""The widening measured on the real-time record: what errors the fitted spread missed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from xyforecast.engine.settings import Settings, defaults
from xyforecast.evaluation import recalibration


def _record(errors: np.ndarray, level: str = "country", kind: str = "ytd") -> pd.DataFrame:
    years = 2010 + np.arange(len(errors)) % 10  # ten years of record
    return pd.DataFrame({"method": "default", "level": level, "kind": kind, "year": years,
                         "actual": errors, "median": 0.0, "sd_model": 1.0, "pi_model": 0.0,
                         "kappa_model": 3.0})


def test_errors_twice_the_fitted_spread_widen_it_toward_two():
    """Errors N(0, 2²) against a fitted sd of 1: the measured factor is about 2, pooled
    toward no widening by the weight of PRIOR_YEARS years (the cases of a year miss
    together: evidence counts in years)."""
    errors = np.random.default_rng(0).normal(0, 2, 400)
    factors, evidence = recalibration.widen(_record(errors))
    assert evidence["country:ytd"]["measured"] == pytest.approx(2.0, rel=0.1)
    n, prior = 10, recalibration.PRIOR_YEARS
    assert 1.0 < factors["country:ytd"] < evidence["country:ytd"]["measured"]
    measured = np.log(evidence["country:ytd"]["measured"])
    pooled = measured * n / (n + prior)  # the pooled factor, toward none
    assert np.log(factors["country:ytd"]) == pytest.approx(
        (n * measured + prior * pooled) / (n + prior), rel=0.01)


def test_a_group_with_few_errors_leans_on_the_pooled_factor():
    many = _record(np.random.default_rng(1).normal(0, 2, 300))
    few = _record(np.array([0.1, -0.1, 0.2]), level="prefecture", kind="before")
    factors, evidence = recalibration.widen(pd.concat([many, few]))
    assert evidence["subnational:annual"]["cases"] == 3
    assert evidence["subnational:annual"]["years"] == 3
    # three tiny errors measure no widening (the floor), and pull it halfway (3 years
    # against PRIOR_YEARS) from the pooled factor toward none
    assert evidence["subnational:annual"]["measured"] == 1.0
    assert 1.0 < factors["subnational:annual"] < evidence["pooled"] < factors["country:ytd"]


def test_one_shock_year_with_many_cases_counts_as_one_year():
    """Nine years of two errors each well inside the fitted spread, and one shock year of 40
    errors five times it: counted in cases the shock year is 40 of 58 and sets the factor at
    the bound (×4); counted in years it is one in ten, and the nine covered years keep the
    factor at 1 (its 80% quantile falls among them)."""
    calm = pd.concat([_record(np.array([0.3, -0.5])).assign(year=2010 + y) for y in range(9)])
    shock = _record(np.full(40, 5.0)).assign(year=2020)
    factors, evidence = recalibration.widen(pd.concat([calm, shock]))
    assert evidence["country:ytd"] == {"cases": 58, "years": 10, "measured": 1.0}
    assert factors == {"country:ytd": 1.0}
    # with one more shock year among eleven, two in eleven (18%) stay under the 20% the
    # interval may miss: still 1; with a third, three in twelve (25%) set the factor at 5σ
    two = pd.concat([calm, shock, shock.assign(year=2021)])
    assert recalibration.widen(two)[1]["country:ytd"]["measured"] == 1.0
    three = pd.concat([calm, shock, shock.assign(year=2021), shock.assign(year=2022)])
    assert recalibration.widen(three)[1]["country:ytd"]["measured"] == pytest.approx(
        5.0 / recalibration._half_width(0.0, 3.0), abs=1e-4)


def test_years_the_fitted_spread_covered_well_never_narrow_it():
    """Errors a tenth of the fitted spread: the factor stays 1, not 0.5 — what it corrects
    is the optimism of a spread fitted in sample (2017's China year-to-date spread was cut
    to 0.69 of the fitted one on four covered years; 2017–18 held 40% and 25%)."""
    factors, evidence = recalibration.widen(_record(np.random.default_rng(2).normal(0, 0.1, 60)))
    assert evidence["country:ytd"]["measured"] == 1.0 and factors == {"country:ytd": 1.0}


def test_no_record_no_widening():
    assert recalibration.widen(pd.DataFrame({"method": ["not_scored"]})) == ({}, {})
    settings = defaults()
    plain = Settings.from_dict(settings.to_dict() | {"widen": {}})
    assert plain.widening("country", True) == 1.0
    ratio = settings.sd("gdp", "country", 0.5, True) / plain.sd("gdp", "country", 0.5, True)
    assert ratio == pytest.approx(settings.widen["country:ytd"])
