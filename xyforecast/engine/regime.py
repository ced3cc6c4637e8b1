"""Is this an abnormal year? Known in real time, it sets how heavy a projection's tails are.

A year is abnormal when its growth lies more than ``ABNORMAL_SD`` (2) typical year-to-year
changes from the median of the three years before (China's GDP in 2020 and 2021, its
retail sales in 2020). The current year counts as abnormal as soon as one of its own
year-to-date figures lies that far from its usual growth, the median of the normal years
among the last five (Jan–Feb 2020). The regimes:
``before`` (the year has no figure yet: nothing is known about it, so its tails hold every
shock), ``normal``, ``after`` (last year was abnormal: base effects) and ``now`` (this
year's own figures already are). The spread model gives each its own weight of shocks, so
tails are heavy when the data says a shock is under way and light otherwise, and in an
abnormal year the distance from the usual growth (``usual``) widens the spread
(``calibration``'s distance term).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import pairwise

from xyforecast.engine.evidence import Evidence

ABNORMAL_SD = 2.0  # assumption: two typical changes away is abnormal (not estimated)
MIN_CHANGES = 4  # assumption: changes a series needs for a volatility of its own
WINDOW = 10  # assumption: the last ten changes (today's volatility, not the 2000s boom's)
USUAL_YEARS = 5  # assumption: the years a usual growth is looked for in (skipping abnormal ones)
FLOOR = 0.5  # assumption, points: the smallest typical change (China's GDP's is about 0.6)
REGIMES = ("before", "normal", "after", "now")


def changes(history: dict[int, float]) -> list[float]:
    """Year-to-year changes of full-year growth over the last WINDOW consecutive pairs."""
    years = sorted(history)
    out = [history[b] - history[a] for a, b in pairwise(years) if b == a + 1]
    return out[-WINDOW:]


def median(values: Iterable[float]) -> float:
    """``np.median``'s value to the last bit (the middle number, or the two middle ones
    added and halved; NaN if one is) without its array machinery: a projection takes
    hundreds of medians of two to ten numbers, and ``np.median`` costs ten microseconds
    each — a quarter of a county report's preparation."""
    ordered = sorted(float(v) for v in values)
    if not ordered or any(math.isnan(v) for v in ordered):
        return math.nan
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def typical(found: list[float]) -> float:
    """1.4826 × the median absolute change: one year like 2020 cannot inflate it."""
    if len(found) < MIN_CHANGES:
        return FLOOR * 4  # nothing to measure: assume a volatile series
    return max(1.4826 * median(abs(c) for c in found), FLOOR)


def volatility(ev: Evidence) -> float:
    """A typical year-to-year change of full-year growth: the region's own when it has
    enough changes, else pooled along its chain."""
    own = changes(ev.own.history)
    if len(own) >= MIN_CHANGES:
        return typical(own)
    return typical([c for series in ev.chain for c in changes(series.history)])


def abnormal(history: dict[int, float], year: int, vol: float) -> bool:
    """Was ``year`` abnormal: growth more than ABNORMAL_SD·vol from the median of the
    three years before (two of them at least)?"""
    before = [history[y] for y in (year - 1, year - 2, year - 3) if y in history]
    return year in history and len(before) >= 2 and \
        abs(history[year] - median(before)) > ABNORMAL_SD * vol


def base_effect(ev: Evidence) -> bool:
    """Last year was abnormal and the year before was not: this year's growth stands on a
    distorted base, which the two-year stacked pace (on the normal year) removes."""
    history, vol = ev.own.history, volatility(ev)
    return abnormal(history, ev.year - 1, vol) and (ev.year - 2) in history and \
        not abnormal(history, ev.year - 2, vol)


def usual(ev: Evidence, month: int) -> float | None:
    """The region's usual growth, to compare this year's figure through ``month`` with: the
    median of the normal years (not abnormal themselves) among the last USUAL_YEARS, the
    latest three, when two at least; else the median of the three full years before (two
    at least); else last year's figure for the same months. Years like 2020–21 are nobody's
    usual: measured against them, 2024's retail sales looked abnormal. A series too short
    for a volatility of its own (``MIN_CHANGES``) cannot tell which of its years were
    abnormal, and skips none."""
    own, vol = ev.own, volatility(ev)
    if len(changes(own.history)) >= MIN_CHANGES:
        window = [y for y in range(ev.year - 1, ev.year - 1 - USUAL_YEARS, -1)
                  if y in own.history]
        normal = [own.history[y] for y in window if not abnormal(own.history, y, vol)][:3]
        if len(normal) >= 2:
            return median(normal)
    before = [own.history[y] for y in (ev.year - 1, ev.year - 2, ev.year - 3)
              if y in own.history]
    return median(before) if len(before) >= 2 else own.last_ytd.get(month)


def regime(ev: Evidence) -> str:
    """before (no figure of the year yet), normal, after (an abnormal year just ended) or
    now (this year's own figures are abnormal)."""
    own, vol = ev.own, volatility(ev)
    for month, growth in own.months.items():
        reference = usual(ev, month)
        if reference is not None and abs(growth - reference) > ABNORMAL_SD * vol:
            return "now"
    if abnormal(own.history, ev.year - 1, vol):
        return "after"
    return "normal" if own.months else "before"
