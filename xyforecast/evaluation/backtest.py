"""The nested replay: every past year scored by the engine with settings chosen without it.

For each year, the settings (annual model, momentum, pace, prior, target pull), the spread
and the gap variances are chosen and fitted on all other years (``selection.fit``), then
every case of that year — each region, indicator and cut-off — is projected with them and
scored against the outcome (the latest published full-year figure). Beside it, the naive
baselines: carry the year-to-date growth forward, last year's growth, the announced target,
the "empirical" interval any analyst could make (the same median plus the spread of past
errors at the same month, from the other years) and, for GDP targets, the base rate of
comparable city targets met. The published defaults are the same procedure on all years.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from xyforecast import __version__, config
from xyforecast.engine.distribution import Mixture
from xyforecast.engine.projection import project_evidence
from xyforecast.engine.regime import regime
from xyforecast.engine.results import QUANTILES
from xyforecast.engine.settings import Settings
from xyforecast.errors import UsageError
from xyforecast.evaluation import selection
from xyforecast.evaluation.cases import Case, Features, cases, features
from xyforecast.inputs.dataset import Dataset

MIN_EMPIRICAL = 5  # past errors at the same month before the empirical interval uses them


def run(data: Dataset) -> tuple[pd.DataFrame, Settings, dict[int, Settings]]:
    """Rows of the nested replay, the settings on all years, and each fold's settings."""
    all_cases = cases(data)
    f = features(all_cases)
    everything = np.arange(len(f.cases))
    defaults = selection.fit(f, everything, data, provenance=(
        f"chosen by benchmarks/accuracy.py (xyforecast {__version__}) from {len(all_cases)} "
        f"replayed cases; data sha256 {data.sha256}"))
    years = np.array([c.year for c in f.cases])
    rows, folds = [], {}
    for year in sorted({c.year for c in all_cases}):
        train = everything[years != year]
        settings = selection.fit(f, train, data, exclude_year=year, start=defaults.scale)
        folds[year] = settings
        errors = _errors(f, train, settings)
        rows += [row for case in all_cases if case.year == year
                 for row in replay(case, settings, errors)]
    frame = pd.DataFrame(rows).sort_values(["region", "indicator", "year", "month", "method"],
                                           kind="stable").reset_index(drop=True)
    return frame, defaults, folds


def replay(case: Case, settings: Settings, errors: pd.DataFrame | None = None) -> list[dict]:
    """One case: the engine with ``settings`` and the baselines, as rows."""
    projection = project_evidence(case.evidence, settings, case.target, case.announced)
    if projection.method == "published" or projection.dist is None:
        return []
    base = {"region": case.region, "indicator": case.indicator, "year": case.year,
            "month": case.month, "cutoff": str(case.cutoff), "actual": case.actual,
            "level": case.evidence.own.level, "shock": case.shock,
            "kind": "ytd" if case.evidence.own.months else "borrowed"
            if projection.method == "borrowed" else "before",
            "n_history": len(case.evidence.own.history),
            "target": case.target.value if case.target else np.nan,
            "met": float(case.target.met(case.actual)) if case.target else np.nan,
            "default_method": projection.method, "regime": regime(case.evidence)}
    rows = [base | _scored(case, projection.dist, "default")]
    own = case.evidence.own
    points = {"carry_forward": own.months[own.latest_month] if own.months else None,
              "last_year": own.history.get(case.year - 1),
              "target": case.announced.value if case.announced is not None else None}
    for method, point in points.items():
        if point is not None:
            rows.append(base | _scored(case, Mixture.point(point), method, interval=False))
    if errors is not None and case.own_data(settings.own_years):
        empirical = _empirical(case, projection.median, errors)
        if empirical is not None:
            rows.append(base | _scored(case, empirical, "empirical"))
    if projection.base_rate is not None:
        rows.append(base | dict.fromkeys([*QUANTILES, "crps"], np.nan) | {
            "method": "base_rate", "p_meet": projection.base_rate.share})
    return rows


def _scored(case: Case, dist: Mixture, method: str, interval: bool = True) -> dict:
    values = dist.quantile(list(QUANTILES.values()))
    row = {"method": method, "crps": dist.crps(case.actual),
           "p_meet": case.target.probability(dist) if case.target else np.nan}
    row |= {name: (float(v) if interval or name == "median" else np.nan)
            for name, v in zip(QUANTILES, values)}
    return row


def _errors(f: Features, train: np.ndarray, settings: Settings) -> pd.DataFrame:
    """The training cases' errors under the fold's choices (for the empirical baseline)."""
    chosen = {k: {name: settings.pick(name, k) for name in selection.SIMPLEST}
              for k in {*settings.momentum}}
    train = selection.own_rows(f, train, settings.own_years)
    rows = selection.error_rows(f, train, chosen)
    months = [f.cases[i].month for i in train]
    return pd.DataFrame(rows).assign(month=months)


def _empirical(case: Case, median: float, errors: pd.DataFrame) -> Mixture | None:
    """The median plus past errors of the same indicator at the same month (else every
    month's, rescaled by the part of the year left)."""
    mine = errors[errors["indicator"] == case.indicator]
    same = mine[mine["month"] == case.month]["error"].to_numpy()
    if len(same) < MIN_EMPIRICAL:
        w = case.evidence.share(case.month).value if case.month else 0.0
        left = (1 - mine["w"].to_numpy())
        same = (mine["error"].to_numpy() * (1 - w) / np.where(left > 0, left, 1))
    if len(same) < MIN_EMPIRICAL:
        return None
    n = len(same)
    return Mixture(np.full(n, 1 / n), median + same, np.zeros(n))


def published_rows(path: Path | None = None) -> pd.DataFrame:
    """The committed track record (what ``python -m benchmarks.accuracy`` wrote)."""
    path = path or config.results_dir() / "backtest_rows.csv"
    if not path.is_file():
        raise UsageError(f"{path} is missing: make it with python -m benchmarks.accuracy")
    return pd.read_csv(path)
