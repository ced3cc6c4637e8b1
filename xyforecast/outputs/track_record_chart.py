"""The track record's charts: how often targets were met against the probability given, and
the backtest's error and interval coverage by cut-off month (``plots`` for the rest)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from xyforecast.outputs import numbers
from xyforecast.outputs.plots import (
    FAN_COLOUR,
    SMALLEST,
    TEXT,
    TITLE,
    _axes,
    _legend,
    _new_figure,
    _title,
    t,
)


def reliability_chart(table: pd.DataFrame, lang: str = "zh") -> Figure:
    """How often targets were met against the probability given (a reliability diagram):
    on the diagonal a probability means what it says; the dot's size is the cases behind it."""
    fig = _new_figure(4.2, width=5.2)
    ax = _axes(fig)
    ax.plot([0, 1], [0, 1], color="#999999", linewidth=0.8, linestyle=":",
            label=t("reliable", lang))
    shown = table[table["n"] > 0]
    ax.scatter(shown["mean_p"], shown["share_met"], s=20 + 6 * shown["n"], color=FAN_COLOUR,
               alpha=0.8, label=t("reliability_points", lang))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_formatter(lambda v, _: numbers.percent(v))
    ax.yaxis.set_major_formatter(lambda v, _: numbers.percent(v))
    ax.set_xlabel(t("reliability_x", lang), fontsize=SMALLEST)
    ax.set_ylabel(t("reliability_y", lang), fontsize=SMALLEST)
    _title(ax, t("reliability_title", lang), TITLE)
    _legend(ax, fontsize=SMALLEST, loc="upper left")
    return fig


def track_record_chart(by_month: pd.DataFrame, lang: str = "zh") -> Figure:
    """Backtest by cut-off month: the default's error against two baselines, and how often
    its 80% and 95% intervals held the outcome (against the 80% and 95% they promise)."""
    fig = _new_figure(3.9)
    left, right = _axes(fig, 1, 2)
    for method, style in (("default", dict(color=FAN_COLOUR, marker="o")),
                          ("carry_forward", dict(color="#ef8f00", marker="s", linestyle="--")),
                          ("last_year", dict(color="#757575", marker="^", linestyle=":"))):
        rows = by_month[by_month["method"] == method]
        if len(rows):
            left.plot(rows["month"], rows["mae"], label=t(method, lang), **style)
    _title(left, t("mae_title", lang), TEXT)
    left.set_xlabel(t("cutoff_month", lang), fontsize=SMALLEST)
    left.set_ylabel(t("mae", lang), fontsize=SMALLEST)
    left.set_xticks(range(0, 12, 2))
    _legend(left, fontsize=SMALLEST)
    mine = by_month[by_month["method"] == "default"]
    right.plot(mine["month"], mine["coverage80"], color=FAN_COLOUR, marker="o",
               label=t("covered80", lang))
    right.plot(mine["month"], mine["coverage95"], color="#8fb3de", marker="o",
               label=t("covered95", lang))
    for level in (0.8, 0.95):
        right.axhline(level, color="#999999", linewidth=0.8, linestyle=":")
    right.set_ylim(0, 1.05)
    right.set_xticks(range(0, 12, 2))
    right.yaxis.set_major_formatter(lambda v, _: numbers.percent(v))
    _title(right, t("coverage_title", lang), TEXT)
    right.set_xlabel(t("cutoff_month", lang), fontsize=SMALLEST)
    right.set_ylabel(t("coverage", lang), fontsize=SMALLEST)
    _legend(right, fontsize=SMALLEST, loc="lower right")
    return fig
