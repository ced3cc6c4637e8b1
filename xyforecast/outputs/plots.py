"""Charts for the notebooks and reports, in Chinese (the default) or English.

matplotlib draws Chinese only with a CJK font. We use the open-licensed Noto Sans CJK SC
(``scripts/install-fonts.sh``), after DejaVu Sans so that the minus sign and Latin text keep
their usual look; matplotlib falls back glyph by glyph. matplotlib caches its font list, so a
font installed after the first import is invisible until the cache is rebuilt: we rebuild it
once when the font is missing, and say how to install it when it is still missing.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot, no global figure state) and
rendered to PNG by the Agg backend, so the same code serves a notebook, a render and a test.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib import font_manager, rcParams
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from xyforecast.engine.results import Projection
from xyforecast.errors import UsageError

CJK_FONT = "Noto Sans CJK SC"
FONT_FAMILY = ["DejaVu Sans", CJK_FONT]  # DejaVu first: it has the minus sign U+2212
INSTALL_FONT = ("sudo apt-get install fonts-noto-cjk  (or: bash scripts/install-fonts.sh; "
                "Fedora: sudo dnf install google-noto-sans-cjk-fonts)")
STATUS_COLOURS = {"on_track": "#2e7d32", "at_risk": "#ef8f00", "off_track": "#c62828",
                  "unknown": "#757575", "no_target": "#757575"}
FAN_COLOUR = "#1f5fa8"
DPI = 110

TEXT: dict[str, tuple[str, str]] = {
    "growth": ("增速(%)", "growth (%)"),
    "month": ("累计至(月)", "year to date through (month)"),
    "month_tick": ("{m}月", "{m}"),
    "ytd_of": ("{region}累计增速", "{region}, year to date"),
    "ytd": ("本年累计增速", "year to date, this year"),
    "data_of": ("{region}数据", "{region} figures"),
    "target_line": ("目标", "target"),
    "threshold_line": ("达标线(“左右”目标)", "met from ('about' targets)"),
    "median": ("全年预测中位数", "full-year median"),
    "band80": ("80%区间", "80% interval"),
    "band95": ("95%区间", "95% interval"),
    "target": ("目标 {label}", "target {label}"),
    "threshold": ("达标线 {value:g}%", "met from {value:g}%"),
    "threshold_max": ("达标线 {value:g}%", "met up to {value:g}%"),
    "p_meet": ("达标概率 {p:.0%}", "P(meet) {p:.0%}"),
    "no_p": ("无法计算达标概率", "no probability"),
    "draws": ("全年增速分布", "full-year outcomes"),
    "fan_title": ("{name}:{year}年全年增速预测", "{name}: {year} full-year growth"),
    "history_title": ("{name}:历年增速与目标", "{name}: growth and targets by year"),
    "year": ("年份", "year"),
    "targets_of": ("{region}目标", "{region} targets"),
    "projection_of": ("{region}{year}年预测(80%区间)", "{region} {year} projection (80%)"),
    "no_projection": ("无预测", "no projection"),
    "no_data": ("暂无数据", "no figures"),
    "dashboard_title": ("{region}{year}年主要指标:全年预测与目标(数据截至{cutoff})",
                        "{region} {year}: projections against the targets (data up to {cutoff})"),
    "status_on_track": ("有望达标", "on track"),
    "status_at_risk": ("存在风险", "at risk"),
    "status_off_track": ("难以达标", "off track"),
    "status_unknown": ("无法判断", "unknown"),
    "status_no_target": ("无目标", "no target"),
    "fan_note": ("扇形为截至月到年末的区间,线性连接,仅作示意",
                 "bands joined linearly from the cut-off to the year end, for illustration"),
    "cutoff_month": ("数据截至月份(0 = 上年12月)", "cut-off month (0 = the December before)"),
    "mae": ("平均绝对误差(百分点)", "mean absolute error (points)"),
    "coverage": ("区间覆盖实际值的比例", "share of outcomes inside the interval"),
    "mae_title": ("误差随数据截至月份下降", "Error by cut-off month"),
    "coverage_title": ("预测区间的覆盖率", "Interval coverage by cut-off month"),
    "default": ("本系统预测", "xyforecast default"),
    "carry_forward": ("沿用累计增速", "carry year-to-date forward"),
    "last_year": ("沿用上年增速", "last year's growth"),
    "covered80": ("80%区间", "80% interval"),
    "covered95": ("95%区间", "95% interval"),
    "nominal": ("名义覆盖率", "nominal"),
}


def t(key: str, lang: str, **values: object) -> str:
    zh, en = TEXT[key]
    return (zh if lang == "zh" else en).format(**values)


_font_ready = False


def use_chinese_font() -> None:
    """Make matplotlib draw Chinese: find Noto Sans CJK SC (rebuilding the font cache once if
    it was installed after the cache was written) and put it after DejaVu Sans."""
    global _font_ready
    if _font_ready:
        return
    if not _has_font(CJK_FONT):
        rebuilt = font_manager._load_fontmanager(try_read_cache=False)  # rescans, rewrites cache
        # backends hold a reference to the live instance: refresh it rather than replace it
        font_manager.fontManager.ttflist = rebuilt.ttflist
        font_manager.fontManager.afmlist = rebuilt.afmlist
        font_manager.FontManager._findfont_cached.cache_clear()
    if not _has_font(CJK_FONT):
        raise UsageError(f"charts need the font {CJK_FONT} to show Chinese; install it: "
                         f"{INSTALL_FONT}")
    rcParams["font.family"] = FONT_FAMILY
    rcParams["axes.unicode_minus"] = True
    _font_ready = True


def _has_font(name: str) -> bool:
    return any(f.name == name for f in font_manager.fontManager.ttflist)


def to_png(fig: Figure, dpi: int = DPI) -> bytes:
    """The figure as PNG bytes (Agg), without the matplotlib version in the metadata so that
    re-rendering the same numbers gives the same bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


@dataclass(frozen=True)
class YearToDate:
    """This year's year-to-date growth a projection starts from, and whose it is."""

    region_name: str
    months: pd.Series  # growth by month (12 = full year)


def _new_figure(width: float, height: float) -> Figure:
    use_chinese_font()
    return Figure(figsize=(width, height), layout="constrained")


def fan_chart(projection: Projection, path: YearToDate, name: str, lang: str = "zh") -> Figure:
    """The projection as a fan from the latest year-to-date figure to the full year, against
    the target; beside it, the distribution of outcomes with the share that meets the target."""
    fig = _new_figure(9.0, 4.2)
    left, right = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [3.2, 1]})
    _fan(left, projection, path, lang, legend=True)
    left.set_title(t("fan_title", lang, name=name, year=projection.year), loc="left")
    left.set_xlabel(t("month", lang))
    left.set_ylabel(t("growth", lang))
    _distribution(right, projection, lang)
    fig.text(0.01, 0.005, t("fan_note", lang), fontsize=7.5, color="#666666")
    return fig


def history_chart(history: pd.DataFrame, targets: pd.Series, projection: Projection | None,
                  name: str, region_name: str, lang: str = "zh") -> Figure:
    """Full-year growth of the region and its reference regions (one column each, the region
    first), the region's past targets, and this year's projection and target."""
    fig = _new_figure(9.0, 3.8)
    ax = fig.subplots()
    for n, column in enumerate(history.columns):
        series = history[column].dropna()
        ax.plot(series.index, series.to_numpy(), marker="o", markersize=3.5 if n else 5,
                linewidth=2.2 if n == 0 else 1.1, alpha=1.0 if n == 0 else 0.75,
                label=column, zorder=3 if n == 0 else 2)
    if len(targets):
        ax.scatter(targets.index, targets.to_numpy(), marker="x", s=46, color="#c62828",
                   zorder=4, label=t("targets_of", lang, region=region_name))
    if projection is not None and projection.known:
        q = projection.quantiles
        ax.errorbar([projection.year], [q["median"]],
                    yerr=[[q["median"] - q["p10"]], [q["p90"] - q["median"]]], fmt="D",
                    color=FAN_COLOUR, capsize=4, zorder=5,
                    label=t("projection_of", lang, region=region_name, year=projection.year))
    if history.empty and not len(targets):
        ax.text(0.5, 0.5, t("no_data", lang), transform=ax.transAxes, ha="center")
    ax.axhline(0, color="#999999", linewidth=0.6)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(t("year", lang))
    ax.set_ylabel(t("growth", lang))
    ax.set_title(t("history_title", lang, name=name), loc="left")
    _legend(ax, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.grid(alpha=0.3)
    return fig


def dashboard_chart(projections: Sequence[Projection], paths: Sequence[YearToDate],
                    names: Sequence[str], region_name: str, lang: str = "zh") -> Figure:
    """Small multiples: one fan per indicator against its target, titled with its status."""
    fig = _new_figure(12.0, 6.6)
    axes = fig.subplots(2, 3).ravel()
    for ax, projection, path, name in zip(axes, projections, paths, names):
        _fan(ax, projection, path, lang, legend=False, small=True)
        state = _status(projection)
        chance = "" if projection.p_meet is None else f" {projection.p_meet:.0%}"
        ax.set_title(f"{name}\n{t('status_' + state, lang)}{chance}", fontsize=10,
                     color=STATUS_COLOURS[state], loc="left")
        if len(path.months):
            ax.text(0.02, 0.03, t("data_of", lang, region=path.region_name),
                    transform=ax.transAxes, fontsize=8, color="#555555")
    for ax in axes[len(projections):]:
        ax.axis("off")
    if len(projections) < len(axes):
        axes[len(projections)].legend(handles=_legend_handles(lang), loc="center",
                                      frameon=False, fontsize=9)
    cutoff = projections[0].cutoff if projections else "—"
    year = projections[0].year if projections else ""
    fig.suptitle(t("dashboard_title", lang, region=region_name, year=year, cutoff=cutoff),
                 fontsize=12)
    return fig


def _legend_handles(lang: str) -> list:
    """One legend for all small multiples: what each mark means, whatever the indicator."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    return [
        Line2D([], [], color="#333333", marker="o", markersize=4, label=t("ytd", lang)),
        Patch(color=FAN_COLOUR, alpha=0.15, label=t("band95", lang)),
        Patch(color=FAN_COLOUR, alpha=0.32, label=t("band80", lang)),
        Line2D([], [], color=FAN_COLOUR, linestyle="--", marker="D", markersize=4,
               label=t("median", lang)),
        Line2D([], [], color="#c62828", label=t("target_line", lang)),
        Line2D([], [], color="#c62828", linestyle=":", label=t("threshold_line", lang)),
    ]


def _fan(ax: Axes, p: Projection, path: YearToDate, lang: str, legend: bool,
         small: bool = False) -> None:
    months = path.months.sort_index()
    if len(months):
        ax.plot(months.index, months.to_numpy(), marker="o", color="#333333", linewidth=1.4,
                markersize=4, label=t("ytd_of", lang, region=path.region_name), zorder=4)
    if p.known:
        q = p.quantiles
        start = _start(p, months)
        if start is None:  # nothing this year: the full-year interval only
            ax.errorbar([12], [q["median"]], yerr=[[q["median"] - q["p025"]],
                                                   [q["p975"] - q["median"]]],
                        fmt="none", ecolor=FAN_COLOUR, alpha=0.35, elinewidth=6)
            ax.errorbar([12], [q["median"]], yerr=[[q["median"] - q["p10"]],
                                                   [q["p90"] - q["median"]]],
                        fmt="D", color=FAN_COLOUR, ecolor=FAN_COLOUR, elinewidth=3,
                        label=t("median", lang))
        else:
            month, value = start
            x = np.linspace(month, 12, 24)
            share = (x - month) / (12 - month)

            def line(key: str) -> np.ndarray:
                return value + share * (q[key] - value)

            ax.fill_between(x, line("p025"), line("p975"), color=FAN_COLOUR, alpha=0.15,
                            linewidth=0, label=t("band95", lang))
            ax.fill_between(x, line("p10"), line("p90"), color=FAN_COLOUR, alpha=0.32,
                            linewidth=0, label=t("band80", lang))
            ax.plot(x, line("median"), color=FAN_COLOUR, linestyle="--", linewidth=1.4,
                    label=t("median", lang))
            ax.plot([12], [q["median"]], marker="D", color=FAN_COLOUR, markersize=5)
    else:
        ax.text(0.5, 0.5, t("no_projection", lang), transform=ax.transAxes, ha="center")
    _target_lines(ax, p, lang)
    ax.set_xlim(0.5 if small else 1, 12.6)
    ax.set_xticks([2, 3, 6, 9, 12] if small else list(range(2, 13)))
    ax.set_xticklabels([t("month_tick", lang, m=m) for m in ax.get_xticks()],
                       fontsize=8 if small else 9)
    ax.grid(alpha=0.3)
    if legend:
        _legend(ax, fontsize=8, loc="best", frameon=False)


def _legend(ax: Axes, **options: object) -> None:
    """A legend when there is something to explain (an empty one warns on stderr)."""
    if ax.get_legend_handles_labels()[0]:
        ax.legend(**options)


def _status(p: Projection) -> str:
    from xyforecast.outputs.summary import (
        status,  # the stated rule; imported late, it pulls in the models
    )

    return status(p.p_meet) if p.target is not None else "no_target"


def _start(p: Projection, months: pd.Series) -> tuple[int, float] | None:
    """Where the fan starts: the latest figure of this year the projection used, if any."""
    latest = p.latest
    if not latest or not str(latest["period"]).startswith(f"{p.year}-"):
        return None
    month = int(str(latest["period"])[5:7])
    if month >= 12:
        return None
    value = float(months[month]) if month in months.index else float(latest["growth_pct"])
    return month, value


def _target_lines(ax: Axes, p: Projection, lang: str) -> None:
    target = p.target
    if target is None or target.measure != "growth_pct":
        return
    ax.axhline(target.value, color="#c62828", linewidth=1.3,
               label=t("target", lang, label=target.label(lang)))
    if abs(target.threshold - target.value) > 1e-9:
        key = "threshold_max" if target.qualifier == "at_most" else "threshold"
        ax.axhline(target.threshold, color="#c62828", linewidth=1.0, linestyle=":",
                   label=t(key, lang, value=target.threshold))


def _distribution(ax: Axes, p: Projection, lang: str) -> None:
    ax.set_title(t("draws", lang), loc="left", fontsize=10)
    ax.tick_params(labelleft=False)
    ax.set_xticks([])
    if not p.known:
        return
    draws = np.asarray(p.draws, dtype=float)
    low, high = np.quantile(draws, [0.005, 0.995])
    if high - low < 1e-9:  # a published figure: one value
        low, high = low - 0.5, high + 0.5
    bins = np.linspace(low, high, 41)
    counts, edges = np.histogram(draws, bins=bins)  # the outer 1% is left out
    centres = (edges[:-1] + edges[1:]) / 2
    met = (p.target.met(centres) if p.target is not None and p.target.measure == "growth_pct"
           else np.zeros(len(centres), dtype=bool))
    state = _status(p)
    colours = [STATUS_COLOURS[state] if m else "#b0bec5" for m in met]
    ax.barh(centres, counts, height=np.diff(edges), color=colours, linewidth=0)
    _target_lines(ax, p, lang)
    text = t("p_meet", lang, p=p.p_meet) if p.p_meet is not None else t("no_p", lang)
    ax.text(0.97, 0.97, text, transform=ax.transAxes, ha="right", va="top", fontsize=10,
            color=STATUS_COLOURS[state], fontweight="bold")
    ax.grid(alpha=0.3, axis="y")


def track_record_chart(by_month: pd.DataFrame, lang: str = "zh") -> Figure:
    """Backtest by cut-off month: the default's error against two baselines, and how often
    its 80% and 95% intervals held the outcome (against the 80% and 95% they promise)."""
    fig = _new_figure(11.0, 3.9)
    left, right = fig.subplots(1, 2)
    for method, style in (("default", dict(color=FAN_COLOUR, marker="o")),
                          ("carry_forward", dict(color="#ef8f00", marker="s", linestyle="--")),
                          ("last_year", dict(color="#757575", marker="^", linestyle=":"))):
        rows = by_month[by_month["method"] == method]
        if len(rows):
            left.plot(rows["month"], rows["mae"], label=t(method, lang), **style)
    left.set_title(t("mae_title", lang), loc="left")
    left.set_xlabel(t("cutoff_month", lang))
    left.set_ylabel(t("mae", lang))
    left.set_xticks(range(0, 12))
    _legend(left, fontsize=8)
    mine = by_month[by_month["method"] == "default"]
    right.plot(mine["month"], mine["coverage80"], color=FAN_COLOUR, marker="o",
               label=t("covered80", lang))
    right.plot(mine["month"], mine["coverage95"], color="#8fb3de", marker="o",
               label=t("covered95", lang))
    for level in (0.8, 0.95):
        right.axhline(level, color="#999999", linewidth=0.8, linestyle=":")
    right.set_ylim(0, 1.05)
    right.set_xticks(range(0, 12))
    right.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    right.set_title(t("coverage_title", lang), loc="left")
    right.set_xlabel(t("cutoff_month", lang))
    right.set_ylabel(t("coverage", lang))
    _legend(right, fontsize=8, loc="lower right")
    return fig
