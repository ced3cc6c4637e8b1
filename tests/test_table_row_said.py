"""Issue 17, "the whole table": the Word report built from a bureau's 统计月报 states, per
indicator, the row as the table gives it — its 1-N月 total, its growth, its change against
the previous period and its 本月 figure where there is one — and the workbook's 本月 columns
hold the same figures. The expected figures are read from the table's own cells (the
synthetic 1-8月 and 1-9月 tables of ``tests/fixtures``), never written into the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from xyforecast.forecast import Forecast
from xyforecast.inputs.dataset import load
from xyforecast.outputs.analysis import Analysis
from xyforecast.outputs.word import write_report
from xyforecast.outputs.workbook import write_workbook

from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
SEPTEMBER = FIXTURES / "synthetic_统计月报_荥阳市_2025年1-9月.xlsx"
AUGUST = FIXTURES / "synthetic_统计月报_荥阳市_2025年1-8月.xlsx"


def table_rows(path: Path) -> tuple[str, str, dict[str, dict[str, float | None]]]:
    """The table's period (1-9月), the period its change is against (1-8月) and, per
    indicator name, its 本月, 累计, 同比, 本月增长 and 增速比上期 cells (None for a dash)."""
    sheet = load_workbook(path).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if r[0] == "指标名称")
    ytd = next(h for h in header if h and h.endswith("累计")).removesuffix("累计")
    change = next(h for h in header if h and h.startswith("增速比"))
    before = re.fullmatch(r"增速比(.+?)提高\(百分点\)", change).group(1)
    columns = {"month": "本月", "ytd": f"{ytd}累计", "growth": "同比增长(%)",
               "month_growth": "本月增长(%)", "change": change}
    found = {}
    for row in rows[rows.index(header) + 1:]:
        if row[0] is None or row[0].startswith(("注", "填表人")):
            continue
        cells = {key: row[header.index(name)] for key, name in columns.items()}
        found[row[0]] = {k: v if isinstance(v, (int, float)) else None for k, v in cells.items()}
    return ytd, before, found


def one(value: float) -> str:
    return f"{abs(value):.1f}"


@pytest.fixture(scope="module", params=["1-9月", "1-8月 and 1-9月"])
def written(request, tmp_path_factory) -> tuple[list[str], list[tuple]]:
    """The Word report's paragraphs and the workbook's overview rows, from the table(s)."""
    files = [SEPTEMBER] if request.param == "1-9月" else [AUGUST, SEPTEMBER]
    analysis = Analysis(Forecast.build(load(extra=files), "xingyang", 2025))
    folder = tmp_path_factory.mktemp("row")
    doc = Document(str(write_report(analysis, folder / "经济运行分析.docx", "zh")))
    sheet = load_workbook(write_workbook(analysis, folder / "dashboard.xlsx", "zh"))["总览"]
    return [p.text for p in doc.paragraphs], list(sheet.iter_rows(min_row=5, max_row=9,
                                                                  values_only=True))


def test_the_word_report_says_each_row_of_the_table_as_the_table_gives_it(written):
    paragraphs, _ = written
    ytd, before, rows = table_rows(SEPTEMBER)
    month = re.fullmatch(r"1-(\d+)月", ytd).group(1)
    for name, cell in rows.items():
        opening = f"2025年{ytd}，荥阳市{name}"
        text = next(p for p in paragraphs if p.startswith(opening))
        stated = opening
        if cell["ytd"] is not None:
            stated += f"完成{one(cell['ytd'])}亿元，"
        stated += f"同比{'增长' if cell['growth'] >= 0 else '下降'}{one(cell['growth'])}%"
        if cell["change"] is not None:
            moved = "提高" if cell["change"] >= 0 else "回落"
            stated += f"，增速比{before}{moved}{one(cell['change'])}个百分点"
        assert text.startswith(stated), (name, text)
        of_month = re.search(rf"其中{month}月([^。]*?)。", text)
        if cell["month"] is None and cell["month_growth"] is None:
            assert of_month is None, name
            continue
        said = ""
        if cell["month"] is not None:
            said += f"完成{one(cell['month'])}亿元"
        if cell["month_growth"] is not None:
            word = "增长" if cell["month_growth"] >= 0 else "下降"
            said += ("，" if said else "") + f"同比{word}{one(cell['month_growth'])}%"
        assert of_month is not None and of_month.group(1) == said, (name, text)


def test_the_workbooks_month_columns_hold_the_tables_figures(written):
    _, book_rows = written
    _, _, rows = table_rows(SEPTEMBER)
    assert [r[0] for r in book_rows] == list(rows)
    for row in book_rows:
        cell = rows[row[0]]
        # 本月 | 同比% | 累计 | 同比% | 增速比上期: the table's row, number for number
        assert list(row[1:6]) == [cell["month"], cell["month_growth"], cell["ytd"],
                                  cell["growth"], cell["change"]], row[0]
