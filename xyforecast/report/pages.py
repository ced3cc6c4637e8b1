"""What each notebook page shows: its checked parameters, tables, charts and generated text.

The notebooks in ``notebooks/`` stay thin: a parameters cell, one call to
``check_parameters``, then one call per heading, table, chart or paragraph. Every loop and
every ``if`` lives here, where it is tested, and every number in a sentence comes from the
data — nothing is typed by hand. Text is Chinese first (``lang="zh"``), English with
``lang="en"``.
"""

from __future__ import annotations

import html
import math
import os
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from xyforecast.errors import UsageError
from xyforecast.i18n import LANGS, label, method_label, render
from xyforecast.inputs.dataset import Dataset, load
from xyforecast.outputs.tables import (
    STATUS_LABELS,
    coverage,
    forecast_table,
    targets_table,
    to_text,
)
from xyforecast.periods import Period

if TYPE_CHECKING:
    from xyforecast.engine.results import Projection

# The projection engine (and scipy behind it) is imported only by the pages that project:
# the data page of a render starts half a second sooner without it.

HISTORY_YEARS = 12  # years of full-year history drawn before the projected year

TEXT: dict[str, tuple[str, str]] = {
    "data_title": ("# {region}:数据说明", "# {region}: the data"),
    "data_sub": ("数据截至{cutoff} · 数据文件{files}个(指纹 {sha}) · 本地自有数据{user}条",
                 "Data up to {cutoff} · {files} data files (fingerprint {sha}) · "
                 "{user} rows of your own"),
    "own_rows": ("{region}共有{rows}条公开数据,涉及{indicators}项指标,最新时期为{latest}。",
                 "{region} has {rows} published figures on {indicators} indicators; the "
                 "latest is for {latest}."),
    "own_none": ("{region}尚无任何数据。", "{region} has no figures yet."),
    "this_year": ("{year}年已有本地数据,截至{latest}。",
                  "Its own {year} figures run to {latest}."),
    "borrow": ("{year}年尚无本地数据:预测借用参考地区{chain}的数据,并计入县际离散度,区间相应放宽。"
               "在 data/local/ 加入统计月报数据后,预测将改用本地数据。",
               "There are no {year} figures of its own yet: the projections borrow from its "
               "reference regions ({chain}) and widen their intervals for the spread between "
               "counties. Add the bureau's monthly figures to data/local/ and they use "
               "its own."),
    "conflicts": ("{region}及参考地区截至{cutoff}共有{n}处来源冲突,均按 data/README.md "
                  "的规则选取一个数值,见下表。",
                  "{region} and its reference regions have {n} conflicts between sources up "
                  "to {cutoff}; each is resolved by the rule in data/README.md (table below)."),
    "no_conflicts": ("{region}及参考地区无来源冲突。",
                     "{region} and its reference regions have no conflicts between sources."),
    "coverage_h": ("## 现有数据", "## What exists"),
    "reference_h": ("## 参考地区的最新数据", "## Latest figures of the reference regions"),
    "targets_h": ("## {year}年目标及来源", "## {year} targets and their sources"),
    "sources_h": ("## 数据来源", "## Sources"),
    "conflicts_h": ("## 来源冲突", "## Conflicts between sources"),
    "ind_title": ("# {region} · {name} · {year}年", "# {region} · {name} · {year}"),
    "ind_sub": ("数据截至{cutoff} · {basis}", "Data up to {cutoff} · {basis}"),
    "real": ("按不变价计算的实际增速", "real growth (constant prices)"),
    "nominal": ("按现价计算的名义增速", "nominal growth (current prices)"),
    "none": ("增速", "growth"),
    "latest_own": ("截至{period},{region}{name}累计增长{value:+.1f}%。",
                   "Up to {period}, {region}'s {name} grew {value:+.1f}% year on year."),
    "latest_last_year": ("{region}本年尚无该指标数据,最近一年({period})增长{value:+.1f}%。",
                         "{region} has no figures for this year yet; its latest full year "
                         "({period}) grew {value:+.1f}%."),
    "latest_other": ("{region}本年尚无该指标数据;预测所依据的最新数据是{other}{period}"
                     "累计增长{value:+.1f}%。",
                     "{region} has no figures for this year yet; the latest figure the "
                     "projection uses is {other}'s {value:+.1f}% for {period}."),
    "latest_none": ("{region}无该指标数据。", "There are no figures for {region}."),
    "projection": ("预计全年增长{median:.1f}%,80%区间为{p10:.1f}%至{p90:.1f}%"
                   "(95%区间{p025:.1f}%至{p975:.1f}%)。",
                   "The full year is projected at {median:+.1f}%, with an 80% interval of "
                   "{p10:+.1f}% to {p90:+.1f}% (95%: {p025:+.1f}% to {p975:+.1f}%)."),
    "no_projection": ("目前无法作出预测。", "No projection can be made yet."),
    "target": ("目标为“{label}”({rule}),达标概率{p},状态:**{status}**。",
               "The target is {label} ({rule}); the probability of meeting it is {p}: "
               "**{status}**."),
    "no_target": ("本年未设该指标的增速目标。", "The report sets no growth target for it."),
    "required": ("余下时期需增长{need:+.1f}%才能达到目标值,增长{need_rule:+.1f}%即可达标。",
                 "The rest of the year needs {need:+.1f}% to reach the target value, "
                 "{need_rule:+.1f}% to meet it."),
    "required_one": ("余下时期需增长{need:+.1f}%才能达标。",
                     "The rest of the year needs {need:+.1f}% to meet the target."),
    "required_published": ("全年数据已公布,无需推算余下时期。",
                           "The full year is published: nothing is left to need."),
    "required_unknown": ("余下时期所需增速无法计算:需要{region}本年的累计数据及上年同期基数"
                         "(可将统计月报数据放入 data/local/)。",
                         "What the rest of the year needs cannot be computed without "
                         "{region}'s own figures for this year and last year's base (add "
                         "the bureau's monthly figures to data/local/)."),
    "level": ("总量目标{target:g}{unit}:截至{period}已完成{done:g}{unit},占目标{share_done:.0%},"
              "按往年进度此时应完成{share_expected:.0%},{ahead}{gap:.1f}个百分点;余下时期需完成"
              "{rest:g}{unit}。",
              "Level target {target:g} {unit}: {done:g} {unit} done up to {period}, "
              "{share_done:.0%} of it, against {share_expected:.0%} usually done by then "
              "({gap:.1f} points {ahead}); the rest of the year needs {rest:g} {unit}."),
    "ahead": ("领先", "ahead"),
    "behind": ("落后", "behind"),
    "history_h": ("## 历年增速与目标", "## Growth and targets by year"),
    "projection_h": ("## 全年预测", "## The full-year projection"),
    "ytd_h": ("### 本年累计数据", "### This year's figures so far"),
    "basis_h": ("## 依据与规则", "## Basis and rules"),
    "basis": ("**依据**:{basis}", "**Basis**: {basis}"),
    "method": ("方法 {method} · 使用{n}个数据点", "method {method} · {n} figures used"),
    "notes": ("**说明**:{notes}", "**Notes**: {notes}"),
    "met_rule": ("**达标规则**:{rule}", "**Met when**: {rule}"),
    "status_rule": ("**状态规则**:{rule}", "**Status**: {rule}"),
    "dash_title": ("# {region}{year}年主要指标目标达成预测", "# {region} {year}: will the targets "
                   "be met?"),
    "dash_sub": ("数据截至{cutoff}", "Data up to {cutoff}"),
    "dash_counts": ("{n}项主要指标中,{parts}。", "Of the {n} headline indicators, {parts}."),
    "dash_part": ("{n}项{status}", "{n} {status}"),
    "dash_best": ("达标概率最高的是{best}({p_best:.0%}),最低的是{worst}({p_worst:.0%})。",
                  "The most likely to be met is {best} ({p_best:.0%}); the least likely is "
                  "{worst} ({p_worst:.0%})."),
    "dash_borrowed": ("其中{n}项{region}本年尚无数据,借用上级地区的数据推算,区间相应放宽。",
                      "{n} of them have no {region} figures this year and borrow from "
                      "reference regions, with wider intervals."),
    "dash_table_h": ("## 总览", "## At a glance"),
    "dash_chart_h": ("## 各指标预测与目标", "## Each indicator against its target"),
    "dash_basis_h": ("## 各指标依据", "## Basis of each projection"),
    "col_region": ("地区", "Region"),
    "col_period": ("时期", "Period"),
    "col_kept": ("采用值", "Kept"),
    "col_others": ("其他值", "Other values"),
    "col_reason": ("原因", "Reason"),
    "col_growth": ("累计增速(%)", "YTD growth (%)"),
    "col_year": ("年份", "Year"),
    "col_target": ("{region}目标(%)", "{region} target (%)"),
    "col_periods": ("时期范围", "Periods"),
    "tr_title": ("# 历史检验:预测与实际的差距", "# Track record: projections against outcomes"),
    "tr_sub": ("回放{n}个历史案例(每个已知全年数据的年份,在年初及每个已公布月份各预测一次,"
               "只用截至当时的数据)·默认设置由此检验选定",
               "{n} past cases replayed (every year with a known outcome, projected in the "
               "December before and at every published month, with the data as it stood) · "
               "the defaults are the ones this backtest chose"),
    "tr_text": ("以1-9月数据预测全年,{indicators}项指标中本系统的平均绝对误差均低于“沿用累计增速”"
                "({better}/{indicators});全部案例中80%区间覆盖了{cov80:.0%}的实际值,95%区间覆盖了"
                "{cov95:.0%}。{region}{own}",
                "With figures through September, the default's mean absolute error is below "
                "carrying the year-to-date growth forward for {better} of {indicators} "
                "indicators; over all cases its 80% intervals held {cov80:.0%} of outcomes and "
                "its 95% intervals {cov95:.0%}. {region}{own}"),
    "tr_own": ("本身有{n}个可回放的案例。", " has {n} cases of its own to replay."),
    "tr_own_none": ("本身尚无可回放的案例(缺少全年数据),其预测借用上级地区,误差以上级为参照。",
                    " has no case of its own to replay (no full years): its projections "
                    "borrow, and the errors above are its reference regions'."),
    "tr_table_h": ("## 9月及上年12月的预测误差", "## Errors in September and the December before"),
    "tr_chart_h": ("## 按数据截至月份", "## By cut-off month"),
    "tr_losses_h": ("## 仍不及简单基准之处", "## Where the default still loses to a baseline"),
    "tr_rerun": ("重新运行:`python -m benchmarks.accuracy`(结果写入 benchmarks/results/)。",
                 "Re-run: `python -m benchmarks.accuracy` (tables in benchmarks/results/)."),
    "col_cutoff": ("数据截至", "Cut-off"),
    "col_cases": ("案例数", "Cases"),
    "col_mae": ("本系统误差", "MAE default"),
    "col_baseline": ("基准", "Baseline"),
    "col_baseline_mae": ("基准误差", "MAE baseline"),
    "col_cov80": ("80%区间覆盖率", "80% interval covers"),
    "sep": ("1-9月", "September"),
    "before": ("上年12月", "December before"),
    "base_carry_forward": ("沿用累计增速", "carry forward"),
    "base_last_year": ("沿用上年增速", "last year's growth"),
    "base_target": ("政府目标", "the target"),
    "col_where": ("指标与时点", "Indicator and cut-off"),
    "col_loses_to": ("不及", "Loses to"),
    "col_indicators": ("指标", "Indicators"),
}
REASONS_ZH = [
    (re.compile(r"^your own file beats the shipped data$"), "本地自有数据优先于随附数据"),
    (re.compile(r"^vintage (\w+) beats (\w+)$"), r"较新版本优先(\1 优于 \2)"),
    (re.compile(r"^the more precise figure wins$"), "更精确的数值优先"),
    (re.compile(r"^same vintage and precision: the earlier row wins$"),
     "版本与精度相同,取先出现的一行"),
]


def text(key: str, lang: str, **values: Any) -> str:
    """A phrase as plain text: table headers and cells (escaped when the table is drawn)."""
    zh, en = TEXT[key]
    return (zh if lang == "zh" else en).format(**values)


class Markdown(str):
    """Text safe to display as Markdown: a template, or data escaped by _escape."""


def markdown(key: str, lang: str, **values: Any) -> Markdown:
    """A phrase as Markdown: every string put into the template is escaped, unless it is
    Markdown already. Names, sources and bases come from data files, which anyone can
    edit; on the page they must read as typed, never as markup or a link."""
    safe = {k: _escape(v) if isinstance(v, str) and not isinstance(v, Markdown) else v
            for k, v in values.items()}
    return Markdown(text(key, lang, **safe))


# --- parameters --------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameters:
    """A page's parameters once checked: codes known, cut-off resolved, data loaded."""

    region: str
    year: int
    cutoff: Period
    lang: str
    data: Dataset = field(repr=False)
    view: Dataset = field(repr=False)  # the data as it stood at the cut-off
    indicator: str | None = None


def check_parameters(*, region: Any, year: Any, as_of: Any = None, lang: Any = "zh",
                     data_dir: Any = None, observations: Any = (), indicator: Any = None,
                     data: Dataset | None = None) -> Parameters:
    """Check a page's parameters before anything is computed; raise UsageError naming the
    parameter and what is wrong. Parameters are values only: a string is compared with the
    catalogue, never executed. ``data`` skips loading when the caller has it already."""
    _check_type("region", region, str)
    _check_type("year", year, int)
    if not 1949 <= year <= 2100:
        raise UsageError(f"year: {year!r} is not a year like 2025")
    _check_type("lang", lang, str)
    if lang not in LANGS:
        raise UsageError(f"lang: unknown language {lang!r}; use zh or en")
    if as_of is not None and not isinstance(as_of, str | Period):
        raise UsageError(f"as_of: expected a period like '2025-09' or None, not "
                         f"{type(as_of).__name__}")
    if indicator is not None:
        _check_type("indicator", indicator, str)
    cut = None
    if as_of is not None:
        try:
            cut = as_of if isinstance(as_of, Period) else Period.parse(as_of)
        except ValueError as exc:
            raise UsageError(f"as_of: {exc}") from None
        if not year - 1 <= cut.year <= year + 1:
            raise UsageError(f"as_of: a cut-off for {year} lies between {year - 1} and "
                             f"{year + 1}, not {cut}")
    if data is None:
        data = load(_data_dir(data_dir), _observation_files(observations))
    data.catalog.region(region)
    if indicator is not None:
        data.catalog.indicator(indicator)
    if cut is None:
        from xyforecast.engine.projection import default_cutoff

        try:
            cut = default_cutoff(data, year)
        except ValueError:
            raise UsageError(f"year: there are no figures before {year}") from None
    return Parameters(region, year, cut, lang, data, data.as_of(cut), indicator)


def _check_type(name: str, value: Any, kind: type) -> None:
    if not isinstance(value, kind) or isinstance(value, bool):
        raise UsageError(f"{name}: expected {kind.__name__}, not {type(value).__name__} "
                         f"({value!r})")


def _data_dir(value: Any) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str | os.PathLike):
        raise UsageError(f"data_dir: expected a folder path or None, not {type(value).__name__}")
    path = Path(value)
    if not (path / "regions.csv").is_file():
        raise UsageError(f"data_dir: {path} is not a data folder (no regions.csv in it)")
    return path


def _observation_files(value: Any) -> list[Path]:
    if isinstance(value, str | os.PathLike) or not isinstance(value, list | tuple):
        raise UsageError("observations: expected a list of file paths, e.g. "
                         "['/data/xingyang-2025.xlsx']")
    files = []
    for item in value:
        if not isinstance(item, str | os.PathLike):
            raise UsageError(f"observations: {item!r} is not a file path")
        if not Path(item).is_file():
            raise UsageError(f"observations: {item} does not exist")
        files.append(Path(item))
    return files


# --- shared pieces -----------------------------------------------------------------------


def region_name(params: Parameters, code: str | None = None) -> str:
    return params.data.catalog.region(code or params.region).name(params.lang)


def indicator_name(params: Parameters, code: str) -> str:
    return params.data.catalog.indicator(code).name(params.lang)


def year_to_date(params: Parameters, projection: Projection):
    """This year's year-to-date path behind a projection: the region's own figures, else
    those of the reference region whose latest figure the projection used."""
    from xyforecast.outputs.plots import YearToDate

    view, year, indicator = params.view, projection.year, projection.indicator
    own = view.year_to_date(params.region, indicator, year)
    latest = projection.latest or {}
    code = params.region
    if own.empty and str(latest.get("period", "")).startswith(f"{year}-"):
        code = latest["region"]
    return YearToDate(region_name(params, code), view.year_to_date(code, indicator, year))


# emphasis, code, links and images, headings, tables, strikethrough, math; and the colon of
# "://", so that no URL turns into a link
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#|~$!]|:(?=//))")
MARKDOWN_ESCAPED = re.compile(r"\\([\\`*_\[\]{}#|~$!:])")


def _escape(value: object) -> Markdown:
    """A data string as Markdown showing exactly that text: HTML escaped (Markdown passes
    it through), Markdown's own punctuation backslash-escaped, lines joined (no headings)."""
    if isinstance(value, Markdown):
        return value
    plain = html.escape(" ".join(str(value).split()), quote=False)
    return Markdown(MARKDOWN_SPECIAL.sub(r"\\\1", plain))


def _plain(markdown: str) -> str:
    """The text a reader sees, for the plain-text twin of a Markdown output."""
    return html.unescape(MARKDOWN_ESCAPED.sub(r"\1", markdown))


def _fmt(value: float | None, digits: int = 1) -> str:
    """Rounded for reading; first to two decimals as in summary.json, so that a page and
    the dashboard table never differ in the last digit."""
    if value is None or math.isnan(value):
        return "—"
    return f"{round(float(value), 2 if digits < 2 else 3):.{digits}f}"


def _join(names: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(names)


def _period_label(period: str, lang: str) -> str:
    return Period.parse(period).label(lang)


# --- the data page -----------------------------------------------------------------------


class DataPage:
    """What exists for a region and its reference regions, where it comes from, and which
    sources disagree."""

    def __init__(self, params: Parameters):
        self.params = params
        self.lang = params.lang
        self.chain = [r.code for r in params.data.catalog.chain(params.region)]

    def heading(self) -> str:
        p, view = self.params, self.params.view
        user = int((view.observations["origin"] == "user").sum())
        return (markdown("data_title", self.lang, region=region_name(p)) + "\n\n"
                + markdown("data_sub", self.lang, cutoff=p.cutoff.label(self.lang),
                           files=len(view.files), sha=view.sha256[:12], user=user))

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
        parts = []
        if own_latest is None:
            parts.append(markdown("own_none", lang, region=name))
        else:
            parts.append(markdown("own_rows", lang, region=name, rows=len(self._own),
                                  indicators=self._own["indicator"].nunique(),
                                  latest=own_latest.label(lang)))
        this_year = p.view.latest(p.region, p.year)
        if this_year is not None:
            parts.append(markdown("this_year", lang, year=p.year, latest=this_year.label(lang)))
        elif len(self.chain) > 1:
            chain = _join([region_name(p, c) for c in self.chain[1:]], lang)
            parts.append(markdown("borrow", lang, year=p.year, chain=chain))
        key = "conflicts" if self._conflicts else "no_conflicts"
        parts.append(markdown(key, lang, region=name, cutoff=p.cutoff.label(lang),
                              n=len(self._conflicts)))
        return "".join(parts) if lang == "zh" else " ".join(parts)

    def section(self, key: str) -> str:
        return markdown(f"{key}_h", self.lang, year=self.params.year)

    def coverage(self) -> pd.DataFrame:
        return coverage(self.params.view, self.params.region, self.lang)

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
                    f"{series.index[-1]}: {series.iloc[-1]:+.1f}%" if len(series) else "—")
            rows.append(row)
        return pd.DataFrame(rows)

    def targets(self) -> pd.DataFrame:
        return targets_table(self.params.view, self.params.region, self.params.year, self.lang)

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
                         text("col_indicators", lang): _join(names, lang),
                         text("col_periods", lang): periods[0] if len(set(periods)) == 1
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
            decimals = int(c.kept["decimals"])
            rows.append({
                text("col_region", lang): region_name(p, region),
                label("indicator", lang): indicator_name(p, indicator),
                text("col_period", lang): period,
                label("measure", lang): label(measure, lang) + (f" ({territory})"
                                                                if territory else ""),
                text("col_kept", lang): f"{c.kept['value']:.{decimals}f}",
                text("col_others", lang): ", ".join(
                    f"{o['value']:.{int(o['decimals'])}f}" for o in c.others),
                text("col_reason", lang): _reason(c.reason, lang),
            })
        return pd.DataFrame(rows)

    def key_figures(self) -> str:
        """The page's numbers, rounded, for nbval to compare."""
        p = self.params
        return (f"region={p.region} year={p.year} cutoff={p.cutoff} "
                f"own_rows={len(self._own)} own_latest={p.view.latest(p.region) or '-'} "
                f"reference_conflicts={len(self._conflicts)} "
                f"targets={len(self.targets())}")


def _reason(reason: str, lang: str) -> str:
    if lang != "zh":
        return reason
    for pattern, replacement in REASONS_ZH:
        if pattern.match(reason):
            return pattern.sub(replacement, reason)
    return reason


# --- the indicator page ------------------------------------------------------------------


class IndicatorPage:
    """One indicator: history and targets, this year so far, the projection against the
    target, what the rest of the year needs, and the basis."""

    def __init__(self, params: Parameters):
        from xyforecast.engine.projection import project

        if params.indicator is None:
            raise UsageError("indicator: the indicator page needs an indicator code, e.g. 'gdp'")
        self.params = params
        self.lang = params.lang
        self.indicator = params.data.catalog.indicator(params.indicator)
        self.projection = project(params.data, params.region, params.indicator, params.year,
                                  params.cutoff)
        self.chain = [r.code for r in params.data.catalog.chain(params.region)]

    @property
    def status(self) -> str:
        from xyforecast.outputs.summary import status

        p = self.projection
        return status(p.p_meet) if p.target is not None else "no_target"

    def heading(self) -> str:
        p, lang = self.params, self.lang
        return (markdown("ind_title", lang, region=region_name(p), name=self.indicator.name(lang),
                         year=p.year) + "\n\n"
                + markdown("ind_sub", lang, cutoff=p.cutoff.label(lang),
                           basis=markdown(self.indicator.price_basis, lang)))

    def section(self, key: str) -> str:
        return markdown(f"{key}_h", self.lang)

    def text(self) -> str:
        """The page's paragraph: latest figure, projection, target and chance, the need."""
        lang, proj = self.lang, self.projection
        parts = [self._latest_sentence()]
        if proj.known:
            rounded = {k: round(float(v), 2) for k, v in proj.quantiles.items()}
            parts.append(markdown("projection", lang, **rounded))
        else:
            parts.append(markdown("no_projection", lang))
        if proj.target is None:
            parts.append(markdown("no_target", lang))
        else:
            chance = "—" if proj.p_meet is None else f"{proj.p_meet:.0%}"
            parts.append(markdown("target", lang, label=proj.target.label(lang),
                                  rule=proj.target.rule(lang), p=chance,
                                  status=STATUS_LABELS[self.status][0 if lang == "zh" else 1]))
            parts.append(self._required_sentence())
        level = proj.extra.get("level_target")
        if level:
            parts.append(self._level_sentence(level))
        return ("" if lang == "zh" else " ").join(parts)

    def _latest_sentence(self) -> str:
        p, lang, latest = self.params, self.lang, self.projection.latest
        name = region_name(p)
        if not latest:
            return markdown("latest_none", lang, region=name)
        period = _period_label(latest["period"], lang)
        values = dict(region=name, name=self.indicator.name(lang), period=period,
                      value=latest["growth_pct"], other=region_name(p, latest["region"]))
        if latest["region"] != p.region:
            return markdown("latest_other", lang, **values)
        if not str(latest["period"]).startswith(f"{p.year}"):
            return markdown("latest_last_year", lang, **values)
        return markdown("latest_own", lang, **values)

    def _required_sentence(self) -> str:
        proj, lang = self.projection, self.lang
        if proj.method == "published":
            return markdown("required_published", lang)
        if proj.required_rest_growth_pct is None:
            return markdown("required_unknown", lang, region=region_name(self.params))
        need, need_rule = proj.required_rest_growth_pct, proj.required_rest_growth_pct_rule
        if need_rule is None or round(need_rule, 1) == round(need, 1):
            return markdown("required_one", lang, need=need)
        return markdown("required", lang, need=need, need_rule=need_rule)

    def _level_sentence(self, level: dict) -> str:
        lang = self.lang
        ahead = level["ahead_pp"] >= 0
        return markdown("level", lang, target=level["target"], unit=self.indicator.unit,
                        period=_period_label(level["period"], lang), done=level["done"],
                        share_done=level["share_done"], share_expected=level["share_expected"],
                        ahead=markdown("ahead" if ahead else "behind", lang),
                        gap=abs(level["ahead_pp"]), rest=round(level["required_rest"], 1))

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
        frame = pd.DataFrame(columns)
        return frame.sort_index()

    @cached_property
    def _targets(self) -> pd.Series:
        p = self.params
        t = p.view.targets
        rows = t[(t["region"] == p.region) & (t["indicator"] == self.indicator.code)
                 & (t["measure"] == "target_growth_pct") & (t["year"] >= p.year - HISTORY_YEARS)]
        return pd.Series(rows["value"].to_numpy(), index=rows["year"].to_numpy(),
                         dtype=float).sort_index()

    def history_table(self) -> pd.DataFrame:
        """The last ten years of full-year growth, with the region's targets."""
        p, lang = self.params, self.lang
        targets = self._targets.rename(text("col_target", lang, region=region_name(p)))
        frame = self._history.join(targets, how="outer").sort_index()
        frame = frame[frame.index >= p.year - 10].round(1)
        frame.index.name = text("col_year", lang)
        return frame.reset_index()

    def history_chart(self):
        from xyforecast.outputs.plots import history_chart

        p = self.params
        return history_chart(self._history, self._targets, self.projection,
                             self.indicator.name(self.lang), region_name(p), self.lang)

    @cached_property
    def _path(self):
        return year_to_date(self.params, self.projection)

    def ytd_table(self) -> pd.DataFrame:
        """This year's year-to-date figures the fan starts from."""
        lang, path = self.lang, self._path
        return pd.DataFrame({
            text("col_period", lang): [Period(self.params.year, m).label(lang)
                                       for m in path.months.index],
            text("col_region", lang): [path.region_name] * len(path.months),
            text("col_growth", lang): path.months.round(1).to_numpy()})

    def fan_chart(self):
        from xyforecast.outputs.plots import fan_chart

        return fan_chart(self.projection, self._path, self.indicator.name(self.lang),
                         self.lang)

    def basis(self) -> str:
        from xyforecast.outputs.summary import MET_RULE, STATUS_RULE

        lang, proj = self.lang, self.projection
        lines = [markdown("basis", lang, basis=render(proj.basis, lang)),
                 markdown("method", lang, method=method_label(proj.method, lang), n=proj.n_obs)]
        if proj.notes:
            lines.append(markdown("notes", lang, notes="; ".join(render(n, lang)
                                                                 for n in proj.notes)))
        lines.append(markdown("met_rule", lang, rule=MET_RULE[lang]))
        lines.append(markdown("status_rule", lang, rule=STATUS_RULE[lang]))
        return "\n\n".join(lines)

    def key_figures(self) -> str:
        """The page's numbers, rounded, for nbval to compare."""
        proj = self.projection
        q = proj.quantiles
        latest = proj.latest or {}
        growth = latest.get("growth_pct")
        return (f"{self.indicator.code} method={proj.method} median={_fmt(q['median'])} "
                f"p10={_fmt(q['p10'])} p90={_fmt(q['p90'])} p025={_fmt(q['p025'])} "
                f"p975={_fmt(q['p975'])} p_meet={_fmt(proj.p_meet, 2)} "
                f"required={_fmt(proj.required_rest_growth_pct)} status={self.status} "
                f"latest={latest.get('period', '-')}:{latest.get('region', '-')}:"
                f"{_fmt(growth)}")


# --- the dashboard -----------------------------------------------------------------------


class Dashboard:
    """The five headline indicators on one page: table, small charts, status by rule."""

    def __init__(self, params: Parameters):
        from xyforecast.engine.projection import project_all
        from xyforecast.outputs.summary import build_summary

        self.params = params
        self.lang = params.lang
        self.projections = project_all(params.data, params.region, params.year, params.cutoff)
        self.summary = build_summary(params.data, params.region, params.year, params.cutoff,
                                     projections=self.projections)

    def heading(self) -> str:
        p, lang = self.params, self.lang
        return (markdown("dash_title", lang, region=region_name(p), year=p.year) + "\n\n"
                + markdown("dash_sub", lang, cutoff=p.cutoff.label(lang)))

    def section(self, key: str) -> str:
        return markdown(f"dash_{key}_h", self.lang)

    def text(self) -> str:
        lang, items = self.lang, self.summary["indicators"]
        name = "name_zh" if lang == "zh" else "name_en"
        order = ["on_track", "at_risk", "off_track", "unknown", "no_target"]
        counts = {s: sum(1 for i in items if i["status"] == s) for s in order}
        parts = [markdown("dash_part", lang, n=n,
                          status=STATUS_LABELS[s][0 if lang == "zh" else 1])
                 for s, n in counts.items() if n or s in order[:3]]
        sentences = [markdown("dash_counts", lang, n=len(items),
                              parts=Markdown(("," if lang == "zh" else ", ").join(parts)))]
        known = [i for i in items if i["p_meet_target"] is not None]
        if len(known) >= 2:
            best = max(known, key=lambda i: i["p_meet_target"])
            worst = min(known, key=lambda i: i["p_meet_target"])
            sentences.append(markdown("dash_best", lang, best=best[name], worst=worst[name],
                                      p_best=best["p_meet_target"],
                                      p_worst=worst["p_meet_target"]))
        borrowed = [i for i in items if i["method"] == "borrowed"]
        if borrowed:
            sentences.append(markdown("dash_borrowed", lang, n=len(borrowed),
                                      region=region_name(self.params)))
        return ("" if lang == "zh" else " ").join(sentences)

    def table(self) -> pd.DataFrame:
        return forecast_table(self.summary, self.lang)

    def chart(self):
        from xyforecast.outputs.plots import dashboard_chart

        p = self.params
        paths = [year_to_date(p, proj) for proj in self.projections]
        names = [indicator_name(p, proj.indicator) for proj in self.projections]
        return dashboard_chart(self.projections, paths, names, region_name(p), self.lang)

    def bases(self) -> str:
        from xyforecast.outputs.summary import MET_RULE, STATUS_RULE

        lang = self.lang
        key = "basis_zh" if lang == "zh" else "basis"
        name = "name_zh" if lang == "zh" else "name_en"
        lines = [f"{n}. **{_escape(i[name])}**:{_escape(i[key])}" if lang == "zh"
                 else f"{n}. **{_escape(i[name])}**: {_escape(i[key])}"
                 for n, i in enumerate(self.summary["indicators"], start=1)]
        lines.append("")
        lines.append(markdown("met_rule", lang, rule=MET_RULE[lang]))
        lines.append("")
        lines.append(markdown("status_rule", lang, rule=STATUS_RULE[lang]))
        return "\n".join(lines)

    def key_figures(self) -> str:
        """One rounded line per indicator, for nbval to compare."""
        lines = []
        for i in self.summary["indicators"]:
            proj = i["projection"] or {}
            lines.append(f"{i['indicator']} median={_fmt(proj.get('median'))} "
                         f"p10={_fmt(proj.get('p10'))} p90={_fmt(proj.get('p90'))} "
                         f"p_meet={_fmt(i['p_meet_target'], 2)} "
                         f"required={_fmt(i['required_rest_growth_pct'])} "
                         f"status={i['status']}")
        return "\n".join(lines)


# --- the track record --------------------------------------------------------------------


class TrackRecord:
    """How past projections fared: the committed backtest, by indicator and cut-off month."""

    def __init__(self, params: Parameters):
        from xyforecast.evaluation import backtest, track_record

        self.params = params
        self.lang = params.lang
        self.rows = backtest.published_rows()
        self.tables = track_record.tables(self.rows)
        self._losses = track_record.losses(self.rows)

    def heading(self) -> str:
        n = self.rows[["region", "indicator", "year", "month"]].drop_duplicates().shape[0]
        return markdown("tr_title", self.lang) + "\n\n" + markdown("tr_sub", self.lang, n=n)

    def section(self, key: str) -> str:
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
                        cov80=inside80, cov95=inside95, region=region_name(self.params), own=own)

    def table(self) -> pd.DataFrame:
        lang, rows = self.lang, []
        for name, baseline, cut in (("september", "carry_forward", "sep"),
                                    ("before_the_year", "last_year", "before")):
            table = self.tables[name].set_index(["indicator", "method"])
            for indicator in sorted({i for i, _ in table.index}):
                mine, base = table.loc[(indicator, "default")], table.loc[(indicator, baseline)]
                rows.append({
                    label("indicator", lang): indicator_name(self.params, indicator),
                    text("col_cutoff", lang): text(cut, lang),
                    text("col_cases", lang): int(mine["n"]),
                    text("col_mae", lang): _fmt(mine["mae"], 2),
                    text("col_baseline", lang): text(f"base_{baseline}", lang),
                    text("col_baseline_mae", lang): _fmt(base["mae"], 2),
                    text("col_cov80", lang): f"{mine['coverage80']:.0%}",
                })
        return pd.DataFrame(rows)

    def chart(self):
        from xyforecast.outputs.plots import track_record_chart

        return track_record_chart(self.tables["by_month"], self.lang)

    def losses(self) -> pd.DataFrame:
        lang, rows = self.lang, []
        for r in self._losses.itertuples():
            when = text("before", lang) if r.month == 0 else (
                f"1-{r.month}月" if lang == "zh" else f"month {r.month}")
            rows.append({
                label("indicator", lang): indicator_name(self.params, r.indicator),
                text("col_cutoff", lang): when,
                text("col_cases", lang): r.n,
                text("col_mae", lang): _fmt(r.mae_default, 2),
                text("col_loses_to", lang): text(f"base_{r.baseline}", lang),
                text("col_baseline_mae", lang): _fmt(r.mae_baseline, 2),
            })
        return pd.DataFrame(rows)

    def rerun(self) -> str:
        return markdown("tr_rerun", self.lang)

    def key_figures(self) -> str:
        """The headline numbers, rounded, for nbval to compare."""
        sep = self.tables["september"]
        mine = sep[sep["method"] == "default"]
        return "\n".join(f"{r.indicator} september n={r.n:.0f} mae={_fmt(r.mae, 2)} "
                          f"coverage80={_fmt(r.coverage80, 2)}" for r in mine.itertuples())


# --- display -----------------------------------------------------------------------------


# JupyterLab right-aligns every table cell; words read better from the left
TABLE_STYLE = ("<style>.xy-table th, .xy-table td {text-align: left !important;}"
               "</style>\n")


def _is_figure(item: object) -> bool:
    """Without importing matplotlib (a quarter second) on pages that draw nothing."""
    figure = sys.modules.get("matplotlib.figure")
    return figure is not None and isinstance(item, figure.Figure)


def show(*items: object) -> None:
    """Display text as Markdown, a table as HTML without its index, a chart as a PNG: each
    with a plain-text twin, so nothing like ``<Figure at 0x…>`` is ever stored."""
    from IPython.display import display

    for item in items:
        display(_bundle(item), raw=True)


def _bundle(item: object) -> dict[str, Any]:
    if isinstance(item, str):
        return {"text/markdown": item, "text/plain": _plain(item)}
    if isinstance(item, pd.DataFrame):
        if item.empty:
            return {"text/markdown": "—", "text/plain": "—"}
        table = item.to_html(index=False, border=0, classes="xy-table", na_rep="—",
                             escape=True)
        return {"text/html": TABLE_STYLE + table, "text/plain": to_text(item, max_width=80)}
    if _is_figure(item):
        import base64

        from xyforecast.outputs.plots import to_png

        png = base64.b64encode(to_png(item)).decode("ascii")
        title = " / ".join(ax.get_title(loc="left") for ax in item.axes
                           if ax.get_title(loc="left"))
        return {"image/png": png, "text/plain": f"[chart] {title}".strip()}
    return {"text/plain": str(item)}
