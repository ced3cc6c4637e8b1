"""One figure per key when several rows give it, by a stated rule; every disagreement kept.

The rule (data/README.md, "Conflicts"; docs/design-seams.md), in order:

1. values that agree once the finer is rounded (or cut off) to the coarser one's decimals
   are one figure (9130, 9130.2 and 9130.17; 12934 and 12934.7; not 3.5 and 4, half a unit
   apart): the more precise is kept;
2. a file named with ``--prefer`` beats the others (the user's own decision);
3. the user's own files beat the shipped data;
4. the figure **published later** wins: a release date in the file (the ``vintage``
   column, a 发布日期 line), else the file's own latest period (``publication``);
5. the later vintage word: current > final > verified > unstated > preliminary;
6. in one publication, the bureau's own table beats a file in the suite's layout;
7. otherwise nothing is chosen: ``Undecided``, and every command stops (exit 2) naming
   both cells and the way out (``--prefer FILE``, or a release date in the file).

File names, the order of files or rows and the number of digits never decide. Two rows the
rule cannot tell apart that disagree are refused even below the figure kept: a replay as
of an earlier cut-off (``Dataset.as_of``) would have to choose between them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xyforecast.errors import Problem
from xyforecast.i18n import Msg
from xyforecast.inputs.cells import VINTAGE_RANK
from xyforecast.periods import Period

KEY = ["region", "indicator", "territory", "measure", "year", "month"]
SHOWN_OTHERS = 5  # a conflict names at most this many of the figures it did not keep
# the steps of the rule that rank rows, best first, as columns of the ranked frame
RANKS = ("_prefer", "_user", "_pub", "_vintage", "_layout")
KINDS = dict(zip(RANKS, ("prefer", "origin", "published", "vintage", "layout")))
_SHOWN = ("value", "decimals", "file", "line", "where", "source", "vintage", "released",
          "origin", "published", "layout")


def month_index(period: Period) -> int:
    return period.year * 12 + period.month - 1


def period_of(index: float) -> Period:
    month = int(index)
    return Period(month // 12, month % 12 + 1)


@dataclass(frozen=True)
class Conflict:
    """Sources that disagree on one figure, and which one the rule kept.

    ``kind`` says which step of the rule decided: prefer, origin, published (a revision),
    vintage or layout. ``why`` says it in the reader's language; ``reason`` in English."""

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
        return what(self.key)

    @property
    def is_revision(self) -> bool:
        """A later publication of the user's replaced an earlier one."""
        return self.kind == "published"

    @property
    def mine(self) -> bool:
        """Whether one of the user's files takes part (then every command says so)."""
        return any(r["origin"] != "shipped" for r in (self.kept, *self.others))

    def message(self) -> Msg:
        """For check-data, after the kept figure's place: the figures not kept, and why."""
        return Msg.of("inputs.conflict", what=self.what, kept=_fmt(self.kept),
                      others=_others(self.others, self.kept), reason=self.why)

    def notice(self) -> Msg:
        """One line for every command that uses the figure: both cells, and the step that
        decided (a revision says what it replaced)."""
        if self.is_revision:
            return self.revision()
        return Msg.of("inputs.conflict_notice", what=self.what, kept=_fmt(self.kept),
                      kept_at=_at(self.kept, {}), others=_others(self.others, {}),
                      reason=self.why)

    def revision(self) -> Msg:
        """One line: which figure a revision replaced, by which, from where, and on what
        ground (a stated release date, or the file's latest period)."""
        old = self.others[0]
        ground = (Msg.of("inputs.revision_released", date=self.kept["released"])
                  if self.kept["released"] else
                  Msg.of("inputs.revision_inferred",
                         period=str(period_of(self.kept["published"]))))
        return Msg.of("inputs.revision", what=self.what, old=_fmt(old),
                      old_at=_at(old, {}), new=_fmt(self.kept), new_at=_at(self.kept, {}),
                      ground=ground)

    def __str__(self) -> str:
        return str(self.message())

    @property
    def problem(self) -> Problem:
        return Problem(self.kept["file"], int(self.kept["line"]), self.message(), "note",
                       where=self.kept.get("where") or None)


@dataclass(frozen=True)
class Undecided:
    """Rows of one figure that disagree and that the rule cannot rank: a refusal."""

    key: tuple
    rows: tuple[dict[str, Any], ...]

    @property
    def problem(self) -> Problem:
        first, rest = self.rows[0], self.rows[1:]
        return Problem(first["file"], int(first["line"]), Msg.of(
            "inputs.undecided", what=what(self.key), value=_fmt(first),
            others=_others(rest, first)), "error", where=first.get("where") or None)


def what(key: tuple) -> str:
    region, indicator, territory, measure, year, month = key
    period = year if month == 12 and measure not in ("month_growth_pct", "month_level") \
        else Period(year, month)
    return f"{region} {indicator} {period} {measure}" + (f" ({territory})" if territory else "")


Resolved = tuple[pd.DataFrame, list[Conflict], list[Undecided]]


def resolve(rows: pd.DataFrame, latest: bool = True, prefer: Collection[str] = ()
            ) -> Resolved:
    """One value per key by the rule above, sorted by key. ``latest=False`` takes, among
    figures without a publication date (the shipped data), the earliest vintage: what was
    seen first. ``prefer`` holds the files (as in the ``file`` column) named with
    ``--prefer``."""
    return _resolve(rows, (latest,), prefer)[0]


def resolve_both(rows: pd.DataFrame, prefer: Collection[str] = ()
                 ) -> tuple[Resolved, Resolved]:
    """``resolve`` with ``latest`` True and False, sharing the work (one sort)."""
    latest, first = _resolve(rows, (True, False), prefer)
    return latest, first


def _resolve(rows: pd.DataFrame, modes: tuple[bool, ...], prefer: Collection[str]
             ) -> list[Resolved]:
    """Only the figures several rows give are ranked and looked at; every result is in the
    order of ``KEY``, found once for all rows."""
    if rows.empty:
        return [(rows.assign(n_sources=pd.Series(dtype=int)), [], []) for _ in modes]
    rows = rows.reset_index(drop=True)
    place = np.empty(len(rows), dtype=np.intp)
    place[rows.sort_values(KEY, kind="stable").index.to_numpy()] = np.arange(len(rows))
    shared = rows.duplicated(KEY, keep=False).to_numpy()
    singles = rows[~shared].assign(n_sources=1)
    out = []
    for latest in modes:
        chosen, conflicts, undecided = [singles], [], []
        if shared.any():
            ranked = rank(rows[shared], latest, prefer)
            records = ranked[[*_SHOWN, *RANKS]].to_dict("records")
            keys = list(ranked[KEY].itertuples(index=False, name=None))
            start, kept, counts = 0, [], []
            for end in [*_boundaries(keys), len(keys)]:
                n, conflict, refused = _decide(keys[start], records[start:end])
                kept.append(start + n)
                counts.append(end - start)
                conflicts += [conflict] if conflict else []
                undecided += [refused] if refused else []
                start = end
            chosen.append(ranked.iloc[kept].drop(columns=list(RANKS)).assign(n_sources=counts))
        figures = pd.concat(chosen)
        figures = figures.iloc[np.argsort(place[figures.index.to_numpy()], kind="stable")]
        conflicts.sort(key=lambda c: c.key)
        undecided.sort(key=lambda u: u.key)
        out.append((figures.reset_index(drop=True), conflicts, undecided))
    return out


def rank(rows: pd.DataFrame, latest: bool, prefer: Collection[str]) -> pd.DataFrame:
    """Rows with one column per step of the rule (larger is better), sorted by key and
    then best first. A row without a publication (shipped, undated) ranks below every dated
    one; among those ``latest`` says whether the later or the earlier vintage comes first."""
    published = rows["published"].astype(float)
    dated = published.notna()
    vintage = rows["vintage"].map(VINTAGE_RANK).astype(float)
    layout = rows["layout"] if "layout" in rows else pd.Series("", index=rows.index)
    ranked = rows.assign(
        _prefer=rows["file"].isin(list(prefer)).astype(int),
        _user=(rows["origin"] != "shipped").astype(int),
        _pub=np.where(dated, published, -1.0),
        _vintage=np.where(dated | latest, vintage, -vintage),
        _layout=(layout == "bureau").astype(int),
    )
    return ranked.sort_values([*KEY, *RANKS], ascending=[True] * len(KEY) + [False] * 5,
                              kind="stable")


def _boundaries(keys: list[tuple]) -> list[int]:
    return [n for n in range(1, len(keys)) if keys[n] != keys[n - 1]]


def _decide(key: tuple, group: list[dict[str, Any]]
            ) -> tuple[int, Conflict | None, Undecided | None]:
    """The position of the row kept in ``group`` (sorted best first), the conflict it
    settles, and the rows the rule cannot rank that disagree (a refusal)."""
    refused = _tie(key, group)
    top = group[0]
    if all(agree(top, r) for r in group[1:]):
        # one figure however written: the most precise of those ranked first
        best = max(range(len(group)), key=lambda n: (group[n]["decimals"], -n))
        return best, None, refused
    others = tuple(r for r in group[1:] if not agree(top, r))
    kind = next(KINDS[c] for c in RANKS if top[c] != others[0][c]) \
        if any(top[c] != others[0][c] for c in RANKS) else ""
    if not kind:  # the first figures tie: nothing is chosen
        return 0, None, refused
    return 0, Conflict(tuple(key), top, others, _reason(kind, top, others[0]), kind), refused


def _tie(key: tuple, group: list[dict[str, Any]]) -> Undecided | None:
    """The first set of rows ranked alike that disagree, as a refusal; None if none."""
    for n, row in enumerate(group):
        alike = [r for r in group[n + 1:] if all(r[c] == row[c] for c in RANKS)]
        differ = [r for r in alike if not agree(row, r)]
        if differ:
            return Undecided(tuple(key), (row, *differ))
    return None


def agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two figures are one: the coarser is the finer rounded to its decimals (less
    than half its last unit away: 9130 and 9130.2, 5.5 and 5.50) or cut off there (12934
    and 12934.7, a page that dropped the decimals). Exactly half a unit away is not one
    figure (3.5 and 4: either could be the other's rounding or another figure), nor are
    5.50 and 5.9."""
    fine, coarse = (a, b) if a["decimals"] >= b["decimals"] else (b, a)
    places = int(coarse["decimals"])
    step = 10 ** (int(fine["decimals"]) - places)
    fine_units = round(fine["value"] * 10 ** int(fine["decimals"]))
    coarse_units = round(coarse["value"] * 10 ** places)
    if 2 * abs(fine_units - coarse_units * step) < step:
        return True
    cut = abs(fine_units) // step * (1 if fine_units >= 0 else -1)
    return coarse_units == cut


def _fmt(row: dict[str, Any]) -> str:
    return f"{row['value']:.{int(row['decimals'])}f}"


def _others(rows, kept: dict[str, Any]) -> list[Msg]:
    shown: list[Msg] = [Msg.of("inputs.value_at", value=_fmt(o), at=_at(o, kept))
                        for o in rows[:SHOWN_OTHERS]]
    if len(rows) > SHOWN_OTHERS:
        shown.append(Msg.of("inputs.more", n=len(rows) - SHOWN_OTHERS))
    return shown


def _at(row: dict[str, Any], kept: dict[str, Any]) -> Msg | str:
    """Where a figure is: "line 4" (or the cell) in the kept figure's file, else the file
    and its line or cell."""
    place = row.get("where") or ""
    if kept and row["file"] == kept["file"]:
        return place or Msg.of("inputs.at_line", line=int(row["line"]))
    return f"{Path(row['file']).name}:{place or int(row['line'])}"


def _reason(kind: str, kept: dict[str, Any], other: dict[str, Any]) -> Msg:
    if kind == "prefer":
        return Msg.of("inputs.reason_prefer", file=Path(kept["file"]).name)
    if kind == "origin":
        return Msg.of("inputs.reason_user")
    if kind == "published":
        if kept["released"]:
            return Msg.of("inputs.reason_released", date=kept["released"])
        return Msg.of("inputs.reason_later_file", period=str(period_of(kept["published"])))
    if kind == "vintage":
        words = {key: Msg.of(f"labels.vintage_{row['vintage'] or 'unstated'}")
                 for key, row in (("kept", kept), ("other", other))}
        earlier = VINTAGE_RANK[kept["vintage"]] < VINTAGE_RANK[other["vintage"]]
        return Msg.of("inputs.reason_first_vintage" if earlier else "inputs.reason_vintage",
                      **words)  # an earlier vintage is kept only in a replay of its year
    return Msg.of("inputs.reason_layout")
