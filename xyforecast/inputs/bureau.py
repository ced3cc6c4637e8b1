"""The bureau's own tables (统计月报, 主要经济指标), read as they are.

Indicators are rows, named in Chinese (地区生产总值, 规上工业增加值, 社零 …); columns say what
each figure is: 本月 (this month's level), 1-9月累计 (the year to date), 同比增长% (growth of the
year to date, or of the month when the header says 本月/当月), 比1-8月提高/回落 (a change in
points). The period comes from the column's header (1-9月), else the title above the table
(荥阳市2025年1-9月主要经济指标), the sheet's name or the file's name; so does the region. Each
figure becomes a row of the suite's own layout and keeps the cell it came from.

Only what can be placed is read: an indicator name the catalogue does not know, a totals
row (合计), a column header that says nothing known, a title merged into the header, a
period or a region that cannot be found are errors naming the cell. Columns that hold
something the suite does not keep (single-month levels, changes in points, last year's
figures, targets, shares) and notes under the table are skipped with one line each.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from xyforecast.catalog import Catalog, name_key
from xyforecast.errors import Problem
from xyforecast.i18n import Msg
from xyforecast.inputs.table import Row, Sheet, blank, column_letter
from xyforecast.inputs.text import HEADER_SEARCH_LINES
from xyforecast.periods import Found, find

LABELS = ("指标", "指标名称", "项目", "名称", "主要指标", "指标名")
UNITS = ("单位", "计量单位")
# Notes and signatures under a table: 注:…, 注1., 说明:…, 资料来源:…, 填表人:…
NOTES = re.compile(r"^(注$|注[:.、\d]|(备注|说明|附注|资料来源|数据来源|单位负责人|统计负责人|"
                   r"填表人|填报人|制表人?|审核人?|报出日期)([:]|$))")
TOTALS = ("合计", "总计", "小计")
NO_FIGURE = {"-", "--", "—", "——", "…", "……", "...", "/", "x", "×"}
_POINTS = ("百分点", "提高", "回落", "加快", "放缓", "回升", "比上月", "环比")
_GROWTH = ("同比", "增长", "增速", "增幅", "增减", "±", "比上年", "比去年")
_MONTH = ("本月", "当月", "本季", "当季", "单月", "单季")
_LAST_YEAR = ("上年", "去年")
_OTHER = ("目标", "计划", "任务", "占", "比重", "进度", "完成", "排名", "位次")
_LEVEL = ("累计", "总量", "绝对值", "数值", "金额", "本年", "自年初")
_SINCE = re.compile(r"比1[-~—至]\d{1,2}月")
_UNIT = re.compile(r"\(([^()]*)\)")
_SHEET_UNIT = re.compile(r"单位[:：]\s*([^\s,，;；)]+)")
_FILE_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.年]?(0[1-9]|1[0-2])(?!\d)")
VALUE_KINDS = ("level", "growth_pct", "month_growth_pct")
SKIPPED_KINDS = ("month_level", "points", "last_year", "other")


@dataclass
class Column:
    """One column of the table: what its header says."""

    index: int
    header: str
    kind: str  # label, unit, level, growth_pct, month_growth_pct, or a skipped kind; "" unknown
    found: Found | None
    unit: str


def classify(text: str) -> str:
    """What a column header says: see the module's docstring. "" if nothing known."""
    h = _UNIT.sub("", _norm(text))
    if not h:
        return ""
    if h in LABELS:
        return "label"
    if h in UNITS:
        return "unit"
    found = find(h)
    if any(w in h for w in _POINTS) or _SINCE.search(h):
        return "points"
    if any(w in h for w in _GROWTH) or (h.endswith("%") and len(h) > 1):
        month = any(w in h for w in _MONTH) or (found is not None and found.single)
        return "month_growth_pct" if month else "growth_pct"
    if any(w in h for w in _LAST_YEAR):
        return "last_year"
    if any(w in h for w in _OTHER):
        return "other"
    if any(w in h for w in _LEVEL) or (found is not None and found.month and not found.single):
        return "level"
    if any(w in h for w in _MONTH) or (found is not None and found.single and found.month):
        return "month_level"
    return ""


def text_is_group(text: str) -> bool:
    """A header over several columns: a period (1-9月) or a column word (本月, 累计)."""
    found = find(text)
    return bool(found and found.month) or classify(text) in VALUE_KINDS + SKIPPED_KINDS


def _norm(value: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value or "")).split())


def header_block(sheet: Sheet) -> tuple[int, int] | None:
    """The first and last row of a bureau table's header: the first row with a known column
    word beside the first column, and the rows below it that hold words, not figures."""
    rows = sheet.rows()
    for i, number in enumerate(rows[:HEADER_SEARCH_LINES]):
        cells = sheet.grid[number]
        words = [classify(v) for c, v in cells.items()
                 if c > 1 and isinstance(v, str) and not v.isascii()]
        if not any(k in VALUE_KINDS or k in SKIPPED_KINDS for k in words):
            continue
        bottom = number
        for below in rows[i + 1:i + 3]:
            values = sheet.grid[below]
            if below != bottom + 1 or any(_is_number(v) for v in values.values()):
                break
            first = values.get(1)
            if not (blank(first) or classify(first) == "label"):
                break
            if not any(classify(v) for c, v in values.items() if c > 1):
                break
            bottom = below
        # a table of figures: a number below the header, beside the names
        if any(_is_number(v) for r in rows[i + 1:] if r > bottom
               for c, v in sheet.grid[r].items() if c > 1):
            return number, bottom
        return None
    return None


def read_bureau(path: str, sheet: Sheet, block: tuple[int, int],
                catalog: Catalog) -> tuple[list[Row], list[Problem]]:
    """The figures of one bureau table as rows of the suite's layout."""
    return _Reader(path, sheet, block, catalog).read()


class _Reader:
    def __init__(self, path: str, sheet: Sheet, block: tuple[int, int], catalog: Catalog):
        self.path, self.sheet, self.catalog = path, sheet, catalog
        self.top, self.bottom = block
        self.problems: list[Problem] = []
        self.file = Path(path).name
        self.where_name = "" if sheet.name is None else sheet.name

    def problem(self, row: int, column: int, message: Msg, severity: str = "error") -> None:
        self.problems.append(Problem(self.path, row, message, severity,  # type: ignore[arg-type]
                                     where=self.sheet.ref(row, column)))

    def _failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def read(self) -> tuple[list[Row], list[Problem]]:
        filled = self._merges()
        columns = self._columns(filled)
        if self._failed():
            return [], self.problems
        titles = self._titles()
        region = self._region(titles)
        label = next((c.index for c in columns if c.kind == "label"), 1)
        unit_column = next((c.index for c in columns if c.kind == "unit"), None)
        values = [c for c in columns if c.kind in VALUE_KINDS and c.index != label]
        for c in columns:
            if c.kind in SKIPPED_KINDS and self._has_figures(c.index):
                self.problem(self.bottom, c.index, Msg.of(f"inputs.bureau_skip_{c.kind}",
                                                          header=c.header), "warning")
            elif not c.kind and c.index != label and self._has_numbers(c.index):
                key = "inputs.bureau_no_header" if not c.header else "inputs.bureau_unknown_column"
                self.problem(self.bottom, c.index, Msg.of(key, header=c.header))
        values = [c for c in values if self._has_figures(c.index)]
        periods = {c.index: self._period(c, titles) for c in values}
        if self._failed() or region is None or None in periods.values():
            return [], self.problems
        sheet_unit = next((m.group(1) for _, _, text in titles
                           if (m := _SHEET_UNIT.search(_norm(text)))), "")
        source = next((text for row, _, text in titles if row), None) or (
            self.sheet.name or Path(self.path).stem)
        rows: list[Row] = []
        notes: list[int] = []
        for number in [r for r in self.sheet.rows() if r > self.bottom]:
            name = filled.get((number, label), self.sheet.get(number, label))
            text = _norm(name)
            figures = [c for c in values if _figure(self.sheet.get(number, c.index))]
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
                self.problem(number, label, Msg.of("inputs.bureau_total", name=text))
                continue
            code = self.catalog.code("indicator", name)
            if code is None:
                self.problem(number, label, Msg.of(
                    "inputs.bureau_unknown_indicator", name=str(name).strip(),
                    hint=self.catalog.suggest_indicator(str(name))))
                continue
            unit_cell = filled.get((number, unit_column), self.sheet.get(number, unit_column)) \
                if unit_column else None
            for column in figures:
                rows.append(self._row(number, column, code, region, periods[column.index],
                                      label, unit_column, unit_cell, sheet_unit, source))
        if notes:
            self.problem(notes[0], label, Msg.of(
                "inputs.bureau_notes_skipped", rows=f"{notes[0]}-{notes[-1]}"
                if len(notes) > 1 else str(notes[0]), s="s" if len(notes) > 1 else ""),
                "warning")
        return rows, self.problems

    def _row(self, number: int, column: Column, code: str, region: tuple[str, str],
             period: tuple[str, str], label: int, unit_column: int | None, unit_cell: Any,
             sheet_unit: str, source: str) -> Row:
        letter = column_letter
        growth = column.kind != "level"
        unit = "%" if growth else (_norm(unit_cell) or column.unit or sheet_unit)
        unit_ref = (f"{letter(unit_column)}{number}" if unit_column and not growth
                    else f"{letter(column.index)}{self.bottom}")
        cell = f"{letter(column.index)}{number}"
        where = f"{self.file}:{self.sheet.ref(number, column.index)}"
        cells = {"region": region[0], "indicator": code, "period": period[0],
                 "measure": "level" if column.kind == "level" else column.kind,
                 "value": self.sheet.get(number, column.index), "unit": unit,
                 "source": f"{source} ({where})", "note": ""}
        refs = {"region": region[1], "indicator": f"{letter(label)}{number}",
                "period": period[1], "measure": f"{letter(column.index)}{self.bottom}",
                "value": cell, "unit": unit_ref, "source": cell}
        return Row(number, cells, self.where_name, refs)

    def _merges(self) -> dict[tuple[int, int], Any]:
        """Merged cells: a title merged into the header is an error; a group header merged
        across columns names every column under it; a name merged down one column names
        every row of it; any other merge over figures is an error."""
        filled: dict[tuple[int, int], Any] = {}
        last = self.sheet.last_column
        for top, left, bottom, right in self.sheet.merges:
            value = self.sheet.get(top, left)
            cells = f"{column_letter(left)}{top}:{column_letter(right)}{bottom}"
            if top < self.top <= bottom:
                self.problem(self.top, left, Msg.of("inputs.bureau_title_merged", cells=cells))
            elif bottom < self.top:
                continue  # a title above the table
            elif top <= self.bottom:
                for row in range(top, min(bottom, self.bottom) + 1):
                    for column in range(left, min(right, last) + 1):
                        filled[(row, column)] = value
            elif left == right and not _is_number(value):
                for row in self.sheet.rows_between(top, bottom):
                    filled[(row, left)] = value
            else:
                self.problem(top, left, Msg.of("inputs.merged", cells=cells))
        return filled

    def _columns(self, filled: dict[tuple[int, int], Any]) -> list[Column]:
        """Each column's header: the header rows' words top to bottom; a group header
        typed once (a CSV export loses the merge) names the columns right of it."""
        last = max(self.sheet.last_column, 1)
        texts: dict[int, list[str]] = {c: [] for c in range(1, last + 1)}
        for row in range(self.top, self.bottom + 1):
            carry = ""
            for column in range(1, last + 1):
                value = filled.get((row, column), self.sheet.get(row, column))
                text = "" if blank(value) else _norm(value)
                if row < self.bottom and column > 1:
                    # a group header (1-9月, 本月) names the blank cells right of it
                    carry = text if text else carry
                    text = text or carry
                    if text and not text_is_group(text):
                        carry = ""
                if text and text not in texts[column]:
                    texts[column].append(text)
        out = []
        for column, parts in texts.items():
            header = "".join(parts)
            units = [u for u in _UNIT.findall(header) if u and not find(u)]
            unit = "" if not units or units[-1] in ("%", "％") else units[-1]
            out.append(Column(column, header, classify(header), find(header), unit))
        return out

    def _titles(self) -> list[tuple[int, int, str]]:
        """Texts above the header (the title, a unit line), then the sheet's and file's
        names: where a period and a region may be named."""
        out = [(r, c, str(v)) for r in self.sheet.rows() if r < self.top
               for c, v in sorted(self.sheet.grid[r].items()) if isinstance(v, str)]
        if self.sheet.name:
            out.append((0, 0, self.sheet.name))
        stem = Path(self.path).stem
        out.append((0, 0, stem))
        return out

    def _region(self, titles: list[tuple[int, int, str]]) -> tuple[str, str] | None:
        for row, column, text in titles:
            found = self.catalog.regions_in(text)
            if len(found) > 1:
                self.problem(max(row, 1), max(column, 1),
                             Msg.of("inputs.bureau_regions", title=text, regions=found))
                return None
            if found:
                return found[0], self._ref(row, column)
        self.problem(self.top, 1, Msg.of("inputs.bureau_no_region"))
        return None

    def _period(self, column: Column, titles: list[tuple[int, int, str]]
                ) -> tuple[str, str] | None:
        """The column's period (its own header's month, else the title's) and the cell that
        names the month."""
        header_ref = f"{column_letter(column.index)}{self.bottom}"
        own = column.found if column.found and column.found.month else None
        month_from, month, year_from, year = "", None, "", None
        if own is not None:
            month, month_from = own.month, header_ref
        if column.found and column.found.year:
            year, year_from = column.found.year, header_ref
        for row, col, text in titles:
            found = find(text) or _file_period(text)
            if found is None:
                continue
            if month is None and found.month:
                month, month_from = found.month, self._ref(row, col)
            if year is None and found.year:
                year, year_from = found.year, self._ref(row, col)
        if month is None:
            self.problem(self.bottom, column.index,
                         Msg.of("inputs.bureau_no_period", header=column.header))
            return None
        if year is None:
            self.problem(self.bottom, column.index,
                         Msg.of("inputs.bureau_no_year", header=column.header))
            return None
        return f"{year}-{month:02d}", month_from or year_from

    def _ref(self, row: int, column: int) -> str:
        return f"{column_letter(column)}{row}" if row else f"A{self.top}"

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
                    if column not in numbers and _is_number(value):
                        numbers.add(column)
                    if column not in figures and _figure(value):
                        figures.add(column)
        return figures, numbers


def _file_period(text: str) -> Found | None:
    """yb-2025-09, 202509: a year and month in a file's name."""
    match = _FILE_PERIOD.search(unicodedata.normalize("NFKC", text))
    return Found(int(match.group(1)), int(match.group(2)), False, False) if match else None


def _figure(value: Any) -> bool:
    """A cell that holds a figure (or something meant as one): not blank, not a dash."""
    return not blank(value) and _norm(value) not in NO_FIGURE


def _is_number(value: Any) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    text = _norm(value).rstrip("%").replace(",", "")
    return bool(re.fullmatch(r"[+-]?\d+(\.\d+)?", text))


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
    text = _norm(value).rstrip("%").replace(",", "")
    try:
        return float(text)
    except ValueError:
        return text
