"""How long ``xyforecast check-data`` takes, and how much memory, on workbooks under 1 MB
built to hurt the reader (issue 13: "under 10 s and under 500 MB").

    .venv/bin/python -m benchmarks.reading            # build the files, time each, print a table

Every workbook is synthetic, written to a temporary folder: the values are made up and the
source of every figure reads "synthetic". Each file is checked in its own process; the wall
time and the peak resident memory of that process are reported.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

HEADER = ["region", "indicator", "period", "measure", "value", "unit", "source", "note"]
LIMIT_SECONDS, LIMIT_MB, LIMIT_SIZE = 10, 500, 1_000_000


def _book_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _replace(raw: bytes, part: str, old: bytes, new: bytes) -> bytes:
    """Edit one part of a saved workbook: the shapes openpyxl would never write."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                data = data.replace(old, new)
            target.writestr(item.filename, data)
    return out.getvalue()


def far_corner() -> bytes:
    """A valid row and one formatted, empty cell at XFD1048576."""
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["xingyang", "gdp", "2025-09", "growth_pct", 5.8, "%", "synthetic", ""])
    book.active["XFD1048576"].number_format = "0.0%"
    return _book_bytes(book)


def many_figures() -> bytes:
    """As many valid figures as fit in 1 MB (about 30,000 rows)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("observations")
    sheet.append(HEADER)
    for n in range(30_000):
        sheet.append(["xingyang", "gdp", f"{2000 + n % 25}-{3 * (n % 4) + 3:02d}",
                      "month_growth_pct", 5.0 + n % 7 / 10, "%", "synthetic", ""])
    return _book_bytes(book)


def bulletin_rows() -> bytes:
    """A bureau's table with 25,000 indicator rows of three figures each."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("1-9月")
    sheet.append(["荥阳市2025年1-9月主要经济指标（synthetic）"])
    sheet.append(["指标名称", "单位", "1-9月累计", "同比增长(%)", "本月"])
    for n in range(25_000):
        sheet.append(["固定资产投资", "亿元", 265.3 + n, 8.5, 30.1])
    return _book_bytes(book)


def formatted_empty_cells() -> bytes:
    """One row of nearly two million formatted, empty cells (32 MB of XML, 40 KB packed)."""
    book = Workbook()
    book.active.append(HEADER)
    book.active["A3"] = "EMPTY-CELLS"
    raw = _book_bytes(book)
    return _replace(raw, "xl/worksheets/sheet1.xml",
                    b'<c r="A3" t="inlineStr"><is><t>EMPTY-CELLS</t></is></c>',
                    b'<c s="0"/>' * 3_200_000)


def empty_rows() -> bytes:
    """Three hundred thousand empty, formatted rows."""
    book = Workbook()
    book.active.append(HEADER)
    book.active["A3"] = "EMPTY-ROWS"
    raw = _book_bytes(book)
    rows = b"".join(b'<row r="%d" customFormat="1" s="0"/>' % n for n in range(4, 300_004))
    return _replace(raw, "xl/worksheets/sheet1.xml", b"</sheetData>", rows + b"</sheetData>")


def shared_strings() -> bytes:
    """A shared-strings part at the limit of one part: a million tiny strings."""
    book = Workbook()
    book.active.append(HEADER)
    raw = _book_bytes(book)
    strings = b"".join(b"<si><t>s</t></si>" for _ in range(1_000_000))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                    b'ContentType="application/vnd.openxmlformats-officedocument'
                                    b'.spreadsheetml.sharedStrings+xml"/></Types>')
            target.writestr(item.filename, data)
        target.writestr("xl/sharedStrings.xml",
                        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        + strings + b"</sst>")
    return out.getvalue()


def merged_ranges() -> bytes:
    """A bureau table under five thousand merged ranges, each down a million rows."""
    book = Workbook()
    sheet = book.active
    sheet.append(["荥阳市2025年1-9月主要经济指标（synthetic）"])
    sheet.append(["指标名称", "单位", "1-9月累计", "同比增长(%)"])
    sheet.append(["固定资产投资", "亿元", 265.3, 8.5])
    raw = _book_bytes(book)
    merges = b"".join(b'<mergeCell ref="%s3:%s1048576"/>' % (c, c)
                      for c in (b"E", b"F", b"G", b"H", b"I") * 1000)
    return _replace(raw, "xl/worksheets/sheet1.xml", b"</sheetData>",
                    b'</sheetData><mergeCells count="5000">' + merges + b"</mergeCells>")


CASES: dict[str, Callable[[], bytes]] = {
    "far corner cell XFD1048576": far_corner,
    "30,000 figures": many_figures,
    "bulletin of 25,000 rows": bulletin_rows,
    "3.2 million formatted empty cells": formatted_empty_cells,
    "300,000 formatted empty rows": empty_rows,
    "a million shared strings": shared_strings,
    "5,000 merges down a million rows": merged_ranges,
}


def measure(path: Path) -> tuple[float, float, int]:
    """Seconds, peak megabytes and exit status of ``check-data PATH`` in its own process."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "xyforecast", "check-data", str(path)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, child.returncode


def main() -> int:
    failed = 0
    print(f"{'workbook':36} {'size':>9} {'seconds':>8} {'MB':>6} {'exit':>4}")
    with tempfile.TemporaryDirectory() as folder:
        for name, build in CASES.items():
            path = Path(folder) / "case.xlsx"
            path.write_bytes(build())
            size = path.stat().st_size
            seconds, megabytes, status = measure(path)
            ok = size < LIMIT_SIZE and seconds < LIMIT_SECONDS and megabytes < LIMIT_MB
            failed += not ok
            print(f"{name:36} {size:>9,} {seconds:>8.1f} {megabytes:>6.0f} {status:>4}"
                  f"{'' if ok else '  OVER THE LIMIT'}")
    print(f"limits: under {LIMIT_SECONDS} s and {LIMIT_MB} MB for any workbook under 1 MB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
