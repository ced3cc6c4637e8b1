"""How the projection moved: the year replayed at every past release, with no look-ahead.

For a region, indicator and year, the projection is made again as of the December before and
as of every month of the year up to the cut-off in which a figure of that indicator was
published for the region or a region it borrows from (its chain: Xingyang, Zhengzhou, Henan,
China). Each step is exactly ``project(data, region, indicator, year, cut-off)``, the call
``xyforecast forecast --as-of`` makes, so a past step and that command never disagree.

Each step carries its "news": the figure that arrived (the nearest region's in the chain),
how far it was from the full-year median the previous step projected for that same region,
and how many points it moved this region's full-year median. Both the steps and their news
read only the data as of their cut-off (``Dataset.as_of``): "新公布" names a figure as it
was published by then, never a revision that came out later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xyforecast.engine import projection as engine
from xyforecast.engine.results import Figure, Projection
from xyforecast.inputs.dataset import Dataset
from xyforecast.periods import Period

NEWS_MEASURES = ("growth_pct", "month_growth_pct")  # year-to-date first, then single periods


@dataclass(frozen=True)
class News:
    """A figure first published at a step, against what the step before expected of it."""

    figure: Figure
    expected: float | None  # the previous step's full-year median for the figure's region
    # (the year-to-date pace a bridge carries forward: what a new year-to-date figure is
    # measured against)

    @property
    def surprise(self) -> float | None:
        """The figure minus what was expected, in points (None for a single-period figure
        or without an expectation)."""
        if self.expected is None or self.figure.measure != "growth_pct":
            return None
        return self.figure.value - self.expected


@dataclass(frozen=True)
class Step:
    """The projection as of one cut-off, and what changed since the step before."""

    cutoff: Period
    projection: Projection
    news: News | None = None  # None for the first step, or when no figure arrived
    moved: float | None = None  # change of the full-year median since the step before


def release_cutoffs(data: Dataset, region: str, indicator: str, year: int,
                    as_of: Period) -> list[Period]:
    """The December before, then every month of ``year`` up to ``as_of`` in which a figure
    of ``indicator`` was published for the region or its chain, then ``as_of`` itself."""
    chain = [r.code for r in data.catalog.chain(region)]
    start = Period(year - 1, 12)
    if as_of <= start:
        return [as_of]
    last = as_of.month if as_of.year == year else 12
    view = data.as_of(as_of)
    months = sorted({p.month for code in chain
                     for values in view.releases(code, indicator).values()
                     for p in values if p.year == year and p.month <= last})
    cutoffs = [start, *(Period(year, m) for m in months)]
    return sorted({*cutoffs, as_of})


Project = Callable[[str, str, Period], Projection]  # (region, indicator, cut-off)


def replay(data: Dataset, region: str, indicator: str, year: int,
           as_of: Period | str | None = None, project: Project | None = None) -> list[Step]:
    """The projection at every release of the year up to ``as_of`` (default: the latest
    data), oldest first; each step sees only the data published by its cut-off.
    ``project`` is the caller's (a ``forecast.Memo``), so that nothing is computed twice."""
    cut = engine.default_cutoff(data, year) if as_of is None else (
        as_of if isinstance(as_of, Period) else Period.parse(as_of))
    if project is None:
        def project(r: str, i: str, c: Period) -> Projection:
            return engine.project(data, r, i, year, c)
    steps: list[Step] = []
    for cutoff in release_cutoffs(data, region, indicator, year, cut):
        projection = project(region, indicator, cutoff)
        if not steps:
            steps.append(Step(cutoff, projection))
            continue
        before = steps[-1]
        news = _news(data, region, indicator, year, before, cutoff, project)
        moved = (projection.median - before.projection.median
                 if projection.known and before.projection.known else None)
        steps.append(Step(cutoff, projection, news, moved))
    return steps


def _news(data: Dataset, region: str, indicator: str, year: int, before: Step,
          cutoff: Period, project: Project) -> News | None:
    """The nearest region's figure published after the step before, year to date first, as
    the data stood at ``cutoff``."""
    chain = [r.code for r in data.catalog.chain(region)]
    view = data.as_of(cutoff)
    last = cutoff.month if cutoff.year == year else 0
    first = before.cutoff.month if before.cutoff.year == year else 0
    new = [(n, NEWS_MEASURES.index(measure), -p.month, territory, code, measure, value)
           for n, code in enumerate(chain)
           for (measure, territory), values in view.releases(code, indicator).items()
           if measure in NEWS_MEASURES
           for p, value in values.items() if p.year == year and first < p.month <= last]
    if not new:
        return None
    _, _, month, _, code, measure, value = min(new)  # nearest region, year to date, latest
    figure = Figure(code, indicator, str(Period(year, -month)), measure, float(value))
    previous = before.projection if code == region else \
        project(code, indicator, before.cutoff)
    return News(figure, previous.median if previous.known else None)
