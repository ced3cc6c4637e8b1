"""The track record: how past projections fared, from the committed replays. The real-time
replay (settings fitted only on the years before) leads; leave-one-year-out sits beside it.
Normal years, 2020–2022 and 2023–24 apart; every annual model, ARIMA and ETS among them, on
the same cases; the cases not scored and why."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from xyforecast import config
from xyforecast.engine import models
from xyforecast.i18n import label, t
from xyforecast.inputs import cache
from xyforecast.outputs import numbers
from xyforecast.request import Parameters
from xyforecast.site.pages.common import Markdown, indicator_name, markdown, region_name
from xyforecast.site.pages.opening import open_page


@dataclass(frozen=True)
class Record:
    """The replays' tables and scorecard: the same for every region, cut-off and language."""

    live: pd.DataFrame  # the headline (real-time) replay's rows
    tables: dict[str, pd.DataFrame]
    losses: pd.DataFrame
    card: dict[str, Any]


def shared() -> Record:
    """The committed track record's tables, computed once per render (``runner.snapshot``
    pins them beside the data: a second of tables, not one per page and language), and
    kept between renders (``inputs.cache``, 0.35 CPU s a render): the rows change when
    ``benchmarks.accuracy`` runs, the render every month. The entry's name is a digest of
    the rows, of the code that tabulates them and of pandas' version, so a changed file,
    scoring rule or library makes it a miss."""
    from xyforecast.evaluation import backtest, track_record

    path = config.results_dir() / "backtest_rows.csv"
    name = _entry(path)
    found = cache.get(name) if name else None
    if isinstance(found, Record):
        return found
    rows = backtest.published_rows(path)
    made = Record(track_record.design(rows), track_record.tables(rows),
                  track_record.losses(rows), track_record.scorecard(rows))
    if name:
        cache.put(name, made)
    return made


def _entry(path: Path) -> str | None:
    """The cache entry of the record tabulated from ``path``; None when it is unreadable
    (``published_rows`` says why)."""
    try:
        digest = hashlib.sha256(path.read_bytes())
    except OSError:
        return None
    evaluation = Path(__file__).resolve().parents[2] / "evaluation"
    for code in sorted([*evaluation.glob("*.py"), Path(__file__)]):
        digest.update(code.name.encode() + code.read_bytes())
    digest.update(pd.__version__.encode())
    return "track-record-" + cache.key([digest.hexdigest()])[:32]


class TrackRecord:
    open = classmethod(open_page)  # from a notebook's parameters (``opening``)
    uses_shared = True  # the render's Record (``shared``), or None: computed here

    def __init__(self, params: Parameters, record: Record | None = None):
        record = record or shared()
        self.params = params
        self.lang = params.lang
        self.live = record.live
        self.tables = record.tables
        self._losses = record.losses
        self._card = record.card

    def heading(self) -> str:
        card = self._card
        return markdown("tr_title", self.lang) + "\n\n" + markdown(
            "tr_sub", self.lang, n=card["realtime_n_cases"], loyo=card["n_cases"])

    def section(self, key: str) -> Markdown:
        return markdown(f"tr_{key}_h", self.lang)

    def text(self) -> str:
        card, lang = self._card, self.lang
        mine = self.live[self.live["method"] == "default"]
        own_cases = mine[mine["region"] == self.params.region].shape[0]
        own = (markdown("tr_own", lang, n=own_cases) if own_cases
               else markdown("tr_own_none", lang))
        pct = {k: numbers.percent(card[f"realtime_coverage80_{key}"])
               for k, key in (("all", "all"), ("normal", "normal"), ("shock", "shock"),
                              ("recent", "2023_2024"))}
        return markdown(
            "tr_text", lang, **pct, cov95=numbers.percent(card["realtime_coverage95_all"]),
            mae=numbers.fixed(card["realtime_mae_normal_model"], 2),
            carry=numbers.fixed(card["realtime_mae_normal_carry_forward"], 2),
            n_mae=card["realtime_n_mae_normal_cases"],
            brier=numbers.fixed(card["brier_model"], 3),
            brier_carry=numbers.fixed(card["brier_carry_forward"], 3),
            n_brier=card["n_brier_cases"], dropped=card["realtime_n_not_scored"],
            region=region_name(self.params), own=own)

    def _when(self, month: int) -> str:
        if month == 0:
            return t("report.before", self.lang)
        return t("report.through_month", self.lang, m=month)

    def table(self) -> pd.DataFrame:
        lang, rows = self.lang, []
        for name, baseline, cut in (("september", "carry_forward", "sep"),
                                    ("before_the_year", "last_year", "before")):
            table = self.tables[name].set_index(["indicator", "method"])
            for indicator in sorted({i for i, _ in table.index}):
                mine, base = table.loc[(indicator, "default")], table.loc[(indicator, baseline)]
                rows.append({
                    label("indicator", lang): indicator_name(self.params, indicator),
                    t("report.col_cutoff", lang): t(f"report.{cut}", lang),
                    t("report.col_cases", lang): int(mine["n"]),
                    t("report.col_mae", lang): numbers.fixed(mine["mae"], 2),
                    t("report.col_baseline", lang): t(f"report.base_{baseline}", lang),
                    t("report.col_baseline_mae", lang): numbers.fixed(base["mae"], 2),
                    t("report.col_cov80", lang): numbers.percent(mine["coverage80"]),
                })
        return pd.DataFrame(rows)

    def chart(self):
        from xyforecast.outputs.track_record_chart import track_record_chart

        return track_record_chart(self.tables["by_month"], self.lang)

    def coverage(self) -> pd.DataFrame:
        """How often the intervals held the outcome, real time first, by years."""
        lang, card = self.lang, self._card
        return pd.DataFrame([{
            t("report.tr_design", lang): t(f"report.tr_{design}", lang),
            t("report.tr_measure", lang): t(f"report.tr_cov{level}", lang),
            t("report.tr_all", lang): numbers.percent(card[f"{prefix}coverage{level}_all"]),
            t("report.tr_normal", lang): numbers.percent(card[f"{prefix}coverage{level}_normal"]),
            t("report.tr_shock", lang): numbers.percent(card[f"{prefix}coverage{level}_shock"]),
            t("report.tr_recent", lang): numbers.percent(
                card[f"{prefix}coverage{level}_2023_2024"]),
            t("report.tr_goal", lang): t(f"report.tr_goal{level}", lang)}
            for design, prefix in (("realtime", "realtime_"), ("loyo", ""))
            for level in ("80", "95")])

    def scorecard(self) -> pd.DataFrame:
        """Proper scores against the baselines, real time, on the cases both answered."""
        lang, card = self.lang, self._card
        return pd.DataFrame([{
            t("report.tr_score", lang): t(f"report.tr_{name}", lang),
            t("report.tr_model", lang): numbers.fixed(card[model], digits),
            t("report.tr_baseline", lang): numbers.fixed(card[base], digits),
            t("report.tr_baseline_is", lang): t(f"report.{label_key}", lang),
            t("report.col_cases", lang): f"{int(card[n])}"}
            for name, model, base, label_key, n, digits in (
                ("crps", "realtime_crps_model", "realtime_crps_empirical", "tr_empirical",
                 "realtime_n_crps_cases", 2),
                ("mae_normal", "realtime_mae_normal_model",
                 "realtime_mae_normal_carry_forward", "base_carry_forward",
                 "realtime_n_mae_normal_cases", 2),
                ("brier", "brier_model", "brier_carry_forward", "tr_latest", "n_brier_cases",
                 3),
                ("log_score", "log_score_model", "log_score_carry_forward", "tr_latest",
                 "n_brier_cases", 3))])

    def models_text(self) -> Markdown:
        return markdown("tr_models", self.lang)

    def models(self) -> pd.DataFrame:
        """Every annual model alone before the year, ARIMA and ETS among them, beside the
        engine's projection, on the same cases (real time): MAE and CRPS per indicator."""
        lang, table = self.lang, self.tables["candidates"]
        rows = []
        for method in ["default", *models.MODELS]:
            part = table[table["method"] == method].set_index("indicator")
            row = {t("report.col_model", lang): t("report.tr_model", lang)
                   if method == "default" else t(f"labels.model_{method}", lang)}
            for indicator in sorted(table["indicator"].unique()):
                cell = part.loc[indicator] if indicator in part.index else None
                row[indicator_name(self.params, indicator)] = "—" if cell is None else (
                    f"{numbers.fixed(cell['mae'], 2)} / {numbers.fixed(cell['crps'], 2)}")
            rows.append(row)
        cases = table[table["method"] == "default"].set_index("indicator")["n"]
        rows.append({t("report.col_model", lang): t("report.col_cases", lang),
                     **{indicator_name(self.params, k): int(v) for k, v in cases.items()}})
        return pd.DataFrame(rows)

    def not_scored(self) -> pd.DataFrame:
        """The cases each replay could not score, and why."""
        lang = self.lang
        return pd.DataFrame([{
            t("report.tr_design", lang): t(f"report.tr_{r.design}", lang),
            t("report.tr_reason", lang): t(f"report.tr_reason_{r.reason}", lang),
            t("report.col_cases", lang): int(r.n)}
            for r in self.tables["not_scored"].itertuples()])

    def reliability(self) -> pd.DataFrame:
        """How often targets were met, by the probability given (the judged cases)."""
        lang = self.lang
        return pd.DataFrame([{
            t("report.tr_bin", lang): r.bin, t("report.col_cases", lang): r.n,
            t("report.tr_mean_p", lang): numbers.percent(r.mean_p) if r.n else "—",
            t("report.tr_share_met", lang): numbers.percent(r.share_met) if r.n else "—"}
            for r in self.tables["reliability"].itertuples()])

    def reliability_chart(self):
        from xyforecast.outputs.track_record_chart import reliability_chart

        return reliability_chart(self.tables["reliability"], self.lang)

    def losses(self) -> pd.DataFrame:
        lang, rows = self.lang, []
        for r in self._losses.itertuples():
            rows.append({
                label("indicator", lang): indicator_name(self.params, r.indicator),
                t("report.col_cutoff", lang): self._when(r.month),
                t("report.col_cases", lang): r.n,
                t("report.col_mae", lang): numbers.fixed(r.mae_default, 2),
                t("report.col_loses_to", lang): t(f"report.base_{r.baseline}", lang),
                t("report.col_baseline_mae", lang): numbers.fixed(r.mae_baseline, 2),
            })
        return pd.DataFrame(rows)

    def rerun(self) -> Markdown:
        return markdown("tr_rerun", self.lang)

    def key_figures(self) -> str:
        """The headline numbers, rounded, for nbval to compare."""
        card = self._card
        head = " ".join(f"{k}={numbers.fixed(card[k], 2, 4)}" for k in (
            "realtime_coverage80_all", "realtime_coverage95_all", "realtime_crps_model",
            "brier_model")) + f" n={card['realtime_n_cases']}"
        sep = self.tables["september"]
        mine = sep[sep["method"] == "default"]
        return head + "\n" + "\n".join(
            f"{r.indicator} september n={r.n:.0f} mae={numbers.fixed(r.mae, 2)} "
            f"coverage80={numbers.fixed(r.coverage80, 2, 3)}" for r in mine.itertuples())
