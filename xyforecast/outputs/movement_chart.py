"""Charts of how the projection moved: the full-year median and 80% interval as of each
release of the year (``engine.movement``), against the target, and the probability of
meeting it. The x axis is the cut-off month (0 = the December before), so releases keep
their spacing in time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from xyforecast.engine.movement import Step
from xyforecast.engine.status import AT_RISK, ON_TRACK
from xyforecast.outputs import numbers
from xyforecast.outputs.plots import (
    FAN_COLOUR,
    PRINT_DPI,
    SMALLEST,
    STATUS_COLOURS,
    TEXT,
    TITLE,
    _axes,
    _legend,
    _new_figure,
    _status,
    _target_lines,
    _title,
    t,
)


def _month(step: Step) -> int:
    """0 for the December before, else the cut-off month."""
    return step.cutoff.month if step.cutoff.year == step.projection.year else 0


def _ticks(ax: Axes, steps: Sequence[Step], lang: str, every_month: bool = True) -> None:
    """A tick at each release, labelled; in a small chart only the December before and the
    quarters' ends are labelled, so that labels never run into each other."""
    months = sorted({_month(s) for s in steps} | {0})
    ax.set_xticks(months)
    ax.set_xticklabels([t("mv_start", lang) if m == 0 else
                        t("month_tick", lang, m=m) if every_month or m % 3 == 0 else ""
                        for m in months], fontsize=SMALLEST)
    ax.set_xlim(-0.6, max(months[-1], 3) + 0.6)


def _band(ax: Axes, steps: Sequence[Step], lang: str, small: bool = False) -> None:
    known = [s for s in steps if s.projection.known]
    if not known:
        ax.text(0.5, 0.5, t("no_projection", lang), transform=ax.transAxes, ha="center",
                fontsize=TEXT)
        return
    x = [_month(s) for s in known]
    q = [s.projection.quantiles for s in known]
    ax.fill_between(x, [v["p10"] for v in q], [v["p90"] for v in q], step=None,
                    color=FAN_COLOUR, alpha=0.25, linewidth=0, label=t("band80", lang))
    ax.plot(x, [v["median"] for v in q], color=FAN_COLOUR, marker="o",
            markersize=3.5 if small else 5, linewidth=1.6, label=t("median", lang))
    _target_lines(ax, known[-1].projection, lang)
    ax.grid(alpha=0.3)


def movement_chart(steps: Sequence[Step], name: str, lang: str = "zh") -> Figure:
    """One indicator: median and 80% interval by release against the target (above), the
    probability of meeting it (below)."""
    fig = _new_figure(4.8)
    top, bottom = _axes(fig, 2, 1, sharex=True, gridspec_kw={"height_ratios": [2.3, 1]})
    _band(top, steps, lang)
    _title(top, t("mv_title", lang, name=name), TITLE)
    top.set_ylabel(t("growth", lang), fontsize=SMALLEST)
    _legend(top, fontsize=SMALLEST, loc="upper left", bbox_to_anchor=(1.01, 1.0),
            frameon=False)
    chances = [(s, s.projection.p_meet) for s in steps if s.projection.p_meet is not None]
    if chances:
        x = [_month(s) for s, _ in chances]
        colours = [STATUS_COLOURS[_status(s.projection)] for s, _ in chances]
        bottom.bar(x, [p for _, p in chances], width=0.6, color=colours)
        for xi, (_, p) in zip(x, chances):
            bottom.text(xi, p + 0.03, numbers.percent(p), ha="center", fontsize=SMALLEST)
    else:
        bottom.text(0.5, 0.5, t("no_p", lang), transform=bottom.transAxes, ha="center",
                    fontsize=TEXT)
    bottom.set_ylim(0, 1.15)
    bottom.yaxis.set_major_formatter(lambda v, _: numbers.percent(v))
    bottom.set_yticks([0, AT_RISK, ON_TRACK, 1.0])
    bottom.set_ylabel(t("mv_p", lang), fontsize=SMALLEST)
    bottom.set_xlabel(t("mv_x", lang), fontsize=SMALLEST)
    bottom.grid(alpha=0.3, axis="y")
    _ticks(bottom, steps, lang)
    return fig


def movement_grid(movement: Mapping[str, Sequence[Step]], names: Mapping[str, str],
                  region_name: str, lang: str = "zh") -> Figure:
    """Small multiples, one per indicator: the projection release by release against its
    target, titled with how the probability of meeting it went; two columns, so that the
    whole prints on the width of an A4 page (and is printed: drawn at ``PRINT_DPI``)."""
    fig = _new_figure(7.8, dpi=PRINT_DPI)
    axes = _axes(fig, 3, 2).ravel()
    year = None
    for ax, (code, steps) in zip(axes, movement.items()):
        _band(ax, steps, lang, small=True)
        _ticks(ax, steps, lang, every_month=False)
        last = steps[-1].projection
        year = last.year
        state = _status(last)
        title = names[code]
        if steps[0].projection.p_meet is not None and last.p_meet is not None:
            title += "\n" + t("mv_p_change", lang,
                              first=numbers.percent(steps[0].projection.p_meet),
                              last=numbers.percent(last.p_meet))
        _title(ax, title, TEXT, color=STATUS_COLOURS[state])
    for ax in axes[len(movement):]:
        ax.axis("off")
    if len(movement) < len(axes):
        handles, labels = axes[0].get_legend_handles_labels()
        axes[len(movement)].legend(handles, labels, loc="center", frameon=False,
                                   fontsize=SMALLEST)
    fig.suptitle(t("mv_grid_title", lang, region=region_name, year=year or ""),
                 fontsize=TITLE)
    return fig
