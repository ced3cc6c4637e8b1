"""The Word report as a county bureau sends it upstairs, read back with python-docx: no minus
or plus sign in a sentence (下降9.5%至增长12.3%, 下降不超过2.7%即可, 回落0.3个百分点), headers
broken where they are meant to break, the fonts the note names are those the document uses,
and the rows a bureau table's 增速比上期提高 implies counted as the region's own figures,
never said as news. Built on the shipped data and on the synthetic 统计月报 tables of
``tests/fixtures`` (figures named synthetic)."""

from __future__ import annotations

import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from xyforecast.forecast import Forecast
from xyforecast.inputs.dataset import load
from xyforecast.outputs import numbers
from xyforecast.outputs.analysis import Analysis
from xyforecast.outputs.word import FONTS, write_report
from xyforecast.outputs.word_table import CELL_MARGIN, text_width
from xyforecast.periods import Period

from conftest import ROOT

FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("synthetic_统计月报_荥阳市_2025年1-*月.xlsx"))
SIGN = re.compile(r"(?<![\d])[-−+]\d")  # -9.5 or +5.6, not the dash of 1-9月


@pytest.fixture(scope="module")
def shipped() -> Analysis:
    return Analysis(Forecast.build(load(), "xingyang", 2025))


@pytest.fixture(scope="module")
def bureau() -> Analysis:
    return Analysis(Forecast.build(load(extra=FIXTURES), "xingyang", 2025))


def read(analysis: Analysis, folder) -> Document:
    return Document(str(write_report(analysis, folder / "经济运行分析.docx", "zh")))


@pytest.fixture(scope="module")
def shipped_doc(shipped, tmp_path_factory) -> Document:
    return read(shipped, tmp_path_factory.mktemp("shipped"))


@pytest.fixture(scope="module")
def bureau_doc(bureau, tmp_path_factory) -> Document:
    return read(bureau, tmp_path_factory.mktemp("bureau"))


def body(doc: Document) -> list[str]:
    """The sentences of the document's own prose (the note's projection bases are the
    engine's text)."""
    return [p.text for p in doc.paragraphs if p.style.name in ("Normal", "Heading 2")]


@pytest.mark.parametrize("which", ["shipped", "bureau"])
def test_no_minus_or_plus_sign_in_a_sentence(which, request):
    """"80%区间为-9.5%～12.3%", "达标线所需增速-2.7%", "比此前预期（-0.1%）", "两期增速之差-0.3个
    百分点" and "持平于-2.0%" read as a bureau writes them: in words."""
    doc = request.getfixturevalue(f"{which}_doc")
    assert [t for t in body(doc) if SIGN.search(t)] == []


def test_an_interval_below_zero_and_a_met_line_below_zero_read_in_words(shipped_doc, shipped,
                                                                         bureau_doc, bureau):
    low_intervals = 0
    for item in shipped.forecast.indicators:
        q = item.projection.quantiles
        if numbers.shown(q["p10"]) < 0:
            low_intervals += 1
            said = (f"80%区间为下降{numbers.fixed(-q['p10'])}%至增长{numbers.fixed(q['p90'])}%，"
                    "达标概率")
            assert [t for t in body(shipped_doc) if said in t], said
    assert low_intervals  # the shipped data has such an interval (investment, revenue)
    revenue = bureau.forecast.indicator("public_budget_revenue").required
    assert numbers.shown(revenue.threshold) < 0 and numbers.shown(revenue.stated) < 0
    paragraph = next(t for t in body(bureau_doc)
                     if t.startswith("2025年1-9月，荥阳市一般公共预算收入"))
    assert (f"余下时期下降不超过{numbers.fixed(-revenue.stated)}%即可实现全年目标（按达标线测算，"
            f"下降不超过{numbers.fixed(-revenue.threshold)}%即可）。") in paragraph


def test_headers_break_in_their_middle_and_every_line_fits_its_column(bureau_doc):
    """"余下时期需增长" wrapped as 余下时期需增 / 长 where the font was wider than reckoned: a
    header too long for its column now breaks in its middle, and each line fits."""
    for table in bureau_doc.tables:
        widths = [column.width.pt for column in table.columns]
        for cell, width in zip(table.rows[0].cells, widths):
            for line in cell.text.split("\n"):
                assert text_width(line) + 2 * CELL_MARGIN.pt <= width + 0.1, cell.text
    headers = [c.text for c in bureau_doc.tables[0].rows[0].cells]
    assert "余下时期需增长" in headers or "余下时期\n需增长" in headers


def test_the_note_names_the_fonts_the_document_uses(shipped_doc):
    """Not a hard-coded "思源宋体/思源黑体": the East Asian font each style names, and the
    official font it stands in for where this machine lacks it."""
    note = shipped_doc.paragraphs[-1].text
    assert note.startswith("本文档按党政机关公文格式排版")
    for style, (official, _, _) in FONTS.items():
        if style not in ("Title", "Normal", "Heading 1", "Heading 2"):
            continue
        used = shipped_doc.styles[style].element.rPr.rFonts.get(qn("w:eastAsia"))
        assert (used if used == official else f"{used}（代替{official}）") in note, style
    assert "思源" not in note


def test_rows_a_bureau_table_implies_count_as_own_figures_and_never_as_news(bureau_doc, bureau):
    """The 1-8月 table's 增速比上期提高 gives 1-7月 growth figures (origin ``derived``): they are
    the region's own figures in the note's count, and no sentence calls them 新公布."""
    obs = bureau.data.observations
    user, derived = (obs["origin"] == "user").sum(), obs[obs["origin"] == "derived"]
    assert len(derived) > 0
    texts = [p.text for p in bureau_doc.paragraphs]
    assert (f"本地自有数据{user + len(derived)}条，其中{len(derived)}条由统计月报所列增速比上期"
            "提高推算。") in "".join(texts)
    for period in set(derived["period"]):
        said = f"新公布的荥阳市{Period.parse(period).label('zh')}"
        assert not [t for t in texts if said in t], said
