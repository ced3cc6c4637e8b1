"""Conflicts decided by a stated rule, never a name (issues 17.1 and 19.3).

Every file here is synthetic (titles "synthetic 合成测试数据", sources "synthetic"). The rule
(data/README.md, "Conflicts"): rounded or cut-off copies are one figure; --prefer; your own
files over the shipped data; the later publication (a release date in the file, else the
file's latest period); the later vintage word; the bureau's own table over a file in the
suite's layout; otherwise refused, naming both cells and the way out.
"""

from __future__ import annotations

import csv
import random
import shutil

import pytest
from openpyxl import Workbook

from xyforecast.cli import main
from xyforecast.errors import DataError
from xyforecast.inputs.dataset import load

from conftest import HEADER, write_csv

VINTAGE = [*HEADER, "vintage"]


def _row(indicator="gdp", period="2025-06", value="5.6", measure="growth_pct", unit="%",
         vintage=""):
    return ["xingyang", indicator, period, measure, value, unit, "synthetic", "", vintage]


def _bulletin(path, rows, months="1-9月"):
    """A synthetic bureau table: 荥阳市2025年1-9月主要经济指标, indicators in rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = months
    sheet.append([f"荥阳市2025年{months}主要经济指标（synthetic 合成测试数据）"])
    sheet.append(["指标名称", "单位", f"{months}累计", "同比增长(%)"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _figures(data) -> list[tuple]:
    f = data.figures
    return sorted(zip(f["region"], f["indicator"], f["territory"], f["measure"], f["year"],
                      f["month"], f["value"]))


def _files(folder):
    """A bureau table, a file of dated releases and a compiled file of months, which
    overlap: revisions, one figure written twice with other digits, a vintage word."""
    folder.mkdir()
    bulletin = _bulletin(folder / "yb-2025-09.xlsx", [["地区生产总值", "亿元", 580.2, 5.4],
                                                       ["固定资产投资", "亿元", 265.3, 8.5]])
    dated = write_csv(folder / "releases.csv", [
        _row(value="5.6", vintage="2025-07-18"), _row(value="5.2", vintage="2025-10-20"),
        _row("retail_sales", "2025-06", "6.0", vintage="2025-07-15")], header=VINTAGE)
    months = write_csv(folder / "months.csv", [
        _row("fixed_asset_investment", "2025-08", "8.70"),
        _row("fixed_asset_investment", "2025-09", "265.30", "level", "亿元"),
        _row("retail_sales", "2025-03", "5.1", vintage="preliminary"),
        _row("retail_sales", "2025-03", "5.3", vintage="final"),
        _row("industrial_value_added", "2025-09", "10.8")], header=VINTAGE)
    return [bulletin, dated, months]


def _shuffled_copy(path, target, seed):
    """The same file under another name, its rows in another order (header first)."""
    if path.suffix == ".xlsx":
        shutil.copyfile(path, target)
        return target
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    random.Random(seed).shuffle(rows)
    return write_csv(target, rows, header=header)


def test_renaming_reordering_files_and_permuting_rows_changes_no_figure(tmp_path):
    files = _files(tmp_path / "first")
    data = load(extra=files)
    assert data.year_to_date("xingyang", "gdp", 2025).to_dict() == {6: 5.2, 9: 5.4}
    assert data.year_to_date("xingyang", "retail_sales", 2025).to_dict() == {3: 5.3, 6: 6.0}
    assert data.year_to_date("xingyang", "fixed_asset_investment", 2025,
                             "level").to_dict() == {9: 265.3}
    (tmp_path / "again").mkdir()
    for seed, names in enumerate([("z.xlsx", "a.csv", "m.csv"), ("0.xlsx", "9.csv", "5.csv")]):
        renamed = [_shuffled_copy(path, tmp_path / "again" / f"{seed}-{name}", seed)
                   for path, name in zip(files, names)]
        again = load(extra=list(reversed(renamed)))
        assert _figures(again) == _figures(data)
        assert [(c.key, c.kept["value"], c.kind) for c in again.conflicts] == \
            [(c.key, c.kept["value"], c.kind) for c in data.conflicts]
        for cut in ("2025-06", "2025-09"):
            assert _figures(again.as_of(cut)) == _figures(data.as_of(cut))


def test_trailing_zeros_never_decide_5_50_against_5_9_is_refused(tmp_path, capsys):
    copy = write_csv(tmp_path / "copy.csv", [_row(value="5.50")], header=VINTAGE)
    fixed = write_csv(tmp_path / "corrected.csv", [_row(value="5.9")], header=VINTAGE)
    with pytest.raises(DataError) as refused:
        load(extra=[copy, fixed])
    assert [p.render("en") for p in refused.value.problems] == [
        f"{copy}:2: xingyang gdp 2025-06 growth_pct: 5.50 and 5.9 "
        "(corrected.csv:2) differ, with the same release, vintage and layout, so neither can "
        "be chosen: name the one to use with --prefer FILE, or state the release date in the "
        "file (the vintage column, or a 发布日期: line above the table)"]
    # the same figure with a trailing zero is one figure, not a conflict
    same = write_csv(tmp_path / "same.csv", [_row(value="5.5")], header=VINTAGE)
    data = load(extra=[copy, same])
    assert not [c for c in data.conflicts if c.mine]
    assert data.year_to_date("xingyang", "gdp", 2025)[6] == 5.5
    assert main(["check-data", str(copy), str(fixed)]) == 2
    assert "请用 --prefer 文件 指定" in capsys.readouterr().out
    assert main(["check-data", str(copy), str(fixed), "--prefer", str(fixed)]) == 0


def test_a_revision_without_dates_says_on_what_ground_it_is_later(tmp_path):
    """Issue 19.3: an undated correction of 1–6月 and an undated 1–9月 bulletin: the one
    whose figures reach later counts as published later, and the line says so and how to
    say otherwise."""
    june = write_csv(tmp_path / "yb-2025-06-修订.csv", [_row(value="5.6")], header=VINTAGE)
    september = write_csv(tmp_path / "yb-2025-09.csv", [_row(value="5.2"),
                                                        _row(period="2025-09", value="5.4")],
                          header=VINTAGE)
    data = load(extra=[june, september])
    (revision,) = data.revisions
    assert str(revision.notice()) == (
        "修订：xingyang gdp 2025-06 growth_pct 由 5.6（yb-2025-06-修订.csv:2）改为 5.2"
        "（yb-2025-09.csv:2），以后发布的为准（两者均未写发布日期：数据截至 2025-09 的文件视为"
        "后发布；如不然，请写明发布日期或用 --prefer 指定）")
    chosen = load(extra=[june, september], prefer=[june])
    assert chosen.year_to_date("xingyang", "gdp", 2025)[6] == 5.6
    assert [c.kind for c in chosen.conflicts if c.mine] == ["prefer"]


def test_in_one_publication_the_bureaus_own_table_beats_a_tidy_copy(tmp_path, capsys):
    table = _bulletin(tmp_path / "荥阳市2025年9月统计月报.xlsx",
                      [["地区生产总值", "亿元", 580.2, 5.6]])
    copy = write_csv(tmp_path / "整理.csv", [_row(period="2025-09", value="5.5")],
                     header=VINTAGE)
    for order in ([table, copy], [copy, table]):
        data = load(extra=order)
        (conflict,) = [c for c in data.conflicts if c.mine]
        assert (conflict.kept["value"], conflict.kind) == (5.6, "layout")
    argv = ["--region", "xingyang", "--year", "2025", "--observations", str(table),
            "--observations", str(copy)]
    line = ("xingyang gdp 2025-09 growth_pct：来源不一致；采用 5.6（荥阳市2025年9月统计月报.xlsx:"
            "'1-9月'!D3），未采用 5.5（整理.csv:2）：同一期发布：统计局原表优先于整理后的文件")
    assert main(["forecast", *argv]) == 0
    assert line in capsys.readouterr().out.splitlines()
    assert main(["report", *argv, "--out", str(tmp_path / "r.docx")]) == 0
    assert line in capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("command", [
    "targets", "check-data", pytest.param("render", marks=pytest.mark.e2e)])
def test_every_other_command_that_uses_the_figure_names_both_cells(tmp_path, capsys, command):
    """Issue 17.1: not only forecast and report — the targets table, check-data and a real
    render (on stderr, as its progress is) say which figure the rule kept and which it set
    aside, with both cells."""
    table = _bulletin(tmp_path / "荥阳市2025年9月统计月报.xlsx",
                      [["地区生产总值", "亿元", 580.2, 5.6]])
    copy = write_csv(tmp_path / "整理.csv", [_row(period="2025-09", value="5.5")],
                     header=VINTAGE)
    kept, other = f"{table.name}:'1-9月'!D3", "整理.csv:2"
    if command == "check-data":
        assert main(["check-data", str(table), str(copy)]) == 0
    else:
        argv = [command, "--region", "xingyang", "--year", "2025",
                "--observations", str(table), "--observations", str(copy)]
        if command == "render":
            argv += ["--only", "dashboard", "--lang", "zh", "--out", str(tmp_path / "out")]
        assert main(argv) == 0
    said = capsys.readouterr()
    lines = [line for line in (said.out + said.err).splitlines() if "来源不一致" in line]
    assert len(lines) == 1, lines
    assert kept in lines[0] and "采用 5.6" in lines[0] and f"未采用 5.5（{other}）" in lines[0]


def test_your_file_beats_the_shipped_data_and_a_stated_release_the_later_one(tmp_path):
    mine = write_csv(tmp_path / "mine.csv", [
        ["zhengzhou", "gdp", "2025-09", "growth_pct", "9.9", "%", "synthetic", "", ""]],
        header=VINTAGE)
    data = load(extra=[mine])
    (conflict,) = [c for c in data.conflicts if c.mine]
    assert (conflict.kept["value"], conflict.kind) == (9.9, "origin")
    dated = write_csv(tmp_path / "dated.csv", [_row(value="5.6", vintage="2025-07-18"),
                                               _row(value="5.2", vintage="2025-10-20")],
                      header=VINTAGE)
    data = load(extra=[dated])
    (conflict,) = [c for c in data.conflicts if c.mine]
    assert (conflict.kept["value"], conflict.kind) == (5.2, "published")
    assert conflict.reason == "published later wins (released 2025-10-20)"
