"""What the cells mean: every row checked, every problem named with its line or cell.

Names become codes here (荥阳市 -> xingyang, 规上工业增加值 -> industrial_value_added, 累计增速 ->
growth_pct) through the catalogue's one alias table. A value means what was typed: a
full-width digit is a digit, but a footnote marker (¹, ①) is never folded into one, an
Excel error (#REF!) is never a figure or a name, and a control character never passes.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from xyforecast.catalog import (
    GROWTH_MEASURES,
    LEVEL_MEASURES,
    MONTH_MEASURES,
    OBSERVATION_MEASURES,
    POINTS_UNIT,
    TARGET_MEASURES,
    Catalog,
)
from xyforecast.errors import Problem
from xyforecast.i18n import Msg
from xyforecast.inputs.table import Row, Table
from xyforecast.inputs.workbook import ExcelError
from xyforecast.periods import Period

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
PLAUSIBLE_CHANGE = 20.0  # points: a change of year-to-date growth beyond this is flagged
POINTS_UNITS = {POINTS_UNIT, "个百分点", "pp", "points", "percentage points"}
# Units of money, in 万元: a level typed in 万元 where the catalogue keeps 亿元 is converted.
MONEY = {"元": 1e-4, "万元": 1.0, "亿元": 1e4}
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                          "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!",
                          "#CONNECT!", "#BUSY!", "#UNKNOWN!"})
MARKERS = "*†‡※"  # besides superscripts and circled numbers (Unicode category No)
# The source of the template's example row: a figure nobody published, refused if left in.
TEMPLATE_EXAMPLE = "示例 example:请替换为实际来源 replace with the real source"
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$", re.ASCII)
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
_NON_FINITE = re.compile(r"^[+-]?(inf|infinity|nan)$", re.IGNORECASE)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))  # from web pages
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?$")
_ALLOWED_CONTROLS = "\t\n\r"
_MEASURES = OBSERVATION_MEASURES + TARGET_MEASURES


@dataclass
class Check:
    """Collects the problems of the files being read while their rows are validated."""

    catalog: Catalog
    today: date
    problems: list[Problem] = field(default_factory=list)


# a validated row, as load_files keeps it (published is added when every file is read)
RECORD = ["region", "indicator", "period", "year", "month", "measure", "value", "decimals",
          "unit", "source", "note", "vintage", "released", "territory", "qualifier", "upper",
          "stretch", "flag", "file", "line", "where", "origin", "layout"]


def validate(table: Table, check: Check, origin: str = "user") -> pd.DataFrame:
    """Check every row of ``table``; return the good rows (``RECORD`` columns) and add a
    Problem for each bad one. Rows that pass every check are taken in bulk (``columns``);
    the others, row by row, each problem with its line or cell."""
    from xyforecast.inputs.columns import bulk

    rows = table.rows
    if not rows:
        if table.ok:
            check.problems.append(Problem(table.path, None, Msg.of("inputs.no_figures")))
        return pd.DataFrame(columns=RECORD)
    records, slow = bulk(rows, check)
    good = np.flatnonzero(~slow)
    one_by_one = []
    for n in np.flatnonzero(slow):
        record = _validate_row(table.path, rows[n], check)
        if record is not None:
            one_by_one.append({**record, "_position": n})
    frame = pd.concat([pd.DataFrame({**records, "_position": good}),
                       pd.DataFrame.from_records(one_by_one)], ignore_index=True)
    if one_by_one:
        frame = frame.sort_values("_position", kind="stable", ignore_index=True)
    position = frame.pop("_position").to_numpy()
    frame["file"] = table.path
    frame["line"] = np.array([rows[n].line for n in position], dtype=int)
    frame["where"] = ("" if all(r.sheet is None for r in rows)  # lines of a text file
                      else [rows[n].where("value") or "" for n in position])
    frame["origin"] = origin
    frame["layout"] = table.layout or "tidy"
    return frame.astype({"year": int, "month": int, "decimals": int, "value": float,
                         "upper": float, "stretch": float})[RECORD]


class _Row:
    """The errors and warnings of one row, each with the column it concerns."""

    def __init__(self) -> None:
        self.errors: list[tuple[str | None, Msg]] = []
        self.warnings: list[tuple[str | None, Msg]] = []

    def error(self, column: str | None, message: Msg) -> None:
        self.errors.append((column, message))

    def warn(self, column: str | None, message: Msg) -> None:
        self.warnings.append((column, message))


def _emit(check: Check, path: str, row: Row, items: list[tuple[str | None, Msg]],
          severity: str) -> None:
    """One line per row: for a workbook, at the first cell at fault, naming the others."""
    if not items:
        return
    first = items[0][0]
    parts = [items[0][1]]
    first_ref = row.refs.get(first or "")
    for column, message in items[1:]:
        ref = row.refs.get(column or "")
        parts.append(message if row.sheet is None or not ref or ref == first_ref
                     else Msg.of("inputs.at_cell", cell=ref, problem=message))
    check.problems.append(Problem(path, row.line, tuple(parts), severity,  # type: ignore[arg-type]
                                  where=row.where(first)))


def _validate_row(path: str, row: Row, check: Check) -> dict[str, Any] | None:
    cells, catalog, r = row.cells, check.catalog, _Row()
    for column, value in cells.items():
        if isinstance(value, str) and value.isprintable() and "#" not in value:
            continue  # the common case, decided in C: no control character, no #REF!
        if isinstance(value, ExcelError) or (
                isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS):
            r.error(column, Msg.of("inputs.excel_error", value=str(value).strip()))
            cells = {**cells, column: None}
        elif isinstance(value, str) and (bad := _control(value)):
            r.error(column, Msg.of("inputs.control_char", char=bad))
            cells = {**cells, column: None}
    if r.errors:
        _emit(check, path, row, r.errors, "error")
        return None
    region_text, indicator_text, measure_text = (_text(cells.get(c))
                                                 for c in ("region", "indicator", "measure"))
    region = catalog.code("region", region_text)
    if region is None:
        r.error("region", Msg.of("inputs.unknown_region", region=region_text,
                                 hint=catalog.suggest_region(region_text)))
    indicator = catalog.code("indicator", indicator_text)
    ind = catalog.indicators.get(indicator or "")
    if ind is None:
        r.error("indicator", Msg.of("inputs.unknown_indicator", indicator=indicator_text,
                                    hint=catalog.suggest_indicator(indicator_text)))
    measure = catalog.code("measure", measure_text) or measure_text.lower()
    if measure not in _MEASURES:
        r.error("measure", Msg.of("inputs.unknown_measure", measure=measure_text,
                                  allowed=list(_MEASURES)))
    period, written = _period(cells.get("period"), r)
    growth = measure in GROWTH_MEASURES
    percent_ok = growth or (ind is not None and ind.unit == "%" and measure in LEVEL_MEASURES)
    value, decimals = _number(cells.get("value"), measure, percent_ok, r)
    unit, source = _text(cells.get("unit")), _text(cells.get("source"))
    note = _text(cells.get("note"))
    if not source:
        r.error("source", Msg.of("inputs.source_empty"))
    elif source == TEMPLATE_EXAMPLE:
        r.error("source", Msg.of("inputs.template_example"))
    if ind is not None and measure in _MEASURES and not ind.allows(measure):
        r.error("measure", Msg.of("inputs.measure_not_for", measure=measure,
                                  indicator=ind.code, unit=ind.unit))
    elif ind is not None and measure == "change_pp":
        if unit not in POINTS_UNITS:
            r.error("unit", Msg.of("inputs.unit_mismatch", unit=unit, measure=measure,
                                   indicator=ind.code, expected=POINTS_UNIT))
        unit = POINTS_UNIT
    elif ind is not None and measure in _MEASURES:
        expected = "%" if growth else ind.unit
        if unit in MONEY and expected in MONEY and unit != expected and value is not None:
            factor = MONEY[unit] / MONEY[expected]
            note = "; ".join(filter(None, [note, f"{_shown(cells.get('value'))} {unit}"]))
            value, decimals = value * factor, max(0, decimals + round(-math.log10(factor)))
            unit = expected
        elif unit.replace("％", "%") != expected:
            r.error("unit", Msg.of("inputs.unit_mismatch", unit=unit, measure=measure,
                                   indicator=ind.code, expected=expected))
        unit = unit.replace("％", "%")
    if period is not None:
        _check_period(period, written, measure, ind, check.today, r)
    if value is not None and measure in LEVEL_MEASURES and value < 0:
        r.error("value", Msg.of("inputs.level_negative", value=f"{value:g}"))
    elif value == 0 and measure == "target_level":
        r.error("value", Msg.of("inputs.target_zero"))
    if value is not None and measure == "change_pp" and abs(value) > PLAUSIBLE_CHANGE:
        r.warn("value", Msg.of("inputs.change_implausible", value=f"{value:g}",
                               limit=f"{PLAUSIBLE_CHANGE:g}"))
    if value is not None and growth:
        if value <= -100:
            r.error("value", Msg.of("inputs.growth_impossible", value=f"{value:g}"))
        elif not PLAUSIBLE_GROWTH[0] <= value <= PLAUSIBLE_GROWTH[1]:
            r.warn("value", Msg.of("inputs.growth_implausible", value=f"{value:g}",
                                   low=f"{PLAUSIBLE_GROWTH[0]:g}",
                                   high=f"{PLAUSIBLE_GROWTH[1]:g}"))
    vintage, released = _vintage(cells.get("vintage"), period, check.today, r)
    territory = _choice(cells.get("territory"), TERRITORIES, TERRITORY_ALIASES, "territory", r)
    qualifier = _choice(cells.get("qualifier"), QUALIFIERS, QUALIFIER_ALIASES, "qualifier", r)
    if qualifier != "none" and measure in OBSERVATION_MEASURES:
        r.error("qualifier", Msg.of("inputs.qualifier_on_observation"))
    bounds = {name: _bound(cells.get(name), name, measure, percent_ok, value, r)
              for name in ("upper", "stretch")}
    _emit(check, path, row, r.warnings, "warning")
    if r.errors:
        _emit(check, path, row, r.errors, "error")
        return None
    assert period is not None and value is not None and region and indicator
    return dict(region=region, indicator=indicator, period=written, year=period.year,
                month=period.month, measure=measure, value=value, decimals=decimals, unit=unit,
                source=source, note=note, vintage=vintage, released=released,
                territory=territory, qualifier=qualifier, flag=_text(cells.get("flag")), **bounds)


def _bound(cell: Any, name: str, measure: str, percent_ok: bool, value: float | None,
           r: _Row) -> float:
    """A range's upper bound or a stretch value (力争): a target's, above its value; NaN when
    the cell is empty."""
    if cell is None or _text(cell) == "":
        return math.nan
    if measure not in TARGET_MEASURES:
        r.error(name, Msg.of("inputs.bound_on_observation", column=name))
        return math.nan
    bound, _ = _number(cell, measure, percent_ok, _Row())
    if bound is None or (value is not None and bound <= value):
        r.error(name, Msg.of("inputs.bound_not_above", column=name, bound=_text(cell),
                             value=f"{value:g}" if value is not None else "—"))
        return math.nan
    return bound


def _check_period(period: Period, written: str, measure: str, ind: Any, today: date,
                  r: _Row) -> None:
    if measure in OBSERVATION_MEASURES and period > Period(today.year, today.month):
        r.error("period", Msg.of("inputs.period_future", period=str(period)))
    if measure in MONTH_MEASURES and len(written) == 4:
        r.error("period", Msg.of("inputs.month_measure_year", measure=measure,
                                 word=Msg.of(f"inputs.word_{measure}")))
    if measure in TARGET_MEASURES and len(written) != 4:
        r.error("period", Msg.of("inputs.target_not_year"))
    if period.month == 1 and measure in OBSERVATION_MEASURES and not (
            ind is not None and ind.january_alone):
        r.error("period", Msg.of("inputs.january"))
    if ind is not None and ind.quarterly and not period.quarter_end:
        r.error("period", Msg.of("inputs.quarterly", indicator=ind.code))


def _text(value: Any) -> str:
    """A cell as text: full-width forms folded (NFKC), zero-width characters from web pages
    dropped, surrounding spaces stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if text.isascii():  # NFKC leaves ASCII alone and nothing invisible is ASCII
        return text.strip()
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE).strip()


def _shown(value: Any) -> str:
    return format(value, ".15g") if isinstance(value, float) else str(value).strip()


def _control(text: str) -> str:
    """The first control character (NUL, ESC …) in a cell, as U+001B ESC; "" if none."""
    for ch in text:
        if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS:
            return f"U+{ord(ch):04X}"
    return ""


def _period(value: Any, r: _Row) -> tuple[Period | None, str]:
    """The period and how it is written (``YYYY`` or ``YYYY-MM``). A period typed as an Excel
    date is read as its month, after the same checks as text (65 typed into a date cell
    shows as 1900-03-05, not a period)."""
    if isinstance(value, datetime | date):
        try:
            period = Period.parse(f"{value.year:04d}-{value.month:02d}")
        except ValueError as exc:
            r.error("period", Msg.of("inputs.excel_date_bad", problem=exc.args[0],
                                     date=f"{value:%Y-%m-%d}"))
            return None, ""
        r.warn("period", Msg.of("inputs.excel_date", date=f"{value:%Y-%m-%d}",
                                period=str(period)))
        return period, str(period)
    text = _text(value)
    if not text:
        r.error("period", Msg.of("inputs.period_empty"))
        return None, ""
    try:
        period = Period.parse(text)
    except ValueError as exc:
        r.error("period", exc.args[0])
        return None, ""
    plain = re.fullmatch(r"\d{4}(-\d{1,2})?", text)
    written = text if plain else (str(period.year) if period.month == 12 and "月" not in text
                                  else str(period))
    return period, written


def _number(value: Any, measure: str, percent_ok: bool, r: _Row) -> tuple[float | None, int]:
    """Parse a figure as a person means it: full-width digits, thousands separators and a
    trailing % (where the figure is a percentage) are accepted; a footnote marker after the
    figure (6.1¹, 5.8①, 7.2*) is dropped with a warning, one anywhere else is refused; what
    Python's float() would also take (1_000, "infinity" …) is not a published number."""
    if isinstance(value, bool):
        r.error("value", Msg.of("inputs.value_not_number", value=str(value)))
        return None, 0
    if isinstance(value, int | float):
        text = format(value, ".15g")  # 15 digits: drops float noise such as 5.800000000000001
        shown = text
    else:
        raw = str(value or "").translate(_INVISIBLE).strip()
        shown = _text(value)
        raw, marker = _strip_marker(raw)
        inside = next((ch for ch in raw if _is_marker(ch)), None)
        if inside:
            r.error("value", Msg.of("inputs.value_marker_inside", value=str(value).strip(),
                                    char=inside))
            return None, 0
        text = unicodedata.normalize("NFKC", raw).replace("\u2212", "-").replace(" ", "")
        if not text:
            r.error("value", Msg.of("inputs.value_empty"))
            return None, 0
        if marker:
            r.warn("value", Msg.of("inputs.value_marker_dropped", value=str(value).strip(),
                                   char=marker, read=text))
        if text.endswith("%"):
            if not percent_ok:
                r.error("value", Msg.of("inputs.value_percent", value=shown, measure=measure))
                return None, 0
            text = text[:-1]
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
    if _NON_FINITE.match(text) or (_NUMBER.match(text) and not math.isfinite(float(text))):
        r.error("value", Msg.of("inputs.value_not_finite", value=text))
        return None, 0
    if not _NUMBER.match(text):
        r.error("value", Msg.of("inputs.value_not_number", value=shown))
        return None, 0
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text.lower() else 0
    return float(text), decimals


def _is_marker(ch: str) -> bool:
    return unicodedata.category(ch) == "No" or ch in MARKERS


def _strip_marker(text: str) -> tuple[str, str]:
    """'6.1¹' -> ('6.1', '¹'); '5.8%①' and '5.8①%' -> ('5.8%', '①')."""
    percent = ""
    body = text
    if body.endswith(("%", "％")) and len(body) > 1 and _is_marker(body[-2]):
        body, percent = body[:-1], body[-1]
    marker = ""
    while body and _is_marker(body[-1]):
        marker, body = body[-1] + marker, body[:-1].rstrip()
    if not any(ch.isdigit() for ch in body):  # "½" or "*": not a figure with a marker
        return text, ""
    return body + percent, marker


def _vintage(value: Any, period: Period | None, today: date, r: _Row) -> tuple[str, str]:
    """A vintage word (preliminary, final …) or the date the figure was released."""
    released = None
    if isinstance(value, datetime | date):
        released = value if isinstance(value, date) and not isinstance(value, datetime) \
            else value.date()
    else:
        match = _DATE.match(_text(value))
        if match:
            try:
                released = date(int(match.group(1)), int(match.group(2)),
                                int(match.group(3) or 1))
            except ValueError:
                r.error("vintage", Msg.of("inputs.release_bad", value=_text(value)))
                return "", ""
    if released is None:
        return _choice(value, VINTAGE_RANK, VINTAGE_ALIASES, "vintage", r), ""
    if released > today:
        r.error("vintage", Msg.of("inputs.release_future", date=released.isoformat()))
    elif period is not None and (released.year, released.month) <= (period.year, period.month):
        r.error("vintage", Msg.of("inputs.release_early", date=released.isoformat(),
                                  period=str(period)))
    return "", released.isoformat()


def _choice(value: Any, allowed, aliases: dict[str, str], name: str, r: _Row) -> str:
    text = _text(value)
    text = aliases.get(text, text.lower())
    if text not in allowed:
        r.error(name, Msg.of("inputs.choice", name=name, value=text,
                             allowed=[f"'{a}'" for a in allowed if a]))
    return text
