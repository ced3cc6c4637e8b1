"""The peers page: the region among its parent's other children (Zhengzhou's counties,
Henan's prefectures) — each one's own latest growth for the period most of them share, its
rank, its gap to the parent, its projection and the probability of meeting its own target.
A group larger than ``standing.MAX_ROWS`` shows the region and those ranked nearest it
(``standing.WINDOW`` rows), ranked among the whole group, and says so."""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from xyforecast.engine.standing import Comparison, compare, group_of
from xyforecast.engine.status import status
from xyforecast.forecast import Forecast, Memo
from xyforecast.i18n import Msg, Pair, t
from xyforecast.i18n.report import typeset_render
from xyforecast.outputs import numbers
from xyforecast.outputs.tables import Ranked
from xyforecast.periods import Period
from xyforecast.request import Parameters
from xyforecast.site.pages.common import Markdown, escape, markdown, region_name, sentences
from xyforecast.site.pages.opening import open_page


def comparison_table(comparison: Comparison, region_name_of, lang: str) -> pd.DataFrame:
    """One indicator across a group: rank, region, growth, gap, projection, P(meet), status
    (``region_name_of(code)`` names a region in ``lang``)."""
    parent = region_name_of(comparison.parent) if comparison.parent else None
    return pd.DataFrame([Ranked(
        row.rank, region_name_of(row.region), row.value, row.gap, p.median,
        p.quantiles["p10"] if p.known else None, p.quantiles["p90"] if p.known else None,
        p.target.label(lang) if p.target else None, p.p_meet, status(p)).row(parent, lang)
        for row in comparison.rows for p in [row.projection]])


class PeersPage:
    open = classmethod(open_page)  # from a notebook's parameters (``opening``)
    uses_forecast = True

    def __init__(self, params: Parameters, forecast: Forecast | None = None):
        self.params = params
        self.forecast = forecast
        self.lang = params.lang
        self.group = group_of(params.view, params.region)
        catalog = params.data.catalog
        self.parent = catalog.region(params.region).parent
        self.level = t(f"report.level_{catalog.region(params.region).level}", self.lang)

    @cached_property
    def comparisons(self) -> list[Comparison]:
        p = self.params
        forecast = self.forecast or Forecast.build(p.data, p.region, p.year, p.cutoff)
        memo = Memo(p.data, p.year)  # no sibling has figures: the table says so
        return [i.peers or compare(p.view, self.group, i.code, memo.of(i.code, p.cutoff))
                for i in forecast.indicators]

    def _name(self, code: str | None) -> str:
        return region_name(self.params, code) if code else ""

    def heading(self) -> str:
        p, lang = self.params, self.lang
        return (markdown("peers_title", lang, region=region_name(p), parent=self._name(
            self.parent), level=self.level) + "\n\n"
                + markdown("peers_sub", lang, cutoff=p.cutoff.label(lang)))

    def text(self) -> str:
        """The region's rank on each indicator where it has a figure of its own."""
        lang, me = self.lang, self.params.region
        said = []
        for c in self.comparisons:
            name = self.params.data.catalog.indicator(c.indicator).name(lang)
            mine = next(r for r in c.rows if r.region == me)
            if c.period is None:
                said.append(markdown("peers_none", lang, name=name))
            elif mine.rank is None:  # the comparison's period: the region has no figure
                said.append(markdown("peers_not_ranked", lang, name=name, region=region_name(
                    self.params), period=c.period.label(lang)))
            else:
                said.append(markdown("peers_rank", lang, name=name, value=numbers.fixed(
                    mine.value), period=c.period.label(lang), n=c.ranked, level=self.level,
                    rank=mine.rank))
        return sentences(said, lang)

    def tables(self) -> list[object]:
        """Per indicator: a heading, the period compared, and the ranked table."""
        lang, out = self.lang, []
        for c in self.comparisons:
            name = self.params.data.catalog.indicator(c.indicator).name(lang)
            out.append(markdown("peers_section", lang, name=name))
            said = [period_sentence(c, self._name, lang)]
            if c.omitted:  # a large group: say which rows the table keeps, and of how many
                said.append(markdown("peers_window", lang, parent=self._name(c.parent),
                                     group=c.group, level=self.level, ranked=c.ranked,
                                     region=region_name(self.params), shown=len(c.rows)))
            out.append(sentences(said, lang))
            out.append(comparison_table(c, self._name, lang))
        return out

    def key_figures(self) -> str:
        """Ranks and values, rounded, for nbval to compare."""
        lines = []
        for c in self.comparisons:
            ranked = " ".join(f"{r.region}:{numbers.fixed(r.value)}" for r in c.rows
                              if r.rank is not None)
            lines.append(f"{c.indicator} period={c.period or '-'} {ranked}".rstrip())
        return "\n".join(lines)


def period_sentence(c: Comparison, region_name_of, lang: str) -> Markdown:
    """The period compared and the parent's figure for it, as printed prose."""
    return escape(typeset_render(period_words(c.period, region_name_of(c.parent),
                                              c.parent_value), lang))


def period_words(period: Period | None, parent: str, value: float | None) -> Msg:
    """比较时期：2025年1-9月；郑州市同期5.4%。 — as the peers page and the group index say it."""
    if period is None:
        return Msg.of("report.peers_no_period")
    when = Pair(period.label("zh"), period.label("en"))
    if value is None:
        return Msg.of("report.peers_period_only", period=when)
    return Msg.of("report.peers_period", period=when, parent=parent,
                  value=numbers.fixed(value))
