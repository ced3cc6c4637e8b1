"""Turn a file — CSV, tab-separated text or .xlsx, in the suite's layout or a bureau's
统计月报 table — into rows of cells, each knowing where it came from.

The first bytes decide the format, not the extension; the first rows decide the layout:
a header naming region, indicator and value is the suite's own (``tidy``), indicators in
rows under column words such as 本月/累计/同比增长 are a bureau's table (``bureau``). This
module only deals with the file; what the cells mean is checked in ``validation``. Anything
it cannot read with confidence is a Problem, never a guess and never a traceback.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from xyforecast.catalog import Catalog
from xyforecast.errors import Problem
from xyforecast.i18n import Msg
from xyforecast.inputs import bureau, headers, tidy
from xyforecast.inputs.files import read_bytes
from xyforecast.inputs.limits import MAX_ROWS
from xyforecast.inputs.table import Row, Sheet, Table, is_header
from xyforecast.inputs.text import (
    HEADER_SEARCH_LINES,
    Records,
    decode,
    looks_like_html,
    read_records,
)
from xyforecast.inputs.workbook import Refused, read_workbook

_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream a password-protected .xlsx is in
_STRICT = b"http://purl.oclc.org/ooxml/spreadsheetml/main"  # Strict Open XML's namespace


def read_table(path: Path, catalog: Catalog) -> Table:
    """Read ``path`` whatever its extension says; ``catalog`` names the indicators and
    regions a bureau's table is written with."""
    name = str(path)
    raw, problem = read_bytes(Path(path))
    if raw is None:
        return _fail(Table(name), problem)
    table = Table(name, sha256=hashlib.sha256(raw).hexdigest())
    if not raw.strip():
        return _fail(table, Msg.of("inputs.empty"))
    if raw.startswith(_XLSX_MAGIC):
        try:
            sheets = read_workbook(raw)
        except Refused as refused:
            table.problems.append(Problem(name, None, refused.message, where=refused.where))
            return table
        refused = _not_excel(raw, sheets)
        return _fail(table, refused) if refused else _from_sheets(table, sheets, catalog)
    if raw.startswith(_XLS_MAGIC):
        return _fail(table, _ole(raw, Path(path)))
    text, problem = decode(raw)
    if text is None:
        return _fail(table, problem)
    if looks_like_html(text):
        return _fail(table, Msg.of("inputs.html"))
    return _from_text(table, read_records(name, text, is_header), catalog)


def _ole(raw: bytes, path: Path) -> Msg:
    """An OLE compound file: a workbook saved with a password (Excel keeps the encrypted
    .xlsx in one), WPS's own .et, or an old .xls."""
    if _ENCRYPTED in raw:
        return Msg.of("inputs.xlsx_encrypted")
    if path.suffix.lower() in (".et", ".ett"):
        return Msg.of("inputs.wps_et")
    return Msg.of("inputs.old_xls")


def _not_excel(raw: bytes, sheets: list[Sheet]) -> Msg | None:
    """A workbook openpyxl reads as nothing: Strict Open XML (another namespace, no sheet
    found); a sheet whose rows start at 0, which Excel never writes."""
    if not sheets:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive, archive.open("xl/workbook.xml") as part:
            if _STRICT in part.read(4096):
                return Msg.of("inputs.xlsx_strict")
    zero = next((s for s in sheets if s.rows() and s.rows()[0] < 1), None)
    return Msg.of("inputs.row_zero", sheet=zero.name) if zero else None


def _fail(table: Table, message: Msg | None) -> Table:
    table.problems.append(Problem(table.path, None, message))
    return table


def _from_text(table: Table, records: Records, catalog: Catalog) -> Table:
    table.problems += records.problems
    if not records.records:
        return table if records.problems else _fail(table, Msg.of("inputs.empty"))
    if not any(is_header(r) for _, r in records.records[:HEADER_SEARCH_LINES]):
        sheet = Sheet(None)
        for line, record in records.records:
            for column, value in enumerate(record, start=1):
                if value.strip():
                    sheet.put(line, column, value)
        block = headers.header_block(sheet)
        if block is not None:
            rows, problems = bureau.read_bureau(table.path, sheet, block, catalog)
            return _repeats(_add(table, rows, problems, "bureau"), rows)
    rows, problems = tidy.from_records(records)
    return _add(table, rows, problems, "tidy")


def _from_sheets(table: Table, sheets: list[Sheet], catalog: Catalog) -> Table:
    """Every sheet with figures is read, in the suite's layout or as a bureau's table; other
    sheets (instructions, lists) are passed over."""
    found = False
    from_bureau: list[Row] = []
    for sheet in sheets:
        first = tidy.header_row(sheet)
        if first:
            _add(table, *tidy.from_sheet(table.path, sheet, first), "tidy")
            found = True
            continue
        block = headers.header_block(sheet)
        if block is not None:
            rows, problems = bureau.read_bureau(table.path, sheet, block, catalog)
            _add(table, rows, problems, "bureau")
            from_bureau += rows
            found = True
    if not found:
        # One sheet whose header names some of the columns: let the column check say which.
        named = [(s, n) for s in sheets if (n := tidy.names_columns(s))]
        if len(named) == 1:
            sheet, first = named[0]
            return _add(table, *tidy.from_sheet(table.path, sheet, first), "tidy")
        return _fail(table, Msg.of("inputs.no_data_sheet",
                                   sheets=[f"'{s.name}'" for s in sheets]))
    return _repeats(table, from_bureau)


def _repeats(table: Table, from_bureau: list[Row]) -> Table:
    """Two sheets (or rows) of a bureau's tables giving one month's figure twice: the same
    value is one figure; different values are an error naming both cells."""
    kept, differ = bureau.check_repeats(from_bureau)
    dropped = {id(r) for r in from_bureau} - {id(r) for r in kept}
    table.rows = [r for r in table.rows if id(r) not in dropped]
    for first, other in differ:
        table.problems.append(Problem(table.path, other.line, Msg.of(
            "inputs.bureau_repeat", other=first.where("value"), value=first.cells["value"],
            mine=other.cells["value"]), where=other.where("value")))
    return table


def _add(table: Table, rows: list[Row], problems: list[Problem], layout: str) -> Table:
    if len(table.rows) + len(rows) > MAX_ROWS:  # a bureau's table gives a figure a cell
        table.problems.append(Problem(table.path, None, Msg.of("inputs.too_many_figures",
                                                               limit=MAX_ROWS)))
        return table
    table.rows += rows
    table.problems += problems
    table.layout = table.layout if table.layout in ("", layout) else "mixed"
    table.layout = table.layout or layout
    return table
