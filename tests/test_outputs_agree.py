"""One figure per fact: every output of one report says the same number for the same fact.

A real render (``xyforecast render``) is read back the way people read it — the Word report
with python-docx (its table and its paragraphs), the workbook with openpyxl (cell values as
their number formats show them), summary.json, the HTML pages (the dashboard's table, the
index's table, each indicator page's paragraph) — and the ``forecast`` command's table is
read from the terminal. For each headline indicator the projection, its 80% interval, the
probability of meeting the target, what the rest of the year needs (余下时期需增长, the stated
target's), the status and the latest figure must read the same in all of them; so must
序时进度. Run for the default report and for a report built on the bureau's 统计月报 tables of
1-8月 and 1-9月 (``tests/fixtures``: synthetic figures, named so) — the 本月 figure and the
stated change then read the same in the Word report, the workbook and summary.json too.
"""

from __future__ import annotations

import html
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from xyforecast.cli import main

from conftest import ROOT

NAMES = ["地区生产总值", "规模以上工业增加值", "固定资产投资", "社会消费品零售总额",
         "一般公共预算收入"]
FACTS = ("median", "p10", "p90", "p_meet", "required", "status")
NUMBER = r"-?\d+(?:\.\d+)?"
GROWTH = r"(增长|下降)(\d+(?:\.\d+)?)%"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module", params=["default", "bureau"])
def run(request, tmp_path_factory) -> tuple[Path, list[str]]:
    """A rendered report (Chinese) and the options that made it."""
    folder = tmp_path_factory.mktemp(f"agree-{request.param}")
    options = ["--region", "xingyang", "--year", "2025"]
    if request.param == "bureau":  # the synthetic 1-8月 and 1-9月 tables (tests/fixtures)
        for path in sorted(FIXTURES.glob("synthetic_统计月报_荥阳市_2025年1-*月.xlsx")):
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


def interval_of(text: str) -> tuple[str, str]:
    """5.0%～6.2% -> (5.0, 6.2); 下降9.5%至增长12.3% (a sentence writes no minus sign) ->
    (-9.5, 12.3)."""
    plain = re.fullmatch(rf"({NUMBER})%～({NUMBER})%", text)
    if plain:
        return plain.group(1), plain.group(2)
    low_word, low, high_word, high = re.fullmatch(rf"{GROWTH}至{GROWTH}", text).groups()
    return signed(low_word, low), signed(high_word, high)


def need_of(text: str) -> str | None:
    """余下时期需增长7.1%方能… -> 7.1; 余下时期下降不超过0.7%即可… -> -0.7."""
    need = re.search(rf"余下时期(?:需增长({NUMBER})%方能|下降不超过({NUMBER})%即可)实现全年目标",
                     text)
    if need is None:
        return None
    return need.group(1) or f"-{need.group(2)}"


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
        found = re.search(rf"预计全年{GROWTH}，80%区间为(.+?)，达标概率(\d+%)，([^。]+)。", text)
        p10, p90 = interval_of(found.group(3))
        paragraphs[name] = dict(median=signed(found.group(1), found.group(2)),
                                p10=p10, p90=p90, p_meet=found.group(4),
                                required=need_of(text),
                                status=found.group(5), text=text)
    return table, paragraphs


def from_workbook(out: Path) -> dict:
    sheet = load_workbook(out / "dashboard.xlsx")["总览"]
    found = {}
    for row in sheet.iter_rows(min_row=5, max_row=9, values_only=True):
        found[row[0]] = dict(median=half_up(row[7]), p10=half_up(row[8]), p90=half_up(row[9]),
                             p_meet=f"{half_up(row[10] * 100, 0)}%",
                             required=None if row[12] is None else half_up(row[12]),
                             status=row[11], latest=None if row[4] is None else half_up(row[4]),
                             month=None if row[1] is None else half_up(row[1]),
                             change=None if row[5] is None else half_up(row[5]))
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
            month=None if not item["own"] or item["own"]["month_level"] is None
            else half_up(item["own"]["month_level"]),
            change=None if not item["own"] or item["own"]["change_pp"] is None
            else half_up(item["own"]["change_pp"]),
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
        median = re.search(rf"预计全年{GROWTH}，80%区间为([^（]+)（95%区间为", page)
        chance = re.search(r"达标概率(\d+%)，([^。]+)。", page)
        p10, p90 = interval_of(median.group(3))
        found[name] = dict(median=signed(median.group(1), median.group(2)),
                           p10=p10, p90=p90, p_meet=chance.group(1),
                           required=need_of(page), status=chance.group(2),
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
        assert [summary[n]["month"] for n in NAMES] == [None, None, "31.7", "24.3", "2.7"]
        assert [summary[n]["change"] for n in NAMES] == [None, "0.3", "0.4", "0.1", "-0.2"]
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
        # the rest of the table's row: 本月 and the change on the previous period
        assert workbook[name]["month"] == summary[name]["month"]
        assert workbook[name]["change"] == summary[name]["change"]
        for text in (paragraphs[name]["text"], indicator_pages[name]["text"]):
            month = re.search(r"其中\d+月完成([\d.]+)亿元", text)
            assert (month and month.group(1)) == (summary[name]["month"] or None), name
            change = re.search(r"增速比1-\d+月(提高|回落)([\d.]+)个百分点", text)
            assert (change and signed("下降" if change.group(1) == "回落" else "增长",
                                      change.group(2))) == (summary[name]["change"] or None)


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
