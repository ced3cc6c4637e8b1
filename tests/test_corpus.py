"""The bad-input corpus (tests/corpus/): every file gives exactly the output in expected.json.

Each file is synthetic (tests/corpus/README.md). ``expected.json`` holds, per file, the fault
it carries, the decision (accepted, accepted with a warning, or error), the exit status of
``xyforecast check-data FILE`` and every line it prints, with the path written as the bare
file name. The expectations are written by hand: a change in any message is a deliberate act.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import openpyxl
import pytest

from xyforecast.catalog import Catalog
from xyforecast.cli import main
from xyforecast.inputs.dataset import default_data_dir, load_files

from conftest import ROOT

CORPUS = ROOT / "tests" / "corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
NOT_INPUTS = {"expected.json", "README.md", "make_corpus.py"}


def _make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _inputs() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if p.is_file() and p.name not in NOT_INPUTS)


def test_every_corpus_file_has_an_expectation_and_there_are_at_least_40():
    assert _inputs() == sorted(EXPECTED)
    assert len(EXPECTED) >= 40
    for name, case in EXPECTED.items():
        assert case["fault"] and case["decision"], name
        assert case["exit"] in (0, 2), name
        assert case["output"][-1].endswith(
            "problem(s): the file(s) are not valid" if case["exit"] == 2
            else "conflict(s) resolved by the rule in data/README.md"), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_data_prints_exactly_the_expected_lines(name, capsys):
    path = CORPUS / name
    before = sorted(p.name for p in CORPUS.iterdir())
    status = main(["check-data", str(path)])
    out = capsys.readouterr()
    lines = [line.replace(str(path), name) for line in out.out.splitlines()]
    assert (status, lines) == (EXPECTED[name]["exit"], EXPECTED[name]["output"])
    assert out.err == ""  # no traceback, no library warning
    assert sorted(p.name for p in CORPUS.iterdir()) == before  # nothing written


@pytest.mark.parametrize("names", [
    ["enc_gbk_chinese_header.csv"],
    ["fmt_truncated_mid_quote.csv"],
    ["xlsx_merged_across_columns.xlsx"],
])
def test_the_real_command_prints_the_same_in_a_subprocess(names):
    result = subprocess.run([sys.executable, "-m", "xyforecast", "check-data", *names],
                            capture_output=True, text=True, timeout=120, cwd=CORPUS,
                            env={**os.environ, "PYTHONWARNINGS": "default"})
    expected = EXPECTED[names[0]]
    assert result.returncode == expected["exit"]
    assert result.stdout.splitlines() == expected["output"]
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
