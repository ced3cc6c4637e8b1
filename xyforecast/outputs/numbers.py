"""One rounding for every number a person reads.

``summary.json`` keeps growth to two decimals and probabilities to three; every table, page,
chart and workbook shows a number by rounding it that way first, then once more to what is
shown, half up. So the dashboard table, the chart above it and the indicator page can never
differ in the last digit (a probability of 0.4653 is 47% everywhere, not 46% in one place).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

GROWTH_DIGITS = 2  # as summary.json stores growth rates and levels
PROBABILITY_DIGITS = 3  # as summary.json stores probabilities
MISSING = "—"


def shown(value: float | None, digits: int = 1, stored: int = GROWTH_DIGITS) -> Decimal | None:
    """``value`` as stored in the summary, then rounded half up to ``digits`` decimals; a
    Decimal, so that a format spec of the same precision prints it without rounding again."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    stored_value = round(float(value), max(stored, digits))
    return Decimal(repr(stored_value)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)


def fixed(value: float | None, digits: int = 1, stored: int = GROWTH_DIGITS) -> str:
    """5.34 -> '5.3'; None -> '—'. ``stored``: PROBABILITY_DIGITS for a probability."""
    number = shown(value, digits, stored)
    return MISSING if number is None else f"{number:.{digits}f}"


def signed(value: float | None, digits: int = 1, stored: int = GROWTH_DIGITS) -> str:
    """5.34 -> '+5.3', -0.04 -> '-0.0'; None -> '—'."""
    number = shown(value, digits, stored)
    return MISSING if number is None else f"{number:+.{digits}f}"


def percent(probability: float | None, digits: int = 0) -> str:
    """A probability or a share as a percentage: 0.4653 -> '47%'; None -> '—'."""
    number = shown(probability, digits + 2, stored=PROBABILITY_DIGITS)
    return MISSING if number is None else f"{number:.{digits}%}"


def general(value: float | None) -> str:
    """A target or a level as written: 6.0 -> '6', 360.5 -> '360.5'."""
    number = shown(value, GROWTH_DIGITS)
    return MISSING if number is None else f"{number.normalize():f}"


def direction(change: float) -> str:
    """up, down or level (提高/回落/持平) for a change in points, as shown to one decimal:
    a change that reads 0.0 is level, whatever its sign."""
    if shown(abs(change)) == 0:
        return "level"
    return "up" if change > 0 else "down"


def difference(value: float | None, reference: float | None, digits: int = 1) -> Decimal | None:
    """``value`` less ``reference``, each as shown: what a reader gets subtracting the two
    figures on the page (8.9 after an expected 8.8 is 0.1 higher, never 0.2)."""
    a, b = shown(value, digits), shown(reference, digits)
    return None if a is None or b is None else a - b
