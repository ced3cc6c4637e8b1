"""One forecast per report: every projection, status, movement, standing and comparison of a
region, year and cut-off, computed once and formatted by every output.

``Forecast.build`` calls the engine once per (region, indicator, cut-off) it needs — the
headline projections, each release of the year (``engine.movement``) and each sibling of the
comparison (``engine.standing``) — through one memo, so a report never computes a projection
twice. The summary JSON, the Word report, the workbook, the pages and the command line all
format this one object (``to_summary`` is its one serialiser), so a figure reads the same in
each of them.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from xyforecast.catalog import Region
from xyforecast.engine import fits
from xyforecast.engine.movement import Step, release_cutoffs, replay
from xyforecast.engine.projection import default_cutoff, level_progress, project
from xyforecast.engine.results import LevelProgress, Projection
from xyforecast.engine.standing import Comparison, Standing, compare, group_of, has_peers
from xyforecast.engine.standing import standing as standing_of
from xyforecast.engine.status import STATUSES, status
from xyforecast.engine.targets import Target, targets_for
from xyforecast.i18n import Msg, Pair
from xyforecast.inputs.dataset import Conflict, Dataset, paused_collector
from xyforecast.periods import Period


@dataclass(frozen=True)
class Required:
    """What the rest of the year needs: ``stated`` reaches the stated target value
    (余下时期需增长); ``threshold`` reaches the line the target's rule counts as met (达标线:
    "6%左右" from 5.5%), shown only under its own label and only where it differs."""

    stated: float | None
    threshold: float | None

    @property
    def known(self) -> bool:
        return self.stated is not None


@dataclass(frozen=True)
class OtherTarget:
    """A target of the report beyond the headline five, with the region's latest figure of
    the year in the target's measure (None: no figure yet)."""

    target: Target
    period: Period | None = None
    value: float | None = None


@dataclass(frozen=True)
class IndicatorForecast:
    """One headline indicator of the report."""

    code: str
    name: Pair
    price_basis: str
    projection: Projection
    status: str  # engine.status: on_track, at_risk, off_track, unknown, no_target
    required: Required
    progress: LevelProgress | None  # a level target against 序时进度
    standing: Standing | None  # the region's own latest figures, as the table gives them
    movement: tuple[Step, ...]  # the projection at every release of the year
    basis_change: Msg | None = None  # the latest release switched to the region's own figures
    peers: Comparison | None = None  # the region among its siblings
    level_target: Target | None = None  # the report's level target (360亿元), with or
    # without a figure to measure progress by

    @property
    def target(self) -> Target | None:
        return self.projection.target


@dataclass(frozen=True)
class Overview:
    """What a report's opening sentence says: how many indicators stand where, the most and
    the least likely to be met, and which rest on another region's figures."""

    counts: dict[str, int]  # by status, in ``STATUSES`` order
    best: IndicatorForecast | None  # None unless two or more have a P(meet)
    worst: IndicatorForecast | None
    borrowed: tuple[IndicatorForecast, ...]


@dataclass(frozen=True)
class Forecast:
    """Everything a report says about one region, year and cut-off."""

    region: Region
    year: int
    cutoff: Period
    data: Dataset = field(repr=False, compare=False)  # as of the cut-off
    indicators: tuple[IndicatorForecast, ...]
    other_targets: tuple[OtherTarget, ...] = ()

    @property
    def conflicts(self) -> tuple[Conflict, ...]:
        """Sources that disagree on a figure known by the cut-off, and what was kept."""
        return self.data.conflicts

    def overview(self) -> Overview:
        """The opening sentence's facts, one truth for the Word report and the dashboard."""
        items = self.indicators
        known = [i for i in items if i.projection.p_meet is not None]
        ranked = len(known) >= 2
        return Overview(
            {s: sum(i.status == s for i in items) for s in STATUSES},
            max(known, key=lambda i: i.projection.p_meet) if ranked else None,
            min(known, key=lambda i: i.projection.p_meet) if ranked else None,
            tuple(i for i in items if i.standing is None and i.projection.latest is not None
                  and i.projection.latest.region != self.region.code))

    def indicator(self, code: str) -> IndicatorForecast:
        for item in self.indicators:
            if item.code == code:
                return item
        raise KeyError(code)

    @classmethod
    def build(cls, data: Dataset, region: str, year: int,
              cutoff: Period | str | None = None,
              indicators: Sequence[str] | None = None, movement: bool = True,
              peers: bool = True, candidates: bool = True, memo: Memo | None = None
              ) -> Forecast:
        """The forecast of ``indicators`` (default: the headline five) as of ``cutoff``
        (default: the latest data of ``year``). ``movement=False`` leaves out the year's
        releases, ``peers=False`` the siblings' projections and ``candidates=False`` what
        each model weighed says (``Projection.candidates``: fits ARIMA and ETS; the
        ``forecast`` and ``report`` commands show none of them); nothing else changes.
        ``memo``: the projections of other builds on the same data and year (a render's
        reports share one, so that a sibling's report reuses its peers' projections). The
        cyclic collector is paused meanwhile (as while reading): a build keeps about a
        hundred thousand small containers, none in a cycle, and its collections walked them
        and everything loaded before (0.13 CPU s of Xingyang's 0.96 among 200 synthetic
        siblings, 0.07 of 0.9 among its six; ``benchmarks/province.py``)."""
        with paused_collector():
            forecast = cls._build(data, region, year, cutoff, indicators, movement, peers,
                                  candidates, memo)
        if gc.isenabled():  # the build's own young objects, walked once here (not by
            gc.collect(0)  # whatever allocates next): a build pays for what it made
        fits.save()  # the ARIMA and ETS fits it made, for next month's build
        return forecast

    @classmethod
    def _build(cls, data: Dataset, region: str, year: int, cutoff: Period | str | None,
               indicators: Sequence[str] | None, movement: bool, peers: bool,
               candidates: bool, memo: Memo | None) -> Forecast:
        info = data.catalog.region(region)
        cut = default_cutoff(data, year) if cutoff is None else (
            cutoff if isinstance(cutoff, Period) else Period.parse(cutoff))
        view = data.as_of(cut)
        codes = list(indicators) if indicators else [i.code for i in data.catalog.headline()]
        if memo is None:
            memo = Memo(data, year)
        elif memo.data is not data or memo.year != year:
            raise ValueError("a memo serves builds on one data set and year")
        peers = peers and has_peers(view, region)
        items = tuple(_indicator(data, view, info, code, year, cut, memo, movement, peers,
                                 candidates) for code in codes)
        headline = {i.code for i in data.catalog.headline()}
        others = tuple(_other(view, t) for t in targets_for(view, region, year)
                       if t.indicator not in headline)
        return cls(info, year, cut, view, items, others)

    def to_summary(self) -> dict[str, Any]:
        """The summary (``outputs/summary.schema.json``): the one serialiser."""
        from xyforecast.outputs.summary import summary_of

        return summary_of(self)


PROJECTED: Counter[tuple[str, str, Period]] = Counter()  # every memo's projections in this
# process: a render reads it from each page's kernel (none: the pages format its Forecast)


class Memo:
    """``project()`` once per (region, indicator, cut-off): the calls of one build, or of
    every build of a render (``Forecast.build(memo=...)``). ``headline`` names the keys whose
    projection is a report's headline one: those are computed with what each model weighed
    (``candidates``) whoever asks first, so that a sibling's projection made for a
    comparison serves that sibling's own report too. ``calls`` counts what was computed."""

    def __init__(self, data: Dataset, year: int,
                 headline: Collection[tuple[str, str, Period]] = ()):
        self.data, self.year = data, year
        self.headline = frozenset(headline)
        self.seen: dict[tuple[str, str, Period], Projection] = {}
        self.calls: Counter[tuple[str, str, Period]] = Counter()
        self.weighed: set[tuple[str, str, Period]] = set()  # computed with candidates

    def __call__(self, region: str, indicator: str, cutoff: Period,
                 candidates: bool = False) -> Projection:
        key = (region, indicator, cutoff)
        if key not in self.seen or (candidates and key not in self.weighed):
            self.calls[key] += 1  # twice only if a key not declared headline needs candidates
            PROJECTED[key] += 1
            weigh = candidates or key in self.headline
            self.seen[key] = project(self.data, region, indicator, self.year, cutoff,
                                     candidates=weigh).settled()
            if weigh:
                self.weighed.add(key)
        return self.seen[key]

    def of(self, indicator: str, cutoff: Period) -> Callable[[str], Projection]:
        return lambda region: self(region, indicator, cutoff)


def _indicator(data: Dataset, view: Dataset, region: Region, code: str, year: int,
               cut: Period, memo: Memo, movement: bool, peers: bool, candidates: bool
               ) -> IndicatorForecast:
    info = data.catalog.indicator(code)
    projection = memo(region.code, code, cut, candidates).settled(draws=True)  # first: the
    # memo keeps this one; its fan chart's draws made here, once for every page
    steps = tuple(replay(data, region.code, code, year, cut, project=memo)) if movement \
        else ()
    releases = release_cutoffs(data, region.code, code, year, cut)
    before = memo(region.code, code, releases[-2]) if len(releases) > 1 else None
    comparison = compare(view, group_of(view, region.code), code, memo.of(code, cut),
                         around=region.code) if peers else None
    return IndicatorForecast(
        code, Pair(info.name_zh, info.name_en), info.price_basis, projection,
        status(projection),
        Required(projection.required_rest_growth_pct, projection.required_rest_growth_pct_rule),
        level_progress(data, region.code, code, year, cut),
        standing_of(view, region.code, code, year), steps,
        _basis_change(region, before, projection), comparison,
        next((t for t in targets_for(view, region.code, year)
              if t.indicator == code and t.measure == "level"), None))


def _basis_change(region: Region, previous: Projection | None,
                  projection: Projection) -> Msg | None:
    """The latest release is the first of the region's own figures: the projection changed
    its basis (from a parent's figures to the region's own), which is not news."""
    if previous is None:
        return None
    before, now = previous.latest, projection.latest
    own_now = now is not None and now.region == region.code
    own_before = before is not None and before.region == region.code
    if own_now and not own_before:
        return Msg.of("report.basis_change", region=Pair(region.name_zh, region.name_en),
                      period=Pair(*(Period.parse(now.period).label(lang)
                                    for lang in ("zh", "en"))))
    return None


def _other(view: Dataset, target: Target) -> OtherTarget:
    measure = "growth_pct" if target.measure == "growth_pct" else "level"
    found = {p: v for p, v in view.values(target.region, target.indicator, measure).items()
             if p.year == target.year}
    if not found:
        return OtherTarget(target)
    period = max(found)
    return OtherTarget(target, period, found[period])
