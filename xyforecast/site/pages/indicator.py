"""The indicator page: history and targets, this year so far, the projection against the
target, what the rest of the year needs, and the basis."""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from xyforecast.errors import UsageError
from xyforecast.forecast import Forecast
from xyforecast.i18n import Msg, method_label, t
from xyforecast.outputs import numbers
from xyforecast.periods import Period
from xyforecast.request import Parameters
from xyforecast.site.pages.common import (
    HISTORY_YEARS,
    Markdown,
    basis_text,
    escape,
    markdown,
    notes_text,
    prose,
    region_name,
    sentences,
    year_to_date,
)
from xyforecast.site.pages.opening import open_page


class IndicatorPage:
    open = classmethod(open_page)  # from a notebook's parameters (``opening``)
    uses_forecast = True

    def __init__(self, params: Parameters, forecast: Forecast | None = None):
        if params.indicator is None:
            raise UsageError(Msg.of("report.param_indicator"))
        self.params = params
        self.lang = params.lang
        self.indicator = params.data.catalog.indicator(params.indicator)
        self.forecast = forecast or Forecast.build(params.data, params.region, params.year,
                                                   params.cutoff, [params.indicator])
        self.item = self.forecast.indicator(params.indicator)
        self.projection = self.item.projection
        self.chain = [r.code for r in params.data.catalog.chain(params.region)]

    @property
    def status(self) -> str:
        return self.item.status

    def heading(self) -> str:
        p, lang = self.params, self.lang
        return (markdown("ind_title", lang, region=region_name(p), name=self.indicator.name(lang),
                         year=p.year) + "\n\n"
                + markdown("ind_sub", lang, cutoff=p.cutoff.label(lang),
                           basis=markdown(f"price_{self.indicator.price_basis}", lang)))

    def section(self, key: str) -> Markdown:
        return markdown(f"{key}_h", self.lang)

    def text(self) -> str:
        """The page's paragraph, in the Word report's sentences: where the indicator stands
        (its table's row), the projection, the target and the chance, what the rest of the
        year needs, and a level target against 序时进度."""
        from xyforecast.outputs.analysis import growth, interval, rule, status_sentence
        from xyforecast.outputs.progress import level_sentence

        lang, proj, item, a = self.lang, self.projection, self.item, self._analysis
        parts = [escape(a.where_it_stands(item, lang))]
        if proj.known:
            q = proj.quantiles  # the Word report's words: 下降9.5%至增长12.3%, no minus sign
            parts.append(markdown("projection", lang, median=growth(q["median"], lang),
                                  i80=interval(q["p10"], q["p90"], lang),
                                  i95=interval(q["p025"], q["p975"], lang)))
        else:
            parts.append(markdown("no_projection", lang))
        if proj.target is None:
            parts.append(markdown("no_target", lang))
        else:
            status = Markdown(f"**{escape(status_sentence(item.status, lang))}**")
            parts.append(markdown("target", lang, label=proj.target.label(lang),
                                  rule=rule(proj.target, lang), p=numbers.percent(proj.p_meet),
                                  status=status))
            parts.append(markdown("required_published", lang) if proj.method == "published"
                         else escape(a.required(item, lang)))
        if item.level_target is not None:  # against 序时进度, or no figures yet
            parts.append(escape(level_sentence(item.progress, item.level_target, lang)))
        return sentences([p for p in parts if p], lang)

    @cached_property
    def _history(self) -> pd.DataFrame:
        """Full-year growth by year (rows) for the region and its reference regions."""
        p = self.params
        first = p.year - HISTORY_YEARS
        columns = {}
        for code in self.chain:
            series = p.view.annual(code, self.indicator.code)
            columns[region_name(p, code)] = series[(series.index >= first)
                                                   & (series.index <= p.year)]
        return pd.DataFrame(columns).sort_index()

    @cached_property
    def _targets(self) -> pd.Series:
        p = self.params
        t_ = p.view.targets
        rows = t_[(t_["region"] == p.region) & (t_["indicator"] == self.indicator.code)
                  & (t_["measure"] == "target_growth_pct")
                  & (t_["year"] >= p.year - HISTORY_YEARS)]
        return pd.Series(rows["value"].to_numpy(), index=rows["year"].to_numpy(),
                         dtype=float).sort_index()

    def history_table(self) -> pd.DataFrame:
        """The last ten years of full-year growth, with the region's targets."""
        p, lang = self.params, self.lang
        targets = self._targets.rename(t("report.col_target", lang, region=region_name(p)))
        frame = self._history.join(targets, how="outer").sort_index()
        frame = frame[frame.index >= p.year - 10].map(numbers.fixed)
        frame.index.name = t("report.col_year", lang)
        return frame.reset_index()

    def history_chart(self):
        from xyforecast.outputs.plots import history_chart

        return history_chart(self._history, self._targets, self.projection,
                             self.indicator.name(self.lang), region_name(self.params),
                             self.lang)

    @cached_property
    def _path(self):
        return year_to_date(self.params, self.projection)

    def ytd_table(self) -> pd.DataFrame:
        """This year's year-to-date figures the fan starts from."""
        lang, path = self.lang, self._path
        return pd.DataFrame({
            t("report.col_period", lang): [Period(self.params.year, m).label(lang)
                                           for m in path.months.index],
            t("report.col_region", lang): [path.region_name] * len(path.months),
            t("report.col_growth", lang): [numbers.fixed(v) for v in path.months]})

    def fan_chart(self):
        from xyforecast.outputs.plots import fan_chart

        return fan_chart(self.projection, self._path, self.indicator.name(self.lang),
                         self.lang)

    @cached_property
    def _analysis(self):
        from xyforecast.outputs.analysis import Analysis

        return Analysis(self.forecast)

    def movement_text(self) -> Markdown:
        """How the projection moved with the latest release, and why."""
        return prose(self._analysis.moved(self.item, self.lang), self.lang)

    def movement_chart(self):
        """The projection at each release of the year against the target (no look-ahead:
        each point is ``forecast --as-of`` that release)."""
        from xyforecast.outputs.movement_chart import movement_chart

        return movement_chart(self.item.movement,
                              self.indicator.name(self.lang), self.lang)

    def movement_table(self) -> pd.DataFrame:
        from xyforecast.outputs.movement_table import steps_table

        return steps_table(self._analysis, self.indicator.code, self.lang)

    def candidates_text(self) -> Markdown:
        """What the candidates table shows, and whose figures they are fitted on."""
        candidates, lang = self.projection.candidates, self.lang
        if not candidates:
            return markdown("candidates_none", lang)
        region = candidates[0].region
        whose = markdown("candidates_whose", lang, region=region_name(self.params, region)) \
            if region != self.params.region else ""
        return markdown("candidates", lang, whose=whose)

    def candidates(self) -> pd.DataFrame:
        """Each model the engine weighed (``Projection.candidates``): its own median and 80%
        interval, its weight here, and its real-time out-of-sample score."""
        lang = self.lang
        return pd.DataFrame([{
            t("report.col_model", lang): _model_label(c.model, lang),
            t("report.col_median", lang): numbers.fixed(c.median),
            t("report.col_interval80", lang): f"{numbers.fixed(c.p10)} ~ {numbers.fixed(c.p90)}",
            t("report.col_interval_from", lang): t(f"report.interval_{c.interval}", lang),
            t("report.col_weight", lang): numbers.percent(c.weight),
            t("report.col_crps", lang): numbers.fixed(c.crps, 2),
            t("report.col_mae_replay", lang): numbers.fixed(c.mae, 2),
            t("report.col_cases", lang): c.n_scored or "—"}
            for c in self.projection.candidates])

    def basis(self) -> str:
        from xyforecast.outputs.summary import MET_RULE, STATUS_RULE

        lang, proj = self.lang, self.projection
        lines = [markdown("basis", lang, basis=basis_text(proj, lang)),
                 markdown("method", lang, method=method_label(proj.method, lang), n=proj.n_obs)]
        if proj.notes:
            lines.append(markdown("notes", lang, notes=notes_text(proj, lang)))
        lines.append(markdown("met_rule", lang, rule=MET_RULE))
        lines.append(markdown("status_rule", lang, rule=STATUS_RULE))
        return "\n\n".join(lines)

    def key_figures(self) -> str:
        """The page's numbers, rounded, for nbval to compare."""
        proj = self.projection
        q = proj.quantiles
        latest = proj.latest
        return (f"{self.indicator.code} method={proj.method} median={numbers.fixed(q['median'])} "
                f"p10={numbers.fixed(q['p10'])} p90={numbers.fixed(q['p90'])} "
                f"p025={numbers.fixed(q['p025'])} p975={numbers.fixed(q['p975'])} "
                f"p_meet={numbers.fixed(proj.p_meet, 2, numbers.PROBABILITY_DIGITS)} "
                f"required={numbers.fixed(proj.required_rest_growth_pct)} status={self.status} "
                f"latest={latest.period if latest else '-'}:{latest.region if latest else '-'}:"
                f"{numbers.fixed(latest.growth_pct if latest else None)}")


def _model_label(model: str, lang: str) -> str:
    if model == "ytd-bridge":
        return method_label(model, lang)
    if model == "target":
        return t("report.base_target", lang)
    return t(f"labels.model_{model}", lang)
