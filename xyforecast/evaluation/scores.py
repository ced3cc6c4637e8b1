"""Proper scores of replayed projections, and their uncertainty.

CRPS (continuous ranked probability score, points) scores a whole distribution and reduces
to the absolute error for a point forecast, so a model and a naive baseline compare on one
scale. Brier and log scores judge the probability of meeting the target (a yes/no call
counts as probability 0 or 1; its log score is clipped at 1% so one miss is costly, not
infinite). Coverage is the share of outcomes inside the 80% and 95% intervals. Cases of one
year move together, so confidence intervals come from resampling whole years (a cluster
bootstrap), not single cases.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LOG_FLOOR = 0.01
BOOTSTRAP = 1000


def summarise(rows: pd.DataFrame) -> dict[str, float]:
    """Scores of one method on the rows given (NaN where a method has no distribution)."""
    has_interval = rows["p10"].notna()
    judged = rows.dropna(subset=["met", "p_meet"])
    p = judged["p_meet"].clip(LOG_FLOOR, 1 - LOG_FLOOR)
    inside80 = (rows["p10"] <= rows["actual"]) & (rows["actual"] <= rows["p90"])
    inside95 = (rows["p025"] <= rows["actual"]) & (rows["actual"] <= rows["p975"])
    return {
        "n": len(rows),
        "mae": float((rows["median"] - rows["actual"]).abs().mean()),
        "crps": float(rows["crps"].mean()),
        "coverage80": float(inside80[has_interval].mean()) if has_interval.any() else np.nan,
        "coverage95": float(inside95[has_interval].mean()) if has_interval.any() else np.nan,
        "width80": float((rows["p90"] - rows["p10"])[has_interval].mean())
        if has_interval.any() else np.nan,
        "brier": float(((judged["p_meet"] - judged["met"]) ** 2).mean()) if len(judged)
        else np.nan,
        "log_score": float(-(judged["met"] * np.log(p) + (1 - judged["met"]) * np.log(1 - p))
                           .mean()) if len(judged) else np.nan,
        "n_targets": len(judged),
    }


def summarise_by(rows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """``summarise`` of each group of ``by`` (sorted), as columns after the keys: one
    ``groupby`` over per-row scores instead of ``summarise`` on each of hundreds of small
    frames (most of the track record's second in a render). Each score is a mean over the
    rows that have it (NaN where none has), as in ``summarise``."""
    has = rows["p10"].notna()
    judged = rows["met"].notna() & rows["p_meet"].notna()
    p = rows["p_meet"].clip(LOG_FLOOR, 1 - LOG_FLOOR)
    met = rows["met"]
    inside80 = (rows["p10"] <= rows["actual"]) & (rows["actual"] <= rows["p90"])
    inside95 = (rows["p025"] <= rows["actual"]) & (rows["actual"] <= rows["p975"])
    cases = pd.DataFrame({
        "mae": (rows["median"] - rows["actual"]).abs(),
        "crps": rows["crps"],
        "coverage80": inside80.astype(float).where(has),
        "coverage95": inside95.astype(float).where(has),
        "width80": (rows["p90"] - rows["p10"]).where(has),
        "brier": ((rows["p_meet"] - met) ** 2).where(judged),
        "log_score": (-(met * np.log(p) + (1 - met) * np.log(1 - p))).where(judged),
    }, index=rows.index)
    grouped = cases.groupby([rows[key] for key in by])
    out = grouped.mean().astype(float)
    out.insert(0, "n", grouped.size())
    out["n_targets"] = judged.groupby([rows[key] for key in by]).sum().astype(int)
    return out.reset_index()


def bootstrap(rows: pd.DataFrame, value: pd.Series, baseline: pd.Series | None = None,
              seed: int = 0, n: int = BOOTSTRAP) -> tuple[float, float]:
    """A 90% interval for the mean of ``value`` (minus the mean of ``baseline``, on rows
    of their own), resampling whole years: each draw weighs every year by how often it was
    picked, so the mean is a ratio of per-year sums."""
    generator = np.random.default_rng(seed)

    def per_year(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        frame = pd.DataFrame({"year": rows.loc[series.index, "year"], "v": series}).dropna()
        grouped = frame.groupby("year")["v"]
        return grouped.sum().reindex(years, fill_value=0).to_numpy(), \
            grouped.count().reindex(years, fill_value=0).to_numpy()

    years = np.sort(rows["year"].unique())
    picks = generator.multinomial(len(years), np.full(len(years), 1 / len(years)), size=n)
    sums, counts = per_year(value)
    with np.errstate(invalid="ignore", divide="ignore"):
        stat = (picks @ sums) / (picks @ counts)
        if baseline is not None:
            b_sums, b_counts = per_year(baseline)
            stat = stat - (picks @ b_sums) / (picks @ b_counts)
    stat = stat[np.isfinite(stat)]
    if not len(stat):
        return (np.nan, np.nan)
    low, high = np.quantile(stat, [0.05, 0.95])
    return float(low), float(high)


def common(rows: pd.DataFrame, methods: list[str]) -> pd.DataFrame:
    """Only the cases every one of ``methods`` answered, so their scores compare."""
    keys = ["region", "indicator", "year", "month"]
    rows = rows[rows["method"].isin(methods)]
    answered = rows.groupby(keys)["method"].transform("nunique") == len(methods)
    return rows[answered]


def reliability(rows: pd.DataFrame, bins: int = 5) -> pd.DataFrame:
    """How often targets were met, by the probability given (a reliability table)."""
    judged = rows.dropna(subset=["met", "p_meet"])
    edges = np.linspace(0, 1, bins + 1)
    label = np.clip(np.digitize(judged["p_meet"], edges[1:-1]), 0, bins - 1)
    out = []
    for b in range(bins):
        part = judged[label == b]
        out.append({"bin": f"{edges[b]:.0%}–{edges[b + 1]:.0%}", "n": len(part),
                    "mean_p": float(part["p_meet"].mean()) if len(part) else np.nan,
                    "share_met": float(part["met"].mean()) if len(part) else np.nan})
    return pd.DataFrame(out)
