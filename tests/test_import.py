"""``xyforecast import`` writes only what ``check-data`` accepts (issue 19.5).

Every corpus file goes through import and then check-data; the tables built here are
synthetic (titles and sources say so).
"""

from __future__ import annotations

import csv
import json
import unicodedata

import pytest
from openpyxl import Workbook

from xyforecast.cli import main
from xyforecast.inputs.limits import MAX_CELL_CHARS

from conftest import ROOT, write_csv

CORPUS = ROOT / "tests" / "corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def _figures(capsys, path) -> set[tuple]:
    """The figures check-data finds in ``path`` (via the summary of a load)."""
    from xyforecast.catalog import Catalog
    from xyforecast.inputs.dataset import default_data_dir, load_files

    frame = load_files(Catalog.load(default_data_dir()), [], [path]).observations
    frame = frame[frame["origin"] != "derived"]
    return set(zip(frame["region"], frame["indicator"], frame["year"], frame["month"],
                   frame["measure"], frame["value"]))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_corpus_file_imports_to_a_file_check_data_accepts_or_not_at_all(
        name, tmp_path, capsys):
    out = tmp_path / "local"
    out.mkdir()
    source = CORPUS / name
    status = main(["import", str(source), "--out", str(out)])
    capsys.readouterr()
    written = sorted(out.iterdir())
    if EXPECTED[name]["exit"] == 2:
        assert status == 2 and written == []
        return
    assert status == 0, name
    (target,) = written
    assert main(["check-data", str(target)]) == 0, capsys.readouterr().out
    capsys.readouterr()
    assert _figures(capsys, target) == _figures(capsys, source)


def _bulletin(path, title: str, rows: list[list]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "1-9月"
    sheet.append([title])
    sheet.append(["指标名称", "单位", "1-9月累计", "同比增长(%)"])
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_an_over_long_title_is_shortened_keeping_the_cell(tmp_path, capsys):
    title = "荥阳市2025年1-9月主要经济指标（synthetic 合成测试数据）" + "长" * (MAX_CELL_CHARS - 40)
    _bulletin(tmp_path / "yb.xlsx", title, [["地区生产总值", "亿元", 580.2, 5.9]])
    out = tmp_path / "local"
    out.mkdir()
    assert main(["import", str(tmp_path / "yb.xlsx"), "--out", str(out)]) == 0
    with (out / "yb.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {len(r["source"]) for r in rows} == {MAX_CELL_CHARS}
    assert rows[0]["source"].endswith("长 (yb.xlsx:'1-9月'!C3)")
    capsys.readouterr()
    assert main(["check-data", str(out / "yb.csv")]) == 0


def test_a_note_grown_by_the_conversion_to_yi_yuan_stays_within_a_cell(tmp_path, capsys):
    note = "说明" * (MAX_CELL_CHARS // 2 - 2)
    path = write_csv(tmp_path / "wan.csv", [["xingyang", "fixed_asset_investment", "2025-09",
                                             "level", "2653000", "万元", "synthetic", note]])
    out = tmp_path / "local"
    out.mkdir()
    assert main(["import", str(path), "--out", str(out)]) == 0
    with (out / "wan.csv").open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["value"] == "265.3000" and len(row["note"]) == MAX_CELL_CHARS
    assert row["note"].endswith("; 2653000 万元")
    capsys.readouterr()
    assert main(["check-data", str(out / "wan.csv")]) == 0


@pytest.mark.parametrize("text", ['=HYPERLINK("http://example.invalid","点击")',
                                  "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
                                  "-2+3+cmd|' /C calc'!A0", "＝1+1"])
def test_formula_like_text_is_written_as_text(text, tmp_path, capsys):
    path = write_csv(tmp_path / "f.csv", [["xingyang", "gdp", "2025-09", "growth_pct", "-0.3",
                                           "%", text, text]])
    out = tmp_path / "local"
    out.mkdir()
    assert main(["import", str(path), "--out", str(out)]) == 0
    with (out / "f.csv").open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["source"] == row["note"] == "'" + unicodedata.normalize("NFKC", text)
    assert row["value"] == "-0.3"  # a figure is a figure
    capsys.readouterr()
    assert main(["check-data", str(out / "f.csv")]) == 0


def test_a_name_data_local_would_pass_over_is_refused_up_front(tmp_path, capsys):
    path = write_csv(tmp_path / "README-2025.csv", [["xingyang", "gdp", "2025-09", "growth_pct",
                                                     "5.8", "%", "synthetic", ""]])
    out = tmp_path / "local"
    out.mkdir()
    assert main(["import", str(path), "--out", str(out)]) == 2
    assert list(out.iterdir()) == []
    assert capsys.readouterr().err == (
        f"xyforecast: 错误：{path}：导入后的文件 README-2025.csv 会被 data/local/ 跳过（以 README、"
        "“.”或“~$”开头）；请先给输入文件改名\n")
