"""How much one input file may hold: far more than any county's tables, little enough that a
mistaken or hostile file is refused in seconds, never read for minutes or into gigabytes.

With these, ``check-data`` reads any workbook under 1 MB in a few seconds and well under
500 MB of memory (``benchmarks/reading.py`` measures it on files built to hurt).
"""

from __future__ import annotations

MAX_FILE_BYTES = 32 * 2**20  # a file as stored
MAX_PART_BYTES = 32 * 2**20  # one unpacked part of a workbook (a sheet's XML, shared strings)
MAX_UNPACKED_BYTES = 64 * 2**20  # all parts of a workbook, unpacked
MAX_PARTS = 2_000  # files inside a workbook
MAX_SHEETS = 100
MAX_CELLS = 400_000  # cells holding a value, in a whole workbook
MAX_ROWS = 50_000  # rows holding a value in a sheet, lines in a text file, figures in a file
MAX_COLUMN = 256  # the last column a value may sit in (IV)
MAX_MERGES = 5_000  # merged ranges in a sheet
MAX_CELL_CHARS = 32_767  # Excel's own limit for a cell; a text file's cells too
