"""The first commands a person types: coverage and targets, in Chinese and English."""

from __future__ import annotations

from xyforecast.cli import main


def test_coverage_of_xingyang_shows_what_exists(capsys):
    assert main(["coverage", "--region", "xingyang"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("荥阳市 Xingyang — 数据截至 2020-12")
    assert "地区生产总值 (gdp)" in out and "2019-2020" in out


def test_coverage_as_of_and_conflicts_in_english(capsys):
    assert main(["coverage", "--region", "zhengzhou", "--as-of", "2023-06", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "data up to 2023-06" in out
    assert "2024" not in out.split("Conflicts:")[0]
    assert "zhengzhou gdp 2022 growth_pct: sources differ; kept 1.0 over 2" in out


def test_targets_of_xingyang_2025(capsys):
    assert main(["targets", "--region", "xingyang", "--year", "2025", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "about +6%" in out and "+10% or more" in out and "360亿元 or more" in out


def test_bad_parameters_are_one_line_and_exit_2(capsys):
    assert main(["coverage", "--region", "xingyan"]) == 2
    assert capsys.readouterr().err.startswith("xyforecast: error: unknown region 'xingyan'")
    assert main(["coverage", "--region", "xingyang", "--as-of", "2025-13"]) == 2
    assert "--as-of: period '2025-13' has month 13" in capsys.readouterr().err
    assert main(["targets", "--region", "xingyang", "--year", "2025", "--lang", "fr"]) == 2
    assert "unknown language 'fr'" in capsys.readouterr().err


def test_template_command_writes_a_new_file_and_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "mine.xlsx"
    assert main(["template", str(path)]) == 0 and path.exists()
    assert main(["template", str(path)]) == 2
    assert "exists already" in capsys.readouterr().err


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
