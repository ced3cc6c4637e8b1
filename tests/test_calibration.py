"""The spread model recovers what generated synthetic errors, never widens as the year
fills in, and gives heavy tails only in the regime that has them."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

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
                     "regime": regime, "horizon": 1, "error": error})
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
