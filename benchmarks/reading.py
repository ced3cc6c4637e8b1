"""How long ``xyforecast check-data`` takes, and how much memory, on workbooks under 1 MB
built to hurt the reader (issues 13 and 19: "at most 10 s and 500 MB").

    .venv/bin/python -m benchmarks.reading            # build the files, time each, print a table

Every workbook is synthetic, written to a temporary folder: the values are made up and the
source of every figure reads "synthetic". Each file is checked in its own process, under a
4 GB address-space cap so that a reader that fails cannot take the machine down with it; the
CPU seconds (user + system) and the peak resident memory of that process are reported.
"""

from __future__ import annotations

import io
import itertools
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

HEADER = ["region", "indicator", "period", "measure", "value", "unit", "source", "note"]
LIMIT_SECONDS, LIMIT_MB, LIMIT_SIZE = 10, 500, 1_000_000
CAP_BYTES = 4 * 2**30  # the address space a checked file's process may take
SHEET = "xl/worksheets/sheet1.xml"


def _book_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _replace(raw: bytes, part: str, old: bytes, new: bytes) -> bytes:
    """Edit one part of a saved workbook: the shapes openpyxl would never write."""
    return _edit(raw, part, lambda data: data.replace(old, new))


def _edit(raw: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                data = change(data)
            target.writestr(item.filename, data)
    return out.getvalue()


def _with_shared_strings(raw: bytes, strings: bytes) -> bytes:
    """A saved workbook given a shared-strings part (openpyxl's writer uses inline text)."""
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


def far_corner() -> bytes:
    """A valid row and one formatted, empty cell at XFD1048576."""
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["xingyang", "gdp", "2025-09", "growth_pct", 5.8, "%", "synthetic", ""])
    book.active["XFD1048576"].number_format = "0.0%"
    return _book_bytes(book)


REGIONS = ("china", "henan", "zhengzhou", "xingyang", "gongyi", "xinzheng", "xinmi",
           "dengfeng", "zhongmu", "luoyang")


def many_figures() -> bytes:
    """As many valid figures as fit in 1 MB: 36,000 rows, one figure each (ten regions, the
    five headline indicators, 25 years of months, growth and single-month growth)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("observations")
    sheet.append(HEADER)
    for n, region in enumerate(REGIONS):
        for indicator in ("gdp", "industrial_value_added", "fixed_asset_investment",
                          "retail_sales", "public_budget_revenue"):
            months = (3, 6, 9, 12) if indicator == "gdp" else range(2, 13)
            for year in range(2000, 2025):
                for month in months:
                    for measure in ("growth_pct", "month_growth_pct"):
                        sheet.append([region, indicator, f"{year}-{month:02d}", measure,
                                      5.0 + (n + year + month) % 7 / 10, "%", "synthetic", ""])
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
    return _with_shared_strings(_book_bytes(book), b"<si><t>s</t></si>" * 1_000_000)


def empty_shared_strings() -> bytes:
    """Six million empty shared strings (30 MB of XML, about 46 KB packed): each one parsed
    is an element that must not be kept (issue 19: 664 MB)."""
    book = Workbook()
    book.active.append(HEADER)
    return _with_shared_strings(_book_bytes(book), b"<si/>" * 6_000_000)


def _entities(levels: int, width: int) -> tuple[bytes, bytes]:
    """A document type whose last entity expands to ``width`` * 10**(levels-1) characters,
    and that entity's name."""
    names = [b"e%d" % n for n in range(levels)]
    text = b'<!ENTITY e0 "' + b"x" * width + b'">'
    text += b"".join(b'<!ENTITY %s "%s">' % (name, b"&%s;" % before * 10)
                     for before, name in itertools.pairwise(names))
    return b"<!DOCTYPE worksheet [" + text + b"]>", names[-1]


def _entity_sheet(encoding: str) -> bytes:
    """A tidy sheet whose 260 cells each expand an entity to 30,000 characters, its document
    type after 5 KB of comment (past a look at the part's first 4 KB)."""
    book = Workbook()
    book.active.append(HEADER)
    book.active["A3"] = "ENTITY"
    raw = _book_bytes(book)
    doctype, name = _entities(3, 300)

    def change(data: bytes) -> bytes:
        rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>&%s;</t></is></c></row>'
                        % (3 + n, 3 + n, name) for n in range(260))
        data = data.replace(b'<row r="3"><c r="A3" t="inlineStr"><is><t>ENTITY</t></is></c>'
                            b"</row>", rows)
        head = b'<?xml version="1.0" encoding="%s"?><!--' % encoding.encode() + b" " * 5000
        text = head + b"-->" + doctype + data
        return text if encoding == "UTF-8" else text.decode().encode("utf-16")
    return _edit(raw, SHEET, change)


def doctype_after_4kb() -> bytes:
    return _entity_sheet("UTF-8")


def utf16_doctype() -> bytes:
    """The same in a UTF-16 part: no byte of it reads "<!DOCTYPE" in ASCII."""
    return _entity_sheet("UTF-16")


def overlapping_merges() -> bytes:
    """A bureau table of 49,000 indicator rows under 5,000 merges of its name column, each
    overlapping the others (issue 19: 26 CPU s, cell by cell)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("1-9月")
    sheet.append(["荥阳市2025年1-9月主要经济指标（synthetic）"])
    sheet.append(["指标名称", "单位", "1-9月累计", "同比增长(%)"])
    for _ in range(49_000):
        sheet.append(["固定资产投资", "亿元", 265.3, 8.5])
    raw = _book_bytes(book)
    merges = b"".join(b'<mergeCell ref="A%d:A%d"/>' % (3 + n, 49_002 - n) for n in range(5000))
    return _replace(raw, SHEET, b"</sheetData>",
                    b'</sheetData><mergeCells count="5000">' + merges + b"</mergeCells>")


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
    "36,000 figures": many_figures,
    "bulletin of 25,000 rows": bulletin_rows,
    "3.2 million formatted empty cells": formatted_empty_cells,
    "300,000 formatted empty rows": empty_rows,
    "a million shared strings": shared_strings,
    "6 million empty shared strings": empty_shared_strings,
    "5,000 merges down a million rows": merged_ranges,
    "5,000 overlapping merges, 49,000 rows": overlapping_merges,
    "DOCTYPE after 4 KB (entities)": doctype_after_4kb,
    "UTF-16 part with a DOCTYPE": utf16_doctype,
}


# The child caps its own address space, runs the command and, on its way out, writes its
# own peak resident memory (VmHWM, of its own image): ru_maxrss would start at its parent's
# (Linux carries the peak across exec), so a test process that has loaded a province would
# be measured instead of the command.
CHECK = ("import atexit, resource, runpy, sys\n"
         f"resource.setrlimit(resource.RLIMIT_AS, ({CAP_BYTES}, {CAP_BYTES}))\n"
         "def peak(where=sys.argv[2]):\n"
         "    with open('/proc/self/status') as status, open(where, 'w') as out:\n"
         "        out.write(next(l for l in status if l.startswith('VmHWM:')).split()[1])\n"
         "atexit.register(peak)\n"
         "sys.argv = ['xyforecast', 'check-data', sys.argv[1]]\n"
         "runpy.run_module('xyforecast', run_name='__main__')\n")


def measure(path: Path) -> tuple[float, float, int]:
    """CPU seconds, peak megabytes and exit status of ``check-data PATH`` in its own
    process (the cache off: every run reads the file)."""
    env = {**os.environ, "XYFORECAST_CACHE": "off"}
    peak = path.with_name(path.name + ".peak")
    child = subprocess.Popen([sys.executable, "-c", CHECK, str(path), str(peak)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    kilobytes = int(peak.read_text() or 0) if peak.exists() else usage.ru_maxrss
    peak.unlink(missing_ok=True)
    return usage.ru_utime + usage.ru_stime, kilobytes / 1024, child.returncode


def main() -> int:
    failed = 0
    print(f"{'workbook':38} {'size':>9} {'CPU s':>6} {'MB':>6} {'exit':>4}")
    with tempfile.TemporaryDirectory() as folder:
        for name, build in CASES.items():
            path = Path(folder) / "case.xlsx"
            path.write_bytes(build())
            size = path.stat().st_size
            seconds, megabytes, status = measure(path)
            ok = (size < LIMIT_SIZE and seconds <= LIMIT_SECONDS and megabytes <= LIMIT_MB
                  and status in (0, 2))
            failed += not ok
            print(f"{name:38} {size:>9,} {seconds:>6.1f} {megabytes:>6.0f} {status:>4}"
                  f"{'' if ok else '  OVER THE LIMIT'}", flush=True)
    print(f"limits: at most {LIMIT_SECONDS} CPU s and {LIMIT_MB} MB for any workbook under 1 MB"
          f" (exit 0 or 2; anything else is a failure)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
