"""The monthly analysis a bureau sends upstairs: one ``Forecast`` in the bureau's sentences.

An ``Analysis`` formats a ``Forecast`` — it computes nothing — for the Word report
(``word.py``), the workbook and the pages. Each indicator reads as the bureau writes it,
from the whole row of its table: "2025年1-9月，荥阳市固定资产投资完成268.1亿元，同比增长7.2%，
增速比1-8月提高0.4个百分点；其中9月完成30.1亿元" (the 总量, the growth, the stated change, the
本月 figure where the table has them), then the target, the projection and what the rest of
the year needs. Where the table's stated change is not the difference of its two growth
figures, the sentence says so. Every sentence is true of the data that made it: no "no
local data" when there is, a switch from borrowed to own figures announced as a change of
basis rather than as news, and peers that are missing named as missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from xyforecast.engine.movement import News, Step
from xyforecast.engine.standing import Standing, group_of
from xyforecast.engine.targets import Target
from xyforecast.forecast import Forecast, IndicatorForecast
from xyforecast.i18n import amount, render
from xyforecast.i18n.report import typeset_t
from xyforecast.inputs.dataset import Dataset
from xyforecast.outputs import numbers
from xyforecast.outputs.numbers import direction
from xyforecast.outputs.tables import status_label
from xyforecast.periods import Period

NUMERALS = "一二三四五六七八九十"  # (一)…(十): sub-headings of an official document
QUARTERS = "一二三四"


def say(key: str, lang: str, **values: object) -> str:
    """The sentence ``report.<key>``, its own punctuation as printed (full-width in
    Chinese), the values put into it as they are."""
    return typeset_t(f"report.{key}", lang, **values)


def numeral(n: int) -> str:
    """1 -> 一 … 10 -> 十, for the headings of an official document."""
    return NUMERALS[(n - 1) % len(NUMERALS)]


def alone(period: Period, lang: str) -> str:
    """The single month (or quarter) a single-period figure is for: 2025年6月 / Jun 2025."""
    name = period.label("en").split()[0].split("-")[-1]
    return say("month_alone", lang, year=period.year, m=period.month, name=name)


def short(period: Period, lang: str) -> str:
    """A period of the year named again, without the year: 1-8月 / Jan-Aug."""
    if period.month == 12:
        return period.label(lang)
    return say("doc_months", lang, m=period.month, span=period.label("en").split()[0])


def growth(value: float, lang: str) -> str:
    """增长5.6% / 下降1.2% (up 5.6% / down 1.2%): a bureau never writes 增长-1.2%."""
    shown = numbers.shown(value)
    if shown is not None and shown < 0:
        return say("doc_fell", lang, value=numbers.fixed(-value))
    return say("doc_grew", lang, value=numbers.fixed(value))


def rate(value: float, lang: str) -> str:
    """A growth rate where the sentence says no verb: 1.4%, and 下降2.0% rather than -2.0%
    (a Chinese sentence writes no minus sign; English keeps it)."""
    shown = numbers.shown(value)
    if lang == "zh" and shown is not None and shown < 0:
        return growth(value, lang)
    return f"{numbers.fixed(value)}%"


def level_text(value: float, unit: str, lang: str) -> str:
    """452.3亿元 / 45.23 billion yuan."""
    shown, unit = amount(value, unit, lang)
    return f"{numbers.fixed(shown, 2 if lang == 'en' and unit.strip() != '%' else 1)}{unit}"


@dataclass(frozen=True)
class Analysis:
    forecast: Forecast

    # --- names --------------------------------------------------------------------------------

    @property
    def data(self) -> Dataset:
        return self.forecast.data  # as of the cut-off

    @property
    def region(self) -> str:
        return self.forecast.region.code

    @property
    def cutoff(self) -> Period:
        return self.forecast.cutoff

    @property
    def parent(self) -> str | None:
        return self.forecast.region.parent

    def region_name(self, lang: str, code: str | None = None) -> str:
        return self.data.catalog.region(code or self.region).name(lang)

    def name(self, code: str, lang: str) -> str:
        return self.data.catalog.indicator(code).name(lang)

    def level_word(self, lang: str) -> str:
        return say(f"level_{self.forecast.region.level}", lang)

    # --- the document's head ------------------------------------------------------------------

    def title(self, lang: str) -> str:
        year = self.forecast.year
        period = self.cutoff if self.cutoff.year == year else Period(year, 12)
        return say("doc_title", lang, region=self.region_name(lang), period=period.label(lang))

    def dateline(self, lang: str) -> str:
        return say("doc_dateline", lang, cutoff=self.cutoff.label(lang))

    def overview(self, lang: str) -> str:
        """How many indicators stand where, the most and least likely to be met, and how many
        rest on other regions' figures."""
        facts = self.forecast.overview()
        parts = [say("dash_part", lang, n=n, status=status_label(s, lang))
                 for s, n in facts.counts.items() if n]
        said = [say("doc_counts", lang, cutoff=self.cutoff.label(lang),
                    region=self.region_name(lang), parts=say("list_comma", lang).join(parts))]
        best, worst = facts.best, facts.worst
        if best is not None and worst is not None:
            said.append(say("doc_best", lang, best=self.name(best.code, lang),
                            worst=self.name(worst.code, lang),
                            p_best=numbers.percent(best.projection.p_meet),
                            p_worst=numbers.percent(worst.projection.p_meet)))
        if facts.borrowed:
            said.append(say("doc_borrowed", lang, n=len(facts.borrowed),
                            region=self.region_name(lang)))
        return say("sentence_gap", lang).join(said)

    def heading(self, section: int, n: int, code: str, lang: str) -> str:
        """(一)地区生产总值 / 2.1 Gross domestic product."""
        return say("doc_h_indicator", lang, section=section, n=n, numeral=numeral(n),
                   name=self.name(code, lang))

    # --- one indicator ------------------------------------------------------------------------

    def paragraph(self, item: IndicatorForecast, lang: str) -> str:
        """Where it stands (the table's row), the target and the projection, what the rest
        of the year needs, and a level target against 序时进度."""
        from xyforecast.outputs.progress import level_sentence

        parts = [self.where_it_stands(item, lang), self.outlook(item, lang),
                 self.required(item, lang)]
        if item.level_target is not None:
            parts.append(level_sentence(item.progress, item.level_target, lang))
        return say("sentence_gap", lang).join(p for p in parts if p)

    def where_it_stands(self, item: IndicatorForecast, lang: str) -> str:
        s = item.standing
        if s is None:
            return self._no_own_figure(item, lang)
        unit = self.data.catalog.indicator(item.code).unit
        values = dict(period=s.period.label(lang), region=self.region_name(lang),
                      name=self.name(item.code, lang), growth=growth(s.value, lang))
        text = (say("doc_own_level", lang, level=level_text(s.level, unit, lang), **values)
                if s.level is not None else say("doc_own", lang, **values))
        text += self._change(s, lang)
        if s.gap is not None:
            parent = self.region_name(lang, s.parent)
            way = direction(s.gap)
            text += (say("doc_gap_level", lang, parent=parent) if way == "level" else
                     say("doc_gap", lang, parent=parent, gap=numbers.fixed(abs(s.gap)),
                         direction=say("doc_above" if way == "up" else "doc_below", lang)))
        if s.rank is not None and s.parent is not None:
            text += say("doc_rank", lang, parent=self.region_name(lang, s.parent), n=s.ranked,
                        level=self.level_word(lang), rank=s.rank)
        return text + self._month(item, s, unit, lang) + say("doc_stop", lang)

    def _change(self, s: Standing, lang: str) -> str:
        """增速比1-8月提高0.2个百分点, as the table states it (else the difference of the two
        figures); a stated change that is not that difference is flagged."""
        if s.change is None:
            return ""
        previous = short(s.previous[0], lang) if s.previous else say("doc_previous", lang)
        way = direction(s.change)
        text = (say("doc_change_level", lang, previous=previous) if way == "level" else
                say("doc_change", lang, previous=previous, change=numbers.fixed(abs(s.change)),
                    direction=say(f"doc_{way}", lang)))
        if s.change_disagrees:  # 计算为回落0.3个百分点, never 之差-0.3个百分点
            way = direction(s.computed_change)
            computed = (say("doc_change_same", lang) if way == "level" else
                        say("doc_change_by", lang, direction=say(f"doc_{way}", lang),
                            change=numbers.fixed(abs(s.computed_change))))
            text += say("doc_change_disagrees", lang, previous=previous,
                        period=short(s.period, lang), computed=computed)
        return text

    def _month(self, item: IndicatorForecast, s: Standing, unit: str, lang: str) -> str:
        """其中9月完成30.1亿元(，同比增长6.0%): the table's 本月 column."""
        if s.month_level is None and s.month_growth_pct is None:
            return ""
        quarter = self.data.catalog.indicator(item.code).quarterly
        when = (say("doc_quarter", lang, q=QUARTERS[(s.period.month - 1) // 3],
                    n=(s.period.month - 1) // 3 + 1) if quarter else
                say("doc_month", lang, m=s.period.month, name=alone(s.period, "en").split()[0]))
        if s.month_level is None:
            return say("doc_month_growth", lang, when=when, growth=growth(s.month_growth_pct,
                                                                         lang))
        text = say("doc_month_level", lang, when=when, level=level_text(s.month_level, unit,
                                                                      lang))
        if s.month_growth_pct is not None:
            text += say("doc_month_and", lang, growth=growth(s.month_growth_pct, lang))
        return text

    def _no_own_figure(self, item: IndicatorForecast, lang: str) -> str:
        latest, name = item.projection.latest, self.name(item.code, lang)
        region = self.region_name(lang)
        if latest is None:
            return say("doc_latest_none", lang, region=region, name=name)
        values = dict(region=region, name=name, growth=growth(latest.growth_pct, lang),
                      period=Period.parse(latest.period).label(lang),
                      other=self.region_name(lang, latest.region))
        if latest.region != self.region:
            return say("doc_latest_other", lang, **values)
        return say("doc_latest_last_year", lang, **values)

    def outlook(self, item: IndicatorForecast, lang: str) -> str:
        """年度目标为增长6%左右（增长5.5%以上即视为完成），预计全年增长5.6%，80%区间为5.4%～5.8%，
        达标概率73%，有望完成全年目标。"""
        p = item.projection
        if not p.known:
            return say("doc_no_projection", lang)
        q = p.quantiles
        shown = dict(median=growth(q["median"], lang), interval=interval(q["p10"], q["p90"],
                                                                          lang))
        target = p.target
        if target is None:
            return say("doc_no_target", lang, **shown)
        return say("doc_target", lang, label=target.label(lang), rule=rule(target, lang),
                   p=numbers.percent(p.p_meet), status=status_sentence(item.status, lang),
                   **shown)

    def required(self, item: IndicatorForecast, lang: str) -> str:
        """余下时期需增长: what the rest of the year needs to reach the stated target; the
        达标线 figure only under its own label, where it differs."""
        need = item.required
        if item.target is None or not item.projection.known:
            return ""
        if need.stated is None:
            return "" if item.projection.method == "published" else say(
                "doc_required_unknown", lang, region=self.region_name(lang))
        text = (say("doc_required", lang, need=numbers.fixed(need.stated))
                if numbers.shown(need.stated) >= 0 else
                say("doc_required_fall", lang, need=numbers.fixed(-need.stated)))
        if need.threshold is not None and numbers.fixed(need.threshold) != numbers.fixed(
                need.stated):  # 下降不超过2.7%, never 增速-2.7%
            text += (say("doc_required_threshold", lang, need=numbers.fixed(need.threshold))
                     if numbers.shown(need.threshold) >= 0 else
                     say("doc_required_threshold_fall", lang,
                         need=numbers.fixed(-need.threshold)))
        return text + say("doc_stop", lang)

    # --- how the projections moved ------------------------------------------------------------

    def moved(self, item: IndicatorForecast, lang: str) -> str:
        """Where the projection started, how the last release moved it, and why — or, when
        the last release is the region's first own figure, that the basis changed."""
        steps, name = item.movement, self.name(item.code, lang)
        last = steps[-1] if steps else None
        if item.basis_change is not None and last is not None and last.projection.known:
            p = last.projection
            previous = steps[-2].projection.latest if len(steps) > 1 else None
            return say("doc_basis_change", lang, name=name, change=render(item.basis_change,
                                                                          lang),
                       median=growth(p.median, lang), p=numbers.percent(p.p_meet),
                       other=self.region_name(lang, previous.region) if previous else "")
        if len(steps) < 2 or not last.projection.known or last.moved is None:
            return say("doc_movement_none", lang, name=name)
        first, before = steps[0], steps[-2]
        start = say("doc_since_start", lang, name=name, start=self.when(first.cutoff, lang),
                    first=growth(first.projection.median, lang),
                    first_rate=rate(first.projection.median, lang),
                    p_first=numbers.percent(first.projection.p_meet))
        way = direction(last.moved)
        values = dict(before=self.when(before.cutoff, lang), name=name,
                      median=rate(last.projection.median, lang),
                      p_before=numbers.percent(before.projection.p_meet),
                      p_now=numbers.percent(last.projection.p_meet))
        chance = say("doc_chance_same" if values["p_before"] == values["p_now"] else
                     "doc_chance_moved", lang, **values)
        text = start + (say("doc_moved_level", lang, chance=chance, **values) if way == "level"
                        else say("doc_moved", lang, moved=numbers.fixed(abs(last.moved)),
                                 direction=say("doc_raised" if way == "up" else "doc_lowered",
                                               lang), chance=chance, **values))
        return text + self._news(last.news, lang)

    def _news(self, news: News | None, lang: str) -> str:
        if news is None:
            return say("doc_stop", lang)
        figure = news.figure
        values = dict(region=self.region_name(lang, figure.region),
                      period=Period.parse(figure.period).label(lang),
                      value=numbers.fixed(figure.value), growth=growth(figure.value, lang))
        if news.surprise is None:
            values["period"] = alone(Period.parse(figure.period), lang)
            return say("doc_news_month", lang, **values)
        surprise = numbers.difference(figure.value, news.expected)
        way = direction(float(surprise))
        if way == "level":
            return say("doc_news_level", lang, **values)
        return say("doc_news", lang, expected=rate(news.expected, lang),
                   surprise=f"{abs(surprise):.1f}",
                   direction=say("doc_higher" if way == "up" else "doc_lower", lang), **values)

    def when(self, cutoff: Period, lang: str) -> str:
        """A step's cut-off: 上年末 for the December before, else 1-9月."""
        return say("doc_start", lang) if cutoff.year < self.forecast.year else short(cutoff,
                                                                                     lang)

    def switched(self, before: Step | None, step: Step) -> bool:
        """Whether ``step`` is the first resting on the region's own figures (a change of
        basis: its move is not news)."""
        def own(s: Step | None) -> bool:
            return s is not None and s.projection.latest is not None and \
                s.projection.latest.region == self.region
        return before is not None and own(step) and not own(before)

    # --- peers --------------------------------------------------------------------------------

    def peers(self, lang: str) -> list[str]:
        """The region's rank among its siblings where both have figures for the same period;
        else what is missing: the region's own figures, or the siblings' for that period."""
        parent = self.parent
        if parent is None or len(group_of(self.data, self.region)) < 2:
            return []
        items = self.forecast.indicators
        ranked = [self.where_it_stands(i, lang) for i in items
                  if i.standing is not None and i.standing.rank is not None]
        if ranked:
            return ranked
        values = dict(region=self.region_name(lang), parent=self.region_name(lang, parent),
                      level=self.level_word(lang))
        own = [i.standing.period for i in items if i.standing is not None]
        if not own:
            return [say("doc_peers_own_none", lang, **values)]
        return [say("doc_peers_siblings_none", lang, period=max(own).label(lang), **values)]


def interval(low: float, high: float, lang: str) -> str:
    """An interval of growth in prose: 5.0%～6.2%; where it reaches below zero, in words —
    下降9.5%至增长12.3% — as a bureau never writes a minus sign in a sentence (English keeps
    it: -9.5% to 12.3%)."""
    if lang != "zh" or numbers.shown(low) >= 0:
        return say("doc_interval", lang, low=numbers.fixed(low), high=numbers.fixed(high))
    return say("doc_interval_words", lang, low=growth(low, lang), high=growth(high, lang))


def rule(target: Target, lang: str) -> str:
    """When the target counts as met, in words, where that is not the target itself:
    （增长5.5%以上即视为完成） for "6%左右" — never a maths sign."""
    if target.measure != "growth_pct":
        return ""
    if target.upper is None and abs(target.threshold - target.value) < 1e-9:
        return ""
    key = "doc_rule_at_most" if target.qualifier == "at_most" else "doc_rule_at_least"
    return say(key, lang, threshold=numbers.general(target.threshold))


def status_sentence(status: str, lang: str) -> str:
    """A status in the bureau's words, as a clause: 有望完成全年目标 / 完成全年目标存在一定压力 /
    完成全年目标压力较大 (each holds the status's label of the tables)."""
    return say(f"doc_status_{status}", lang, status=status_label(status, lang))
