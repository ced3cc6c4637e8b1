"""What a column of a bureau's table holds, decided from its header before any number is read.

A 统计月报 puts many figures beside this year's: last year's, the year's target and plan, an
estimate, a share of the city, a contribution to growth, a rank, a change in points. Only
this year's figures are read, as the measures of ``docs/design-seams.md``:

| kind | header words (examples) |
|---|---|
| ``growth_pct`` | 同比增长(%), 增速, 累计增长%, 比上年同期增长% |
| ``level`` | 1-9月累计, 总量, 本年累计, 绝对值 |
| ``month_growth_pct`` | 本月增长%, 当月增速, 当季增速 |
| ``month_level`` | 本月, 当月, 9月 |
| ``change_pp`` | 增速比上期提高(百分点), 比1-8月提高/回落, 比上月 |

and these are named and not read: a change against last year in points
(比上年同期增减(百分点)), last year's figures (上年同期, 去年同期增速), a target (全年目标增长),
a plan or progress (计划增长, 完成全年计划%, 序时进度), an estimate (预计全年增长), a share
(占全市比重%), a contribution (拉动增长(百分点), 贡献率), a rank (位次), month-on-month change
(环比, 比上月增长%) and notes (备注). A header saying none of these is ``""``: its column stops
the import if it holds numbers.

The order of the tests matters and is the point: 全年 in a target is not the full year,
the (百分点) of 比上年同期增减(百分点) is looked at before brackets are dropped, 比上年同期增长
is growth but 上年同期增长 is last year's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from xyforecast.errors import Problem
from xyforecast.i18n import Msg
from xyforecast.inputs.table import Sheet, blank, column_letter, range_ref
from xyforecast.inputs.text import HEADER_SEARCH_LINES
from xyforecast.inputs.tidy import overlapping
from xyforecast.periods import DASH, Found, Period, find

LABELS = ("指标", "指标名称", "项目", "名称", "主要指标", "指标名", "项目名称")
UNITS = ("单位", "计量单位")
READ = ("growth_pct", "level", "month_growth_pct", "month_level", "change_pp")
NOT_READ = ("change_yoy_pp", "last_year", "target", "plan", "estimate", "share",
            "contribution", "rank", "month_on_month", "note")
_NOT_READ_WORDS = (  # (kind, words), tested in this order
    ("note", ("备注", "附注")),
    ("rank", ("位次", "排名", "排序", "名次", "位列")),
    ("contribution", ("拉动", "贡献")),
    ("share", ("比重", "占比", "份额")),
    ("target", ("目标",)),
    ("plan", ("计划", "任务", "进度")),
    ("estimate", ("预计", "预测", "预估")),
)
_CHANGE = ("提高", "回落", "加快", "放缓", "回升", "下降", "收窄", "扩大", "变化", "变动",
           "增减", "±")
_GROWTH = ("增长", "增速", "增幅", "增减", "±")
_MONTH = ("本月", "当月", "本季", "当季", "单月", "单季")
_CUMULATIVE = ("累计", "本年", "自年初", "年初至")  # 本月止累计 is the year to date, not the month
_LEVEL = ("总量", "绝对值", "绝对额", "绝对量", "数值", "金额", "总额", "完成", "实绩")
_LAST_YEAR = ("上年", "去年", "同期")
_PERIOD_WORDS = "上半年|第一季度|一季度|前三季度|一至三季度"
# 比/较 and what is compared with: 比上年同期, 比1-8月, 较上期, 比上年全年 …
_COMPARE = re.compile(
    r"(?:比|较)(?P<base>上年全年|去年全年|上年同期|去年同期|上年|去年|同期|上一?期|上一?月|"
    rf"上一?季度?|(?:\d{{1,2}}(?:月份?)?{DASH})?\d{{1,2}}月份?|{_PERIOD_WORDS})")
_BRACKET = re.compile(r"\(([^()]*)\)")
_DAY = re.compile(r"\d\s*日")
# A unit as bureaus write it, in a bracket (累计(万元), 固定资产投资(万元)) or after 单位：
UNIT = re.compile(r"^(?:(?:亿|万|千|百万|十万)?(?:元|美元|吨|人|人次|户|千瓦时|平方米|立方米|"
                  r"辆|台|件|个|家|亩|标准箱)|%|‰)$")


@dataclass(frozen=True)
class Base:
    """What a change in points compares with: the indicator's previous release (上期), a
    number of months before (上月: 1), or a named period (1-8月; 上年全年: a year back)."""

    kind: str  # "release", "months" or "period"
    months: int = 0  # months before, for "months"; the month named, for "period"
    years_back: int = 0

    def period(self, of: Period, previous: Period | None) -> Period | None:
        """The period compared with, for a table of ``of`` whose indicator's previous
        release is ``previous``."""
        if self.kind == "release":
            return previous
        if self.kind == "months":
            return of.months_before(self.months)
        return Period(of.year - self.years_back, self.months)


@dataclass(frozen=True)
class Header:
    """A column's header, read: its kind, its own period (not the compared one), the period
    a change compares with, and a unit in brackets (万元)."""

    text: str
    kind: str
    found: Found | None = None
    base: Base | None = None
    unit: str = ""

    @property
    def read(self) -> bool:
        return self.kind in READ


def norm(value: Any) -> str:
    """A cell as compared: full-width folded (NFKC), no spaces, no invisible characters."""
    text = "".join(unicodedata.normalize("NFKC", str(value or "")).split())
    return text if text.isascii() else "".join(
        ch for ch in text if unicodedata.category(ch) != "Cf")


def unit_in(text: Any) -> str:
    """The unit in a text's last bracket that holds one: 固定资产投资(万元) -> 万元."""
    units = [u for u in _BRACKET.findall(norm(text)) if UNIT.match(u)]
    return units[-1] if units else ""


def classify(value: Any) -> Header:
    """What a header (the header rows' words of one column, joined) says."""
    text = norm(value)
    points = "百分点" in text  # looked at before the brackets go
    h = _BRACKET.sub("", text)
    if not h or ":" in h or _DAY.search(h):  # 单位：亿元, 报出日期：2025年10月20日: no header
        return Header(text, "")
    unit = unit_in(text)
    unit = "" if unit in ("%", "‰") else unit
    if h in LABELS:
        return Header(text, "label")
    if h in UNITS:
        return Header(text, "unit")
    for kind, words in _NOT_READ_WORDS:
        if any(w in h for w in words):
            return Header(text, kind, unit=unit)
    if "环比" in h:
        return Header(text, "month_on_month")
    compare = _COMPARE.search(h)
    own = h if compare is None else h[:compare.start()] + h[compare.end():]
    found = find(own)
    kind, base = _kind(h, own, compare, points, found)
    return Header(text, kind, found, base, unit)


def _kind(h: str, own: str, compare: re.Match | None, points: bool,
          found: Found | None) -> tuple[str, Base | None]:
    if compare is not None:
        word = compare.group("base")
        after = h[compare.end():]
        growth_after = any(w in after for w in _GROWTH) or after.endswith("%")
        changed = points or any(w in after for w in _CHANGE if w not in ("增减", "±")) or (
            any(w in h[:compare.start()] for w in ("增速", "增长", "增幅")))
        yoy = word in ("上年同期", "去年同期", "上年", "去年", "同期")
        if yoy:  # 比上年同期增长% is growth; 比上年同期增减(百分点) a change in points
            return ("change_yoy_pp", None) if changed else (_growth(h, found), None)
        if growth_after and not changed:  # 比上月增长%: growth on the month before
            return ("month_on_month", None) if word.startswith(("上期", "上月", "上一", "上季")) \
                else ("", None)
        base = _base(word)
        return ("change_pp", base) if base else ("", None)
    if points:  # 增减(百分点) with nothing compared with
        return ("change_yoy_pp", None) if "同比" in h else ("", None)
    if any(w in own for w in _LAST_YEAR):
        return "last_year", None
    if any(w in h for w in _GROWTH) or "同比" in h or h.endswith("%"):
        return _growth(h, found), None
    if _month(h, found):
        return "month_level", None
    if any(w in h for w in _CUMULATIVE + _LEVEL) or (found is not None and found.month):
        return "level", None
    return "", None


def _month(h: str, found: Found | None) -> bool:
    """本月, 当季, 9月: a single month's (GDP: quarter's) figure, not the year to date's."""
    if any(w in h for w in _CUMULATIVE):
        return False
    return any(w in h for w in _MONTH) or (found is not None and found.single)


def _growth(h: str, found: Found | None) -> str:
    return "month_growth_pct" if _month(h, found) else "growth_pct"


def _base(word: str) -> Base | None:
    if word in ("上年全年", "去年全年"):
        return Base("period", 12, 1)
    if word in ("上期", "上一期"):
        return Base("release")
    if word in ("上月", "上一月"):
        return Base("months", 1)
    if word in ("上季", "上季度", "上一季", "上一季度"):
        return Base("months", 3)
    found = find(word)  # 1-8月, 上半年; 7-9月 (a quarter) or 13月 is no year to date
    if found is None or not found.month or not 1 <= found.month <= 12:
        return None
    return Base("period", found.month)


def is_group(text: str) -> bool:
    """A header over several columns: a period (1-9月) or a column word (本月, 累计)."""
    found = find(text)
    return bool(found and found.month) or classify(text).kind in READ + NOT_READ


# --- a sheet's header ---------------------------------------------------------------------


@dataclass
class Column:
    """One column of the table: its header read, and the cell that shows it."""

    index: int
    header: Header
    ref: str

    @property
    def kind(self) -> str:
        return self.header.kind


def header_block(sheet: Sheet) -> tuple[int, int] | None:
    """The first and last row of a bureau table's header: the first row with a known column
    word beside the first column, and the rows below it that hold words, not figures."""
    rows = sheet.rows()
    for i, number in enumerate(rows[:HEADER_SEARCH_LINES]):
        cells = sheet.grid[number]
        words = [classify(v).kind for c, v in cells.items()
                 if c > 1 and isinstance(v, str) and not v.isascii()]
        if not any(k in READ or k in NOT_READ for k in words):
            continue
        bottom = number
        for below in rows[i + 1:i + 3]:
            values = sheet.grid[below]
            if below != bottom + 1 or any(is_number(v) for v in values.values()):
                break
            first = values.get(1)
            if not (blank(first) or classify(first).kind == "label"):
                break
            if not any(classify(v).kind for c, v in values.items() if c > 1):
                break
            bottom = below
        # a table of figures: a number below the header, beside the names
        if any(is_number(v) for r in rows[i + 1:] if r > bottom
               for c, v in sheet.grid[r].items() if c > 1):
            return number, bottom
        return None
    return None


def read_header(path: str, sheet: Sheet, block: tuple[int, int]
                ) -> tuple[list[Column], list[Problem]]:
    """Each column's header: the header rows' words top to bottom, a group header merged
    across columns (or typed once, as a CSV export loses the merge) naming the columns
    under it. A title merged down into the header is an error."""
    top, bottom = block
    last = max(sheet.last_column, 1)
    problems, inside = [], []
    for merge in sheet.merges:
        if merge[0] < top <= merge[2]:
            problems.append(Problem(path, top, Msg.of("inputs.bureau_title_merged",
                                                      cells=range_ref(merge)),
                                    where=sheet.ref(top, merge[1])))
        elif top <= merge[0] <= bottom:
            inside.append(merge)
    merged = sheet.merged(range(1, last + 1), inside)
    if merged.overlap:
        return [], [*problems, overlapping(path, sheet, merged.overlap)]
    texts: dict[int, list[str]] = {c: [] for c in range(1, last + 1)}
    refs: dict[int, str] = {}
    for row in range(top, bottom + 1):
        carry = ""
        for column in range(1, last + 1):
            merge = merged.at(row, column)
            value = sheet.get(row, column) if merge is None else sheet.get(*merge[:2])
            if isinstance(value, datetime | date):  # a month typed as a date
                value = f"{value.year}年{value.month}月"
            text = "" if blank(value) else norm(value)
            if not blank(sheet.get(row, column)):  # the lowest cell typed in
                refs[column] = f"{column_letter(column)}{row}"
            if row < bottom and column > 1:
                carry = text if text else carry  # 1-9月 or 本月 names the blanks right of it
                text = text or carry
                if text and not is_group(text):
                    carry = ""
            if text and text not in texts[column]:
                texts[column].append(text)
    return [Column(c, classify("".join(parts)), refs.get(c, f"{column_letter(c)}{bottom}"))
            for c, parts in texts.items()], problems


def is_number(value: Any) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    text = norm(value).rstrip("%").replace(",", "")
    return bool(re.fullmatch(r"[+-]?\d+(\.\d+)?", text))
