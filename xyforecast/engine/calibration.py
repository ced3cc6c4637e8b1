"""How wide a projection is: a spread fitted to replayed errors, not a factor of widening.

The error of a projection from a region's own figures (full-year outcome minus the point)
is modelled as a scale mixture of normals:

    e ~ (1−π)·N(0, σ²) + π·N(0, (κσ)²)
    σ² = s₀² + (exp(a_k + ℓ_L) · γ^[has year-to-date] · (1−w)^b)²

with k the indicator, L the region's level (a county is not China: ℓ is its extra log-spread,
partially pooled toward zero), w last year's year-to-date share (0 before the year), γ ≤ 1 the
step down once the year's first figure is out, b how fast the spread shrinks as the year
fills in (so it never widens when a month is added), s₀ the revision noise that remains at
the end (outcomes are the latest vintage) and π, κ the weight and size of shocks. π is
set by the regime (``engine.regime``: normal, after an abnormal year, or abnormal now —
all known in real time). Parameters are fitted by
penalised maximum likelihood on the backtest's errors (the penalties are weak priors: a_k
pooled toward their mean with sd 0.5, ℓ toward 0 with sd 0.5, b toward 1, κ toward 3).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, logit, ndtr

from xyforecast.engine.distribution import Mixture
from xyforecast.engine.regime import REGIMES

LEVELS = ("country", "province", "prefecture", "county")
_LOG_SQRT2PI = 0.5 * math.log(2 * math.pi)


@dataclass(frozen=True)
class ScaleModel:
    """Fitted spread of projections from a region's own figures."""

    log_a: dict[str, float]  # per indicator, log points at w = 0
    pooled_log_a: float  # for an indicator the backtest never saw
    level: dict[str, float]  # extra log-spread by level (country 0)
    slope: float  # b
    ytd_step: float  # γ
    floor: float  # s₀, points
    shock_weight: dict[str, float]  # π by regime: normal, after, now (``engine.regime``)
    shock_factor: float  # κ
    n_errors: int = 0
    evidence: dict = field(default_factory=dict, compare=False)

    def sd(self, indicator: str, level: str, w: float, has_ytd: bool, horizon: int = 1
           ) -> float:
        """σ for one projection (points)."""
        log_a = self.log_a.get(indicator, self.pooled_log_a) + self.level.get(level, 0.0)
        body = math.exp(log_a) * (self.ytd_step if has_ytd else 1.0) \
            * max(1.0 - w, 0.0) ** self.slope * math.sqrt(max(horizon, 1))
        return math.sqrt(self.floor**2 + body**2)

    def distribution(self, point: float, indicator: str, level: str, w: float, has_ytd: bool,
                     regime: str = "normal", horizon: int = 1) -> Mixture:
        sd = self.sd(indicator, level, w, has_ytd, horizon)
        return Mixture.scale_mixture(point, sd, self.shock_weight[regime], self.shock_factor)

    def sds(self, indicator: np.ndarray, level: np.ndarray, w: np.ndarray, has_ytd: np.ndarray,
            horizon: np.ndarray) -> np.ndarray:
        """``sd`` for many projections at once (arrays of the same length)."""
        log_a = np.array([self.log_a.get(k, self.pooled_log_a) for k in indicator]) + \
            np.array([self.level.get(lv, 0.0) for lv in level])
        body = np.exp(log_a) * np.where(has_ytd, self.ytd_step, 1.0) \
            * np.clip(1.0 - w, 0.0, None) ** self.slope * np.sqrt(np.maximum(horizon, 1))
        return np.sqrt(self.floor**2 + body**2)

    def crps(self, errors: np.ndarray, rows: dict[str, np.ndarray]) -> np.ndarray:
        """CRPS of many projections at once, from their errors (outcome − point); ``rows``
        holds arrays indicator, level, w, has_ytd, horizon and regime."""
        sd = self.sds(rows["indicator"], rows["level"], rows["w"], rows["has_ytd"],
                      rows["horizon"])
        pi = np.array([self.shock_weight[r] for r in rows["regime"]])
        k2 = self.shock_factor**2
        var = [sd**2, k2 * sd**2]
        weights = [1 - pi, pi]
        first = sum(w * _abs_normal(errors, v) for w, v in zip(weights, var))
        pair = sum(weights[i] * weights[j] * _abs_normal(0.0, var[i] + var[j])
                   for i in range(2) for j in range(2))
        return first - 0.5 * pair

    def to_dict(self) -> dict:
        return {k: (round(v, 4) if isinstance(v, float) else
                    {i: round(x, 4) for i, x in v.items()} if isinstance(v, dict) and
                    k != "evidence" else v)
                for k, v in self.__dict__.items()}

    @classmethod
    def from_dict(cls, values: dict) -> ScaleModel:
        return cls(**values)

    @classmethod
    def fit(cls, errors: list[dict], start: ScaleModel | None = None) -> ScaleModel:
        """Fit to rows with keys indicator, level, w, has_ytd, regime, horizon, error."""
        return _fit(errors, start)


def _abs_normal(m, v) -> np.ndarray:
    """E|N(m, v)| (the building block of the CRPS of normal mixtures)."""
    s = np.sqrt(v)
    z = np.asarray(m) / s
    return 2 * s * np.exp(-z**2 / 2) / math.sqrt(2 * math.pi) + m * (2 * ndtr(z) - 1)


def _fit(rows: list[dict], start: ScaleModel | None) -> ScaleModel:
    indicators = sorted({r["indicator"] for r in rows})
    levels = [lv for lv in LEVELS[1:] if any(r["level"] == lv for r in rows)]
    e = np.array([r["error"] for r in rows], float)
    w = np.clip(np.array([r["w"] for r in rows], float), 0, 0.999)
    has = np.array([r["has_ytd"] for r in rows], bool)
    regime = np.array([REGIMES.index(r["regime"]) for r in rows])
    h = np.array([max(r.get("horizon", 1), 1) for r in rows], float)
    k_index = np.array([indicators.index(r["indicator"]) for r in rows])
    l_index = np.array([levels.index(r["level"]) if r["level"] in levels else -1
                        for r in rows])
    nk, nl = len(indicators), len(levels)
    log_rest = np.log1p(-w)
    log_h = 0.5 * np.log(h)

    def unpack(theta):
        a = theta[:nk]
        pooled = theta[nk]
        lv = theta[nk + 1:nk + 1 + nl]
        b, g, s0, kappa = theta[nk + 1 + nl:nk + 5 + nl]
        return a, pooled, lv, b, g, s0, theta[nk + 5 + nl:], kappa

    def nll(theta):
        a, pooled, lv, b, g, s0, p, kappa = unpack(theta)
        log_body = (a[k_index] + np.append(lv, 0.0)[l_index]
                    + np.where(has, np.log(expit(g)), 0.0) + np.exp(b) * log_rest + log_h)
        var = np.exp(2 * s0) + np.exp(2 * log_body)
        pi = expit(p[regime])
        k = 1 + np.exp(kappa)
        z2 = e**2 / var
        normal = -0.5 * z2 - 0.5 * np.log(var)
        shock = -0.5 * z2 / k**2 - 0.5 * np.log(var) - np.log(k)
        ll = np.logaddexp(np.log1p(-pi) + normal, np.log(pi) + shock) - _LOG_SQRT2PI
        penalty = (np.sum((a - pooled) ** 2) / (2 * 0.5**2) + np.sum(lv**2) / (2 * 0.5**2)
                   + b**2 / (2 * 0.5**2) + (s0 - math.log(0.15)) ** 2 / 2
                   + np.sum((p - logit(0.08)) ** 2) / (2 * 1.5**2)
                   + (kappa - math.log(2)) ** 2 / (2 * 0.5**2) + g**2 / (2 * 2.0**2))
        return -ll.sum() + penalty

    theta0 = np.concatenate([
        [start.log_a.get(i, start.pooled_log_a) if start else math.log(2.0) for i in indicators],
        [start.pooled_log_a if start else math.log(2.0)],
        [start.level.get(lv, 0.0) if start else 0.0 for lv in levels],
        [math.log(start.slope) if start else 0.0,
         logit(min(start.ytd_step, 0.999)) if start else 0.0,
         math.log(start.floor) if start else math.log(0.15),
         math.log(start.shock_factor - 1) if start else math.log(2.0)],
        [logit(start.shock_weight[r]) if start else logit(0.08) for r in REGIMES]])
    result = minimize(nll, theta0, method="L-BFGS-B")
    a, pooled, lv, b, g, s0, p, kappa = unpack(result.x)
    return ScaleModel(
        log_a=dict(zip(indicators, map(float, a))), pooled_log_a=float(pooled),
        level={"country": 0.0, **dict(zip(levels, map(float, lv)))},
        slope=float(math.exp(b)), ytd_step=float(expit(g)), floor=float(math.exp(s0)),
        shock_weight={r: float(expit(x)) for r, x in zip(REGIMES, p)},
        shock_factor=float(1 + math.exp(kappa)), n_errors=len(rows),
        evidence={"log_likelihood": round(float(-result.fun), 2),
                  "converged": bool(result.success)})
