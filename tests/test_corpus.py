"""The bad-input corpus (tests/corpus/): every file gives exactly the output in expected.json.

Each file is synthetic (tests/corpus/README.md). ``expected.json`` holds, per file, the fault
it carries, the decision (accepted, accepted with a warning, or error), the exit status of
``xyforecast check-data FILE`` and every line it prints — in Chinese (``output``, the
default) and in English (``output_en``, with ``--lang en``) — with the path written as the
bare file name. The expectations are read line by line: a change in any message is a
deliberate act.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tracemalloc

import openpyxl
import pytest

from xyforecast.catalog import Catalog
from xyforecast.cli import main
from xyforecast.inputs.dataset import default_data_dir, load_files

from conftest import ROOT

CORPUS = ROOT / "tests" / "corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
NOT_INPUTS = {"expected.json", "README.md", "make_corpus.py", "workbook_cases.py",
              "bureau_cases.py", "data_cases.py"}


def _make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _inputs() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if p.is_file() and p.name not in NOT_INPUTS)


def test_every_corpus_file_has_an_expectation_and_there_are_at_least_150():
    assert _inputs() == sorted(EXPECTED)
    assert len(EXPECTED) >= 150
    for name, case in EXPECTED.items():
        assert case["fault"] and case["decision"], name
        assert case["exit"] in (0, 2), name
        assert len(case["output"]) == len(case["output_en"]), name
        assert case["output"][-1].endswith(
            "文件无效" if case["exit"] == 2 else "处冲突已按 data/README.md 的规则处理"), name
        assert case["output_en"][-1].endswith(
            "problem(s): the file(s) are not valid" if case["exit"] == 2
            else "conflict(s) resolved by the rule in data/README.md"), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_check_data_prints_exactly_the_expected_lines(name, lang, capsys):
    path = CORPUS / name
    before = sorted(p.name for p in CORPUS.iterdir())
    status = main(["check-data", str(path), *(["--lang", "en"] if lang == "en" else [])])
    out = capsys.readouterr()
    lines = [line.replace(str(path), name) for line in out.out.splitlines()]
    expected = EXPECTED[name]["output" if lang == "zh" else "output_en"]
    assert (status, lines) == (EXPECTED[name]["exit"], expected)
    assert out.err == ""  # no traceback, no library warning
    assert sorted(p.name for p in CORPUS.iterdir()) == before  # nothing written


@pytest.mark.parametrize(("names", "lang"), [
    (["enc_gbk_chinese_header.csv"], "zh"),
    (["fmt_truncated_mid_quote.csv"], "en"),
    (["xlsx_merged_across_columns.xlsx"], "zh"),
    (["bureau_gbk_export.csv"], "en"),
])
def test_the_real_command_prints_the_same_in_a_subprocess(names, lang):
    result = subprocess.run([sys.executable, "-m", "xyforecast", "check-data", *names],
                            capture_output=True, text=True, timeout=120, cwd=CORPUS,
                            env={**os.environ, "PYTHONWARNINGS": "default",
                                 "XYFORECAST_LANG": lang})
    expected = EXPECTED[names[0]]
    assert result.returncode == expected["exit"]
    assert result.stdout.splitlines() == expected["output" if lang == "zh" else "output_en"]
    assert result.stderr == ""


def _figures(name: str) -> list[tuple]:
    catalog = Catalog.load(default_data_dir())
    frame = load_files(catalog, [], [CORPUS / name]).observations
    return list(zip(frame["region"], frame["indicator"], frame["period"].astype(str),
                    frame["measure"], frame["value"], frame["source"]))


GOOD = [("xingyang", "gdp", "2025-09", "growth_pct", 5.8, "synthetic test row"),
        ("xingyang", "retail_sales", "2025-09", "growth_pct", 6.1, "synthetic test row"),
        ("xingyang", "fixed_asset_investment", "2025-09", "level", 265.3,
         "synthetic test row")]


@pytest.mark.parametrize("name", [
    "enc_utf8_bom.csv", "enc_utf16le_bom_tabs.txt", "enc_utf16be_bom.csv", "fmt_crlf.csv",
    "fmt_cr_only_mac.csv", "fmt_tab_separated.tsv", "fmt_trailing_empty_column.csv",
    "fmt_columns_reordered.csv", "fmt_bilingual_header.csv", "fmt_title_line.csv",
    "xlsx_good_with_instructions.xlsx", "xlsx_title_row.xlsx",
    "xlsx_chinese_header_text_numbers.xlsx"])
def test_accepted_formats_read_the_very_same_figures(name):
    """Accepted is not enough: the figures must be the ones the person typed."""
    assert sorted(_figures(name)) == sorted(GOOD)


BULLETIN = [  # Xingyang, January-September 2025, as the synthetic bulletins give it
    ("xingyang", "gdp", "2025-09", "level", 580.2), ("xingyang", "gdp", "2025-09",
                                                      "growth_pct", 5.9),
    ("xingyang", "industrial_value_added", "2025-09", "growth_pct", 10.8),
    ("xingyang", "fixed_asset_investment", "2025-09", "level", 265.3),
    ("xingyang", "fixed_asset_investment", "2025-09", "growth_pct", 8.5),
    ("xingyang", "retail_sales", "2025-09", "level", 210.4),
    ("xingyang", "retail_sales", "2025-09", "growth_pct", 6.2),
    ("xingyang", "public_budget_revenue", "2025-09", "level", 30.5),
    ("xingyang", "public_budget_revenue", "2025-09", "growth_pct", 2.3),
    # the 本月 column and the change against 1-8月 (issue 17 point 5)
    ("xingyang", "fixed_asset_investment", "2025-09", "month_level", 30.1),
    ("xingyang", "retail_sales", "2025-09", "month_level", 25.1),
    ("xingyang", "public_budget_revenue", "2025-09", "month_level", 2.1),
    ("xingyang", "industrial_value_added", "2025-09", "change_pp", 0.3),
    ("xingyang", "fixed_asset_investment", "2025-09", "change_pp", -0.2),
    ("xingyang", "retail_sales", "2025-09", "change_pp", 0.1)]


@pytest.mark.parametrize("name", ["bureau_gbk_export.csv", "bureau_one_sheet_per_month.xlsx",
                                  "bureau_month_groups.xlsx", "bureau_wan_yuan_unit_line.xlsx"])
def test_a_bureaus_tables_in_every_layout_give_the_same_figures(name):
    """Three layouts of one synthetic bulletin (a GBK CSV export, one sheet per month,
    months as column groups) and a table in 万元 agree figure for figure where they overlap,
    and each figure names its cell."""
    frame = load_files(Catalog.load(default_data_dir()), [], [CORPUS / name]).observations
    figures = set(zip(frame["region"], frame["indicator"], frame["period"], frame["measure"],
                      frame["value"]))
    september = {f for f in figures if f[2] == "2025-09"}
    assert september and september <= set(BULLETIN)
    assert frame["source"].str.contains(rf"\({name}:", regex=True).all()
    assert all(frame["where"])


def test_the_one_sheet_per_month_bulletin_keeps_each_sheets_month():
    frame = load_files(Catalog.load(default_data_dir()), [],
                       [CORPUS / "bureau_one_sheet_per_month.xlsx"]).observations
    june = frame[frame["period"] == "2025-06"].set_index(["indicator", "measure"])["value"]
    assert june.to_dict() == {("gdp", "level"): 381.0, ("gdp", "growth_pct"): 5.6,
                              ("industrial_value_added", "growth_pct"): 10.2,
                              ("industrial_value_added", "change_pp"): -0.1,
                              ("fixed_asset_investment", "month_level"): 31.0,
                              ("fixed_asset_investment", "level"): 170.2,
                              ("fixed_asset_investment", "growth_pct"): 8.1,
                              ("fixed_asset_investment", "change_pp"): 0.2}
    assert set(frame[frame["period"] == "2025-09"]["where"]) >= {"'1-9月'!D3", "'1-9月'!E3"}


def test_a_formatted_cell_in_the_far_corner_costs_nothing():
    """Issue 13: one formatted, empty cell at XFD1048576 made openpyxl's normal mode grow
    without end. Read at the cost of the cells holding values (memory here; the time is
    benchmarks/reading.py's)."""
    tracemalloc.start()
    load_files(Catalog.load(default_data_dir()), [], [CORPUS / "xlsx_far_corner_cell.xlsx"])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50 * 2**20


def test_accepted_oddities_are_read_as_a_person_means_them():
    assert [f[4] for f in _figures("num_fullwidth.csv")] == [5.8, 6.1, 265.3]
    assert {f[2] for f in _figures("num_fullwidth.csv")} == {"2025-09"}
    assert [f[4] for f in _figures("num_thousands.csv")] == [365877.5, 371535.0, 1015036.0]
    assert [f[4] for f in _figures("xlsx_percent_format.xlsx")] == [5.8, 6.1, 265.3]
    assert [f[4] for f in _figures("num_percent_on_percent_level.csv")] == [2.5]
    merged = _figures("xlsx_merged_down_a_column.xlsx")
    assert {(f[0], f[5]) for f in merged} == {("xingyang", "synthetic test row")}
    assert len(merged) == 3
    gbk = _figures("enc_gbk_chinese_header.csv")
    assert gbk[0][5] == "荥阳市统计局 统计月报 (synthetic test row)"
    codes = _figures("code_case_and_spaces.csv")
    assert [(f[0], f[1], f[3], f[4]) for f in codes] == [
        ("xingyang", "gdp", "growth_pct", 5.8), ("xingyang", "retail_sales", "growth_pct", 6.1)]
    dates = _figures("xlsx_excel_dates.xlsx")
    assert [(f[1], f[2]) for f in dates] == [("gdp", "2025-09"), ("retail_sales", "2025-08")]
    names = _figures("code_names_instead_of_codes.csv")
    assert [(f[0], f[1], f[3]) for f in names] == [
        ("xingyang", "industrial_value_added", "growth_pct"),
        ("xingyang", "retail_sales", "growth_pct"), ("xingyang", "fixed_asset_investment", "level")]
    assert [f[4] for f in _figures("num_footnote_markers.csv")] == [6.1, 6.1, 5.0, 7.2, 10.8]
    assert [f[4] for f in _figures("num_wan_yuan_level.csv")] == [265.3]
    words = _figures("per_bulletin_words.csv")
    assert [f[2] for f in words] == ["2025-09", "2025-06", "2025-02", "2024"]
    growth = _figures("bureau_month_growth.csv")
    assert [(f[1], f[3], f[4]) for f in growth] == [
        ("industrial_value_added", "month_growth_pct", 11.2),
        ("industrial_value_added", "growth_pct", 10.8),
        ("retail_sales", "month_growth_pct", 6.5), ("retail_sales", "growth_pct", 6.2)]


@pytest.mark.skipif(openpyxl.__version__ != _make_corpus().OPENPYXL,
                    reason="the committed .xlsx files were written by another openpyxl")
def test_the_generator_rebuilds_the_committed_files_byte_for_byte(tmp_path):
    # openpyxl writes other (equivalent) bytes when lxml is installed, as python-docx brings
    # it: the committed files come from its pure-Python writer, so the generator runs with it
    env = {**os.environ, "OPENPYXL_LXML": "False"}
    subprocess.run([sys.executable, str(CORPUS / "make_corpus.py"), str(tmp_path)], env=env,
                   check=True)
    built = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert sorted(built) == _inputs()
    for name, content in built.items():
        assert (CORPUS / name).read_bytes() == content, name
