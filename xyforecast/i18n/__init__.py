"""Labels in Chinese (the default, for analysts) and English."""

from __future__ import annotations

LANGS = ("zh", "en")

LABELS: dict[str, tuple[str, str]] = {
    "indicator": ("指标", "Indicator"),
    "measure": ("口径", "Measure"),
    "annual": ("年度数据", "Full years"),
    "ytd": ("年内累计数据", "Year-to-date figures"),
    "rows": ("条数", "Rows"),
    "sources": ("来源数", "Sources"),
    "conflicts": ("来源冲突", "Conflicts"),
    "target": ("目标", "Target"),
    "rule": ("达标规则", "Met when"),
    "source": ("来源", "Source"),
    "growth_pct": ("累计增速", "YTD growth"),
    "level": ("总量", "Level"),
    "month_growth_pct": ("当月/当季增速", "Single-period growth"),
    "latest": ("最新", "Latest"),
    "projection": ("全年预测(中位数)", "Full-year projection (median)"),
    "interval80": ("80%区间", "80% interval"),
    "p_meet": ("达标概率", "P(meet target)"),
    "required": ("余下时期需增长", "Needed in rest of year"),
    "basis": ("依据", "Basis"),
    "method": ("方法", "Method"),
    "status": ("状态", "Status"),
    "period": ("时期", "Period"),
    "region": ("地区", "Region"),
    "year": ("年份", "Year"),
    "cutoff": ("数据截至", "Data up to"),
}


METHODS: dict[str, tuple[str, str]] = {
    "ytd-bridge": ("本年累计推算", "year-to-date bridge"),
    "borrowed": ("借用上级地区", "borrowed from the reference region"),
    "published": ("已公布", "published"),
    "none": ("无数据", "no data"),
}


def method_label(method: str, lang: str = "zh") -> str:
    """A projection method in words: 本年累计推算, 年度模型(mean), borrowed from…"""
    if method.startswith("annual-"):
        model = method.removeprefix("annual-")
        return f"年度模型({model})" if lang == "zh" else f"annual model ({model})"
    zh, en = METHODS.get(method, (method, method))
    return zh if lang == "zh" else en


def label(key: str, lang: str = "zh") -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


def check_lang(lang: str) -> str:
    from xyforecast.errors import UsageError

    if lang not in LANGS:
        raise UsageError(f"unknown language {lang!r}; use zh or en")
    return lang
