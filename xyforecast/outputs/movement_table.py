"""How the projections moved, as tables: the probability of meeting each target at every
release of the year (the Word report's Table 2, the dashboard), and one indicator release by
release with its news (the indicator page). They format the ``Forecast``'s movement; a
release that switched the region to its own figures is named as a change of basis, and its
move is not counted as news."""

from __future__ import annotations

import pandas as pd

from xyforecast.engine.movement import News
from xyforecast.i18n import label, t
from xyforecast.outputs import numbers
from xyforecast.outputs.analysis import Analysis, alone, say, short
from xyforecast.outputs.tables import interval_cell
from xyforecast.periods import Period


def head(key: str, lang: str) -> str:
    """A column's header (a label, as every table heads it)."""
    return t(f"report.{key}", lang)


def movement_table(a: Analysis, lang: str) -> pd.DataFrame:
    """P(meet) of each indicator at each release (rows: cut-offs; columns: indicators)."""
    movement = {i.code: i.movement for i in a.forecast.indicators}
    cutoffs = sorted({s.cutoff for steps in movement.values() for s in steps})
    table = {head("doc_col_when", lang): [a.when(c, lang) for c in cutoffs]}
    for code, steps in movement.items():
        by_cut = {s.cutoff: s.projection for s in steps}
        column, last = [], None
        for cut in cutoffs:
            last = by_cut.get(cut, last)  # no release: the projection stands
            column.append(numbers.percent(last.p_meet) if last else numbers.MISSING)
        table[a.name(code, lang)] = column
    return pd.DataFrame(table)


def steps_table(a: Analysis, indicator: str, lang: str) -> pd.DataFrame:
    """One indicator release by release: the news, how far it was from what was expected
    (the difference of the two figures as shown), the projection, its interval, the
    probability and how far it moved."""
    rows, before = [], None
    for step in a.forecast.indicator(indicator).movement:
        p, news = step.projection, step.news
        q, switched = p.quantiles, a.switched(before, step)
        surprise = None if news is None or news.surprise is None or switched else \
            numbers.difference(news.figure.value, news.expected)
        rows.append({
            head("doc_col_when", lang): a.when(step.cutoff, lang),
            head("col_news", lang): say("news_basis_change", lang, region=a.region_name(lang))
            if switched else _news_cell(a, news, lang),
            head("col_surprise", lang): numbers.MISSING if surprise is None
            else f"{surprise:+.1f}",
            head("col_median", lang): numbers.fixed(q["median"]),
            label("interval80", lang): interval_cell(q["p10"], q["p90"], lang),
            label("p_meet", lang): numbers.percent(p.p_meet),
            head("col_moved", lang): numbers.MISSING if switched else numbers.signed(step.moved)})
        before = step
    return pd.DataFrame(rows)


def _news_cell(a: Analysis, news: News | None, lang: str) -> str:
    if news is None:
        return numbers.MISSING
    figure = news.figure
    period = Period.parse(figure.period)
    if figure.measure == "growth_pct":
        key, when = "news_cell", short(period, lang)
    else:
        key, when = "news_cell_month", alone(period, lang)
    return say(key, lang, region=a.region_name(lang, figure.region), period=when,
               value=numbers.fixed(figure.value))
