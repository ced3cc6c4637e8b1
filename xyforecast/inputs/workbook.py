"""Workbooks (.xlsx): the cells that hold values, sheet by sheet, at a cost that follows them.

openpyxl's normal mode creates every cell up to a sheet's declared size, so one formatted,
empty cell at ``XFD1048576`` makes a 5 KB file take gigabytes; its read-only mode keeps
every shared string's element and every cell of a row, and has no merged cells. Here
openpyxl reads the manifest, the workbook and its styles (dates, percentages) and decodes
each cell, but the sheets and the shared strings are streamed with the standard library's
C parser, and every element is dropped from its parent once read, so memory follows the
cells that hold a value, never the elements parsed. Before that, expat itself reads each
such part once with nothing but a handler for a document type: expat decodes the part as it
declares (UTF-8, UTF-16, with or without a byte-order mark), and a document type anywhere in
it is refused before any entity is expanded. Parts that unpack too far, too many cells,
columns or merges, a row of more cells than Excel allows and over-long cells are refused,
each in one line (``inputs/limits.py``).

This drives openpyxl internals (``ExcelReader``, ``WorkSheetParser``, the workbook's style
and format lists), because its public read-only mode (``ReadOnlyWorksheet``, even with
``reset_dimensions()``) has no merged cells — a bureau table's headers are merged — and
builds every cell of a row: openpyxl (3.1.5, no release since 2024) is pinned by
``requirements.lock`` and ``pyproject.toml``, and ``tests/test_reading_limits.py`` fails on
any other version until these internals are checked again.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element, iterparse  # the C parser
from xml.parsers import expat

from xyforecast.i18n import Msg
from xyforecast.inputs.limits import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMN,
    MAX_MERGES,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_SHEETS,
    MAX_UNPACKED_BYTES,
)
from xyforecast.inputs.table import Sheet, column_letter

EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
_PIECES = 4 * EXCEL_COLUMNS  # elements in one row: a cell, its value, formula, inline text
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _MERGE = (f"{_NS}{t}" for t in ("row", "mergeCell"))
_SI, _RUN, _TEXT = (f"{_NS}{t}" for t in ("si", "r", "t"))
_FORMULA = f"{_NS}f"


class ExcelError(str):
    """A cell holding an Excel error (#REF!, #DIV/0!, #N/A …): never a figure or a name."""


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
    _check_parts(parts)
    try:
        return _read_sheets(raw)
    except Refused:
        raise
    except KeyError:
        raise Refused(Msg.of("inputs.zip_not_xlsx")) from None
    except Exception as exc:  # a damaged workbook can fail in any of openpyxl's parsers
        raise Refused(Msg.of("inputs.xlsx_damaged", error=exc.__class__.__name__)) from None


def _check_parts(parts: list[zipfile.ZipInfo]) -> None:
    """Sizes as the archive declares them (reading never goes past them): refused before
    anything is unpacked."""
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


def _read_sheets(raw: bytes) -> list[Sheet]:
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.xml.constants import SHARED_STRINGS

    with warnings.catch_warnings():  # openpyxl warns about styles WPS writes; not ours
        warnings.simplefilter("ignore")
        reader = ExcelReader(io.BytesIO(raw), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        strings = reader.package.find(SHARED_STRINGS)
        shared = _shared_strings(reader.archive, strings.PartName[1:]) if strings else []
        found = [(sheet.name, rel.target) for sheet, rel in reader.parser.find_sheets()
                 if rel.target in reader.valid_files and "chartsheet" not in rel.Type]
        if len(found) > MAX_SHEETS:
            raise Refused(Msg.of("inputs.xlsx_sheets", count=len(found), limit=MAX_SHEETS))
        sheets: list[Sheet] = []
        for name, part in found:
            left = MAX_CELLS - sum(s.cells for s in sheets)
            sheets.append(_read_sheet(reader, shared, name, part, left))
        return sheets


def _shared_strings(archive: zipfile.ZipFile, part: str) -> list[str]:
    """The workbook's strings: each ``si``'s text and rich-text runs, without phonetic
    hints (``rPh``). More strings than a workbook may hold cells cannot all be used: such
    a part is refused."""
    out = []
    for si in _elements(archive, part, _SI):
        if len(out) == MAX_CELLS:
            raise Refused(Msg.of("inputs.xlsx_strings", limit=MAX_CELLS))
        texts = []
        for child in si:
            if child.tag == _TEXT:
                texts.append(child.text or "")
            elif child.tag == _RUN:
                texts.extend(t.text or "" for t in child if t.tag == _TEXT)
        out.append("".join(texts))
    return out


def _elements(archive: zipfile.ZipFile, part: str, *tags: str) -> Iterator[Element]:
    """The ``tags`` elements of a part, each yielded whole, then emptied and dropped from its
    parent; every other element is dropped as soon as it ends (unless it lies inside one of
    ``tags``), so that memory does not grow with the part: six million empty shared strings
    cost what one does. A document type is refused wherever it stands, and so is an element
    of more pieces than a row of Excel's 16,384 cells can have, before it is built."""
    _no_doctype(archive, part)
    with archive.open(part) as source:
        opened: list[Element] = []  # the elements started and not yet ended
        inside = pieces = 0  # open elements of ``tags``; pieces of the current one
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                opened.append(element)
                if element.tag in tags:
                    inside, pieces = inside + 1, 0
                elif inside:
                    pieces += 1
                    if pieces > _PIECES:
                        raise Refused(Msg.of("inputs.xlsx_damaged", error="row beyond "
                                             "Excel's 16,384 cells"))
                continue
            opened.pop()
            if element.tag in tags:
                inside -= 1
                yield element
            elif inside:
                continue  # a cell of a row: kept until the row is read
            element.clear()
            if opened:
                opened[-1].remove(element)  # its first child: the others went before


def _no_doctype(archive: zipfile.ZipFile, part: str) -> None:
    """Refuse a part that declares a document type (the way to entities that expand into
    gigabytes), wherever it stands and in whatever encoding: expat, which decodes the part
    as it declares, reads it once with no handler but this one (0.1 s for 30 MB)."""
    def refuse(*_: object) -> None:
        raise Refused(Msg.of("inputs.xlsx_doctype", part=part))

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    with archive.open(part) as source:
        try:
            parser.ParseFile(source)
        except expat.ExpatError as exc:
            raise Refused(Msg.of("inputs.xlsx_damaged", error=f"ParseError: {exc}")) from None


def _read_sheet(reader: Any, shared: list[str], name: str, part: str,
                cells_left: int) -> Sheet:
    """One sheet, row by row: openpyxl's cell parser decodes numbers, dates, shared strings
    and errors; inline strings (openpyxl's own files) are joined here, its descriptors being
    slow for them."""
    from openpyxl.worksheet._reader import WorkSheetParser

    book = reader.wb
    sheet = Sheet(name)
    percent = _percent_styles(book)
    parser = WorkSheetParser(None, shared, data_only=True, epoch=book.epoch,
                             date_formats=book._date_formats,
                             timedelta_formats=book._timedelta_formats)
    for element in _elements(reader.archive, part, _ROW, _MERGE):
        if element.tag == _MERGE:
            _add_merge(sheet, element.get("ref", ""))
            continue
        number = element.get("r")
        parser.row_counter = int(float(number)) if number else parser.row_counter + 1
        if parser.row_counter > EXCEL_ROWS:
            raise Refused(Msg.of("inputs.xlsx_damaged", error="row beyond 1,048,576"))
        if _read_row(sheet, parser, element, percent) and sheet.cells > cells_left:
            raise Refused(Msg.of("inputs.too_many_cells", limit=MAX_CELLS))
    return sheet


def _read_row(sheet: Sheet, parser: Any, row: Element, percent: set[int]) -> bool:
    """Keep the row's cells that hold a value; True if any did. A formatted, empty cell
    costs a look at its tag: its column is worked out only if a later cell needs it."""
    from openpyxl.utils.cell import coordinate_to_tuple

    parser.col_counter, kept, skipped = 0, False, None
    for cell in row:
        ref = cell.get("r")
        if len(cell) == 0 and ref is not None:  # no <v>, <is> or <f>: formatting only
            skipped = ref
            continue
        if ref is None and skipped is not None:
            parser.col_counter = coordinate_to_tuple(skipped)[1]
        skipped = None
        if len(cell) == 0:
            parser.col_counter += 1
        elif cell.get("t") == "inlineStr":
            parser.col_counter = coordinate_to_tuple(ref)[1] if ref else parser.col_counter + 1
            kept = _keep(sheet, {"row": parser.row_counter, "column": parser.col_counter,
                                 "value": "".join(t.text or "" for t in cell.iter(_TEXT)),
                                 "data_type": "s", "style_id": 0}, percent) or kept
        else:
            parsed = parser.parse_cell(cell)
            if parsed["value"] is None and cell.find(_FORMULA) is not None:
                sheet.uncached.add((parsed["row"], parsed["column"]))
            kept = _keep(sheet, parsed, percent) or kept
    return kept


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


def _keep(sheet: Sheet, cell: dict[str, Any], percent: set[int]) -> bool:
    """Keep a cell that holds a value, as the sheet shows it; True if it did."""
    value, row, column = cell["value"], cell["row"], cell["column"]
    if value is None or (isinstance(value, str) and not value):
        return False
    if column > MAX_COLUMN:
        raise Refused(Msg.of("inputs.too_many_columns", limit=column_letter(MAX_COLUMN)),
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


def _add_merge(sheet: Sheet, ref: str) -> None:
    from openpyxl.utils.cell import range_boundaries

    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return
    if None in (min_col, min_row, max_col, max_row):
        return
    sheet.merges.append((min_row, min_col, max_row, max_col))
    if len(sheet.merges) > MAX_MERGES:
        raise Refused(Msg.of("inputs.too_many_merges", sheet=sheet.name, limit=MAX_MERGES))
