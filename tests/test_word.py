"""The Word report read back with python-docx: title, a paragraph per headline indicator in
the bureau's phrasing, the headline table, pictures, official typography, Chinese only in the
Chinese version. The figures written here for Xingyang and Gongyi are synthetic (tests only)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from xyforecast.cli import main
from xyforecast.forecast import Forecast
from xyforecast.inputs.dataset import load
from xyforecast.outputs import fonts
from xyforecast.outputs.analysis import Analysis
from xyforecast.outputs.word import write_report

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
    for name in NAMES:
        mine = [p for p in body if p.startswith(f"荥阳市本年尚无{name}数据")]
        assert len(mine) == 1, name
        assert "达标概率" in mine[0] and "80%区间为" in mine[0]
    table = chinese.tables[0]
    assert [c.text for c in table.rows[0].cells][:2] == ["指标", "目标"]
    assert [row.cells[0].text for row in table.rows[1:]] == NAMES
    investment = next(p for p in body if p.startswith("荥阳市本年尚无固定资产投资"))
    assert "年度目标360亿元以上，本年尚无完成额数据" in investment


def test_pictures_movement_and_the_note(chinese):
    assert len(chinese.inline_shapes) >= 2  # the dashboard's fans and the movement chart
    headings = [p.text for p in chinese.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["一、总体情况", "二、主要指标运行情况", "三、预测的变化"]
    assert headings[-1] == "六、说明"
    moved = [p.text for p in chinese.paragraphs if p.text.startswith("规模以上工业增加值：上年末")]
    assert len(moved) == 1 and "新公布的郑州市2025年1-9月累计增长8.8%" in moved[0]


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
    Xingyang's investment 1-9月 250亿元 (and 2024's levels for the usual pace)."""
    folder = tmp_path_factory.mktemp("own")
    rows = [["xingyang", "industrial_value_added", "2025-08", "growth_pct", 9.1, "%"],
            ["xingyang", "industrial_value_added", "2025-09", "growth_pct", 8.8, "%"],
            ["gongyi", "industrial_value_added", "2025-09", "growth_pct", 9.5, "%"],
            ["xingyang", "fixed_asset_investment", "2024-09", "level", 240.0, "亿元"],
            ["xingyang", "fixed_asset_investment", "2024", "level", 330.0, "亿元"],
            ["xingyang", "fixed_asset_investment", "2025-09", "level", 250.0, "亿元"],
            ["xingyang", "fixed_asset_investment", "2025-09", "growth_pct", 4.2, "%"]]
    return write_csv(folder / "xingyang-2025.csv",
                     [[*r, SYNTHETIC, ""] for r in rows])


def test_industry_paragraph_in_the_bureaus_phrasing_with_own_figures(own_figures, tmp_path):
    data = load(extra=[own_figures])
    path = write_report(Analysis(Forecast.build(data, "xingyang", 2025, "2025-09")),
                        tmp_path / "r.docx", "zh")
    body = [p.text for p in Document(str(path)).paragraphs]
    industry = next(p for p in body if p.startswith("2025年1-9月，荥阳市规模以上工业增加值"))
    # 8.8 after 9.1: down 0.3; Zhengzhou's 1-9月 is 8.8 too; Gongyi's 9.5 ranks first
    assert industry.startswith("2025年1-9月，荥阳市规模以上工业增加值累计增长8.8%，较1-8月回落0.3"
                               "个百分点，与郑州市持平，在郑州市2个有数据的县(市)中居第2位。"
                               .replace("(", "（").replace(")", "）"))
    investment = next(p for p in body if "荥阳市固定资产投资累计增长4.2%" in p)
    done = re.search(r"完成年度目标的(\d+)%，(快于|慢于)序时进度([\d.]+)个百分点", investment)
    assert done and done.group(1) == "69"  # 250 of 360亿元
    # 序时进度 as leaders read it: 9 of 12 months, 75%; 69.4 is 5.6 behind
    assert (done.group(2), done.group(3)) == ("慢于", "5.6")
    assert "序时进度75%" in investment


def test_english_counts_money_in_billions_of_yuan(own_figures, tmp_path):
    """亿 has no English word: 250 of 360亿元 reads 25 of 36 billion yuan."""
    data = load(extra=[own_figures])
    path = write_report(Analysis(Forecast.build(data, "xingyang", 2025, "2025-09")),
                        tmp_path / "r.en.docx", "en")
    body = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Level target 36 billion yuan or more: 25 billion yuan done in Jan-Sep 2025" in body
    assert "亿" not in body


def test_the_report_command_writes_the_docx(tmp_path, capsys):
    assert main(["report", "--region", "xingyang", "--year", "2025", "--as-of", "2025-06",
                 "--out", str(tmp_path)]) == 0
    path = tmp_path / "经济运行分析.docx"
    assert f"已写入 {path}" in capsys.readouterr().out
    assert "2025年1-6月" in Document(str(path)).paragraphs[0].text
    assert main(["report", "--region", "nowhere", "--year", "2025"]) == 2
