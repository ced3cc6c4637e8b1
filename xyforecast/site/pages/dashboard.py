"""The dashboard: the five headline indicators on one page — table, small charts, status by
the stated rule, and the basis of each projection."""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from xyforecast.engine.status import STATUSES
from xyforecast.forecast import Forecast
from xyforecast.i18n import Pair, render, t
from xyforecast.inputs.provenance import own_files_line
from xyforecast.outputs import numbers
from xyforecast.outputs.tables import forecast_table, status_label
from xyforecast.request import Parameters
from xyforecast.site.pages.common import (
    Markdown,
    escape,
    indicator_name,
    markdown,
    region_name,
    sentences,
    year_to_date,
)

STATUS_ORDER = list(STATUSES)


class Dashboard:
    def __init__(self, params: Parameters, forecast: Forecast | None = None):
        self.params = params
        self.lang = params.lang
        self.forecast = forecast or Forecast.build(params.data, params.region, params.year,
                                                   params.cutoff)
        self.projections = [i.projection for i in self.forecast.indicators]
        self.summary = self.forecast.to_summary()

    def _name(self, item: dict) -> str:
        return render(Pair(item["name_zh"], item["name_en"]), self.lang)

    def heading(self) -> str:
        p, lang = self.params, self.lang
        return (markdown("dash_title", lang, region=region_name(p), year=p.year) + "\n\n"
                + markdown("dash_sub", lang, cutoff=p.cutoff.label(lang)))

    def section(self, key: str) -> Markdown:
        return markdown(f"dash_{key}_h", self.lang)

    def text(self) -> str:
        lang, items = self.lang, self.summary["indicators"]
        counts = {s: sum(1 for i in items if i["status"] == s) for s in STATUS_ORDER}
        parts = [markdown("dash_part", lang, n=n, status=status_label(s, lang))
                 for s, n in counts.items() if n or s in STATUS_ORDER[:3]]
        joined = Markdown(t("report.list_comma", lang).join(parts))
        said = [markdown("dash_counts", lang, n=len(items), parts=joined)]
        known = [i for i in items if i["p_meet_target"] is not None]
        if len(known) >= 2:
            best = max(known, key=lambda i: i["p_meet_target"])
            worst = min(known, key=lambda i: i["p_meet_target"])
            said.append(markdown("dash_best", lang, best=self._name(best),
                                 worst=self._name(worst),
                                 p_best=numbers.percent(best["p_meet_target"]),
                                 p_worst=numbers.percent(worst["p_meet_target"])))
        borrowed = [i for i in items if i["method"] == "borrowed"]
        if borrowed:
            said.append(markdown("dash_borrowed", lang, n=len(borrowed),
                                 region=region_name(self.params)))
        said.append(Markdown(escape(render(own_files_line(self.params.view), lang)) +
                             t("report.full_stop", lang)))  # which of your files fed it
        return sentences(said, lang)

    def table(self) -> pd.DataFrame:
        return forecast_table(self.summary, self.lang)

    def chart(self):
        from xyforecast.outputs.plots import dashboard_chart

        p = self.params
        paths = [year_to_date(p, proj) for proj in self.projections]
        names = [indicator_name(p, proj.indicator) for proj in self.projections]
        return dashboard_chart(self.projections, paths, names, region_name(p), self.lang)

    @cached_property
    def _analysis(self):
        from xyforecast.outputs.analysis import Analysis

        return Analysis(self.forecast)

    def movement_text(self) -> Markdown:
        """How each projection moved with the latest release, and why (the news)."""
        return Markdown("\n\n".join(escape(self._analysis.moved(i["indicator"], self.lang))
                                     for i in self.summary["indicators"]))

    def movement_chart(self):
        from xyforecast.outputs.movement_chart import movement_grid

        a = self._analysis
        names = {code: a.name(code, self.lang) for code in a.movement}
        return movement_grid(a.movement, names, region_name(self.params), self.lang)

    def movement_table(self) -> pd.DataFrame:
        """P(meet) of every indicator at each release of the year."""
        return self._analysis.movement_table(self.lang)

    def levels(self) -> Markdown:
        """Level targets (investment of 360亿元) against 序时进度, or "no figures yet"."""
        said = [self._analysis.level(i["indicator"], self.lang)
                for i in self.summary["indicators"]]
        said = [escape(s) for s in said if s]
        return Markdown("\n\n".join(said)) if said else markdown("dash_no_levels", self.lang)

    def other_targets(self) -> pd.DataFrame:
        """The report's other quantitative targets, with progress where figures exist."""
        return self._analysis.other_targets(self.lang)

    def bases(self) -> str:
        from xyforecast.outputs.summary import MET_RULE, STATUS_RULE

        lang = self.lang
        lines = [markdown("basis_item", lang, n=n, name=self._name(i),
                          basis=render(Pair(i["basis_zh"], i["basis"]), lang))
                 for n, i in enumerate(self.summary["indicators"], start=1)]
        lines += ["", markdown("met_rule", lang, rule=render(MET_RULE, lang)), "",
                  markdown("status_rule", lang, rule=render(STATUS_RULE, lang))]
        return "\n".join(lines)

    def key_figures(self) -> str:
        """One rounded line per indicator, for nbval to compare."""
        lines = []
        for i in self.summary["indicators"]:
            proj = i["projection"] or {}
            lines.append(f"{i['indicator']} median={numbers.fixed(proj.get('median'))} "
                         f"p10={numbers.fixed(proj.get('p10'))} "
                         f"p90={numbers.fixed(proj.get('p90'))} "
                         f"p_meet={numbers.fixed(i['p_meet_target'], 2, 3)} "
                         f"required={numbers.fixed(i['required_rest_growth_pct'])} "
                         f"status={i['status']}")
        return "\n".join(lines)
