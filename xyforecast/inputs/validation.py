"""What the cells mean: every row checked, every problem named with its line or cell.

Names become codes here (荥阳市 -> xingyang, 规上工业增加值 -> industrial_value_added, 累计增速 ->
growth_pct) through the catalogue's one alias table. A value means what was typed: a
full-width digit is a digit, but a footnote marker (¹, ①) is never folded into one, an
Excel error (#REF!) is never a figure or a name, and a control character never passes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
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
from xyforecast.inputs import cells as read
from xyforecast.inputs.cells import RowProblems
from xyforecast.inputs.table import Row, Table
from xyforecast.inputs.workbook import ExcelError
from xyforecast.periods import Period

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
# The source of the template's example row: a figure nobody published, refused if left in.
TEMPLATE_EXAMPLE = "示例 example:请替换为实际来源 replace with the real source"
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
    cells, catalog, r = row.cells, check.catalog, RowProblems()
    for column, value in cells.items():
        if isinstance(value, str) and value.isprintable() and "#" not in value:
            continue  # the common case (str.isprintable): no control character, no #REF!
        if isinstance(value, ExcelError) or (
                isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS):
            r.error(column, Msg.of("inputs.excel_error", value=str(value).strip()))
            cells = {**cells, column: None}
        elif isinstance(value, str) and (bad := read.control(value)):
            r.error(column, Msg.of("inputs.control_char", char=bad))
            cells = {**cells, column: None}
    if r.errors:
        _emit(check, path, row, r.errors, "error")
        return None
    region_text, indicator_text, measure_text = (read.as_text(cells.get(c))
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
    period, written = read.period(cells.get("period"), r)
    growth = measure in GROWTH_MEASURES
    percent_ok = growth or (ind is not None and ind.unit == "%" and measure in LEVEL_MEASURES)
    value, decimals = read.number(cells.get("value"), measure, percent_ok, r)
    unit, source = read.as_text(cells.get("unit")), read.as_text(cells.get("source"))
    note = read.as_text(cells.get("note"))
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
            typed = f"{read.shown(cells.get('value'))} {unit}"
            note = "; ".join(filter(None, [note, typed]))
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
    vintage, released = read.vintage(cells.get("vintage"), period, check.today, r)
    territory = read.choice(cells.get("territory"), TERRITORIES, TERRITORY_ALIASES,
                            "territory", r)
    qualifier = read.choice(cells.get("qualifier"), QUALIFIERS, QUALIFIER_ALIASES,
                            "qualifier", r)
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
                territory=territory, qualifier=qualifier, flag=read.as_text(cells.get("flag")),
                **bounds)


def _bound(cell: Any, name: str, measure: str, percent_ok: bool, value: float | None,
           r: RowProblems) -> float:
    """A range's upper bound or a stretch value (力争): a target's, above its value; NaN when
    the cell is empty."""
    if cell is None or read.as_text(cell) == "":
        return math.nan
    if measure not in TARGET_MEASURES:
        r.error(name, Msg.of("inputs.bound_on_observation", column=name))
        return math.nan
    bound, _ = read.number(cell, measure, percent_ok, RowProblems())
    if bound is None or (value is not None and bound <= value):
        r.error(name, Msg.of("inputs.bound_not_above", column=name, bound=read.as_text(cell),
                             value=f"{value:g}" if value is not None else "—"))
        return math.nan
    return bound


def _check_period(period: Period, written: str, measure: str, ind: Any, today: date,
                  r: RowProblems) -> None:
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
