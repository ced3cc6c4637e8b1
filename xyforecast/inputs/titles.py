"""The texts around a bureau's table and what they say: its region, its period, its unit and
its release date.

Above a 统计月报 table sit a title (荥阳市2025年1-9月主要经济指标, sometimes typed as an Excel
date), a unit line (单位：亿元), a compiler (编制单位：郑州市统计局) and a release date
(报出日期：2025年10月20日), often several in one cell. A compiler names who made the table, not
whose figures it holds, and a release date is not the period. The region comes from the
title, else the sheet's name, else the file's name; the period the same way (the file's name
only when the sheet names none). A title naming another region than the sheet's or the
file's name is said in a warning; a title and a sheet's name naming different months stop
the table. Nothing is silently taken over another.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from xyforecast.catalog import Catalog, name_key
from xyforecast.errors import Problem
from xyforecast.i18n import Msg, Pair
from xyforecast.inputs.headers import UNIT
from xyforecast.inputs.table import Sheet, column_letter
from xyforecast.periods import Found, find

# Labels inside a line above the table, longest first so 编制单位 is never read as 单位.
_COMPILERS = ("编制单位", "编报单位", "制表单位", "填报单位", "报送单位", "报表单位", "发布单位",
              "供稿单位", "主办单位", "资料来源", "数据来源", "编制", "制表", "来源")
_RELEASES = ("发布日期", "发布时间", "报出日期", "报送日期", "编制日期", "制表日期", "填报日期")
_UNIT_LABELS = ("计量单位", "单位")
_LABEL = re.compile("({})\\s*[:：]".format(
    "|".join(sorted(_COMPILERS + _RELEASES + _UNIT_LABELS, key=len, reverse=True))))
_DAY = re.compile(r"\d\s*[日号]")
_FILE_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.年]?(0[1-9]|1[0-2])(?!\d)")


@dataclass(frozen=True)
class Text:
    """A text that may name the region or the period: a title line (``row`` > 0), the
    sheet's name or the file's name (``row`` 0)."""

    source: str  # "title", "sheet" or "file"
    text: str
    row: int = 0
    column: int = 0

    @property
    def ref(self) -> str:
        return f"{column_letter(self.column)}{self.row}" if self.row else ""


@dataclass(frozen=True)
class Place:
    """Where a region or a period was found: the value and the text that said it."""

    value: Any
    text: Text


class Titles:
    """The title lines above a table, its unit line and release date, the sheet's and the
    file's names."""

    def __init__(self, path: str, sheet: Sheet, block: tuple[int, int]):
        self.path, self.sheet = path, sheet
        self.texts: list[Text] = []
        self.unit: tuple[str, str] | None = None  # (unit, cell)
        self.released: tuple[Any, str] | None = None  # (the date as typed, cell)
        top, bottom = block
        for row in sheet.rows():
            if top <= row <= bottom:
                continue
            cells = sorted(sheet.grid[row].items())
            for i, (column, value) in enumerate(cells):
                if row > bottom and not (isinstance(value, str) and "日期" in value):
                    continue  # under the table only a release date (报出日期：…) is looked for
                after = cells[i + 1] if i + 1 < len(cells) else (0, None)
                self._cell(row, column, value, after, row < top)
        if sheet.name:
            self.texts.append(Text("sheet", sheet.name))
        self.texts.append(Text("file", Path(path).stem))

    def _cell(self, row: int, column: int, value: Any, after: tuple[int, Any],
              above: bool) -> None:
        ref = f"{column_letter(column)}{row}"
        if isinstance(value, datetime | date):  # a title typed as a date: 2025年9月
            if self.released is None or self.released[1] != ref:
                self.texts.append(Text("title", f"{value.year}年{value.month}月", row, column))
            return
        if not isinstance(value, str):
            return
        text = value.strip()
        labels = list(_LABEL.finditer(text))
        title = text[:labels[0].start()] if labels else text
        if title.strip() and above:
            self.texts.append(Text("title", title.strip(), row, column))
        for n, label in enumerate(labels):
            end = labels[n + 1].start() if n + 1 < len(labels) else len(text)
            said = text[label.end():end].strip()
            name = label.group(1)
            if name in _RELEASES and self.released is None and (said or after[0]):
                self.released = (said, ref) if said else (
                    after[1], f"{column_letter(after[0])}{row}")
            elif name in _UNIT_LABELS and self.unit is None and above:
                words = re.split(r"[\s,;、/]+", unicodedata.normalize("NFKC", said))
                unit = next((u for u in words if UNIT.match(u)), "")
                if unit:
                    self.unit = (unit, ref)

    def region(self, catalog: Catalog, problems: list[Problem], top: int
               ) -> tuple[str, str] | None:
        """The table's region and the cell that names it; a title naming another region
        than the sheet's or file's name is said."""
        found: dict[str, Place] = {}
        for text in self.texts:
            if text.source in found:
                continue
            codes = regions_in(catalog, text.text)
            if len(codes) > 1:
                problems.append(Problem(self.path, text.row or top, Msg.of(
                    "inputs.bureau_regions", title=text.text, regions=codes),
                    where=self.sheet.ref(text.row or top, text.column or 1)))
                return None
            if codes:
                found[text.source] = Place(codes[0], text)
        if not found:
            problems.append(Problem(self.path, top, Msg.of("inputs.bureau_no_region"),
                                    where=self.sheet.ref(top, 1)))
            return None
        chosen, *others = found.values()
        for other in others:
            if other.value != chosen.value:
                problems.append(Problem(self.path, chosen.text.row or top, Msg.of(
                    "inputs.bureau_region_differs", said=_said(chosen),
                    other=_said(other), region=_name(catalog, chosen.value)),
                    "warning", where=self.sheet.ref(chosen.text.row or top,
                                                   chosen.text.column or 1)))
        return chosen.value, chosen.text.ref or f"A{top}"

    def period(self, problems: list[Problem], top: int) -> tuple[Place | None, Place | None]:
        """The table's month and year as the title, else the sheet's name, else the file's
        name gives them; a title and a sheet's name naming different months stop it."""
        month: dict[str, Place] = {}
        year: Place | None = None
        for text in self.texts:
            if _DAY.search(text.text):
                continue  # 2025年10月20日: a date, not the table's period
            found = find(text.text) or (_file_period(text.text) if text.source != "title"
                                        else None)
            if found is None:
                continue
            if found.month and text.source not in month:
                month[text.source] = Place(found.month, text)
            if found.year and year is None:
                year = Place(found.year, text)
        title, sheet = month.get("title"), month.get("sheet")
        if title and sheet and title.value != sheet.value:
            problems.append(Problem(self.path, title.text.row, Msg.of(
                "inputs.bureau_period_differs", said=_said(title), other=_said(sheet)),
                where=self.sheet.ref(title.text.row, title.text.column)))
        chosen = title or sheet or month.get("file")
        return chosen, year


def regions_in(catalog: Catalog, text: str) -> list[str]:
    """The regions a text names, longest names first; names written one after another from
    the province down (河南省荥阳市, 郑州市荥阳市) are the last of them, the most specific."""
    key = name_key(text)
    names = sorted((n for n in catalog.aliases.get("region", {}) if not n.isascii()),
                   key=len, reverse=True)
    taken = [False] * len(key)
    spans: list[tuple[int, int, str]] = []
    for name in names:
        start = key.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(name)
                spans.append((start, end, catalog.aliases["region"][name]))
            start = key.find(name, end)
    spans.sort()
    codes = list(dict.fromkeys(code for _, _, code in spans))
    if len(codes) > 1 and all(a[1] == b[0] for a, b in itertools.pairwise(spans)):
        chain = [r.code for r in catalog.chain(spans[-1][2])]
        if all(code in chain for code in codes):
            return [spans[-1][2]]
    return codes


def _name(catalog: Catalog, code: str) -> Pair:
    region = catalog.regions[code]
    return Pair(region.name_zh, region.name_en)


def _said(place: Place) -> Msg:
    text = place.text
    if text.source == "title":
        return Msg.of("inputs.bureau_said_title", cell=text.ref, text=text.text)
    return Msg.of(f"inputs.bureau_said_{text.source}", text=text.text)


def _file_period(text: str) -> Found | None:
    """yb-2025-09, 202509: a year and month in a file's or sheet's name."""
    match = _FILE_PERIOD.search(unicodedata.normalize("NFKC", text))
    return Found(int(match.group(1)), int(match.group(2)), False, False) if match else None
