"""Tables a person reads: the headline indicators, coverage of the data, the targets.

They are plain DataFrames with translated headers, so the command line prints them, the
notebooks display them and the render writes them to Excel without any of them caring how.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from xyforecast.engine.targets import targets_for
from xyforecast.i18n import Pair, label, render, t
from xyforecast.inputs.dataset import Dataset
from xyforecast.outputs import numbers
from xyforecast.periods import Period

if TYPE_CHECKING:
    from xyforecast.forecast import Forecast

MEASURES = ("growth_pct", "level", "month_growth_pct")


def coverage(data: Dataset, region: str, lang: str = "zh", codes: bool = True) -> pd.DataFrame:
    """Per indicator and measure: which full years and year-to-date months exist (with the
    indicators' codes for the command line, ``codes=False`` on a page people read)."""
    data.catalog.region(region)
    obs = data.observations[data.observations["region"] == region]
    figs = data.figures[data.figures["region"] == region]
    conflicts = [c for c in data.conflicts if c.key[0] == region]
    rows = []
    for indicator in data.catalog.indicators.values():
        for measure in MEASURES:
            f = figs[(figs["indicator"] == indicator.code) & (figs["measure"] == measure)]
            if f.empty:
                continue
            o = obs[(obs["indicator"] == indicator.code) & (obs["measure"] == measure)]
            full = f[f["month"] == 12]["year"] if measure != "month_growth_pct" else []
            partial = f if measure == "month_growth_pct" else f[f["month"] < 12]
            rows.append({
                label("indicator", lang): _named(indicator, lang, codes),
                label("measure", lang): label(measure, lang),
                label("annual", lang): year_ranges(sorted(set(full))),
                label("ytd", lang): months_by_year(partial, lang=lang),
                label("rows", lang): len(o),
                label("sources", lang): o["source"].nunique(),
                label("conflicts", lang): sum(
                    1 for c in conflicts if c.key[1] == indicator.code and c.key[3] == measure),
            })
    return pd.DataFrame(rows)


def targets_table(data: Dataset, region: str, year: int, lang: str = "zh",
                  codes: bool = True) -> pd.DataFrame:
    """The year's targets, each cited to the government work report that set it, with the
    copy it was read from (the report's text in data/sources/ where it is kept, else the
    web page that reprints it)."""
    data.catalog.region(region)
    report = work_report(data, region, year, lang)
    text = work_report_text(data, region, year)
    rows = []
    for target in targets_for(data, region, year):
        indicator = data.catalog.indicator(target.indicator)
        copy = (t("report.source_text", lang, path=text) if text else
                t("report.source_mirror", lang, url=target.source))
        rows.append({
            label("indicator", lang): _named(indicator, lang, codes),
            label("target", lang): target.label(lang),
            label("rule", lang): target.rule(lang),
            label("source", lang): report,
            t("report.col_copy", lang): copy,
        })
    return pd.DataFrame(rows)


def work_report(data: Dataset, region: str, year: int, lang: str = "zh") -> str:
    """荥阳市2025年政府工作报告: where a region's targets of a year are set."""
    return t("report.work_report", lang, region=data.catalog.region(region).name(lang),
             year=year)


def work_report_text(data: Dataset, region: str, year: int) -> str | None:
    """The report's own text kept with the data (data/sources/), if it is."""
    name = f"{region}_{year}_government_work_report.txt"
    if data.data_dir is not None and (data.data_dir / "sources" / name).is_file():
        return f"data/sources/{name}"
    return None


def _named(indicator, lang: str, codes: bool) -> str:
    name = indicator.name(lang)
    return f"{name} ({indicator.code})" if codes else name


def year_ranges(years: list[int]) -> str:
    """[2003, 2004, 2005, 2009] -> '2003-2005, 2009'."""
    return _ranges(years, ", ") or "—"


def months_by_year(frame: pd.DataFrame, most: int = 3, lang: str = "zh") -> str:
    """'2025: 3,6,9; 2024: 2-4,6' for the latest years, then how many earlier years."""
    if frame.empty:
        return "—"
    years = sorted(frame["year"].unique(), reverse=True)
    parts = [f"{y}: {_ranges(sorted(frame[frame['year'] == y]['month']), ',')}"
             for y in years[:most]]
    if len(years) > most:
        parts.append(t("report.earlier_years", lang, n=len(years) - most, first=min(years)))
    return "; ".join(parts)


def _ranges(values: list[int], sep: str) -> str:
    out: list[str] = []
    start = prev = None
    for v in [*values, None]:
        if prev is not None and v == prev + 1:
            prev = v
            continue
        if start is not None:
            out.append(f"{start}" if start == prev else f"{start}-{prev}")
        start = prev = v
    return sep.join(out)


def width(text: str) -> int:
    """Terminal width: CJK characters take two cells."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def to_text(frame: pd.DataFrame, max_width: int = 60) -> str:
    """A fixed-width table that lines up Chinese and English alike."""
    if frame.empty:
        return "(none)"
    cells = [[_clip(str(c), max_width) for c in frame.columns]]
    cells += [[_clip("" if pd.isna(v) else str(v), max_width) for v in row]
              for row in frame.itertuples(index=False)]
    widths = [max(width(r[i]) for r in cells) for i in range(len(cells[0]))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _clip(text: str, limit: int) -> str:
    if width(text) <= limit:
        return text
    while width(text) > limit - 1:
        text = text[:-1]
    return text + "…"


def status_label(status: str, lang: str = "zh") -> str:
    """on_track -> 有望完成 / on track (the bureau's words: ``i18n/labels.py``)."""
    return label(f"status_{status}", lang)


@dataclass(frozen=True)
class Ranked:
    """One region's row in a ranking across its group, as the peers page and the group
    index both show it (one from the Forecast, the other from the members' summary.json)."""

    rank: int | None
    name: str
    value: float | None  # its own latest growth for the period compared
    gap: float | None  # to the parent's figure for that period
    median: float | None
    p10: float | None
    p90: float | None
    target: str | None
    p_meet: float | None
    status: str

    def row(self, parent: str | None, lang: str) -> dict[str, object]:
        gap = (t("report.col_gap", lang, parent=parent) if parent
               else t("report.col_gap_plain", lang))
        return {
            t("report.col_rank", lang): numbers.MISSING if self.rank is None else self.rank,
            label("region", lang): self.name,
            t("report.col_growth", lang): numbers.fixed(self.value),
            gap: numbers.signed(self.gap),
            label("projection", lang): numbers.fixed(self.median),
            label("interval80", lang): interval_cell(self.p10, self.p90, lang),
            label("target", lang): self.target or numbers.MISSING,
            label("p_meet", lang): numbers.percent(self.p_meet),
            label("status", lang): status_label(self.status, lang)}


@dataclass(frozen=True)
class Headline:
    """One headline indicator's figures as every table shows them: the one place they are
    rounded and written, whether they come from a ``Forecast`` or from its summary.json."""

    name: str
    target: str | None
    latest: float | None
    latest_period: str | None  # YYYY-MM or YYYY
    latest_region: str | None  # whose figure, when not the region's own (a name)
    median: float | None
    p10: float | None
    p90: float | None
    p_meet: float | None
    required: float | None  # 余下时期需增长: to reach the stated target
    status: str
    method: str

    def row(self, lang: str) -> dict[str, str]:
        return {
            label("indicator", lang): self.name,
            label("target", lang): self.target or numbers.MISSING,
            label("latest", lang): latest_cell(self.latest, self.latest_period,
                                               self.latest_region, lang),
            label("projection", lang): percent_cell(self.median),
            label("interval80", lang): interval_cell(self.p10, self.p90, lang),
            label("p_meet", lang): numbers.percent(self.p_meet),
            label("required", lang): percent_cell(self.required),
            label("status", lang): status_label(self.status, lang),
            label("method", lang): self.method,
        }


def percent_cell(value: float | None) -> str:
    """5.6%: growth in a table, no sign (a bureau's tables write none)."""
    return numbers.MISSING if value is None else f"{numbers.fixed(value)}%"


def interval_cell(low: float | None, high: float | None, lang: str) -> str:
    """5.4～5.8: an interval in a table, short enough never to wrap."""
    if low is None or high is None:
        return numbers.MISSING
    return t("report.interval", lang, low=numbers.fixed(low), high=numbers.fixed(high))


def latest_cell(value: float | None, period: str | None, whose: str | None,
                lang: str) -> str:
    """5.6%（2025年1-9月）, or 5.5%（2025年1-9月，郑州市） for a figure borrowed."""
    if value is None or period is None:
        return numbers.MISSING
    when = Period.parse(period).label(lang)
    if whose:
        return t("report.cell_latest_of", lang, value=numbers.fixed(value), period=when,
                 region=whose)
    return t("report.cell_latest_own", lang, value=numbers.fixed(value), period=when)


def headlines(forecast: Forecast, lang: str) -> list[Headline]:
    """The headline indicators of a forecast."""
    from xyforecast.i18n import method_label
    from xyforecast.i18n.report_documents import typeset

    rows = []
    for item in forecast.indicators:
        p, latest = item.projection, item.projection.latest
        q = p.quantiles
        whose = None
        if latest is not None and latest.region != forecast.region.code:
            whose = forecast.data.catalog.region(latest.region).name(lang)
        rows.append(Headline(
            item.name.render(lang), p.target.label(lang) if p.target else None,
            latest.growth_pct if latest else None, latest.period if latest else None, whose,
            q["median"], q["p10"], q["p90"], p.p_meet, item.required.stated, item.status,
            typeset(method_label(p.method, lang), lang)))  # 年度模型（组合模型）
    return rows


def forecast_table(forecast: Forecast, lang: str = "zh") -> pd.DataFrame:
    """One row per headline indicator: target, latest, projection, P(meet), need, status."""
    return pd.DataFrame([h.row(lang) for h in headlines(forecast, lang)])


def summary_table(summary: dict, lang: str = "zh") -> pd.DataFrame:
    """The same table from a published summary.json (the index of a report reads it from
    disk): the same ``Headline`` rows, so the same figures."""
    rows = []
    for item in summary["indicators"]:
        target, latest, proj = item["target"], item["latest"], item["projection"] or {}
        whose = None
        if latest and latest["region"] != summary["region"]:
            whose = render(Pair(latest["region_name_zh"], latest["region_name_en"]), lang)
        rows.append(Headline(
            render(Pair(item["name_zh"], item["name_en"]), lang),
            target[f"label_{lang}"] if target else None,
            latest["growth_pct"] if latest else None, latest["period"] if latest else None,
            whose, proj.get("median"), proj.get("p10"), proj.get("p90"),
            item["p_meet_target"], item["required_rest_growth_pct"], item["status"],
            item[f"method_{lang}"]).row(lang))
    return pd.DataFrame(rows)
