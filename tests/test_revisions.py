"""The bureau's own figures, end to end: a 统计月报 workbook feeds the forecast, a later bulletin
revises an earlier one whatever the order of the files, an --as-of replay sees only what was
published by then, and the summary names every file it rests on.

Every table here is synthetic and says so (titles "synthetic 合成测试数据", sources "synthetic").
"""

from __future__ import annotations

import json
import shlex

import pytest
from openpyxl import Workbook

from xyforecast.cli import main
from xyforecast.errors import DataError, UsageError
from xyforecast.inputs.dataset import load
from xyforecast.inputs.provenance import own_files_line, row_counts
from xyforecast.periods import Period

from conftest import ROOT, copy_data, write_csv

JUNE = [["xingyang", "gdp", "2025-06", "growth_pct", "5.6", "%", "bulletin 2025-06 (synthetic)",
         ""]]
SEPTEMBER = [["xingyang", "gdp", "2025-06", "growth_pct", "5.2", "%",
              "bulletin 2025-09 (synthetic)", ""],
             ["xingyang", "gdp", "2025-09", "growth_pct", "5.4", "%",
              "bulletin 2025-09 (synthetic)", ""]]


@pytest.fixture()
def bulletins(tmp_path):
    """yb-2025-06.csv gives GDP for January-June 5.6; yb-2025-09.csv revises it to 5.2 and
    adds January-September."""
    return (write_csv(tmp_path / "yb-2025-06.csv", JUNE),
            write_csv(tmp_path / "yb-2025-09.csv", SEPTEMBER))


def _summary(capsys, *argv) -> dict:
    assert main(["forecast", "--region", "xingyang", "--year", "2025", "--json", *argv]) == 0
    out = capsys.readouterr()
    return {"json": json.loads(out.out), "err": out.err}


def _gdp(summary: dict) -> dict:
    return next(i for i in summary["indicators"] if i["indicator"] == "gdp")


def test_the_later_bulletin_wins_whatever_the_order_of_the_files(bulletins, capsys):
    june, september = bulletins
    forward = _summary(capsys, "--observations", str(june), "--observations", str(september))
    backward = _summary(capsys, "--observations", str(september), "--observations", str(june))
    alone = _summary(capsys, "--observations", str(september))
    assert _gdp(forward["json"])["projection"] == _gdp(backward["json"])["projection"] \
        == _gdp(alone["json"])["projection"]
    assert forward["json"]["data_sha256"] == backward["json"]["data_sha256"]
    # one line per figure a revision replaced, beside the JSON (on stderr)
    assert ("修订：xingyang gdp 2025-06 growth_pct 由 5.6（yb-2025-06.csv:2）改为 5.2"
            "（yb-2025-09.csv:2），以后发布的为准") in forward["err"]
    assert forward["err"] == backward["err"]


def test_the_revision_is_in_the_data_and_coverage_lists_it(bulletins, capsys):
    june, september = bulletins
    data = load(extra=[september, june])
    assert data.year_to_date("xingyang", "gdp", 2025).to_dict() == {6: 5.2, 9: 5.4}
    (revision,) = data.revisions
    assert revision.reason == "published later wins (the file with figures to 2025-09)"
    assert main(["coverage", "--region", "荥阳市", "--observations", str(june),
                 "--observations", str(september), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Revisions (a later publication replaced a figure):" in out
    assert ("  revised: xingyang gdp 2025-06 growth_pct 5.6 (yb-2025-06.csv:2) replaced by 5.2 "
            "(yb-2025-09.csv:2), published later") in out


def test_release_dates_decide_and_an_as_of_replay_sees_only_what_was_published(tmp_path):
    """The vintage column holds release dates: at the cut-off 2025-06 (figures of June,
    out in July) only the first release was known; at 2025-09 the revision was."""
    rows = [["xingyang", "gdp", "2025-06", "growth_pct", "5.6", "%", "first (synthetic)", "",
             "2025-07-18"],
            ["xingyang", "gdp", "2025-06", "growth_pct", "5.2", "%", "revised (synthetic)", "",
             "2025-10-20"],
            ["xingyang", "gdp", "2025-09", "growth_pct", "5.4", "%", "Q3 (synthetic)", "",
             "2025-10-20"]]
    path = write_csv(tmp_path / "releases.csv", rows,
                     header=["region", "indicator", "period", "measure", "value", "unit",
                             "source", "note", "vintage"])
    data = load(extra=[path])
    assert data.year_to_date("xingyang", "gdp", 2025).to_dict() == {6: 5.2, 9: 5.4}
    assert data.as_of("2025-06").year_to_date("xingyang", "gdp", 2025).to_dict() == {6: 5.6}
    assert data.as_of("2025-09").year_to_date("xingyang", "gdp", 2025).to_dict() == {
        6: 5.2, 9: 5.4}
    assert not data.as_of("2025-06").revisions and len(data.as_of("2025-09").revisions) == 1


def test_files_of_one_publication_that_disagree_stop_every_command_until_the_user_chooses(
        tmp_path, capsys):
    """Issue 17.1: two undated files of one publication, 5.6 and 5.7. No name, order or
    digit decides: every command refuses, naming both cells and the way out; --prefer
    decides, and says so on every command."""
    a = write_csv(tmp_path / "a.csv", [[*JUNE[0][:4], "5.6", "%", "a (synthetic)", ""]])
    b = write_csv(tmp_path / "b.csv", [[*JUNE[0][:4], "5.7", "%", "b (synthetic)", ""]])
    for order in ([a, b], [b, a]):
        with pytest.raises(DataError) as refused:
            load(extra=order)
        assert [p.render("en") for p in refused.value.problems] == [
            f"{a}:2: xingyang gdp 2025-06 growth_pct: 5.6 and 5.7 (b.csv:2) differ, "
            "with the same release, vintage and layout, so neither can be chosen: name the one "
            "to use with --prefer FILE, or state the release date in the file (the vintage "
            "column, or a 发布日期: line above the table)"]
    argv = ["forecast", "--region", "xingyang", "--year", "2025", "--observations", str(a),
            "--observations", str(b)]
    assert main(argv) == 2
    assert "--prefer" in capsys.readouterr().err
    assert main([*argv, "--prefer", str(b), "--json"]) == 0
    out = capsys.readouterr()
    assert _gdp(json.loads(out.out))["latest"]["period"] == "2025-06"
    assert ("xingyang gdp 2025-06 growth_pct：来源不一致；采用 5.7（b.csv:2），未采用 5.6"
            "（a.csv:2）：按 --prefer 采用 b.csv") in out.err
    chosen = load(extra=[a, b], prefer=["b.csv"])  # a file's name will do when it is unique
    assert chosen.year_to_date("xingyang", "gdp", 2025)[6] == 5.7
    with pytest.raises(UsageError, match=r"elsewhere\.csv"):
        load(extra=[a, b], prefer=["elsewhere.csv"])


def _bulletin(path):
    """A synthetic 统计月报 workbook: title 荥阳市2025年1-9月主要经济指标, indicators in rows,
    本月 / 1-9月累计 / 同比增长(%) columns."""
    book = Workbook()
    sheet = book.active
    sheet.title = "1-9月"
    sheet.append(["荥阳市2025年1-9月主要经济指标（synthetic 合成测试数据）"])
    sheet.merge_cells("A1:E1")
    sheet.append(["指标名称", "单位", "本月", "1-9月累计", "同比增长(%)"])
    for row in (["地区生产总值", "亿元", None, 580.2, 5.9],
                ["规上工业增加值", "%", None, None, 10.8],
                ["固定资产投资", "万元", 301200, 2653000, 8.5],
                ["社零", "亿元", 25.1, 210.4, 6.2],
                ["一般公共预算收入", "亿元", 2.1, 30.5, 2.3]):
        sheet.append(row)
    sheet.append(["注：本表为快报数（synthetic）。"])
    book.save(path)
    return path


def test_a_bulletin_workbook_feeds_every_headline_projection(tmp_path, capsys):
    """The 本月 column is read too (month_level: three figures, 301200 万元 as 30.12 亿元)."""
    path = _bulletin(tmp_path / "荥阳市2025年9月统计月报.xlsx")
    assert main(["check-data", str(path)]) == 0
    assert capsys.readouterr().out.rstrip().endswith(
        "1 个文件，12 行：有效；1 条警告；0 处冲突已按 data/README.md 的规则处理")
    assert main(["forecast", "--region", "荥阳市", "--year", "2025", "--observations",
                 str(path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "本地数据（非公开）：荥阳市2025年9月统计月报.xlsx 12条"
    summary = _summary(capsys, "--observations", str(path))["json"]
    assert [i["method"] for i in summary["indicators"]] == ["ytd-bridge"] * 5
    assert {i["latest"]["region"] for i in summary["indicators"]} == {"xingyang"}
    assert _gdp(summary)["latest"]["growth_pct"] == 5.9
    mine = [f for f in summary["inputs"] if f["origin"] == "user"]
    assert len(mine) == 1 and mine[0]["path"].endswith("荥阳市2025年9月统计月报.xlsx")
    assert mine[0]["rows"] == 12 and len(mine[0]["sha256"]) == 64


def test_the_summary_lists_every_file_and_its_command_reproduces_it(tmp_path, capsys,
                                                                    monkeypatch):
    path = _bulletin(tmp_path / "bulletin 2025-09.xlsx")  # a space: the command quotes it
    argv = ["forecast", "--region", "xingyang", "--year", "2025", "--json",
            "--observations", str(path)]
    monkeypatch.setattr("sys.argv", ["xyforecast", *argv])
    first = _summary(capsys, *argv[5:])["json"]
    shipped = [f["path"] for f in first["inputs"] if f["origin"] == "shipped"]
    assert shipped == ["data/observations.csv", "data/targets.csv", "data/henan/observations.csv",
                       "data/henan/targets.csv"]
    from xyforecast.outputs.summary import command_line

    command = command_line(argv)
    again = shlex.split(command)
    assert again[0] == "xyforecast"
    second = _summary(capsys, *again[6:])["json"]
    assert {k: v for k, v in first.items() if k != "run"} == \
        {k: v for k, v in second.items() if k != "run"}


def test_local_figures_are_counted_apart_and_never_called_public(tmp_path):
    folder = copy_data(tmp_path / "data")
    _bulletin(folder / "local" / "yb-2025-09.xlsx")
    data = load(folder)
    assert str(own_files_line(data)) == "本地数据（非公开）：yb-2025-09.xlsx 12条"
    assert own_files_line(data).render("en") == \
        "Your own figures (not public): yb-2025-09.xlsx (12 figures)"
    assert row_counts(data, "xingyang") == {"published": 6, "own": 12}
    assert str(own_files_line(load())) == "未使用本地数据：全部为随附的公开数据"
    assert data.latest("xingyang") == Period(2025, 9)


def test_names_work_wherever_a_code_does(tmp_path, capsys):
    assert main(["targets", "--region", "410182", "--year", "2025", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("荥阳市 Xingyang 2025")
    assert main(["render", "--region", "荥阳,nowhere", "--year", "2025", "--out",
                 str(tmp_path / "out"), "--lang", "en"]) == 2
    assert "unknown region 'nowhere'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert (ROOT / "data" / "aliases.csv").is_file()
