"""The Word report read back with python-docx: title, a paragraph per headline indicator in
the bureau's phrasing, the headline table, pictures, official typography, Chinese only in the
Chinese version. The figures written here for Xingyang and Gongyi are synthetic (tests only)."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from xyforecast.cli import main
from xyforecast.forecast import Forecast
from xyforecast.inputs.dataset import load
from xyforecast.outputs import fonts, word
from xyforecast.outputs.analysis import Analysis
from xyforecast.outputs.plots import PRINT_DPI, to_png
from xyforecast.outputs.word import write_report
from xyforecast.outputs.word_table import CELL_MARGIN, PICTURE_WIDTH, text_width
from xyforecast.site.pages import Dashboard, check_parameters

from conftest import write_csv

NAMES = ["地区生产总值", "规模以上工业增加值", "固定资产投资", "社会消费品零售总额",
         "一般公共预算收入"]
# three lower-case words in a row: a sentence (names such as Noto Serif CJK SC are capitalised)
ENGLISH = re.compile(r"\b[a-z]{2,}(?:[ ,.;:'-]+[a-z]{2,}\b){2,}")
SYNTHETIC = "synthetic test figures"


@pytest.fixture(scope="module")
def shipped(data) -> Analysis:
    return Analysis(Forecast.build(data, "xingyang", 2025))


@pytest.fixture(scope="module")
def chinese(shipped, tmp_path_factory) -> Document:
    path = tmp_path_factory.mktemp("word") / "经济运行分析.docx"
    return Document(str(write_report(shipped, path, "zh")))


def texts(doc: Document) -> list[str]:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return [p.text for p in doc.paragraphs] + cells


def test_title_names_the_region_and_the_year(chinese):
    title = chinese.paragraphs[0]
    assert title.style.name == "Title"
    assert "荥阳市" in title.text and "2025" in title.text
    assert "数据截至2025年1-9月" in chinese.paragraphs[1].text


def test_a_paragraph_for_each_headline_indicator_and_the_headline_table(chinese):
    body = [p.text for p in chinese.paragraphs if p.style.name == "Normal"]
    for name in NAMES:  # the shipped data has no 2025 figure of Xingyang's own: true here
        mine = [p for p in body if p.startswith(f"荥阳市本年尚无{name}数据")]
        assert len(mine) == 1, name
        assert "达标概率" in mine[0] and "80%区间为" in mine[0]
    table = chinese.tables[0]
    assert [c.text.replace("\n", "") for c in table.rows[0].cells] == [
        "指标", "目标", "全年预测", "80%区间", "达标概率", "余下时期需增长", "状态"]
    assert [row.cells[0].text for row in table.rows[1:]] == NAMES
    investment = next(p for p in body if p.startswith("荥阳市本年尚无固定资产投资"))
    assert "年度目标360亿元以上，本年尚无完成额数据" in investment


def test_statuses_read_in_the_bureaus_words(chinese):
    """有望完成 / 存在一定压力 / 压力较大 in the table; the paragraph says the same status as a
    clause (完成全年目标存在一定压力), never 难以达标."""
    table = chinese.tables[0]
    statuses = [row.cells[-1].text for row in table.rows[1:]]
    assert set(statuses) <= {"有望完成", "存在一定压力", "压力较大"}
    body = [p.text for p in chinese.paragraphs if p.style.name == "Normal"]
    for name, status in zip(NAMES, statuses):
        paragraph = next(p for p in body if p.startswith(f"荥阳市本年尚无{name}数据"))
        assert status in paragraph
    assert not [t for t in texts(chinese) if "难以达标" in t or "存在风险" in t]


def test_no_maths_signs_fingerprints_or_web_pointers_in_the_prose(chinese, shipped):
    """A 公文 writes 增长5.5%以上即视为完成, not "≥ 5.5% 即达标"; it carries no data fingerprint
    and no pointer to a web page."""
    prose = [p.text for p in chinese.paragraphs]
    assert not [t for t in prose if re.search(r"[≥≤<>]", t)]
    assert not [t for t in prose if shipped.data.sha256[:8] in t or "指纹" in t]
    assert not [t for t in prose if re.search(r"https?:|www\.|页面|见报告的", t)]
    gdp = next(t for t in prose if t.startswith("荥阳市本年尚无地区生产总值数据"))
    assert "年度目标为增长6%左右（增长5.5%以上即视为完成）" in gdp
    assert "目标来源：荥阳市2025年政府工作报告。" in prose


def test_other_targets_without_figures_are_counted_in_one_line(chinese):
    """39 targets marked 暂无数据 filled a page: now the body lists only those with figures."""
    assert "除五项主要指标外，政府工作报告还提出39项量化目标，本年均暂无数据。" in [
        p.text for p in chinese.paragraphs]
    assert not [t for t in texts(chinese) if t == "暂无数据"]
    assert len(chinese.tables) == 2  # no table 3 without a figure


def test_no_cell_of_a_table_breaks_a_number(chinese):
    """Each column is as wide as its longest figure ("-19.4～22.0" once wrapped as
    "+5.4 ~ +5.8"), and a cell with a figure is marked never to wrap."""
    for table in chinese.tables:
        widths = [column.width.pt for column in table.columns]
        assert sum(widths) <= PICTURE_WIDTH.pt + 0.5
        for row in table.rows[1:]:
            for cell, width in zip(row.cells, widths):
                if re.search(r"\d", cell.text) and not re.search(r"[\u4e00-\u9fff]{5,}",
                                                                 cell.text):
                    assert text_width(cell.text) + 2 * CELL_MARGIN.pt <= width + 0.1, cell.text
                    assert cell._tc.tcPr.find(qn("w:noWrap")) is not None, cell.text


def test_the_note_counts_the_conflicts_between_sources(chinese, shipped):
    """Forecast.conflicts reach the document: Xingyang's own by name and rule, its reference
    regions' counted in one line."""
    chain = {"zhengzhou", "henan", "china"}
    n = sum(c.key[0] in chain for c in shipped.forecast.conflicts)
    assert n > 0
    assert f"上级地区的数据中有{n}处同一数据来源不一致，均按同一规则选取其一。" in [
        p.text for p in chinese.paragraphs]


def test_pictures_movement_and_the_note(chinese):
    assert len(chinese.inline_shapes) >= 2  # the dashboard's fans and the movement chart
    headings = [p.text for p in chinese.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["一、总体情况", "二、主要指标运行情况", "三、预测的变化"]
    assert headings[-1] == "六、说明"
    moved = [p.text for p in chinese.paragraphs if p.text.startswith("规模以上工业增加值：上年末")]
    assert len(moved) == 1 and "新公布的郑州市2025年1-9月累计增长8.8%" in moved[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_dashboard_page_draws_the_word_reports_charts_to_the_same_bytes(data, shipped,
                                                                            lang):
    """Issue 18, each chart drawn once per report: a render's Word report prints the
    dashboard page's two pictures; written without pages it draws them itself, and the two
    must be one picture (the same function of the same Forecast, at print resolution)."""
    page = Dashboard(check_parameters(region="xingyang", year=2025, lang=lang, data=data))
    chart, movement = page.chart(), page.movement_chart()
    assert chart.dpi == movement.dpi == PRINT_DPI
    assert to_png(chart) == word._dashboard_png(shipped, lang)
    assert to_png(movement) == word._movement_png(shipped, lang)


def test_no_english_sentence_in_the_chinese_version(chinese):
    found = [t for t in texts(chinese) if ENGLISH.search(t)]
    assert found == []
    assert all("," not in t and "(" not in t for t in texts(chinese)
               if re.search(r"[\u4e00-\u9fff]", t))  # full-width punctuation


def test_official_typography_sets_the_east_asian_fonts(chinese):
    def east_asian(style: str) -> str:
        return chinese.styles[style].element.rPr.rFonts.get(qn("w:eastAsia"))

    # the official font where this machine has it, else its CJK font of the same role
    assert east_asian("Normal") == fonts.east_asian("仿宋_GB2312")
    assert east_asian("Title") == fonts.east_asian("方正小标宋简体")
    assert east_asian("Heading 1") == fonts.east_asian("黑体")
    assert east_asian("Heading 2") == fonts.east_asian("楷体_GB2312")
    sizes = {name: chinese.styles[name].font.size.pt for name in ("Normal", "Title")}
    assert sizes == {"Normal": 16, "Title": 22}  # 三号 and 二号


def test_the_english_version_speaks_english(shipped, tmp_path):
    doc = Document(str(write_report(shipped, tmp_path / "a.docx", "en")))
    assert doc.paragraphs[0].text == "Xingyang: the economy in Jan-Sep 2025"
    assert not [t for t in texts(doc)[:40] if re.search(r"[\u4e00-\u9fff]{3,}", t)]


@pytest.fixture(scope="module")
def own_figures(tmp_path_factory) -> Path:
    """Synthetic: Xingyang's industry 1-8月 9.1%, 1-9月 8.8%; Gongyi's 1-9月 9.5%;
    Xingyang's investment 1-9月 268.1亿元, its first own figure (and 2024's levels for the
    usual share by then)."""
    folder = tmp_path_factory.mktemp("own")
    rows = [["xingyang", "industrial_value_added", "2025-08", "growth_pct", 9.1, "%"],
            ["xingyang", "industrial_value_added", "2025-09", "growth_pct", 8.8, "%"],
            ["gongyi", "industrial_value_added", "2025-09", "growth_pct", 9.5, "%"],
            ["xingyang", "fixed_asset_investment", "2024-09", "level", 240.0, "亿元"],
            ["xingyang", "fixed_asset_investment", "2024", "level", 330.0, "亿元"],
            ["xingyang", "fixed_asset_investment", "2025-09", "level", 268.1, "亿元"],
            ["xingyang", "fixed_asset_investment", "2025-09", "growth_pct", 4.2, "%"]]
    return write_csv(folder / "xingyang-2025.csv",
                     [[*r, SYNTHETIC, ""] for r in rows])


@pytest.fixture(scope="module")
def own_report(own_figures, tmp_path_factory) -> list[str]:
    data = load(extra=[own_figures])
    path = write_report(Analysis(Forecast.build(data, "xingyang", 2025, "2025-09")),
                        tmp_path_factory.mktemp("own-word") / "r.docx", "zh")
    return [p.text for p in Document(str(path)).paragraphs]


def test_industry_paragraph_in_the_bureaus_phrasing_with_own_figures(own_report):
    industry = next(p for p in own_report if p.startswith("2025年1-9月，荥阳市规模以上工业增加值"))
    # 8.8 after 9.1: down 0.3; Zhengzhou's 1-9月 is 8.8 too; Gongyi's 9.5 ranks first
    assert industry.startswith("2025年1-9月，荥阳市规模以上工业增加值同比增长8.8%，增速比1-8月"
                               "回落0.3个百分点，与郑州市持平，在郑州市2个有数据的县（市）中居"
                               "第2位。")


def test_progress_against_the_time_elapsed_is_rounded_once(own_report):
    """268.1 of 360亿元 is 74.47%: "完成年度目标的74.5%，慢于序时进度0.5个百分点（序时进度75.0%）",
    never "75%, 慢于序时进度0.1个百分点（序时进度75%）"; the usual share by then (240 of 330亿元
    last year, 72.73%) stands beside it, labelled."""
    investment = next(p for p in own_report if "荥阳市固定资产投资完成268.1亿元" in p)
    assert ("年度目标360亿元以上，2025年1-9月完成268.1亿元，完成年度目标的74.5%，慢于序时进度"
            "0.5个百分点（序时进度75.0%）；常规进度为72.7%（本地2024年总量），快于常规进度1.8"
            "个百分点；余下时期需完成91.9亿元。") in investment


def test_a_first_own_figure_is_a_change_of_basis_not_news(own_report):
    """Investment's first own figure (1-9月) replaces Zhengzhou's: said as a change of basis,
    with no "上调…个百分点" and no "达标概率由…变为…"."""
    moved = next(p for p in own_report if p.startswith("固定资产投资："))
    assert moved.startswith("固定资产投资：自2025年1-9月起采用荥阳市本地数据，全年预测")
    assert not re.search(r"上调|下调|由\d+%变为", moved)
    assert "注：固定资产投资自本期起采用荥阳市本地数据" in "".join(own_report)


def test_peers_say_what_is_really_missing(tmp_path):
    """Own figures and no sibling with the same period: the siblings' figures are missing,
    not Xingyang's ("荥阳市本年尚无本地数据" was said of a report built on 12 local figures)."""
    rows = [["xingyang", "retail_sales", "2025-09", "growth_pct", 6.1, "%"]]
    data = load(extra=[write_csv(tmp_path / "x.csv", [[*r, SYNTHETIC, ""] for r in rows])])
    analysis = Analysis(Forecast.build(data, "xingyang", 2025, "2025-09", peers=False))
    assert analysis.peers("zh") == [
        "郑州市其他县（市）尚无与荥阳市同期（2025年1-9月）的数据，暂无法比较排位。"]
    shipped = Analysis(Forecast.build(load(), "xingyang", 2025, "2025-09", peers=False))
    assert shipped.peers("zh") == ["荥阳市本年尚无本地数据，暂无法与郑州市其他县（市）比较排位。"]


def test_the_table_row_is_said_whole_and_a_stated_change_that_disagrees_is_flagged(
        own_figures):
    """The bureau's row — 1-9月 level, growth, the stated 增速比上期提高, the 本月 level — in
    one sentence. The Standing here is given the table's stated change and 本月 level directly
    (synthetic; the reading of them is the inputs' test): 0.2 stated, 0.3 computed."""
    forecast = Forecast.build(load(extra=[own_figures]), "xingyang", 2025, "2025-09")
    item = forecast.indicator("industrial_value_added")
    standing = replace(item.standing, level=452.3, month_level=50.1, month_growth_pct=7.5,
                       stated_change_pp=0.2)
    text = Analysis(forecast).where_it_stands(replace(item, standing=standing), "zh")
    assert text == ("2025年1-9月，荥阳市规模以上工业增加值完成452.3亿元，同比增长8.8%，"
                    "增速比1-8月提高0.2个百分点（按1-8月、1-9月两期增速计算为回落0.3个百分点，"
                    "与表中所列不符，请核对），与郑州市持平，在郑州市2个有数据的县（市）中居"
                    "第2位；其中9月完成50.1亿元，同比增长7.5%。")


def test_english_counts_money_in_billions_of_yuan(own_figures, tmp_path):
    """亿 has no English word: 268.1 of 360亿元 reads 26.81 of 36 billion yuan."""
    data = load(extra=[own_figures])
    path = write_report(Analysis(Forecast.build(data, "xingyang", 2025, "2025-09")),
                        tmp_path / "r.en.docx", "en")
    body = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Level target 36 billion yuan or more: 26.81 billion yuan done in Jan-Sep 2025" in body
    assert "亿" not in body


def test_the_report_command_writes_the_docx(tmp_path, capsys):
    assert main(["report", "--region", "xingyang", "--year", "2025", "--as-of", "2025-06",
                 "--out", str(tmp_path)]) == 0
    path = tmp_path / "经济运行分析.docx"
    assert f"已写入 {path}" in capsys.readouterr().out
    assert "2025年1-6月" in Document(str(path)).paragraphs[0].text
    assert main(["report", "--region", "nowhere", "--year", "2025"]) == 2


@pytest.mark.parametrize("out", ["reports", "reports/", "existing", "mine.docx"])
def test_report_out_is_a_folder_unless_it_names_a_docx(tmp_path, capsys, out):
    """Issue 19: `report --out reports` wrote a file named `reports`."""
    (tmp_path / "existing").mkdir()
    target = tmp_path / out
    assert main(["report", "--region", "xingyang", "--year", "2025", "--as-of", "2025-06",
                 "--out", str(target)]) == 0
    written = target if out.endswith(".docx") else target / "经济运行分析.docx"
    assert written.is_file() and Document(str(written)).paragraphs[0].text
    assert f"已写入 {written}" in capsys.readouterr().out


def test_report_out_in_a_missing_folder_is_refused_and_writes_nothing(tmp_path, capsys):
    assert main(["report", "--region", "xingyang", "--year", "2025",
                 "--out", str(tmp_path / "no" / "such")]) == 2
    assert f"--out：文件夹 {tmp_path / 'no'} 不存在" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_move_is_the_difference_of_the_figures_shown(own_figures):
    """"比此前预期（5.3%）高0.2个百分点" for 5.4: the news is the difference of the two figures
    as the sentence shows them, and an unchanged probability reads 仍为."""
    from xyforecast.outputs.numbers import difference

    forecast = Forecast.build(load(extra=[own_figures]), "xingyang", 2025, "2025-09")
    analysis, checked = Analysis(forecast), []
    for item in forecast.indicators:
        news = item.movement[-1].news
        text = analysis.moved(item, "zh")
        found = re.search(r"累计(增长|下降)([\d.]+)%，比此前预期（(下降)?([\d.]+)%）(高|低)"
                          r"([\d.]+)", text)
        if news is None or news.surprise is None or found is None:
            continue
        value = Decimal(found.group(2)) * (-1 if found.group(1) == "下降" else 1)
        expected = Decimal(found.group(4)) * (-1 if found.group(3) else 1)
        assert abs(value - expected) == Decimal(found.group(6)), text
        assert difference(news.figure.value, news.expected) == value - expected
        checked.append(item.code)
    assert checked
    assert not [i for i in forecast.indicators
                if re.search(r"达标概率由(\d+%)变为\1", analysis.moved(i, "zh"))]
