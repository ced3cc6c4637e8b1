"""The normal mixture every projection is: exact quantiles, probabilities and CRPS, checked
against scipy and against a large sample (synthetic numbers)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from xyforecast.engine.distribution import MAX_COMPONENTS, Mixture


def test_a_normal_matches_scipy():
    m = Mixture.normal(5.0, 1.5)
    q = [0.025, 0.1, 0.5, 0.9, 0.975]
    assert m.quantile(q) == pytest.approx(stats.norm.ppf(q, 5.0, 1.5), abs=1e-7)
    assert m.prob_at_least(6.0) == pytest.approx(stats.norm.sf(6.0, 5.0, 1.5))
    z = (6.3 - 5.0) / 1.5  # the closed-form CRPS of a normal (Gneiting & Raftery 2007)
    expected = 1.5 * (z * (2 * stats.norm.cdf(z) - 1) + 2 * stats.norm.pdf(z) - 1 / np.sqrt(np.pi))
    assert m.crps(6.3) == pytest.approx(expected)


def test_sums_and_shock_mixtures_agree_with_a_large_sample():
    m = Mixture.scale_mixture(5.0, 1.0, 0.1, 3.0).add(Mixture.normal(0.5, 2.0))
    x = m.sample(400_000, np.random.default_rng(1))
    assert m.quantile([0.1, 0.9]) == pytest.approx(np.quantile(x, [0.1, 0.9]), abs=0.03)
    assert m.mean == pytest.approx(5.5) and m.sd == pytest.approx(x.std(), rel=0.01)
    small = np.sort(x[:20_000])  # CRPS = E|X − y| − ½E|X − X'|
    n = len(small)
    pairs = np.sum((2 * np.arange(1, n + 1) - n - 1) * small) / n**2
    sampled = np.mean(np.abs(small - 6.3)) - pairs
    assert m.crps(6.3) == pytest.approx(sampled, abs=0.02)


def test_a_point_is_a_step():
    p = Mixture.point(3.0)
    assert list(p.quantile([0.1, 0.9])) == [3.0, 3.0]
    assert p.crps(4.0) == 1.0  # the absolute error
    assert p.prob_at_least(3.0) == 1.0 and p.prob_at_least(3.01) == 0.0


def test_an_empirical_distribution_has_exact_quantiles():
    errors = np.array([-2.0, -1.0, 0.0, 1.0, 4.0])
    m = Mixture(np.full(5, 0.2), errors, np.zeros(5))
    assert list(m.quantile([0.1, 0.5, 0.9])) == [-2.0, 0.0, 4.0]


def test_blending_many_models_stays_small_and_keeps_mean_and_spread():
    b = Mixture.blend([Mixture.normal(i, 1.0) for i in range(20)])
    assert len(b.weights) <= MAX_COMPONENTS
    assert b.mean == pytest.approx(9.5)
    assert b.sd == pytest.approx(np.sqrt(1 + np.var(np.arange(20))), rel=1e-6)


def test_growth_never_falls_to_minus_100_percent():
    """Synthetic: a projection centred at −99.99% with a 3-point spread and heavy tails. The
    bounded mixture keeps every quantile, the mean and every draw above −100%, and leaves an
    ordinary projection exactly as it was."""
    m = Mixture.scale_mixture(-99.99, 3.0, 0.2, 3.0).bounded()
    q = m.quantile([0.001, 0.025, 0.1, 0.5, 0.9, 0.975])
    assert (q > -100).all() and list(q) == sorted(q)
    assert m.cdf(-100.0)[0] == 0.0 and m.prob_at_least(-100.0) == pytest.approx(1.0)
    assert m.mean > -100 and (m.sample(5000, np.random.default_rng(0)) > -100).all()
    assert m.crps(-99.0) > 0
    ordinary = Mixture.scale_mixture(5.0, 1.0, 0.1, 3.0)
    assert ordinary.bounded().quantile([0.1, 0.9]) == pytest.approx(ordinary.quantile([0.1, 0.9]))
    assert ordinary.bounded().crps(6.0) == pytest.approx(ordinary.crps(6.0))
