"""How much one input file may hold: a province's panel (200 counties, ten years of monthly
figures: 125,000 rows in one file) and far more than any county's tables, yet little enough
that a mistaken or hostile file is refused in seconds, never read for minutes or into
gigabytes. The limits bound what costs memory and time — bytes, unpacked bytes, cells holding
a value — never a count of rows a real panel exceeds.

With these, ``check-data`` reads any workbook under 1 MB in a few seconds and well under
500 MB of memory (``benchmarks/reading.py`` measures it on files built to hurt), and a
province's file of 125,000 rows in about a second (``benchmarks/province.py``). A file
beyond them is refused in one line that says to split it (one file per prefecture, say).
"""

from __future__ import annotations

MAX_FILE_BYTES = 32 * 2**20  # a file as stored
MAX_PART_BYTES = 64 * 2**20  # one unpacked part of a workbook (a sheet's XML, shared strings)
MAX_UNPACKED_BYTES = 128 * 2**20  # all parts of a workbook, unpacked
MAX_PARTS = 2_000  # files inside a workbook
MAX_SHEETS = 100
MAX_CELLS = 1_500_000  # cells holding a value in one file, workbook or text (~150 B each)
MAX_ROWS = 500_000  # figures in one file (a bureau's table gives one a cell)
MAX_COLUMN = 256  # the last column a value may sit in (IV)
MAX_MERGES = 5_000  # merged ranges in a sheet
MAX_CELL_CHARS = 32_767  # Excel's own limit for a cell; a text file's cells too
