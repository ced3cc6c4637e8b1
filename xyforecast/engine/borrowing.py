"""Borrowing for a region without figures of its own: its parent's projection, plus the gap
regions like it keep to their parents, plus the spread of that gap — all measured.

Gaps (child growth − parent growth, same year) have a persistent part — regions that beat
their parent tend to keep doing so — and a transient part. Henan's prefectures give the two
variances: each year's deviation of a prefecture from the prefectures' level-weighted mean,
over the last ``WINDOW`` years, split by a one-way random-effects analysis into τ² (between
prefectures: persistent) and σ² (within: transient). A child's differential is then the
mean of its own recent gaps shrunk toward zero by how few and how noisy they are:

    d = λ·ḡ,  λ = τ² / (τ² + σ²/n),  spread² = σ² + τ²(1 − λ)

(no gaps of its own: d = 0, spread² = τ² + σ²). Counties are not prefectures: their
spread is the prefectures' times a factor c, from the counties' measured gaps to Zhengzhou
pooled with an assumed prior (see ``COUNTY_PRIOR``). Indicators other than GDP stray as much
more than GDP as their forecast errors do (the calibrated spread's ratio, ``ScaleModel``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from xyforecast.engine.evidence import Evidence
from xyforecast.inputs.dataset import Dataset

WINDOW = 15  # years of the prefecture panel that measure today's dispersion (assumption)
OWN_GAPS = 10  # assumption: a child's gaps of the last ten years form its differential
MIN_PANEL = 10  # assumption: prefectures a year needs before its deviations count
# Assumption (not estimated): before any county gap is seen, counties stray 1.5 times as
# much as prefectures, with the weight of 4 measured gaps; the measured ones then decide.
COUNTY_PRIOR = (1.5, 4)
# Assumption: the forecast-error ratio of an indicator to GDP is worth 4 measured gaps when
# pooled with the ratio its own child−parent gaps show (few: 1 to 3 on the shipped data).
RATIO_PRIOR = 4


@dataclass(frozen=True)
class Gap:
    """The differential and spread one child borrows with."""

    mean: float  # d, points
    sd: float  # spread, points
    n: int  # own past gaps used
    shrink: float  # λ
    own_mean: float | None  # ḡ before shrinking


@dataclass(frozen=True)
class GapModel:
    """Variance components of child−parent gaps in GDP growth, and the county factor."""

    persistent_sd: float  # τ
    transient_sd: float  # σ
    county_factor: float  # c
    n_regions: int = 0
    n_deviations: int = 0
    years: str = ""
    county_gaps: int = 0
    county_rms: float | None = None
    gap_ratios: dict = field(default_factory=dict)  # indicator -> [measured ratio, gaps]
    evidence: dict = field(default_factory=dict, compare=False)

    def predict(self, gaps: list[float], level: str, ratio: float = 1.0) -> Gap:
        """The differential and spread for a child at ``level`` with these past gaps."""
        scale = ratio * (self.county_factor if level == "county" else 1.0)
        tau2, sigma2 = (self.persistent_sd * scale) ** 2, (self.transient_sd * scale) ** 2
        n = len(gaps)
        if n == 0:
            return Gap(0.0, math.sqrt(tau2 + sigma2), 0, 0.0, None)
        shrink = tau2 / (tau2 + sigma2 / n) if tau2 > 0 else 0.0
        own = float(np.mean(gaps))
        return Gap(shrink * own, math.sqrt(sigma2 + tau2 * (1 - shrink)), n, shrink, own)

    def to_dict(self) -> dict:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in self.__dict__.items()}

    @classmethod
    def from_dict(cls, values: dict) -> GapModel:
        return cls(**values)

    @classmethod
    def fit(cls, data: Dataset, exclude_year: int | None = None) -> GapModel:
        """Measure the components on the prefectures of ``data`` (all years but one)."""
        deviations = _prefecture_deviations(data, exclude_year)
        by_region: dict[str, list[float]] = {}
        for region, _, value in deviations:
            by_region.setdefault(region, []).append(value)
        groups = [np.array(v) for v in by_region.values() if len(v) >= 2]
        within = sum(((g - g.mean()) ** 2).sum() for g in groups) / \
            max(sum(len(g) - 1 for g in groups), 1)
        means = np.array([g.mean() for g in groups])
        between = float(means.var(ddof=1) - within * np.mean([1 / len(g) for g in groups])) \
            if len(groups) > 1 else 0.0
        tau, sigma = math.sqrt(max(between, 0.0)), math.sqrt(within)
        county = _county_gaps(data, exclude_year)
        prior, weight = COUNTY_PRIOR
        measured = float(np.mean(np.square(county))) / (tau**2 + sigma**2) if county else 0.0
        factor = math.sqrt((len(county) * measured + weight * prior**2) / (len(county) + weight))
        years = sorted({y for _, y, _ in deviations})
        ratios = _gap_ratios(data, exclude_year)
        return cls(tau, sigma, factor, len(by_region), len(deviations),
                   f"{years[0]}-{years[-1]}" if years else "",
                   len(county), math.sqrt(np.mean(np.square(county))) if county else None,
                   ratios)


def pooled_ratio(error_ratio: float, measured: list | None) -> float:
    """How much more an indicator's regional gaps spread than GDP's: the ratio of its
    calibrated forecast errors to GDP's (a prior worth ``RATIO_PRIOR`` gaps), pooled on the
    log scale with the ratio measured on its own child−parent gaps."""
    if not measured or not measured[1]:
        return error_ratio
    ratio, n = measured
    return math.exp((n * math.log(ratio) + RATIO_PRIOR * math.log(error_ratio))
                    / (n + RATIO_PRIOR))


def _gap_ratios(data: Dataset, exclude_year: int | None) -> dict[str, list]:
    """Per indicator: the root mean square of its child−parent gaps over GDP's (every level,
    every year both published), and how many gaps it rests on."""
    gaps: dict[str, list[float]] = {}
    for region in data.catalog.regions.values():
        if region.parent is None:
            continue
        for indicator in data.catalog.indicators:
            mine, theirs = data.annual(region.code, indicator), data.annual(region.parent,
                                                                              indicator)
            gaps.setdefault(indicator, []).extend(
                float(mine[y] - theirs[y]) for y in mine.index.intersection(theirs.index)
                if y != exclude_year)
    gdp = gaps.get("gdp") or []
    if len(gdp) < 2:
        return {}
    rms_gdp = math.sqrt(np.mean(np.square(gdp)))
    return {k: [round(math.sqrt(np.mean(np.square(v))) / rms_gdp, 4), len(v)]
            for k, v in gaps.items() if v and k != "gdp"}


def own_gaps(ev: Evidence) -> list[float]:
    """The child's full-year gaps to its parent in the last OWN_GAPS years."""
    child, parent = ev.chain[0].history, ev.chain[1].history
    return [child[y] - parent[y] for y in sorted(set(child) & set(parent))
            if y >= ev.year - OWN_GAPS]


def _prefecture_deviations(data: Dataset, exclude_year: int | None
                           ) -> list[tuple[str, int, float]]:
    """Each prefecture's GDP growth minus the prefectures' level-weighted mean, by year."""
    prefectures = [r.code for r in data.catalog.regions.values() if r.level == "prefecture"]
    by_year: dict[int, dict[str, tuple[float, float | None]]] = {}
    for region in prefectures:
        growth = data.annual(region, "gdp")
        levels = data.annual(region, "gdp", "level")
        for year, value in growth.items():
            level = levels.get(year - 1, levels.get(year))
            by_year.setdefault(int(year), {})[region] = (float(value), level)
    latest = max((y for y, r in by_year.items() if len(r) >= MIN_PANEL), default=0)
    out = []
    for year, rows in sorted(by_year.items()):
        if len(rows) < MIN_PANEL or year == exclude_year or year <= latest - WINDOW:
            continue
        values = np.array([v for v, _ in rows.values()])
        weights = np.array([w if w is not None else np.nan for _, w in rows.values()])
        weights = np.where(np.isnan(weights), np.nanmean(weights), weights)
        mean = float(np.average(values, weights=weights))
        out += [(region, year, v - mean) for region, (v, _) in rows.items()]
    return out


def _county_gaps(data: Dataset, exclude_year: int | None) -> list[float]:
    """Counties' full-year GDP growth minus their parent's, every year both published."""
    out = []
    for region in data.catalog.regions.values():
        if region.level != "county" or region.parent is None:
            continue
        mine, theirs = data.annual(region.code, "gdp"), data.annual(region.parent, "gdp")
        out += [float(mine[y] - theirs[y]) for y in mine.index.intersection(theirs.index)
                if y != exclude_year]
    return out
