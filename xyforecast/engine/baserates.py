"""How often comparable GDP targets were met: the base rate to set beside a probability.

``data/henan/city_gdp_target_outcomes.csv`` holds 2,641 city-years of a GDP growth target
and its outcome. A target is "comparable" when it was set in the same era and asked about
as much more than the year before delivered: ambition = target − last year's growth (own,
else the nearest parent's), within ``BAND`` points. The table holds no parent projection for
its cities, so last year's growth is the reference every row has. Rows flagged ``suspect``
are left out. Eras: 2008–2011 (stimulus), 2012–2019 (the "new normal": about 30% met),
2020 (shock) and 2021 (rebound); a year after 2021 is compared with 2012–2019. Only years
before the one asked about count — what was known when its target was set — so a replay
of 2015 rests on 2012–2014 alone, and 2020 and 2021, eras of one year, have none.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from xyforecast import config
from xyforecast.inputs.outcomes import read_outcomes

FILE = Path("henan") / "city_gdp_target_outcomes.csv"
BAND = 0.5  # assumption: points of ambition either side that count as comparable
MIN_ROWS = 30  # assumption: fewer comparable city-years than this give no base rate
ERAS = ((2008, 2011), (2012, 2019), (2020, 2020), (2021, 2021))


@dataclass(frozen=True)
class BaseRate:
    """Share of comparable city-year targets that were met."""

    share: float
    n: int
    ambition: float  # target − last year's growth, points
    era: str  # e.g. "2012-2019"


def era(year: int) -> tuple[int, int]:
    """The era a year is compared with: its own, or 2012–2019 after the table ends."""
    for first, last in ERAS:
        if first <= year <= last:
            return first, last
    return ERAS[1]


def base_rate(target: float, last_growth: float, year: int, tolerance: float = 0.0,
              data_dir: Path | None = None) -> BaseRate | None:
    """Share of comparable targets met (outcome ≥ target − ``tolerance``) in the years of
    ``year``'s era before it."""
    first, last = era(year)
    last = min(last, year - 1)
    ambition = target - last_growth
    rows = [r for r in _rows(data_dir or config.data_dir())
            if first <= r[0] <= last and abs(r[1] - ambition) <= BAND]
    if len(rows) < MIN_ROWS:
        return None
    met = sum(outcome >= t - tolerance - 1e-9 for _, _, t, outcome in rows)
    return BaseRate(met / len(rows), len(rows), ambition, f"{first}-{last}")


@cache
def _rows(data_dir: Path) -> tuple[tuple[int, float, float, float], ...]:
    """(year, ambition, target, outcome) for every unflagged city-year with a year before."""
    path = data_dir / FILE
    if not path.is_file():
        return ()
    rows = [r for r in read_outcomes(path) if not r.flagged]  # checked as every input is
    outcome = {(r.city, r.year): r.outcome for r in rows}
    out = []
    for r in rows:
        before = outcome.get((r.city, r.year - 1))
        if before is not None:
            out.append((r.year, r.target - before, r.target, r.outcome))
    return tuple(out)
