"""What every reader returns: rows of cells by column name, each with where it came from.

A row of a text file is known by its line; a row of a workbook also by its sheet and, for
each column, the cell it came from, so that a problem names ``FILE:Sheet!C7``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from xyforecast.errors import Problem

REQUIRED_COLUMNS = ("region", "indicator", "period", "measure", "value", "unit", "source")
OPTIONAL_COLUMNS = ("note", "vintage", "territory", "qualifier", "upper", "stretch", "flag")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Chinese headers analysts may type instead of the codes.
HEADER_ALIASES = {
    "地区": "region", "区域": "region", "指标": "indicator", "指标名称": "indicator",
    "时期": "period", "期间": "period", "统计期": "period", "口径": "measure", "度量": "measure",
    "指标类型": "measure", "数值": "value", "值": "value", "单位": "unit", "来源": "source",
    "出处": "source", "备注": "note", "说明": "note", "版本": "vintage", "核算版本": "vintage",
    "发布日期": "vintage", "发布时间": "vintage", "地域口径": "territory", "限定": "qualifier",
    "目标限定词": "qualifier", "上限": "upper", "区间上限": "upper", "力争": "stretch",
    "力争目标": "stretch",
    "标记": "flag",
}
# A header names at least these; lines above it (a title) are skipped.
HEADER_MARKERS = frozenset({"region", "indicator", "value"})


@dataclass
class Row:
    """One row: its line (text) or row number (sheet), its cells by column name, and where
    each column's value came from: ``sheet`` is the sheet's name ("" for a text file read
    cell by cell, None for a text file read line by line) and ``refs`` the cells (``C7``)."""

    line: int
    cells: dict[str, Any]
    sheet: str | None = None
    refs: dict[str, str] = field(default_factory=dict)

    def where(self, column: str | None = None) -> str | None:
        """``Sheet!C7`` for a column (the row's first cell for the row), ``C7`` in a text
        file read cell by cell, None for a line of a text file."""
        if self.sheet is None:
            return None
        ref = self.refs.get(column or "") or next(iter(self.refs.values()), f"A{self.line}")
        return cell_ref(self.sheet, ref)


def column_letter(index: int) -> str:
    """Excel's name of a column (1 -> A, 28 -> AB). openpyxl's, imported on first use:
    importing openpyxl costs every command 0.3 s and only workbooks need it."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def cell_ref(sheet: str | None, cell: str) -> str:
    """``Sheet!C7``, the name quoted as Excel does when it holds more than letters and
    digits ('1-9月'!C7, 'My sheet'!C7); ``C7`` in a text file."""
    if not sheet or "!" in cell:
        return cell
    if re.fullmatch(r"[^\W\d]\w*", sheet):
        return f"{sheet}!{cell}"
    return "'{}'!{}".format(sheet.replace("'", "''"), cell)


@dataclass
class Table:
    """The rows of one file, the problems met reading it, and the file's fingerprint."""

    path: str
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sha256: str = ""
    layout: str = ""  # "tidy" (one figure per row) or "bureau" (a 统计月报 table)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def normalize_header(name: Any) -> str:
    return _header_key(str(name or ""))


@functools.lru_cache(maxsize=4096)  # every row's first cell is compared with the header's
def _header_key(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw).strip().strip('"').strip().lower()
    text = text.split("(")[0].strip()  # "region (地区)" -> "region"
    return HEADER_ALIASES.get(text, text)


def is_header(cells: list[Any]) -> bool:
    """A header names region, indicator and value (in English or Chinese)."""
    return HEADER_MARKERS.issubset(normalize_header(c) for c in cells)


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Sheet:
    """The cells of one sheet that hold a value: ``grid[row][column]`` is the value as the
    sheet shows it (numbers formatted as percentages become text "5.8%", dates stay dates).
    ``merges`` are (min_row, min_col, max_row, max_col). ``uncached`` are the (row, column)
    of formulas saved without their result (a file written by a program, never opened and
    saved in Excel or WPS): empty here, but not blank in the table. A text file read cell by cell is
    one sheet without a name, its rows numbered by line."""

    name: str | None
    grid: dict[int, dict[int, Any]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    cells: int = 0  # how many hold a value
    uncached: set[tuple[int, int]] = field(default_factory=set)  # formulas without a result
    _rows: list[int] | None = field(default=None, repr=False)

    def get(self, row: int, column: int) -> Any:
        return self.grid.get(row, {}).get(column)

    def put(self, row: int, column: int, value: Any) -> None:
        cells = self.grid.setdefault(row, {})
        self.cells += column not in cells
        cells[column] = value
        self._rows = None

    def row(self, number: int, width: int | None = None) -> list[Any]:
        """The values of one row from column 1 (to ``width``, else to its last value)."""
        cells = self.grid.get(number, {})
        last = width or max(cells, default=0)
        return [cells.get(c) for c in range(1, last + 1)]

    def rows(self) -> list[int]:
        if self._rows is None:
            self._rows = sorted(self.grid)
        return self._rows

    def rows_between(self, top: int, bottom: int) -> list[int]:
        """The rows holding values from ``top`` to ``bottom``: a merge down a million rows
        costs the rows that hold something."""
        rows = self.rows()
        return rows[bisect.bisect_left(rows, top):bisect.bisect_right(rows, bottom)]

    @property
    def last_column(self) -> int:
        return max((c for cells in self.grid.values() for c in cells), default=0)

    def merged(self, columns: range | set[int], merges: list[Merge] | None = None
               ) -> Merges:
        """The sheet's merged ranges (or ``merges``) over ``columns``, as ranges."""
        return Merges(self.merges if merges is None else merges, columns)

    def ref(self, row: int, column: int) -> str:
        """``Sheet!C7`` (the name quoted when Excel would), or ``C7`` in a text file."""
        return cell_ref(self.name, f"{column_letter(column)}{row}")


Merge = tuple[int, int, int, int]  # (min_row, min_col, max_row, max_col)


class Merges:
    """Merged ranges looked up by cell: a merge down 49,000 rows costs one entry, never one
    per cell. Each column asked for keeps its merges sorted by top row, so the merge over a
    cell is found by bisection. Excel never writes two merges that share a cell;
    ``overlap`` names the first such pair (a damaged or hand-made file), and then no lookup
    is to be trusted."""

    def __init__(self, merges: list[Merge], columns: range | set[int]):
        by_column: dict[int, list[tuple[int, int, Merge]]] = {}
        for merge in merges:
            top, left, bottom, right = merge
            for column in columns:
                if left <= column <= right:
                    by_column.setdefault(column, []).append((top, bottom, merge))
        self.overlap: tuple[Merge, Merge] | None = None
        self._tops: dict[int, list[int]] = {}
        self._spans: dict[int, list[tuple[int, int, Merge]]] = {}
        for column, spans in by_column.items():
            spans.sort()
            for (_, bottom, first), (top, _, second) in itertools.pairwise(spans):
                if top <= bottom and self.overlap is None:
                    self.overlap = (first, second)
            self._spans[column] = spans
            self._tops[column] = [top for top, _, _ in spans]

    def at(self, row: int, column: int) -> Merge | None:
        """The merge that covers a cell, if any."""
        tops = self._tops.get(column)
        if not tops:
            return None
        i = bisect.bisect_right(tops, row) - 1
        if i < 0:
            return None
        _, bottom, merge = self._spans[column][i]
        return merge if row <= bottom else None


def range_ref(merge: Merge) -> str:
    """``A3:A9``: a merged range as Excel names it."""
    top, left, bottom, right = merge
    return f"{column_letter(left)}{top}:{column_letter(right)}{bottom}"
