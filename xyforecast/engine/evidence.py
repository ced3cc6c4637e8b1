"""Everything one projection may use, gathered once: the region's and its parents' figures for
one indicator, as of the cut-off, in one frozen object.

The engine then computes on this object alone — no further look-ups in the data set — which
makes a projection cheap to repeat (the backtest replays thousands) and easy to test: build
an ``Evidence`` by hand and the engine must give the same answer.

Year-to-date shares (last year's year-to-date level over its full-year level, the weight of
the year so far) come from one rule per month, whatever else is asked: the region's own
levels that year, else its own seasonal average, else each parent's in turn, else the part
of the calendar gone. A single-month figure published after the latest year-to-date figure
rolls the year to date forward, so no published figure is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np

from xyforecast.engine import ytd
from xyforecast.i18n import Msg, Pair
from xyforecast.inputs.dataset import Dataset
from xyforecast.periods import Period


@dataclass(frozen=True, eq=False)
class Series:
    """One region's figures for the indicator, as of the cut-off."""

    region: str
    name: Pair
    level: str  # country, province, prefecture, county
    ytd: dict[int, float]  # this year's year-to-date growth by month, published (< 12)
    single: dict[int, float]  # this year's single-month (or quarter) growth by month
    full: float | None  # this year's full-year growth, once published
    last_ytd: dict[int, float]  # last year's year-to-date growth by month
    history: dict[int, float]  # full-year growth by year, before this year
    past_ytd: dict[int, dict[int, float]]  # earlier years -> month -> year-to-date growth
    levels: dict[int, dict[int, float]]  # year -> month -> year-to-date level (weights only)
    rolled: dict[int, float] = field(default_factory=dict)  # ytd rolled on by single months

    @property
    def months(self) -> dict[int, float]:
        """Year-to-date growth by month: published, and rolled on from single months."""
        return self.ytd | self.rolled

    @property
    def latest_month(self) -> int:
        """The latest month with a year-to-date figure; 0 when the year has none yet."""
        return max(self.months, default=0)


@dataclass(frozen=True, eq=False)
class Evidence:
    """The chain's figures for one indicator and year, as of ``cutoff``."""

    indicator: str
    year: int
    cutoff: Period
    quarterly: bool
    chain: tuple[Series, ...]  # the region first, then its parents up to the country

    @property
    def own(self) -> Series:
        return self.chain[0]

    def parent(self) -> Evidence | None:
        """The same evidence seen from the region's parent (None for the country)."""
        if len(self.chain) < 2:
            return None
        return Evidence(self.indicator, self.year, self.cutoff, self.quarterly, self.chain[1:])

    def info_month(self) -> int:
        """The latest month anything along the chain tells about this year (12: published)."""
        own = 12 if self.own.full is not None else self.own.latest_month
        parent = self.parent()
        return max(own, parent.info_month() if parent is not None else 0)

    def truncated(self, month: int) -> Evidence:
        """The evidence as it stood at an earlier month of the year (0: the December
        before). Exact: earlier years are the same, this year's figures are first releases."""
        cutoff = Period(self.year, month) if month else Period(self.year - 1, 12)
        chain = tuple(replace(s, ytd={m: v for m, v in s.ytd.items() if m <= month},
                              single={m: v for m, v in s.single.items() if m <= month},
                              full=None, rolled={}) for s in self.chain)
        cut = Evidence(self.indicator, self.year, cutoff, self.quarterly, chain)
        return Evidence(self.indicator, self.year, cutoff, self.quarterly,
                        tuple(_rolled(cut, n) for n in range(len(chain))))

    def share(self, month: int, year: int | None = None) -> ytd.Share:
        """Year ``year`` (default: last year)'s year-to-date share of its full-year level."""
        year = self.year - 1 if year is None else year
        if month == 12:
            return ytd.Share(1.0, Msg.of("engine.share_full"))
        for n, series in enumerate(self.chain):
            found = _share(series, month, year, own=n == 0)
            if found is not None:
                return found
        return ytd.months_elapsed(month)

    def shares(self, months: Iterable[int], year: int | None = None) -> dict[int, ytd.Share]:
        """Shares at several months from one source when one has them all (their difference
        is a single period's weight); else each month by its own rule."""
        year = self.year - 1 if year is None else year
        months = sorted(set(months))
        for n, series in enumerate(self.chain):
            found = {m: _share(series, m, year, own=n == 0) for m in months}
            if all(s is not None for s in found.values()):
                return found  # type: ignore[return-value]
        return {m: self.share(m, year) for m in months}


def gather(view: Dataset, region: str, indicator: str, year: int) -> Evidence:
    """Collect the evidence from a data set already cut off (``Dataset.as_of``)."""
    catalog = view.catalog
    cutoff = view.cutoff or Period(year, 12)
    chain = tuple(_series(view, r.code, indicator, year) for r in catalog.chain(region))
    evidence = Evidence(indicator, year, cutoff, catalog.indicator(indicator).quarterly, chain)
    return Evidence(indicator, year, cutoff, evidence.quarterly,
                    tuple(_rolled(evidence, n) for n in range(len(chain))))


def cut_month(cutoff: Period, year: int) -> int:
    """The cut-off as a month of ``year``: 0 before the year, 12 after it."""
    if cutoff.year < year:
        return 0
    return 12 if cutoff.year > year else cutoff.month


def _series(view: Dataset, region: str, indicator: str, year: int) -> Series:
    info = view.catalog.region(region)
    growth = view.values(region, indicator)
    levels: dict[int, dict[int, float]] = {}
    for p, v in view.values(region, indicator, "level").items():
        if p.year < year:
            levels.setdefault(p.year, {})[p.month] = v
    this = {p.month: v for p, v in growth.items() if p.year == year}
    past: dict[int, dict[int, float]] = {}
    for p, v in growth.items():
        if p.year < year and p.month < 12:
            past.setdefault(p.year, {})[p.month] = v
    return Series(
        region=region, name=Pair(info.name_zh, info.name_en), level=info.level,
        ytd={m: v for m, v in this.items() if m < 12},
        single={p.month: v for p, v in view.values(region, indicator, "month_growth_pct").items()
                if p.year == year},
        full=this.get(12),
        last_ytd={p.month: v for p, v in growth.items() if p.year == year - 1},
        history={p.year: v for p, v in growth.items() if p.month == 12 and p.year < year},
        past_ytd=past, levels=levels)


def _rolled(evidence: Evidence, n: int) -> Series:
    """Roll region ``n``'s year to date forward with single-period figures published after
    its latest year-to-date figure (e.g. October revenue alone after January–September)."""
    series = evidence.chain[n]
    if series.full is not None or not series.ytd:
        return series
    view = Evidence(evidence.indicator, evidence.year, evidence.cutoff, evidence.quarterly,
                    evidence.chain[n:])
    step = 3 if evidence.quarterly else 1
    rolled: dict[int, float] = {}
    month = max(series.ytd)
    growth = series.ytd[month]
    while month + step < 12 and month + step in series.single:
        shares = view.shares((month, month + step))
        if shares[month + step].value <= shares[month].value:
            break
        growth = float(ytd.cumulative_from_single(series.single[month + step], growth,
                                                  shares[month + step].value,
                                                  shares[month].value))
        month += step
        rolled[month] = growth
    if not rolled:
        return series
    return replace(series, rolled=rolled)


def _share(series: Series, month: int, year: int, own: bool) -> ytd.Share | None:
    """The region's own levels of ``year``, else its seasonal average up to that year."""
    owner = Msg.of("engine.share_owner_own") if own else series.name
    row = series.levels.get(year, {})
    if row.get(12) and 0 < row.get(month, 0) < row[12]:
        return ytd.Share(row[month] / row[12], Msg.of("engine.share_levels", owner=owner,
                                                      year=year))
    ratios = {y: r[month] / r[12] for y, r in series.levels.items()
              if y <= year and r.get(12) and 0 < r.get(month, 0) < r[12]}
    if not ratios:
        return None
    years = sorted(ratios)
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    return ytd.Share(float(np.mean(list(ratios.values()))),
                     Msg.of("engine.share_seasonal", owner=owner, span=span))
