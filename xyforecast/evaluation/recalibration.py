"""How much wider the spread must be than it was fitted: measured on the real-time record.

The spread (``engine.calibration``) is fitted by maximum likelihood on the replay's errors
of the training years, with the points chosen on those same errors: in sample it fits them
better than it will fit a year it has not seen. The real-time replay measures how much
better. Before a year is scored, the errors of every earlier year's real-time projections
(each made with settings fitted only on the years before it) are set against the spread
those projections gave, and the factor ``c`` that makes the central 80% intervals of the
spread ``c·σ`` hold 80% of them (a split-conformal quantile, each year weighing as one) is
what the year's projections are widened by (``Settings.widen``). An analyst could have done
the same in real time: the factor uses only years already scored.

The factor is measured apart for the country and sub-national regions, with and without the
year's own figures (``settings.widen_key``), and partially pooled: each group's log factor
toward the pooled one, the pooled toward 0, each with the weight of ``PRIOR_YEARS`` years (an
assumption, not estimated). Evidence is counted in years, not cases: the cases of one year
miss together (one shock moves them all), as the track record's bootstrap assumes. So the
quantile weighs each year as one too: counted in cases, 2020–22's 93 real-time cases, a
fifth of the record, pushed the factors of the years after to about 2 and 2023–24 held 93%
in their 80% intervals (88% with each year weighing one). A year with no earlier real-time
record is not widened.

Measured apart for projections made in a normal and in an abnormal regime (``engine.regime``,
known at the cut-off), the factor did not help: normal years still held too many (counted in
cases: 85.4%) or the CRPS rose from 1.397 to 1.411 (each year as one); see docs/uncertainty.md.

The factor is never below 1: what it corrects is the optimism of a spread fitted in sample,
which only goes one way. A factor under 1 would say a few covered years prove the fitted
spread too wide; with four years of the country's year-to-date record (17 cases) it
narrowed 2017's spread to 0.69 of the fitted one, and 2017–18 then covered 0.40 and 0.25.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from xyforecast.engine.settings import widen_key
from xyforecast.engine.special import ndtr

PRIOR_YEARS = 3  # assumption: the weight of the prior (no widening) and of the pooled factor
GRID = (1.0, 4.0)  # assumption: the factor stays within these bounds (never narrows)
LEVEL = 0.8  # the interval whose coverage is matched
COLUMNS = ("sd_model", "pi_model", "kappa_model")  # what each default row records


def widen(rows: pd.DataFrame) -> tuple[dict[str, float], dict]:
    """Factors by group from real-time default rows that recorded their spread, and the
    evidence (cases and unpooled factor per group)."""
    mine = rows[(rows["method"] == "default") & rows["sd_model"].notna()] \
        if "sd_model" in rows else rows.iloc[:0]
    if mine.empty:
        return {}, {}
    keys = np.array([widen_key(lv, k == "ytd") for lv, k in zip(mine["level"], mine["kind"])])
    error = (mine["actual"] - mine["median"]).to_numpy(float)
    sd, pi = mine["sd_model"].to_numpy(float), mine["pi_model"].to_numpy(float)
    kappa = mine["kappa_model"].to_numpy(float)
    years = mine["year"].to_numpy()
    pooled = _shrunk(_best(error, sd, pi, kappa, years), len(set(years)), 0.0)
    out, evidence = {}, {"cases": len(mine), "years": len(set(years)),
                         "pooled": round(math.exp(pooled), 4)}
    for key in sorted(set(keys)):
        at = keys == key
        own = _best(error[at], sd[at], pi[at], kappa[at], years[at])
        out[key] = round(math.exp(_shrunk(own, len(set(years[at])), pooled)), 4)
        evidence[key] = {"cases": int(at.sum()), "years": len(set(years[at])),
                         "measured": round(math.exp(own), 4)}
    return out, evidence


def _best(error: np.ndarray, sd: np.ndarray, pi: np.ndarray, kappa: np.ndarray,
          years: np.ndarray) -> float:
    """log c: the factor that makes the central 80% intervals of the widened spread cover
    80% of the errors, each year weighing as one (a split-conformal quantile over years,
    robust to the few huge errors of a shock year: they count as outside, not by how far).
    A year weighs as one because its cases miss together: 2020's 48 cases are one draw of
    a shock, not 48, and the next year is one more draw."""
    half = np.array([_half_width(p, k) for p, k in zip(pi, kappa)])
    ratio = np.abs(error) / (half * sd)
    _, which, count = np.unique(years, return_inverse=True, return_counts=True)
    order = np.argsort(ratio, kind="stable")
    weight = (1.0 / count[which])[order]
    share = np.cumsum(weight) / weight.sum()
    at = min(int(np.searchsorted(share, LEVEL - 1e-9)), len(ratio) - 1)  # float sums
    return math.log(float(np.clip(ratio[order][at], GRID[0], GRID[-1])))


def _half_width(pi: float, kappa: float) -> float:
    """z with P(|X| ≤ z) = LEVEL for X ~ (1−π)·N(0, 1) + π·N(0, κ²)."""
    low, high = 0.0, 10.0 * kappa
    for _ in range(60):
        z = (low + high) / 2
        inside = (1 - pi) * (2 * ndtr(z) - 1) + pi * (2 * ndtr(z / kappa) - 1)
        low, high = (z, high) if inside < LEVEL else (low, z)
    return (low + high) / 2


def _shrunk(log_c: float, n: int, toward: float) -> float:
    return (n * log_c + PRIOR_YEARS * toward) / (n + PRIOR_YEARS)
