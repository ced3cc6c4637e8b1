"""Choose the engine's settings from replayed cases — and only from the cases it is given.

The same function makes the published defaults (all years) and each fold of the nested
replay (all years but the one scored), so the track record scores exactly the procedure
the engine runs. Per indicator, by mean absolute error on the training cases: the annual
model (on the December-before cases), then the bridge's momentum, pace, weight of the annual
model (each apart in normal and abnormal years) and, for GDP, pull toward the announced
target. An indicator with fewer than
``MIN_CASES`` training cases takes the choice pooled over all indicators (relative to the
simplest setting, so large and small indicators count alike). Then the spread is fitted to
the chosen points' errors and the gap variances to Henan's prefectures.
"""

from __future__ import annotations

import json
from dataclasses import replace
from itertools import product

import numpy as np

from xyforecast.engine import models
from xyforecast.engine.borrowing import GapPanel, Keep
from xyforecast.engine.calibration import ScaleModel
from xyforecast.engine.projection import project_evidence
from xyforecast.engine.settings import Settings
from xyforecast.evaluation.cases import MOMENTA, PACES, Features, candidate

PRIORS = (0.0, 0.25, 0.5, 0.75, 1.0)
ANCHORS = (0.0, 0.25, 0.5)  # GDP only: China's GDP lands near its target in normal years
MIN_CASES = 12
# Assumption: with fewer than MIN_CASES abnormal-year cases to learn from (real-time folds
# before 2020), the rest of an abnormal year goes halfway back to the annual model, with no
# momentum from a single month.
SHOCK_ASSUMED = {"prior_shock": 0.5, "momentum_shock": 0.0}
# Assumption: with fewer than MIN_CASES sub-national year-to-date cases in a normal year to
# learn from, a province's, city's or county's single month is not extrapolated.
SUBNATIONAL_ASSUMED = {"momentum_subnational": 0.0}
OWN_YEARS = (2, 3, 5)  # own years that may suffice to project from a short history
SIMPLEST = {"momentum": 0.0, "momentum_shock": 0.0, "momentum_subnational": 0.0,
            "two_year": False, "prior": 0.0,
            "prior_shock": 0.0,
            "prior_model": "naive", "anchor": 0.0,
            "annual_model": "naive"}


def bridge_grid(indicator: str, two_year: bool) -> list[dict]:
    """Candidate bridge settings, simplest first (ties go to the simpler)."""
    anchors = ANCHORS if indicator == "gdp" else (0.0,)
    return [{"momentum": m, "two_year": two_year, "prior": p, "anchor": a}
            for a, p, m in product(anchors, PRIORS, MOMENTA)]


def choose(f: Features, rows: np.ndarray, scale: ScaleModel | None = None
           ) -> tuple[dict[str, dict], dict]:
    """Per-indicator settings chosen on the cases ``rows``, and the evidence: by mean
    absolute error, or by mean CRPS under ``scale`` when one is given (a spread fitted to
    the first choice: sharp and right beats merely close on average)."""
    global _SCALE
    _SCALE = None
    if scale is not None:
        info = _rows_info(f)
        _SCALE = (scale, info | {"sd": scale.sds(info)})
    indicators = sorted({f.cases[i].indicator for i in rows})
    kind = np.array([f.cases[i].indicator for i in range(len(f.cases))])
    evidence: dict = {}
    chosen: dict[str, dict] = {}
    annual_rows = {k: rows[(kind[rows] == k) & ~f.has_ytd[rows]] for k in indicators}
    bridge_rows = {k: rows[(kind[rows] == k) & f.has_ytd[rows]] for k in indicators}
    shock_rows = {k: r[f.regime[r] != "normal"] for k, r in bridge_rows.items()}
    models_grid = [{"annual_model": m} for m in models.MODELS]
    pooled_model = _pooled(f, annual_rows, models_grid, {k: SIMPLEST for k in indicators})
    for k in indicators:
        model, score = _best(f, annual_rows[k], models_grid, SIMPLEST)
        model = model or pooled_model
        chosen[k] = dict(SIMPLEST) | model | {"prior_model": model["annual_model"]}
        evidence[k] = {"annual_cases": len(annual_rows[k]), "annual_score": score}
    # Structural choices pooled over indicators (few abnormal years to learn them from):
    # the two-year pace, and the annual model's weight and the momentum when the year is
    # abnormal (a single month of a base-effect year says little about the rest).
    shock = dict(SHOCK_ASSUMED)
    shock_grid = [{"prior_shock": p, "momentum_shock": m} for p in PRIORS for m in MOMENTA]
    for _ in range(2):
        best = {t: {k: _best(f, bridge_rows[k], bridge_grid(k, t), chosen[k] | shock)
                    for k in indicators} for t in PACES}
        ratios = [best[True][k][1] / best[False][k][1] for k in indicators
                  if best[False][k][1] and best[True][k][1]]
        two_year = bool(ratios) and float(np.mean(ratios)) < 1 - 1e-9
        current = {k: chosen[k] | (best[two_year][k][0] or {}) for k in indicators}
        if sum(map(len, shock_rows.values())) >= MIN_CASES:
            shock = _pooled(f, shock_rows, shock_grid, current)
    pooled_bridge = _pooled(f, bridge_rows, bridge_grid("pooled", two_year),
                            {k: chosen[k] | shock for k in indicators})
    for k in indicators:
        option, _ = best[two_year][k]
        chosen[k] |= (option if option is not None else pooled_bridge) | shock
    # A sub-national region's momentum, pooled over indicators (few such cases).
    sub_rows = {k: r[(f.regime[r] == "normal") & f.subnational[r]]
                for k, r in bridge_rows.items()}
    sub = dict(SUBNATIONAL_ASSUMED)
    if sum(map(len, sub_rows.values())) >= MIN_CASES:
        sub = _pooled(f, sub_rows, [{"momentum_subnational": m} for m in MOMENTA], chosen)
    chosen["default"] = dict(SIMPLEST) | pooled_model | pooled_bridge | shock | sub
    for k in indicators:
        option, score = best[two_year][k]
        chosen[k] |= sub
        evidence[k] |= {"bridge_cases": len(bridge_rows[k]), "bridge_score": score,
                        "pooled": option is None}
    # The model that serves as the bridge's prior, judged where it serves (a coordinate
    # step: the other choices held).
    for k in indicators:
        option, _ = _best(f, bridge_rows[k], [{"prior_model": m} for m in models.MODELS],
                          chosen[k])
        if option is not None:
            chosen[k] |= option
    evidence["two_year_ratio"] = round(float(np.mean(ratios)), 4) if ratios else None
    evidence["criterion"] = "crps" if scale is not None else "mae"
    return chosen, evidence


def _best(f: Features, rows: np.ndarray, options: list[dict], base: dict
          ) -> tuple[dict | None, float | None]:
    """The option with the lowest MAE on ``rows``; None with fewer than MIN_CASES rows."""
    if len(rows) < MIN_CASES:
        return None, None
    scores = [_mae(f, rows, base | o) for o in options]
    best = int(np.argmin(np.round(scores, 9)))
    return options[best], round(float(scores[best]), 4)


def _pooled(f: Features, by_indicator: dict[str, np.ndarray], options: list[dict],
            base: dict[str, dict]) -> dict:
    """The option best on average over indicators, each scored relative to its first."""
    relative = np.zeros(len(options))
    for k, rows in by_indicator.items():
        if not len(rows):
            continue
        scores = np.array([_mae(f, rows, base[k] | o) for o in options])
        relative += scores / max(scores[0], 1e-9)
    return options[int(np.argmin(np.round(relative, 9)))]


_SCALE: tuple | None = None  # the spread that scores candidates by CRPS, while choosing


def _rows_info(f: Features) -> dict[str, np.ndarray]:
    return {"indicator": np.array([c.indicator for c in f.cases]),
            "level": np.array([c.evidence.own.level for c in f.cases]), "w": f.w,
            "has_ytd": f.has_ytd, "regime": f.regime, "horizon": f.horizon,
            "divergence": f.divergence, "distance": f.distance}


def _mae(f: Features, rows: np.ndarray, s: dict) -> float:
    point = candidate(f, rows, s)
    errors = f.actual[rows] - point
    if _SCALE is None:
        return float(np.mean(np.abs(errors)))
    scale, info = _SCALE
    return float(np.mean(scale.crps(errors, {k: v[rows] for k, v in info.items()})))


def error_rows(f: Features, rows: np.ndarray, chosen: dict[str, dict]) -> list[dict]:
    """The chosen points' errors, as the spread model takes them."""
    point = np.full(len(f.cases), np.nan)
    kind = np.array([c.indicator for c in f.cases])
    for k in set(kind[rows]):
        mine = rows[kind[rows] == k]
        s = chosen.get(k, chosen["default"])
        point[mine] = candidate(f, mine, s)
    return [{"indicator": f.cases[i].indicator, "level": f.cases[i].evidence.own.level,
             "w": float(f.w[i]), "has_ytd": bool(f.has_ytd[i]),
             "regime": f.regime[i], "horizon": int(f.horizon[i]),
             "divergence": float(f.divergence[i]), "distance": float(f.distance[i]),
             "error": float(f.actual[i] - point[i])}
            for i in rows]


def own_rows(f: Features, rows: np.ndarray, own_years: int) -> np.ndarray:
    """The cases projected from their own figures when ``own_years`` years suffice."""
    return rows[f.has_ytd[rows] | (f.recent[rows] >= own_years) | ~f.has_parent[rows]]


def fit(f: Features, rows: np.ndarray, panel: GapPanel, keep: Keep = lambda year: True,
        start: ScaleModel | None = None, provenance: str = "") -> Settings:
    """Settings chosen and fitted on ``rows``, the gaps measured on the years ``keep``
    accepts (all but the held-out year, or only the years before it)."""
    chosen, evidence = choose(f, own_rows(f, rows, min(OWN_YEARS)))
    first = ScaleModel.fit(error_rows(f, own_rows(f, rows, max(OWN_YEARS)), chosen), start)
    chosen, evidence = choose(f, own_rows(f, rows, min(OWN_YEARS)), first)
    gaps = panel.model(keep)
    per = {name: {k: s[name] for k, s in chosen.items()} for name in SIMPLEST}
    draft = Settings(per["momentum"], per["momentum_shock"], per["momentum_subnational"],
                     per["prior"], per["prior_shock"], per["prior_model"],
                     per["two_year"], per["anchor"],
                     per["annual_model"], first, gaps)
    own_years, evidence["own_years_mae"] = _own_years(f, rows, chosen, draft)
    scale = ScaleModel.fit(error_rows(f, own_rows(f, rows, own_years), chosen), start)
    chosen_settings = replace(draft, scale=scale, own_years=own_years, provenance=provenance,
                              evidence=evidence)
    # what is written down (rounded) is exactly what runs, in the defaults and in each fold
    return Settings.from_dict(json.loads(json.dumps(chosen_settings.to_dict())))


_BORROWED: dict[tuple, float] = {}  # borrowed points, shared by the folds of a run


def _own_years(f: Features, rows: np.ndarray, chosen: dict[str, dict], draft: Settings
               ) -> tuple[int, dict]:
    """How many own years beat borrowing: MAE over the cases with a short history, own
    annual point against the parent's projection plus the gap (ties go to more years)."""
    contested = rows[~f.has_ytd[rows] & f.has_parent[rows] & (f.recent[rows] >= 1)
                     & (f.recent[rows] < max(OWN_YEARS))]
    if len(contested) < MIN_CASES:
        return max(OWN_YEARS), {}
    kind = np.array([c.indicator for c in f.cases])
    own = np.full(len(f.cases), np.nan)
    for k in set(kind[contested]):
        mine = contested[kind[contested] == k]
        s = chosen.get(k, chosen["default"])
        own[mine] = f.annual[s["annual_model"]][mine]
    key = (tuple(sorted((k, tuple(sorted(v.items()))) for k, v in chosen.items())),
           draft.gaps.persistent_sd, draft.gaps.transient_sd, draft.gaps.county_factor)
    mae = {}
    for years in OWN_YEARS:
        errors = []
        for i in contested:
            if f.recent[i] >= years:
                errors.append(abs(own[i] - f.actual[i]))
                continue
            if (i, years, key) not in _BORROWED:
                settings = replace(draft, own_years=years)
                projection = project_evidence(f.cases[i].evidence, settings)
                _BORROWED[(i, years, key)] = projection.dist.mean if projection.dist else np.nan
            errors.append(abs(_BORROWED[(i, years, key)] - f.actual[i]))
        mae[years] = float(np.nanmean(errors))
    best = min(OWN_YEARS, key=lambda y: (round(mae[y], 9), -y))
    return best, {str(y): round(v, 4) for y, v in mae.items()} | {"cases": len(contested)}
