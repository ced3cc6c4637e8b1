"""What a bureau table's stated change of growth (增速比上期提高/回落, ``change_pp``) implies.

Where a table gives, for a period P, the year-to-date growth g and its change Δ in points
against the previous cumulative period P′ (the indicator's previous release: a month
before, a quarter for GDP; 1–2月 against last year's whole year), the growth at P′ is
g − Δ. When no file gives that figure, it is **derived**: a row of origin ``derived``,
naming the table's file and both cells, published when P's table was; the engine sees it
as any year-to-date figure (its momentum needs it). When a file does give it and it differs
from g − Δ by more than ``TOLERANCE``, a warning names the three cells.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xyforecast.catalog import Catalog
from xyforecast.errors import Problem
from xyforecast.i18n import Msg
from xyforecast.periods import Period

TOLERANCE = 0.05  # points: beyond this the table's change and its growth figures disagree
SERIES = ["region", "indicator", "territory"]
_SAME = [*SERIES, "year", "month", "file"]


def previous(catalog: Catalog, indicator: str, year: int, month: int) -> Period:
    """The previous cumulative period of a release: a month before (a quarter for GDP);
    the first release of a year (1–2月, GDP's 1–3月) compares with last year's whole year."""
    step = 3 if catalog.indicators[indicator].quarterly else 1
    first = 3 if step == 3 else 2
    return Period(year - 1, 12) if month <= first else Period(year, month - step)


def pairs(frame: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Each change in points beside the growth of the same period in the same file, with
    the previous period (``prev_year``, ``prev_month``)."""
    change = frame[frame["measure"] == "change_pp"]
    if change.empty:
        return change
    growth = frame[frame["measure"] == "growth_pct"]
    both = change.merge(growth[[*_SAME, "value", "decimals", "where", "line"]], on=_SAME,
                        suffixes=("", "_g"))
    if both.empty:
        return both
    before = [previous(catalog, i, y, m)
              for i, y, m in zip(both["indicator"], both["year"], both["month"])]
    return both.assign(prev_year=[p.year for p in before], prev_month=[p.month for p in before])


def derive(frame: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """The growth figures the tables' changes imply where no file gives them (rows of
    ``frame``'s columns, origin ``derived``)."""
    both = pairs(frame, catalog)
    if both.empty:
        return frame.iloc[:0]
    growth = frame[frame["measure"] == "growth_pct"]
    given = set(zip(*(growth[c] for c in [*SERIES, "year", "month"])))
    missing = [(r, i, t, y, m) not in given for r, i, t, y, m in
               zip(both["region"], both["indicator"], both["territory"], both["prev_year"],
                   both["prev_month"])]
    rows = both[missing].drop_duplicates([*SERIES, "prev_year", "prev_month"])
    if rows.empty:
        return frame.iloc[:0]
    decimals = np.maximum(rows["decimals"], rows["decimals_g"]).astype(int)
    value = [round(g - d, n) for g, d, n in zip(rows["value_g"], rows["value"], decimals)]
    note = [f"{g:.{dg}f} − {d:.{dd}f} ({_cell(fg, wg, lg)}, {_cell(fg, wd, ld)})"
            for g, dg, d, dd, fg, wg, lg, wd, ld in zip(
                rows["value_g"], rows["decimals_g"], rows["value"], rows["decimals"],
                rows["file"], rows["where_g"], rows["line_g"], rows["where"], rows["line"])]
    out = rows.assign(
        year=rows["prev_year"], month=rows["prev_month"], measure="growth_pct",
        period=[str(y) if m == 12 else str(Period(y, m))
                for y, m in zip(rows["prev_year"], rows["prev_month"])],
        value=value, decimals=decimals, unit="%", note=note, origin="derived")
    return out[frame.columns].reset_index(drop=True)


def disagreements(frame: pd.DataFrame, figures: pd.DataFrame, catalog: Catalog
                  ) -> list[Problem]:
    """A warning for each table whose stated change does not match its growth and the
    previous period's figure (kept by the rule) by more than ``TOLERANCE``."""
    both = pairs(frame, catalog)
    if both.empty:
        return []
    growth = figures[(figures["measure"] == "growth_pct") & (figures["origin"] != "derived")]
    known = {k: r for k, r in zip(zip(*(growth[c] for c in [*SERIES, "year", "month"])),
                                  growth.to_dict("records"))}
    problems = []
    for row in both.to_dict("records"):
        prev = known.get((row["region"], row["indicator"], row["territory"], row["prev_year"],
                          row["prev_month"]))
        if prev is None:
            continue
        stated = row["value"]
        computed = row["value_g"] - prev["value"]
        if abs(computed - stated) <= TOLERANCE + 1e-9:
            continue
        problems.append(Problem(row["file"], int(row["line"]), Msg.of(
            "inputs.change_disagrees", change=f"{stated:+.{int(row['decimals'])}f}",
            prev_period=_shown(row["prev_year"], row["prev_month"]),
            prev=f"{prev['value']:.{int(prev['decimals'])}f}",
            prev_at=_cell(prev["file"], prev["where"], prev["line"]),
            period=_shown(row["year"], row["month"]),
            growth=f"{row['value_g']:.{int(row['decimals_g'])}f}",
            growth_at=_cell(row["file"], row["where_g"], row["line_g"]),
            computed=f"{computed:+.2f}".rstrip("0").rstrip(".")),
            "warning", where=row["where"] or None))
    return problems


def _shown(year: int, month: int) -> str:
    return str(year) if month == 12 else str(Period(year, month))


def _cell(file: Any, where: Any, line: Any) -> str:
    return f"{Path(str(file)).name}:{where or int(line)}"
