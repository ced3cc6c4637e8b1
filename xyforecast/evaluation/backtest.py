"""Rolling-origin backtest: replay every past year at every cut-off with ``Dataset.as_of``.

For each region, indicator and year whose full-year growth is known, the engine is run "as
of" each published year-to-date month of that year and as of the December before (when only
annual models can speak). Its projections are set beside three naive baselines — carry the
year-to-date growth forward, last year's growth, the government's own target — and beside
the candidate settings the defaults are chosen from. Errors are in percentage points against
the latest published full-year figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from xyforecast import config
from xyforecast.engine.models import MODELS, fit_annual
from xyforecast.engine.nowcast import bridge
from xyforecast.engine.projection import ENOUGH_YEARS, _project, annual_prior, volatility
from xyforecast.engine.results import QUANTILES, rng
from xyforecast.engine.targets import Target, growth_target
from xyforecast.errors import UsageError
from xyforecast.inputs.dataset import Dataset
from xyforecast.periods import Period

MOMENTA = (0.0, 0.25, 0.5, 0.75, 1.0)
ANNUAL_MODELS = tuple(MODELS)
BASELINES = ("carry_forward", "last_year", "target")


@dataclass(frozen=True)
class Case:
    region: str
    indicator: str
    year: int
    cutoff: Period
    actual: float

    @property
    def month(self) -> int:
        """The cut-off month within the year; 0 means the December before it."""
        return self.cutoff.month if self.cutoff.year == self.year else 0


def cases(data: Dataset, regions: Iterable[str] | None = None,
          indicators: Iterable[str] | None = None) -> list[Case]:
    """Every (region, indicator, year) with a known full year, at every cut-off."""
    f = data.figures
    f = f[(f["measure"] == "growth_pct") & (f["territory"] == "")]
    if regions is not None:
        f = f[f["region"].isin(list(regions))]
    if indicators is not None:
        f = f[f["indicator"].isin(list(indicators))]
    out = []
    full = f[f["month"] == 12]
    for row in full.itertuples():
        months = f[(f["region"] == row.region) & (f["indicator"] == row.indicator)
                   & (f["year"] == row.year) & (f["month"] < 12)]["month"]
        cut_offs = [Period(row.year - 1, 12)] + [Period(row.year, int(m)) for m in months]
        out += [Case(row.region, row.indicator, int(row.year), c, float(row.value))
                for c in cut_offs]
    return out


def _row(case: Case, method: str, kind: str, target: Target | None,
         draws: np.ndarray | None = None, point: float | None = None) -> dict:
    row = {"region": case.region, "indicator": case.indicator, "year": case.year,
           "month": case.month, "cutoff": str(case.cutoff), "method": method, "kind": kind,
           "actual": case.actual, "target": target.value if target else np.nan,
           "met": float(target.met(case.actual)) if target else np.nan}
    if draws is not None:
        values = np.quantile(draws, list(QUANTILES.values()))
        row |= dict(zip(QUANTILES, values.tolist()))
        row["point"] = row["median"]
        row["p_meet"] = float(np.mean(target.met(draws))) if target else np.nan
    else:
        row |= dict.fromkeys(QUANTILES, np.nan)
        row["point"] = point
        row["p_meet"] = float(target.met(point)) if target and point is not None else np.nan
    return row


def run_case(data: Dataset, case: Case, candidates: bool = True) -> list[dict]:
    """The engine's default, the baselines and (optionally) the candidate settings."""
    rows = _run_case(data, case, candidates)
    history = data.as_of(case.cutoff).annual(case.region, case.indicator)
    n_history = int((history.index < case.year).sum())
    return [row | {"n_history": n_history} for row in rows]


def _run_case(data: Dataset, case: Case, candidates: bool) -> list[dict]:
    view = data.as_of(case.cutoff)
    # "Met?" is judged against the year's target even before it was announced (it is the
    # question, as in the engine); the target as a forecast only once it was announced.
    target = growth_target(data, case.region, case.indicator, case.year)
    announced = growth_target(view, case.region, case.indicator, case.year) is not None
    rows = []
    default = _project(view, case.region, case.indicator, case.year)
    if default.known:
        rows.append(_row(case, "default", "default", target, default.draws) | {
            "default_method": default.method})
    ytd = view.year_to_date(case.region, case.indicator, case.year)
    ytd = ytd[ytd.index < 12]
    history = view.annual(case.region, case.indicator)
    history = history[history.index < case.year]
    if len(ytd):
        rows.append(_row(case, "carry_forward", "baseline", target, point=float(ytd.iloc[-1])))
    if case.year - 1 in history.index:
        rows.append(_row(case, "last_year", "baseline", target,
                         point=float(history[case.year - 1])))
    if target is not None and announced:
        rows.append(_row(case, "target", "baseline", target, point=target.value))
    if not candidates:
        return rows
    chain = [r.code for r in view.catalog.chain(case.region)]
    floor = volatility(view, chain, case.indicator)
    if len(ytd):
        prior = annual_prior(view, chain, case.indicator, case.year)
        for momentum in MOMENTA:
            b = bridge(view, chain, case.indicator, case.year, momentum=momentum, floor_sd=floor)
            draws = b.draws(rng(case, "momentum", momentum))
            rows.append(_row(case, f"bridge_m{momentum:g}", "candidate", target, draws))
            if prior is not None:
                p = b.with_prior(prior.mean, prior.scale, prior.df)
                draws = p.draws(rng(case, "momentum", momentum, "prior"))
                rows.append(_row(case, f"bridge_m{momentum:g}_prior", "candidate", target,
                                 draws))
    elif len(history[history.index >= case.year - 10]) >= ENOUGH_YEARS:
        for model in ANNUAL_MODELS:
            results = fit_annual(model, history, floor)
            draws = results.draws(case.year, rng(case, "annual", model))
            rows.append(_row(case, f"annual_{model}", "candidate", target, draws))
    return rows


def run(data: Dataset, all_cases: list[Case] | None = None, candidates: bool = True,
        processes: int = 1) -> pd.DataFrame:
    """All cases, one row per case and method. ``processes`` > 1 spreads cases over cores."""
    all_cases = cases(data) if all_cases is None else all_cases
    if processes > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(processes) as pool:
            chunks = pool.map(_run_chunk, [(data, all_cases[i::processes], candidates)
                                           for i in range(processes)])
            rows = [row for chunk in chunks for row in chunk]
    else:
        rows = _run_chunk((data, all_cases, candidates))
    frame = pd.DataFrame(rows)
    return frame.sort_values(["region", "indicator", "year", "month", "method"],
                             kind="stable").reset_index(drop=True)


def _run_chunk(args: tuple[Dataset, list[Case], bool]) -> list[dict]:
    data, chunk, candidates = args
    return [row for case in chunk for row in run_case(data, case, candidates)]


def metrics(rows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """MAE, RMSE and bias (points), interval coverage, Brier score and hit rate of "met"."""
    rows = rows.assign(error=rows["point"] - rows["actual"],
                       in80=(rows["p10"] <= rows["actual"]) & (rows["actual"] <= rows["p90"]),
                       in95=(rows["p025"] <= rows["actual"]) & (rows["actual"] <= rows["p975"]),
                       has_interval=rows["p10"].notna())

    def summarise(group: pd.DataFrame) -> pd.Series:
        interval = group[group["has_interval"]]
        judged = group.dropna(subset=["met", "p_meet"])
        return pd.Series({
            "n": len(group),
            "mae": group["error"].abs().mean(),
            "rmse": float(np.sqrt((group["error"] ** 2).mean())),
            "bias": group["error"].mean(),
            "coverage80": interval["in80"].mean() if len(interval) else np.nan,
            "coverage95": interval["in95"].mean() if len(interval) else np.nan,
            "brier": ((judged["p_meet"] - judged["met"]) ** 2).mean() if len(judged) else np.nan,
            "hit_rate": ((judged["p_meet"] >= 0.5) == (judged["met"] == 1)).mean()
            if len(judged) else np.nan,
            "n_targets": len(judged),
        })

    return rows.groupby(by).apply(summarise, include_groups=False).reset_index()


WIDEN_GRID = tuple(np.round(np.arange(1.0, 3.01, 0.05), 2))
MIN_CASES = 6  # fewer replayed years than this cannot pick an annual model: use the default


def choose_defaults(rows: pd.DataFrame) -> dict:
    """The settings the backtest supports, with the evidence that chose them.

    Per indicator: the momentum with the lowest MAE (ties go to less momentum); whether to
    combine with the annual model's forecast, judged on the cases where one exists; the
    annual model with the lowest MAE where enough years were replayed. Then one widening of
    the nowcast's spread that makes its 80% intervals cover closest to 80% of outcomes."""
    chosen: dict = {"momentum": {"default": 0.0}, "prior": {"default": False},
                    "annual_model": {"default": "naive"}, "bridge_widen": 1.0, "evidence": {}}
    candidates = rows[rows["kind"] == "candidate"]
    mae = metrics(candidates, ["indicator", "method"])
    picked = []
    for indicator, group in mae.groupby("indicator"):
        evidence: dict = {}
        plain = group[group["method"].str.fullmatch(r"bridge_m[0-9.]+")]
        if len(plain):
            best = plain.sort_values(["mae", "method"]).iloc[0]
            momentum = float(best["method"].removeprefix("bridge_m"))
            chosen["momentum"][indicator] = momentum
            evidence["bridge_mae"] = {r.method: round(r.mae, 3) for r in plain.itertuples()}
            evidence["bridge_cases"] = int(best["n"])
            prior = _prior_helps(candidates, indicator, f"bridge_m{momentum:g}")
            chosen["prior"][indicator] = prior["helps"]
            evidence["prior_mae"] = prior["mae"]
            picked.append(_as_used(candidates, indicator, f"bridge_m{momentum:g}",
                                   prior["helps"]))
        annual = group[group["method"].str.startswith("annual_")]
        if len(annual) and annual["n"].min() >= MIN_CASES:
            order = {m: n for n, m in enumerate(ANNUAL_MODELS)}  # simpler models first
            annual = annual.assign(order=annual["method"].str.removeprefix("annual_").map(order))
            best = annual.sort_values(["mae", "order"]).iloc[0]
            chosen["annual_model"][indicator] = best["method"].removeprefix("annual_")
            evidence["annual_mae"] = {r.method: round(r.mae, 3) for r in annual.itertuples()}
            evidence["annual_cases"] = int(best["n"])
        elif len(annual):
            evidence["annual_cases"] = int(annual["n"].max())
            evidence["annual_note"] = f"fewer than {MIN_CASES} years replayed: default model"
        chosen["evidence"][indicator] = evidence
    chosen["annual_model"]["default"] = _pooled_annual_choice(mae)
    if picked:
        used = pd.concat(picked)
        miss = (used["actual"] - used["median"]).abs()
        half = (used["p90"] - used["median"]).clip(lower=1e-9)
        coverage = {k: float((miss <= k * half).mean()) for k in WIDEN_GRID}
        best_k = min(WIDEN_GRID, key=lambda k: (abs(coverage[k] - 0.8), k))
        chosen["bridge_widen"] = float(best_k)
        chosen["evidence"]["bridge_coverage80_by_widen"] = {
            f"{k:g}": round(c, 3) for k, c in coverage.items() if k in (1.0, best_k)}
        chosen["evidence"]["bridge_widen_cases"] = len(used)
    return chosen


def _prior_helps(candidates: pd.DataFrame, indicator: str, method: str) -> dict:
    """Compare the nowcast with and without the annual prior on the cases that have one."""
    rows = candidates[candidates["indicator"] == indicator]
    with_prior = rows[rows["method"] == f"{method}_prior"]
    keys = ["region", "year", "month"]
    without = rows[rows["method"] == method].merge(with_prior[keys], on=keys)
    if with_prior.empty:
        return {"helps": False, "mae": {}}
    mae = {m: float((r["median"] - r["actual"]).abs().mean())
           for m, r in ((method, without), (f"{method}_prior", with_prior))}
    return {"helps": mae[f"{method}_prior"] < mae[method] - 1e-9,
            "mae": {k: round(v, 3) for k, v in mae.items()} | {"cases": len(with_prior)}}


def _as_used(candidates: pd.DataFrame, indicator: str, method: str, prior: bool) -> pd.DataFrame:
    """The rows the engine would have produced: with the prior where one exists, if chosen."""
    rows = candidates[candidates["indicator"] == indicator]
    plain = rows[rows["method"] == method]
    if not prior:
        return plain
    with_prior = rows[rows["method"] == f"{method}_prior"]
    keys = ["region", "year", "month"]
    rest = plain.merge(with_prior[keys], on=keys, how="left", indicator=True)
    return pd.concat([with_prior, rest[rest["_merge"] == "left_only"].drop(columns="_merge")])


def _pooled_annual_choice(mae: pd.DataFrame) -> str:
    """The annual model with the lowest MAE relative to the last value, averaged over the
    indicators with enough replayed years; the last value itself when none has."""
    annual = mae[mae["method"].str.startswith("annual_") & (mae["n"] >= MIN_CASES)]
    if annual.empty:
        return "naive"
    naive = annual[annual["method"] == "annual_naive"].set_index("indicator")["mae"]
    relative = annual.assign(rel=annual["mae"] / annual["indicator"].map(naive))
    order = {f"annual_{m}": n for n, m in enumerate(ANNUAL_MODELS)}
    ranked = relative.groupby("method")["rel"].mean().reset_index()
    ranked["order"] = ranked["method"].map(order)
    return ranked.sort_values(["rel", "order"]).iloc[0]["method"].removeprefix("annual_")


def track_record(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The published tables: September cut-offs against the baselines, before-the-year
    annual projections against last year's growth, errors by cut-off month, and "met"."""
    compare = ["default", "carry_forward", "last_year", "target"]
    september = rows[(rows["month"] == 9) & rows["method"].isin(compare)]
    annual = _common(rows[(rows["month"] == 0) & (rows["n_history"] >= 10)],
                     ["default", "last_year"])
    by_month = rows[rows["method"].isin(["default", "carry_forward"])]
    judged = _common(rows[rows["met"].notna()], compare)  # the same cases for every method
    return {
        "september": metrics(september, ["indicator", "method"]),
        "before_the_year": metrics(annual, ["indicator", "method"]),
        "by_month": metrics(by_month, ["month", "method"]),
        "by_indicator": metrics(rows[rows["kind"] != "candidate"], ["indicator", "method"]),
        "target_met": metrics(judged, ["method"]),
    }


def _common(rows: pd.DataFrame, methods: list[str]) -> pd.DataFrame:
    """Only the cases every one of ``methods`` answered, so their errors compare."""
    keys = ["region", "indicator", "year", "month"]
    rows = rows[rows["method"].isin(methods)]
    answered = rows.groupby(keys)["method"].transform("nunique") == len(methods)
    return rows[answered]


def losses(rows: pd.DataFrame) -> pd.DataFrame:
    """Where the default loses to a baseline in MAE, per indicator and cut-off month."""
    mae = metrics(rows[rows["kind"] != "candidate"], ["indicator", "month", "method"])
    out = []
    for (indicator, month), group in mae.groupby(["indicator", "month"]):
        scores = group.set_index("method")
        if "default" not in scores.index:
            continue
        mine = scores.loc["default"]
        for baseline in ("carry_forward", "last_year", "target"):
            if baseline in scores.index and scores.loc[baseline, "mae"] < mine["mae"] - 1e-9:
                out.append({"indicator": indicator, "month": int(month), "n": int(mine["n"]),
                            "baseline": baseline, "mae_baseline": scores.loc[baseline, "mae"],
                            "mae_default": mine["mae"]})
    return pd.DataFrame(out, columns=["indicator", "month", "n", "baseline", "mae_baseline",
                                      "mae_default"])


def headline_markdown(tables: dict[str, pd.DataFrame]) -> str:
    """The README's track-record table: September cut-offs and before-the-year projections."""
    sep = tables["september"].set_index(["indicator", "method"])
    before = tables["before_the_year"].set_index(["indicator", "method"])
    lines = ["| indicator | cut-off | cases | MAE default | MAE baseline | baseline | "
             "80% interval covers |",
             "|---|---|---|---|---|---|---|"]
    for indicator in sorted({i for i, _ in sep.index}):
        d, c = sep.loc[(indicator, "default")], sep.loc[(indicator, "carry_forward")]
        lines.append(f"| {indicator} | September | {d['n']:.0f} | {d['mae']:.2f} | "
                     f"{c['mae']:.2f} | carry forward | {d['coverage80']:.0%} |")
    for indicator in sorted({i for i, _ in before.index}):
        d, c = before.loc[(indicator, "default")], before.loc[(indicator, "last_year")]
        lines.append(f"| {indicator} | December before | {d['n']:.0f} | {d['mae']:.2f} | "
                     f"{c['mae']:.2f} | last year | {d['coverage80']:.0%} |")
    return "\n".join(lines)


def published_rows(path: Path | None = None) -> pd.DataFrame:
    """The committed track record (what ``python -m benchmarks.accuracy`` wrote)."""
    path = path or config.results_dir() / "backtest_rows.csv"
    if not path.is_file():
        raise UsageError(f"{path} is missing: make it with python -m benchmarks.accuracy")
    return pd.read_csv(path)
