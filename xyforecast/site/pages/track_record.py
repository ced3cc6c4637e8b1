"""The track record: how past projections fared, from the committed backtest, by indicator
and cut-off month."""

from __future__ import annotations

import pandas as pd

from xyforecast.i18n import label, t
from xyforecast.outputs import numbers
from xyforecast.request import Parameters
from xyforecast.site.pages.common import Markdown, indicator_name, markdown, region_name


class TrackRecord:
    def __init__(self, params: Parameters):
        from xyforecast.evaluation import backtest, track_record

        self.params = params
        self.lang = params.lang
        self.rows = backtest.published_rows()
        self.tables = track_record.tables(self.rows)
        self._losses = track_record.losses(self.rows)
        self._card = track_record.scorecard(self.rows)

    def heading(self) -> str:
        n = self.rows[["region", "indicator", "year", "month"]].drop_duplicates().shape[0]
        return markdown("tr_title", self.lang) + "\n\n" + markdown("tr_sub", self.lang, n=n)

    def section(self, key: str) -> Markdown:
        return markdown(f"tr_{key}_h", self.lang)

    def text(self) -> str:
        sep = self.tables["september"].set_index(["indicator", "method"])["mae"]
        indicators = sorted({i for i, _ in sep.index})
        better = sum(1 for i in indicators
                     if (i, "carry_forward") in sep and sep[(i, "default")]
                     < sep[(i, "carry_forward")])
        mine = self.rows[self.rows["method"] == "default"]
        inside80 = ((mine["p10"] <= mine["actual"]) & (mine["actual"] <= mine["p90"])).mean()
        inside95 = ((mine["p025"] <= mine["actual"]) & (mine["actual"] <= mine["p975"])).mean()
        own_cases = mine[mine["region"] == self.params.region].shape[0]
        own = (markdown("tr_own", self.lang, n=own_cases) if own_cases
               else markdown("tr_own_none", self.lang))
        return markdown("tr_text", self.lang, indicators=len(indicators), better=better,
                        cov80=numbers.percent(inside80), cov95=numbers.percent(inside95),
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
        from xyforecast.outputs.plots import track_record_chart

        return track_record_chart(self.tables["by_month"], self.lang)

    def scorecard(self) -> pd.DataFrame:
        """Coverage and proper scores against the baselines, all out of sample."""
        lang, card = self.lang, self._card
        cov = [{t("report.tr_measure", lang): t(f"report.tr_cov{level}", lang),
                t("report.tr_all", lang): numbers.percent(card[f"coverage{level}_all"]),
                t("report.tr_normal", lang): numbers.percent(card[f"coverage{level}_normal"]),
                t("report.tr_shock", lang): numbers.percent(card[f"coverage{level}_shock"]),
                t("report.tr_goal", lang): t(f"report.tr_goal{level}", lang)}
               for level in ("80", "95")]
        scores = [{t("report.tr_score", lang): t(f"report.tr_{name}", lang),
                   t("report.tr_model", lang): numbers.fixed(card[f"{name}_model"], digits),
                   t("report.tr_baseline", lang): numbers.fixed(card[f"{name}_{base}"], digits),
                   t("report.tr_baseline_is", lang): t(f"report.{label_key}", lang),
                   t("report.col_cases", lang): f"{int(card[f'n_{name}_cases'])}"}
                  for name, base, label_key, digits in (
                      ("crps", "empirical", "tr_empirical", 2),
                      ("brier", "carry_forward", "base_carry_forward", 3),
                      ("mae", "carry_forward", "base_carry_forward", 2))]
        return pd.concat([pd.DataFrame(cov), pd.DataFrame(scores)], ignore_index=True) \
            .fillna("")

    def reliability(self) -> pd.DataFrame:
        """How often targets were met, by the probability given."""
        lang = self.lang
        return pd.DataFrame([{
            t("report.tr_bin", lang): r.bin, t("report.col_cases", lang): r.n,
            t("report.tr_mean_p", lang): numbers.percent(r.mean_p) if r.n else "—",
            t("report.tr_share_met", lang): numbers.percent(r.share_met) if r.n else "—"}
            for r in self.tables["reliability"].itertuples()])

    def reliability_chart(self):
        from xyforecast.outputs.plots import reliability_chart

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
        sep = self.tables["september"]
        mine = sep[sep["method"] == "default"]
        return "\n".join(f"{r.indicator} september n={r.n:.0f} mae={numbers.fixed(r.mae, 2)} "
                         f"coverage80={numbers.fixed(r.coverage80, 2, 3)}"
                         for r in mine.itertuples())
