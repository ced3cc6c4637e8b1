"""The published track record: tables and the scorecard, from the nested replay's rows.

Every figure here is out of sample: each row was projected with settings chosen without its
year (``backtest``). Normal years and the shock years 2020–2022 are reported apart, and the
scorecard carries cluster-bootstrap intervals (whole years resampled).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xyforecast.evaluation.scores import bootstrap, common, reliability, summarise

BASELINES = ("carry_forward", "last_year", "target")


def metrics(rows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """``scores.summarise`` per group."""
    out = [{**dict(zip(by, key if isinstance(key, tuple) else (key,))), **summarise(group)}
           for key, group in rows.groupby(by)]
    return pd.DataFrame(out)


def tables(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """September against the baselines, before the year against last year's growth, by
    cut-off month, by indicator, the probability of meeting the target on common cases, and
    the reliability of that probability."""
    compare = ["default", *BASELINES]
    september = rows[(rows["month"] == 9) & rows["method"].isin(compare)]
    before = common(rows[(rows["month"] == 0) & (rows["n_history"] >= 10)],
                    ["default", "last_year"])
    judged = common(rows[rows["met"].notna() & (rows["kind"] == "ytd")],
                    ["default", "carry_forward"])
    mine = rows[rows["method"] == "default"]
    return {
        "september": metrics(september, ["indicator", "method"]),
        "before_the_year": metrics(before, ["indicator", "method"]),
        "by_month": metrics(rows[rows["method"].isin(["default", "carry_forward",
                                                      "last_year"])], ["month", "method"]),
        "by_indicator": metrics(rows[rows["method"].isin(compare)], ["indicator", "method"]),
        "by_kind": metrics(mine.assign(years=np.where(mine["shock"], "2020-2022", "normal")),
                           ["kind", "years"]),
        "target_met": metrics(judged, ["method"]),
        "reliability": reliability(mine),
    }


def losses(rows: pd.DataFrame) -> pd.DataFrame:
    """Where the default loses to a baseline in MAE, per indicator and cut-off month."""
    mae = metrics(rows[rows["method"].isin(["default", *BASELINES])],
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
    """The headline figures (numbers) with 90% cluster-bootstrap intervals by year."""
    mine = rows[rows["method"] == "default"]
    normal, shock = mine[~mine["shock"]], mine[mine["shock"]]
    empirical = common(rows, ["default", "empirical"])
    carry = common(rows[rows["met"].notna()], ["default", "carry_forward"])
    carry_all = common(rows, ["default", "carry_forward"])

    def of(frame: pd.DataFrame, method: str) -> pd.DataFrame:
        return frame[frame["method"] == method]

    card = {
        "n_cases": len(mine),
        "n_years": int(mine["year"].nunique()),
        "coverage80_all": summarise(mine)["coverage80"],
        "coverage80_normal": summarise(normal)["coverage80"],
        "coverage80_shock": summarise(shock)["coverage80"],
        "coverage95_all": summarise(mine)["coverage95"],
        "coverage95_normal": summarise(normal)["coverage95"],
        "coverage95_shock": summarise(shock)["coverage95"],
        "crps_model": summarise(of(empirical, "default"))["crps"],
        "crps_empirical": summarise(of(empirical, "empirical"))["crps"],
        "n_crps_cases": len(of(empirical, "default")),
        "brier_model": summarise(of(carry, "default"))["brier"],
        "brier_carry_forward": summarise(of(carry, "carry_forward"))["brier"],
        "log_score_model": summarise(of(carry, "default"))["log_score"],
        "log_score_carry_forward": summarise(of(carry, "carry_forward"))["log_score"],
        "n_brier_cases": len(of(carry, "default")),
        "mae_model": summarise(of(carry_all, "default"))["mae"],
        "mae_carry_forward": summarise(of(carry_all, "carry_forward"))["mae"],
        "n_mae_cases": len(of(carry_all, "default")),
    }
    intervals = {
        "coverage80_all": bootstrap(mine, _inside(mine, "p10", "p90")),
        "coverage80_normal": bootstrap(normal, _inside(normal, "p10", "p90")),
        "coverage95_all": bootstrap(mine, _inside(mine, "p025", "p975")),
        "crps_model_minus_empirical": _paired(empirical, "crps", "empirical"),
        "brier_model_minus_carry_forward": _paired(carry, "brier", "carry_forward"),
        "mae_model_minus_carry_forward": _paired(carry_all, "mae", "carry_forward"),
    }
    card = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in card.items()}
    card["intervals90"] = {k: [round(a, 4), round(b, 4)] for k, (a, b) in intervals.items()}
    return card


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
    """The README's track-record table: the scorecard, then September by indicator."""
    lines = ["| measure | all years | normal years | 2020–2022 | goal |", "|---|---|---|---|---|"]
    lines.append(f"| 80% interval covers | {card['coverage80_all']:.0%} | "
                 f"{card['coverage80_normal']:.0%} | {card['coverage80_shock']:.0%} | 75–85% |")
    lines.append(f"| 95% interval covers | {card['coverage95_all']:.0%} | "
                 f"{card['coverage95_normal']:.0%} | {card['coverage95_shock']:.0%} | ≥ 90% |")
    lines += ["", "| score (lower is better) | model | baseline | baseline is | cases |",
              "|---|---|---|---|---|",
              f"| CRPS (points) | {card['crps_model']:.2f} | {card['crps_empirical']:.2f} | "
              f"median + past errors | {card['n_crps_cases']} |",
              f"| Brier, P(meet target) | {card['brier_model']:.3f} | "
              f"{card['brier_carry_forward']:.3f} | carry forward | {card['n_brier_cases']} |",
              f"| MAE (points) | {card['mae_model']:.2f} | {card['mae_carry_forward']:.2f} | "
              f"carry forward | {card['n_mae_cases']} |"]
    sep = table["september"].set_index(["indicator", "method"])
    lines += ["", "| indicator | September cases | MAE | MAE carry forward | 80% covers |",
              "|---|---|---|---|---|"]
    for indicator in sorted({i for i, _ in sep.index}):
        if (indicator, "default") not in sep.index:
            continue
        d = sep.loc[(indicator, "default")]
        c = sep.loc[(indicator, "carry_forward")]["mae"] if (indicator, "carry_forward") in \
            sep.index else np.nan
        lines.append(f"| {indicator} | {d['n']:.0f} | {d['mae']:.2f} | {c:.2f} | "
                     f"{d['coverage80']:.0%} |")
    return "\n".join(lines)
