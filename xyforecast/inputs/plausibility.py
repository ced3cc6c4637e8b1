"""Figures that are valid one by one but implausible beside each other: warnings, each
naming both cells, never a refusal (a bureau may have a reason; a person should look).

- a level far off the other levels of its series (a unit slip, a growth rate typed as a
  level): more than ``LEVEL_FACTOR`` times off the median within a year either side;
- a cumulative level that falls from one month to the next within a year (a year-to-date
  total cannot shrink);
- a single month's level (本月) above its year-to-date level, or far below its share of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xyforecast.errors import Problem
from xyforecast.i18n import Msg
from xyforecast.periods import Period

# A level this many times off the median of its series' levels within a year either side is
# flagged: a unit slip (万元 for 亿元) or a growth rate typed as a level. The shipped data's
# widest honest spread (China's January-February investment against the full year) is 8.3.
LEVEL_FACTOR = 20.0
SERIES = ["region", "indicator", "territory"]


def odd_levels(frame: pd.DataFrame) -> list[Problem]:
    """Warn about a level more than LEVEL_FACTOR times off the median of the same series'
    other levels within a year either side (at least two of them, so the majority decides).
    Only series whose levels span more than the factor need a look."""
    levels = frame[frame["measure"] == "level"]
    if levels.empty:
        return []
    grouped = levels.groupby(SERIES)
    spread = grouped["value"].agg(["min", "max"])
    wide = spread[~(spread["max"] <= LEVEL_FACTOR * spread["min"])].index
    problems = []
    for key in wide:
        series = grouped.get_group(key)
        years, values = series["year"].to_numpy(), series["value"].to_numpy()
        near = np.abs(years[:, None] - years[None, :]) <= 1
        np.fill_diagonal(near, False)
        for n, rec in enumerate(series.to_dict("records")):
            others = values[near[n]]
            if len(others) < 2:
                continue
            median, value = float(np.median(others)), rec["value"]
            if median <= 0 or median / LEVEL_FACTOR <= value <= median * LEVEL_FACTOR:
                continue
            key_msg, times = (("inputs.level_larger", value / median) if value > median
                              else ("inputs.level_smaller", median / value) if value > 0
                              else ("inputs.level_far_below", 0))
            problems.append(Problem(rec["file"], int(rec["line"]), Msg.of(
                key_msg, value=f"{value:.10g}", times=f"{times:,.0f}", median=f"{median:.10g}",
                factor=f"{LEVEL_FACTOR:g}", unit=rec["unit"]), "warning",
                where=rec["where"] or None))
    return problems


def falling_levels(figures: pd.DataFrame) -> list[Problem]:
    """A year-to-date level below the one of an earlier month of the same year (beyond the
    rounding of the two): a warning at the later one naming the earlier."""
    levels = figures[figures["measure"] == "level"].sort_values([*SERIES, "year", "month"])
    if len(levels) < 2:
        return []
    same = np.ones(len(levels), dtype=bool)
    for column in [*SERIES, "year"]:
        values = levels[column].to_numpy()
        same[1:] &= values[1:] == values[:-1]
    same[0] = False
    value, decimals = levels["value"].to_numpy(), levels["decimals"].to_numpy()
    before = np.roll(value, 1)
    slack = 0.5 * 10.0 ** -np.minimum(decimals, np.roll(decimals, 1))
    falls = np.flatnonzero(same & (value < before - slack))
    if not len(falls):
        return []
    later = levels.iloc[falls].to_dict("records")
    earlier = levels.iloc[falls - 1].to_dict("records")
    return [_pair("inputs.level_falls", a, b) for a, b in zip(later, earlier)]


def month_levels(figures: pd.DataFrame, catalog: Any) -> list[Problem]:
    """A single month's level above its year-to-date level, or more than LEVEL_FACTOR
    times below an even share of it (a unit slip): a warning naming both cells."""
    month = figures[figures["measure"] == "month_level"]
    if month.empty:
        return []
    ytd = figures[figures["measure"] == "level"]
    both = month.merge(ytd, on=[*SERIES, "year", "month"], suffixes=("", "_ytd"))
    problems = []
    for rec in both.to_dict("records"):
        whole = rec["value_ytd"]
        periods = rec["month"] // 3 if catalog.indicators[rec["indicator"]].quarterly \
            else rec["month"]
        slack = 0.5 * 10.0 ** -min(rec["decimals"], rec["decimals_ytd"])
        if rec["value"] > whole + slack:
            key = "inputs.month_above_ytd"
        elif rec["value"] * periods * LEVEL_FACTOR < whole:
            key = "inputs.month_far_below_ytd"
        else:
            continue
        other = {k[:-4]: v for k, v in rec.items() if k.endswith("_ytd")}
        problems.append(_pair(key, rec, {**rec, **other}))
    return problems


def _pair(key: str, rec: dict[str, Any], other: dict[str, Any]) -> Problem:
    return Problem(rec["file"], int(rec["line"]), Msg.of(
        key, value=_value(rec), period=_period(rec), other=_value(other),
        other_period=_period(other), other_at=_at(other), factor=f"{LEVEL_FACTOR:g}"),
        "warning", where=rec["where"] or None)


def _value(rec: dict[str, Any]) -> str:
    return f"{rec['value']:.{int(rec['decimals'])}f}"


def _period(rec: dict[str, Any]) -> str:
    return str(rec["year"]) if rec["month"] == 12 and rec["measure"] == "level" \
        else str(Period(int(rec["year"]), int(rec["month"])))


def _at(rec: dict[str, Any]) -> str:
    return f"{Path(str(rec['file'])).name}:{rec['where'] or int(rec['line'])}"
