"""Text files: which encoding, which delimiter, and the records with their line numbers.

Analysts' files come from Excel, WPS and Windows: UTF-8 with or without a BOM, GBK, UTF-16
("Unicode text", tab-separated). Text that is none of these — Big5 or Shift-JIS from a
colleague elsewhere, Latin-1 — is refused with its name rather than read as garbled Chinese.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field

from xyforecast.errors import Problem
from xyforecast.i18n import Msg
from xyforecast.inputs.limits import MAX_CELL_CHARS, MAX_CELLS

HEADER_SEARCH_LINES = 20
# A GBK reading of Big5 or Shift-JIS bytes gives mostly characters outside GB2312's 6,763
# common ones; simplified Chinese text almost never does.
RARE_SHARE = 0.2


@dataclass
class Records:
    """The non-blank records of a text file, each with its line number."""

    path: str
    delimiter: str
    records: list[tuple[int, list[str]]]
    problems: list[Problem] = field(default_factory=list)
    cut_off: bool = False  # the last line has no line end: the file may be cut off


def decode(raw: bytes) -> tuple[str | None, Msg | None]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK).

    Returns the text, or None and the reason it cannot be read."""
    binary = Msg.of("inputs.binary")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            return None, Msg.of("inputs.utf16_invalid")
        return (None, binary) if _looks_binary(text) else (text, None)
    head = raw[:8192]
    if b"\x00" in head:
        # ASCII text saved as UTF-16 without a BOM has a NUL in every other byte.
        if head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4:
            return None, Msg.of("inputs.utf16_no_bom")
        return None, binary
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return (None, binary) if _looks_binary(text) else (text, None)
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if _looks_binary(text):
            return None, binary
        other = _other_cjk_encoding(raw, text)
        return (None, other) if other else (text, None)
    other = _other_cjk_encoding(raw, None)
    if other is not None:
        return None, other
    if _looks_binary(raw.decode("latin-1")):
        return None, binary
    bad = _first_non_utf8(raw)
    line = raw[:bad].count(b"\n") + 1
    return None, Msg.of("inputs.not_utf8_or_gbk", byte=f"0x{raw[bad]:02x}", line=line)


def _other_cjk_encoding(raw: bytes, as_gbk: str | None) -> Msg | None:
    """Big5 or Shift-JIS bytes, whether or not they happen to decode as GBK: say which,
    never read them as garbled Chinese."""
    if as_gbk is not None:
        wide = [ch for ch in as_gbk if ord(ch) > 127]
        rare = 0
        for ch in wide:
            try:
                ch.encode("gb2312")
            except UnicodeEncodeError:
                rare += 1
        if rare < 3 or rare < RARE_SHARE * len(wide):
            return None
    for encoding, key in (("shift_jis", "inputs.shift_jis"), ("big5", "inputs.big5")):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if key == "inputs.big5" or any("\u3040" <= ch <= "\u30ff" for ch in text):
            return Msg.of(key)
    return None


def _first_non_utf8(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


def _looks_binary(text: str) -> bool:
    """Many control characters: binary. A stray ESC or bell in a text file is left to the
    cell check, which names it."""
    sample = text[:4096]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t")
    return controls > max(8, len(sample) // 50)


def looks_like_html(text: str) -> bool:
    """Web systems often export an HTML table named .xls or .csv."""
    start = text.lstrip("\ufeff \t\r\n")[:512].lower()
    return start.startswith(("<!doctype html", "<html", "<table", "<?xml")) or (
        start.startswith("<") and "<html" in start)


def read_records(path: str, text: str, is_header) -> Records:
    """Split ``text`` into records. The delimiter is the one that makes one of the first
    lines a header (``is_header``), else the one a table of a bulletin uses most."""
    delimiter, header_line = _sniff(text, is_header)
    records = Records(path, delimiter, [])
    if delimiter == ";":
        records.problems.append(Problem(path, header_line, Msg.of("inputs.semicolon_file")))
        return records
    if '"' not in text and _unquoted(records, text):
        return records
    # strict: a quote left open (a file cut off mid-field) is an error, not a silent swallow
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    last_line, cells, append = 0, 0, records.records.append
    try:
        for record in reader:
            joined = "".join(record)  # one look in C at the whole line, most lines short
            if len(joined) > MAX_CELL_CHARS and max(map(len, record)) > MAX_CELL_CHARS:
                records.problems.append(Problem(path, last_line + 1, Msg.of(
                    "inputs.cell_too_long", size=max(map(len, record)),
                    limit=MAX_CELL_CHARS)))
            elif joined and not joined.isspace():
                append((last_line + 1, record))
                cells += len(record)
                if cells > MAX_CELLS:
                    records.problems.append(Problem(path, last_line + 1, Msg.of(
                        "inputs.too_many_cells", limit=MAX_CELLS)))
                    records.records.clear()
                    return records
            last_line = reader.line_num
    except csv.Error as exc:
        records.problems.append(_csv_error(path, last_line + 1, str(exc)))
    records.cut_off = not records.problems and not text.endswith(("\n", "\r"))
    return records


def _unquoted(records: Records, text: str) -> bool:
    """A text without a quote (a province's panel, as programs write it): each record is one
    line, so all are split at once, in C, and numbered by position. False (nothing kept)
    when a line needs the careful reading: a cell too long, too many cells, an error."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=records.delimiter)
    try:
        lines = list(reader)
    except csv.Error:
        return False
    joined = list(map("".join, lines))
    if max(map(len, joined), default=0) > MAX_CELL_CHARS \
            or sum(map(len, lines)) > MAX_CELLS:
        return False
    blank = list(map(str.isspace, joined))
    records.records = [(n, record) for n, (record, text_of, space) in
                       enumerate(zip(lines, joined, blank), start=1) if text_of and not space]
    records.cut_off = not text.endswith(("\n", "\r"))
    return True


def _sniff(text: str, is_header) -> tuple[str, int | None]:
    """The delimiter and line of the header: the first of the first lines that names region,
    indicator and value when split by a comma, a tab or a semicolon; else the delimiter that
    splits the first lines into the most fields (a bulletin's table). (",", None) if none."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    for number, line in lines[:HEADER_SEARCH_LINES]:
        for delimiter in (",", "\t", ";"):
            if is_header(line.split(delimiter)):
                return delimiter, number
    sample = [line for _, line in lines[:HEADER_SEARCH_LINES]]
    if sum(line.count("\t") for line in sample) > sum(line.count(",") for line in sample):
        return "\t", None
    return ",", None


def _csv_error(path: str, line: int, error: str) -> Problem:
    """Say what the csv module's error means for someone who typed the file."""
    if "end of data" in error:
        return Problem(path, line, Msg.of("inputs.quote_open"))
    if "expected after" in error:
        return Problem(path, line, Msg.of("inputs.text_after_quote"))
    if "field limit" in error:
        return Problem(path, line, Msg.of("inputs.field_limit", limit=csv.field_size_limit()))
    return Problem(path, line, Msg.of("inputs.csv_invalid", error=error))
