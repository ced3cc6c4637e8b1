"""The data page: what exists for a region and its reference regions, where it comes from,
and which sources disagree."""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from xyforecast.i18n import label, render, t
from xyforecast.inputs.provenance import own_files_line, row_counts
from xyforecast.outputs import numbers
from xyforecast.outputs.fonts import use_chinese_font
from xyforecast.outputs.tables import coverage, targets_table
from xyforecast.periods import Period
from xyforecast.request import Parameters
from xyforecast.site.pages.common import (
    Markdown,
    indicator_name,
    markdown,
    region_name,
    sentences,
)
from xyforecast.site.pages.opening import open_page


class DataPage:
    open = classmethod(open_page)  # from a notebook's parameters (``opening``)

    def __init__(self, params: Parameters):
        self.params = params
        self.lang = params.lang
        self.chain = [r.code for r in params.data.catalog.chain(params.region)]

    def heading(self) -> str:
        p, view = self.params, self.params.view
        own = own_files_line(view)  # file names as typed: escaped
        return (markdown("data_title", self.lang, region=region_name(p)) + "\n\n"
                + markdown("data_sub", self.lang, cutoff=p.cutoff.label(self.lang),
                           files=len(view.files), sha=view.sha256[:12], own=own))

    @cached_property
    def _own(self) -> pd.DataFrame:
        obs = self.params.view.observations
        return obs[obs["region"] == self.params.region]

    @cached_property
    def _conflicts(self) -> list:
        return [c for c in self.params.view.conflicts if c.key[0] in self.chain]

    def text(self) -> str:
        p, lang = self.params, self.lang
        name = region_name(p)
        own_latest = p.view.latest(p.region)
        if own_latest is None:
            parts = [markdown("own_none", lang, region=name)]
        else:
            counts = row_counts(p.view, p.region)  # local figures are never called public
            mine = markdown("own_rows_mine", lang, n=counts["own"]) if counts["own"] else ""
            parts = [markdown("own_rows", lang, region=name, rows=counts["published"],
                              mine=Markdown(mine), indicators=self._own["indicator"].nunique(),
                              latest=own_latest.label(lang))]
        this_year = p.view.latest(p.region, p.year)
        if this_year is not None:
            parts.append(markdown("this_year", lang, year=p.year, latest=this_year.label(lang)))
        elif len(self.chain) > 1:
            chain = render([region_name(p, c) for c in self.chain[1:]], lang)
            parts.append(markdown("borrow", lang, year=p.year, chain=chain))
        key = "conflicts" if self._conflicts else "no_conflicts"
        parts.append(markdown(key, lang, region=name, cutoff=p.cutoff.label(lang),
                              n=len(self._conflicts)))
        parts.append(markdown("chart_font", lang, font=use_chinese_font().family))
        return sentences(parts, lang)

    def section(self, key: str) -> Markdown:
        return markdown(f"{key}_h", self.lang, year=self.params.year)

    def coverage(self) -> pd.DataFrame:
        return coverage(self.params.view, self.params.region, self.lang, codes=False)

    def reference_coverage(self) -> pd.DataFrame:
        """The latest year-to-date or full-year growth of each headline indicator, for the
        region and each reference region."""
        p, lang = self.params, self.lang
        rows = []
        for indicator in p.data.catalog.headline():
            row = {label("indicator", lang): indicator.name(lang)}
            for code in self.chain:
                series = p.view.series(code, indicator.code)
                row[region_name(p, code)] = (
                    f"{series.index[-1]}: {numbers.signed(series.iloc[-1])}%" if len(series)
                    else numbers.MISSING)
            rows.append(row)
        return pd.DataFrame(rows)

    def targets(self) -> pd.DataFrame:
        return targets_table(self.params.view, self.params.region, self.params.year, self.lang,
                             codes=False)

    def sources(self) -> pd.DataFrame:
        """Every source of the region's figures, with how many rows and which indicators."""
        lang, catalog = self.lang, self.params.data.catalog
        own = self._own
        if own.empty:
            return pd.DataFrame()
        rows = []
        for source, group in own.groupby("source", sort=False):
            names = sorted({catalog.indicator(i).name(lang) for i in group["indicator"]})
            periods = sorted(group["period"].astype(str))
            rows.append({label("source", lang): source,
                         label("rows", lang): len(group),
                         t("report.col_indicators", lang): render(names, lang),
                         t("report.col_periods", lang): periods[0] if len(set(periods)) == 1
                         else f"{periods[0]} – {periods[-1]}"})
        return pd.DataFrame(rows).sort_values(label("rows", lang), ascending=False,
                                              kind="stable")

    def conflicts(self) -> pd.DataFrame:
        """Each disagreement between sources in the region and its reference regions."""
        p, lang = self.params, self.lang
        rows = []
        for c in self._conflicts:
            region, indicator, territory, measure, year, month = c.key
            period = str(year) if month == 12 and measure != "month_growth_pct" \
                else str(Period(year, month))
            measure_name = label(measure, lang)
            if territory:
                measure_name = t("report.territory", lang, measure=measure_name,
                                 territory=label(f"territory_{territory}", lang))
            decimals = int(c.kept["decimals"])
            rows.append({
                t("report.col_region", lang): region_name(p, region),
                label("indicator", lang): indicator_name(p, indicator),
                t("report.col_period", lang): period,
                label("measure", lang): measure_name,
                t("report.col_kept", lang): f"{c.kept['value']:.{decimals}f}",
                t("report.col_others", lang): ", ".join(
                    f"{o['value']:.{int(o['decimals'])}f}" for o in c.others),
                t("report.col_reason", lang): render(c.why, lang),
            })
        return pd.DataFrame(rows)

    def key_figures(self) -> str:
        """The page's numbers, rounded, for nbval to compare."""
        p = self.params
        return (f"region={p.region} year={p.year} cutoff={p.cutoff} "
                f"own_rows={len(self._own)} own_latest={p.view.latest(p.region) or '-'} "
                f"reference_conflicts={len(self._conflicts)} "
                f"targets={len(self.targets())}")
