"""Where a region stands: its own latest figures of the year as the bureau's table gives them,
and how they compare with its parent and its siblings.

``standing`` gathers the facts of the bureau's sentence ("1-9月完成452.3亿元，同比增长5.6%，增速比
1-8月提高0.2个百分点，高于全市平均0.5个百分点，居全市第4位"); ``compare`` the comparison across a
group of regions with one parent (Zhengzhou's counties, Henan's prefectures). Only the region's
own figures count: a figure borrowed from a parent is not the region's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xyforecast.engine.results import Projection
from xyforecast.inputs.dataset import Dataset
from xyforecast.periods import Period

STATED_TOLERANCE = 0.05  # points: a stated change and the computed one agree within rounding
MAX_ROWS = 20  # a group of at most this many regions is shown (and projected) whole: all of
# Henan's prefectures, all of Zhengzhou's counties
WINDOW = 7  # a larger group shows the region and those ranked nearest it, this many rows in
# all (three above, three below): about what a county's own six siblings cost, so a county's
# report costs the same among six siblings or two hundred (benchmarks/province.py)


@dataclass(frozen=True)
class Standing:
    """The region's latest own year-to-date figure of the year, the rest of its table row,
    and how it compares."""

    region: str
    indicator: str
    period: Period
    value: float  # year-to-date growth, %
    previous: tuple[Period, float] | None  # the year's figure before it
    parent: str | None
    parent_value: float | None  # the parent's figure for the same period
    rank: int | None  # among the siblings with a figure for the same period (1 = fastest)
    ranked: int = 0  # how many were ranked, the region included
    level: float | None = None  # the year-to-date level (总量, 1–N月累计)
    month_level: float | None = None  # the month's (quarter's) own level (本月)
    month_growth_pct: float | None = None  # the month's own growth (本月增长)
    stated_change_pp: float | None = None  # the table's own 增速比上期提高, in points

    @property
    def change(self) -> float | None:
        """Points since the previous figure: the table's stated change where it gives one,
        else the difference of the two figures."""
        if self.stated_change_pp is not None:
            return self.stated_change_pp
        return self.computed_change

    @property
    def computed_change(self) -> float | None:
        return None if self.previous is None else self.value - self.previous[1]

    @property
    def change_disagrees(self) -> bool:
        """The table's stated change is not the difference of its two growth figures."""
        computed = self.computed_change
        return (self.stated_change_pp is not None and computed is not None
                and abs(self.stated_change_pp - computed) > STATED_TOLERANCE)

    @property
    def gap(self) -> float | None:
        return None if self.parent_value is None else self.value - self.parent_value


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
    rank, ranked = _rank(view.values_at(group_of(view, region), indicator, period), region)
    row = {measure: view.values(region, indicator, measure).get(period)
           for measure in ("level", "month_level", "month_growth_pct", "change_pp")}
    return Standing(region, indicator, period, own[period], previous, parent, parent_value,
                    rank, ranked, row["level"], row["month_level"], row["month_growth_pct"],
                    row["change_pp"])


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
    ranked: int = 0  # regions of the whole group with a figure for the period
    group: int = 0  # regions in the whole group (more than ``rows`` when it is bounded)

    @property
    def omitted(self) -> int:
        """Regions of the group the table leaves out (a group beyond ``MAX_ROWS`` shows
        ``WINDOW`` rows)."""
        return max(0, self.group - len(self.rows))


def shared_period(view: Dataset, regions: Sequence[str], indicator: str) -> Period | None:
    """The latest period for which at least two of the regions (or the only one) have a
    growth figure."""
    return view.shared_period(regions, indicator, min(2, len(regions)))


def compare(view: Dataset, regions: Sequence[str], indicator: str,
            project: Callable[[str], Projection], around: str | None = None,
            limit: int = MAX_ROWS, window: int = WINDOW) -> Comparison:
    """The group's figures for their latest shared period, every region ranked by its own
    figure, with the projection of each region shown (``project(region)``: the caller's, so
    that a projection is computed once; a region not shown is never projected). A group of
    at most ``limit`` regions is shown whole; a larger one shows ``window`` rows: ``around``
    (the report's region) and those ranked nearest it, so that what is projected does not
    grow with the group."""
    parents = {view.catalog.region(code).parent for code in regions}
    parent = parents.pop() if len(parents) == 1 else None
    period = shared_period(view, regions, indicator)
    known = view.values_at(regions, indicator, period) if period else {}
    parent_value = view.values(parent, indicator).get(period) if parent and period else None
    place = {code: n for n, code in enumerate(regions)}
    order = sorted(regions, key=lambda code: (code not in known, -known.get(code, 0.0),
                                              place[code]))
    shown = len(order) if len(order) <= limit else window
    centre = order.index(around) if around in place else 0
    start = min(max(0, centre - shown // 2), max(0, len(order) - shown))
    rows = []
    for code in order[start:start + shown]:
        value = known.get(code)
        rank = _rank(known, code)[0] if value is not None else None
        gap = None if value is None or parent_value is None else value - parent_value
        rows.append(PeerRow(code, value, gap, rank, project(code)))
    return Comparison(indicator, parent, period, parent_value, tuple(rows), len(known),
                      len(regions))


def has_peers(view: Dataset, region: str) -> bool:
    """Whether a comparison says anything: a sibling has a headline figure of its own."""
    codes = [c for c in group_of(view, region) if c != region]
    return any(view.values(code, i.code) for code in codes for i in view.catalog.headline())
