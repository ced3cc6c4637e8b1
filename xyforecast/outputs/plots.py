"""Charts for the notebooks and reports, in Chinese (the default) or English.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot, no global figure state) and
rendered to PNG by the Agg backend, so the same code serves a notebook, a render and a test.
Every caption sits inside the constrained layout (titles, axis labels, ``supxlabel``), so
that no text is drawn over another; every number shown goes through ``outputs.numbers``.
Every chart leaves through ``to_png``, which draws every text as typed: a name from a data
file may hold ``$…$``, which matplotlib would otherwise typeset as a formula (or fail on).

Every chart is drawn at the size it prints: no wider than the text of an A4 page in the Word
report (``PRINT_WIDTH``, 15.6 cm) and no text smaller than ``SMALLEST`` (9 pt), so it is read
on paper without a magnifier (charts drawn 12 inches wide with 7.5 pt ticks printed at 4 pt).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import imsave
from matplotlib.text import Text

from xyforecast.engine.results import Projection
from xyforecast.i18n import t as message
from xyforecast.inputs.dataset import Dataset
from xyforecast.outputs import numbers
from xyforecast.outputs.fonts import LineMetrics, use_chinese_font
from xyforecast.outputs.tables import status_label

STATUS_COLOURS = {"on_track": "#2e7d32", "at_risk": "#ef8f00", "off_track": "#c62828",
                  "unknown": "#757575", "no_target": "#757575"}
FAN_COLOUR = "#1f5fa8"
DPI = 110  # a chart on a page
PRINT_DPI = 200  # a chart the Word report prints too: drawn once, at this, for both
PRINT_WIDTH = 15.6 / 2.54  # inches: the text width of the Word report's A4 page
PNG_LEVEL = 3  # zlib: the default 6's pixels in two thirds of the time, as small ± a few %
# Glyphs as their outlines say, without FreeType's hinter snapping them to the pixel grid
# (as browsers and macOS draw text): the hinter spent a tenth of a chart's time on the CJK
# glyphs, and at 110 dpi the difference is a shade of grey at a stem's edge.
RC = {"text.parse_math": False, "text.hinting": "no_hinting"}
SMALLEST, TEXT, TITLE = 9, 10, 11  # font sizes in points, as printed


def t(key: str, lang: str, **values: object) -> str:
    """A chart's text: ``report.chart_<key>``."""
    return message(f"report.chart_{key}", lang, **values)


def to_png(fig: Figure, dpi: float | None = None) -> bytes:
    """The figure as PNG bytes (Agg) at ``dpi`` (default: the resolution it was made for),
    every text as text (never math), without the matplotlib version in the metadata so that
    re-rendering the same numbers gives the same bytes.

    Drawn once: ``savefig`` on a figure with a layout engine draws it twice (a dry run for
    the layout, then the picture); the Agg canvas's own draw runs the constrained layout
    and renders in one pass — the same pixels, the same bytes, a third less time."""
    buffer = io.BytesIO()
    canvas = FigureCanvasAgg(fig)
    shown = fig.dpi
    dpi = shown if dpi is None else dpi
    with rc_context(RC):  # also for the tick labels made while drawing
        for text in _texts(fig):
            text.set_parse_math(False)
        try:
            fig.dpi = dpi
            canvas.get_renderer()._get_font_height_metrics = LineMetrics(dpi)  # drawn on it
            canvas.draw()
            imsave(buffer, canvas.buffer_rgba(), format="png", origin="upper", dpi=dpi,
                   metadata={"Software": None}, pil_kwargs={"compress_level": PNG_LEVEL})
        finally:
            fig.dpi = shown
    return buffer.getvalue()


def _texts(artist: Artist) -> Iterator[Text]:
    """Every text a figure holds now. ``findobj`` would ask each axis for its ticks, which
    runs the tick locators and makes the ticks before the layout has sized the axes (a fifth
    of ``to_png``'s time, done again while drawing); an axis's ticks made so far are its
    ``majorTicks``/``minorTicks`` once instantiated (a lazy attribute until then), and the
    ones drawing makes take ``text.parse_math`` from the ``rc_context`` above."""
    if isinstance(artist, Text):
        yield artist
    if isinstance(artist, Axis):
        made = vars(artist)
        children = [artist.label, artist.offsetText, *made.get("majorTicks", ()),
                    *made.get("minorTicks", ())]
    else:
        children = artist.get_children()
    for child in children:
        yield from _texts(child)


@dataclass(frozen=True)
class YearToDate:
    """This year's year-to-date growth a projection starts from, and whose it is."""

    region_name: str
    months: pd.Series  # growth by month (12 = full year)


def year_to_date(view: Dataset, region: str, projection: Projection,
                 lang: str = "zh") -> YearToDate:
    """This year's year-to-date path behind a projection: the region's own figures, else
    those of the reference region whose latest figure the projection used."""
    year, indicator = projection.year, projection.indicator
    own = view.year_to_date(region, indicator, year)
    latest = projection.latest
    code = region
    if own.empty and latest is not None and latest.period.startswith(f"{year}-"):
        code = latest.region
    return YearToDate(view.catalog.region(code).name(lang),
                      view.year_to_date(code, indicator, year))


def _new_figure(height: float, width: float = PRINT_WIDTH, dpi: int = DPI) -> Figure:
    """A figure of its printed size (every text in it is given a size of at least
    ``SMALLEST`` points where it is made), drawn at ``dpi``: ``PRINT_DPI`` for a chart the
    Word report prints as well as a page shows (the page's picture is the report's)."""
    use_chinese_font()
    return Figure(figsize=(width, height), dpi=dpi, layout="constrained")


def _axes(fig: Figure, *args: object, **kwargs: object):
    """``fig.subplots``, tick labels at ``SMALLEST`` points, every y tick saying its whole
    value (no offset text in the corner, where ``_title`` puts the title).

    The spines are left out of the constrained layout: the tick labels beyond them are what
    needs room (at most a tick mark, 3.5 points, is left over where an axis has no labels),
    and each spine's extent runs its axis's tick locator again — four of every seven tick
    updates a layout makes, a tenth of a chart's time."""
    axes = fig.subplots(*args, **kwargs)
    for ax in np.atleast_1d(axes).ravel():
        ax.tick_params(labelsize=SMALLEST)
        ax.ticklabel_format(axis="y", useOffset=False)
        for spine in ax.spines.values():
            spine.set_in_layout(False)
    return axes


def _title(ax: Axes, text: str, size: float, **options: object) -> None:
    """A title at the top left of its axes (``y=1``): matplotlib's automatic placement lifts
    a title only over ticks on top or a y offset text, which these charts never draw, and
    measured every y tick label for it on each draw (a tenth of ``to_png``)."""
    ax.set_title(text, loc="left", fontsize=size, y=1.0, **options)


def fan_chart(projection: Projection, path: YearToDate, name: str, lang: str = "zh") -> Figure:
    """The projection as a fan from the latest year-to-date figure to the full year, against
    the target; beside it, the distribution of outcomes with the share that meets the target."""
    fig = _new_figure(4.6)
    left, right = _axes(fig, 1, 2, sharey=True, gridspec_kw={"width_ratios": [3.2, 1]})
    _fan(left, projection, path, lang, legend=False)
    _title(left, t("fan_title", lang, name=name, year=projection.year), TITLE)
    left.set_xlabel(t("month", lang), fontsize=SMALLEST)
    left.set_ylabel(t("growth", lang), fontsize=SMALLEST)
    _distribution(right, projection, lang)
    handles, labels = left.get_legend_handles_labels()
    legend = fig.legend(handles, labels, loc="outside lower left", ncols=3, frameon=False,
                        fontsize=SMALLEST, title=t("fan_note", lang),
                        title_fontsize=SMALLEST, alignment="left")
    legend.get_title().set_color("#666666")  # the note on the bands, above what they mean
    return fig


def history_chart(history: pd.DataFrame, targets: pd.Series, projection: Projection | None,
                  name: str, region_name: str, lang: str = "zh") -> Figure:
    """Full-year growth of the region and its reference regions (one column each, the region
    first), the region's past targets, and this year's projection and target."""
    fig = _new_figure(3.8)
    ax = _axes(fig)
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
        ax.text(0.5, 0.5, t("no_data", lang), transform=ax.transAxes, ha="center",
                fontsize=TEXT)
    ax.axhline(0, color="#999999", linewidth=0.6)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(t("year", lang), fontsize=SMALLEST)
    ax.set_ylabel(t("growth", lang), fontsize=SMALLEST)
    _title(ax, t("history_title", lang, name=name), TITLE)
    _legend(ax, fontsize=SMALLEST, loc="upper left", bbox_to_anchor=(1.01, 1.0),
            frameon=False)
    ax.grid(alpha=0.3)
    return fig


def dashboard_chart(projections: Sequence[Projection], paths: Sequence[YearToDate],
                    names: Sequence[str], region_name: str, lang: str = "zh") -> Figure:
    """Small multiples: one fan per indicator against its target, titled with its status;
    two columns, so that the whole prints on the width of an A4 page (and is printed: drawn
    at ``PRINT_DPI``)."""
    fig = _new_figure(7.8, dpi=PRINT_DPI)
    axes = _axes(fig, 3, 2).ravel()
    for ax, projection, path, name in zip(axes, projections, paths, names):
        _fan(ax, projection, path, lang, legend=False, small=True)
        state = _status(projection)
        chance = "" if projection.p_meet is None else f" {numbers.percent(projection.p_meet)}"
        _title(ax, f"{name}\n{status_label(state, lang)}{chance}", TEXT,
               color=STATUS_COLOURS[state])
        if len(path.months):
            ax.text(0.02, 0.03, t("data_of", lang, region=path.region_name),
                    transform=ax.transAxes, fontsize=SMALLEST, color="#555555")
    for ax in axes[len(projections):]:
        ax.axis("off")
    if len(projections) < len(axes):
        axes[len(projections)].legend(handles=_legend_handles(lang), loc="center",
                                      frameon=False, fontsize=SMALLEST)
    cutoff = projections[0].cutoff.label(lang) if projections else "—"
    year = projections[0].year if projections else ""
    fig.suptitle(t("dashboard_title", lang, region=region_name, year=year, cutoff=cutoff),
                 fontsize=TITLE)
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
        ax.text(0.5, 0.5, t("no_projection", lang), transform=ax.transAxes, ha="center",
                fontsize=TEXT)
    _target_lines(ax, p, lang)
    ax.set_xlim(0.5 if small else 1, 12.6)
    ax.set_xticks([3, 6, 9, 12] if small else list(range(2, 13)))
    ax.set_xticklabels([t("month_tick", lang, m=m) for m in ax.get_xticks()],
                       fontsize=SMALLEST)
    ax.grid(alpha=0.3)
    if legend:
        _legend(ax, fontsize=SMALLEST, loc="best", frameon=False)


def _legend(ax: Axes, **options: object) -> None:
    """A legend when there is something to explain (an empty one warns on stderr)."""
    if ax.get_legend_handles_labels()[0]:
        ax.legend(**options)


def _status(p: Projection) -> str:
    from xyforecast.engine.status import status  # the stated rule

    return status(p)


def _start(p: Projection, months: pd.Series) -> tuple[int, float] | None:
    """Where the fan starts: the latest figure of this year the projection used, if any."""
    latest = p.latest
    if latest is None or not latest.period.startswith(f"{p.year}-"):
        return None
    month = int(latest.period[5:7])
    if month >= 12:
        return None
    value = float(months[month]) if month in months.index else float(latest.growth_pct)
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
                   label=t(key, lang, value=numbers.general(target.threshold)))


def _distribution(ax: Axes, p: Projection, lang: str) -> None:
    _title(ax, t("draws", lang), TEXT)
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
    for shown, colour in ((met, STATUS_COLOURS[state]), (~met, "#b0bec5")):  # 2 shapes
        ax.stairs(np.where(shown, counts, 0), edges, orientation="horizontal", fill=True,
                  color=colour, linewidth=0)
    _target_lines(ax, p, lang)
    text = (t("p_meet", lang, p=numbers.percent(p.p_meet)) if p.p_meet is not None
            else t("no_p", lang))
    ax.text(0.97, 0.97, text, transform=ax.transAxes, ha="right", va="top", fontsize=TEXT,
            color=STATUS_COLOURS[state], fontweight="bold")
    ax.grid(alpha=0.3, axis="y")
