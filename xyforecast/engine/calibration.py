"""How wide a projection is: a spread fitted to replayed errors, not a factor of widening.

The error of a projection from a region's own figures (full-year outcome minus the point)
is modelled as a scale mixture of normals:

    e ~ (1−π)·N(0, σ²) + π·N(0, (κσ)²)
    σ² = s₀(L)² + (exp(a_k + ℓ(L, y)) · γ^y · (1−w)^b(L) · √h)² + (β·(1−w)·d)² + (δ·(1−w)·u)²

with k the indicator, L where the region sits (country, province, prefecture, county), y
whether it has this year's own year-to-date figures, w last year's year-to-date share (0
before the year), h the horizon in years, d the divergence of the latest single month (or
quarter) from the year-to-date pace and u the distance of the year to date from the region's
usual growth (``regime.usual``; both 0 when unknown). ℓ(L, y) is the extra log-spread of a
sub-national region (country 0), partially pooled toward a common sub-national mean; a level
the replay has no errors for takes the widest measured sub-national ℓ with the same y (the
widest spread the evidence justifies: a county without errors of its own is not China).
γ ≤ 1 is the step down once the year's first figure is out, b how fast the spread shrinks
as the year fills in (a province's, a city's or a county's second half surprises more than
China's: sub-national regions have a b of their own), s₀ the error that remains at the end
(revisions; sub-national figures have a floor of their own), β and δ the uncertainty of the
rest-of-year pace — how much a latest month that disagrees with the year so far, or a year
far from the usual (Jan–Feb 2020), leaves open: the rest of the year may follow it or not —
π the weight of shocks — by regime (``engine.regime``: before the year, normal, after an
abnormal year, abnormal now; all known in real time), shifted on the logit scale for
sub-national regions — and κ their size.

Parameters are fitted by penalised maximum likelihood on the replay's errors, with an exact
gradient. The penalties are weak priors, assumptions each: a_k pooled toward their mean
(sd 0.5), ℓ toward the sub-national mean (sd 0.5) and that toward 0 (sd 1), b toward 1 and the
sub-national b toward the country's (sd 0.5 on the log scale), κ
toward 3, β and δ toward 0.29 (sd 1 on the log scale: a rest-of-year pace anywhere between
the two, uniformly, has an sd of 1/√12 = 0.29 of the distance; years before 2020 hold no
abnormal year, so the real-time folds of 2020 rest on δ's prior), floors toward 0.15 points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from xyforecast.engine.distribution import Mixture
from xyforecast.engine.regime import REGIMES
from xyforecast.engine.special import expit, logit, ndtr

LEVELS = ("country", "province", "prefecture", "county")
SUBNATIONAL = LEVELS[1:]
OWN = ("annual", "ytd")  # y: without, with this year's own year-to-date figures
_LOG_SQRT2PI = 0.5 * math.log(2 * math.pi)
# Assumptions (weak priors of the fit; not estimated): centre and sd of each penalty.
PRIOR_A_SD = 0.5
PRIOR_LEVEL_SD = 0.5
PRIOR_SUB_SD = 1.0
PRIOR_SLOPE = (0.0, 0.5)  # log b
PRIOR_FLOOR = (math.log(0.15), 1.0)  # log s₀
PRIOR_SHOCK = (math.log(0.08 / (1 - 0.08)), 1.5)
PRIOR_KAPPA = (math.log(2.0), 0.5)  # log(κ − 1)
PRIOR_STEP_SD = 2.0  # logit γ
PRIOR_PACE = (math.log(1 / math.sqrt(12)), 1.0)  # log β, log δ


def level_key(level: str, has_ytd: bool) -> str:
    return f"{level}:{OWN[int(bool(has_ytd))]}"


@dataclass(frozen=True)
class ScaleModel:
    """Fitted spread of projections from a region's own figures."""

    log_a: dict[str, float]  # per indicator, log points at w = 0
    pooled_log_a: float  # for an indicator the replay never saw
    level: dict[str, float]  # ℓ by "level:annual" / "level:ytd" (country 0)
    slope: float  # b of the country
    slope_subnational: float  # b of a province, prefecture or county
    ytd_step: float  # γ
    floor: float  # s₀ of the country, points
    floor_subnational: float  # s₀ of a province, prefecture or county
    pace: float  # β
    distance: float  # δ
    shock_weight: dict[str, float]  # π by regime, country
    shock_subnational: dict[str, float]  # π by regime, sub-national
    shock_factor: float  # κ
    n_errors: int = 0
    measured: dict[str, int] = field(default_factory=dict)  # errors behind each ℓ
    evidence: dict = field(default_factory=dict, compare=False)

    def sd(self, indicator: str, level: str, w: float, has_ytd: bool, horizon: int = 1,
           divergence: float = 0.0, distance: float = 0.0) -> float:
        """σ for one projection (points)."""
        log_a = self.log_a.get(indicator, self.pooled_log_a) + self._level(level, has_ytd)
        slope = self.slope if level == "country" else self.slope_subnational
        body = math.exp(log_a) * (self.ytd_step if has_ytd else 1.0) \
            * max(1.0 - w, 0.0) ** slope * math.sqrt(max(horizon, 1))
        floor = self.floor if level == "country" else self.floor_subnational
        rest = max(1.0 - w, 0.0)
        pace, away = self.pace * rest * divergence, self.distance * rest * distance
        return math.sqrt(floor**2 + body**2 + pace**2 + away**2)

    def shock(self, level: str, regime: str) -> float:
        """π: the weight of shocks for a region at ``level`` in ``regime``."""
        return (self.shock_weight if level == "country" else self.shock_subnational)[regime]

    def distribution(self, point: float, indicator: str, level: str, w: float, has_ytd: bool,
                     regime: str = "normal", horizon: int = 1, divergence: float = 0.0,
                     distance: float = 0.0) -> Mixture:
        sd = self.sd(indicator, level, w, has_ytd, horizon, divergence, distance)
        return Mixture.scale_mixture(point, sd, self.shock(level, regime), self.shock_factor)

    def _level(self, level: str, has_ytd: bool) -> float:
        return 0.0 if level == "country" else self.level[level_key(level, has_ytd)]

    def sds(self, rows: dict[str, np.ndarray]) -> np.ndarray:
        """``sd`` for many projections at once (arrays indicator, level, w, has_ytd,
        horizon, divergence, distance)."""
        return np.array([self.sd(*args) for args in zip(
            rows["indicator"], rows["level"], rows["w"], rows["has_ytd"], rows["horizon"],
            rows["divergence"], rows["distance"])])

    def crps(self, errors: np.ndarray, rows: dict[str, np.ndarray]) -> np.ndarray:
        """CRPS of many projections at once, from their errors (outcome − point); ``rows``
        as ``sds`` takes them, plus regime."""
        sd = rows["sd"] if "sd" in rows else self.sds(rows)
        pi = np.array([self.shock(lv, r) for lv, r in zip(rows["level"], rows["regime"])])
        var = [sd**2, self.shock_factor**2 * sd**2]
        weights = [1 - pi, pi]
        first = sum(w * _abs_normal(errors, v) for w, v in zip(weights, var))
        pair = sum(weights[i] * weights[j] * _abs_normal(0.0, var[i] + var[j])
                   for i in range(2) for j in range(2))
        return first - 0.5 * pair

    def to_dict(self) -> dict:
        out = {}
        for k, v in self.__dict__.items():
            if isinstance(v, float):
                v = round(v, 4)
            elif isinstance(v, dict) and k not in ("evidence", "measured"):
                v = {i: round(x, 4) for i, x in v.items()}
            out[k] = v
        return out

    @classmethod
    def from_dict(cls, values: dict) -> ScaleModel:
        return cls(**values)

    @classmethod
    def fit(cls, errors: list[dict], start: ScaleModel | None = None) -> ScaleModel:
        """Fit to rows with keys indicator, level, w, has_ytd, regime, horizon, divergence,
        distance and error."""
        return _fit(errors, start)


def _abs_normal(m, v) -> np.ndarray:
    """E|N(m, v)| (the building block of the CRPS of normal mixtures)."""
    s = np.sqrt(v)
    z = np.asarray(m) / s
    return 2 * s * np.exp(-z**2 / 2) / math.sqrt(2 * math.pi) + m * (2 * ndtr(z) - 1)


@dataclass(frozen=True)
class _Layout:
    """Where each parameter sits in θ, and the rows as arrays."""

    indicators: list[str]
    groups: list[str]  # measured "level:own" groups
    e: np.ndarray
    log_rest: np.ndarray
    rest_d: np.ndarray  # (1−w)·|d|
    rest_u: np.ndarray  # (1−w)·|u|
    has: np.ndarray
    log_h: np.ndarray
    k: np.ndarray
    g: np.ndarray  # group index, −1 for the country
    sub: np.ndarray
    regime: np.ndarray

    @property
    def nk(self) -> int:
        return len(self.indicators)

    @property
    def ng(self) -> int:
        return len(self.groups)

    def split(self, theta: np.ndarray) -> dict[str, np.ndarray]:
        nk, ng = self.nk, self.ng
        at = np.cumsum([0, nk, 1, ng, 1, 1, 1, 1, 1, 1, 1, 1, len(REGIMES), 1, 1])
        names = ["a", "pooled", "lv", "sub_mean", "b", "b_sub", "g", "s0", "s0_sub", "pace",
                 "distance", "p", "p_sub", "kappa"]
        return {n: theta[at[i]:at[i + 1]] for i, n in enumerate(names)}


def _layout(rows: list[dict]) -> _Layout:
    indicators = sorted({r["indicator"] for r in rows})
    groups = sorted({level_key(r["level"], r["has_ytd"]) for r in rows
                     if r["level"] != "country"})
    w = np.clip(np.array([r["w"] for r in rows], float), 0, 0.999)
    d = np.abs(np.array([r.get("divergence", 0.0) for r in rows], float))
    u = np.abs(np.array([r.get("distance", 0.0) for r in rows], float))
    return _Layout(
        indicators, groups, np.array([r["error"] for r in rows], float), np.log1p(-w),
        (1 - w) * d, (1 - w) * u, np.array([r["has_ytd"] for r in rows], bool),
        0.5 * np.log(np.array([max(r.get("horizon", 1), 1) for r in rows], float)),
        np.array([indicators.index(r["indicator"]) for r in rows]),
        np.array([groups.index(level_key(r["level"], r["has_ytd"]))
                  if r["level"] != "country" else -1 for r in rows]),
        np.array([r["level"] != "country" for r in rows]),
        np.array([REGIMES.index(r["regime"]) for r in rows]))


def _objective(theta: np.ndarray, lay: _Layout) -> tuple[float, np.ndarray]:
    """Penalised negative log likelihood and its exact gradient."""
    t = lay.split(theta)
    grad = {n: np.zeros_like(v) for n, v in t.items()}
    gamma, kappa = expit(t["g"][0]), 1 + math.exp(t["kappa"][0])
    b = np.where(lay.sub, math.exp(t["b_sub"][0]), math.exp(t["b"][0]))
    level = np.where(lay.g >= 0, np.append(t["lv"], 0.0)[lay.g], 0.0)
    log_body = (t["a"][lay.k] + level + np.where(lay.has, math.log(gamma), 0.0)
                + b * lay.log_rest + lay.log_h)
    body2 = np.exp(2 * log_body)
    floor2 = np.exp(2 * np.where(lay.sub, t["s0_sub"][0], t["s0"][0]))
    pace2 = math.exp(2 * t["pace"][0]) * lay.rest_d**2
    away2 = math.exp(2 * t["distance"][0]) * lay.rest_u**2
    var = floor2 + body2 + pace2 + away2
    logit_pi = t["p"][lay.regime] + np.where(lay.sub, t["p_sub"][0], 0.0)
    pi = expit(logit_pi)
    e2 = lay.e**2
    normal = -0.5 * e2 / var - 0.5 * np.log(var)
    shock = -0.5 * e2 / (kappa**2 * var) - 0.5 * np.log(var) - math.log(kappa)
    a_, b_ = np.log1p(-pi) + normal, np.log(pi) + shock
    ll = np.logaddexp(a_, b_)
    r = np.exp(b_ - ll)  # the responsibility of the shock component
    d_var = (1 - r) * (0.5 * e2 / var**2 - 0.5 / var) \
        + r * (0.5 * e2 / (kappa**2 * var**2) - 0.5 / var)
    d_body = d_var * 2 * body2  # ∂ll/∂log_body
    grad["a"] = np.bincount(lay.k, d_body, lay.nk)
    inside = lay.g >= 0
    grad["lv"] = np.bincount(lay.g[inside], d_body[inside], lay.ng)
    d_slope = d_body * lay.log_rest * b
    grad["b"] = np.array([d_slope[~lay.sub].sum()])
    grad["b_sub"] = np.array([d_slope[lay.sub].sum()])
    grad["g"] = np.array([np.sum(d_body[lay.has]) * (1 - gamma)])
    d_floor = d_var * 2 * floor2
    grad["s0"] = np.array([d_floor[~lay.sub].sum()])
    grad["s0_sub"] = np.array([d_floor[lay.sub].sum()])
    grad["pace"] = np.array([np.sum(d_var * 2 * pace2)])
    grad["distance"] = np.array([np.sum(d_var * 2 * away2)])
    d_logit = r - pi
    grad["p"] = np.bincount(lay.regime, d_logit, len(REGIMES))
    grad["p_sub"] = np.array([d_logit[lay.sub].sum()])
    grad["kappa"] = np.array([np.sum(r * (e2 / (kappa**3 * var) - 1 / kappa))
                              * (kappa - 1)])
    value = -(ll.sum() - len(ll) * _LOG_SQRT2PI)
    grad = {n: -v for n, v in grad.items()}
    # the weak priors (assumptions, see the module's docstring)
    penalties = [
        ("a", t["a"] - t["pooled"][0], PRIOR_A_SD),
        ("lv", t["lv"] - t["sub_mean"][0], PRIOR_LEVEL_SD),
        ("sub_mean", t["sub_mean"], PRIOR_SUB_SD),
        ("b", t["b"] - PRIOR_SLOPE[0], PRIOR_SLOPE[1]),
        ("b_sub", t["b_sub"] - t["b"], PRIOR_SLOPE[1]),
        ("s0", t["s0"] - PRIOR_FLOOR[0], PRIOR_FLOOR[1]),
        ("s0_sub", t["s0_sub"] - PRIOR_FLOOR[0], PRIOR_FLOOR[1]),
        ("pace", t["pace"] - PRIOR_PACE[0], PRIOR_PACE[1]),
        ("distance", t["distance"] - PRIOR_PACE[0], PRIOR_PACE[1]),
        ("p", t["p"] - PRIOR_SHOCK[0], PRIOR_SHOCK[1]),
        ("p_sub", t["p_sub"], PRIOR_SHOCK[1]),
        ("kappa", t["kappa"] - PRIOR_KAPPA[0], PRIOR_KAPPA[1]),
        ("g", t["g"], PRIOR_STEP_SD),
    ]
    for name, dev, sd in penalties:
        value += float(np.sum(dev**2)) / (2 * sd**2)
        grad[name] = grad[name] + dev / sd**2
        if name == "a":
            grad["pooled"] = grad["pooled"] - np.sum(dev) / sd**2
        if name == "lv":
            grad["sub_mean"] = grad["sub_mean"] - np.sum(dev) / sd**2
        if name == "b_sub":
            grad["b"] = grad["b"] - np.sum(dev) / sd**2
    return value, np.concatenate([grad[n] for n in t])


def _start(lay: _Layout, start: ScaleModel | None) -> np.ndarray:
    s = start
    parts = [
        [s.log_a.get(i, s.pooled_log_a) if s else math.log(2.0) for i in lay.indicators],
        [s.pooled_log_a if s else math.log(2.0)],
        [s.level.get(g, 0.0) if s else 0.0 for g in lay.groups],
        [0.0],
        [math.log(s.slope) if s else 0.0],
        [math.log(s.slope_subnational) if s else 0.0],
        [logit(min(s.ytd_step, 0.999)) if s else 0.0],
        [math.log(s.floor) if s else PRIOR_FLOOR[0]],
        [math.log(s.floor_subnational) if s else PRIOR_FLOOR[0]],
        [math.log(max(s.pace, 1e-3)) if s else PRIOR_PACE[0]],
        [math.log(max(s.distance, 1e-3)) if s else PRIOR_PACE[0]],
        [logit(s.shock_weight[r]) if s else PRIOR_SHOCK[0] for r in REGIMES],
        [0.0],
        [math.log(s.shock_factor - 1) if s else PRIOR_KAPPA[0]],
    ]
    return np.concatenate([np.asarray(p, float) for p in parts])


def _fit(rows: list[dict], start: ScaleModel | None) -> ScaleModel:
    # imported here: fitting happens in the replays only, and scipy.optimize is 0.15 CPU s
    # that every process reading a projection (each page kernel) would pay for nothing
    from scipy.optimize import minimize

    lay = _layout(rows)
    result = minimize(_objective, _start(lay, start), args=(lay,), jac=True,
                      method="L-BFGS-B")
    t = lay.split(result.x)
    level = dict(zip(lay.groups, map(float, t["lv"])))
    measured = {g: int(np.sum(lay.g == n)) for n, g in enumerate(lay.groups)}
    for own in OWN:  # a level without errors of its own: the widest measured one
        known = [level[f"{lv}:{own}"] for lv in SUBNATIONAL if f"{lv}:{own}" in level]
        known = known or list(level.values()) or [float(t["sub_mean"][0])]
        for lv in SUBNATIONAL:
            level.setdefault(f"{lv}:{own}", max(known))
    p, p_sub = t["p"], float(t["p_sub"][0])
    return ScaleModel(
        log_a=dict(zip(lay.indicators, map(float, t["a"]))),
        pooled_log_a=float(t["pooled"][0]), level=dict(sorted(level.items())),
        slope=float(math.exp(t["b"][0])), slope_subnational=float(math.exp(t["b_sub"][0])),
        ytd_step=float(expit(t["g"][0])),
        floor=float(math.exp(t["s0"][0])), floor_subnational=float(math.exp(t["s0_sub"][0])),
        pace=float(math.exp(t["pace"][0])), distance=float(math.exp(t["distance"][0])),
        shock_weight={r: float(expit(x)) for r, x in zip(REGIMES, p)},
        shock_subnational={r: float(expit(x + p_sub)) for r, x in zip(REGIMES, p)},
        shock_factor=float(1 + math.exp(t["kappa"][0])), n_errors=len(rows),
        measured=dict(sorted(measured.items())),
        evidence={"log_likelihood": round(float(-result.fun), 2),
                  "converged": bool(result.success)})
