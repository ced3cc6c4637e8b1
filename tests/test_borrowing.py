"""Borrowing: gap variances measured on Henan's prefectures, a child's differential shrunk
by how little evidence it has, counties wider than prefectures by a stated rule."""

from __future__ import annotations

import math

import pytest

from xyforecast.engine.borrowing import COUNTY_PRIOR, GapModel, own_gaps
from xyforecast.engine.evidence import gather


def test_the_variances_are_measured_on_the_prefectures(data):
    gaps = GapModel.fit(data)
    assert gaps.n_regions == 17 and gaps.n_deviations > 150
    assert 0 < gaps.persistent_sd < gaps.transient_sd < 3
    assert gaps.county_gaps == 9  # Zhengzhou's counties with a GDP figure beside the city's
    prior, weight = COUNTY_PRIOR
    measured = gaps.county_rms**2 / (gaps.persistent_sd**2 + gaps.transient_sd**2)
    assert gaps.county_factor == pytest.approx(
        math.sqrt((9 * measured + weight * prior**2) / (9 + weight)))


def test_leaving_a_year_out_changes_the_measure(data):
    assert GapModel.fit(data, exclude_year=2018) != GapModel.fit(data)


def test_shrinkage_follows_the_evidence():
    model = GapModel(persistent_sd=1.0, transient_sd=2.0, county_factor=1.5)
    none = model.predict([], "prefecture")
    assert none.mean == 0 and none.sd == pytest.approx(math.sqrt(5))
    one = model.predict([3.0], "prefecture")  # λ = 1/(1+4) = 0.2
    assert one.shrink == pytest.approx(0.2) and one.mean == pytest.approx(0.6)
    ten = model.predict([3.0] * 10, "prefecture")  # λ = 1/(1+0.4)
    assert ten.mean == pytest.approx(3 / 1.4) and ten.sd < one.sd < none.sd
    county = model.predict([], "county", ratio=2.0)
    assert county.sd == pytest.approx(math.sqrt(5) * 1.5 * 2.0)


def test_xingyangs_own_gaps_to_zhengzhou(data):
    """data/observations.csv: Xingyang GDP 2020 +3.1%, Zhengzhou +3.0%."""
    ev = gather(data.as_of("2025-09"), "xingyang", "gdp", 2025)
    assert own_gaps(ev) == [pytest.approx(0.1)]
