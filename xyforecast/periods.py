"""Periods: a year, or the year to date through a month.

Published Chinese statistics are cumulative: "2025-09" means January–September 2025, and the
full year can be written "2025" or "2025-12". Both become ``Period(2025, 12)`` so one figure
never appears twice. The words bulletins use are read too: 2025年1-9月, 2025年9月 (the
bulletin of September: the year to date through it), 2025年前三季度, 2025年上半年, 2025年.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from xyforecast.i18n import Msg

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")
# Every dash of Unicode (category Pd) and every sign a range is written with, after NFKC
# (～ becomes ~, － becomes -): 1〜9月, 1−9月, 1‒9月, 1——9月, 1月至9月 are all January to
# September. A test checks the list against Unicode's own.
DASHES = ("-\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2e17\u2e1a\u2e3a"
          "\u2e3b\u2e40\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead"
          "~\u223c\u2053\u2212\u2500\u2501\u30fc")
DASH = rf"(?:[{re.escape(DASHES)}]+|至|到|\.{{2,}}|…+)"
# Words for a year to date, as the month it ends with. 二季度 or 三季度 alone is a single
# quarter, not a year to date, and is not among them.
PERIOD_WORDS = {
    "一季度": 3, "第一季度": 3, "1季度": 3, "上半年": 6, "前三季度": 9, "一至三季度": 9,
    "1-3季度": 9, "全年": 12,
}
# 全年 beside 目标/计划/预计 names a target, a plan or an estimate, never the full year.
_WORDS = "|".join(sorted((re.escape(w) if w != "全年" else
                          r"(?<!预计)(?<!预测)(?<!完成)全年(?!目标|计划|任务|预计|预测|增长目标)"
                          for w in PERIOD_WORDS), key=len, reverse=True))
# 2025年1-9月 / 1-9月 / 9月 / 2025年前三季度 / 2025年 (year, first month, last month, word)
_CHINESE = re.compile(
    rf"(?:(?P<year>\d{{4}})\s*年(?:度)?)?\s*(?:(?:(?P<first>\d{{1,2}})\s*(?:月份?)?\s*{DASH}\s*)?"
    rf"(?P<month>\d{{1,2}})\s*月(?:份)?(?:末|止)?|(?P<word>{_WORDS}))")
_YEAR_ONLY = re.compile(r"(?P<year>\d{4})\s*年(?:度)?")


class Period(NamedTuple):
    """Year-to-date through ``month`` of ``year``; month 12 is the full year."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str | int) -> Period:
        """Read ``YYYY``, ``YYYY-MM`` or a bulletin's words (2025年1-9月, 2025年前三季度);
        raise ValueError with a message a person can act on."""
        raw = unicodedata.normalize("NFKC", str(text)).strip()
        match = _PATTERN.match(raw)
        if match:
            return cls._checked(raw, int(match.group(1)), int(match.group(2) or 12))
        found = find(raw)
        if found is not None and found.whole and found.year is not None:
            return cls._checked(raw, found.year, found.month or 12)
        raise ValueError(Msg.of("inputs.period_format", period=raw))

    @classmethod
    def _checked(cls, raw: str, year: int, month: int) -> Period:
        if not 1 <= month <= 12:
            raise ValueError(Msg.of("inputs.period_month", period=raw, month=month))
        if not 1949 <= year <= 2100:
            raise ValueError(Msg.of("inputs.period_year", period=raw, year=year))
        return cls(year, month)

    @property
    def is_full_year(self) -> bool:
        return self.month == 12

    @property
    def quarter_end(self) -> bool:
        return self.month % 3 == 0

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def months_before(self, months: int) -> Period:
        """The year to date ``months`` earlier: 1-9月 less 1 is 1-8月; 1-3月 less 3 is the
        previous year."""
        total = self.year * 12 + self.month - 1 - months
        return Period(total // 12, total % 12 + 1)

    def previous_release(self, cadence: str) -> Period | None:
        """The release before this one: a month before, a quarter before for quarterly
        figures; January is published with February, so 1-2月 follows the previous year.
        None for annual figures."""
        if cadence == "annual":
            return None
        before = self.months_before(3 if cadence == "quarterly" else 1)
        return Period(before.year - 1, 12) if before.month == 1 else before

    def label(self, lang: str = "zh") -> str:
        """How a bulletin names the period: 2025年1-9月 / Jan-Sep 2025; full year 2025年 / 2025."""
        return self.message().render(lang)

    def message(self) -> Msg:
        """The label as a message, rendered in the reader's language when shown."""
        if self.month == 12:
            return Msg.of("labels.period_year", year=self.year)
        return Msg.of("labels.period_ytd", year=self.year, month=self.month,
                      short=_MONTHS[self.month - 1])


class Found(NamedTuple):
    """A period named inside a text: the year and month when given, whether the month is a
    single month (9月, 本月) rather than a year to date (1-9月), and whether the period is
    all the text says."""

    year: int | None
    month: int | None
    single: bool
    whole: bool


def find(text: object) -> Found | None:
    """The period a title, a sheet name or a column header names, if any: 2025年1-9月 ->
    (2025, 9), 1-9月 -> (None, 9), 9月 -> (None, 9, single), 2025年 -> (2025, None)."""
    raw = unicodedata.normalize("NFKC", str(text or ""))
    match = _CHINESE.search(raw)
    if match is None or not (match.group("month") or match.group("word")):
        year = _YEAR_ONLY.search(raw)
        if year is None:
            return None
        whole = not raw.replace(year.group(0), "").strip(" 全年度")
        return Found(int(year.group("year")), None, False, whole)
    year = int(match.group("year")) if match.group("year") else None
    if match.group("word"):
        month, single = PERIOD_WORDS[match.group("word")], False
    else:
        month = int(match.group("month"))
        first = match.group("first")
        if first is not None and int(first) != 1:
            return None  # 7-9月 is a quarter, not a year to date
        single = first is None
    whole = not (raw[:match.start()] + raw[match.end():]).strip()
    return Found(year, month, single, whole)


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
