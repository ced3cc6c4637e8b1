"""Periods: a year, or the year to date through a month.

Published Chinese statistics are cumulative: "2025-09" means January–September 2025, and the
full year can be written "2025" or "2025-12". Both become ``Period(2025, 12)`` so one figure
never appears twice.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")


class Period(NamedTuple):
    """Year-to-date through ``month`` of ``year``; month 12 is the full year."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str | int) -> Period:
        """Read ``YYYY`` or ``YYYY-MM``; raise ValueError with a message a person can act on."""
        raw = unicodedata.normalize("NFKC", str(text)).strip()
        match = _PATTERN.match(raw)
        if not match:
            raise ValueError(f"period {raw!r} is not YYYY or YYYY-MM (e.g. 2025 or 2025-09)")
        year, month = int(match.group(1)), int(match.group(2) or 12)
        if not 1 <= month <= 12:
            raise ValueError(f"period {raw!r} has month {month}; months run from 01 to 12")
        if not 1949 <= year <= 2100:
            raise ValueError(f"period {raw!r} has an implausible year {year}")
        return cls(year, month)

    @property
    def is_full_year(self) -> bool:
        return self.month == 12

    @property
    def quarter_end(self) -> bool:
        return self.month % 3 == 0

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def label(self, lang: str = "zh") -> str:
        """How a bulletin names the period: 2025年1-9月 / Jan-Sep 2025; full year 2025年 / 2025."""
        from xyforecast.i18n import t

        if self.month == 12:
            return t("labels.period_year", lang, year=self.year)
        return t("labels.period_ytd", lang, year=self.year, month=self.month,
                 short=_MONTHS[self.month - 1])


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
