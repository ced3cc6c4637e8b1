"""Turn a CSV or .xlsx file into rows of cells with their line numbers.

Analysts' files come from Excel, WPS and Windows: UTF-8 with or without a BOM, GBK, UTF-16
("Unicode text", tab-separated), full-width characters, a title above the header, merged
cells, percentages formatted by Excel. This module only deals with the file format; what the
cells mean is checked in ``data``. Anything it cannot read with confidence is a Problem, never
a guess and never a traceback.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xyforecast.errors import Problem

# Chinese headers analysts may type instead of the codes.
HEADER_ALIASES = {
    "地区": "region", "区域": "region", "指标": "indicator", "时期": "period", "期间": "period",
    "统计期": "period", "口径": "measure", "度量": "measure", "指标类型": "measure",
    "数值": "value", "值": "value", "单位": "unit", "来源": "source", "出处": "source",
    "备注": "note", "说明": "note", "版本": "vintage", "核算版本": "vintage",
    "地域口径": "territory", "限定": "qualifier", "目标限定词": "qualifier",
}
# A header names at least these; lines above it (a title) are skipped.
HEADER_MARKERS = frozenset({"region", "indicator", "value"})
COLUMN_NAMES = frozenset(HEADER_ALIASES.values())
HEADER_SEARCH_LINES = 20
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass
class Table:
    """Header and rows of one file; ``rows`` pairs each row's line number with its cells."""

    path: str
    columns: list[str]
    rows: list[tuple[int, dict[str, Any]]]
    problems: list[Problem] = field(default_factory=list)
    header_line: int = 1


def normalize_header(name: Any) -> str:
    text = unicodedata.normalize("NFKC", str(name or "")).strip().strip('"').strip().lower()
    text = text.split("(")[0].strip()  # "region (地区)" -> "region"
    return HEADER_ALIASES.get(text, text)


def is_header(cells: list[Any]) -> bool:
    """A header names region, indicator and value (in English or Chinese)."""
    return HEADER_MARKERS.issubset(normalize_header(c) for c in cells)


def read_table(path: Path) -> Table:
    """Read ``path`` whatever its extension says; the first bytes decide the format."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        return _fail(name, "is a folder, not a CSV or .xlsx file")
    except FileNotFoundError:
        return _fail(name, "no such file")
    except OSError as exc:
        return _fail(name, f"cannot be read: {exc.strerror or exc}")
    if not raw.strip():
        return _fail(name, "is empty; expected a header line and figures")
    if raw.startswith(_XLSX_MAGIC):
        return _read_xlsx(name, raw)
    if raw.startswith(_XLS_MAGIC):
        return _fail(name, "is an old Excel .xls workbook; save it as .xlsx or CSV (UTF-8)")
    text, problem = _decode(raw)
    if text is None:
        return _fail(name, problem)
    if _looks_like_html(text):
        return _fail(name, "is a web page (HTML), not CSV or .xlsx: open it in Excel and save "
                           "it as .xlsx or CSV (UTF-8)")
    return _read_csv(name, text)


def _fail(path: str, message: str, line: int | None = None) -> Table:
    return Table(path, [], [], [Problem(path, line, message)])


def _decode(raw: bytes) -> tuple[str | None, str]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK).

    Returns the text, or None and the reason it cannot be read.
    """
    binary = "is not a CSV or .xlsx file (binary content)"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            return None, "starts with a UTF-16 byte-order mark but is not valid UTF-16 text"
        return (None, binary) if _looks_binary(text) else (text, "")
    head = raw[:8192]
    if b"\x00" in head:
        # ASCII text saved as UTF-16 without a BOM has a NUL in every other byte.
        if head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4:
            return None, "looks like UTF-16 text without a byte-order mark; save it as CSV (UTF-8)"
        return None, binary
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return (None, binary) if _looks_binary(text) else (text, "")
    if _looks_binary(raw.decode("latin-1")):
        return None, binary
    bad = _first_non_utf8(raw)
    line = raw[:bad].count(b"\n") + 1
    return None, (f"is neither UTF-8 nor GBK text (byte 0x{raw[bad]:02x} on line {line}); "
                  "save it as CSV (UTF-8)")


def _first_non_utf8(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t")
    return controls > max(2, len(sample) // 100)


def _looks_like_html(text: str) -> bool:
    """Web systems often export an HTML table named .xls or .csv."""
    start = text.lstrip("\ufeff \t\r\n")[:512].lower()
    return start.startswith(("<!doctype html", "<html", "<table", "<?xml")) or (
        start.startswith("<") and "<html" in start)


def _sniff(text: str) -> tuple[str, int | None]:
    """The delimiter and line of the header: the first of the first lines that names region,
    indicator and value when split by a comma, a tab or a semicolon. (",", None) if none does."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    for number, line in lines[:HEADER_SEARCH_LINES]:
        for delimiter in (",", "\t", ";"):
            if is_header(line.split(delimiter)):
                return delimiter, number
    return ",", None


def _read_csv(path: str, text: str) -> Table:
    delimiter, header_line = _sniff(text)
    if delimiter == ";":
        return _fail(path, "separates fields with semicolons (;): save it as CSV with commas "
                           "(in Excel: CSV UTF-8)", header_line)
    # strict: a quote left open (a file cut off mid-field) is an error, not a silent swallow
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    problems: list[Problem] = []
    last_line = 0
    try:
        for record in reader:
            line, last_line = last_line + 1, reader.line_num
            if any(cell.strip() for cell in record):
                records.append((line, record))
    except csv.Error as exc:
        problems.append(_csv_error(path, last_line + 1, str(exc)))
    if not records:
        return Table(path, [], [], problems) if problems else _fail(
            path, "is empty; expected a header line and figures")
    cut_off = not problems and not text.endswith(("\n", "\r"))  # the last line is incomplete
    # The header is the first line naming region, indicator and value; else the first line.
    first = next((i for i, (_, r) in enumerate(records[:HEADER_SEARCH_LINES]) if is_header(r)), 0)
    header_at, header = records[first]
    problems += _above_header(path, records[:first], header_at, "line")
    columns = [normalize_header(c) for c in header]
    while len(columns) > 1 and not columns[-1]:
        columns.pop()  # "…,note," from Excel: a trailing column with no name
    width = len(columns)
    rows: list[tuple[int, dict[str, Any]]] = []
    for line, record in records[first + 1:]:
        if [normalize_header(c) for c in record[:width]] == columns:
            problems.append(Problem(path, line, "header line repeated; skipped", "warning"))
            continue
        while len(record) > width and not record[-1].strip():
            record = record[:-1]  # empty cells after the last column carry nothing
        if len(record) != width:
            hint = ("the file ends in the middle of this line: is it cut off?"
                    if cut_off and len(record) < width and line == records[-1][0]
                    else "a comma inside a value must be quoted")
            problems.append(Problem(
                path, line, f"has {len(record)} fields but the header has {width} ({hint})"))
            continue
        rows.append((line, dict(zip(columns, record))))
    return Table(path, columns, rows, problems, header_at)


def _csv_error(path: str, line: int, error: str) -> Problem:
    """Say what the csv module's error means for someone who typed the file."""
    if "end of data" in error:
        return Problem(path, line, "a quoted value opened on this line is never closed "
                                   "(is the file cut off, or a quote missing?)")
    if "expected after" in error:
        return Problem(path, line, 'text follows a closing quote; write a quote inside a quoted '
                                   'value as two quotes ("")')
    if "field limit" in error:
        return Problem(path, line, f"a value is longer than {csv.field_size_limit()} characters "
                                   "(a quote left open?)")
    return Problem(path, line, f"is not valid CSV: {error}")


def _above_header(path: str, above: list[tuple[int, list[Any]]], header_at: int,
                  word: str) -> list[Problem]:
    """Lines above the header: a title (one or two cells) is skipped with a warning; anything
    that looks like figures is an error rather than silently dropped."""
    problems = []
    titles = []
    for line, cells in above:
        if sum(not _blank(c) for c in cells) <= 2:
            titles.append(line)
        else:
            problems.append(Problem(path, line, f"figures before the header ({word} "
                                                f"{header_at}); move the header to the top"))
    if titles:
        problems.insert(0, Problem(path, titles[0], f"{_lines(titles, word)} above the header "
                                                    "skipped (a title?)", "warning"))
    return problems


def _lines(numbers: list[int], word: str = "line") -> str:
    if len(numbers) == 1:
        return f"{word} {numbers[0]}"
    return f"{word}s {numbers[0]}-{numbers[-1]}"


def _read_xlsx(path: str, raw: bytes) -> Table:
    if _ODS_MIMETYPE in raw[:128]:
        return _fail(path, "is an OpenDocument spreadsheet (.ods); save it as .xlsx or CSV "
                           "(UTF-8)")
    try:
        import openpyxl

        with warnings.catch_warnings():  # openpyxl warns about styles WPS writes; not ours
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except KeyError:
        return _fail(path, "is a ZIP archive but not an .xlsx workbook")
    except Exception as exc:  # a damaged workbook can fail in any of openpyxl's parsers
        return _fail(path, f"is not a readable .xlsx workbook ({exc.__class__.__name__}): "
                           "is it cut off or damaged? Save it again from Excel")
    found = [(sheet, n) for sheet in book.worksheets if (n := _header_row(sheet, is_header))]
    if not found:
        # One sheet whose first row names some column: let the column check say what is wrong.
        found = [(sheet, n) for sheet in book.worksheets if (n := _header_row(sheet, bool))
                 and COLUMN_NAMES & {normalize_header(c.value) for c in sheet[n]}]
        if len(found) != 1:
            names = ", ".join(repr(s.title) for s in book.worksheets)
            return _fail(path, f"no sheet has a header with region, indicator, period, measure, "
                               f"value, unit, source (sheets: {names})")
    if len(found) > 1:
        names = ", ".join(repr(s.title) for s, _ in found)
        return _fail(path, f"several sheets hold figures ({names}); keep them in one sheet")
    sheet, first = found[0]
    return _read_sheet(path, sheet, first)


def _header_row(sheet: Any, test: Callable[[list[Any]], bool]) -> int:
    """The number of the first of the sheet's first rows whose cells pass ``test``; 0 if none."""
    for number, values in enumerate(
            sheet.iter_rows(values_only=True, max_row=HEADER_SEARCH_LINES), start=1):
        if test([v for v in values if v is not None and str(v).strip()]):
            return number
    return 0


def _read_sheet(path: str, sheet: Any, first: int) -> Table:
    problems: list[Problem] = []
    header = [normalize_header(c.value) for c in sheet[first]]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    above = [(n, [c.value for c in sheet[n]]) for n in range(1, first)]
    problems += _above_header(path, [(n, v) for n, v in above if not all(map(_blank, v))],
                              first, "row")
    filled: dict[tuple[int, int], Any] = {}
    for merged in sheet.merged_cells.ranges:
        if merged.max_row < first or merged.min_col > width:
            continue  # a merged title above the header, or formatting beside the table
        if merged.min_col != merged.max_col or merged.min_row <= first:
            problems.append(Problem(path, max(merged.min_row, first),
                                    f"cells {merged.coord} are merged; unmerge them and type "
                                    "the value in every cell"))
            continue
        # A merge down one column shows its value in every row of it; read it so.
        value = _cell_value(sheet.cell(merged.min_row, merged.min_col))
        for row in range(merged.min_row, merged.max_row + 1):
            filled[(row, merged.min_col)] = value
    rows = []
    for number, cells in enumerate(sheet.iter_rows(min_row=first + 1), start=first + 1):
        values = [filled.get((number, c.column), _cell_value(c)) for c in cells]
        head = values[:width]
        extra = [c.coordinate for c, v in zip(cells[width:], values[width:]) if not _blank(v)]
        if all(_blank(v) for v in head) and not extra:
            continue
        if [normalize_header(c) for c in head] == header:
            problems.append(Problem(path, number, "header row repeated; skipped", "warning"))
            continue
        if extra:
            problems.append(Problem(path, number, f"has values to the right of the last column "
                                                  f"({', '.join(extra)})"))
            continue
        head += [None] * (width - len(head))
        rows.append((number, dict(zip(header, head))))
    return Table(path, header, rows, problems, first)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell_value(cell: Any) -> Any:
    """What the cell shows: a number formatted as a percentage (0.058 shown as 5.8%) is read as
    the text "5.8%", so the value check treats it like a typed percentage."""
    value = cell.value
    if (isinstance(value, int | float) and not isinstance(value, bool)
            and "%" in str(getattr(cell, "number_format", ""))):
        return f"{value * 100:.12g}%"
    return value
