"""Borrowing for a region without figures of its own: its parent's projection, plus the gap
regions like it keep to their parents, plus the spread of that gap — all measured.

A gap is child growth − parent growth for the same period: the full year when both
published one, else the latest month both published year-to-date figures for (same-month
pairs: Henan's 1–6月 against China's 1–6月). One gap per child and year, so a year with a
full figure and nine monthly ones counts once.

Gaps have a persistent part — regions that beat their parent tend to keep doing so — and a
transient part. Henan's prefectures give the two variances: each year's deviation of a
prefecture from the prefectures' level-weighted mean, over the last ``WINDOW`` years, split by
a one-way random-effects analysis into τ² (between prefectures: persistent) and σ² (within:
transient). A child's differential is then the mean of its own recent gaps shrunk toward
zero by how few and how noisy they are:

    d = λ·ḡ,  λ = τ² / (τ² + σ²/n),  spread² = σ² + τ²(1 − λ)

(no gaps of its own: d = 0, spread² = τ² + σ²). Counties are not prefectures: their
spread is the prefectures' times a factor c, from the counties' measured GDP gaps to Zhengzhou
pooled with an assumed prior (``COUNTY_PRIOR``). Indicators other than GDP stray more than
GDP by the ratio their own measured child−parent gaps show against GDP's gaps of the same
children; the ratio of calibrated forecast errors serves only as a prior worth
``RATIO_PRIOR`` gaps (``pooled_ratio``).

Everything is measured once per data set (``GapPanel``) and then filtered by year, so each
fold of a replay — leave one year out, or only the years before — costs a few sums.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from xyforecast.engine.evidence import Evidence, Series
from xyforecast.inputs.dataset import Dataset

WINDOW = 15  # years of the prefecture panel that measure today's dispersion (assumption)
OWN_GAPS = 10  # assumption: a child's gaps of the last ten years form its differential
MIN_PANEL = 10  # assumption: prefectures a year needs before its deviations count
# Assumption (not estimated): before any county gap is seen, counties stray 1.5 times as
# much as prefectures, with the weight of 4 measured gaps; the measured ones then decide.
COUNTY_PRIOR = (1.5, 4)
# Assumption: the forecast-error ratio of an indicator to GDP is a prior worth 2 measured
# gaps; the ratio its own child−parent gaps show decides as they accumulate.
RATIO_PRIOR = 2

Keep = Callable[[int], bool]


@dataclass(frozen=True)
class Gap:
    """The differential and spread one child borrows with."""

    mean: float  # d, points
    sd: float  # spread, points
    n: int  # own past gaps used (one per year)
    shrink: float  # λ
    own_mean: float | None  # ḡ before shrinking
    n_months: int = 0  # of the n, years measured on same-month year-to-date pairs only


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

    def predict(self, gaps: list[float], level: str, ratio: float = 1.0,
                n_months: int = 0) -> Gap:
        """The differential and spread for a child at ``level`` with these past gaps."""
        scale = ratio * (self.county_factor if level == "county" else 1.0)
        tau2, sigma2 = (self.persistent_sd * scale) ** 2, (self.transient_sd * scale) ** 2
        n = len(gaps)
        if n == 0:
            return Gap(0.0, math.sqrt(tau2 + sigma2), 0, 0.0, None)
        shrink = tau2 / (tau2 + sigma2 / n) if tau2 > 0 else 0.0
        own = float(np.mean(gaps))
        return Gap(shrink * own, math.sqrt(sigma2 + tau2 * (1 - shrink)), n, shrink, own,
                   n_months)

    def to_dict(self) -> dict:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in self.__dict__.items()}

    @classmethod
    def from_dict(cls, values: dict) -> GapModel:
        return cls(**values)

    @classmethod
    def fit(cls, data: Dataset, exclude_year: int | None = None,
            before_year: int | None = None) -> GapModel:
        """Measure the components on ``data`` without one year, or with only the years
        before one (the real-time replay)."""
        return GapPanel.measure(data).model(_keep(exclude_year, before_year))


def _keep(exclude_year: int | None, before_year: int | None) -> Keep:
    return lambda y: y != exclude_year and (before_year is None or y < before_year)


@dataclass(frozen=True)
class GapPanel:
    """Every gap the data holds, with its year, measured once."""

    deviations: dict[int, list[tuple[str, float]]]  # year -> prefecture deviations
    county: list[tuple[int, float]]  # counties' GDP gaps to their parent: (year, gap)
    pairs: dict[str, list[tuple[str, int, float]]]  # indicator -> (child, year, gap)

    @classmethod
    def measure(cls, data: Dataset) -> GapPanel:
        pairs: dict[str, list[tuple[str, int, float]]] = {}
        county = []
        for region in data.catalog.regions.values():
            if region.parent is None:
                continue
            for indicator in data.catalog.indicators:
                mine = data.values(region.code, indicator)
                theirs = data.values(region.parent, indicator)
                if not mine or not theirs:
                    continue
                for year, gap, _ in yearly_gaps(_by_year(mine), _by_year(theirs)):
                    pairs.setdefault(indicator, []).append((region.code, year, gap))
                    if indicator == "gdp" and region.level == "county":
                        county.append((year, gap))
        return cls(_prefecture_deviations(data), county, pairs)

    def model(self, keep: Keep) -> GapModel:
        """The gap model from the years ``keep`` accepts."""
        years = [y for y, rows in self.deviations.items() if keep(y) and len(rows) >= MIN_PANEL]
        latest = max(years, default=0)
        years = sorted(y for y in years if y > latest - WINDOW)
        by_region: dict[str, list[float]] = {}
        for year in years:
            for region, value in self.deviations[year]:
                by_region.setdefault(region, []).append(value)
        groups = [np.array(v) for v in by_region.values() if len(v) >= 2]
        within = sum(((g - g.mean()) ** 2).sum() for g in groups) / \
            max(sum(len(g) - 1 for g in groups), 1)
        means = np.array([g.mean() for g in groups])
        between = float(means.var(ddof=1) - within * np.mean([1 / len(g) for g in groups])) \
            if len(groups) > 1 else 0.0
        tau, sigma = math.sqrt(max(between, 0.0)), math.sqrt(within)
        county = [g for y, g in self.county if keep(y)]
        prior, weight = COUNTY_PRIOR
        measured = float(np.mean(np.square(county))) / (tau**2 + sigma**2) if county else 0.0
        factor = math.sqrt((len(county) * measured + weight * prior**2) / (len(county) + weight))
        return GapModel(tau, sigma, factor, len(by_region),
                        sum(len(self.deviations[y]) for y in years),
                        f"{years[0]}-{years[-1]}" if years else "", len(county),
                        math.sqrt(np.mean(np.square(county))) if county else None,
                        self._ratios(keep))

    def _ratios(self, keep: Keep) -> dict[str, list]:
        """Per indicator: the root mean square of its child−parent gaps over that of GDP's
        gaps of the same children, and how many gaps it rests on."""
        kept = {k: [(c, g) for c, y, g in rows if keep(y)] for k, rows in self.pairs.items()}
        gdp = kept.get("gdp", [])
        out = {}
        for k, rows in sorted(kept.items()):
            if k == "gdp" or not rows:
                continue
            children = {c for c, _ in rows}
            same = [g for c, g in gdp if c in children]
            if len(same) < 2:
                continue
            ratio = math.sqrt(np.mean(np.square([g for _, g in rows]))
                              / np.mean(np.square(same)))
            out[k] = [round(ratio, 4), len(rows)]
        return out


def pooled_ratio(error_ratio: float, measured: list | None) -> float:
    """How much more an indicator's regional gaps spread than GDP's: the ratio its own
    child−parent gaps show, pooled on the log scale with the ratio of its calibrated forecast
    errors to GDP's, a prior worth ``RATIO_PRIOR`` gaps."""
    if not measured or not measured[1]:
        return error_ratio
    ratio, n = measured
    return math.exp((n * math.log(ratio) + RATIO_PRIOR * math.log(error_ratio))
                    / (n + RATIO_PRIOR))


def yearly_gaps(mine: dict[int, dict[int, float]], theirs: dict[int, dict[int, float]]
                ) -> list[tuple[int, float, int]]:
    """One gap per year both published: (year, gap, month) — the full year (12) when both
    have it, else the latest month both have a year-to-date figure for."""
    out = []
    for year in sorted(set(mine) & set(theirs)):
        common = set(mine[year]) & set(theirs[year])
        if common:
            month = 12 if 12 in common else max(common)
            out.append((year, mine[year][month] - theirs[year][month], month))
    return out


def own_gaps(ev: Evidence) -> list[tuple[int, float, int]]:
    """The child's gaps to its parent in the last OWN_GAPS years: (year, gap, month)."""
    child, parent = _series_by_year(ev.chain[0]), _series_by_year(ev.chain[1])
    return [g for g in yearly_gaps(child, parent) if g[0] >= ev.year - OWN_GAPS]


def _series_by_year(series: Series) -> dict[int, dict[int, float]]:
    """Earlier years' figures by year and month (12: the full year)."""
    out = {y: dict(months) for y, months in series.past_ytd.items()}
    for year, value in series.history.items():
        out.setdefault(year, {})[12] = value
    return out


def _by_year(values: dict) -> dict[int, dict[int, float]]:
    out: dict[int, dict[int, float]] = {}
    for period, value in values.items():
        out.setdefault(period.year, {})[period.month] = value
    return out


def _prefecture_deviations(data: Dataset) -> dict[int, list[tuple[str, float]]]:
    """Each prefecture's GDP growth minus the prefectures' level-weighted mean, by year."""
    prefectures = [r.code for r in data.catalog.regions.values() if r.level == "prefecture"]
    by_year: dict[int, dict[str, tuple[float, float | None]]] = {}
    for region in prefectures:
        growth = {p.year: v for p, v in data.values(region, "gdp").items() if p.month == 12}
        levels = {p.year: v for p, v in data.values(region, "gdp", "level").items()
                  if p.month == 12}
        for year, value in growth.items():
            level = levels.get(year - 1, levels.get(year))
            by_year.setdefault(year, {})[region] = (value, level)
    out = {}
    for year, rows in sorted(by_year.items()):
        values = np.array([v for v, _ in rows.values()])
        weights = np.array([w if w is not None else np.nan for _, w in rows.values()])
        if np.isnan(weights).all():
            weights = np.ones(len(values))
        weights = np.where(np.isnan(weights), np.nanmean(weights), weights)
        mean = float(np.average(values, weights=weights))
        out[year] = [(region, v - mean) for region, (v, _) in rows.items()]
    return out
