"""The published track record: tables and the scorecard, from the replays' rows.

Every figure here is out of sample. The headline is the **real-time** replay (each year
scored with settings fitted on the years before it only); leave-one-year-out sits beside it
(``backtest``). Normal years, the shock years 2020–2022 and 2023–24 (the years most like
today) are reported apart, and the scorecard carries cluster-bootstrap intervals (whole years
resampled) and the count of cases not scored, by reason.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xyforecast.engine import models
from xyforecast.evaluation.scores import (
    bootstrap,
    common,
    reliability,
    summarise,
    summarise_by,
)

BASELINES = ("carry_forward", "last_year", "target")
HEADLINE = "realtime"
RECENT = (2023, 2024)  # the years most like today


def design(rows: pd.DataFrame, name: str = HEADLINE) -> pd.DataFrame:
    """The rows of one replay design (``realtime`` or ``loyo``)."""
    return rows[rows["design"] == name]


def years_group(rows: pd.DataFrame) -> np.ndarray:
    """normal, 2020-2022 or 2023-2024 for each row (2023-24 are normal years too)."""
    return np.where(rows["shock"].astype(bool), "2020-2022",
                    np.where(rows["year"].isin(RECENT), "2023-2024", "normal"))


def metrics(rows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """``scores.summarise`` per group (``summarise_by``: one groupby)."""
    return summarise_by(rows, by)


def judged(rows: pd.DataFrame) -> pd.DataFrame:
    """Every case with a target and an outcome that both the model and carrying the latest
    figure forward answered: the set P(meet) is scored on, before the year and during it."""
    return common(rows[rows["met"].notna() & rows["p_meet"].notna()],
                  ["default", "carry_forward"])


def tables(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The real-time replay's tables: September against the baselines, before the year
    against last year's growth, by cut-off month, by indicator, by kind and years (both
    designs), the probability of meeting the target and its reliability on one judged set,
    every annual model before the year (ARIMA and ETS among them), and the cases not scored."""
    live = design(rows)
    compare = ["default", *BASELINES]
    september = live[(live["month"] == 9) & live["method"].isin(compare)]
    before = common(live[(live["month"] == 0) & (live["n_history"] >= 10)],
                    ["default", "last_year"])
    target_set = judged(live)
    mine = rows[rows["method"] == "default"]
    return {
        "september": metrics(september, ["indicator", "method"]),
        "before_the_year": metrics(before, ["indicator", "method"]),
        "by_month": metrics(live[live["method"].isin(["default", "carry_forward",
                                                      "last_year"])], ["month", "method"]),
        "by_indicator": metrics(live[live["method"].isin(compare)], ["indicator", "method"]),
        "by_kind": metrics(mine.assign(years=years_group(mine)), ["design", "kind", "years"]),
        "target_met": metrics(target_set, ["method"]),
        "reliability": reliability(target_set[target_set["method"] == "default"]),
        "candidates": candidates(live),
        "not_scored": not_scored(rows),
    }


def candidates(live: pd.DataFrame) -> pd.DataFrame:
    """Each annual model on its own before the year, on the cases every one of them and the
    engine answered (a region with its own history), per indicator."""
    methods = ["default", *models.MODELS]
    found = common(live[live["month"] == 0], methods)
    return metrics(found, ["indicator", "method"])


def not_scored(rows: pd.DataFrame) -> pd.DataFrame:
    """Cases not scored, per design and reason."""
    dropped = rows[rows["method"] == "not_scored"]
    return dropped.groupby(["design", "reason"]).size().rename("n").reset_index()


def losses(rows: pd.DataFrame) -> pd.DataFrame:
    """Where the default loses to a baseline in MAE in real time, per indicator and month."""
    live = design(rows)
    mae = metrics(live[live["method"].isin(["default", *BASELINES])],
                  ["indicator", "month", "method"])
    out = []
    for (indicator, month), group in mae.groupby(["indicator", "month"]):
        scores = group.set_index("method")
        if "default" not in scores.index:
            continue
        mine = scores.loc["default"]
        for baseline in BASELINES:
            if baseline in scores.index and scores.loc[baseline, "mae"] < mine["mae"] - 1e-9:
                out.append({"indicator": indicator, "month": int(month), "n": int(mine["n"]),
                            "baseline": baseline, "mae_baseline": scores.loc[baseline, "mae"],
                            "mae_default": mine["mae"]})
    return pd.DataFrame(out, columns=["indicator", "month", "n", "baseline", "mae_baseline",
                                      "mae_default"])


def scorecard(rows: pd.DataFrame) -> dict:
    """The headline figures (numbers): the real-time replay first, leave-one-year-out
    beside it, with 90% cluster-bootstrap intervals by year."""
    card: dict = {}
    for name, prefix in (("realtime", "realtime_"), ("loyo", "")):
        card |= _card(design(rows, name), prefix)
    live = design(rows)
    target_set = judged(live)

    def of(frame: pd.DataFrame, method: str) -> pd.DataFrame:
        return frame[frame["method"] == method]

    card |= {
        "brier_model": summarise(of(target_set, "default"))["brier"],
        "brier_carry_forward": summarise(of(target_set, "carry_forward"))["brier"],
        "log_score_model": summarise(of(target_set, "default"))["log_score"],
        "log_score_carry_forward": summarise(of(target_set, "carry_forward"))["log_score"],
        "n_brier_cases": len(of(target_set, "default")),
    }
    mine = of(live, "default")
    normal = mine[~mine["shock"].astype(bool)]
    intervals = {
        "realtime_coverage80_all": bootstrap(mine, _inside(mine, "p10", "p90")),
        "realtime_coverage80_normal": bootstrap(normal, _inside(normal, "p10", "p90")),
        "realtime_coverage95_all": bootstrap(mine, _inside(mine, "p025", "p975")),
        "realtime_crps_model_minus_empirical": _paired(
            common(live, ["default", "empirical"]), "crps", "empirical"),
        "realtime_mae_normal_model_minus_carry_forward": _paired(
            _ytd_normal(live), "mae", "carry_forward"),
        "brier_model_minus_carry_forward": _paired(target_set, "brier", "carry_forward"),
    }
    card = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in card.items()}
    card["intervals90"] = {k: [round(a, 4), round(b, 4)] for k, (a, b) in intervals.items()}
    return card


def _card(rows: pd.DataFrame, prefix: str) -> dict:
    """One design's coverage, CRPS against the empirical interval, year-to-date MAE in
    normal years against carrying the year to date forward, and what was not scored."""
    mine = rows[rows["method"] == "default"]
    groups = years_group(mine)
    empirical = common(rows, ["default", "empirical"])
    ytd = _ytd_normal(rows)
    sub_own = mine[(mine["level"] != "country") & (mine["default_method"] != "borrowed")]
    dropped = rows[rows["method"] == "not_scored"]
    card = {"n_cases": len(mine), "n_years": int(mine["year"].nunique())}
    for level in ("80", "95"):
        key = f"coverage{level}"
        card[f"{key}_all"] = summarise(mine)[key]
        card[f"{key}_normal"] = summarise(mine[groups != "2020-2022"])[key]
        card[f"{key}_shock"] = summarise(mine[groups == "2020-2022"])[key]
        card[f"{key}_2023_2024"] = summarise(mine[groups == "2023-2024"])[key]
    card |= {
        "crps_model": summarise(empirical[empirical["method"] == "default"])["crps"],
        "crps_empirical": summarise(empirical[empirical["method"] == "empirical"])["crps"],
        "n_crps_cases": int((empirical["method"] == "default").sum()),
        "mae_normal_model": summarise(ytd[ytd["method"] == "default"])["mae"],
        "mae_normal_carry_forward": summarise(ytd[ytd["method"] == "carry_forward"])["mae"],
        "n_mae_normal_cases": int((ytd["method"] == "default").sum()),
        "coverage80_subnational_own": summarise(sub_own)["coverage80"],
        "n_subnational_own": len(sub_own),
        "n_not_scored": len(dropped),
    }
    for reason, n in dropped["reason"].value_counts().sort_index().items():
        card[f"n_not_scored_{reason}"] = int(n)
    return {prefix + k: v for k, v in card.items()}


def _ytd_normal(rows: pd.DataFrame) -> pd.DataFrame:
    """Year-to-date cases of normal years (not 2020–2022) both the model and carrying the
    year to date forward answered."""
    ytd = rows[(rows["kind"] == "ytd") & ~rows["shock"].astype(bool)]
    return common(ytd, ["default", "carry_forward"])


def _inside(rows: pd.DataFrame, low: str, high: str) -> pd.Series:
    inside = (rows[low] <= rows["actual"]) & (rows["actual"] <= rows[high])
    return inside.astype(float).where(rows[low].notna())


def _paired(rows: pd.DataFrame, name: str, baseline: str) -> tuple[float, float]:
    """Interval of (model − baseline) for a mean score, on the same cases."""
    per_row = {"crps": rows["crps"], "mae": (rows["median"] - rows["actual"]).abs(),
               "brier": (rows["p_meet"] - rows["met"]) ** 2}[name]
    mine, theirs = rows["method"] == "default", rows["method"] == baseline
    return bootstrap(rows, per_row[mine], per_row[theirs])


def headline_markdown(card: dict, table: dict[str, pd.DataFrame]) -> str:
    """The README's track-record tables: real time first, leave-one-year-out beside it."""
    def pct(key: str) -> str:
        value = card.get(key)
        return "—" if value is None or value != value else f"{value:.0%}"

    lines = ["| 80% / 95% interval covers | all years | normal years | 2020–2022 | 2023–24 "
             "| goal |", "|---|---|---|---|---|---|"]
    for name, prefix in (("real time", "realtime_"), ("leave one year out", "")):
        for level, goal in (("80", "75–85%"), ("95", "≥ 90%")):
            key = f"{prefix}coverage{level}"
            lines.append(f"| {name}, {level}% | {pct(key + '_all')} | {pct(key + '_normal')} | "
                         f"{pct(key + '_shock')} | {pct(key + '_2023_2024')} | {goal} |")
    lines += ["", "| score (lower is better), real time | model | baseline | baseline is | "
              "cases |", "|---|---|---|---|---|",
              f"| CRPS (points) | {card['realtime_crps_model']:.2f} | "
              f"{card['realtime_crps_empirical']:.2f} | median + past errors | "
              f"{card['realtime_n_crps_cases']} |",
              f"| MAE, year to date, normal years (points) | "
              f"{card['realtime_mae_normal_model']:.2f} | "
              f"{card['realtime_mae_normal_carry_forward']:.2f} | carry forward | "
              f"{card['realtime_n_mae_normal_cases']} |",
              f"| Brier, P(meet target) | {card['brier_model']:.3f} | "
              f"{card['brier_carry_forward']:.3f} | carry the latest figure forward | "
              f"{card['n_brier_cases']} |",
              f"| log score, P(meet target) | {card['log_score_model']:.3f} | "
              f"{card['log_score_carry_forward']:.3f} | carry the latest figure forward | "
              f"{card['n_brier_cases']} |"]
    models_table = table["candidates"]
    if len(models_table):
        lines += ["", "| before the year, real time (MAE / CRPS, points) | "
                  + " | ".join(sorted(models_table["indicator"].unique())) + " |",
                  "|---" * (1 + models_table["indicator"].nunique()) + "|"]
        for method in ["default", *models.MODELS]:
            part = models_table[models_table["method"] == method].set_index("indicator")
            cells = [f"{part.loc[k, 'mae']:.2f} / {part.loc[k, 'crps']:.2f}"
                     if k in part.index else "—"
                     for k in sorted(models_table["indicator"].unique())]
            lines.append(f"| {method} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
