"""The spread model recovers what generated synthetic errors, never widens as the year
fills in by itself, gives heavy tails only in the regime that has them, sets a county without
errors of its own at the widest measured sub-national spread, and widens with an uncertain
rest-of-year pace. Every number here is synthetic."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from scipy.optimize import approx_fprime

from xyforecast.engine import calibration
from xyforecast.engine.calibration import ScaleModel


def _synthetic(n: int = 3000, seed: int = 0) -> list[dict]:
    """Synthetic errors: σ = exp(a_k)·(1−w)^1·γ, shocks 3× as wide, 5% of normal cases and
    60% of "now" cases."""
    generator = np.random.default_rng(seed)
    log_a = {"gdp": np.log(1.0), "retail_sales": np.log(3.0)}
    rows = []
    for i in range(n):
        k = ("gdp", "retail_sales")[i % 2]
        w = generator.choice([0.0, 0.2, 0.5, 0.75])
        has = w > 0
        regime = "now" if i % 10 == 0 and has else ("normal" if has else "before")
        sd = np.exp(log_a[k]) * (0.8 if has else 1.0) * (1 - w)
        shock = generator.random() < (0.6 if regime == "now" else 0.05)
        error = generator.normal(0, sd * (3.0 if shock else 1.0))
        rows.append({"indicator": k, "level": "country", "w": w, "has_ytd": has,
                     "regime": regime, "horizon": 1, "divergence": 0.0, "distance": 0.0,
                     "error": error})
    return rows


def test_the_fit_recovers_the_generating_parameters():
    model = ScaleModel.fit(_synthetic())
    assert model.slope == pytest.approx(1.0, abs=0.15)
    assert model.ytd_step == pytest.approx(0.8, abs=0.1)
    ratio = np.exp(model.log_a["retail_sales"] - model.log_a["gdp"])
    assert ratio == pytest.approx(3.0, rel=0.15)
    assert model.shock_weight["now"] > 0.35 > model.shock_weight["normal"]
    assert model.shock_factor == pytest.approx(3.0, rel=0.3)


def test_the_spread_never_widens_as_the_year_fills_in():
    model = ScaleModel.fit(_synthetic(800, seed=1))
    before = model.sd("gdp", "country", 0.0, has_ytd=False)
    shares = np.linspace(0.05, 0.95, 19)
    sds = [model.sd("gdp", "country", w, has_ytd=True) for w in shares]
    assert sds[0] <= before
    assert all(b <= a for a, b in pairwise(sds))


def test_crps_of_many_agrees_with_one_at_a_time():
    model = ScaleModel.fit(_synthetic(600, seed=2))
    rows = _synthetic(50, seed=3)
    errors = np.array([r["error"] for r in rows])
    arrays = {k: np.array([r[k] for r in rows]) for k in rows[0] if k != "error"}
    many = model.crps(errors, arrays)
    one = [model.distribution(0.0, r["indicator"], r["level"], r["w"], r["has_ytd"],
                              r["regime"]).crps(r["error"]) for r in rows]
    assert many == pytest.approx(one, rel=1e-9)


def _levels(n: int = 2400, seed: int = 4) -> list[dict]:
    """Synthetic errors: provinces twice as wide as the country with their own year-to-date
    figures, prefectures three times before the year; a latest month that diverges from the
    year to date by d adds 0.5·(1−w)·d to the sd."""
    generator = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        level = ("country", "province", "prefecture")[i % 3]
        has = level != "prefecture" and bool(i % 2)
        w = float(generator.choice([0.25, 0.5, 0.75])) if has else 0.0
        d = float(generator.normal(0, 3)) if has else 0.0
        scale = {"country": 1.0, "province": 2.0, "prefecture": 3.0}[level]
        sd = np.hypot(scale * (1 - w), 0.5 * (1 - w) * d)
        rows.append({"indicator": "gdp", "level": level, "w": w, "has_ytd": has,
                     "regime": "normal" if has else "before", "horizon": 1,
                     "divergence": d, "distance": 0.0, "error": generator.normal(0, sd)})
    return rows


def test_levels_pace_and_the_widest_sub_national_spread():
    model = ScaleModel.fit(_levels())
    for w in (0.25, 0.5, 0.75):  # provinces: twice the country's spread (floors aside)
        assert model.sd("gdp", "province", w, True) == pytest.approx(2 * (1 - w), rel=0.2)
    assert model.pace == pytest.approx(0.5, rel=0.25)
    assert model.measured["province:ytd"] > 300 and "county:ytd" not in model.measured
    # no county errors: a county takes the widest measured sub-national spread
    assert model.level["county:ytd"] == max(model.level["province:ytd"],
                                            model.level["prefecture:ytd"])
    assert model.level["county:annual"] == model.level["prefecture:annual"]
    county = model.sd("gdp", "county", 0.75, True)
    assert county > model.sd("gdp", "country", 0.75, True) * 1.5
    assert model.sd("gdp", "county", 0.75, True, divergence=8.0) > county


def test_the_gradient_is_exact():
    rows = _levels(300, seed=5) + _synthetic(300, seed=6)
    layout = calibration._layout(rows)
    theta = calibration._start(layout, None) + 0.2
    numeric = approx_fprime(theta, lambda t: calibration._objective(t, layout)[0], 1e-6)
    assert calibration._objective(theta, layout)[1] == pytest.approx(numeric, abs=1e-3)
