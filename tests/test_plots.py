"""Charts draw Chinese with the open-licensed Noto Sans CJK SC and never a missing glyph;
English charts carry no Chinese. Asserted on matplotlib's warnings, never on pixels."""

from __future__ import annotations

import io
import re
import warnings

import matplotlib
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text

from xyforecast.inputs.dataset import load
from xyforecast.outputs import fonts, plots
from xyforecast.site.pages import Dashboard, IndicatorPage, TrackRecord, check_parameters

from conftest import HEADER, copy_data, write_csv

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

# region, indicator, year, cut-off: one of each kind of projection the charts draw —
# borrowed (Xingyang), the year-to-date bridge (Zhengzhou), an annual model with no figure
# of the year yet (China 2026), a published full year (China 2024 as of 2025-02), nothing
# at all (Xingyang's foreign trade: no figures, a level target only)
CASES = [("xingyang", "gdp", 2025, None), ("zhengzhou", "gdp", 2025, None),
         ("china", "gdp", 2026, "2025-09"), ("china", "gdp", 2024, "2025-02"),
         ("xingyang", "public_budget_revenue", 2025, None),
         ("xingyang", "foreign_trade", 2025, None)]


@pytest.fixture(scope="module")
def charts(data) -> dict[str, list[Figure]]:
    """Every kind of chart, in both languages, drawn once for the tests of this module."""
    return {lang: _charts(data, lang) for lang in ("zh", "en")}


def _charts(data, lang: str) -> list[Figure]:
    figures = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # building a chart warns nothing either
        for region, indicator, year, as_of in CASES:
            params = check_parameters(region=region, year=year, as_of=as_of, lang=lang,
                                      indicator=indicator, data=data)
            page = IndicatorPage(params)
            figures += [page.fan_chart(), page.history_chart()]
        dashboard = Dashboard(check_parameters(region="xingyang", year=2025, lang=lang,
                                               data=data))
        figures += [dashboard.movement_chart(), page.movement_chart()]
        record = TrackRecord(check_parameters(region="xingyang", year=2025, lang=lang,
                                              data=data))
        figures += [record.chart(), record.reliability_chart()]
        figures.append(dashboard.chart())  # the dashboard last
    return figures


def _glyph_warnings(record) -> list[str]:
    return [str(w.message) for w in record if "Glyph" in str(w.message)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_draws_without_a_missing_glyph(charts, lang):
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        for fig in charts[lang]:
            assert plots.to_png(fig, dpi=50).startswith(b"\x89PNG")
    assert _glyph_warnings(record) == []
    assert [str(w.message) for w in record] == []  # in a notebook, any warning is stderr
    cjk = fonts.chosen().family  # Noto Sans CJK SC where installed (make setup)
    assert list(matplotlib.rcParams["font.family"]) == ["DejaVu Sans", cjk]
    assert font_manager.findfont(cjk, fallback_to_default=False)


def test_the_check_would_catch_a_missing_glyph():
    """The control: without the CJK font in the family, matplotlib warns, so the test above
    is not passing vacuously."""
    plots.use_chinese_font()
    fig = Figure()
    fig.subplots().set_title("荥阳市", family=["DejaVu Sans"])
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        plots.to_png(fig)
    assert _glyph_warnings(record)


def test_chinese_charts_say_it_in_chinese_and_english_ones_in_english(charts):
    def texts(fig: Figure) -> str:
        return " ".join(t.get_text() for t in fig.findobj(
            lambda artist: hasattr(artist, "get_text") and hasattr(artist, "get_fontfamily")))

    zh = " ".join(texts(f) for f in charts["zh"])
    en = " ".join(texts(f) for f in charts["en"])
    assert "全年增速预测" in zh and "达标概率" in zh and "荥阳市" in zh
    assert "full-year growth" in en and "P(meet)" in en and "Xingyang" in en
    assert not CJK.search(en), CJK.findall(en)


def test_the_same_chart_gives_the_same_bytes(data):
    params = check_parameters(region="xingyang", year=2025, indicator="gdp", data=data)
    assert plots.to_png(IndicatorPage(params).fan_chart()) == plots.to_png(
        IndicatorPage(params).fan_chart())


def _label_boxes(fig: Figure) -> list:
    """The titles, axis labels and captions of a figure, laid out, with their boxes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    wanted = {fig.get_supxlabel(), fig.get_suptitle(), *(t.get_text() for t in fig.texts)}
    for ax in fig.axes:
        wanted |= {ax.get_xlabel(), ax.get_ylabel(), ax.get_title(loc="left")}
    wanted.discard("")
    texts = fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_fontfamily"))
    return [(t.get_text(), t.get_window_extent(canvas.get_renderer())) for t in texts
            if t.get_visible() and t.get_text() in wanted]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_caption_title_or_axis_label_overlaps_another(charts, lang):
    """Captions, titles and axis labels each get their own room (constrained layout);
    the fan chart's note once sat on the axis label in English."""
    fan, history, *_, dashboard = charts[lang]  # a fan and a history chart, the dashboard
    for fig in (fan, history, dashboard):
        labels = _label_boxes(fig)
        assert labels
        for n, (text, box) in enumerate(labels):
            for other, other_box in labels[n + 1:]:
                assert not box.overlaps(other_box), (text, other)


def test_a_probability_shows_the_same_in_the_table_the_chart_and_the_page(data):
    """One rounding: the dashboard table, the small charts' titles and each indicator page
    say the same percentage (they once said 46% and 47% for one probability)."""
    params = check_parameters(region="xingyang", year=2025, data=data)
    dashboard = Dashboard(params)
    table = dashboard.table().set_index("指标")["达标概率"]
    chart = plots.to_png(fig := dashboard.chart(), dpi=40) and " ".join(
        ax.get_title(loc="left") for ax in fig.axes)
    for item in dashboard.forecast.indicators:
        shown = table[item.name.zh]
        assert shown.endswith("%") and shown in chart, (item.code, shown)
        page = IndicatorPage(check_parameters(region="xingyang", year=2025, data=data,
                                              indicator=item.code))
        assert f"达标概率{shown}" in page.text()


# A synthetic county (test only) whose names hold matplotlib's math markers: a valid formula,
# an invalid one (once an error that failed six of eight pages) and a lone dollar sign.
MATH_NAMES = [r"$x^2$ 合成县(测试用)", r"$\frac{$ 合成县(测试用)", "a$b 合成县(测试用)"]


@pytest.fixture(scope="module")
def math_named(tmp_path_factory):
    """A copy of data/ with one synthetic county per name above and a few made-up figures."""
    folder = copy_data(tmp_path_factory.mktemp("math") / "data")
    with (folder / "regions.csv").open("a", encoding="utf-8") as handle:
        for n, name in enumerate(MATH_NAMES):
            handle.write(f'synthetic_{"abc"[n]},"{name}","{name}",county,zhengzhou\n')
    rows = [[f"synthetic_{'abc'[n]}", "gdp", period, "growth_pct", value, "%",
             "synthetic test figure", ""]
            for n in range(len(MATH_NAMES))
            for period, value in (("2023", 5.1), ("2024", 5.4), ("2025-06", 5.2))]
    write_csv(folder / "local" / "synthetic.csv", rows, HEADER)
    return load(folder)


def _texts(fig: Figure) -> list:
    return fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_parse_math"))


def test_math_in_a_name_breaks_plain_matplotlib():
    """The control: matplotlib typesets "$…$" and fails on an invalid formula."""
    fig = Figure()
    fig.subplots().set_title(MATH_NAMES[1])
    with pytest.raises(ValueError, match=r"ParseFatalException|Expected"):
        fig.savefig(io.BytesIO(), format="png")


@pytest.mark.parametrize("code, name", [(f"synthetic_{'abc'[n]}", name)
                                        for n, name in enumerate(MATH_NAMES)])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_name_with_dollar_signs_is_drawn_as_typed_never_as_a_formula(math_named, code,
                                                                        name, lang):
    params = check_parameters(region=code, year=2025, indicator="gdp", lang=lang,
                              data=math_named)
    page = IndicatorPage(params)
    figures = [page.fan_chart(), page.history_chart(),
               Dashboard(check_parameters(region=code, year=2025, lang=lang,
                                          data=math_named)).chart()]
    for fig in figures:
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            assert plots.to_png(fig, dpi=40).startswith(b"\x89PNG")
        assert _glyph_warnings(record) == []
        texts = _texts(fig)  # findobj makes the ticks of an axis turned off, empty: no math
        assert not [t.get_text() for t in texts if t.get_parse_math() and t.get_text()]
        assert any(name in t.get_text() for t in texts), [t.get_text() for t in texts]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_prints_on_a4_with_text_of_at_least_9_points(charts, lang):
    """Issue 17: charts drawn 12 inches wide printed their 7.5 pt ticks at about 4 pt. Every
    chart is now as wide as the Word report's text at most, so it prints at its own size,
    and every text in it, ticks included, is at least 9 pt."""
    for fig in charts[lang]:
        plots.to_png(fig, dpi=50)  # draw: ticks and their labels exist from here
        assert fig.get_figwidth() <= plots.PRINT_WIDTH + 1e-9
        small = {(text.get_text(), text.get_fontsize()) for text in fig.findobj(Text)
                 if text.get_visible() and text.get_text().strip()
                 and text.get_fontsize() < plots.SMALLEST}
        assert small == set(), fig.axes[0].get_title(loc="left")
        _no_text_runs_into_another(fig)


def _no_text_runs_into_another(fig: Figure) -> None:
    """Tick labels of one axis never overlap (labels were crowded once the charts shrank)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            boxes = [label.get_window_extent(renderer) for label in axis.get_ticklabels()
                     if label.get_visible() and label.get_text().strip()]
            for n, box in enumerate(boxes):
                assert not any(box.overlaps(other) for other in boxes[n + 1:]), \
                    [label.get_text() for label in axis.get_ticklabels()]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cached_line_metrics_draw_what_matplotlib_draws(data, monkeypatch, lang):
    """``to_png`` hands its renderer ``fonts.LineMetrics`` (a cache of what matplotlib's
    text layout reads per text): the bytes are those of matplotlib's own measurement (each
    figure drawn once: a constrained layout drawn again may move a little)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    page = IndicatorPage(check_parameters(region="xingyang", year=2025, indicator="gdp",
                                          lang=lang, data=data))
    makers = [page.fan_chart, page.history_chart, page.movement_chart]
    cached = [plots.to_png(make(), dpi=60) for make in makers]
    draw = FigureCanvasAgg.draw

    def own_measure(canvas):
        del canvas.get_renderer()._get_font_height_metrics
        draw(canvas)

    monkeypatch.setattr(FigureCanvasAgg, "draw", own_measure)
    assert [plots.to_png(make(), dpi=60) for make in makers] == cached
