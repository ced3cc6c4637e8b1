"""A ``Dataset`` as it stood at a cut-off (``Dataset.as_of``), and where each series' rows are.

A view holds no figure for a later period and no row published after the cut-off: earlier
years at their latest, the cut-off's year as first published. Building one is a single take
of the data's rows; a series is found through its data's series numbers (each figure's
series numbered once, a view keeping its data's), so that the engine's look-ups cost the
rows of the series looked up, not the whole table: a county's report reads the same few
series among two hundred counties as among six.
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


def view(data: Dataset, cut: Period) -> Dataset:
    """``data`` as of ``cut`` (``Dataset.as_of``, which keeps one view per cut-off)."""
    rows = data.rows
    year, month = rows["year"].to_numpy(), rows["month"].to_numpy()
    in_time = (year < cut.year) | ((year == cut.year) & (month <= cut.month))
    if data.kept is not None:
        in_time &= data.kept
    late = (rows["published"] > month_index(cut)).to_numpy()  # NaN: never late
    keep = in_time & ~late
    if (late & in_time).any():  # a figure revised after the cut-off: choose again
        usable = rows[keep & ~rows["suspect"].to_numpy()]
        first, this_conflicts, _ = resolve(usable, False, data.prefer)
        earlier, earlier_conflicts, _ = resolve(usable[usable["year"] < cut.year], True,
                                                data.prefer)
        this_year = first[first["year"] == cut.year]
        figures = pd.concat([earlier, this_year]).sort_values(KEY, kind="stable")
        this_conflicts = [c for c in this_conflicts if c.key[4] == cut.year]
        taken = None
    else:  # earlier years at their latest, the cut-off's year as first published
        earlier_conflicts = [c for c in data.conflicts if c.key[4] < cut.year
                             and c.key[3] not in TARGET_MEASURES]
        this_conflicts = [c for c in data.first_conflicts if c.key[4] == cut.year
                          and c.key[5] <= cut.month]
        figures, taken = _latest_then_first(data, cut)
        first = upto(data.first_release, cut)
    targets = [c for c in data.conflicts if c.key[3] in TARGET_MEASURES
               and c.key[4] <= cut.year]
    out = replace(
        data,
        kept=None if keep.all() else keep,
        figures=figures.reset_index(drop=True),
        first_release=first.reset_index(drop=True),
        targets=data.targets[data.targets["year"] <= cut.year],
        conflicts=tuple(sorted([*earlier_conflicts, *this_conflicts, *targets],
                               key=lambda c: c.key)),
        first_conflicts=tuple(c for c in data.first_conflicts
                              if Period(c.key[4], c.key[5]) <= cut),
        cutoff=cut,
    )
    if taken is not None:  # the view's series are its data's, fewer rows of them
        names, groups, before = _series(data)
        out._cache["series"] = (names, groups, taken if before is None else before[taken])
    return out


def _latest_then_first(data: Dataset, cut: Period) -> tuple[pd.DataFrame, np.ndarray]:
    """Earlier years' figures at their latest, the cut-off's year's as first published, in
    key order, in one take, and the rows taken. The figures and the first releases hold the
    same keys in the same order (both are resolved from the same rows and sorted by key), so
    row n of one is row n of the other."""
    if "both" not in data._cache:
        data._cache["both"] = pd.concat([data.figures, data.first_release],
                                        ignore_index=True)
    n = len(data.figures)
    year, month = data.figures["year"].to_numpy(), data.figures["month"].to_numpy()
    earlier = year < cut.year
    this = (year == cut.year) & (month <= cut.month)
    rows = np.flatnonzero(earlier | this)
    return data._cache["both"].take(np.where(this[rows], rows + n, rows)), rows


def series_rows(data: Dataset, key: tuple[str, str, str, str]) -> np.ndarray:
    """The rows of ``data.figures`` that hold the series ``key`` (region, indicator,
    measure, territory), in order."""
    names, groups, taken = _series(data)
    if key not in names:
        return np.empty(0, dtype=np.int64)
    rows = groups[names[key]]
    if taken is None:
        return rows
    at = np.searchsorted(taken, rows)  # a view: where its data's rows sit among those taken
    found = at < len(taken)
    found[found] = taken[at[found]] == rows[found]
    return at[found]


def _series(data: Dataset) -> tuple[dict[tuple, int], list[np.ndarray], np.ndarray | None]:
    """Each series (region, indicator, measure, territory) numbered and its rows, computed
    once: rows of ``data.figures``, or, for a view taken from its data's figures, rows of
    the data's figures and the rows the view took."""
    if "series" not in data._cache:
        f = data.figures
        combined = np.zeros(len(f), dtype=np.int64)
        for column in SERIES:
            codes, names = pd.factorize(f[column].to_numpy())
            combined = combined * (len(names) + 1) + codes
        codes, _ = pd.factorize(combined)
        order = np.argsort(codes, kind="stable")
        starts = np.flatnonzero(np.diff(codes[order])) + 1
        groups = np.split(order, starts) if len(order) else []
        first = [g[0] for g in groups]
        keys = zip(*(f[c].to_numpy()[first] for c in SERIES))
        data._cache["series"] = ({key: n for n, key in enumerate(keys)}, groups, None)
    return data._cache["series"]


def upto(frame: pd.DataFrame, cut: Period) -> pd.DataFrame:
    """The rows of ``frame`` for periods up to the cut-off."""
    return frame[(frame["year"] < cut.year)
                 | ((frame["year"] == cut.year) & (frame["month"] <= cut.month))]
