"""The bureau's own tables (统计月报, 主要经济指标), read as they are.

Indicators are rows, named in Chinese (地区生产总值, 规上工业增加值, 社零 …); every column is
classified from its header before a number is read (``headers``): this year's figures —
本月 (``month_level``), 1-9月累计 (``level``), 同比增长% (``growth_pct``), 本月增长%
(``month_growth_pct``), 增速比上期提高 (``change_pp``) — are read; targets, plans, estimates,
last year's figures, shares, contributions and ranks are named in one warning and not read;
a header that says nothing known stops the table at its cell. The period comes from the
column's header, else the texts around the table (``titles``); so does the region. Each
figure becomes a row of the suite's own layout and keeps the cell it came from.

Merged cells are ranges, never filled cell by cell: a name merged down several rows names
each of them, a section heading (一、工业) merged across is a row without figures, a figure
merged over cells is an error. Units that disagree and invisible characters are said in
warnings naming the cells; figures implausible beside each other (a 本月 above its
year to date) are found where all figures meet (``plausibility``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property
from pathlib import Path
from typing import Any

from xyforecast.catalog import Catalog, name_key
from xyforecast.errors import Problem
from xyforecast.i18n import Msg, Pair
from xyforecast.inputs.headers import (
    NOT_READ,
    Base,
    Column,
    is_number,
    norm,
    read_header,
)
from xyforecast.inputs.headers import unit_in as bracket_unit
from xyforecast.inputs.table import Merges, Row, Sheet, blank, column_letter, range_ref
from xyforecast.inputs.tidy import overlapping
from xyforecast.inputs.titles import Place, Titles
from xyforecast.periods import Period

# Notes and signatures under a table: 注:…, 注1., 说明:…, 资料来源:…, 填表人:…
NOTES = re.compile(r"^(注$|注[:.、\d]|(备注|说明|附注|资料来源|数据来源|单位负责人|统计负责人|"
                   r"填表人|填报人|制表人?|审核人?|报出日期)([:]|$))")
TOTALS = ("合计", "总计", "小计")
NO_FIGURE = {"-", "--", "—", "——", "…", "……", "...", "/", "x", "×"}
LEVELS = ("level", "month_level")
POINTS = "百分点"  # the unit of a change_pp row


def read_bureau(path: str, sheet: Sheet, block: tuple[int, int],
                catalog: Catalog) -> tuple[list[Row], list[Problem]]:
    """The figures of one bureau table as rows of the suite's layout."""
    return _Reader(path, sheet, block, catalog).read()


class _Reader:
    def __init__(self, path: str, sheet: Sheet, block: tuple[int, int], catalog: Catalog):
        self.path, self.sheet, self.catalog = path, sheet, catalog
        self.top, self.bottom = block
        self.problems: list[Problem] = []
        self.where_name = "" if sheet.name is None else sheet.name
        self.said: set[tuple] = set()  # warnings already given (a unit line, once per column)

    def problem(self, row: int, column: int, message: Msg, severity: str = "error") -> None:
        self.problems.append(Problem(self.path, row, message, severity,  # type: ignore[arg-type]
                                     where=self.sheet.ref(row, column)))

    def _failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def read(self) -> tuple[list[Row], list[Problem]]:
        columns, problems = read_header(self.path, self.sheet, (self.top, self.bottom))
        self.problems += problems
        label = next((c.index for c in columns if c.kind == "label"), 1)
        unit = next((c.index for c in columns if c.kind == "unit"), None)
        merged = self._body_merges({label} | ({unit} if unit else set()))
        self._check_columns(columns, label)
        if self._failed() or merged is None:
            return [], self.problems
        self.titles = Titles(self.path, self.sheet, (self.top, self.bottom))
        region = self.titles.region(self.catalog, self.problems, self.top)
        month, year = self.titles.period(self.problems, self.top)
        values = [c for c in columns if c.header.read and c.index != label
                  and self._has_figures(c.index)]
        periods = {c.index: self._period(c, month, year) for c in values}
        self._same_columns(values, periods)
        if self._failed() or region is None or None in periods.values():
            return [], self.problems
        self.region, self.periods, self.label, self.unit_column = region, periods, label, unit
        self.merged = merged
        self.source = next((t.text for t in self.titles.texts if t.source == "title"),
                           self.sheet.name or self.titles.texts[-1].text)
        return self._rows(values), self.problems

    # --- the header -----------------------------------------------------------------------

    def _check_columns(self, columns: list[Column], label: int) -> None:
        """A column that cannot be classified and holds numbers stops the table; every
        column not read that holds figures is named in one warning."""
        skipped = []
        for c in columns:
            if c.kind in NOT_READ and self._has_figures(c.index):
                skipped.append(Msg.of("inputs.bureau_column", cell=c.ref, header=c.header.text,
                                      kind=Msg.of(f"inputs.bureau_kind_{c.kind}")))
            elif not c.kind and c.index != label and self._has_numbers(c.index):
                key = "inputs.bureau_no_header" if not c.header.text else \
                    "inputs.bureau_unknown_column"
                self.problem(self.bottom, c.index, Msg.of(key, header=c.header.text))
        if skipped:
            first = next(c for c in columns if c.kind in NOT_READ and self._has_figures(c.index))
            self.problem(self.bottom, first.index, Msg.of("inputs.bureau_not_read",
                                                          columns=skipped), "warning")

    def _period(self, column: Column, month: Place | None, year: Place | None
                ) -> tuple[str, str] | None:
        """The column's period (its own header's month, else the table's) and the cell that
        names the month."""
        found = column.header.found
        own_month = found.month if found else None
        own_year = found.year if found else None
        if own_month is None and month is None:
            self.problem(self.bottom, column.index,
                         Msg.of("inputs.bureau_no_period", header=column.header.text))
            return None
        if own_year is None and year is None:
            self.problem(self.bottom, column.index,
                         Msg.of("inputs.bureau_no_year", header=column.header.text))
            return None
        m = own_month or month.value  # type: ignore[union-attr]
        y = own_year or year.value  # type: ignore[union-attr]
        ref = column.ref if own_month else (month.text.ref or f"A{self.top}")  # type: ignore
        return f"{y}-{m:02d}", ref

    def _same_columns(self, values: list[Column], periods: dict) -> None:
        """Two columns giving one figure (two 同比增长 columns for 1-9月) stop the table."""
        seen: dict[tuple, Column] = {}
        for c in values:
            key = (c.kind, periods[c.index] and periods[c.index][0])
            first = seen.setdefault(key, c)
            if first is not c:
                self.problem(self.bottom, c.index, Msg.of(
                    "inputs.bureau_same_columns", cell=c.ref, header=c.header.text,
                    other=first.ref, other_header=first.header.text,
                    kind=Msg.of(f"inputs.bureau_kind_{c.kind}")))

    # --- the body -------------------------------------------------------------------------

    def _body_merges(self, names: set[int]) -> Merges | None:
        """Merges under the header: over the name (or unit) column they name every row of
        them — a section heading such as 一、工业 is a row without figures; a figure merged
        over cells is an error; text merged over figures' cells (—) holds no figure."""
        below = [m for m in self.sheet.merges if m[0] > self.bottom]
        merged = self.sheet.merged(range(1, max(self.sheet.last_column, 1) + 1), below)
        if merged.overlap:
            self.problems.append(overlapping(self.path, self.sheet, merged.overlap))
            return None
        for merge in below:
            top, left, bottom, right = merge
            if (top, left) != (bottom, right) and is_number(self.sheet.get(top, left)):
                self.problem(top, left, Msg.of("inputs.merged", cells=range_ref(merge)))
        return merged

    def _cell(self, row: int, column: int) -> Any:
        merge = self.merged.at(row, column)
        return self.sheet.get(row, column) if merge is None else self.sheet.get(*merge[:2])

    def _rows(self, values: list[Column]) -> list[Row]:
        rows: dict[tuple, Row] = {}
        notes: list[int] = []
        for number in [r for r in self.sheet.rows() if r > self.bottom]:
            name = self._cell(number, self.label)
            text = norm(name)
            figures = [c for c in values if _figure(self.sheet.get(number, c.index))]
            for column in values:
                if (number, column.index) in self.sheet.uncached:
                    self.problem(number, column.index, Msg.of("inputs.bureau_uncached"),
                                 "warning")
            if notes or NOTES.match(text):
                notes.append(number)
                if figures:
                    self.problem(number, figures[0].index, Msg.of("inputs.bureau_note_figures"))
                continue
            if not figures:
                continue  # a heading such as 一、工业, or a row without figures yet
            if blank(name):
                self.problem(number, figures[0].index, Msg.of("inputs.bureau_no_name"))
                continue
            if name_key(text).startswith(TOTALS) or name_key(text).endswith(TOTALS):
                self.problem(number, self.label, Msg.of("inputs.bureau_total", name=text))
                continue
            name = self._visible(number, self.label, name)
            code = self.catalog.code("indicator", name)
            if code is None:
                self.problem(number, self.label, Msg.of(
                    "inputs.bureau_unknown_indicator", name=str(name).strip(),
                    hint=self.catalog.suggest_indicator(str(name))))
                continue
            for column in figures:
                row = self._row(number, column, code, name)
                if row is not None:
                    self._keep(rows, row)
        if notes:
            self.problem(notes[0], self.label, Msg.of(
                "inputs.bureau_notes_skipped", rows=f"{notes[0]}-{notes[-1]}"
                if len(notes) > 1 else str(notes[0]), s="s" if len(notes) > 1 else ""),
                "warning")
        return list(rows.values())

    def _row(self, number: int, column: Column, code: str, name: Any) -> Row | None:
        kind, (period, period_ref) = column.kind, self.periods[column.index]
        if kind == "change_pp" and not self._placed(number, column, code, period):
            return None
        letter, cell = column_letter, f"{column_letter(column.index)}{number}"
        unit, unit_ref = ("%", column.ref) if kind not in (*LEVELS, "change_pp") else (
            (POINTS, column.ref) if kind == "change_pp" else self._unit(number, column, name))
        where = f"{Path(self.path).name}:{self.sheet.ref(number, column.index)}"
        cells = {"region": self.region[0], "indicator": code, "period": period,
                 "measure": kind, "value": self._visible(number, column.index,
                                                         self.sheet.get(number, column.index)),
                 "unit": unit, "source": f"{self.source} ({where})", "note": ""}
        refs = {"region": self.region[1], "indicator": f"{letter(self.label)}{number}",
                "period": period_ref, "measure": column.ref, "value": cell, "unit": unit_ref,
                "source": cell}
        if self.titles.released:
            cells["vintage"], refs["vintage"] = self.titles.released
        return Row(number, cells, self.where_name, refs)

    def _keep(self, rows: dict[tuple, Row], row: Row) -> None:
        """One figure per indicator, measure and period in a table: a repeat with the same
        value is dropped; one that differs is an error naming both cells (and the merge
        when the name is merged down both rows)."""
        c = row.cells
        first = rows.setdefault((c["indicator"], c["measure"], c["period"]), row)
        if first is row or _comparable(first.cells["value"]) == _comparable(c["value"]):
            return
        merge = self.merged.at(row.line, self.label)
        key, cells = ("inputs.bureau_merged_name_rows", range_ref(merge)) if merge and \
            merge[0] <= first.line else ("inputs.bureau_same_rows", "")
        indicator = self.catalog.indicators[c["indicator"]]
        self.problem(row.line, _split(row.refs["value"])[1], Msg.of(
            key, cells=cells, other=first.refs["value"], value=first.cells["value"],
            mine=c["value"], name=Pair(indicator.name_zh, indicator.name_en)))

    def _placed(self, number: int, column: Column, code: str, period: str) -> bool:
        """A change in points is kept when what it compares with is the indicator's previous
        release (1-8月 for a monthly figure of 1-9月, 1-6月 for GDP); otherwise it is named
        and not read."""
        indicator = self.catalog.indicators[code]
        table = Period.parse(period)
        previous = table.previous_release(indicator.cadence)
        base = (column.header.base or Base("release")).period(table, previous)
        if base is not None and base == previous:
            return True
        self.problem(number, column.index, Msg.of(
            "inputs.bureau_change_unplaced", header=column.header.text,
            indicator=Pair(indicator.name_zh, indicator.name_en), base=_label(base),
            previous=_label(previous)), "warning")
        return False

    def _unit(self, number: int, column: Column, name: Any) -> tuple[str, str]:
        """A level's unit: the unit column, else the name's bracket (固定资产投资(万元)), else
        the header's (累计(万元)), else the line above the table (单位：亿元). The most
        specific wins; any other that differs is said."""
        unit_cell = self._cell(number, self.unit_column) if self.unit_column else None
        said = [(norm(unit_cell), f"{column_letter(self.unit_column)}{number}"
                 if self.unit_column else ""),
                (bracket_unit(name), f"{column_letter(self.label)}{number}"),
                (column.header.unit, column.ref), self.titles.unit or ("", "")]
        said = [(u, ref) for u, ref in said if u]
        if not said:
            return "", column.ref
        (unit, ref), *others = said
        for other, other_ref in others:
            if other != unit and (ref, other_ref) not in self.said:
                self.said.add((ref, other_ref))
                row, col = _split(ref)
                self.problem(row, col, Msg.of("inputs.bureau_unit_differs", cell=ref,
                                              unit=unit, other=other_ref, other_unit=other),
                             "warning")
        return unit, ref

    def _visible(self, row: int, column: int, value: Any) -> Any:
        """A text cell without the invisible characters a web page or a copy leaves (a zero
        width space, a direction mark), each named in a warning."""
        if not isinstance(value, str) or value.isascii():
            return value
        hidden = [ch for ch in value if unicodedata.category(ch) == "Cf"]
        if not hidden:
            return value
        clean = "".join(ch for ch in value if unicodedata.category(ch) != "Cf")
        names = [f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".strip()
                 for ch in dict.fromkeys(hidden)]
        self.problem(row, column, Msg.of("inputs.bureau_invisible", value=clean.strip(),
                                         chars=names), "warning")
        return clean

    # --- what the columns hold ------------------------------------------------------------

    def _has_figures(self, column: int) -> bool:
        return column in self._contents[0]

    def _has_numbers(self, column: int) -> bool:
        return column in self._contents[1]

    @cached_property
    def _contents(self) -> tuple[set[int], set[int]]:
        """The columns below the header holding a figure (anything but a dash), and those
        holding a number: one pass over the sheet."""
        figures, numbers = set(), set()
        for row in self.sheet.rows():
            if row > self.bottom:
                for column, value in self.sheet.grid[row].items():
                    if column not in numbers and is_number(value):
                        numbers.add(column)
                    if column not in figures and _figure(value):
                        figures.add(column)
        return figures, numbers


def _label(period: Period | None) -> Msg | str:
    """A period as a bulletin names it (2025年1-8月, Jan-Aug 2025), in the reader's language."""
    return "—" if period is None else period.message()


def _split(ref: str) -> tuple[int, int]:
    from openpyxl.utils.cell import coordinate_to_tuple

    return coordinate_to_tuple(ref)


def _figure(value: Any) -> bool:
    """A cell that holds a figure (or something meant as one): not blank, not a dash."""
    return not blank(value) and norm(value) not in NO_FIGURE


def check_repeats(rows: list[Row]) -> tuple[list[Row], list[tuple[Row, Row]]]:
    """One figure per region, indicator, measure and period in one file: a repeat with the
    same value is dropped; pairs that differ (two sheets claiming one month) are returned."""
    seen: dict[tuple, Row] = {}
    kept, differ = [], []
    for row in rows:
        c = row.cells
        key = (c["region"], c["indicator"], c["measure"], c["period"])
        first = seen.setdefault(key, row)
        if first is row:
            kept.append(row)
        elif _comparable(first.cells["value"]) != _comparable(c["value"]):
            differ.append((first, row))
    return kept, differ


def _comparable(value: Any) -> Any:
    text = norm(value).rstrip("%").replace(",", "")
    try:
        return float(text)
    except ValueError:
        return text
