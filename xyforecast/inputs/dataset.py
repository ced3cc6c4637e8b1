"""Load the figures: files -> one tidy, validated frame, resolved by a stated rule.

Every row keeps the file and line (or cell) it came from. Several sources may report one
figure; the rule in ``resolution`` picks one and every disagreement is kept as a
``Conflict`` so the user sees it. ``Dataset.as_of`` is the only way models see data:
nothing after the cut-off, and the cut-off year's figures as known at the cut-off.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from xyforecast import config
from xyforecast.catalog import OBSERVATION_MEASURES, TARGET_MEASURES, Catalog
from xyforecast.errors import DataError, Problem
from xyforecast.inputs.files import local_files
from xyforecast.inputs.provenance import InputFile, shown_path
from xyforecast.inputs.readers import read_table
from xyforecast.inputs.resolution import KEY, Conflict, month_index, resolve
from xyforecast.inputs.table import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from xyforecast.inputs.validation import (
    LEVEL_FACTOR,
    PLAUSIBLE_GROWTH,
    QUALIFIERS,
    TERRITORIES,
    VINTAGE_RANK,
    Check,
    odd_levels,
    validate,
)
from xyforecast.periods import Period

__all__ = ["KEY", "LEVEL_FACTOR", "OBSERVATION_MEASURES", "OPTIONAL_COLUMNS", "PLAUSIBLE_GROWTH",
           "QUALIFIERS", "REQUIRED_COLUMNS", "TARGET_MEASURES", "TERRITORIES", "VINTAGE_RANK",
           "Conflict", "Dataset", "default_data_dir", "load", "load_files", "resolve"]

# The shipped files, read in this order (data/README.md describes each).
SHIPPED = ("observations.csv", "targets.csv", "henan/observations.csv", "henan/targets.csv")
REQUIRED_SHIPPED = ("observations.csv", "targets.csv")  # a data folder may lack henan/
# Rows whose note, or whose ``flag`` column, says ``suspect:`` (data/henan/README.md: probably
# nominal growth, a repeated value, a level change; data/README.md: a row whose shared note
# doubts its own basis) stay visible but never feed a model.
SUSPECT = "suspect:"
_COLUMNS = ["region", "indicator", "period", "year", "month", "measure", "value", "decimals",
            "unit", "source", "note", "vintage", "released", "territory", "qualifier", "upper",
            "stretch", "flag", "file",
            "line", "where", "origin", "published"]


def default_data_dir() -> Path:
    """The data folder (``config.data_dir``: ``$XYFORECAST_DATA``, else the checkout's)."""
    return config.data_dir()


@dataclass(frozen=True)
class Dataset:
    """Validated observations and targets, optionally cut off at a period (no look-ahead)."""

    catalog: Catalog
    observations: pd.DataFrame  # every row, as read, with file and line
    figures: pd.DataFrame  # one resolved value per region/indicator/territory/measure/period
    first_release: pd.DataFrame  # the same, choosing the earliest vintage (what was seen first)
    targets: pd.DataFrame
    conflicts: tuple[Conflict, ...] = ()
    warnings: tuple[Problem, ...] = ()
    files: tuple[str, ...] = ()
    sha256: str = ""
    data_dir: Path | None = None  # the folder of the shipped files (henan/ tables live there)
    cutoff: Period | None = None
    inputs: tuple[InputFile, ...] = ()  # every file read: where, fingerprint, rows
    skipped: tuple[Problem, ...] = ()  # files of data/local/ not read, and why
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def revisions(self) -> tuple[Conflict, ...]:
        """Figures of the user's that a later publication replaced."""
        return tuple(c for c in self.conflicts if c.is_revision)

    def as_of(self, period: Period | str) -> Dataset:
        """The data as it stood at ``period``: no figure for a later period survives, and the
        cut-off year's figures are those known at the cut-off (the latest published by then,
        else the first published: revisions came out later)."""
        cut = period if isinstance(period, Period) else Period.parse(period)
        views = self._cache.setdefault("as_of", {})
        if cut not in views:  # the engine asks for the same cut-off once per indicator
            views[cut] = self._view(cut)
        return views[cut]

    def _view(self, cut: Period) -> Dataset:
        keep = _not_after(cut)
        earlier = self.figures[self.figures["year"] < cut.year]
        usable = self.observations[~self.observations["suspect"]]
        this = usable[(usable["year"] == cut.year) & keep(usable)]
        if (this["origin"] == "user").any():
            this_year, _ = resolve(this.reset_index(drop=True), latest=False, cut=cut)
        else:  # shipped figures only: as first published, computed once
            this_year = self.first_release[(self.first_release["year"] == cut.year)
                                           & keep(self.first_release)]
        figures = pd.concat([earlier, this_year]).sort_values(KEY).reset_index(drop=True)
        known = month_index(cut)
        return replace(
            self,
            observations=self.observations[keep(self.observations)],
            figures=figures,
            first_release=self.first_release[keep(self.first_release)],
            targets=self.targets[self.targets["year"] <= cut.year],
            conflicts=tuple(c for c in self.conflicts if Period(*c.key[-2:]) <= cut
                            and not c.kept["published"] > known),
            cutoff=cut,
        )

    def series(self, region: str, indicator: str, measure: str = "growth_pct",
               territory: str = "") -> pd.Series:
        """Resolved values indexed by Period, oldest first."""
        key = (region, indicator, measure, territory)
        cache = self._cache.setdefault("series", {})
        if key not in cache:
            found = self.values(*key)
            cache[key] = pd.Series(list(found.values()), index=list(found), name=indicator,
                                   dtype=float)
        return cache[key].copy()

    def values(self, region: str, indicator: str, measure: str = "growth_pct",
               territory: str = "") -> dict[Period, float]:
        """The same as a plain dict, oldest first (the engine's fast path)."""
        return self._index().get((region, indicator, measure, territory), {})

    def _index(self) -> dict[tuple[str, str, str, str], dict[Period, float]]:
        """Every series, split once in plain Python: a look-up then costs the rows of that
        series, not the whole table (a province of 200 counties is looked up region by
        region), and a cut-off view is cheap to build (the backtest makes hundreds)."""
        if "index" not in self._cache:
            f = self.figures
            rows: dict[tuple[str, str, str, str], list[tuple[Period, float]]] = {}
            for key in zip(*(f[c].tolist() for c in ("region", "indicator", "measure",
                                                     "territory", "year", "month", "value"))):
                rows.setdefault(key[:4], []).append((Period(int(key[4]), int(key[5])),
                                                     float(key[6])))
            self._cache["index"] = {k: dict(sorted(v)) for k, v in rows.items()}
        return self._cache["index"]

    def annual(self, region: str, indicator: str, measure: str = "growth_pct") -> pd.Series:
        """Full-year values indexed by year."""
        s = self.series(region, indicator, measure)
        s = s[[p.month == 12 for p in s.index]]
        s.index = [p.year for p in s.index]
        return s

    def year_to_date(self, region: str, indicator: str, year: int,
                     measure: str = "growth_pct") -> pd.Series:
        """This year's cumulative figures indexed by month (12 = the full year)."""
        s = self.series(region, indicator, measure)
        s = s[[p.year == year for p in s.index]]
        s.index = [p.month for p in s.index]
        return s

    def latest(self, region: str | None = None, year: int | None = None) -> Period | None:
        """The latest period with any figure (for a region, within a year)."""
        f = self.figures
        if region is not None:
            f = f[f["region"] == region]
        if year is not None:
            f = f[f["year"] == year]
        if f.empty:
            return None
        top = f.sort_values(["year", "month"]).iloc[-1]
        return Period(int(top["year"]), int(top["month"]))


def _not_after(cut: Period):
    return lambda frame: (frame["year"] < cut.year) | (
        (frame["year"] == cut.year) & (frame["month"] <= cut.month))


def load(data_dir: Path | None = None, extra: Sequence[Path] = (), *,
         today: date | None = None) -> Dataset:
    """Shipped data, then ``data/local/`` and ``extra`` files (the user's own figures) on top.

    Raises DataError listing every problem in every file; nothing is partly loaded."""
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    catalog = Catalog.load(data_dir)
    shipped = [data_dir / name for name in SHIPPED
               if name in REQUIRED_SHIPPED or (data_dir / name).is_file()]
    local, skipped = local_files(data_dir / "local")
    data = load_files(catalog, shipped, [*local, *(Path(p) for p in extra)], today=today,
                      local=local)
    notes = tuple(Problem(str(path), None, why, "note") for path, why in skipped)
    return replace(data, skipped=notes, data_dir=data_dir)


def load_files(catalog: Catalog, shipped: Iterable[Path], user: Iterable[Path] = (), *,
               today: date | None = None, local: Iterable[Path] = ()) -> Dataset:
    """Read, validate and resolve ``shipped`` files, then the ``user``'s own (read in the
    order of their names, each once, so the order they are given in never matters)."""
    check = Check(catalog, today or date.today())
    records: list[dict[str, Any]] = []
    digest = hashlib.sha256()
    inputs: list[InputFile] = []
    in_local = {_identity(p) for p in local}
    user_files = sorted({_identity(p): Path(p) for p in user}.values(), key=str)
    for origin, paths in (("shipped", list(shipped)), ("user", user_files)):
        for path in paths:
            table = read_table(Path(path), catalog)
            check.problems.extend(table.problems)
            rows = validate(table, check, origin) if table.ok or table.rows else []
            _publication(rows, origin)
            records.extend(rows)
            digest.update(table.sha256.encode())
            inputs.append(InputFile(str(path), shown_path(Path(path)), table.sha256, len(rows),
                                    origin, _identity(path) in in_local, table.layout))
    check.problems.extend(odd_levels(records))
    # one file after another, each in line order, as a person reads them
    order = {path: n for n, path in enumerate(dict.fromkeys(p.path for p in check.problems))}
    check.problems.sort(key=lambda p: (order[p.path], p.line or 0))
    if any(p.severity == "error" for p in check.problems):
        raise DataError(check.problems)
    frame = pd.DataFrame.from_records(records, columns=_COLUMNS)
    frame["published"] = frame["published"].astype(float)
    is_target = frame["measure"].isin(TARGET_MEASURES)
    frame["suspect"] = frame["note"].str.contains(SUSPECT, regex=False) | \
        frame["flag"].str.contains(SUSPECT, regex=False)
    observations = frame[~is_target].reset_index(drop=True)
    usable = observations[~observations["suspect"]].reset_index(drop=True)
    figures, conflicts = resolve(usable)
    first_release, _ = resolve(usable, latest=False)
    targets, target_conflicts = resolve(frame[is_target & ~frame["suspect"]].reset_index(drop=True))
    warnings = tuple(p for p in check.problems if p.severity != "error")
    return Dataset(catalog, observations, figures, first_release, targets,
                   tuple(conflicts + target_conflicts), warnings,
                   tuple(f.path for f in inputs), digest.hexdigest(), inputs=tuple(inputs))


def _identity(path: Path | str) -> str:
    """One name per file, however it is given (relative, absolute, through a link)."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return str(path)


def _publication(rows: list[dict[str, Any]], origin: str) -> None:
    """When each figure counts as published, as a cut-off (a month index): a release date
    in month M counts from cut-off M−1; a user's file without one, from the latest period
    of its own figures (not its targets: those are set before the year). Shipped figures
    without a date have none (NaN)."""
    latest = max((r["year"] * 12 + r["month"] - 1 for r in rows
                  if r["measure"] in OBSERVATION_MEASURES), default=float("nan"))
    for r in rows:
        if r["released"]:
            year, month = int(r["released"][:4]), int(r["released"][5:7])
            r["published"] = year * 12 + month - 2
        else:
            r["published"] = latest if origin == "user" else float("nan")
