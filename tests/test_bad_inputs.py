"""Every malformed file gets one clear line per problem, exit status 2 and no traceback.

All files here are synthetic, written into a temporary folder by the test."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from xyforecast.cli import main

from conftest import HEADER, write_csv

GOOD = ["xingyang", "gdp", "2025-09", "growth_pct", "5.8", "%", "统计月报 (synthetic)", ""]


def _row(**change):
    row = dict(zip(HEADER, GOOD))
    row.update(change)
    return [row[c] for c in HEADER]


CASES = {
    "missing_column": (
        lambda p: write_csv(p, [GOOD[:7]], header=HEADER[:5] + HEADER[6:8]),
        ":1: missing column(s) unit",
        ":1: 缺少列 unit"),
    "unknown_column": (
        lambda p: write_csv(p, [[*GOOD, "x"]], header=[*HEADER, "comment"]),
        ":1: unknown column(s) 'comment'",
        ":1: 未知列 'comment'"),
    "unknown_region": (lambda p: write_csv(p, [_row(region="xingyan")]),
                       ":2: unknown region 'xingyan' (did you mean xingyang,",
        ":2: 未知地区“xingyan”（是否应为 xingyang、"),
    "unknown_indicator": (lambda p: write_csv(p, [_row(indicator="gpd")]),
                          ":2: unknown indicator 'gpd' (did you mean gdp? see data/indicators.csv)",
        ":2: 未知指标“gpd”（是否应为 gdp？指标见 data/indicators.csv）"),
    "unknown_measure": (lambda p: write_csv(p, [_row(measure="growth")]),
                        ":2: unknown measure 'growth' (one of growth_pct",
        ":2: 未知口径“growth”（应为 growth_pct、"),
    "malformed_period": (lambda p: write_csv(p, [_row(period="2025/09")]),
                         ":2: period '2025/09' is not YYYY or YYYY-MM (e.g. 2025 or 2025-09)",
        ":2: 时期“2025/09”无法识别；请写作 2025、2025-09 或 2025年1-9月"),
    "month_13": (lambda p: write_csv(p, [_row(period="2025-13")]),
                 ":2: period '2025-13' has month 13; months run from 01 to 12",
        ":2: 时期“2025-13”的月份 13 不在 01 至 12 之间"),
    "january_alone": (lambda p: write_csv(p, [_row(indicator="retail_sales", period="2025-01")]),
                      ":2: January is published together with February (1-2月): use YYYY-02",
        ":2: 1月与2月合并发布（1-2月）：请写作 YYYY-02"),
    "gdp_not_quarter_end": (lambda p: write_csv(p, [_row(period="2025-08")]),
                            ":2: gdp is published by quarter: month must be 03, 06, 09 or 12",
        ":2: gdp 按季度发布：月份须为 03、06、09 或 12"),
    "future_period": (lambda p: write_csv(p, [_row(period="2099-03")]),
                      ":2: period 2099-03 is in the future",
        ":2: 时期 2099-03 在未来"),
    "non_numeric_value": (lambda p: write_csv(p, [_row(value="about 5")]),
                          ":2: value 'about 5' is not a number",
        ":2: 数值“about 5”不是数字"),
    "empty_value": (lambda p: write_csv(p, [_row(value="")]), ":2: value is empty",
        ":2: 数值为空"),
    "infinite_value": (lambda p: write_csv(p, [_row(value="inf")]),
                       ":2: value 'inf' is not a finite number",
        ":2: 数值“inf”不是有限数"),
    "nan_value": (lambda p: write_csv(p, [_row(value="NaN")]),
                  ":2: value 'NaN' is not a finite number",
        ":2: 数值“NaN”不是有限数"),
    "unit_does_not_fit": (lambda p: write_csv(p, [_row(measure="level", value="600")]),
                          ":2: unit '%' does not fit level of gdp (expected '亿元')",
        ":2: 单位“%”不符合 gdp 的 level（应为“亿元”）"),
    "percent_on_a_level": (lambda p: write_csv(p, [_row(measure="level", unit="亿元",
                                                        value="5.8%")]),
                           ":2: value '5.8%' carries % but level is not a percentage",
        ":2: 数值“5.8%”带 %，但 level 不是百分比"),
    "negative_level": (lambda p: write_csv(p, [_row(measure="level", unit="亿元",
                                                    value="-3")]),
                       ":2: a level cannot be negative (-3)",
        ":2: 总量不能为负（-3）"),
    "empty_source": (lambda p: write_csv(p, [_row(source="")]),
                     ":2: source is empty: every figure needs the page or publication",
        ":2: 来源为空：每个数字都须注明出处"),
    "wrong_field_count": (
        lambda p: p.write_text(",".join(HEADER) + "\n" + ",".join(GOOD) + ",extra\n",
                               encoding="utf-8"),
        ":2: has 9 fields but the header has 8 (a comma inside a value must be quoted)",
        ":2: 有 9 个字段，但表头有 8 个（值中含逗号时须加引号）"),
    "empty_file": (lambda p: p.write_bytes(b""),
                   ": is empty; expected a header line and figures",
        ": 文件为空；应有表头和数据"),
    "header_only": (lambda p: write_csv(p, []), ": has a header but no figures",
        ": 有表头但没有数据"),
    "binary_file": (lambda p: p.write_bytes(bytes(range(256)) * 8),
                    ": is not a CSV or .xlsx file (binary content)",
        ": 不是 CSV 或 .xlsx 文件（二进制内容）"),
    "old_xls": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500),
                ": is an old Excel .xls workbook; save it as .xlsx or CSV (UTF-8)",
        ": 是旧版 Excel .xls 工作簿；请另存为 .xlsx 或 CSV（UTF-8）"),
    "broken_xlsx": (lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"),
                    ": is not a readable .xlsx workbook (BadZipFile)",
        ": 不是可读取的 .xlsx 工作簿（BadZipFile）"),
    "qualifier_on_observation": (
        lambda p: write_csv(p, [[*GOOD, "about"]], header=[*HEADER, "qualifier"]),
        ":2: a qualifier belongs to a target, not to an observation",
        ":2: 限定词只用于目标，不用于观测值"),
    "monthly_growth_for_a_year": (
        lambda p: write_csv(p, [_row(period="2024", measure="month_growth_pct")]),
        ":2: month_growth_pct needs the month (YYYY-MM), not a whole year",
        ":2: month_growth_pct（当月增速）须有月份（YYYY-MM），不能是全年"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_gives_one_clear_line_and_exit_2_in_chinese_or_english(case, tmp_path, capsys):
    make, english, chinese = CASES[case]
    path = tmp_path / f"{case}.csv"
    make(path)
    before = sorted(p.name for p in tmp_path.iterdir())
    for lang, expected, summary in (("zh", chinese, "个问题：文件无效"),
                                    ("en", english, "problem(s): the file(s) are not valid")):
        assert main(["check-data", str(path), *(["--lang", lang] if lang == "en" else [])]) == 2
        out = capsys.readouterr()
        assert f"{path}{expected}" in out.out, out.out
        assert "Traceback" not in out.out + out.err
        assert out.out.rstrip().endswith(summary)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_all_problems_of_a_file_are_listed_not_just_the_first(tmp_path, capsys):
    path = write_csv(tmp_path / "many.csv", [_row(region="nowhere"), GOOD,
                                             _row(value="x", unit="亿元")])
    assert main(["check-data", str(path), "--lang", "en"]) == 2
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith(str(path))]
    assert [line.split(":")[1] for line in lines] == ["2", "4"]
    assert "value 'x' is not a number; unit '亿元' does not fit growth_pct" in lines[1]


def test_missing_file_and_folder(tmp_path, capsys):
    assert main(["check-data", str(tmp_path / "nope.csv"), str(tmp_path)]) == 2
    out = capsys.readouterr().out
    assert f"{tmp_path / 'nope.csv'}: 文件不存在" in out
    assert f"{tmp_path}: 是文件夹，不是 CSV 或 .xlsx 文件" in out
    assert main(["check-data", str(tmp_path / "nope.csv"), str(tmp_path), "--lang", "en"]) == 2
    out = capsys.readouterr().out
    assert f"{tmp_path / 'nope.csv'}: no such file" in out
    assert f"{tmp_path}: is a folder, not a CSV or .xlsx file" in out


def test_the_installed_command_prints_no_traceback(tmp_path):
    path = write_csv(tmp_path / "bad.csv", [_row(value="inf")])
    result = subprocess.run([sys.executable, "-m", "xyforecast", "check-data", str(path)],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "XYFORECAST_LANG": "en"})
    assert result.returncode == 2
    assert f"{path}:2: value 'inf' is not a finite number" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_shipped_files_are_valid_and_conflicts_are_reported(capsys):
    from xyforecast.inputs.dataset import default_data_dir

    d = default_data_dir()
    assert main(["check-data", str(d / "observations.csv"), str(d / "targets.csv"),
                 "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.count("note: ") == 36
    assert "china gdp 2021 growth_pct: sources differ; kept 8.6 over 8.4" in out
    assert out.rstrip().endswith("36 conflict(s) resolved by the rule in data/README.md")
