"""One figure per key when several rows give it, by a stated rule; every disagreement kept.

The rule (data/README.md, "Conflicts"), in order:

1. a figure from the user's own files beats the shipped data;
2. the figure **published later** wins: its release date (the ``vintage`` column holding a
   date), else — for the user's files — the latest period of the file's own figures (a
   bulletin with figures to September came out after one with figures to June);
3. the later vintage word: current > final > verified > unstated > preliminary;
4. the more precise figure (more decimals);
5. the earlier row (the user's files in the order of their names, so the order of the
   ``--observations`` options never matters).

A figure released in month M counts as known from the cut-off of month M−1 (the figures of
a month come out in the next). Replaying a cut-off's own year (``Dataset.as_of``) uses what
was known then: among figures published by the cut-off the latest, else the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xyforecast.errors import Problem
from xyforecast.i18n import Msg
from xyforecast.inputs.validation import VINTAGE_RANK
from xyforecast.periods import Period

KEY = ["region", "indicator", "territory", "measure", "year", "month"]
SHOWN_OTHERS = 5  # a conflict names at most this many of the figures it did not keep
_SHOWN = ("value", "decimals", "file", "line", "where", "source", "vintage", "released",
          "origin", "published")


def month_index(period: Period) -> int:
    return period.year * 12 + period.month - 1


@dataclass(frozen=True)
class Conflict:
    """Sources that disagree on one figure, and which one the resolution rule kept.

    ``why`` says it in the reader's language; ``reason`` is the same in English, as the
    report layer has read it so far. ``kind`` says which step of the rule decided: origin,
    published (a revision), vintage, precision or order."""

    key: tuple
    kept: dict[str, Any]
    others: tuple[dict[str, Any], ...]
    why: Msg
    kind: str = ""

    @property
    def reason(self) -> str:
        return self.why.render("en")

    @property
    def what(self) -> str:
        region, indicator, territory, measure, year, month = self.key
        period = year if month == 12 and measure != "month_growth_pct" else Period(year, month)
        return f"{region} {indicator} {period} {measure}" + (f" ({territory})" if territory
                                                               else "")

    @property
    def is_revision(self) -> bool:
        """A later publication of the user's replaced an earlier one."""
        return self.kind == "published"

    def message(self) -> Msg:
        rest: list[Msg] = [Msg.of("inputs.value_at", value=_fmt(o), at=_at(o, self.kept))
                           for o in self.others[:SHOWN_OTHERS]]
        if len(self.others) > SHOWN_OTHERS:
            rest.append(Msg.of("inputs.more", n=len(self.others) - SHOWN_OTHERS))
        return Msg.of("inputs.conflict", what=self.what, kept=_fmt(self.kept), others=rest,
                      reason=self.why)

    def revision(self) -> Msg:
        """One line: which figure a revision replaced, by which, from where."""
        old = self.others[0]
        return Msg.of("inputs.revision", what=self.what, old=_fmt(old),
                      old_at=_at(old, {}), new=_fmt(self.kept), new_at=_at(self.kept, {}))

    def __str__(self) -> str:
        return str(self.message())

    @property
    def problem(self) -> Problem:
        return Problem(self.kept["file"], int(self.kept["line"]), self.message(), "note",
                       where=self.kept.get("where") or None)


def resolve(rows: pd.DataFrame, latest: bool = True,
            cut: Period | None = None) -> tuple[pd.DataFrame, list[Conflict]]:
    """One value per key by the rule above. ``latest=False`` replays what was seen first
    (with ``cut``: what was known at that cut-off). Values that agree within the rounding
    of the coarser one are one figure, not a conflict."""
    if rows.empty:
        return rows.assign(n_sources=pd.Series(dtype=int)), []
    published = rows["published"].astype(float)
    known = published.notna() & (published <= (month_index(cut) if cut else np.inf))
    unstated = published.isna()
    rank = rows["vintage"].map(VINTAGE_RANK).astype(float)
    later_first = known | (unstated & latest)
    ranked = rows.assign(
        _user=(rows["origin"] == "user").astype(int),
        _known=known.astype(int),
        _pub=np.where(known, -published, np.where(unstated, 0.0, published)),
        _vintage=np.where(later_first, -rank, rank),
        _order=range(len(rows)),
    ).sort_values(["_user", "_known", "_pub", "_vintage", "decimals", "_order"],
                  ascending=[False, False, True, True, False, True], kind="stable")
    conflicts: list[Conflict] = []
    shared = ranked.duplicated(KEY, keep=False)  # only figures several rows give need a look
    chosen = list(ranked.index[~shared])
    counts = [1] * len(chosen)
    for key, group in ranked[shared].groupby(KEY, sort=False):
        values, decimals = group["value"].to_numpy(), group["decimals"].to_numpy()
        half_unit = 0.5 * 10.0 ** -decimals.min()
        if values.max() - values.min() < half_unit - 1e-9:
            # 9130, 9130.2 and 9130.17 are one figure, rounded: keep the most precise
            chosen.append(group.index[decimals.argmax()])
        else:
            rows = group[list(_SHOWN)].to_dict("records")  # one conversion per group
            top, others = rows[0], [r for r in rows[1:] if r["value"] != rows[0]["value"]]
            kind, why = _reason(top, others[0])
            conflicts.append(Conflict(tuple(key), top, tuple(others), why, kind))
            chosen.append(group.index[0])
        counts.append(len(group))
    first = ranked.loc[chosen].copy()
    first["n_sources"] = counts
    conflicts.sort(key=lambda c: c.key)
    figures = first.sort_values(KEY).drop(columns=["_user", "_known", "_pub", "_vintage",
                                                   "_order"])
    return figures.reset_index(drop=True), conflicts


def _fmt(row: dict[str, Any]) -> str:
    return f"{row['value']:.{int(row['decimals'])}f}"


def _at(row: dict[str, Any], kept: dict[str, Any]) -> Msg | str:
    """Where a figure is: "line 4" (or the cell) in the kept figure's file, else the file."""
    place = row.get("where") or ""
    if kept and row["file"] == kept["file"]:
        return place or Msg.of("inputs.at_line", line=int(row["line"]))
    return f"{Path(row['file']).name}:{place or int(row['line'])}"


def _reason(kept: dict[str, Any], other: dict[str, Any]) -> tuple[str, Msg]:
    if kept["origin"] != other["origin"]:
        return "origin", Msg.of("inputs.reason_user")
    if kept["published"] != other["published"] and pd.notna(kept["published"]) \
            and pd.notna(other["published"]):
        if kept["released"]:
            return "published", Msg.of("inputs.reason_released", date=kept["released"])
        month = int(kept["published"])
        return "published", Msg.of("inputs.reason_later_file",
                                   period=str(Period(month // 12, month % 12 + 1)))
    if kept["vintage"] != other["vintage"]:
        return "vintage", Msg.of("inputs.reason_vintage",
                                 kept=Msg.of(f"labels.vintage_{kept['vintage'] or 'unstated'}"),
                                 other=Msg.of(f"labels.vintage_{other['vintage'] or 'unstated'}"))
    if kept["decimals"] != other["decimals"]:
        return "precision", Msg.of("inputs.reason_precise")
    return "order", Msg.of("inputs.reason_order")
