"""Turn a CSV or .xlsx file into rows of cells with their line numbers.

Analysts' files come from Excel, WPS and Windows: UTF-8 with or without a BOM, GBK, full-width
characters. This module only deals with the file format; what the cells mean is checked in
``data``.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem

# Chinese headers analysts may type instead of the codes.
HEADER_ALIASES = {
    "地区": "region", "区域": "region", "指标": "indicator", "时期": "period", "期间": "period",
    "统计期": "period", "口径": "measure", "度量": "measure", "指标类型": "measure",
    "数值": "value", "值": "value", "单位": "unit", "来源": "source", "出处": "source",
    "备注": "note", "说明": "note", "版本": "vintage", "核算版本": "vintage",
    "地域口径": "territory", "限定": "qualifier", "目标限定词": "qualifier",
}
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass
class Table:
    """Header and rows of one file; ``rows`` pairs each row's line number with its cells."""

    path: str
    columns: list[str]
    rows: list[tuple[int, dict[str, Any]]]
    problems: list[Problem] = field(default_factory=list)


def normalize_header(name: Any) -> str:
    text = unicodedata.normalize("NFKC", str(name or "")).strip().lower()
    text = text.split("(")[0].strip()  # "region (地区)" -> "region"
    return HEADER_ALIASES.get(text, text)


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
        return _fail(name, f"cannot be read: {exc.strerror}")
    if not raw.strip():
        return _fail(name, "is empty; expected a header line and figures")
    if raw.startswith(_XLSX_MAGIC):
        return _read_xlsx(name, raw)
    if raw.startswith(_XLS_MAGIC):
        return _fail(name, "is an old Excel .xls workbook; save it as .xlsx or CSV (UTF-8)")
    text = _decode(raw)
    if text is None:
        return _fail(name, "is not a CSV or .xlsx file (binary content)")
    return _read_csv(name, text)


def _fail(path: str, message: str) -> Table:
    return Table(path, [], [], [Problem(path, None, message)])


def _decode(raw: bytes) -> str | None:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in raw[:8192]:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            return None
        return text
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t")
    return controls > max(2, len(sample) // 100)


def _read_csv(path: str, text: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""))
    columns: list[str] | None = None
    rows: list[tuple[int, dict[str, Any]]] = []
    problems: list[Problem] = []
    last_line = 0
    try:
        for record in reader:
            line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if columns is None:
                columns = [normalize_header(c) for c in record]
                continue
            if [normalize_header(c) for c in record] == columns:
                problems.append(Problem(path, line, "header line repeated; skipped", "warning"))
                continue
            if len(record) != len(columns):
                problems.append(Problem(
                    path, line, f"has {len(record)} fields but the header has {len(columns)} "
                    "(a comma inside a value must be quoted)"))
                continue
            rows.append((line, dict(zip(columns, record))))
    except csv.Error as exc:
        problems.append(Problem(path, reader.line_num, f"is not valid CSV: {exc}"))
    if columns is None:
        return _fail(path, "is empty; expected a header line and figures")
    return Table(path, columns, rows, problems)


def _read_xlsx(path: str, raw: bytes) -> Table:
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        return _fail(path, f"is not a readable .xlsx workbook ({exc.__class__.__name__})")
    sheets = []
    for sheet in book.worksheets:
        header, first = _first_row(sheet)
        if header and {"region", "indicator", "value"} <= set(header):
            sheets.append((sheet, header, first))
    if not sheets:
        names = ", ".join(repr(s.title) for s in book.worksheets)
        return _fail(path, f"no sheet has a header with region, indicator, period, measure, "
                           f"value, unit, source (sheets: {names})")
    if len(sheets) > 1:
        names = ", ".join(repr(s.title) for s, _, _ in sheets)
        return _fail(path, f"several sheets hold figures ({names}); keep them in one sheet")
    sheet, columns, first = sheets[0]
    rows = []
    problems: list[Problem] = []
    for number, values in enumerate(sheet.iter_rows(min_row=first + 1, values_only=True),
                                    start=first + 1):
        cells = list(values[: len(columns)])
        extra = [v for v in values[len(columns):] if v not in (None, "")]
        if all(v is None or str(v).strip() == "" for v in cells) and not extra:
            continue
        if [normalize_header(c) for c in cells] == columns:
            problems.append(Problem(path, number, "header row repeated; skipped", "warning"))
            continue
        if extra:
            problems.append(Problem(path, number, "has values to the right of the last column"))
            continue
        cells += [None] * (len(columns) - len(cells))
        rows.append((number, dict(zip(columns, cells))))
    book.close()
    return Table(path, columns, rows, problems)


def _first_row(sheet) -> tuple[list[str] | None, int]:
    """The first non-empty row of a sheet (the header) and its row number."""
    for number, values in enumerate(sheet.iter_rows(values_only=True, max_row=20), start=1):
        cells = [normalize_header(v) for v in values]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            return cells, number
    return None, 0
