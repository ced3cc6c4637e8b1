"""Plausibility inside one row of a bureau's table: figures that cannot all be right.

A month's level (本月) above its year to date (1-9月累计) — the columns swapped or a unit
slip; a month's level under a tenth of the average month of its year to date; a year-to-date
level that falls from one month to a later one (months as column groups). Each is a warning
naming both cells: the table is still read, the person looks. Comparing across files and
months is done where the files meet (``dataset``).
"""

from __future__ import annotations

import itertools
from typing import Any

from xyforecast.i18n import Msg
from xyforecast.periods import Period

MONEY = {"元": 1e-4, "万元": 1.0, "亿元": 1e4}  # compared in 万元: 本月(万元) and 累计(亿元)
# A month's level under a tenth of the average month of its year to date is flagged. An
# assumption, not estimated from data: set well below any county month seen so far.
MONTH_FLOOR = 10.0


def one_row(levels: list[tuple[dict[str, Any], str]], number: Any) -> list[tuple[str, Msg]]:
    """The warnings of one row: ``levels`` are its level and month_level figures as (cells,
    value cell); each warning is (the cell it is shown at, the message)."""
    amounts = [(cells, ref, a) for cells, ref in levels if (a := _amount(cells)) is not None]
    totals = sorted(((c["period"], c, ref, a) for c, ref, a in amounts
                     if c["measure"] == "level"), key=lambda t: t[0])
    out = []
    for (_, earlier, at, a), (_, later, bt, b) in itertools.pairwise(totals):
        if b < a:
            out.append(_pair("inputs.bureau_total_falls", (later, bt), (earlier, at)))
    for cells, ref, amount in amounts:
        if cells["measure"] != "month_level":
            continue
        total = next(((c, r, a) for p, c, r, a in totals if p == cells["period"]), None)
        months = Period.parse(cells["period"]).month
        if total is None or months < 2:
            continue
        if amount > total[2]:
            out.append(_pair("inputs.bureau_month_above_total", (cells, ref), total[:2]))
        elif 0 < amount * months * MONTH_FLOOR < total[2]:
            out.append(_pair("inputs.bureau_month_below_average", (cells, ref), total[:2]))
    return out


def _pair(key: str, figure: tuple[dict, str], other: tuple[dict, str]) -> tuple[str, Msg]:
    (cells, ref), (other_cells, other_ref) = figure, other
    return ref, Msg.of(key, cell=ref, value=cells["value"], other=other_ref,
                       other_value=other_cells["value"],
                       period=Period.parse(other_cells["period"]).message(),
                       floor=f"{MONTH_FLOOR:g}")


def _amount(cells: dict[str, Any]) -> float | None:
    """A level in 万元 where its unit is money, else as typed; None when not a number."""
    value = cells["value"]
    if isinstance(value, str):
        try:
            value = float(value.replace(",", "").strip())
        except ValueError:
            return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return value * MONEY.get(cells["unit"], 1.0)
