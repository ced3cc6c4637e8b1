"""One figure per fact: every output of one report says the same number for the same fact.

A real render (``xyforecast render``) is read back the way people read it — the Word report
with python-docx (its table and its paragraphs), the workbook with openpyxl (cell values as
their number formats show them), summary.json, the HTML pages (the dashboard's table, the
index's table, each indicator page's paragraph) — and the ``forecast`` command's table is
read from the terminal. For each headline indicator the projection, its 80% interval, the
probability of meeting the target, what the rest of the year needs (余下时期需增长, the stated
target's), the status and the latest figure must read the same in all of them; so must
序时进度. Run for the default report and for a report built on a bureau's 统计月报 workbook
(synthetic figures, made here and named so).
"""

from __future__ import annotations

import html
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from xyforecast.cli import main

NAMES = ["地区生产总值", "规模以上工业增加值", "固定资产投资", "社会消费品零售总额",
         "一般公共预算收入"]
FACTS = ("median", "p10", "p90", "p_meet", "required", "status")
NUMBER = r"-?\d+(?:\.\d+)?"
GROWTH = r"(增长|下降)(\d+(?:\.\d+)?)%"


def bulletin(path: Path) -> Path:
    """A synthetic 统计月报 workbook (figures made up for this test): title with the period,
    indicators in rows, 本月 / 1-9月 / 同比增长 / 增速比上期提高 columns."""
    book = Workbook()
    sheet = book.active
    sheet.title = "1-9月"
    sheet.append(["荥阳市2025年1-9月主要经济指标（合成测试数据 synthetic）"])
    sheet.merge_cells("A1:F1")
    sheet.append(["指标名称", "单位", "9月", "1-9月", "同比增长(%)", "增速比上期提高(百分点)"])
    for row in (["地区生产总值", "亿元", None, 452.3, 5.6, 0.2],
                ["规上工业增加值", "%", None, None, 8.9, -0.3],
                ["固定资产投资", "亿元", 30.1, 268.1, 7.2, 0.4],
                ["社会消费品零售总额", "亿元", 25.1, 210.4, 6.2, 0.1],
                ["一般公共预算收入", "亿元", 2.1, 30.5, 2.3, -0.2]):
        sheet.append(row)
    sheet.append(["注：本表数据为合成测试数据（synthetic），仅供测试。"])
    book.save(path)
    return path


@pytest.fixture(scope="module", params=["default", "bureau"])
def run(request, tmp_path_factory) -> tuple[Path, list[str]]:
    """A rendered report (Chinese) and the options that made it."""
    folder = tmp_path_factory.mktemp(f"agree-{request.param}")
    options = ["--region", "xingyang", "--year", "2025"]
    if request.param == "bureau":
        path = bulletin(folder / "synthetic_统计月报_荥阳市_2025年1-9月.xlsx")
        options += ["--observations", str(path)]
    out = folder / "report"
    assert main(["render", *options, "--lang", "zh", "--out", str(out)]) == 0
    return out, options


def half_up(value: float, digits: int = 1) -> str:
    """A cell's value as its number format shows it (0.0 or 0%)."""
    return str(Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP))


def signed(word: str, value: str) -> str:
    """增长5.6 -> 5.6, 下降1.2 -> -1.2."""
    return f"-{value}" if word == "下降" else value


# --- each output, read back -------------------------------------------------------------------


def from_word(out: Path) -> tuple[dict, dict]:
    """Table 1 and, apart, each indicator's paragraph."""
    doc = Document(str(out / "经济运行分析.docx"))
    table = {}
    for row in doc.tables[0].rows[1:]:
        name, _, median, interval, p_meet, required, status = (c.text for c in row.cells)
        low, high = interval.split("～") if "～" in interval else (None, None)
        table[name] = dict(median=median.rstrip("%"), p10=low, p90=high, p_meet=p_meet,
                           required=required.rstrip("%") if required != "—" else None,
                           status=status)
    paragraphs = {}
    body = [p.text for p in doc.paragraphs if p.style.name == "Normal"]
    for name in NAMES:
        text = next(p for p in body if re.match(rf"(2025年1-9月，荥阳市|荥阳市本年尚无){name}", p))
        found = re.search(rf"预计全年{GROWTH}，80%区间为({NUMBER})%～({NUMBER})%，达标概率(\d+%)，"
                          r"([^。]+)。", text)
        need = re.search(rf"余下时期需增长({NUMBER})%方能实现全年目标", text)
        paragraphs[name] = dict(median=signed(found.group(1), found.group(2)),
                                p10=found.group(3), p90=found.group(4), p_meet=found.group(5),
                                required=need.group(1) if need else None,
                                status=found.group(6), text=text)
    return table, paragraphs


def from_workbook(out: Path) -> dict:
    sheet = load_workbook(out / "dashboard.xlsx")["总览"]
    found = {}
    for row in sheet.iter_rows(min_row=5, max_row=9, values_only=True):
        found[row[0]] = dict(median=half_up(row[7]), p10=half_up(row[8]), p90=half_up(row[9]),
                             p_meet=f"{half_up(row[10] * 100, 0)}%",
                             required=None if row[12] is None else half_up(row[12]),
                             status=row[11], latest=None if row[4] is None else half_up(row[4]))
    return found


def from_summary(out: Path) -> dict:
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    found = {}
    for item in summary["indicators"]:
        q = item["projection"]
        found[item["name_zh"]] = dict(
            median=half_up(q["median"]), p10=half_up(q["p10"]), p90=half_up(q["p90"]),
            p_meet=f"{half_up(item['p_meet_target'] * 100, 0)}%",
            required=None if item["required_rest_growth_pct"] is None
            else half_up(item["required_rest_growth_pct"]), status=item["status"],
            latest=None if item["own"] is None else half_up(item["own"]["growth_pct"]),
            level=item["level_target"])
    return found


def html_table(page: str, first_header: str) -> list[list[str]]:
    """The rows of the first table whose first header is ``first_header``."""
    for table in re.findall(r"<table.*?</table>", page, flags=re.S):
        cells = [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                  for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]
                 for row in re.findall(r"<tr.*?</tr>", table, flags=re.S)]
        if cells and cells[0] and cells[0][0] == first_header:
            return cells
    raise AssertionError(f"no table headed {first_header}")


def from_table(rows: list[list[str]]) -> dict:
    """The headline table as the pages, the index and the terminal show it."""
    header, found = rows[0], {}
    column = {name: header.index(name) for name in
              ("全年预测", "80%区间", "达标概率", "余下时期需增长", "状态")}
    for row in rows[1:]:
        interval = row[column["80%区间"]]
        low, high = interval.split("～") if "～" in interval else (None, None)
        need = row[column["余下时期需增长"]]
        found[row[0]] = dict(median=row[column["全年预测"]].rstrip("%"), p10=low,
                             p90=high, p_meet=row[column["达标概率"]],
                             required=None if need == "—" else need.rstrip("%"),
                             status=row[column["状态"]])
    return found


def from_indicator_pages(out: Path) -> dict:
    found = {}
    codes = ["gdp", "industrial_value_added", "fixed_asset_investment", "retail_sales",
             "public_budget_revenue"]
    for name, code in zip(NAMES, codes):
        page = html.unescape(re.sub(r"<[^>]+>", "", (out / f"indicator-{code}.html")
                                    .read_text(encoding="utf-8")))
        median = re.search(rf"预计全年{GROWTH}，80%区间为({NUMBER})%～({NUMBER})%", page)
        chance = re.search(r"达标概率(\d+%)，([^。]+)。", page)
        need = re.search(rf"余下时期需增长({NUMBER})%方能实现全年目标", page)
        found[name] = dict(median=signed(median.group(1), median.group(2)),
                           p10=median.group(3), p90=median.group(4), p_meet=chance.group(1),
                           required=need.group(1) if need else None, status=chance.group(2),
                           text=page)
    return found


def from_terminal(options: list[str], capsys) -> dict:
    assert main(["forecast", *options]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("指标"))
    rows = [re.split(r" {2,}", line.strip()) for line in lines[start:start + 7]]
    return from_table([rows[0], *rows[2:]])  # the header, then the five (no dashes)


# --- the test ---------------------------------------------------------------------------------


@pytest.mark.e2e
def test_every_output_says_the_same_figure_for_the_same_fact(run, capsys):
    out, options = run
    table, paragraphs = from_word(out)
    workbook, summary = from_workbook(out), from_summary(out)
    pages = from_table(html_table((out / "dashboard.html").read_text(encoding="utf-8"), "指标"))
    index = from_table(html_table((out / "index.html").read_text(encoding="utf-8"), "指标"))
    indicator_pages = from_indicator_pages(out)
    terminal = from_terminal(options, capsys)
    assert list(table) == NAMES
    if "--observations" in options:  # the bureau's table: every figure is Xingyang's own
        assert all(summary[n]["latest"] is not None and table[n]["required"] for n in NAMES)
    for name in NAMES:
        word = table[name]
        for source, other in (("workbook", workbook), ("dashboard.html", pages),
                              ("index.html", index), ("forecast", terminal)):
            assert {k: other[name][k] for k in FACTS} == {k: word[k] for k in FACTS}, \
                (name, source)
        expected = {k: word[k] for k in FACTS if k != "status"}
        for source, other in (("summary.json", summary), ("Word paragraph", paragraphs),
                              ("indicator page", indicator_pages)):
            assert {k: other[name][k] for k in expected} == expected, (name, source)
        # the status: summary.json's code, the same words in the tables, as a clause in the
        # paragraphs (完成全年目标存在一定压力 holds 存在一定压力)
        assert word["status"] in paragraphs[name]["status"]
        assert word["status"] in indicator_pages[name]["status"]
        assert summary[name]["status"] in {"on_track", "at_risk", "off_track"}
        # the latest own figure: the workbook's 同比, summary.json's, the paragraph's
        latest = summary[name]["latest"]
        assert workbook[name]["latest"] == latest
        if latest is not None:
            assert re.search(rf"同比{GROWTH}", paragraphs[name]["text"]).group(2) == \
                latest.lstrip("-")
            assert re.search(rf"同比{GROWTH}", indicator_pages[name]["text"]).group(2) == \
                latest.lstrip("-")


@pytest.mark.e2e
def test_the_time_elapsed_reads_the_same_in_the_word_report_the_workbook_and_the_pages(run):
    out, _ = run
    level = from_summary(out)["固定资产投资"]["level"]
    _, paragraphs = from_word(out)
    dashboard = html.unescape(re.sub(r"<[^>]+>", "", (out / "dashboard.html")
                                     .read_text(encoding="utf-8")))
    if level is None:  # the shipped data: no level of Xingyang's investment this year
        for text in (paragraphs["固定资产投资"]["text"], dashboard):
            assert "本年尚无完成额数据，暂无法对照序时进度" in text
        return
    share, elapsed = (f"{half_up(level[k] * 100)}%" for k in ("share_done", "elapsed"))
    sentence = f"完成年度目标的{share}，"
    assert sentence in paragraphs["固定资产投资"]["text"] and sentence in dashboard
    assert f"（序时进度{elapsed}）" in paragraphs["固定资产投资"]["text"]
    sheet = load_workbook(out / "dashboard.xlsx")["总览"]
    row = next(r for r in sheet.iter_rows(min_row=12, values_only=True) if r[0] == "固定资产投资")
    assert (f"{half_up(row[4] * 100)}%", f"{half_up(row[5] * 100)}%") == (share, elapsed)
