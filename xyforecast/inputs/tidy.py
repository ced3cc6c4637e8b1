"""The suite's own layout: a header naming the columns, then one figure per row.

Forgiving where a person's intent is plain (a title above the header, blank lines, Excel's
trailing empty column, a repeated header, a value merged down one column) and strict where
a figure could end up in the wrong place (figures above the header, a comma that splits a
value, cells merged across columns, values right of the table).
"""

from __future__ import annotations

from typing import Any

from xyforecast.errors import Problem
from xyforecast.i18n import Msg
from xyforecast.inputs.table import (
    COLUMNS,
    HEADER_MARKERS,
    REQUIRED_COLUMNS,
    Merge,
    Merges,
    Row,
    Sheet,
    blank,
    column_letter,
    is_header,
    normalize_header,
    range_ref,
)
from xyforecast.inputs.text import HEADER_SEARCH_LINES, Records


def header_row(sheet: Sheet) -> int:
    """The first of a sheet's first rows that names region, indicator and value; 0 if none."""
    for number in sheet.rows()[:HEADER_SEARCH_LINES]:
        if is_header(list(sheet.grid[number].values())):
            return number
    return 0


def names_columns(sheet: Sheet) -> int:
    """The first row naming any of the suite's columns (a header with a column missing or
    misspelt): its columns are checked so the person learns which. 0 if none."""
    for number in sheet.rows()[:HEADER_SEARCH_LINES]:
        names = {normalize_header(v) for v in sheet.grid[number].values()}
        if len(names & set(COLUMNS)) >= 2 and names & HEADER_MARKERS:
            return number
    return 0


def check_columns(path: str, columns: list[str], line: int,
                  where: str | None = None) -> list[Problem]:
    """Missing, unknown, unnamed or repeated columns: one line naming them all."""
    allowed = list(COLUMNS)
    if not set(columns) & set(COLUMNS):
        return [Problem(path, line, Msg.of("inputs.not_a_header", expected=allowed), where=where)]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    unknown = [f"'{c}'" for c in columns if c and c not in COLUMNS]
    unnamed = [str(n) for n, c in enumerate(columns, start=1) if not c]
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    parts = [Msg.of(key, columns=names) for key, names in (
        ("inputs.columns_missing", missing), ("inputs.columns_unknown", unknown),
        ("inputs.columns_unnamed", unnamed), ("inputs.columns_repeated", repeated)) if names]
    if not parts:
        return []
    return [Problem(path, line, Msg.of("inputs.columns_bad", parts=parts, expected=allowed),
                    where=where)]


def from_records(records: Records) -> tuple[list[Row], list[Problem]]:
    """Rows of a text file whose header is one of its first lines (else its first line)."""
    path, found = records.path, records.records
    problems: list[Problem] = []
    first = next((i for i, (_, r) in enumerate(found[:HEADER_SEARCH_LINES]) if is_header(r)), 0)
    header_at, header = found[first]
    problems += above_header(path, found[:first], header_at, None)
    columns = [normalize_header(c) for c in header]
    while len(columns) > 1 and not columns[-1]:
        columns.pop()  # "…,note," from Excel: a trailing column with no name
    width = len(columns)
    column_problems = check_columns(path, columns, header_at)
    if column_problems:
        return [], problems + column_problems
    rows: list[Row] = []
    for line, record in found[first + 1:]:
        if (record and normalize_header(record[0]) == columns[0]
                and [normalize_header(c) for c in record[:width]] == columns):
            problems.append(Problem(path, line, Msg.of("inputs.header_repeated_line"),
                                    "warning"))
            continue
        while len(record) > width and not record[-1].strip():
            record = record[:-1]  # empty cells after the last column carry nothing
        if len(record) != width:
            cut = records.cut_off and len(record) < width and line == found[-1][0]
            problems.append(Problem(path, line, Msg.of(
                "inputs.field_count", fields=len(record), width=width,
                hint=Msg.of("inputs.hint_cut_off" if cut else "inputs.hint_quote_comma"))))
            continue
        rows.append(Row(line, dict(zip(columns, record))))
    return rows, problems


def from_sheet(path: str, sheet: Sheet, first: int) -> tuple[list[Row], list[Problem]]:
    """Rows of a sheet whose header is row ``first``."""
    problems: list[Problem] = []
    header = [normalize_header(c) for c in sheet.row(first)]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    above = [(n, sheet.row(n)) for n in sheet.rows() if n < first]
    problems += above_header(path, above, first, sheet)
    column_problems = check_columns(path, header, first, sheet.ref(first, 1))
    if column_problems:
        return [], problems + column_problems
    down: list[Merge] = []
    for merge in sheet.merges:
        top, left, bottom, right = merge
        if bottom < first or left > width:
            continue  # a merged title above the header, or formatting beside the table
        if left != right or top <= first:
            problems.append(Problem(path, max(top, first), Msg.of(
                "inputs.merged", cells=range_ref(merge)), where=sheet.ref(max(top, first), left)))
            continue
        down.append(merge)  # a merge down one column shows its value in every row of it
    merged = sheet.merged(range(1, width + 1), down)
    if merged.overlap:
        return [], [*problems, overlapping(path, sheet, merged.overlap)]
    rows: list[Row] = []
    for number in [r for r in sheet.rows() if r > first]:
        values = [_value(sheet, merged, number, c) for c in range(1, width + 1)]
        extra = [sheet.ref(number, c) for c, v in sheet.grid.get(number, {}).items()
                 if c > width and not blank(v)]
        if all(blank(v) for v in values) and not extra:
            continue
        if [normalize_header(v) for v in values] == header:
            problems.append(Problem(path, number, Msg.of("inputs.header_repeated_row"),
                                    "warning", where=sheet.ref(number, 1)))
            continue
        if extra:
            problems.append(Problem(path, number, Msg.of("inputs.right_of_table",
                                                         cells=[e.split("!")[-1] for e in extra]),
                                    where=extra[0]))
            continue
        refs = {name: _cell(number, c) for c, name in enumerate(header, start=1)}
        rows.append(Row(number, dict(zip(header, values)), sheet.name, refs))
    return rows, problems


def _value(sheet: Sheet, merged: Merges, row: int, column: int) -> Any:
    """A cell's value as the sheet shows it: a merged range's value in every cell of it."""
    merge = merged.at(row, column)
    return sheet.get(row, column) if merge is None else sheet.get(merge[0], merge[1])


def overlapping(path: str, sheet: Sheet, pair: tuple[Merge, Merge]) -> Problem:
    """Two merged ranges that share a cell: Excel never writes them; nothing is read."""
    first, second = pair
    return Problem(path, second[0], Msg.of("inputs.merges_overlap", first=range_ref(first),
                                           second=range_ref(second)),
                   where=sheet.ref(second[0], second[1]))


def above_header(path: str, above: list[tuple[int, list[Any]]], header_at: int,
                 sheet: Sheet | None) -> list[Problem]:
    """Lines above the header: a title (one or two cells) is skipped with a warning; anything
    that looks like figures is an error rather than silently dropped."""
    problems = []
    titles = []
    for line, cells in above:
        if all(blank(c) for c in cells):
            continue
        if sum(not blank(c) for c in cells) <= 2:
            titles.append(line)
        else:
            where = sheet.ref(line, 1) if sheet else None
            problems.append(Problem(path, line, Msg.of(
                "inputs.figures_above_header_row" if sheet else "inputs.figures_above_header",
                header=header_at), where=where))
    if titles:
        key = "inputs.title_rows_skipped" if sheet else "inputs.title_lines_skipped"
        lines = str(titles[0]) if len(titles) == 1 else f"{titles[0]}-{titles[-1]}"
        problems.insert(0, Problem(path, titles[0], Msg.of(key, lines=lines,
                                                            s="s" if len(titles) > 1 else ""),
                                   "warning", where=sheet.ref(titles[0], 1) if sheet else None))
    return problems


def _cell(row: int, column: int) -> str:
    return f"{column_letter(column)}{row}"
