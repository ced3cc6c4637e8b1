"""Tables a person reads: coverage of the data and the report's targets.

They are plain DataFrames with translated headers, so the command line prints them, the
notebooks display them and the render writes them to Excel without any of them caring how.
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from xyforecast.engine.targets import targets_for
from xyforecast.i18n import Pair, label, render, t
from xyforecast.inputs.dataset import Dataset
from xyforecast.outputs import numbers

MEASURES = ("growth_pct", "level", "month_growth_pct")


def coverage(data: Dataset, region: str, lang: str = "zh") -> pd.DataFrame:
    """Per indicator and measure: which full years and year-to-date months exist."""
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
                label("indicator", lang): f"{indicator.name(lang)} ({indicator.code})",
                label("measure", lang): label(measure, lang),
                label("annual", lang): year_ranges(sorted(set(full))),
                label("ytd", lang): months_by_year(partial, lang=lang),
                label("rows", lang): len(o),
                label("sources", lang): o["source"].nunique(),
                label("conflicts", lang): sum(
                    1 for c in conflicts if c.key[1] == indicator.code and c.key[3] == measure),
            })
    return pd.DataFrame(rows)


def targets_table(data: Dataset, region: str, year: int, lang: str = "zh") -> pd.DataFrame:
    data.catalog.region(region)
    rows = []
    for target in targets_for(data, region, year):
        indicator = data.catalog.indicator(target.indicator)
        rows.append({
            label("indicator", lang): f"{indicator.name(lang)} ({indicator.code})",
            label("target", lang): target.label(lang),
            label("rule", lang): target.rule(lang),
            label("source", lang): target.source,
        })
    return pd.DataFrame(rows)


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
    """on_track -> 有望达标 / on track."""
    return label(f"status_{status}", lang)


def forecast_table(summary: dict, lang: str = "zh") -> pd.DataFrame:
    """One row per headline indicator: target, latest, projection, P(meet), need, status."""
    rows = []
    for item in summary["indicators"]:
        target, latest, proj = item["target"], item["latest"], item["projection"]
        where = ""
        if latest and latest["region"] != summary["region"]:
            name = Pair(latest.get("region_name_zh", latest["region"]),
                        latest.get("region_name_en", latest["region"]))
            where = f" ({render(name, lang)})"
        rows.append({
            label("indicator", lang): render(Pair(item["name_zh"], item["name_en"]), lang),
            label("target", lang): target[f"label_{lang}"] if target else numbers.MISSING,
            label("latest", lang): (f"{numbers.signed(latest['growth_pct'])}% "
                                    f"{latest['period']}{where}" if latest else numbers.MISSING),
            label("projection", lang): (f"{numbers.signed(proj['median'])}%" if proj
                                        else numbers.MISSING),
            label("interval80", lang): (f"{numbers.signed(proj['p10'])} ~ "
                                        f"{numbers.signed(proj['p90'])}" if proj
                                        else numbers.MISSING),
            label("p_meet", lang): numbers.percent(item["p_meet_target"]),
            label("required", lang): (f"{numbers.signed(item['required_rest_growth_pct'])}%"
                                      if item["required_rest_growth_pct"] is not None
                                      else numbers.MISSING),
            label("status", lang): status_label(item["status"], lang),
            label("method", lang): item.get(f"method_{lang}", item["method"]),
        })
    return pd.DataFrame(rows)
