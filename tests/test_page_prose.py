"""What the pages say, as people read it: Chinese prose in full-width punctuation, names not
codes on the data page, the targets cited to the government work report itself, and case
counts as whole numbers."""

from __future__ import annotations

import re

import pytest

from xyforecast.site.pages import (
    Dashboard,
    DataPage,
    IndicatorPage,
    PeersPage,
    TrackRecord,
    check_parameters,
)

CJK = r"[\u4e00-\u9fff]"
# an ASCII comma, semicolon, colon or parenthesis next to a Chinese character
ASCII_BESIDE_CHINESE = re.compile(rf"{CJK}[,;:()]|[,;:()]{CJK}")


@pytest.fixture(scope="module")
def pages(data) -> list[object]:
    params = check_parameters(region="xingyang", year=2025, data=data)
    indicator = check_parameters(region="xingyang", year=2025, indicator="gdp", data=data)
    return [Dashboard(params), DataPage(params), IndicatorPage(indicator), PeersPage(params),
            TrackRecord(params)]


def test_chinese_prose_on_the_pages_takes_full_width_punctuation(pages):
    """"荥阳市:数据说明", "(指纹 …)", "增长6%左右,力争…" on the pages; the Word report already
    wrote "，；：（）"."""
    for page in pages:
        said = [page.heading(), page.text()]
        if isinstance(page, Dashboard):
            said += [page.movement_text(), page.levels(), page.bases()]
        if isinstance(page, IndicatorPage):
            said += [page.movement_text(), page.basis()]
        for text in said:
            assert not ASCII_BESIDE_CHINESE.search(str(text)), (type(page).__name__, text)


def test_the_data_page_names_indicators_without_codes(pages, data):
    page = next(p for p in pages if isinstance(p, DataPage))
    codes = set(data.catalog.indicators)
    for table in (page.coverage(), page.targets()):
        names = set(table["指标"])
        assert names and not any(code in name for name in names for code in codes)
        assert not any("(" in name for name in names)


def test_targets_are_cited_to_the_work_report_itself(pages):
    """Xingyang's targets come from its 2025 government work report (its text is kept in
    data/sources/); the web page they were read from is a reprint, not the source."""
    page = next(p for p in pages if isinstance(p, DataPage))
    targets = page.targets()
    assert set(targets["来源"]) == {"荥阳市2025年政府工作报告"}
    assert set(targets["原文"]) == {"data/sources/xingyang_2025_government_work_report.txt"}


def test_case_counts_are_whole_numbers(pages):
    """The scorecard said 484.0 cases."""
    page = next(p for p in pages if isinstance(p, TrackRecord))
    counts = [c for c in page.scorecard()["案例数"] if c != ""]
    assert counts and all(re.fullmatch(r"\d+", str(c)) for c in counts)


def test_the_peers_page_says_why_a_region_is_not_ranked(pages, data):
    """Not "荥阳市本身尚无可比较的数据" whatever the cause: the period compared is named, and it
    is true that Xingyang has no figure for it."""
    page = next(p for p in pages if isinstance(p, PeersPage))
    gdp = next(c for c in page.comparisons if c.indicator == "gdp")
    assert gdp.period is not None
    assert data.as_of(page.params.cutoff).values("xingyang", "gdp").get(gdp.period) is None
    assert (f"地区生产总值：比较时期为{gdp.period.label('zh')}（至少两个地区有数据的最近时期），"
            "荥阳市本身没有该时期的数据，未参与排名。") in page.text()


def test_an_interval_below_zero_is_written_in_words_as_in_the_word_report(data):
    """Xingyang's investment (borrowed, 80% interval from below zero): the page writes
    下降…至增长… as the Word report does, never a minus sign in a sentence."""
    from xyforecast.outputs.analysis import interval

    page = IndicatorPage(check_parameters(region="xingyang", year=2025,
                                          indicator="fixed_asset_investment", data=data))
    q = page.projection.quantiles
    assert q["p10"] < 0 < q["p90"]
    text = str(page.text())
    assert f"80%区间为{interval(q['p10'], q['p90'], 'zh')}" in text
    assert "80%区间为下降" in text and "-" not in text.split("80%区间为")[1].split("。")[0]
