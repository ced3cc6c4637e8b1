"""Chinese pages are in Chinese and English pages in English: every sentence, heading, table
and chart of every page, for several regions, years and cut-offs, with nothing from the other
language — except what comes from data files (sources, notes), shown as typed.

The pages are built in-process (the same library calls the notebooks make), so that this
runs in the fast tier; the end-to-end render tests check the HTML of real renders.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from matplotlib.figure import Figure

from xyforecast.outputs import fonts
from xyforecast.site.pages import (
    Dashboard,
    DataPage,
    IndicatorPage,
    PeersPage,
    TrackRecord,
    check_parameters,
)
from xyforecast.site.pages.common import plain

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# three English words in a row: a sentence or a phrase, not a code, a unit or a model name
ENGLISH = re.compile(r"[A-Za-z][A-Za-z'’]+(?:[ ,;:()-]+[A-Za-z][A-Za-z'’]+){2,}")
# (region, year, cut-off): borrowed (Xingyang), the year-to-date bridge (Zhengzhou), a
# province mid-year with conflicts between sources, and the case of issue 11: China 2024
# as of 2023-12, whose annual models fall back and say so in a note
CASES = [("xingyang", 2025, None), ("zhengzhou", 2025, None), ("henan", 2023, "2023-06"),
         ("china", 2024, "2023-12")]
TRACK_RECORD = ("xingyang",)  # the same committed backtest for every region: read once


def _chart_text(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(
        lambda a: hasattr(a, "get_text") and hasattr(a, "get_fontfamily")) if t.get_text()]


def _table_text(frame: pd.DataFrame) -> list[str]:
    return [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]


def page_text(data, region: str, year: int, as_of: str | None, lang: str) -> list[str]:
    """Everything a reader sees on the suite's pages for one report."""
    params = check_parameters(region=region, year=year, as_of=as_of, lang=lang, data=data)
    shown: list[object] = []
    dashboard = Dashboard(params)
    shown += [dashboard.heading(), dashboard.text(), dashboard.table(), dashboard.chart(),
              dashboard.bases(), dashboard.movement_text(), dashboard.movement_chart(),
              dashboard.movement_table(), dashboard.levels(), dashboard.other_targets(),
              *(dashboard.section(k) for k in ("table", "chart", "basis", "movement", "levels",
                                               "others"))]
    for indicator in data.catalog.headline():
        page = IndicatorPage(check_parameters(region=region, year=year, as_of=as_of, lang=lang,
                                              indicator=indicator.code, data=data))
        shown += [page.heading(), page.text(), page.fan_chart(), page.history_chart(),
                  page.history_table(), page.ytd_table(), page.basis(),
                  page.movement_text(), page.movement_chart(), page.movement_table(),
                  *(page.section(k) for k in ("projection", "ytd", "history", "basis",
                                              "movement"))]
    peers = PeersPage(params)
    shown += [peers.heading(), peers.text(), *peers.tables()]
    page = DataPage(params)
    shown += [page.heading(), page.text(), page.coverage(), page.reference_coverage(),
              page.targets(), page.sources(), page.conflicts(),
              *(page.section(k) for k in ("coverage", "reference", "targets", "sources",
                                          "conflicts"))]
    if region in TRACK_RECORD:
        record = TrackRecord(params)
        shown += [record.heading(), record.text(), record.table(), record.chart(),
                  record.losses(), record.rerun(),
                  *(record.section(k) for k in ("table", "chart", "losses"))]
    texts: list[str] = []
    for item in shown:
        if isinstance(item, pd.DataFrame):
            texts += _table_text(item)
        elif isinstance(item, Figure):
            texts += _chart_text(item)
        else:
            texts.append(plain(str(item)))
    return texts


def _without_data(texts: list[str], data) -> str:
    """The pages' text with every string from the data files (sources, notes, units, the
    catalogue's names) taken out: those show as typed."""
    text = "\n".join(texts)
    typed = [*data.observations["source"], *data.observations["note"], *data.targets["source"],
             *data.targets["note"], *data.targets["unit"], *data.observations["unit"],
             # the catalogue's names as typed (one English name quotes its Chinese term)
             *(i.name_en for i in data.catalog.indicators.values()),
             fonts.chosen().family]  # the data page names the charts' font as it is called
    for value in sorted({str(v) for v in typed if isinstance(v, str) and v}, key=len,
                        reverse=True):
        text = text.replace(" ".join(value.split()), " ")
    return text


def _case(region: str, year: int, as_of: str | None) -> object:
    return pytest.param(region, year, as_of, id=f"{region}-{year}-{as_of}")


@pytest.mark.parametrize("region, year, as_of", [_case(*c) for c in CASES])
def test_chinese_pages_have_no_english_sentence(data, region, year, as_of):
    text = _without_data(page_text(data, region, year, as_of, "zh"), data)
    found = sorted(set(ENGLISH.findall(text)))
    assert found == [], found


@pytest.mark.parametrize("region, year, as_of", [pytest.param(*c, id=f"{c[0]}-{c[1]}-{c[2]}")
                                                 for c in CASES])
def test_english_pages_have_no_chinese(data, region, year, as_of):
    text = _without_data(page_text(data, region, year, as_of, "en"), data)
    lines = sorted({line for line in text.splitlines() if CJK.search(line)})
    assert lines == [], lines[:10]
