"""The first commands a person types: coverage, targets, check-data, template and import,
in Chinese (the default) and English."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from xyforecast.cli import main

from conftest import write_csv


def test_coverage_of_xingyang_shows_what_exists(capsys):
    assert main(["coverage", "--region", "xingyang"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("荥阳市 Xingyang — 数据截至 2020-12")
    assert "地区生产总值 (gdp)" in out and "2019-2020" in out


@pytest.mark.parametrize("name", ["荥阳市", "荥阳", "Xingyang", "410182"])
def test_a_region_may_be_named_on_the_command_line(capsys, name):
    assert main(["coverage", "--region", name]) == 0
    assert capsys.readouterr().out.startswith("荥阳市 Xingyang — 数据截至 2020-12")


def test_coverage_as_of_and_conflicts_in_english(capsys):
    assert main(["coverage", "--region", "zhengzhou", "--as-of", "2023-06", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "data up to 2023-06" in out
    assert "2024" not in out.split("Conflicts:")[0]
    assert ("zhengzhou gdp 2022 growth_pct: sources differ; kept 1.0 (observations.csv:944) "
            "over 2 (observations.csv:943)") in out  # both cells, as every command names them


def test_english_from_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("XYFORECAST_LANG", "en")
    assert main(["coverage", "--region", "zhengzhou"]) == 0
    assert "Zhengzhou — data up to" in capsys.readouterr().out


def test_targets_of_xingyang_2025(capsys):
    assert main(["targets", "--region", "xingyang", "--year", "2025", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "about +6%" in out and "+10% or more" in out
    assert "36 billion yuan or more" in out and "亿元" not in out  # 360亿元, in English words


def test_bad_parameters_are_one_line_and_exit_2(capsys):
    assert main(["coverage", "--region", "xingyan"]) == 2
    assert capsys.readouterr().err.startswith(
        "xyforecast: 错误：未知地区“xingyan”（是否应为 xingyang")
    assert main(["coverage", "--region", "xingyan", "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith("xyforecast: error: unknown region 'xingyan'")
    assert main(["coverage", "--region", "xingyang", "--as-of", "2025-13"]) == 2
    assert "--as-of：时期“2025-13”的月份 13 不在 01 至 12 之间" in capsys.readouterr().err
    assert main(["coverage", "--region", "xingyang", "--as-of", "2025-13", "--lang", "en"]) == 2
    assert "--as-of: period '2025-13' has month 13" in capsys.readouterr().err
    assert main(["targets", "--region", "xingyang", "--year", "2025", "--lang", "fr"]) == 2
    assert "未知语言“fr”:请用 zh 或 en" in capsys.readouterr().err


def test_help_is_chinese_by_default_with_examples_and_english_on_request(capsys):
    for argv, words in ((["--help"], ["用法：xyforecast", "示例：", "子命令"]),
                        (["check-data", "--help"], ["用法：", "要检查的文件", "示例："]),
                        (["import", "--help"], ["统计月报", "--out DIR", "示例："]),
                        (["template", "--help"], ["下拉列表", "示例："]),
                        (["coverage", "--help"], ["--region 荥阳市"]),
                        (["check-data", "--help", "--lang", "en"],
                         ["usage: xyforecast check-data", "files to check", "examples:"])):
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 0
        out = capsys.readouterr().out
        assert all(w in out for w in words), (argv, out)


HEAVY = ("pandas", "numpy", "scipy", "matplotlib", "openpyxl")


@pytest.mark.parametrize("argv", [["--help"], ["forecast", "--help", "--lang", "en"],
                                  ["--version"]])
def test_help_imports_no_numerical_library(argv):
    """Printing help needs argparse and the catalogue: the commands' libraries are imported
    when a command runs (issue 18; its CPU cost is measured by benchmarks/cli.py)."""
    probe = ("import sys\nfrom xyforecast.cli import main\ntry:\n    main(sys.argv[1:])\n"
             "except SystemExit as done:\n    assert done.code == 0, done.code\n"
             "print(sorted({m.split('.')[0] for m in sys.modules}))")
    result = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True,
                            text=True, check=True)
    loaded = result.stdout.splitlines()[-1]
    assert "'xyforecast'" in loaded and "'argparse'" in loaded
    assert not [name for name in HEAVY if f"'{name}'" in loaded], loaded


def test_argparse_errors_are_said_in_the_readers_language(capsys):
    with pytest.raises(SystemExit) as done:
        main(["targets", "--year", "2025"])
    assert done.value.code == 2
    assert capsys.readouterr().err == (
        "xyforecast targets: 错误：缺少必需的参数：--region（见 xyforecast targets --help）\n")
    with pytest.raises(SystemExit):
        main(["targets", "--year", "twenty", "--region", "xingyang", "--lang", "en"])
    assert capsys.readouterr().err == (
        "xyforecast targets: error: argument --year: 'twenty' is not a year like 2025 "
        "(see xyforecast targets --help)\n")


def test_template_command_writes_a_new_file_and_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "mine.xlsx"
    assert main(["template", str(path)]) == 0 and path.exists()
    assert main(["template", str(path)]) == 2
    assert "已存在" in capsys.readouterr().err
    assert main(["template", str(path), "--lang", "en"]) == 2
    assert "exists already" in capsys.readouterr().err


def test_the_template_has_chinese_headers_an_example_row_and_drop_down_lists(tmp_path):
    main(["template", str(tmp_path / "zh.xlsx")])
    main(["template", str(tmp_path / "en.xlsx"), "--lang", "en"])
    zh, en = (load_workbook(tmp_path / f"{n}.xlsx") for n in ("zh", "en"))
    assert [c.value for c in zh["observations"][1]] == [
        "地区", "指标", "时期", "口径", "数值", "单位", "来源", "备注", "版本"]
    assert [c.value for c in en["observations"][1]][:4] == [
        "region", "indicator", "period", "measure"]
    assert [c.value for c in zh["observations"][2]][:5] == [
        "荥阳市", "规模以上工业增加值", "2025-09", "累计增速", 10.8]
    lists = {str(v.sqref): v.formula1 for v in zh["observations"].data_validations.dataValidation}
    assert set(lists) == {"A2:A2000", "B2:B2000", "D2:D2000"}
    assert zh["lists"].sheet_state == "hidden"
    assert "荥阳市" in [c.value for c in zh["lists"]["A"]]


def test_the_templates_example_row_is_refused_until_replaced(tmp_path, capsys):
    path = tmp_path / "mine.csv"
    assert main(["template", str(path)]) == 0
    capsys.readouterr()
    assert main(["check-data", str(path)]) == 2
    assert f"{path}:2: 这是模板的示例行：请替换为实际数字或删除" in capsys.readouterr().out
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = "荥阳市,社零,2025年1-9月,累计增速,6.1,%,荥阳市统计局 统计月报 (synthetic),,"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    assert main(["check-data", str(path)]) == 0


def test_import_writes_one_tidy_file_per_table_and_refuses_to_overwrite(tmp_path, capsys):
    source = write_csv(tmp_path / "yb-2025-09.csv", [
        ["荥阳市", "社零", "2025年1-9月", "累计增速", "6.1", "%", "统计月报 (synthetic)", ""]],
        header=["地区", "指标", "时期", "口径", "数值", "单位", "来源", "备注"])
    out = tmp_path / "local"
    out.mkdir()
    assert main(["import", str(source), "--out", str(out)]) == 0
    assert f"已导入 {source}：1 个数字 → {out / 'yb-2025-09.csv'}" in capsys.readouterr().out
    assert (out / "yb-2025-09.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "region,indicator,period,measure,value,unit,source,note,vintage,territory",
        "xingyang,retail_sales,2025-09,growth_pct,6.1,%,统计月报 (synthetic),,,"]
    assert main(["import", str(source), "--out", str(out)]) == 2
    assert "已存在" in capsys.readouterr().err


def test_import_writes_nothing_when_anything_is_wrong(tmp_path, capsys):
    good = write_csv(tmp_path / "good.csv", [
        ["xingyang", "gdp", "2025-09", "growth_pct", "5.8", "%", "synthetic", ""]])
    bad = write_csv(tmp_path / "bad.csv", [
        ["xingyang", "gdp", "2025-09", "growth_pct", "5.8¹x", "%", "synthetic", ""]])
    out = tmp_path / "local"
    out.mkdir()
    assert main(["import", str(good), str(bad), "--out", str(out)]) == 2
    assert list(out.iterdir()) == []
    assert capsys.readouterr().out.rstrip().endswith("1 个问题：文件无效")


def test_output_piped_into_head_ends_quietly(monkeypatch, capsys):
    """`xyforecast … | head`: the reader closes the pipe; no "internal error", status 141."""
    import os
    import sys

    read, write = os.pipe()
    os.close(read)  # the reader has gone: every write now fails with EPIPE
    with open(write, "w", buffering=1) as closed:
        monkeypatch.setattr(sys, "stdout", closed)
        status = main(["targets", "--region", "xingyang", "--year", "2025"])
        monkeypatch.undo()
    assert status == 141
    assert "internal error" not in capsys.readouterr().err


def test_importing_the_package_changes_no_environment_the_command_sets_one_blas_thread():
    """A library import leaves the process alone (a notebook's or an embedding program's
    BLAS stays theirs); the command, whose kernels and workers inherit its environment,
    asks for one BLAS thread unless the caller set another."""
    from xyforecast.config import BLAS_THREADS

    env = {k: v for k, v in os.environ.items() if k not in BLAS_THREADS}
    probe = ("import os, sys\nbefore = dict(os.environ)\nimport xyforecast.forecast\n"
             "assert dict(os.environ) == before\nfrom xyforecast.cli import main\n"
             "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
             f"print([os.environ.get(n) for n in {BLAS_THREADS!r}])")
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                         text=True, check=True).stdout
    assert out.split("\n")[-2] == "['1', '1', '1']"
    mine = subprocess.run([sys.executable, "-c", probe], env={**env, "OMP_NUM_THREADS": "2"},
                          capture_output=True, text=True, check=True).stdout
    assert mine.split("\n")[-2] == "['1', '2', '1']"
