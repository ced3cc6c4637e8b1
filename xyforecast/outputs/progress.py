"""Progress on the report's targets, as the bureau writes it.

A level target against 序时进度 as leaders read it — the months gone, 9 of 12 = 75.0% — with
the share normally done by then beside it where levels tell it: "年度目标360亿元以上，1-9月完成
268.1亿元，完成年度目标的74.5%，慢于序时进度0.5个百分点（序时进度75.0%）". Each ratio is rounded
once, where it is shown, and the gap is the difference of the two figures shown, so the
sentence adds up (never "完成75%，慢于序时进度0.1个百分点（序时进度75%）").

The report's other targets: "1-9月完成X万人次，占目标Y%" where the region has a figure of the
year; the document lists only those, and counts the others in one line.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from xyforecast.engine.results import LevelProgress
from xyforecast.engine.targets import Target
from xyforecast.forecast import OtherTarget
from xyforecast.i18n import amount, label, render
from xyforecast.i18n.report import typeset_t
from xyforecast.outputs import numbers

SHARE_DIGITS = 1  # a share of a target in percent: 74.5%


def say(key: str, lang: str, **values: object) -> str:
    """The sentence ``report.<key>``, its own punctuation as printed (full-width in
    Chinese), the values put into it as they are."""
    return typeset_t(f"report.{key}", lang, **values)


def share(value: float) -> Decimal:
    """A ratio as shown, in percent to one decimal: 0.74472 -> 74.5."""
    return numbers.shown(value, SHARE_DIGITS + 2, stored=SHARE_DIGITS + 2) * 100


def shown_share(value: float) -> str:
    return f"{share(value):.{SHARE_DIGITS}f}%"


def ahead(done: float, reference: float) -> Decimal:
    """Points ahead (+) of or behind (−) a reference share: the difference of the two shares
    as shown, so that the sentence adds up."""
    return share(done) - share(reference)


def level_sentence(progress: LevelProgress | None, target: Target, lang: str) -> str:
    """A level target against 序时进度 (and the usual share by then, labelled), or "no figure
    of the amount done yet"."""
    if progress is None:
        return say("doc_level_none", lang, label=target.label(lang))
    level, unit = amount(progress.done, target.unit, lang)
    rest = amount(progress.required_rest, target.unit, lang)[0]
    text = say("doc_level", lang, label=target.label(lang), unit=unit,
               period=progress.period.label(lang), done=numbers.general(level),
               share_done=shown_share(progress.share_done),
               against=_against(progress.share_done, progress.elapsed, "doc_elapsed_pace",
                                lang),
               elapsed=shown_share(progress.elapsed))
    if progress.seasonal is not None:
        text += say("doc_level_seasonal", lang, source=render(progress.seasonal.source, lang),
                    seasonal=shown_share(progress.seasonal.value),
                    against=_against(progress.share_done, progress.seasonal.value,
                                     "doc_seasonal_pace", lang))
    return text + say("doc_level_rest", lang, rest=numbers.general(rest), unit=unit)


def _against(done: float, reference: float, pace: str, lang: str) -> str:
    """快于序时进度1.8个百分点 / 慢于… / 与序时进度持平."""
    gap = ahead(done, reference)
    if gap == 0:
        return say("doc_pace_level", lang, pace=say(pace, lang))
    return say("doc_pace", lang, pace=say(pace, lang), gap=f"{abs(gap):.{SHARE_DIGITS}f}",
               direction=say("doc_faster" if gap > 0 else "doc_slower", lang))


def progress(other: OtherTarget, lang: str = "zh") -> str:
    """The progress sentence of one other target (never a guess: "no figures yet")."""
    target = other.target
    if other.period is None or other.value is None:
        return say("progress_none", lang)
    when = other.period.label(lang)
    if target.measure == "growth_pct":
        return say("progress_growth", lang, period=when, value=numbers.fixed(other.value))
    shown, unit = amount(other.value, target.unit, lang)
    if target.unit == "%" or not target.value:  # a share or a rate: no share of it "done"
        return say("progress_value", lang, period=when, value=numbers.general(shown),
                   unit=unit)
    return say("progress_level", lang, period=when, value=numbers.general(shown), unit=unit,
               share=shown_share(other.value / target.value))


def other_targets_table(others: tuple[OtherTarget, ...], catalog, lang: str,
                        with_figures_only: bool = False) -> pd.DataFrame:
    """The report's other targets with their progress (the document: those with a figure)."""
    rows = [{label("indicator", lang): catalog.indicator(o.target.indicator).name(lang),
             label("target", lang): o.target.label(lang),
             say("col_progress", lang): progress(o, lang)}
            for o in others if o.period is not None or not with_figures_only]
    return pd.DataFrame(rows)
