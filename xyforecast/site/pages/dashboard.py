"""The dashboard: the five headline indicators on one page — table, small charts, status by
the stated rule, and the basis of each projection."""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from xyforecast.forecast import Forecast
from xyforecast.i18n import t
from xyforecast.i18n.report import typeset, typeset_render
from xyforecast.inputs.provenance import own_files_line
from xyforecast.outputs import numbers
from xyforecast.outputs.tables import forecast_table, status_label
from xyforecast.request import Parameters
from xyforecast.site.pages.common import (
    Markdown,
    escape,
    indicator_name,
    markdown,
    prose,
    region_name,
    sentences,
    year_to_date,
)
from xyforecast.site.pages.opening import open_page


class Dashboard:
    open = classmethod(open_page)  # from a notebook's parameters (``opening``)
    uses_forecast = True

    def __init__(self, params: Parameters, forecast: Forecast | None = None):
        self.params = params
        self.lang = params.lang
        self.forecast = forecast or Forecast.build(params.data, params.region, params.year,
                                                   params.cutoff)
        self.projections = [i.projection for i in self.forecast.indicators]

    def heading(self) -> str:
        p, lang = self.params, self.lang
        return (markdown("dash_title", lang, region=region_name(p), year=p.year) + "\n\n"
                + markdown("dash_sub", lang, cutoff=p.cutoff.label(lang)))

    def section(self, key: str) -> Markdown:
        return markdown(f"dash_{key}_h", self.lang)

    def text(self) -> str:
        lang, facts = self.lang, self.forecast.overview()
        parts = [markdown("dash_part", lang, n=n, status=status_label(s, lang))
                 for s, n in facts.counts.items() if n]  # as the Word report: no "0项…"
        joined = Markdown(typeset(t("report.list_comma", lang), lang).join(parts))
        said = [markdown("dash_counts", lang, n=len(self.forecast.indicators), parts=joined)]
        best, worst = facts.best, facts.worst
        if best is not None and worst is not None:
            said.append(markdown("dash_best", lang, best=best.name.render(lang),
                                 worst=worst.name.render(lang),
                                 p_best=numbers.percent(best.projection.p_meet),
                                 p_worst=numbers.percent(worst.projection.p_meet)))
        if facts.borrowed:
            said.append(markdown("dash_borrowed", lang, n=len(facts.borrowed),
                                 region=region_name(self.params)))
        said.append(Markdown(escape(typeset_render(own_files_line(self.params.view), lang)) +
                             t("report.full_stop", lang)))  # which of your files fed it
        return sentences(said, lang)

    def table(self) -> pd.DataFrame:
        return forecast_table(self.forecast, self.lang)

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
        """How each projection moved with the latest release, and why (the news), or that
        its basis changed."""
        return Markdown("\n\n".join(prose(self._analysis.moved(i, self.lang), self.lang)
                                     for i in self.forecast.indicators))

    def movement_chart(self):
        from xyforecast.outputs.movement_chart import movement_grid

        movement = {i.code: list(i.movement) for i in self.forecast.indicators}
        names = {i.code: i.name.render(self.lang) for i in self.forecast.indicators}
        return movement_grid(movement, names, region_name(self.params), self.lang)

    def movement_table(self) -> pd.DataFrame:
        """P(meet) of every indicator at each release of the year."""
        from xyforecast.outputs.movement_table import movement_table

        return movement_table(self._analysis, self.lang)

    def levels(self) -> Markdown:
        """Level targets (investment of 360亿元) against 序时进度, or "no figures yet"."""
        from xyforecast.outputs.progress import level_sentence

        said = [prose(level_sentence(i.progress, i.level_target, self.lang), self.lang)
                for i in self.forecast.indicators if i.level_target is not None]
        return Markdown("\n\n".join(said)) if said else markdown("dash_no_levels", self.lang)

    def other_targets(self) -> pd.DataFrame:
        """The report's other quantitative targets, with progress where figures exist."""
        from xyforecast.outputs.progress import other_targets_table

        return other_targets_table(self.forecast.other_targets, self.params.data.catalog,
                                   self.lang)

    def bases(self) -> str:
        from xyforecast.outputs.summary import MET_RULE, STATUS_RULE

        lang = self.lang
        lines = [markdown("basis_item", lang, n=n, name=i.name.render(lang),
                          basis=i.projection.basis)
                 for n, i in enumerate(self.forecast.indicators, start=1)]
        lines += ["", markdown("met_rule", lang, rule=MET_RULE), "",
                  markdown("status_rule", lang, rule=STATUS_RULE)]
        return "\n".join(lines)

    def key_figures(self) -> str:
        """One rounded line per indicator, for nbval to compare."""
        lines = []
        for i in self.forecast.indicators:
            q = i.projection.quantiles
            lines.append(f"{i.code} median={numbers.fixed(q['median'])} "
                         f"p10={numbers.fixed(q['p10'])} "
                         f"p90={numbers.fixed(q['p90'])} "
                         f"p_meet={numbers.fixed(i.projection.p_meet, 2, 3)} "
                         f"required={numbers.fixed(i.required.stated)} "
                         f"status={i.status}")
        return "\n".join(lines)
