"""Where a region stands among its peers, as a bureau says it: "1–9月累计增长8.8%，较1–8月回落
0.3个百分点，低于全市平均0.5个百分点，居全市第4位".

``standing`` gives those facts for one region (its latest year-to-date figure, the one before
it, its parent's figure for the same period and its rank among its siblings with one);
``peer_rows`` the comparison across a group of regions with one parent (Zhengzhou's counties,
Henan's prefectures): the latest period most of them share, each one's figure, gap to the
parent and rank, and each one's projection. Only the region's own figures count: a figure
borrowed from a parent is not the region's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xyforecast.engine.projection import project
from xyforecast.engine.results import Projection
from xyforecast.inputs.dataset import Dataset
from xyforecast.outputs import numbers
from xyforecast.periods import Period


@dataclass(frozen=True)
class Standing:
    """The region's latest own year-to-date figure of the year and how it compares."""

    region: str
    indicator: str
    period: Period
    value: float
    previous: tuple[Period, float] | None  # the year's figure before it
    parent: str | None
    parent_value: float | None  # the parent's figure for the same period
    rank: int | None  # among the siblings with a figure for the same period (1 = fastest)
    ranked: int = 0  # how many were ranked, the region included

    @property
    def change(self) -> float | None:
        return None if self.previous is None else self.value - self.previous[1]

    @property
    def gap(self) -> float | None:
        return None if self.parent_value is None else self.value - self.parent_value


def direction(change: float) -> str:
    """up, down or level (提高/回落/持平) for a change in points, as shown to one decimal:
    a change that reads 0.0 is level, whatever its sign."""
    if numbers.shown(abs(change)) == 0:
        return "level"
    return "up" if change > 0 else "down"


def group_of(data: Dataset, region: str) -> list[str]:
    """The region and its siblings (the other children of its parent), in catalogue order."""
    parent = data.catalog.region(region).parent
    if parent is None:
        return [region]
    return [r.code for r in data.catalog.children(parent)]


def _rank(values: dict[str, float], region: str) -> tuple[int | None, int]:
    if region not in values or len(values) < 2:
        return None, len(values)
    return 1 + sum(v > values[region] for v in values.values()), len(values)


def standing(view: Dataset, region: str, indicator: str, year: int) -> Standing | None:
    """The facts of the bureau's sentence, or None when the region has no figure of its own
    for the year yet."""
    own = {p: v for p, v in view.values(region, indicator).items() if p.year == year}
    if not own:
        return None
    period = max(own)
    earlier = [p for p in own if p < period]
    previous = (max(earlier), own[max(earlier)]) if earlier else None
    parent = view.catalog.region(region).parent
    parent_value = view.values(parent, indicator).get(period) if parent else None
    values = {code: view.values(code, indicator).get(period)
              for code in group_of(view, region)}
    rank, ranked = _rank({k: v for k, v in values.items() if v is not None}, region)
    return Standing(region, indicator, period, own[period], previous, parent, parent_value,
                    rank, ranked)


@dataclass(frozen=True)
class PeerRow:
    """One region of a comparison: its figure for the shared period, and its projection."""

    region: str
    value: float | None
    gap: float | None  # to the parent, same period
    rank: int | None
    projection: Projection


@dataclass(frozen=True)
class Comparison:
    indicator: str
    parent: str | None
    period: Period | None  # the latest period most of the group has a figure for
    parent_value: float | None
    rows: tuple[PeerRow, ...]  # ranked first, fastest first; then those without a figure

    @property
    def ranked(self) -> int:
        return sum(r.rank is not None for r in self.rows)


def shared_period(view: Dataset, regions: Sequence[str], indicator: str) -> Period | None:
    """The latest period for which at least two of the regions (or the only one) have a
    growth figure."""
    counts: dict[Period, int] = {}
    for code in regions:
        for period in view.values(code, indicator):
            counts[period] = counts.get(period, 0) + 1
    enough = [p for p, n in counts.items() if n >= min(2, len(regions))]
    return max(enough) if enough else None


def compare(data: Dataset, regions: Sequence[str], indicator: str, year: int,
            cutoff: Period) -> Comparison:
    """The group's figures for their latest shared period, ranked, with each projection."""
    view = data.as_of(cutoff)
    parents = {data.catalog.region(code).parent for code in regions}
    parent = parents.pop() if len(parents) == 1 else None
    period = shared_period(view, regions, indicator)
    values = {code: view.values(code, indicator).get(period) for code in regions} \
        if period else {}
    known = {k: v for k, v in values.items() if v is not None}
    parent_value = view.values(parent, indicator).get(period) if parent and period else None
    rows = []
    for code in regions:
        value = known.get(code)
        rank = _rank(known, code)[0] if value is not None else None
        gap = None if value is None or parent_value is None else value - parent_value
        rows.append(PeerRow(code, value, gap, rank,
                            project(data, code, indicator, year, cutoff)))
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, regions.index(r.region)))
    return Comparison(indicator, parent, period, parent_value, tuple(rows))


def has_peers(view: Dataset, region: str) -> bool:
    """Whether a comparison says anything: a sibling has a headline figure of its own."""
    codes = [c for c in group_of(view, region) if c != region]
    return any(view.values(code, i.code) for code in codes for i in view.catalog.headline())
