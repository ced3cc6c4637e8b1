"""Load, validate and resolve the figures: files -> one tidy, validated frame.

Every row keeps the file and line it came from. Several sources may report one figure; the
rule in ``data/README.md`` picks one and every disagreement is kept as a ``Conflict`` so the
user sees it. ``Dataset.as_of`` is the only way models see data: nothing after the cut-off,
and the cut-off year's figures as first published (their revisions came later).
"""

from __future__ import annotations

import hashlib
import math
import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from xyforecast import config
from xyforecast.catalog import Catalog
from xyforecast.errors import DataError, Problem
from xyforecast.inputs.readers import Table, read_table
from xyforecast.periods import Period

OBSERVATION_MEASURES = ("growth_pct", "level", "month_growth_pct")
TARGET_MEASURES = ("target_growth_pct", "target_level")
REQUIRED_COLUMNS = ("region", "indicator", "period", "measure", "value", "unit", "source")
OPTIONAL_COLUMNS = ("note", "vintage", "territory", "qualifier")
# Later vintages win: the bureau's current database, final verification (最终核实), first
# verification (初步核实), unstated, preliminary accounting (初步核算) or estimates.
VINTAGE_RANK = {"current": 4, "final": 3, "verified": 2, "": 1, "preliminary": 0}
VINTAGE_ALIASES = {"最终核实": "final", "初步核实": "verified", "初步核算": "preliminary",
                   "revised": "final", "预计": "preliminary"}
TERRITORIES = ("", "civil", "managed")
TERRITORY_ALIASES = {"民政口径": "civil", "管理口径": "managed"}
QUALIFIERS = ("about", "at_least", "at_most", "none")
QUALIFIER_ALIASES = {"左右": "about", "以上": "at_least", "不低于": "at_least", "突破": "at_least",
                     "以下": "at_most", "以内": "at_most", "不超过": "at_most", "": "none"}
PLAUSIBLE_GROWTH = (-50.0, 60.0)  # outside this a growth figure is flagged for a second look
# A level this many times off the median of its series' levels within a year either side is
# flagged: a unit slip (万元 for 亿元) or a growth rate typed as a level. The shipped data's
# widest honest spread (China's January-February investment against the full year) is 8.3.
LEVEL_FACTOR = 20.0
KEY = ["region", "indicator", "territory", "measure", "year", "month"]
# The shipped files, read in this order (data/README.md describes each).
SHIPPED = ("observations.csv", "targets.csv", "henan/observations.csv", "henan/targets.csv")
REQUIRED_SHIPPED = ("observations.csv", "targets.csv")  # a data folder may lack henan/
# Rows whose note flags them (data/henan/README.md: probably nominal growth, a repeated value,
# a level change) stay visible but never feed a model.
SUSPECT = "suspect:"
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$", re.ASCII)
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
_NON_FINITE = re.compile(r"^[+-]?(inf|infinity|nan)$", re.IGNORECASE)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))  # from web pages


def default_data_dir() -> Path:
    """The data folder (``config.data_dir``: ``$XYFORECAST_DATA``, else the checkout's)."""
    return config.data_dir()


@dataclass(frozen=True)
class Conflict:
    """Sources that disagree on one figure, and which one the resolution rule kept."""

    key: tuple
    kept: dict[str, Any]
    others: tuple[dict[str, Any], ...]
    reason: str

    def __str__(self) -> str:
        region, indicator, territory, measure, year, month = self.key
        period = year if month == 12 and measure != "month_growth_pct" else Period(year, month)
        what = f"{region} {indicator} {period} {measure}" + (f" ({territory})" if territory else "")
        rest = ", ".join(f"{_fmt(o)} (line {o['line']})" for o in self.others)
        return f"{what}: sources differ; kept {_fmt(self.kept)} over {rest}: {self.reason}"

    @property
    def problem(self) -> Problem:
        return Problem(self.kept["file"], int(self.kept["line"]), str(self), "note")


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
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def as_of(self, period: Period | str) -> Dataset:
        """The data as it stood at ``period``: no figure for a later period survives, and the
        cut-off year's figures are taken as first published (revisions came out later)."""
        cut = period if isinstance(period, Period) else Period.parse(period)
        keep = _not_after(cut)
        earlier = self.figures[self.figures["year"] < cut.year]
        this_year = self.first_release[(self.first_release["year"] == cut.year)
                                       & keep(self.first_release)]
        figures = pd.concat([earlier, this_year]).sort_values(KEY).reset_index(drop=True)
        return replace(
            self,
            observations=self.observations[keep(self.observations)],
            figures=figures,
            first_release=self.first_release[keep(self.first_release)],
            targets=self.targets[self.targets["year"] <= cut.year],
            conflicts=tuple(c for c in self.conflicts if Period(*c.key[-2:]) <= cut),
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
            for key in zip(f["region"], f["indicator"], f["measure"], f["territory"],
                           f["year"], f["month"], f["value"]):
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


@dataclass
class _Check:
    """Collects the problems of one file while its rows are validated."""

    catalog: Catalog
    today: date
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int | None, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(path, line, message, severity))  # type: ignore[arg-type]


def load(data_dir: Path | None = None, extra: Sequence[Path] = (), *,
         today: date | None = None) -> Dataset:
    """Shipped data, then ``data/local/`` and ``extra`` files (the user's own figures) on top.

    Raises DataError listing every problem in every file; nothing is partly loaded.
    """
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    catalog = Catalog.load(data_dir)
    shipped = [data_dir / name for name in SHIPPED
               if name in REQUIRED_SHIPPED or (data_dir / name).is_file()]
    local = sorted(p for p in (data_dir / "local").glob("*")
                   if p.suffix.lower() in (".csv", ".xlsx") and not p.name.startswith(("~", ".")))
    user = [*local, *(Path(p) for p in extra)]
    return replace(load_files(catalog, shipped, user, today=today), data_dir=data_dir)


def load_files(catalog: Catalog, shipped: Iterable[Path], user: Iterable[Path] = (), *,
               today: date | None = None) -> Dataset:
    check = _Check(catalog, today or date.today())
    records: list[dict[str, Any]] = []
    digest = hashlib.sha256()
    files = []
    for origin, paths in (("shipped", shipped), ("user", user)):
        for path in paths:
            table = read_table(Path(path))
            check.problems.extend(table.problems)
            records.extend(validate(table, check, origin))
            files.append(str(path))
            if Path(path).is_file():
                digest.update(Path(path).read_bytes())
    check.problems.extend(_odd_levels(records))
    # one file after another, each in line order, as a person reads them
    order = {path: n for n, path in enumerate(dict.fromkeys(p.path for p in check.problems))}
    check.problems.sort(key=lambda p: (order[p.path], p.line or 0))
    if any(p.severity == "error" for p in check.problems):
        raise DataError(check.problems)
    frame = pd.DataFrame.from_records(records, columns=_COLUMNS)
    is_target = frame["measure"].isin(TARGET_MEASURES)
    frame["suspect"] = frame["note"].str.contains(SUSPECT, regex=False)
    observations = frame[~is_target].reset_index(drop=True)
    usable = observations[~observations["suspect"]].reset_index(drop=True)
    figures, conflicts = resolve(usable)
    first_release, _ = resolve(usable, latest=False)
    targets, target_conflicts = resolve(frame[is_target & ~frame["suspect"]].reset_index(drop=True))
    warnings = tuple(p for p in check.problems if p.severity != "error")
    return Dataset(catalog, observations, figures, first_release, targets,
                   tuple(conflicts + target_conflicts), warnings, tuple(files), digest.hexdigest())


_COLUMNS = ["region", "indicator", "period", "year", "month", "measure", "value", "decimals",
            "unit", "source", "note", "vintage", "territory", "qualifier", "file", "line", "origin"]


def validate(table: Table, check: _Check, origin: str = "user") -> list[dict[str, Any]]:
    """Check every row of ``table``; return the good rows, add a Problem for each bad one."""
    path = table.path
    if not table.columns:
        return []
    known = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    allowed = ", ".join(known)
    if not set(table.columns) & set(known):
        check.add(path, table.header_line, f"is not a header line: it names none of the columns "
                                           f"(expected {allowed})")
        return []
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    unknown = [c for c in table.columns if c and c not in known]
    unnamed = [str(n) for n, c in enumerate(table.columns, start=1) if not c]
    duplicated = sorted({c for c in table.columns if c and table.columns.count(c) > 1})
    if missing or unknown or unnamed or duplicated:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(repr(c) for c in unknown)}")
        if unnamed:
            parts.append(f"no name for column(s) {', '.join(unnamed)}")
        if duplicated:
            parts.append(f"repeated column(s) {', '.join(duplicated)}")
        check.add(path, table.header_line, f"{'; '.join(parts)} (expected {allowed})")
        return []
    out = []
    for line, cells in table.rows:
        record = _validate_row(path, line, cells, check)
        if record is not None:
            record.update(file=path, line=line, origin=origin)
            out.append(record)
    if not table.rows and not any(p.severity == "error" for p in table.problems):
        check.add(path, None, "has a header but no figures")
    return out


def _text(value: Any) -> str:
    """A cell as text: full-width forms folded (NFKC), zero-width characters from web pages
    dropped, surrounding spaces stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).translate(_INVISIBLE).strip()


def _validate_row(path: str, line: int, cells: dict[str, Any],
                  check: _Check) -> dict[str, Any] | None:
    errors: list[str] = []
    warnings: list[str] = []
    catalog = check.catalog
    # codes are lower case; "GDP" or "Xingyang" means the code
    region, indicator, measure = (_text(cells.get(c)).lower()
                                  for c in ("region", "indicator", "measure"))
    unit, source = _text(cells.get("unit")), _text(cells.get("source"))
    if region not in catalog.regions:
        errors.append(f"unknown region {region!r}{catalog.suggest_region(region)}")
    ind = catalog.indicators.get(indicator)
    if ind is None:
        errors.append(f"unknown indicator {indicator!r} (see data/indicators.csv)")
    if measure not in OBSERVATION_MEASURES + TARGET_MEASURES:
        errors.append(f"unknown measure {measure!r} "
                      f"(one of {', '.join(OBSERVATION_MEASURES + TARGET_MEASURES)})")
    period = _period(cells.get("period"), errors, warnings)
    # as written; an Excel date as the period it was read as
    written = str(period) if isinstance(cells.get("period"), date) else _text(cells.get("period"))
    percent_ok = "growth" in measure or (ind is not None and ind.unit == "%")
    value, decimals = _number(cells.get("value"), measure, percent_ok, errors)
    if not source:
        errors.append("source is empty: every figure needs the page or publication it came from")
    growth = measure in ("growth_pct", "month_growth_pct", "target_growth_pct")
    if ind is not None and measure in OBSERVATION_MEASURES + TARGET_MEASURES:
        expected = "%" if growth else ind.unit
        if unit != expected:
            errors.append(f"unit {unit!r} does not fit {measure} of {indicator} "
                          f"(expected {expected!r})")
    if period is not None:
        if measure in OBSERVATION_MEASURES and period > Period(check.today.year,
                                                               check.today.month):
            errors.append(f"period {period} is in the future")
        if measure == "month_growth_pct" and len(written) == 4:
            errors.append("month_growth_pct needs the month (YYYY-MM), not a whole year")
        if measure in TARGET_MEASURES and len(written) != 4:
            errors.append("a target is for a whole year: write the period as YYYY")
        if period.month == 1 and measure in OBSERVATION_MEASURES:
            errors.append("January is published together with February (1-2月): use YYYY-02")
        if ind is not None and ind.quarterly and not period.quarter_end:
            errors.append(f"{indicator} is published by quarter: month must be 03, 06, 09 or 12")
    if value is not None and measure in ("level", "target_level") and value < 0:
        errors.append(f"a level cannot be negative ({value:g})")
    if value is not None and growth and not PLAUSIBLE_GROWTH[0] <= value <= PLAUSIBLE_GROWTH[1]:
        warnings.append(f"growth of {value:g}% is outside {PLAUSIBLE_GROWTH[0]:g}..."
                        f"{PLAUSIBLE_GROWTH[1]:g}%: check it is a growth rate, not a level")
    vintage = _choice(cells.get("vintage"), VINTAGE_RANK, VINTAGE_ALIASES, "vintage", errors)
    territory = _choice(cells.get("territory"), TERRITORIES, TERRITORY_ALIASES, "territory", errors)
    qualifier = _choice(cells.get("qualifier"), QUALIFIERS, QUALIFIER_ALIASES, "qualifier", errors)
    if qualifier != "none" and measure in OBSERVATION_MEASURES:
        errors.append("a qualifier belongs to a target, not to an observation")
    for message in warnings:
        check.add(path, line, message, "warning")
    if errors:
        check.add(path, line, "; ".join(errors))
        return None
    assert period is not None and value is not None
    return dict(region=region, indicator=indicator, period=written,
                year=period.year, month=period.month, measure=measure, value=value,
                decimals=decimals, unit=unit, source=source, note=_text(cells.get("note")),
                vintage=vintage, territory=territory, qualifier=qualifier)


def _period(value: Any, errors: list[str], warnings: list[str]) -> Period | None:
    """A period typed as an Excel date is read as its month, after the same checks as text
    (65 typed into a date cell shows as 1900-03-05, not a period)."""
    if isinstance(value, datetime | date):
        try:
            period = Period.parse(f"{value.year:04d}-{value.month:02d}")
        except ValueError as exc:
            errors.append(f"{exc} (an Excel date: {value:%Y-%m-%d})")
            return None
        warnings.append(f"period is an Excel date ({value:%Y-%m-%d}); read as {period}")
        return period
    text = _text(value)
    if not text:
        errors.append("period is empty")
        return None
    try:
        return Period.parse(text)
    except ValueError as exc:
        errors.append(str(exc))
        return None


def _number(value: Any, measure: str, percent_ok: bool,
            errors: list[str]) -> tuple[float | None, int]:
    """Parse a figure as a person means it: full-width digits, thousands separators and a
    trailing % (where the figure is a percentage) are accepted; anything else that Python's
    float() would also take (1_000, "infinity" …) is not a published number."""
    if isinstance(value, bool):
        errors.append(f"value {value!r} is not a number")
        return None, 0
    if isinstance(value, int | float):
        text = format(value, ".15g")  # 15 digits: drops float noise such as 5.800000000000001
        shown = text
    else:
        shown = _text(value)
        text = shown.replace("\u2212", "-").replace(" ", "")
        if not text:
            errors.append("value is empty")
            return None, 0
        if text.endswith("%"):
            if not percent_ok:
                errors.append(f"value {shown!r} carries % but {measure} is not a percentage")
                return None, 0
            text = text[:-1]
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
    if _NON_FINITE.match(text):
        errors.append(f"value {text!r} is not a finite number")
        return None, 0
    if not _NUMBER.match(text):
        errors.append(f"value {shown!r} is not a number")
        return None, 0
    number = float(text)
    if not math.isfinite(number):
        errors.append(f"value {text!r} is not a finite number")
        return None, 0
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text.lower() else 0
    return number, decimals


def _choice(value: Any, allowed, aliases: dict[str, str], name: str, errors: list[str]) -> str:
    text = _text(value)
    text = aliases.get(text, text.lower())
    if text not in allowed:
        shown = ", ".join(repr(a) for a in allowed if a)
        errors.append(f"{name} {text!r} is not one of {shown}")
    return text


def _odd_levels(records: list[dict[str, Any]]) -> list[Problem]:
    """Warn about a level more than LEVEL_FACTOR times off the median of the same series'
    other levels within a year either side (at least two of them, so the majority decides)."""
    by_year: dict[tuple, dict[int, list[float]]] = {}
    for r in records:
        if r["measure"] == "level":
            series = by_year.setdefault((r["region"], r["indicator"], r["territory"]), {})
            series.setdefault(r["year"], []).append(r["value"])
    problems = []
    for r in records:
        if r["measure"] != "level":
            continue
        series = by_year[(r["region"], r["indicator"], r["territory"])]
        others = [v for year in (r["year"] - 1, r["year"], r["year"] + 1)
                  for v in series.get(year, [])]
        others.remove(r["value"])  # the row itself
        if len(others) < 2:
            continue
        median, value = statistics.median(others), r["value"]
        if median <= 0 or median / LEVEL_FACTOR <= value <= median * LEVEL_FACTOR:
            continue
        how = (f"{value / median:,.0f} times larger than" if value > median
               else f"{median / value:,.0f} times smaller than" if value > 0 else "far below")
        problems.append(Problem(
            r["file"], int(r["line"]),
            f"level {value:.10g} is {how} the median ({median:.10g}) of the same series' levels "
            f"within a year (rule: more than {LEVEL_FACTOR:g} times off): check the unit "
            f"({r['unit']}) and that it is not a growth rate", "warning"))
    return problems


def resolve(rows: pd.DataFrame, latest: bool = True) -> tuple[pd.DataFrame, list[Conflict]]:
    """One value per key. Rule (data/README.md): the user's own files beat shipped data; then
    the later vintage (the earlier one with ``latest=False``, for replaying what was first
    seen); then the more precise figure; then the earlier row. Values that agree within the
    rounding of the coarser one are not a conflict."""
    if rows.empty:
        return rows.assign(n_sources=pd.Series(dtype=int)), []
    ranked = rows.assign(
        _user=(rows["origin"] == "user").astype(int),
        _vintage=rows["vintage"].map(VINTAGE_RANK),
        _order=range(len(rows)),
    ).sort_values(["_user", "_vintage", "decimals", "_order"],
                  ascending=[False, not latest, False, True], kind="stable")
    conflicts: list[Conflict] = []
    shared = ranked.duplicated(KEY, keep=False)  # only figures several rows give need a look
    chosen = list(ranked.index[~shared])
    counts = [1] * len(chosen)
    for key, group in ranked[shared].groupby(KEY, sort=False):
        top = group.iloc[0]
        values = group["value"].to_numpy()
        half_unit = 0.5 * 10.0 ** -group["decimals"].min()
        if values.max() - values.min() < half_unit - 1e-9:
            # 9130, 9130.2 and 9130.17 are one figure, rounded: keep the most precise
            top = group.loc[group["decimals"].idxmax()]
        else:
            others = [r for _, r in group.iloc[1:].iterrows() if r["value"] != top["value"]]
            conflicts.append(Conflict(tuple(key), _public(top),
                                      tuple(_public(o) for o in others),
                                      _reason(top, others[0])))
        chosen.append(top.name)
        counts.append(len(group))
    first = ranked.loc[chosen].copy()
    first["n_sources"] = counts
    conflicts.sort(key=lambda c: c.key)
    figures = first.sort_values(KEY).drop(columns=["_user", "_vintage", "_order"])
    return figures.reset_index(drop=True), conflicts


def _public(row: pd.Series) -> dict[str, Any]:
    keys = ("value", "decimals", "file", "line", "source", "vintage", "origin")
    return {k: row[k] for k in keys}


def _fmt(row: dict[str, Any]) -> str:
    return f"{row['value']:.{int(row['decimals'])}f}"


def _reason(kept: pd.Series, other: pd.Series) -> str:
    if kept["origin"] != other["origin"]:
        return "your own file beats the shipped data"
    if kept["vintage"] != other["vintage"]:
        return (f"vintage {kept['vintage'] or 'unstated'} beats "
                f"{other['vintage'] or 'unstated'}")
    if kept["decimals"] != other["decimals"]:
        return "the more precise figure wins"
    return "same vintage and precision: the earlier row wins"
