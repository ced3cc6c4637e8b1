"""Progress on a target of the report from the region's own figures of the year:
"1-9月完成X万人次，占目标Y%" where a figure exists (a user's file can supply it), "暂无数据"
where none does."""

from __future__ import annotations

from xyforecast.engine.targets import Target
from xyforecast.i18n import amount, t
from xyforecast.inputs.dataset import Dataset
from xyforecast.outputs import numbers


def latest(view: Dataset, target: Target) -> tuple[object, float] | None:
    """The region's latest figure of the target's year in the target's measure."""
    measure = "growth_pct" if target.measure == "growth_pct" else "level"
    found = {p: v for p, v in view.values(target.region, target.indicator, measure).items()
             if p.year == target.year}
    if not found:
        return None
    period = max(found)
    return period, found[period]


def progress(view: Dataset, target: Target, lang: str = "zh") -> str:
    """The progress sentence for one target (never a guess: "no figures yet" without one)."""
    figure = latest(view, target)
    if figure is None:
        return t("report.progress_none", lang)
    period, value = figure
    when = period.label(lang)
    if target.measure == "growth_pct":
        return t("report.progress_growth", lang, period=when, value=numbers.fixed(value))
    if target.unit == "%" or not target.value:  # a share or a rate: no share of it "done"
        shown, unit = amount(value, target.unit, lang)
        return t("report.progress_value", lang, period=when, value=numbers.general(shown),
                 unit=unit)
    shown, unit = amount(value, target.unit, lang)
    return t("report.progress_level", lang, period=when, value=numbers.general(shown),
             unit=unit, share=numbers.percent(value / target.value))
