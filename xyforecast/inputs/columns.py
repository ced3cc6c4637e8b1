"""The checks of ``validation``, over whole columns at once, for the rows that pass them all.

A province's panel is a hundred thousand rows, and a check row by row costs about 25 µs a
row in Python. Here each column's distinct values are checked once (the same names,
indicators, periods and sources repeat on every row), numbers are parsed in one pass, and
what the checks relate (a unit to its measure, a period to its indicator, a value to its
measure) is compared over arrays. A row that any check would question — a warning, an
error, a unit to convert, a footnote marker — is left to ``validation``'s row-by-row path,
so that every message is the same whichever path a row takes (a test compares the two).
"""

from __future__ import annotations

import itertools
import operator
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from xyforecast.catalog import GROWTH_MEASURES, LEVEL_MEASURES, MONTH_MEASURES, TARGET_MEASURES
from xyforecast.inputs import cells as read
from xyforecast.inputs.table import Row
from xyforecast.periods import Period

_PLAIN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)", re.ASCII)  # no exponent, no %, no comma
_PERIOD = re.compile(r"\d{4}(-\d{1,2})?", re.ASCII)
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"  # as validation drops them


class _Column:
    """One column's distinct values, each checked once: ``codes`` says which each row has,
    ``results`` holds ``fn`` of each (None: the row path must look)."""

    def __init__(self, values: list[Any], fn: Callable[[Any], Any]):
        self.codes, uniques = _factorize(values)
        self.results = [fn(u) for u in uniques]
        self.ok = np.array([r is not None for r in self.results], dtype=bool)

    def rows_ok(self) -> np.ndarray:
        return self.ok[self.codes]

    def take(self, keep: np.ndarray, part: Callable[[Any], Any] | None = None) -> np.ndarray:
        """The result (or ``part`` of it) of each row in ``keep``."""
        out = np.empty(len(self.results), dtype=object)
        for n, result in enumerate(self.results):
            out[n] = result if part is None or result is None else part(result)
        return out[self.codes[keep]]


class _Pairs(_Column):
    """A check of several columns together, once per combination of their values."""

    def __init__(self, columns: tuple[_Column, ...], fn: Callable[..., Any]):
        combined = np.zeros(len(columns[0].codes), dtype=np.int64)
        for each in columns:
            combined = combined * (len(each.results) + 1) + each.codes
        self.codes, firsts = pd.factorize(combined)
        first = np.full(len(firsts), len(combined))
        np.minimum.at(first, self.codes, np.arange(len(combined)))
        self.results = [fn(*(each.results[each.codes[row]] for each in columns))
                        for row in first]
        self.ok = np.array([r is not None for r in self.results], dtype=bool)


def _factorize(values: list[Any]) -> tuple[np.ndarray, list[Any]]:
    """Codes and distinct values, in C; booleans (equal to 1 and 0 as keys) and NaN kept
    apart from the numbers and the empty cells they would merge with."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    codes, uniques = pd.factorize(array)  # an empty cell (None) is code -1
    uniques = [*uniques, None]
    missing = codes < 0
    if not (any(type(u) is bool for u in uniques)
            or any(map(operator.is_not, array[missing], itertools.repeat(None)))):
        return np.where(missing, len(uniques) - 1, codes), uniques
    seen: dict[tuple, int] = {}
    codes = np.array([seen.setdefault((type(x), x if x == x else "nan"), len(seen))
                      for x in values], dtype=np.intp)
    return codes, [key[1] if key[1] != "nan" else float("nan") for key in seen]


def bulk(rows: list[Row], check: Any) -> tuple[dict[str, Any], np.ndarray]:
    """The records of the rows that pass every check, as columns (as ``validation``'s
    records), and a mask of the rows left to the row-by-row path."""
    from xyforecast.inputs import validation as v

    catalog = check.catalog
    cells = [r.cells for r in rows]

    def column(name: str, fn: Callable[[Any], Any]) -> _Column:
        return _Column(list(map(dict.get, cells, itertools.repeat(name))), fn)

    region = column("region", lambda x: catalog.code("region", x) if _clean(x) else None)
    indicator = column("indicator", lambda x: catalog.code("indicator", x) if _clean(x)
                       else None)
    measure = column("measure", lambda x: _measure(catalog, x, v))
    period = column("period", _period)
    number = column("value", _number)
    unit = column("unit", lambda x: read.as_text(x) if _clean(x) else None)
    source = column("source", lambda x: _source(x, v))
    note = column("note", lambda x: "" if x is None else read.as_text(x) if _clean(x) else None)
    flag = column("flag", lambda x: "" if x is None else read.as_text(x) if _clean(x) else None)
    vintage = column("vintage", lambda x: _vintage(x, v))
    territory = column("territory", lambda x: _choice(x, v.TERRITORIES, v.TERRITORY_ALIASES, v))
    qualifier = column("qualifier", lambda x: _choice(x, v.QUALIFIERS, v.QUALIFIER_ALIASES, v))
    upper, stretch = column("upper", _blank), column("stretch", _blank)
    ok = np.ones(len(rows), dtype=bool)
    for each in (region, indicator, measure, period, number, unit, source, note, flag, vintage,
                 territory, qualifier, upper, stretch):
        ok &= each.rows_ok()
    # what the checks relate, once per combination: a unit to the measure of an indicator,
    # a period to its measure and indicator, a qualifier to its measure, a release to its
    # period; then a value to its measure, over arrays
    today = Period(check.today.year, check.today.month)
    units = _Pairs((indicator, measure, unit), lambda i, m, u: _unit(catalog, i, m, u, v))
    ok &= units.rows_ok()
    ok &= _Pairs((indicator, measure, period), lambda i, m, p: (
        None not in (i, m, p) and _period_ok(catalog, i, m, p, today)) or None).rows_ok()
    ok &= _Pairs((qualifier, measure), lambda q, m: (
        q == "none" or m in TARGET_MEASURES) or None).rows_ok()
    ok &= _Pairs((vintage, period), lambda w, p: _released_ok(w, p, check.today) or None
                 ).rows_ok()
    value = np.array([np.nan if n is None else n[0] for n in number.results])[number.codes]
    ok &= _values_ok(value, measure.take(np.arange(len(rows))), v)
    keep = np.flatnonzero(ok)
    records = {
        "region": region.take(keep), "indicator": indicator.take(keep),
        "period": period.take(keep, lambda p: p[1]),
        "year": period.take(keep, lambda p: p[0].year).astype(int),
        "month": period.take(keep, lambda p: p[0].month).astype(int),
        "measure": measure.take(keep), "value": value[keep],
        "decimals": number.take(keep, lambda n: n[1]).astype(int),
        "unit": units.take(keep), "source": source.take(keep), "note": note.take(keep),
        "flag": flag.take(keep),
        "vintage": vintage.take(keep, lambda w: w[0]),
        "released": vintage.take(keep, lambda w: w[1]),
        "territory": territory.take(keep), "qualifier": qualifier.take(keep),
        "upper": np.full(len(keep), np.nan), "stretch": np.full(len(keep), np.nan),
    }
    return records, ~ok


def _clean(x: Any) -> bool:
    """Text with no control character, no # (an Excel error) and nothing to fold (full-width
    forms, zero-width spaces): the common cell."""
    if type(x) is not str or not x.isprintable() or "#" in x:
        return False
    return x.isascii() or (unicodedata.is_normalized("NFKC", x)
                           and not any(ch in x for ch in _INVISIBLE))


def _blank(x: Any) -> str | None:
    return "" if x is None or (type(x) is str and not x.strip()) else None


def _measure(catalog: Any, x: Any, v: Any) -> str | None:
    if not _clean(x):
        return None
    text = read.as_text(x)
    code = catalog.code("measure", text) or text.lower()
    return code if code in v._MEASURES else None


def _period(x: Any) -> tuple[Period, str] | None:
    """The period and how it is written, for text a plain YYYY or YYYY-MM (a bulletin's
    words go the row-by-row way)."""
    if type(x) is not str or not _clean(x):
        return None
    text = x.strip()
    if not _PERIOD.fullmatch(text):
        return None
    try:
        return Period.parse(text), text
    except ValueError:
        return None


def _number(x: Any) -> tuple[float, int] | None:
    """A plain figure (5.8, -0.3, 265): its value and decimals; anything else (a %, a
    thousands separator, a footnote marker, an exponent) goes the row-by-row way."""
    if type(x) is float or type(x) is int:
        text = format(x, ".15g")
    elif type(x) is str and x.isascii():
        text = x.strip()
    else:
        return None
    if not _PLAIN.fullmatch(text):
        return None
    return float(text), len(text.split(".")[1]) if "." in text else 0


def _source(x: Any, v: Any) -> str | None:
    if not _clean(x):
        return None
    text = read.as_text(x)
    return text if text and text != v.TEMPLATE_EXAMPLE else None


def _vintage(x: Any, v: Any) -> tuple[str, str] | None:
    """(word, "") or ("", release date); None for anything the row path must look at."""
    if x is None:
        return "", ""
    if not _clean(x):
        return None
    text = read.as_text(x)
    match = read.RELEASE_DATE.match(text)
    if match:
        try:
            return "", date(int(match.group(1)), int(match.group(2)),
                            int(match.group(3) or 1)).isoformat()
        except ValueError:
            return None
    word = read.VINTAGE_ALIASES.get(text, text.lower())
    return (word, "") if word in read.VINTAGE_RANK else None


def _choice(x: Any, allowed, aliases: dict[str, str], v: Any) -> str | None:
    if x is not None and not _clean(x):
        return None
    text = read.as_text(x)
    text = aliases.get(text, text.lower())
    return text if text in allowed else None


def _unit(catalog: Any, indicator: str | None, measure: str | None, unit: str | None,
          v: Any) -> str | None:
    """The unit as kept, when it is the one the measure needs (no conversion)."""
    ind = catalog.indicators.get(indicator or "")
    if ind is None or measure is None or unit is None or not ind.allows(measure):
        return None
    if measure == "change_pp":
        return v.POINTS_UNIT if unit in v.POINTS_UNITS else None
    expected = "%" if measure in GROWTH_MEASURES else ind.unit
    unit = unit.replace("％", "%")
    return unit if unit == expected else None


def _period_ok(catalog: Any, indicator: str, measure: str, found: tuple[Period, str],
               today: Period) -> bool:
    """``validation._check_period`` without a message: True when it would say nothing."""
    period, written = found
    observation = measure not in TARGET_MEASURES
    ind = catalog.indicators[indicator]
    return not ((observation and period > today)
                or (measure in MONTH_MEASURES and len(written) == 4)
                or (not observation and len(written) != 4)
                or (period.month == 1 and observation)
                or (ind.quarterly and not period.quarter_end))


def _values_ok(value: np.ndarray, measure: np.ndarray, v: Any) -> np.ndarray:
    """No negative level, no target level of 0, growth above −100% and plausible, a change
    in points within its bound: what the row path would neither refuse nor warn about."""
    low, high = v.PLAUSIBLE_GROWTH
    with np.errstate(invalid="ignore"):
        level = pd.Series(measure).isin(LEVEL_MEASURES).to_numpy()
        growth = pd.Series(measure).isin(GROWTH_MEASURES).to_numpy()
        points = measure == "change_pp"
        bad = ((level & (value < 0)) | ((measure == "target_level") & (value == 0))
               | (growth & ((value < low) | (value > high)))
               | (points & (np.abs(value) > v.PLAUSIBLE_CHANGE)))
    return ~bad & ~np.isnan(value)


def _released_ok(vintage: tuple[str, str] | None, found: tuple[Period, str] | None,
                 today: date) -> bool:
    if vintage is None or found is None or not vintage[1]:
        return True
    released = date.fromisoformat(vintage[1])
    period = found[0]
    return released <= today and (released.year, released.month) > (period.year, period.month)
