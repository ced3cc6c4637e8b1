"""The table of city GDP targets and their outcomes (``data/henan/city_gdp_target_outcomes.csv``),
read and checked like every other input: a missing column, a year that is not one or a
figure that is not a finite number stops with the file and line named, never a traceback
in the middle of a projection. The engine's base rate (``engine/baserates.py``) reads it
here.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from xyforecast.errors import DataError, Problem
from xyforecast.i18n import Msg
from xyforecast.inputs.cells import as_text

COLUMNS = ("city_id", "year", "target_growth_pct", "outcome_growth_pct", "flag")


@dataclass(frozen=True)
class Outcome:
    """One city-year: its GDP growth target and what it grew, in %."""

    city: str
    year: int
    target: float
    outcome: float
    flagged: bool  # the row's own flag doubts it (``suspect: …``): never counted


def read_outcomes(path: Path) -> tuple[Outcome, ...]:
    """Every row of the table, checked; DataError naming each bad line."""
    problems: list[Problem] = []
    out = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError([Problem(str(path), 1, Msg.of("inputs.columns_missing",
                                                          columns=missing))])
        for line, row in enumerate(reader, start=2):
            year = _number(row["year"], str(path), line, problems)
            if year is not None and (not year.is_integer() or not 1949 <= year <= 2100):
                problems.append(Problem(str(path), line, Msg.of(
                    "inputs.period_year", period=row["year"], year=row["year"])))
                year = None
            target = _number(row["target_growth_pct"], str(path), line, problems)
            outcome = _number(row["outcome_growth_pct"], str(path), line, problems)
            if None not in (year, target, outcome):
                out.append(Outcome(as_text(row["city_id"]), int(year), target, outcome,
                                   bool(as_text(row["flag"]))))
    if problems:
        raise DataError(problems)
    return tuple(out)


def _number(text: str | None, path: str, line: int, problems: list[Problem]) -> float | None:
    try:
        value = float(as_text(text))
    except ValueError:
        problems.append(Problem(path, line, Msg.of("inputs.value_not_number", value=text)))
        return None
    if not math.isfinite(value):
        problems.append(Problem(path, line, Msg.of("inputs.value_not_finite", value=text)))
        return None
    return value
