"""Nowcast the full year from this year's year-to-date figures (the "ytd-bridge").

The full year is last year's weights times this year's growth so far plus the rest of the
year: 1+G = w·(1+g_ytd) + (1−w)·(1+g_rest), w = last year's year-to-date share. Only g_rest
is unknown. It is predicted from the year-to-date growth, moved by ``momentum`` towards the
latest single-period growth (the latest month or quarter, or the stretch since the previous
year-to-date figure). The spread comes from replaying the same rule on past years at the same
month — the region's own, or pooled with its reference regions when its own are too few —
so the interval narrows as the year fills in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from xyforecast.engine import ytd
from xyforecast.engine.results import Evidence, t_draws
from xyforecast.inputs.dataset import Dataset
from xyforecast.periods import Period

MIN_PAIRS = 4  # fewer past years than this at the same month: pool with reference regions
BORROWED_WIDEN = 1.5  # another region's surprises, counted half as large again for this one
FLOOR_SD_PP = 0.3  # never claim a rest-of-year spread below 0.3 points of growth


def ytd_share(data: Dataset, regions: list[str], indicator: str, year: int,
              month: int) -> ytd.Share:
    """Year ``year``'s year-to-date share of its full-year level at ``month``."""
    return ytd_shares(data, regions, indicator, year, (month,))[month]


def ytd_shares(data: Dataset, regions: list[str], indicator: str, year: int,
               months: tuple[int, ...]) -> dict[int, ytd.Share]:
    """Shares at several months from one source, so that differences between them mean
    something. Order: the region's own levels that year; its own seasonal average over the
    years that have every month; the same for each reference region in turn; else the months
    elapsed. Levels at current prices weight real growth too (about 0.1 point, see the
    golden case)."""
    wanted = [m for m in months if m != 12]
    out = {12: ytd.Share(1.0, "full year", "全年")} if 12 in months else {}
    if not wanted:
        return out
    for n, region in enumerate(regions):
        levels = data.series(region, indicator, "level")
        by_year: dict[int, dict[int, float]] = {}
        for p, v in levels.items():
            by_year.setdefault(p.year, {})[p.month] = v
        shares = {y: {m: row[m] / row[12] for m in wanted}
                  for y, row in by_year.items()
                  if row.get(12) and all(0 < row.get(m, 0) < row[12] for m in wanted)}
        owner = "own" if n == 0 else f"{region}'s"
        owner_zh = "本地" if n == 0 else data.catalog.region(region).name_zh
        if year in shares:
            source, source_zh = f"{owner} levels {year}", f"{owner_zh}{year}年总量"
            return out | {m: ytd.Share(shares[year][m], source, source_zh) for m in wanted}
        if shares:
            years = sorted(shares)
            span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
            source, source_zh = f"{owner} seasonal share {span}", f"{owner_zh}{span}年平均进度"
            return out | {m: ytd.Share(float(np.mean([shares[y][m] for y in years])), source,
                                       source_zh) for m in wanted}
    return out | {m: ytd.months_elapsed(m) for m in wanted}


@dataclass(frozen=True)
class Bridge:
    """A year-to-date nowcast before sampling: point, spread and what it rests on."""

    month: int
    ytd_pct: float
    share: ytd.Share
    momentum_pct: float | None
    momentum_source: str
    point: float
    scale: float
    df: float
    n_pairs: int
    pair_regions: tuple[str, ...]
    same_month: bool
    evidence: tuple[Evidence, ...]
    notes: tuple[str, ...]

    prior: float | None = None  # the annual model's forecast it was combined with

    def draws(self, generator: np.random.Generator) -> np.ndarray:
        return t_draws(self.point, self.scale, self.df, generator)

    def with_prior(self, mean: float, scale: float, df: float) -> Bridge:
        """Combine with an annual model's forecast in proportion to their precision: early in
        the year the annual model speaks loudest, by autumn the year-to-date figures do."""
        w_bridge, w_prior = self.scale**-2, scale**-2
        point = (self.point * w_bridge + mean * w_prior) / (w_bridge + w_prior)
        return replace(self, point=point, scale=(w_bridge + w_prior) ** -0.5,
                       df=min(self.df, df), prior=mean)

    def widened(self, factor: float) -> Bridge:
        return replace(self, scale=self.scale * factor)


def robust_scale(errors: list[float]) -> float:
    """1.4826 × the median absolute error: a standard deviation that one year like 2020
    (Jan-Feb investment −24.5%, full year +2.7%) cannot blow up; the t tails keep such years
    possible."""
    return 1.4826 * float(np.median(np.abs(errors)))


def latest_single(data: Dataset, regions: list[str], region: str, indicator: str, year: int,
                  month: int) -> tuple[float | None, str, list[Evidence]]:
    """The latest single-period growth: the published month (or quarter), else the stretch
    since the previous year-to-date figure."""
    single = data.series(region, indicator, "month_growth_pct").get(Period(year, month))
    if single is not None:
        unit = "quarter" if data.catalog.indicator(indicator).quarterly else "month"
        evidence = [Evidence(region, indicator, str(Period(year, month)), "month_growth_pct",
                             float(single))]
        return float(single), f"the latest {unit}", evidence
    ytd_growth = data.year_to_date(region, indicator, year)
    earlier = [m for m in ytd_growth.index if m < month]
    if not earlier:
        return None, "", []
    prev = max(earlier)
    shares = ytd_shares(data, regions, indicator, year - 1, (prev, month))
    share, prev_share = shares[month].value, shares[prev].value
    if share <= prev_share:
        return None, "", []
    value = ytd.single_from_cumulative(ytd_growth[month], ytd_growth[prev], share, prev_share)
    stretch = f"month {month}" if prev + 1 == month else f"months {prev + 1}-{month}"
    return float(value), stretch, []


def predict(ytd_pct: float, share: float, momentum_pct: float | None, momentum: float) -> float:
    """The full-year point: rest of the year at the year-to-date pace, moved by ``momentum``
    towards the latest single-period growth."""
    rest = ytd_pct if momentum_pct is None else ytd_pct + momentum * (momentum_pct - ytd_pct)
    return float(ytd.full_year_from_rest(ytd_pct, rest, share))


_HISTORY: dict[tuple, dict] = {}


def history_errors(data: Dataset, regions: list[str], indicator: str, year: int,
                   momentum: float) -> dict[str, list[tuple[int, int, float, float]]]:
    """Replay the rule on every past year of every region: (year, month, error, 1−share).

    Only years before ``year`` count, and every cut-off within ``year`` sees them at their
    latest vintage, so the replay is remembered per data set, chain, year and momentum."""
    key = (data.sha256, tuple(regions), indicator, year, momentum,
           data.cutoff.year if data.cutoff else None)
    if key not in _HISTORY:
        _HISTORY[key] = _history_errors(data, regions, indicator, year, momentum)
    return _HISTORY[key]


def _history_errors(data: Dataset, regions: list[str], indicator: str, year: int,
                    momentum: float) -> dict[str, list[tuple[int, int, float, float]]]:
    out: dict[str, list[tuple[int, int, float, float]]] = {}
    for region in regions:
        chain = regions[regions.index(region):]
        growth = data.series(region, indicator, "growth_pct")
        full = {p.year: v for p, v in growth.items() if p.month == 12 and p.year < year}
        rows = []
        for p, g in growth.items():
            if p.month == 12 or p.year not in full:
                continue
            share = ytd_share(data, chain, indicator, p.year - 1, p.month).value
            single, _, _ = latest_single(data, chain, region, indicator, p.year, p.month)
            error = full[p.year] - predict(g, share, single, momentum)
            rows.append((p.year, p.month, error, 1 - share))
        out[region] = rows
    return out


def bridge(data: Dataset, regions: list[str], indicator: str, year: int, *,
           momentum: float, floor_sd: float) -> Bridge:
    """Nowcast ``regions[0]``'s full year from its latest year-to-date figure; the other
    regions (its reference chain) lend weights and past errors when its own are too few."""
    region = regions[0]
    growth = data.year_to_date(region, indicator, year)
    month = int(max(m for m in growth.index if m < 12))
    g = float(growth[month])
    share = ytd_share(data, regions, indicator, year - 1, month)
    single, single_source, evidence = latest_single(data, regions, region, indicator, year, month)
    point = predict(g, share.value, single, momentum)
    evidence = [Evidence(region, indicator, str(Period(year, m)), "growth_pct", float(v))
                for m, v in growth.items() if m < 12] + evidence
    errors = history_errors(data, regions, indicator, year, momentum)
    own = errors.get(region, [])
    notes: list[str] = []
    rest = 1 - share.value

    def pick(rows, same_month):
        if same_month:
            return [e for (_, m, e, _) in rows if m == month]
        return [e * rest / r for (_, _, e, r) in rows if r > 0]  # per unit of year left

    chosen: list[float] = []
    used: list[str] = []
    same = True
    for same in (True, False):
        chosen = pick(own, same)
        used = [region] if chosen else []
        if len(chosen) < MIN_PAIRS:
            for lender in regions[1:]:
                borrowed = pick(errors.get(lender, []), same)
                if borrowed:
                    chosen += [BORROWED_WIDEN * e for e in borrowed]
                    used.append(lender)
        if len(chosen) >= MIN_PAIRS:
            break
    n = len(chosen)
    if n >= 2:
        scale = robust_scale(chosen) * math.sqrt(1 + 1 / n)
        df = max(n - 1, 2)
    else:
        scale, df = floor_sd * rest * 2, 3.0
        notes.append("no past years to measure the error: spread from the annual volatility")
    scale = max(scale, FLOOR_SD_PP * rest)
    return Bridge(month, g, share, single, single_source, point, scale, df, n, tuple(used),
                  same, tuple(evidence), tuple(notes))
