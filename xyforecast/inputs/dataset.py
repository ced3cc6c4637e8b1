"""Load the figures: files -> one tidy, validated frame, resolved by a stated rule.

Every row keeps the file and line (or cell) it came from. Several sources may report one
figure; the rule in ``resolution`` picks one, every disagreement is kept as a ``Conflict``
so the user sees it, and one the rule cannot settle stops the command. ``Dataset.as_of`` is
the only way models see data: no figure for a later period and no row published after the
cut-off survive, and the cut-off year's figures are those known at the cut-off.

A validated result is kept in the cache (``inputs/cache.py``) under the sha256 of its
inputs, so that a second command with the same files validates nothing.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xyforecast import config
from xyforecast.catalog import OBSERVATION_MEASURES, TARGET_MEASURES, Catalog
from xyforecast.errors import DataError, Problem, UsageError
from xyforecast.i18n import Msg
from xyforecast.inputs import cache
from xyforecast.inputs import views as views_of
from xyforecast.inputs.cells import VINTAGE_RANK
from xyforecast.inputs.derived import derive, disagreements
from xyforecast.inputs.files import local_files, read_bytes
from xyforecast.inputs.plausibility import LEVEL_FACTOR, falling_levels, month_levels, odd_levels
from xyforecast.inputs.provenance import InputFile, shown_path
from xyforecast.inputs.publication import published
from xyforecast.inputs.readers import read_table
from xyforecast.inputs.resolution import KEY, Conflict, resolve, resolve_both
from xyforecast.inputs.table import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from xyforecast.inputs.validation import (
    PLAUSIBLE_GROWTH,
    QUALIFIERS,
    RECORD,
    TERRITORIES,
    Check,
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


def default_data_dir() -> Path:
    """The data folder (``config.data_dir``: ``$XYFORECAST_DATA``, else the checkout's)."""
    return config.data_dir()


@dataclass(frozen=True)
class Dataset:
    """Validated observations and targets, optionally cut off at a period (no look-ahead)."""

    catalog: Catalog
    rows: pd.DataFrame  # every row, as read (and derived), with file and line
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
    prefer: tuple[str, ...] = ()  # files chosen with --prefer (as in the ``file`` column)
    first_conflicts: tuple[Conflict, ...] = ()  # the conflicts of ``first_release``
    kept: np.ndarray | None = field(default=None, repr=False, compare=False)  # a view's rows
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __getattr__(self, name: str) -> Any:
        """A view's figures and first releases, taken from its data's when first read: a
        report reads a few series at each cut-off, not a province's every row."""
        if name in views_of.LAZY:
            value = views_of.frame(self, name)
            object.__setattr__(self, name, value)
            return value
        raise AttributeError(name)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with its frames, without the rows it shares with its data."""
        for name in views_of.LAZY:
            getattr(self, name)
        cache = {k: v for k, v in self._cache.items() if k != "source"}
        return {**self.__dict__, "_cache": cache}

    @property
    def observations(self) -> pd.DataFrame:
        """Every row as read (and derived), with file and line; in a view, those of periods
        up to its cut-off and published by then (taken when first asked for: the engine
        reads the figures, and a province's rows are a hundred thousand)."""
        if self.kept is None:
            return self.rows
        if "observations" not in self._cache:
            self._cache["observations"] = self.rows[self.kept]
        return self._cache["observations"]

    @property
    def revisions(self) -> tuple[Conflict, ...]:
        """Figures of the user's that a later publication replaced."""
        return tuple(c for c in self.conflicts if c.is_revision)

    def as_of(self, period: Period | str) -> Dataset:
        """The data as it stood at ``period``: no figure for a later period and no row
        published after it survive (a revision of 1–6月 published with the 1–9月 table does
        not exist as of 1–6月), and the cut-off year's figures are those known then (the
        latest published by then; for undated shipped figures, the first vintage)."""
        cut = period if isinstance(period, Period) else Period.parse(period)
        views = self._cache.setdefault("as_of", {})
        if cut not in views:  # the engine asks for the same cut-off once per indicator
            views[cut] = views_of.view(self, cut)
        return views[cut]

    def series(self, region: str, indicator: str, measure: str = "growth_pct",
               territory: str = "") -> pd.Series:
        """Resolved values indexed by Period, oldest first."""
        found = self.values(region, indicator, measure, territory)
        return pd.Series(list(found.values()), index=list(found), name=indicator, dtype=float)

    def values(self, region: str, indicator: str, measure: str = "growth_pct",
               territory: str = "") -> dict[Period, float]:
        """The same as a plain dict, oldest first (the engine's fast path). Each figure's
        series is numbered once (and a view keeps its data's numbers), and a series is built
        when first asked for: a province of 200 counties costs the series looked up, not the
        whole table."""
        key = (region, indicator, measure, territory)
        built = self._cache.setdefault("values", {})
        if key not in built:
            rows = views_of.series_rows(self, key)
            year, month, value = views_of.numbers(self).values()
            built[key] = dict(sorted((Period(int(year[n]), int(month[n])), float(value[n]))
                                     for n in rows))
        return built[key]

    def releases(self, region: str, indicator: str) -> dict[tuple[str, str], dict[Period, float]]:
        """Every series of a region's indicator, by (measure, territory): what was published
        of it (the movement's news), without reading the other regions' rows."""
        found = {(m, t): self.values(region, indicator, m, t)
                 for m, t in views_of.kinds(self, region, indicator)}
        return {kind: values for kind, values in found.items() if values}

    def shared_period(self, regions: Sequence[str], indicator: str, least: int = 2
                      ) -> Period | None:
        """The latest period for which at least ``least`` of the regions have a growth
        figure (a comparison among siblings: two hundred of them cost arrays, not dicts)."""
        _, at, _ = views_of.across(self, list(regions), indicator)
        periods, counts = np.unique(at, return_counts=True)
        enough = periods[counts >= least]
        return Period(int(enough[-1]) // 12, int(enough[-1]) % 12 + 1) if len(enough) else None

    def values_at(self, regions: Sequence[str], indicator: str, period: Period
                  ) -> dict[str, float]:
        """The regions' growth figures for one period (those that have one)."""
        which, at, value = views_of.across(self, list(regions), indicator)
        hit = np.flatnonzero(at == period.year * 12 + period.month - 1)
        return {regions[int(which[n])]: float(value[n]) for n in hit}

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
        if region is None:
            return views_of.latest(self, year)
        f = self.figures
        f = f[f["region"] == region]
        if year is not None:
            f = f[f["year"] == year]
        if f.empty:
            return None
        top = f.sort_values(["year", "month"]).iloc[-1]
        return Period(int(top["year"]), int(top["month"]))


def load(data_dir: Path | None = None, extra: Sequence[Path] = (), *,
         today: date | None = None, prefer: Sequence[Path | str] = ()) -> Dataset:
    """Shipped data, then ``data/local/`` and ``extra`` files (the user's own figures) on top;
    ``prefer``: files whose figures win where the rule cannot choose (``--prefer``).

    Raises DataError listing every problem in every file; nothing is partly loaded."""
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    catalog = Catalog.load(data_dir)
    shipped = [data_dir / name for name in SHIPPED
               if name in REQUIRED_SHIPPED or (data_dir / name).is_file()]
    local, skipped = local_files(data_dir / "local")
    data = load_files(catalog, shipped, [*local, *(Path(p) for p in extra)], today=today,
                      local=local, prefer=prefer)
    notes = tuple(Problem(str(path), None, why, "note") for path, why in skipped)
    return replace(data, skipped=notes, data_dir=data_dir)


def load_files(catalog: Catalog, shipped: Iterable[Path], user: Iterable[Path] = (), *,
               today: date | None = None, local: Iterable[Path] = (),
               prefer: Sequence[Path | str] = ()) -> Dataset:
    """Read, validate and resolve ``shipped`` files, then the ``user``'s own (read in the
    order of their names, each once, so the order they are given in never matters); from
    the cache when the same inputs were validated before."""
    with paused_collector():
        return _load_or_cached(catalog, shipped, user, today or date.today(), local, prefer)


@contextlib.contextmanager
def paused_collector() -> Iterator[None]:
    """Reading a province's rows builds a million small containers, none of them part of a
    cycle; the cyclic collector would walk them all again and again (a fifth of the time).
    It is paused while they are built, and runs as usual afterwards (``Forecast.build``
    pauses it too: its full collections walk the whole data set loaded)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_or_cached(catalog: Catalog, shipped: Iterable[Path], user: Iterable[Path],
                    today: date, local: Iterable[Path], prefer: Sequence[Path | str]
                    ) -> Dataset:
    in_local = {_identity(p) for p in local}
    user_files = sorted({_identity(p): Path(p) for p in user}.values(), key=str)
    paths = [("shipped", Path(p)) for p in shipped] + [("user", p) for p in user_files]
    chosen = _preferred(prefer, [p for _, p in paths], user_files)
    name = _cache_key(catalog, paths, in_local, today, chosen)
    found = cache.get(name) if name else None
    if isinstance(found, Dataset) and found.files == tuple(str(p) for _, p in paths):
        return found
    data = _load(catalog, paths, in_local, today, chosen)
    if name:
        cache.put(name, replace(data))  # replace(): without the cached look-ups
    return data


def _load(catalog: Catalog, paths: list[tuple[str, Path]], in_local: set[str], today: date,
          prefer: tuple[str, ...]) -> Dataset:
    check = Check(catalog, today)
    frames: list[pd.DataFrame] = []
    digest = hashlib.sha256()
    inputs: list[InputFile] = []
    for origin, path in paths:
        rows, read = _read(catalog, path, origin, check, _identity(path) in in_local)
        if len(rows):
            frames.append(rows)
        digest.update(read.sha256.encode())
        inputs.append(read)
    frame = (pd.concat(frames, ignore_index=True) if frames
             else pd.DataFrame(columns=RECORD)).astype({"line": int})
    check.problems.extend(odd_levels(frame))
    _raise_errors(check.problems)
    frame["published"] = published(frame)
    frame = pd.concat([frame, derive(frame, catalog)], ignore_index=True)
    is_target = frame["measure"].isin(TARGET_MEASURES)
    frame["suspect"] = frame["note"].str.contains(SUSPECT, regex=False) | \
        frame["flag"].str.contains(SUSPECT, regex=False)
    observations = frame[~is_target].reset_index(drop=True)
    usable = observations[~observations["suspect"]].reset_index(drop=True)
    (figures, conflicts, undecided), (first_release, first_conflicts, _) = resolve_both(
        usable, prefer)
    targets, target_conflicts, undecided_targets = resolve(
        frame[is_target & ~frame["suspect"]].reset_index(drop=True), True, prefer)
    refused = [u.problem for u in [*undecided, *undecided_targets]]
    plausible = [*disagreements(observations, figures, catalog), *falling_levels(figures),
                 *month_levels(figures, catalog)]
    problems = _in_file_order([*check.problems, *refused, *plausible])
    _raise_errors(problems)
    warnings = tuple(p for p in problems if p.severity != "error")
    return Dataset(catalog, observations, figures, first_release, targets,
                   tuple(conflicts + target_conflicts), warnings,
                   tuple(f.path for f in inputs), digest.hexdigest(), inputs=tuple(inputs),
                   prefer=prefer, first_conflicts=tuple(first_conflicts))


def _read(catalog: Catalog, path: Path, origin: str, check: Check, local: bool
          ) -> tuple[pd.DataFrame, InputFile]:
    """One file's validated rows and what the summary says of it (the file's cells are
    dropped when this returns: a province's file holds a hundred megabytes of them)."""
    table = read_table(path, catalog)
    check.problems.extend(table.problems)
    rows = (validate(table, check, origin) if table.ok or table.rows
            else pd.DataFrame(columns=RECORD))
    return rows, InputFile(str(path), shown_path(path), table.sha256, len(rows), origin,
                           local, table.layout)


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    """One file after another, each in line order, as a person reads them."""
    order = {path: n for n, path in enumerate(dict.fromkeys(p.path for p in problems))}
    return sorted(problems, key=lambda p: (order[p.path], p.line or 0))


def _raise_errors(problems: list[Problem]) -> None:
    if any(p.severity == "error" for p in problems):
        raise DataError(_in_file_order(problems))


def _preferred(prefer: Sequence[Path | str], read: list[Path], mine: list[Path]
               ) -> tuple[str, ...]:
    """The files named with ``--prefer``, as the rows name them: the same file however it
    is written, or the name of exactly one file read."""
    by_identity = {_identity(p): str(p) for p in read}
    chosen = []
    for wanted in prefer:
        match = by_identity.get(_identity(wanted))
        if match is None:
            named = [str(p) for p in read if p.name == Path(wanted).name]
            if len(named) > 1:
                raise UsageError(Msg.of("inputs.prefer_ambiguous", name=str(wanted),
                                        files=named))
            if not named:
                raise UsageError(Msg.of("inputs.prefer_unknown", path=str(wanted),
                                        files=[p.name for p in mine] or ["—"]))
            match = named[0]
        chosen.append(match)
    return tuple(sorted(set(chosen)))


def _cache_key(catalog: Catalog, paths: list[tuple[str, Path]], in_local: set[str],
               today: date, prefer: tuple[str, ...]) -> str | None:
    """The cache entry of these inputs: None when the cache is off or a file cannot be read
    (then reading it says why)."""
    if cache.folder() is None:
        return None
    parts = [today.isoformat(), hashlib.sha256(pickle.dumps(catalog, protocol=4)).hexdigest(),
             *prefer]
    for origin, path in paths:
        raw, _ = read_bytes(path)
        if raw is None:
            return None
        parts += [origin, str(path), str(_identity(path) in in_local),
                  hashlib.sha256(raw).hexdigest()]
    return cache.key(parts)


def _identity(path: Path | str) -> str:
    """One name per file, however it is given (relative, absolute, through a link)."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return str(path)
