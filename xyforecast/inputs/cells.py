"""What one cell means: text folded as a person reads it, a period, a number as it was
published (thousands separators, a trailing %, a footnote marker dropped with a warning), a
vintage word or a release date, one of a column's choices. Each function says what is wrong
through the row's ``RowProblems``, naming the column; ``validation`` puts the row together.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from typing import Any

from xyforecast.i18n import Msg
from xyforecast.periods import Period

# Later vintages win: the bureau's current database, final verification (最终核实), first
# verification (初步核实), unstated, preliminary accounting (初步核算) or estimates.
VINTAGE_RANK = {"current": 4, "final": 3, "verified": 2, "": 1, "preliminary": 0}
VINTAGE_ALIASES = {"最终核实": "final", "初步核实": "verified", "初步核算": "preliminary",
                   "revised": "final", "预计": "preliminary"}
MARKERS = "*†‡※"  # besides superscripts and circled numbers (Unicode category No)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$", re.ASCII)
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
_NON_FINITE = re.compile(r"^[+-]?(inf|infinity|nan)$", re.IGNORECASE)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))  # from web pages
RELEASE_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?$")
_ALLOWED_CONTROLS = "\t\n\r"


class RowProblems:
    """The errors and warnings of one row, each with the column it concerns."""

    def __init__(self) -> None:
        self.errors: list[tuple[str | None, Msg]] = []
        self.warnings: list[tuple[str | None, Msg]] = []

    def error(self, column: str | None, message: Msg) -> None:
        self.errors.append((column, message))

    def warn(self, column: str | None, message: Msg) -> None:
        self.warnings.append((column, message))



def as_text(value: Any) -> str:
    """A cell as text: full-width forms folded (NFKC), zero-width characters from web pages
    dropped, surrounding spaces stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if text.isascii():  # NFKC leaves ASCII alone and nothing invisible is ASCII
        return text.strip()
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE).strip()


def shown(value: Any) -> str:
    return format(value, ".15g") if isinstance(value, float) else str(value).strip()


def control(text: str) -> str:
    """The first control character (NUL, ESC …) in a cell, as U+001B ESC; "" if none."""
    for ch in text:
        if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS:
            return f"U+{ord(ch):04X}"
    return ""


def period(value: Any, r: RowProblems) -> tuple[Period | None, str]:
    """The period and how it is written (``YYYY`` or ``YYYY-MM``). A period typed as an Excel
    date is read as its month, after the same checks as text (65 typed into a date cell
    shows as 1900-03-05, not a period)."""
    if isinstance(value, datetime | date):
        try:
            period = Period.parse(f"{value.year:04d}-{value.month:02d}")
        except ValueError as exc:
            r.error("period", Msg.of("inputs.excel_date_bad", problem=exc.args[0],
                                     date=f"{value:%Y-%m-%d}"))
            return None, ""
        r.warn("period", Msg.of("inputs.excel_date", date=f"{value:%Y-%m-%d}",
                                period=str(period)))
        return period, str(period)
    text = as_text(value)
    if not text:
        r.error("period", Msg.of("inputs.period_empty"))
        return None, ""
    try:
        period = Period.parse(text)
    except ValueError as exc:
        r.error("period", exc.args[0])
        return None, ""
    plain = re.fullmatch(r"\d{4}(-\d{1,2})?", text)
    written = text if plain else (str(period.year) if period.month == 12 and "月" not in text
                                  else str(period))
    return period, written


def number(value: Any, measure: str, percent_ok: bool, r: RowProblems) -> tuple[float | None, int]:
    """Parse a figure as a person means it: full-width digits, thousands separators and a
    trailing % (where the figure is a percentage) are accepted; a footnote marker after the
    figure (6.1¹, 5.8①, 7.2*) is dropped with a warning, one anywhere else is refused; what
    Python's float() would also take (1_000, "infinity" …) is not a published number."""
    if isinstance(value, bool):
        r.error("value", Msg.of("inputs.value_not_number", value=str(value)))
        return None, 0
    if isinstance(value, int | float):
        text = format(value, ".15g")  # 15 digits: drops float noise such as 5.800000000000001
        shown = text
    else:
        raw = str(value or "").translate(_INVISIBLE).strip()
        shown = as_text(value)
        raw, marker = strip_marker(raw)
        inside = next((ch for ch in raw if is_marker(ch)), None)
        if inside:
            r.error("value", Msg.of("inputs.value_marker_inside", value=str(value).strip(),
                                    char=inside))
            return None, 0
        text = unicodedata.normalize("NFKC", raw).replace("\u2212", "-").replace(" ", "")
        if not text:
            r.error("value", Msg.of("inputs.value_empty"))
            return None, 0
        if marker:
            r.warn("value", Msg.of("inputs.value_marker_dropped", value=str(value).strip(),
                                   char=marker, read=text))
        if text.endswith("%"):
            if not percent_ok:
                r.error("value", Msg.of("inputs.value_percent", value=shown, measure=measure))
                return None, 0
            text = text[:-1]
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
    if _NON_FINITE.match(text) or (_NUMBER.match(text) and not math.isfinite(float(text))):
        r.error("value", Msg.of("inputs.value_not_finite", value=text))
        return None, 0
    if not _NUMBER.match(text):
        r.error("value", Msg.of("inputs.value_not_number", value=shown))
        return None, 0
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text.lower() else 0
    return float(text), decimals


def is_marker(ch: str) -> bool:
    return unicodedata.category(ch) == "No" or ch in MARKERS


def strip_marker(text: str) -> tuple[str, str]:
    """'6.1¹' -> ('6.1', '¹'); '5.8%①' and '5.8①%' -> ('5.8%', '①')."""
    percent = ""
    body = text
    if body.endswith(("%", "％")) and len(body) > 1 and is_marker(body[-2]):
        body, percent = body[:-1], body[-1]
    marker = ""
    while body and is_marker(body[-1]):
        marker, body = body[-1] + marker, body[:-1].rstrip()
    if not any(ch.isdigit() for ch in body):  # "½" or "*": not a figure with a marker
        return text, ""
    return body + percent, marker


def vintage(value: Any, period: Period | None, today: date, r: RowProblems) -> tuple[str, str]:
    """A vintage word (preliminary, final …) or the date the figure was released."""
    released = None
    if isinstance(value, datetime | date):
        released = value if isinstance(value, date) and not isinstance(value, datetime) \
            else value.date()
    else:
        match = RELEASE_DATE.match(as_text(value))
        if match:
            try:
                released = date(int(match.group(1)), int(match.group(2)),
                                int(match.group(3) or 1))
            except ValueError:
                r.error("vintage", Msg.of("inputs.release_bad", value=as_text(value)))
                return "", ""
    if released is None:
        return choice(value, VINTAGE_RANK, VINTAGE_ALIASES, "vintage", r), ""
    if released > today:
        r.error("vintage", Msg.of("inputs.release_future", date=released.isoformat()))
    elif period is not None and (released.year, released.month) <= (period.year, period.month):
        r.error("vintage", Msg.of("inputs.release_early", date=released.isoformat(),
                                  period=str(period)))
    return "", released.isoformat()


def choice(value: Any, allowed, aliases: dict[str, str], name: str, r: RowProblems) -> str:
    text = as_text(value)
    text = aliases.get(text, text.lower())
    if text not in allowed:
        r.error(name, Msg.of("inputs.choice", name=name, value=text,
                             allowed=[f"'{a}'" for a in allowed if a]))
    return text
