"""The replays: every past year scored by the engine with settings chosen without it.

Two designs, each a fold per scored year: the settings (annual model, momentum, pace,
prior, target pull, own years), the spread and the gap variances are chosen and fitted
(``selection.fit``) on

- **real time** (the headline): only the years before it — what an analyst running the
  engine then could have fitted, from the data as published by each cut-off. A year needs
  ``MIN_YEARS`` earlier years of cases to be scored; the first years are dropped and counted;
- **leave one year out**: all other years, later ones included (hindsight, beside it).

Every case of the scored year — each region, indicator and cut-off — is then projected with
the fold's settings and scored against the outcome (the latest published full-year figure).
Beside it, the baselines: carry the latest figure forward (the year to date; before the
year, last year's growth), last year's growth, the announced target, the "empirical"
interval any analyst could make (the same median plus the fold's past errors at the same
month) and, for GDP targets, the base rate of comparable city
targets met (only earlier years). In real time every annual model — ARIMA and ETS among
them — is also scored on its own before the year (rows named after the model). The
published defaults are the same procedure on all years.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from xyforecast import __version__, config
from xyforecast.engine import models, nowcast
from xyforecast.engine.borrowing import GapPanel
from xyforecast.engine.distribution import Mixture
from xyforecast.engine.projection import project_evidence
from xyforecast.engine.regime import regime
from xyforecast.engine.results import QUANTILES, Projection
from xyforecast.engine.settings import Settings
from xyforecast.errors import UsageError
from xyforecast.evaluation import recalibration, selection
from xyforecast.evaluation.cases import Case, Features, cases, features
from xyforecast.inputs.dataset import Dataset

MIN_EMPIRICAL = 5  # past errors at the same month before the empirical interval uses them
MIN_YEARS = 5  # assumption: earlier years of cases a real-time fold needs to be scored
DESIGNS = ("realtime", "loyo")
WARM_UP, NO_PROJECTION = "warm_up", "no_projection"  # why a case was not scored


@dataclass(frozen=True)
class Replay:
    """The replays' rows (a case not scored is a row of method ``not_scored`` naming the
    reason), the settings on all years, and each fold's settings."""

    rows: pd.DataFrame
    defaults: Settings
    folds: dict[str, dict[int, Settings]]


def run(data: Dataset) -> Replay:
    """Both replays of every past year, and the defaults."""
    all_cases = cases(data)
    f = features(all_cases)
    panel = GapPanel.measure(data)
    everything = np.arange(len(f.cases))
    defaults = selection.fit(f, everything, panel, provenance=(
        f"chosen by benchmarks/accuracy.py (xyforecast {__version__}) from {len(all_cases)} "
        f"replayed cases; data sha256 {data.sha256}"))
    years = np.array([c.year for c in f.cases])
    case_years = sorted({c.year for c in all_cases})
    by_year: dict[int, list[Case]] = {}
    for case in all_cases:
        by_year.setdefault(case.year, []).append(case)
    live_rows: list[dict] = []
    folds: dict[str, dict[int, Settings]] = {d: {} for d in DESIGNS}
    start = None  # each real-time fold starts from the one before: no hindsight at all
    for year in case_years:
        if sum(y < year for y in case_years) < MIN_YEARS:
            live_rows += [_not_scored(case, "realtime", WARM_UP) for case in by_year[year]]
            continue
        live = selection.fit(f, everything[years < year], panel, lambda y, t=year: y < t,
                             start=start)
        start = live.scale
        live = _widened(live, pd.DataFrame(live_rows))  # the earlier years' record only
        folds["realtime"][year] = live
        live_rows += _scored_year(by_year[year], live, _errors(f, years < year, live),
                                  "realtime")
    record = pd.DataFrame(live_rows)
    defaults = _widened(defaults, record)
    rows = list(live_rows)
    for year in case_years:
        loyo = selection.fit(f, everything[years != year], panel, lambda y, t=year: y != t,
                             start=defaults.scale)
        loyo = _widened(loyo, record[record["year"] != year])
        folds["loyo"][year] = loyo
        rows += _scored_year(by_year[year], loyo, _errors(f, years != year, loyo), "loyo")
    frame = pd.DataFrame(rows).sort_values(
        ["design", "region", "indicator", "year", "month", "method"], kind="stable"
    ).reset_index(drop=True)
    return Replay(frame, defaults, folds)


def _widened(settings: Settings, record: pd.DataFrame) -> Settings:
    """``settings`` widened by what the real-time ``record`` measured (``recalibration``)."""
    factors, evidence = recalibration.widen(record) if len(record) else ({}, {})
    return replace(settings, widen=factors,
                   evidence=settings.evidence | {"widen": evidence})


def _scored_year(year_cases: list[Case], settings: Settings, errors: dict, design: str
                 ) -> list[dict]:
    out = []
    for case in year_cases:
        found = replay(case, settings, errors, annual=design == "realtime")
        out += [r | {"design": design} for r in found] or \
            [_not_scored(case, design, NO_PROJECTION)]
    return out


def _not_scored(case: Case, design: str, reason: str) -> dict:
    return {"design": design, "region": case.region, "indicator": case.indicator,
            "year": case.year, "month": case.month, "cutoff": str(case.cutoff),
            "actual": case.actual, "level": case.evidence.own.level, "shock": case.shock,
            "method": "not_scored", "reason": reason}


def replay(case: Case, settings: Settings, errors: dict | None = None,
           annual: bool = False) -> list[dict]:
    """One case: the engine with ``settings`` and the baselines, as rows (none when the
    engine has nothing to say); with ``annual``, every annual model alone before the year."""
    projection = project_evidence(case.evidence, settings, case.target, case.announced)
    if projection.method == "published" or projection.dist is None:
        return []
    own = case.evidence.own
    base = {"region": case.region, "indicator": case.indicator, "year": case.year,
            "month": case.month, "cutoff": str(case.cutoff), "actual": case.actual,
            "level": own.level, "shock": case.shock,
            "kind": "ytd" if own.months else "borrowed"
            if projection.method == "borrowed" else "before",
            "n_history": len(own.history),
            "target": case.target.value if case.target else np.nan,
            "met": float(case.target.met(case.actual)) if case.target else np.nan,
            "default_method": projection.method, "regime": regime(case.evidence)}
    if own.months:  # what widens a year-to-date spread: an uncertain rest-of-year pace
        pace = nowcast.bridge(case.evidence, 0.0)
        base |= {"divergence": pace.divergence, "distance": pace.distance}
    rows = [base | _scored(case, projection.dist, "default") | _spread(case, projection,
                                                                        settings)]
    last_year = own.history.get(case.year - 1)
    points = {"carry_forward": own.months[own.latest_month] if own.months else last_year,
              "last_year": last_year,
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
    if annual and case.month == 0 and own.history:
        for model in models.MODELS:
            point = models.forecast(model, own.history, case.year)
            dist = settings.distribution(point.value, case.indicator, own.level, 0.0, False,
                                         base["regime"], point.horizon)
            rows.append(base | _scored(case, dist.bounded(), model))
    return rows


def _spread(case: Case, projection: Projection, settings: Settings) -> dict:
    """The fitted spread the default projection rests on, before any widening (what
    ``recalibration`` measures against its errors); none for a borrowed or rolled one."""
    own, k = case.evidence.own, case.indicator
    if projection.rolled is not None or projection.method == "borrowed":
        return {}
    if own.months:
        pace = nowcast.bridge(case.evidence, 0.0)
        args = (pace.share.value, True, 1, pace.divergence, pace.distance)
    elif projection.method.startswith("annual-"):
        args = (0.0, False, models.forecast(projection.method[7:], own.history,
                                            case.year).horizon)
    else:
        return {}
    scale = settings.scale
    return {"sd_model": scale.sd(k, own.level, *args) * settings.county_factor(own.level,
                                                                               args[1]),
            "pi_model": scale.shock(own.level, regime(case.evidence)),
            "kappa_model": scale.shock_factor}


def _scored(case: Case, dist: Mixture, method: str, interval: bool = True) -> dict:
    values = dist.quantile(list(QUANTILES.values()))
    row = {"method": method, "crps": dist.crps(case.actual),
           "p_meet": case.target.probability(dist) if case.target else np.nan}
    row |= {name: (float(v) if interval or name == "median" else np.nan)
            for name, v in zip(QUANTILES, values)}
    return row


def _errors(f: Features, train: np.ndarray, settings: Settings) -> dict[str, dict]:
    """The training cases' errors under the fold's choices (for the empirical baseline),
    by indicator: errors, cut-off months and weights as arrays."""
    chosen = {k: {name: settings.pick(name, k) for name in selection.SIMPLEST}
              for k in {*settings.momentum}}
    rows = selection.own_rows(f, np.flatnonzero(train), settings.own_years)
    found = selection.error_rows(f, rows, chosen)
    out: dict[str, dict] = {}
    for i, r in zip(rows, found):
        mine = out.setdefault(r["indicator"], {"error": [], "month": [], "w": []})
        mine["error"].append(r["error"])
        mine["month"].append(f.cases[i].month)
        mine["w"].append(r["w"])
    return {k: {name: np.array(v) for name, v in d.items()} for k, d in out.items()}


def _empirical(case: Case, median: float, errors: dict) -> Mixture | None:
    """The median plus past errors of the same indicator at the same month (else every
    month's, rescaled by the part of the year left)."""
    mine = errors.get(case.indicator)
    if mine is None:
        return None
    same = mine["error"][mine["month"] == case.month]
    if len(same) < MIN_EMPIRICAL:
        w = case.evidence.share(case.month).value if case.month else 0.0
        left = 1 - mine["w"]
        same = mine["error"] * (1 - w) / np.where(left > 0, left, 1)
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
