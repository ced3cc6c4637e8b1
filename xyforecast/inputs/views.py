"""A ``Dataset`` as it stood at a cut-off (``Dataset.as_of``), and where each series' rows are.

A view holds no figure for a later period and no row published after the cut-off: earlier
years at their latest, the cut-off's year as first published. A view is a list of row
numbers into its data's figures and first releases (``Source``); its own frames are taken
only when something reads them (``Dataset.figures``), and a series is found through its
data's series numbers, so the engine's look-ups cost the rows of the series looked up, not
the whole table: a county's report reads the same few series among two hundred counties as
among six.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from xyforecast.catalog import TARGET_MEASURES
from xyforecast.inputs.resolution import KEY, month_index, resolve
from xyforecast.periods import Period

if TYPE_CHECKING:
    from xyforecast.inputs.dataset import Dataset

SERIES = ["region", "indicator", "measure", "territory"]  # what names one series
LAZY = ("figures", "first_release")  # a view's frames, taken when first read
NUMBERS = ("year", "month", "value")


class Source:
    """The figures and first releases of a data set read in full (the two hold the same keys
    in the same order: row n of one is row n of the other; rows are numbered figures first,
    then first releases), their numeric columns and each series' rows, computed once and
    shared by all its views."""

    def __init__(self, figures: pd.DataFrame, first_release: pd.DataFrame):
        self.n = len(figures)
        self.figures, self.first_release = figures, first_release
        self.numbers = {name: np.concatenate([figures[name].to_numpy(),
                                              first_release[name].to_numpy()])
                        for name in NUMBERS}
        self._index: tuple[dict[tuple, int], list[np.ndarray]] | None = None
        self.kinds: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (measure, territory)

    def index(self) -> tuple[dict[tuple, int], list[np.ndarray]]:
        """Each series (region, indicator, measure, territory) numbered, and its rows."""
        if self._index is None:
            f = self.figures
            combined = np.zeros(self.n, dtype=np.int64)
            for column in SERIES:
                codes, names = pd.factorize(f[column].to_numpy())
                combined = combined * (len(names) + 1) + codes
            codes, _ = pd.factorize(combined)
            order = np.argsort(codes, kind="stable")
            groups = np.split(order, np.flatnonzero(np.diff(codes[order])) + 1) \
                if self.n else []
            keys = list(zip(*(f[c].to_numpy()[[g[0] for g in groups]] for c in SERIES)))
            self._index = {key: n for n, key in enumerate(keys)}, groups
            for region, indicator, measure, territory in keys:
                self.kinds.setdefault((region, indicator), []).append((measure, territory))
        return self._index


def source(data: Dataset) -> tuple[Source, np.ndarray | None, np.ndarray | None]:
    """Where ``data``'s figures are: a source, and for a view the rows it takes from the
    source (``taken``: rows of the figures; ``rows``: of figures then first releases)."""
    if "source" not in data._cache:
        data._cache["source"] = (Source(data.figures, data.first_release), None, None)
    return data._cache["source"]


def view(data: Dataset, cut: Period) -> Dataset:
    """``data`` as of ``cut`` (``Dataset.as_of``, which keeps one view per cut-off)."""
    rows = data.rows
    year, month = rows["year"].to_numpy(), rows["month"].to_numpy()
    in_time = (year < cut.year) | ((year == cut.year) & (month <= cut.month))
    if data.kept is not None:
        in_time &= data.kept
    late = (rows["published"] > month_index(cut)).to_numpy()  # NaN: never late
    keep = in_time & ~late
    targets = [c for c in data.conflicts if c.key[3] in TARGET_MEASURES
               and c.key[4] <= cut.year]
    common = dict(kept=None if keep.all() else keep,
                  targets=_targets_until(data.targets, cut.year),
                  first_conflicts=tuple(c for c in data.first_conflicts
                                        if Period(c.key[4], c.key[5]) <= cut),
                  cutoff=cut)
    if (late & in_time).any():  # a figure revised after the cut-off: choose again
        usable = rows[keep & ~rows["suspect"].to_numpy()]
        first, this_conflicts, _ = resolve(usable, False, data.prefer)
        earlier, earlier_conflicts, _ = resolve(usable[usable["year"] < cut.year], True,
                                                data.prefer)
        this_year = first[first["year"] == cut.year]
        figures = pd.concat([earlier, this_year]).sort_values(KEY, kind="stable")
        this_conflicts = [c for c in this_conflicts if c.key[4] == cut.year]
        return replace(data, figures=figures.reset_index(drop=True),
                       first_release=first.reset_index(drop=True),
                       conflicts=_sorted(earlier_conflicts, this_conflicts, targets), **common)
    earlier_conflicts = [c for c in data.conflicts if c.key[4] < cut.year
                         and c.key[3] not in TARGET_MEASURES]
    this_conflicts = [c for c in data.first_conflicts if c.key[4] == cut.year
                      and c.key[5] <= cut.month]
    out = replace(data, figures=None, first_release=None,
                  conflicts=_sorted(earlier_conflicts, this_conflicts, targets), **common)
    for name in LAZY:  # taken when first read: Dataset.__getattr__
        object.__delattr__(out, name)
    out._cache["source"] = _latest_then_first(data, cut)
    return out


def _targets_until(targets: pd.DataFrame, year: int) -> pd.DataFrame:
    """The targets of years up to ``year``: the same frame when that is all of them (a
    province's thousand target rows are copied for no view of the current year)."""
    early = (targets["year"] <= year).to_numpy()
    return targets if early.all() else targets[early]


def _sorted(*conflicts: list) -> tuple:
    return tuple(sorted([c for part in conflicts for c in part], key=lambda c: c.key))


def _latest_then_first(data: Dataset, cut: Period
                       ) -> tuple[Source, np.ndarray, np.ndarray]:
    """Earlier years' figures at their latest, the cut-off's year's as first published, in
    key order: the rows of ``data``'s source a view of it takes."""
    src, taken, rows = source(data)
    if taken is None:  # the data read in full: its rows are the figures' (no copy)
        year, month = src.numbers["year"][:src.n], src.numbers["month"][:src.n]
    else:
        year, month = src.numbers["year"][taken], src.numbers["month"][taken]
    this = (year == cut.year) & (month <= cut.month)
    kept = np.flatnonzero((year < cut.year) | this)
    if taken is None:
        return src, kept, np.where(this[kept], kept + src.n, kept)
    return src, taken[kept], np.where(this[kept], taken[kept] + src.n, rows[kept])


def frame(data: Dataset, name: str) -> pd.DataFrame:
    """A view's figures (``rows`` of its source) or first releases (the same keys' first
    release), taken when first read."""
    src, taken, rows = data._cache["source"]
    if name == "first_release":
        return src.first_release.take(taken).reset_index(drop=True)
    first = rows >= src.n  # this year's figures, as first published
    if not first.any():
        return src.figures.take(rows).reset_index(drop=True)
    parts = pd.concat([src.figures.take(rows[~first]),
                       src.first_release.take(rows[first] - src.n)], ignore_index=True)
    order = np.concatenate([np.flatnonzero(~first), np.flatnonzero(first)])
    return parts.take(np.argsort(order, kind="stable")).reset_index(drop=True)


def series_rows(data: Dataset, key: tuple[str, str, str, str]) -> np.ndarray:
    """The rows of ``data``'s source holding its figures of the series ``key`` (region,
    indicator, measure, territory), in period order."""
    src = source(data)[0]
    names, groups = src.index()
    if key not in names:
        return np.empty(0, dtype=np.int64)
    return _viewed(data, groups[names[key]])[1]


def _viewed(data: Dataset, found: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
    """Which of the source rows ``found`` (of ``data``'s data read in full) ``data`` holds
    (None: all of them), and the rows of ``data``'s source they are."""
    _, taken, rows = source(data)
    if taken is None:
        return None, found
    at = np.searchsorted(taken, found)  # a view: where its data's rows sit among those taken
    hit = at < len(taken)
    hit[hit] = taken[at[hit]] == found[hit]
    return hit, rows[at[hit]]


def kinds(data: Dataset, region: str, indicator: str) -> list[tuple[str, str]]:
    """The (measure, territory) of every series of ``region``'s ``indicator`` in ``data``'s
    source (a view may hold no figure of some of them)."""
    src = source(data)[0]
    src.index()
    return src.kinds.get((region, indicator), [])


def across(data: Dataset, regions: list[str], indicator: str, measure: str = "growth_pct"
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every figure of the regions' series: which region (its place in ``regions``), its
    period as a month number (year × 12 + month − 1) and its value, as arrays."""
    key = ("across", tuple(regions), indicator, measure)
    if key not in data._cache:  # a report asks for its siblings' figures thrice
        names, groups = source(data)[0].index()
        none = np.empty(0, dtype=np.int64)
        found = [groups[names[k]] if (k := (code, indicator, measure, "")) in names else none
                 for code in regions]  # the series of two hundred regions: one look-up
        which = np.repeat(np.arange(len(regions)), [len(f) for f in found])
        hit, rows = _viewed(data, np.concatenate(found) if found else none)
        which = which if hit is None else which[hit]
        n = numbers(data)
        data._cache[key] = (which, n["year"][rows].astype(np.int64) * 12 + n["month"][rows] - 1,
                            n["value"][rows])
    return data._cache[key]


def numbers(data: Dataset) -> dict[str, np.ndarray]:
    """The year, month and value columns of ``data``'s source (index with ``series_rows``)."""
    return source(data)[0].numbers


def latest(data: Dataset, year: int | None = None) -> Period | None:
    """The latest period of any figure (within a year), without taking a view's frames."""
    src, _, rows = source(data)
    at = slice(0, src.n) if rows is None else rows
    years, months = src.numbers["year"][at], src.numbers["month"][at]
    if year is not None:
        months = months[years == year]
        years = years[years == year]
    if not len(years):
        return None
    top = int(np.max(years.astype(np.int64) * 12 + months - 1))
    return Period(top // 12, top % 12 + 1)
