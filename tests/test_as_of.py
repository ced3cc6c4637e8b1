"""As of means as of (issue 17.3): a report as of a cut-off uses only figures published by
then — the first release, not a later revision — in every section, movement news included.

Two synthetic bureau tables (titles "synthetic 合成测试数据"): a 1–6月 table with GDP +5.6,
and a 1–9月 table with months as column groups whose 1–6月 column revises GDP to +5.2.
Neither states a release date: the 1–9月 table counts as published after September.
"""

from __future__ import annotations

import json

import pytest
from docx import Document
from openpyxl import Workbook

from xyforecast.cli import main
from xyforecast.engine.movement import replay
from xyforecast.inputs.dataset import load
from xyforecast.periods import Period

TITLE = "荥阳市2025年{}主要经济指标（synthetic 合成测试数据）"


def _june(path):
    book = Workbook()
    sheet = book.active
    sheet.title = "1-6月"
    sheet.append([TITLE.format("1-6月")])
    sheet.append(["指标名称", "单位", "1-6月累计", "同比增长(%)"])
    sheet.append(["地区生产总值", "亿元", 381.0, 5.6])
    sheet.append(["固定资产投资", "亿元", 170.2, 8.1])
    book.save(path)
    return path


def _september(path):
    book = Workbook()
    sheet = book.active
    sheet.title = "主要指标"
    sheet.append([TITLE.format("")])
    sheet.append(["指标", "单位", "2025年1-6月", None, "2025年1-9月", None])
    sheet.append([None, None, "累计", "同比增长%", "累计", "同比增长%"])
    sheet.append(["地区生产总值", "亿元", 381.0, 5.2, 580.2, 5.4])
    sheet.append(["固定资产投资", "亿元", 170.2, 8.1, 265.3, 8.5])
    for cells in ("A2:A3", "B2:B3", "C2:D2", "E2:F2", "A1:F1"):
        sheet.merge_cells(cells)
    book.save(path)
    return path


@pytest.fixture()
def tables(tmp_path):
    return _june(tmp_path / "yb-june.xlsx"), _september(tmp_path / "yb-september.xlsx")


def _gdp(summary: dict) -> dict:
    return next(i for i in summary["indicators"] if i["indicator"] == "gdp")


def test_a_revision_does_not_exist_before_it_was_published(tables):
    data = load(extra=list(tables))
    june, september = data.as_of("2025-06"), data.as_of("2025-09")
    assert june.year_to_date("xingyang", "gdp", 2025).to_dict() == {6: 5.6}
    assert september.year_to_date("xingyang", "gdp", 2025).to_dict() == {6: 5.2, 9: 5.4}
    # not in figures, first releases, rows or conflicts
    for frame in (june.figures, june.first_release, june.observations):
        gdp = frame[(frame.region == "xingyang") & (frame.indicator == "gdp")
                    & (frame.measure == "growth_pct") & (frame.year == 2025)]
        assert gdp["value"].tolist() == [5.6], frame
    assert not june.revisions and [c.what for c in september.revisions] == [
        "xingyang gdp 2025-06 growth_pct"]
    # the same figure in both tables (investment 8.1) is one figure, not a revision
    assert not [c for c in september.conflicts if c.key[1] == "fixed_asset_investment"]


def test_forecast_and_the_movement_news_use_the_first_release_as_of_june(tables, capsys):
    argv = ["forecast", "--region", "xingyang", "--year", "2025", "--json",
            *(a for t in tables for a in ("--observations", str(t)))]
    assert main([*argv, "--as-of", "2025-06"]) == 0
    out = capsys.readouterr()
    assert _gdp(json.loads(out.out))["latest"]["growth_pct"] == 5.6
    assert "修订" not in out.err  # the revision came out later
    assert main([*argv, "--as-of", "2025-09"]) == 0
    out = capsys.readouterr()
    assert _gdp(json.loads(out.out))["latest"]["growth_pct"] == 5.4
    assert "修订：xingyang gdp 2025-06 growth_pct 由 5.6" in out.err
    data = load(extra=list(tables))
    june = replay(data, "xingyang", "gdp", 2025, "2025-06")
    assert june[-1].cutoff == Period(2025, 6)
    assert (june[-1].news.figure.region, june[-1].news.figure.value) == ("xingyang", 5.6)
    later = replay(data, "xingyang", "gdp", 2025, "2025-09")
    at_june = next(s for s in later if s.cutoff == Period(2025, 6))
    assert at_june.news.figure.value == 5.6  # what was new in June, as it was then
    assert later[-1].news.figure.value == 5.4


def test_the_word_report_as_of_june_never_shows_the_september_revision(tables, tmp_path,
                                                                          capsys):
    paths = [a for t in tables for a in ("--observations", str(t))]
    for cut, shown, hidden in (("2025-06", "5.6", "5.2"), ("2025-09", "5.4", "5.6")):
        out = tmp_path / f"report-{cut}.docx"
        assert main(["report", "--region", "xingyang", "--year", "2025", "--as-of", cut,
                     "--out", str(out), *paths]) == 0
        capsys.readouterr()
        document = Document(str(out))
        text = [p.text for p in document.paragraphs]
        text += [c.text for table in document.tables for row in table.rows for c in row.cells]
        gdp = [line for line in text if "地区生产总值" in line and "%" in line]
        assert gdp and any(shown in line for line in gdp), gdp
        if cut == "2025-06":
            assert not any(f"增长{hidden}%" in line or f"+{hidden}%" in line for line in gdp)


def test_a_views_series_are_its_own_figures_found_through_its_datas_index(data):
    """``values`` finds a series through the data's index (a view keeps its data's, a view of
    a view composes them): every series reads as the view's own figures filtered."""
    for view in (data.as_of("2023-06"), data.as_of("2023-06").as_of("2022-12"),
                 data.as_of("2020-12")):
        f = view.figures
        for (region, indicator, measure), rows in list(
                f[f["territory"] == ""].groupby(["region", "indicator", "measure"]))[::7]:
            expected = {Period(int(y), int(m)): float(v)
                        for y, m, v in zip(rows["year"], rows["month"], rows["value"])}
            assert view.values(region, indicator, measure) == dict(sorted(expected.items()))
    assert data.as_of("2023-06").values("nowhere", "gdp") == {}
