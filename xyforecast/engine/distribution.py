"""A projection's distribution: a finite mixture of normals (a point mass is a normal of sd 0).

Mixtures are closed under what the engine does to a projection — shift it by a differential,
add an independent spread (borrowing), mix several models — so every quantile, probability
and score is computed exactly, with no sampling noise: the table, the chart and the JSON show
one number. Samples exist only for pictures (``sample``).

CRPS of a normal mixture (Grimit et al. 2006): with A(m, v) = 2·s·φ(m/s) + m·(2Φ(m/s) − 1),
s = √v, CRPS(F, y) = Σ_i w_i A(y − μ_i, σ_i²) − ½ Σ_ij w_i w_j A(μ_i − μ_j, σ_i² + σ_j²).

Growth cannot fall to −100% (a level cannot fall to nothing), so a projection's mixture is
truncated there (``bounded``): the mass a normal tail would put at or below −100% is spread
over the rest in proportion. For any ordinary projection that mass is below 1e-12 and
nothing changes; arithmetic (``shift``, ``add``, ``blend``) works on the untruncated
components, and the bound is applied to what is shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from xyforecast.engine.special import ndtr, ndtri

MAX_COMPONENTS = 16  # sums multiply components; beyond this the lightest are merged
GROWTH_FLOOR = -100.0  # growth of −100% or less is impossible
_NEGLIGIBLE = 1e-12  # mass below the bound that changes nothing shown
_SQRT2PI = math.sqrt(2 * math.pi)



@dataclass(frozen=True, eq=False)
class Mixture:
    """Σ w_i · N(μ_i, σ_i²); weights sum to one, sds are ≥ 0; truncated below ``lower``."""

    weights: np.ndarray
    means: np.ndarray
    sds: np.ndarray
    lower: float = -math.inf

    @classmethod
    def normal(cls, mean: float, sd: float) -> Mixture:
        return cls(np.array([1.0]), np.array([float(mean)]), np.array([max(float(sd), 0.0)]))

    @classmethod
    def point(cls, value: float) -> Mixture:
        return cls.normal(value, 0.0)

    @classmethod
    def scale_mixture(cls, mean: float, sd: float, shock_weight: float,
                      shock_factor: float) -> Mixture:
        """Normal years N(μ, σ²) with probability 1−π, a shock N(μ, (κσ)²) with π."""
        if shock_weight <= 0:
            return cls.normal(mean, sd)
        return cls(np.array([1 - shock_weight, shock_weight]), np.array([mean, mean], float),
                   np.array([sd, sd * shock_factor], float))

    @classmethod
    def blend(cls, parts: list[Mixture], weights: list[float] | None = None) -> Mixture:
        """A mixture of mixtures (a combination of models): ``weights`` default to equal."""
        weights = weights or [1 / len(parts)] * len(parts)
        return cls(np.concatenate([w * p.weights for p, w in zip(parts, weights)]),
                   np.concatenate([p.means for p in parts]),
                   np.concatenate([p.sds for p in parts]))._merged()

    def bounded(self, lower: float = GROWTH_FLOOR) -> Mixture:
        """The same mixture with no mass at or below ``lower``."""
        return Mixture(self.weights, self.means, self.sds, lower)

    @cached_property
    def _mass_below(self) -> float:
        return float(self._raw_cdf(np.array([self.lower]))[0])

    def _below(self) -> float:
        """The untruncated mass at or below the bound."""
        return self._mass_below if math.isfinite(self.lower) else 0.0

    def shift(self, delta: float) -> Mixture:
        return Mixture(self.weights, self.means + delta, self.sds)

    def add(self, other: Mixture) -> Mixture:
        """The distribution of X + Y for independent X ~ self, Y ~ other."""
        weights = np.outer(self.weights, other.weights).ravel()
        means = np.add.outer(self.means, other.means).ravel()
        sds = np.sqrt(np.add.outer(self.sds**2, other.sds**2)).ravel()
        return Mixture(weights, means, sds)._merged()

    def add_normal(self, mean: float, sd: float) -> Mixture:
        return Mixture(self.weights, self.means + mean, np.sqrt(self.sds**2 + sd**2))

    @property
    def mean(self) -> float:
        return float(self._moments()[0])

    @property
    def sd(self) -> float:
        mean, second = self._moments()
        return float(math.sqrt(max(second - mean**2, 0.0)))

    def _moments(self) -> tuple[float, float]:
        """E[X] and E[X²], of the truncated components where the bound matters."""
        if self._below() <= _NEGLIGIBLE:
            return float(self.weights @ self.means), \
                float(self.weights @ (self.sds**2 + self.means**2))
        sds = np.where(self.sds > 0, self.sds, 1e-300)
        a = (self.lower - self.means) / sds
        kept = np.where(self.sds > 0, 1 - ndtr(a), (self.means > self.lower).astype(float))
        ratio = np.where(kept > 0, np.exp(-a**2 / 2) / _SQRT2PI / np.maximum(kept, 1e-300), 0)
        mean_i = np.where(self.sds > 0, self.means + self.sds * ratio, self.means)
        var_i = np.where(self.sds > 0, self.sds**2 * (1 + a * ratio - ratio**2), 0.0)
        w = self.weights * kept / (self.weights @ kept)
        return float(w @ mean_i), float(w @ (var_i + mean_i**2))

    def cdf(self, x) -> np.ndarray:
        x = np.atleast_1d(np.asarray(x, dtype=float))
        below = self._below()
        if below <= _NEGLIGIBLE:
            return np.where(x > self.lower, self._raw_cdf(x), 0.0)
        return np.where(x > self.lower, (self._raw_cdf(x) - below) / (1 - below), 0.0)

    def _raw_cdf(self, x: np.ndarray) -> np.ndarray:
        diff = x[:, None] - self.means[None, :]
        sds = self.sds[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(sds > 0, diff / np.where(sds > 0, sds, 1), np.where(diff >= 0, 1e9, -1e9))
        return ndtr(z) @ self.weights

    def quantile(self, q) -> np.ndarray:
        """Quantiles by Newton's method on the cdf, kept inside a shrinking bracket (a
        bisection step wherever Newton would leave it): exact to 1e-9 points."""
        q = np.atleast_1d(np.asarray(q, dtype=float))
        if not self.sds.any():  # point masses (an empirical distribution): exact steps
            order = np.argsort(self.means)
            cumulative = np.cumsum(self.weights[order])
            at = np.searchsorted(cumulative, q - 1e-12)
            return self.means[order][np.minimum(at, len(order) - 1)]
        low = np.full(q.shape, max(float(np.min(self.means - 9 * self.sds)) - 1e-9,
                                   self.lower))
        high = np.full(q.shape, float(np.max(self.means + 9 * self.sds)) + 1e-9)
        x = np.clip(self.mean + self.sd * ndtri(np.clip(q, 1e-12, 1 - 1e-12)), low, high)
        for _ in range(200):
            gap = self.cdf(x) - q
            low, high = np.where(gap < 0, x, low), np.where(gap < 0, high, x)
            if np.all((np.abs(gap) < 1e-12) | (high - low < 1e-9)):
                break
            density = self._pdf(x)
            with np.errstate(divide="ignore", invalid="ignore"):
                newton = x - gap / density
            inside = (density > 0) & (newton >= low) & (newton <= high)
            x = np.where(np.abs(gap) < 1e-12, x, np.where(inside, newton, (low + high) / 2))
        return x

    def _pdf(self, x: np.ndarray) -> np.ndarray:
        """The density of the normal components (point masses have none), truncated."""
        sds = np.where(self.sds > 0, self.sds, 1.0)
        z = (x[:, None] - self.means[None, :]) / sds[None, :]
        dens = np.where(self.sds[None, :] > 0, np.exp(-z**2 / 2) / (_SQRT2PI * sds), 0.0)
        return (dens @ self.weights) / (1 - self._below())

    def prob_at_least(self, threshold: float) -> float:
        return float(1 - self.cdf(threshold - 1e-9)[0])

    def prob_at_most(self, threshold: float) -> float:
        return float(self.cdf(threshold + 1e-9)[0])

    def sample(self, n: int, generator: np.random.Generator) -> np.ndarray:
        """Draws for a picture; never used for a number that is shown."""
        pick = generator.choice(len(self.weights), size=n, p=self.weights / self.weights.sum())
        draws = self.means[pick] + self.sds[pick] * generator.standard_normal(n)
        if self._below() <= _NEGLIGIBLE:
            return draws
        return self.quantile(generator.uniform(0, 1, n))  # exact, and rare

    def crps(self, y: float) -> float:
        """Continuous ranked probability score of outcome ``y`` (points; lower is better)."""
        if self._below() > _NEGLIGIBLE:  # ∫ (F(x) − 1{x ≥ y})² dx, numerically
            top = max(float(np.max(self.means + 9 * self.sds)), y) + 1
            x = np.linspace(self.lower, top, 20_001)
            gap = self.cdf(x) - (x >= y)
            return float(np.sum(gap[1:] ** 2 + gap[:-1] ** 2) / 2 * (x[1] - x[0]))
        first = self.weights @ _a(y - self.means, self.sds**2)
        pair = _a(np.subtract.outer(self.means, self.means),
                  np.add.outer(self.sds**2, self.sds**2))
        return float(first - 0.5 * self.weights @ pair @ self.weights)

    def _merged(self) -> Mixture:
        """Identical components merged; beyond MAX_COMPONENTS the lightest ones are merged
        into their nearest neighbour by moment matching (a sum of sums stays small)."""
        keys = np.round(np.stack([self.means, self.sds]), 12)
        _, first, inverse = np.unique(keys, axis=1, return_index=True, return_inverse=True)
        weights = np.bincount(inverse.ravel(), weights=self.weights)
        means, sds = self.means[first], self.sds[first]
        while len(weights) > MAX_COMPONENTS:
            i = int(np.argmin(weights))
            others = np.delete(np.arange(len(weights)), i)
            j = int(others[np.argmin(np.abs(means[others] - means[i]))])
            w = weights[i] + weights[j]
            m = (weights[i] * means[i] + weights[j] * means[j]) / w
            v = (weights[i] * (sds[i] ** 2 + means[i] ** 2)
                 + weights[j] * (sds[j] ** 2 + means[j] ** 2)) / w - m**2
            weights[j], means[j], sds[j] = w, m, math.sqrt(max(v, 0.0))
            weights, means, sds = (np.delete(a, i) for a in (weights, means, sds))
        return Mixture(weights / weights.sum(), means, sds)


def _a(m, v) -> np.ndarray:
    """E|N(m, v)| — the building block of the mixture CRPS."""
    m, v = np.asarray(m, dtype=float), np.asarray(v, dtype=float)
    s = np.sqrt(v)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(s > 0, m / np.where(s > 0, s, 1), 0.0)
        out = 2 * s * np.exp(-z**2 / 2) / _SQRT2PI + m * (2 * ndtr(z) - 1)
    return np.where(s > 0, out, np.abs(m))
