"""Workbooks (.xlsx): the cells that hold values, sheet by sheet, at a cost that follows them.

openpyxl's normal mode creates every cell up to a sheet's declared size, so one formatted,
empty cell at ``XFD1048576`` makes a 5 KB file take gigabytes. Here openpyxl's read-only
mode reads the shared strings, styles and dates, and its cell parser decodes each cell, but
the sheet's XML is streamed row by row and only cells holding a value are kept; parts that
unpack beyond a limit, too many rows or columns of values, and over-long cells are refused.
"""

from __future__ import annotations

import bisect
import io
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import iterparse  # the C parser; expat >= 2.4 limits entity blow-up

from openpyxl.utils import get_column_letter

from xyforecast.i18n import Msg
from xyforecast.inputs.limits import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMN,
    MAX_MERGES,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_ROWS,
    MAX_SHEETS,
    MAX_UNPACKED_BYTES,
)
from xyforecast.inputs.table import cell_ref

EXCEL_ROWS = 1_048_576
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _MERGE, _TEXT = f"{_NS}row", f"{_NS}mergeCell", f"{_NS}t"


class ExcelError(str):
    """A cell holding an Excel error (#REF!, #DIV/0!, #N/A …): never a figure or a name."""


@dataclass
class Sheet:
    """The cells of one sheet that hold a value: ``grid[row][column]`` is the value as the
    sheet shows it (numbers formatted as percentages become text "5.8%", dates stay dates).
    ``merges`` are (min_row, min_col, max_row, max_col). A text file is one sheet without a
    name, its rows numbered by line."""

    name: str | None
    grid: dict[int, dict[int, Any]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    cells: int = 0  # how many hold a value

    def get(self, row: int, column: int) -> Any:
        return self.grid.get(row, {}).get(column)

    def put(self, row: int, column: int, value: Any) -> None:
        cells = self.grid.setdefault(row, {})
        self.cells += column not in cells
        cells[column] = value

    def row(self, number: int, width: int | None = None) -> list[Any]:
        """The values of one row from column 1 (to ``width``, else to its last value)."""
        cells = self.grid.get(number, {})
        last = width or max(cells, default=0)
        return [cells.get(c) for c in range(1, last + 1)]

    def rows(self) -> list[int]:
        return sorted(self.grid)

    def rows_between(self, top: int, bottom: int) -> list[int]:
        """The rows holding values from ``top`` to ``bottom``: a merge down a million rows
        costs the rows that hold something."""
        rows = self.rows()
        return rows[bisect.bisect_left(rows, top):bisect.bisect_right(rows, bottom)]

    @property
    def last_column(self) -> int:
        return max((c for cells in self.grid.values() for c in cells), default=0)

    def ref(self, row: int, column: int) -> str:
        """``Sheet!C7`` (the name quoted when Excel would), or ``C7`` in a text file."""
        return cell_ref(self.name, f"{get_column_letter(column)}{row}")


class Refused(Exception):
    """A workbook refused, with the reason and, when one cell is at fault, the cell."""

    def __init__(self, message: Msg, where: str | None = None):
        super().__init__(message)
        self.message, self.where = message, where


def read_workbook(raw: bytes) -> list[Sheet]:
    """The sheets of an .xlsx workbook; ``Refused`` with the one reason it cannot be read."""
    if _ODS_MIMETYPE in raw[:128]:
        raise Refused(Msg.of("inputs.ods"))
    try:
        parts = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except Exception as exc:  # BadZipFile, or NotImplementedError for a damaged header
        raise Refused(Msg.of("inputs.xlsx_damaged", error=exc.__class__.__name__)) from None
    if len(parts) > MAX_PARTS:
        raise Refused(Msg.of("inputs.xlsx_parts", limit=MAX_PARTS))
    big = next((p for p in parts if p.file_size > MAX_PART_BYTES), None)
    if big is not None:
        raise Refused(Msg.of("inputs.xlsx_part_too_large", part=big.filename,
                             size=f"{big.file_size / 2**20:,.0f} MB",
                             limit=f"{MAX_PART_BYTES // 2**20} MB"))
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise Refused(Msg.of("inputs.xlsx_too_large", size=f"{unpacked / 2**20:,.0f} MB",
                             limit=f"{MAX_UNPACKED_BYTES // 2**20} MB"))
    if "xl/workbook.xml" not in {p.filename for p in parts}:
        raise Refused(Msg.of("inputs.zip_not_xlsx"))
    try:
        return _read_sheets(raw)
    except Refused:
        raise
    except KeyError:
        raise Refused(Msg.of("inputs.zip_not_xlsx")) from None
    except Exception as exc:  # a damaged workbook can fail in any of openpyxl's parsers
        raise Refused(Msg.of("inputs.xlsx_damaged", error=exc.__class__.__name__)) from None


def _read_sheets(raw: bytes) -> list[Sheet]:
    """openpyxl reads the manifest, shared strings, workbook and styles; its read-only
    worksheets are not made (each would parse a whole sheet to find its size)."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    with warnings.catch_warnings():  # openpyxl warns about styles WPS writes; not ours
        warnings.simplefilter("ignore")
        reader = ExcelReader(io.BytesIO(raw), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        found = [(sheet.name, rel.target) for sheet, rel in reader.parser.find_sheets()
                 if rel.target in reader.valid_files and "chartsheet" not in rel.Type]
        if len(found) > MAX_SHEETS:
            raise Refused(Msg.of("inputs.xlsx_sheets", count=len(found), limit=MAX_SHEETS))
        sheets: list[Sheet] = []
        for name, part in found:
            left = MAX_CELLS - sum(s.cells for s in sheets)
            sheets.append(_read_sheet(reader, name, part, left))
        return sheets


def _percent_styles(book: Any) -> set[int]:
    """The style ids whose number format shows a percentage."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    out = set()
    for n, style in enumerate(book._cell_styles):
        fmt_id = style.numFmtId
        fmt = (BUILTIN_FORMATS.get(fmt_id, "") if fmt_id < BUILTIN_FORMATS_MAX_SIZE
               else book._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE])
        if "%" in fmt:
            out.add(n)
    return out


def _read_sheet(reader: Any, name: str, part: str, cells_left: int) -> Sheet:
    """Stream one sheet's XML: keep the cells that hold a value, drop each row once read.
    openpyxl's cell parser decodes numbers, dates, shared strings and errors; inline
    strings (openpyxl's own files) are joined here, its descriptors being slow for them."""
    from openpyxl.worksheet._reader import WorkSheetParser

    book = reader.wb
    sheet = Sheet(name)
    percent = _percent_styles(book)
    with reader.archive.open(part) as source:
        if b"<!DOCTYPE" in source.read(4096):  # no sheet Excel writes declares entities
            raise Refused(Msg.of("inputs.xlsx_damaged", error="DOCTYPE"))
    with reader.archive.open(part) as source:
        parser = WorkSheetParser(source, reader.shared_strings, data_only=True,
                                 epoch=book.epoch, date_formats=book._date_formats,
                                 timedelta_formats=book._timedelta_formats)
        rows_with_values = 0
        for _, element in iterparse(source):
            if element.tag == _MERGE:
                merge = _merge(element.get("ref", ""))
                if merge is not None:
                    sheet.merges.append(merge)
                    if len(sheet.merges) > MAX_MERGES:
                        raise Refused(Msg.of("inputs.too_many_merges", sheet=name,
                                             limit=MAX_MERGES))
            if element.tag != _ROW:
                continue
            number = element.get("r")
            parser.row_counter = int(float(number)) if number else parser.row_counter + 1
            parser.col_counter = 0
            if parser.row_counter > EXCEL_ROWS:
                raise Refused(Msg.of("inputs.xlsx_damaged", error="row > 1048576"))
            kept, skipped = False, None  # skipped: the last empty cell's reference
            for cell in element:
                ref = cell.get("r")
                if len(cell) == 0 and ref is not None:  # formatted but empty
                    skipped = ref  # its column is worked out only if a cell needs it
                    continue
                if ref is None and skipped is not None:
                    parser.col_counter = _column(skipped)
                skipped = None
                if len(cell) == 0:
                    parser.col_counter += 1
                elif cell.get("t") == "inlineStr":
                    parser.col_counter = _column(ref) if ref else parser.col_counter + 1
                    kept = _keep(sheet, {"row": parser.row_counter,
                                         "column": parser.col_counter,
                                         "value": "".join(t.text or "" for t in cell.iter(_TEXT)),
                                         "data_type": "s", "style_id": 0}, percent) or kept
                else:
                    kept = _keep(sheet, parser.parse_cell(cell), percent) or kept
            element.clear()  # the row's cells go; the empty row element is a few bytes
            rows_with_values += kept
            if rows_with_values > MAX_ROWS:
                raise Refused(Msg.of("inputs.too_many_rows", sheet=name, limit=MAX_ROWS))
            if sheet.cells > cells_left:
                raise Refused(Msg.of("inputs.too_many_cells", limit=MAX_CELLS))
    return sheet


def _keep(sheet: Sheet, cell: dict[str, Any], percent: set[int]) -> bool:
    """Keep a cell that holds a value (as the sheet shows it); True if it did."""
    value, row, column = cell["value"], cell["row"], cell["column"]
    if value is None or (isinstance(value, str) and not value):
        return False
    if column > MAX_COLUMN:
        raise Refused(Msg.of("inputs.too_many_columns", limit=get_column_letter(MAX_COLUMN)),
                      sheet.ref(row, column))
    if cell["data_type"] == "e":
        value = ExcelError(value)
    elif isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        raise Refused(Msg.of("inputs.cell_too_long", size=len(value), limit=MAX_CELL_CHARS),
                      sheet.ref(row, column))
    elif (cell["style_id"] in percent and isinstance(value, int | float)
          and not isinstance(value, bool)):
        value = f"{value * 100:.12g}%"  # what the cell shows: 0.058 formatted 0.0% is 5.8%
    if isinstance(value, str) and "_x" in value:
        from openpyxl.utils.escape import unescape

        value = unescape(value)  # Excel writes a control character as _x001B_
    sheet.put(row, column, value)
    return True


def _column(ref: str) -> int:
    from openpyxl.utils.cell import coordinate_to_tuple

    return coordinate_to_tuple(ref)[1]


def _merge(ref: str) -> tuple[int, int, int, int] | None:
    from openpyxl.utils.cell import range_boundaries

    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return None
    if None in (min_col, min_row, max_col, max_row):
        return None
    return min_row, min_col, max_row, max_col
