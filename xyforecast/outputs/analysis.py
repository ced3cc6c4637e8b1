"""The monthly analysis a bureau sends upstairs, as sentences and tables in its own phrasing.

An ``Analysis`` formats one ``Forecast`` (the projections, how each moved release by release,
where the region stands among its peers) for the Word report (``word.py``), the workbook and
the ``report`` command. Its methods return finished
sentences in either language — "2025年1-9月,荥阳市规模以上工业增加值累计增长8.8%,较1-8月回落
0.3个百分点,低于郑州市0.5个百分点,在郑州市6个有数据的县(市)中居第4位。" — and plain tables.
Targets speak for themselves (``Target.label``/``rule``); statuses and probabilities come
from the summary, so a new kind of target reads right here without a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from xyforecast.engine.movement import Step
from xyforecast.engine.results import Projection
from xyforecast.engine.standing import Standing, group_of, has_peers
from xyforecast.engine.targets import Target, targets_for
from xyforecast.forecast import Forecast
from xyforecast.i18n import Pair, amount, label, render, t
from xyforecast.inputs.dataset import Dataset
from xyforecast.outputs import numbers
from xyforecast.outputs.numbers import direction
from xyforecast.outputs.summary import MET_RULE, STATUS_RULE
from xyforecast.outputs.tables import status_label
from xyforecast.periods import Period

NUMERALS = "一二三四五六七八九十"  # (一)…(十): sub-headings of an official document


def say(key: str, lang: str, **values: Any) -> str:
    return t(f"report.{key}", lang, **values)


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


@dataclass
class Analysis:
    forecast: Forecast

    # --- what it rests on ---------------------------------------------------------------------

    @cached_property
    def summary(self) -> dict[str, Any]:
        return self.forecast.to_summary()

    @property
    def data(self) -> Dataset:
        return self.forecast.data

    @property
    def view(self) -> Dataset:
        return self.forecast.data

    @property
    def region(self) -> str:
        return self.forecast.region.code

    @property
    def year(self) -> int:
        return self.forecast.year

    @property
    def cutoff(self) -> Period:
        return self.forecast.cutoff

    @property
    def projections(self) -> list[Projection]:
        return [i.projection for i in self.forecast.indicators]

    @property
    def movement(self) -> dict[str, list[Step]]:
        """Every indicator's projection at each release of the year (no look-ahead)."""
        return {i.code: list(i.movement) for i in self.forecast.indicators}

    @property
    def standings(self) -> dict[str, Standing | None]:
        return {i.code: i.standing for i in self.forecast.indicators}

    @property
    def items(self) -> list[tuple[dict[str, Any], Projection]]:
        """The summary's entry and the projection of each headline indicator."""
        return list(zip(self.summary["indicators"], self.projections))

    def region_name(self, lang: str, code: str | None = None) -> str:
        return self.data.catalog.region(code or self.region).name(lang)

    def name(self, code: str, lang: str) -> str:
        return self.data.catalog.indicator(code).name(lang)

    @property
    def parent(self) -> str | None:
        return self.data.catalog.region(self.region).parent

    def level_word(self, lang: str) -> str:
        return say(f"level_{self.data.catalog.region(self.region).level}", lang)

    # --- the document's parts ----------------------------------------------------------------

    def title(self, lang: str) -> str:
        period = self.cutoff if self.cutoff.year == self.year else Period(self.year, 12)
        return say("doc_title", lang, region=self.region_name(lang), period=period.label(lang))

    def dateline(self, lang: str) -> str:
        return say("doc_dateline", lang, cutoff=self.cutoff.label(lang))

    def overview(self, lang: str) -> str:
        items = self.summary["indicators"]
        counts: dict[str, int] = {}
        for item in items:
            counts[item["status"]] = counts.get(item["status"], 0) + 1
        parts = [say("dash_part", lang, n=n, status=status_label(s, lang))
                 for s, n in counts.items()]
        said = [say("doc_counts", lang, cutoff=self.cutoff.label(lang),
                    region=self.region_name(lang), parts=say("list_comma", lang).join(parts))]
        known = [i for i in items if i["p_meet_target"] is not None]
        if len(known) >= 2:
            best = max(known, key=lambda i: i["p_meet_target"])
            worst = min(known, key=lambda i: i["p_meet_target"])
            said.append(say("doc_best", lang, best=self.name(best["indicator"], lang),
                            worst=self.name(worst["indicator"], lang),
                            p_best=numbers.percent(best["p_meet_target"]),
                            p_worst=numbers.percent(worst["p_meet_target"])))
        borrowed = sum(i["method"] == "borrowed" for i in items)
        if borrowed:
            said.append(say("doc_borrowed", lang, n=borrowed, region=self.region_name(lang)))
        return say("sentence_gap", lang).join(said)

    def heading(self, section: int, n: int, code: str, lang: str) -> str:
        """(一)地区生产总值 / 2.1 Gross domestic product."""
        return say("doc_h_indicator", lang, section=section, n=n, numeral=numeral(n),
                   name=self.name(code, lang))

    def paragraph(self, item: dict[str, Any], projection: Projection, lang: str) -> str:
        """One indicator: where it stands, the target and the projection, what the rest of
        the year needs, and a level target against 序时进度."""
        parts = [self.where_it_stands(item, lang), self._projection(item, projection, lang)]
        if projection.target is not None and projection.known:
            parts.append(self._required(item, lang))
        parts += [self.level(projection.indicator, lang)]
        return say("sentence_gap", lang).join(p for p in parts if p)

    def where_it_stands(self, item: dict[str, Any], lang: str) -> str:
        code = item["indicator"]
        s = self.standings.get(code)
        if s is None:
            return self._no_own_figure(item, lang)
        text = say("doc_own", lang, period=s.period.label(lang), region=self.region_name(lang),
                   name=self.name(code, lang), value=numbers.fixed(s.value))
        if s.previous is not None:
            way = direction(s.change)
            previous = short(s.previous[0], lang)
            text += (say("doc_change_level", lang, previous=previous) if way == "level" else
                     say("doc_change", lang, previous=previous, change=numbers.fixed(abs(
                         s.change)), direction=say(f"doc_{way}", lang)))
        if s.gap is not None:
            parent = self.region_name(lang, s.parent)
            way = direction(s.gap)
            text += (say("doc_gap_level", lang, parent=parent) if way == "level" else
                     say("doc_gap", lang, parent=parent, gap=numbers.fixed(abs(s.gap)),
                         direction=say("doc_above" if way == "up" else "doc_below", lang)))
        if s.rank is not None and s.parent is not None:
            text += say("doc_rank", lang, parent=self.region_name(lang, s.parent), n=s.ranked,
                        level=self.level_word(lang), rank=s.rank)
        return text + say("doc_stop", lang)

    def _no_own_figure(self, item: dict[str, Any], lang: str) -> str:
        latest, name = item["latest"], self.name(item["indicator"], lang)
        region = self.region_name(lang)
        if not latest:
            return say("doc_latest_none", lang, region=region, name=name)
        values = dict(region=region, name=name, value=numbers.fixed(latest["growth_pct"]),
                      period=Period.parse(latest["period"]).label(lang),
                      other=self.region_name(lang, latest["region"]))
        if latest["region"] != self.region:
            return say("doc_latest_other", lang, **values)
        return say("doc_latest_last_year", lang, **values)

    def _projection(self, item: dict[str, Any], projection: Projection, lang: str) -> str:
        proj = item["projection"]
        if proj is None:
            return say("doc_no_projection", lang)
        shown = {k: numbers.fixed(proj[k]) for k in ("median", "p10", "p90")}
        target = projection.target
        if target is None:
            return say("doc_no_target", lang, **shown)
        return say("doc_target", lang, label=target.label(lang), rule=target.rule(lang),
                   p=numbers.percent(item["p_meet_target"]),
                   status=status_label(item["status"], lang), **shown)

    def _required(self, item: dict[str, Any], lang: str) -> str:
        need = item["required_rest_growth_pct_rule"]
        if need is None:
            need = item["required_rest_growth_pct"]
        if need is None:
            return "" if item["method"] == "published" else say(
                "doc_required_unknown", lang, region=self.region_name(lang))
        return say("doc_required", lang, need=numbers.fixed(need))

    def level_targets(self, indicator: str) -> list[Target]:
        return [t_ for t_ in targets_for(self.view, self.region, self.year)
                if t_.indicator == indicator and t_.measure == "level"]

    def level(self, indicator: str, lang: str) -> str:
        """A level target (investment of 360亿元) against 序时进度, or "no figures yet"."""
        targets = self.level_targets(indicator)
        if not targets:
            return ""
        target = targets[0]
        done = self.forecast.indicator(indicator).progress
        if done is None:
            return say("doc_level_none", lang, label=target.label(lang))
        ahead = done.ahead_pp >= 0
        unit = amount(1.0, target.unit, lang)[1]
        return say("doc_level", lang, label=target.label(lang), unit=unit,
                   period=done.period.label(lang),
                   done=numbers.general(amount(done.done, target.unit, lang)[0]),
                   share_done=numbers.percent(done.share_done),
                   share_expected=numbers.percent(done.elapsed),
                   direction=say("doc_faster" if ahead else "doc_slower", lang),
                   gap=numbers.fixed(abs(done.ahead_pp)),
                   source=say("doc_elapsed", lang),
                   rest=numbers.general(amount(done.required_rest, target.unit, lang)[0]))

    # --- how the projections moved ---------------------------------------------------------

    def moved(self, indicator: str, lang: str) -> str:
        """Where the projection started, how the last release moved it, and why."""
        steps, name = self.movement[indicator], self.name(indicator, lang)
        first, last = steps[0], steps[-1]
        if len(steps) < 2 or not last.projection.known or last.moved is None:
            return say("doc_movement_none", lang, name=name)
        before = steps[-2]
        start = say("doc_since_start", lang, name=name, start=self.when(first.cutoff, lang),
                    first=numbers.fixed(first.projection.median),
                    p_first=numbers.percent(first.projection.p_meet))
        way = direction(last.moved)
        values = dict(before=self.when(before.cutoff, lang), name=name,
                      median=numbers.fixed(last.projection.median),
                      p_before=numbers.percent(before.projection.p_meet),
                      p_now=numbers.percent(last.projection.p_meet))
        text = start + (say("doc_moved_level", lang, **values) if way == "level" else say(
            "doc_moved", lang, moved=numbers.fixed(abs(last.moved)),
            direction=say("doc_raised" if way == "up" else "doc_lowered", lang), **values))
        return text + self._news(last, lang)

    def _news(self, step: Step, lang: str) -> str:
        news = step.news
        if news is None:
            return say("doc_stop", lang)
        figure = news.figure
        values = dict(region=self.region_name(lang, figure.region),
                      period=Period.parse(figure.period).label(lang),
                      value=numbers.fixed(figure.value))
        if news.surprise is None:
            values["period"] = alone(Period.parse(figure.period), lang)
            return say("doc_news_month", lang, **values)
        way = direction(news.surprise)
        if way == "level":
            return say("doc_news_level", lang, **values)
        return say("doc_news", lang, expected=numbers.fixed(news.expected),
                   surprise=numbers.fixed(abs(news.surprise)),
                   direction=say("doc_higher" if way == "up" else "doc_lower", lang), **values)

    def when(self, cutoff: Period, lang: str) -> str:
        """A step's cut-off: 上年末 for the December before, else 1-9月."""
        return say("doc_start", lang) if cutoff.year < self.year else short(cutoff, lang)

    def movement_table(self, lang: str) -> pd.DataFrame:
        """P(meet) of each indicator at each release (rows: cut-offs; columns: indicators)."""
        cutoffs = sorted({s.cutoff for steps in self.movement.values() for s in steps})
        table = {say("doc_col_when", lang): [self.when(c, lang) for c in cutoffs]}
        for code, steps in self.movement.items():
            by_cut = {s.cutoff: s.projection for s in steps}
            column, last = [], None
            for cut in cutoffs:
                last = by_cut.get(cut, last)  # no release: the projection stands
                column.append(numbers.percent(last.p_meet) if last else numbers.MISSING)
            table[self.name(code, lang)] = column
        return pd.DataFrame(table)

    def steps_table(self, indicator: str, lang: str) -> pd.DataFrame:
        """One indicator release by release: the news, how far it was from what was
        expected, the projection, its interval, the probability and how far it moved."""
        rows = []
        for step in self.movement[indicator]:
            p, news = step.projection, step.news
            q = p.quantiles
            rows.append({
                say("doc_col_when", lang): self.when(step.cutoff, lang),
                say("col_news", lang): self._news_cell(news, lang),
                say("col_surprise", lang): numbers.signed(news.surprise) if news else
                numbers.MISSING,
                say("col_median", lang): numbers.fixed(q["median"]),
                label("interval80", lang): (f"{numbers.signed(q['p10'])} ~ "
                                            f"{numbers.signed(q['p90'])}" if p.known
                                            else numbers.MISSING),
                label("p_meet", lang): numbers.percent(p.p_meet),
                say("col_moved", lang): numbers.signed(step.moved)})
        return pd.DataFrame(rows)

    def _news_cell(self, news, lang: str) -> str:
        if news is None:
            return numbers.MISSING
        figure = news.figure
        period = Period.parse(figure.period)
        if figure.measure == "growth_pct":
            key, when = "news_cell", short(period, lang)
        else:
            key, when = "news_cell_month", alone(period, lang)
        return say(key, lang, region=self.region_name(lang, figure.region), period=when,
                   value=numbers.fixed(figure.value))

    # --- peers -------------------------------------------------------------------------------

    def peers(self, lang: str) -> list[str]:
        """The region's rank among its siblings, indicator by indicator, where figures exist."""
        parent = self.parent
        if parent is None or len(group_of(self.view, self.region)) < 2:
            return []
        ranked = [self.where_it_stands(item, lang) for item in self.summary["indicators"]
                  if (s := self.standings.get(item["indicator"])) and s.rank is not None]
        peers = has_peers(self.view, self.region)
        if not ranked:
            ranked = [say("doc_peers_own_none" if peers else "doc_peers_none", lang,
                          region=self.region_name(lang), parent=self.region_name(lang, parent),
                          level=self.level_word(lang))]
        if peers:
            ranked.append(say("doc_peers_page", lang))
        return ranked

    # --- targets and tables ------------------------------------------------------------------

    def other_targets(self, lang: str) -> pd.DataFrame:
        """The report's other quantitative targets with progress where figures exist."""
        from xyforecast.outputs.progress import progress

        headline = {i.code for i in self.data.catalog.headline()}
        rows = [{label("indicator", lang): self.name(target.indicator, lang),
                 label("target", lang): target.label(lang),
                 say("col_progress", lang): progress(self.view, target, lang)}
                for target in targets_for(self.view, self.region, self.year)
                if target.indicator not in headline]
        return pd.DataFrame(rows)

    def headline_table(self, lang: str) -> pd.DataFrame:
        """Table 1: one row per headline indicator, short enough for a portrait page."""
        from xyforecast.outputs.tables import forecast_table

        keep = [label(k, lang) for k in ("indicator", "target", "projection", "interval80",
                                          "p_meet", "required", "status")]
        return forecast_table(self.summary, lang)[keep]

    def note(self, lang: str) -> list[str]:
        """Method, the basis of each projection, the rules, the data and the fonts."""
        obs = self.view.observations
        user = int((obs["origin"] == "user").sum())
        lines = [say("doc_note_method", lang)]
        lines += [say("doc_note_basis", lang, name=self.name(i["indicator"], lang),
                      basis=render(Pair(i["basis_zh"], i["basis"]), lang))
                  for i in self.summary["indicators"]]
        lines.append(say("doc_note_rules", lang, met=render(MET_RULE, lang),
                         status=render(STATUS_RULE, lang)))
        lines.append(say("doc_note_sources", lang, shipped=len(obs) - user, user=user,
                         sha=self.summary["data_sha256"][:12]))
        lines.append(say("doc_note_fonts", lang))
        return lines
