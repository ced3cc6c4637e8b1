"""The Word report's tables: bordered, header bold, every cell in the table style, each
column as wide as its longest figure needs (``word`` for the document around them)."""

from __future__ import annotations

import unicodedata

import pandas as pd
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from xyforecast.i18n.report import typeset

PICTURE_WIDTH = Cm(15.6)  # the text width of an A4 page with the report's margins
TABLE_SIZE = 10.5  # 五号, the table text
CELL_MARGIN = Cm(0.1)


def add_table(doc, frame: pd.DataFrame, wrap: tuple[int, ...]) -> None:
    """A bordered table, header row bold, every cell in the table style. Each column is as
    wide as its longest figure needs, so that no cell breaks a number ("+5.4 ~ +5.8" once
    wrapped); only the columns in ``wrap`` (names, words) may break, and share the rest."""
    header = [typeset(str(h), doc.lang) for h in frame.columns]
    body = [[typeset("" if pd.isna(v) else str(v), doc.lang) for v in row]
            for row in frame.itertuples(index=False)]
    widths = column_widths(header, body, wrap)
    table = doc.add_table(rows=1, cols=len(header), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table)
    for column, width in zip(table.columns, widths):
        column.width = width
    style = doc.styles["Table Text"].style_id  # by id: by name each cell scans every style
    for cell, text, width in zip(table.rows[0].cells, header, widths):
        _cell(cell, text, style, bold=True,
              split=text_width(text) + 2 * CELL_MARGIN.pt > width.pt)
    for values in body:
        for n, (cell, text) in enumerate(zip(table.add_row().cells, values)):
            _cell(cell, text, style, keep=n not in wrap)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def text_width(text: str, size: float = TABLE_SIZE) -> float:
    """Points a line of ``text`` takes, generously (fonts differ between machines): a CJK
    character one em, a digit or a Latin letter 0.6, the per cent sign 0.9; plus a tenth."""
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.9 if c == "%" else 0.6
              for c in text)
    return 1.1 * ems * size


def column_widths(header: list[str], body: list[list[str]], wrap: tuple[int, ...]) -> list:
    """Widths (EMU) filling the text width. Each column at least what its longest figure
    needs (a column in ``wrap`` may break its words: two characters) and its header on one
    line up to four characters, on two beyond; what is left goes to each column as far as
    its longest line needs, in proportion."""
    total, margins = PICTURE_WIDTH.pt, 2 * CELL_MARGIN.pt
    least, natural = [], []
    for n, title in enumerate(header):
        cells = [row[n] for row in body]
        figures = [] if n in wrap else [text_width(c) for c in cells]
        head = title if len(title) <= 4 else title[:(len(title) + 1) // 2]
        least.append(margins + max([*figures, text_width(head), text_width("两字")]))
        natural.append(margins + max(text_width(c) for c in [title, *cells]))
    spare = [max(nat - low, 0.0) for nat, low in zip(natural, least)]
    left = total - sum(least)
    if left >= sum(spare):  # everything on one line, the rest spread evenly
        extra = (left - sum(spare)) / len(header)
        return [Pt(low + room + extra) for low, room in zip(least, spare)]
    share = max(left, 0.0) / sum(spare)
    return [Pt(low + room * share) for low, room in zip(least, spare)]


def _cell_margins(table) -> None:
    """Narrow left and right cell margins (the default 0.19 cm squeezes a column of
    figures)."""
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(int(CELL_MARGIN.twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties.append(margins)


def _cell(cell, text: str, style: str, bold: bool = False, keep: bool = False,
          split: bool = False) -> None:
    """A cell's text in the table style (``style``: its id); ``keep``: never broken across
    lines; ``split``: a header too long for one line, broken in its middle (余下时期 /
    需增长) rather than wherever the font leaves one character over (余下时期需增 / 长)."""
    paragraph = cell.paragraphs[0]
    paragraph._p.style = style
    half = (len(text) + 1) // 2
    if split and " " not in text and len(text) > 4:
        first = paragraph.add_run(text[:half])
        first.bold = bold
        first.add_break()
        text = text[half:]
    run = paragraph.add_run(text)
    run.bold = bold
    if keep:
        cell._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))
