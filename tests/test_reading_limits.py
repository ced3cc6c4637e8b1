"""Bounded reading (issue 13): only regular files, everywhere; limits on size, rows, columns,
cells and merges, each one line; every file of data/local/ read or said to be skipped.

Every file here is synthetic, written into a temporary folder by the test.
"""

from __future__ import annotations

import importlib.util
import io
import os
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from xyforecast.catalog import Catalog
from xyforecast.cli import main
from xyforecast.errors import DataError, visible
from xyforecast.inputs import limits, workbook
from xyforecast.inputs.dataset import default_data_dir, load, load_files

from conftest import HEADER, ROOT, copy_data, write_csv

CATALOG = Catalog.load(default_data_dir())
GOOD = ["xingyang", "gdp", "2025-09", "growth_pct", "5.8", "%", "synthetic test row", ""]


def _problems(path) -> list[str]:
    with pytest.raises(DataError) as error:
        load_files(CATALOG, [], [path])
    return [p.render("en") for p in error.value.problems]


def test_a_fifo_or_a_link_to_a_device_in_data_local_is_one_line_not_a_hang(tmp_path, capsys):
    folder = copy_data(tmp_path / "data")
    os.mkfifo(folder / "local" / "pipe.csv")
    (folder / "local" / "zero.csv").symlink_to("/dev/zero")
    assert main(["coverage", "--region", "xingyang", "--data-dir", str(folder)]) == 2
    err = capsys.readouterr().err.splitlines()
    refused = "不是普通文件（设备或管道？）；请给出 CSV 或 .xlsx 文件"
    assert err == [f"{folder / 'local' / 'pipe.csv'}: {refused}",
                   f"{folder / 'local' / 'zero.csv'}: {refused}",
                   "xyforecast：输入中有 2 个问题；未写入任何内容"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_a_file_the_user_may_not_read_is_one_line_exit_2(tmp_path, capsys):
    path = write_csv(tmp_path / "secret.csv", [GOOD])
    path.chmod(0)
    assert main(["check-data", str(path), "--lang", "en"]) == 2
    assert f"{path}: cannot be read: permission denied" in capsys.readouterr().out


def test_permission_denied_is_said_in_one_line(monkeypatch, tmp_path):
    """As root cannot be refused a read, the refusal is simulated at the open call."""
    path = write_csv(tmp_path / "secret.csv", [GOOD])
    real_open = os.open

    def refuse(name, *args, **kwargs):
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert _problems(path) == [f"{path}: cannot be read: permission denied"]


def test_files_in_data_local_are_read_by_content_or_said_to_be_skipped(tmp_path, capsys):
    folder = copy_data(tmp_path / "data")
    local = folder / "local"
    text = "\t".join(HEADER) + "\r\n" + "\t".join(GOOD) + "\r\n"
    (local / "unicode text.txt").write_bytes(text.encode("utf-16"))  # Excel's "Unicode text"
    (local / "tabs.tsv").write_text(text.replace("gdp", "retail_sales"), encoding="utf-8")
    (local / "统计月报.pdf").write_bytes(b"%PDF-1.4 synthetic")
    (local / "old").mkdir()
    (local / "~$open.xlsx").write_bytes(b"lock file of an open workbook")
    (local / ".hidden.csv").write_text("not read")
    data = load(folder)
    assert sorted(f.shown.split("/")[-1] for f in data.inputs if f.local) == [
        "tabs.tsv", "unicode text.txt"]
    assert [p.render("en") for p in data.skipped] == [
        f"{local / 'old'}: note: not read: folders in data/local/ are not read",
        f"{local / '统计月报.pdf'}: note: not read: not a data file (read: .csv, .tsv, .txt, "
        ".xlsx, .xlsm, .xls, .ods)"]
    assert main(["targets", "--region", "xingyang", "--year", "2025", "--data-dir",
                 str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [f"{local / 'old'}: 说明：未读取：data/local/ 中的文件夹不会被读取",
                       f"{local / '统计月报.pdf'}: 说明：未读取：不是数据文件（读取的扩展名：.csv、"
                       ".tsv、.txt、.xlsx、.xlsm、.xls、.ods）",
                       "本地数据（非公开）：tabs.tsv 1条、unicode text.txt 1条"]


def test_an_old_xls_in_data_local_is_read_and_refused_not_ignored(tmp_path, capsys):
    folder = copy_data(tmp_path / "data")
    (folder / "local" / "月报.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500)
    assert main(["coverage", "--region", "xingyang", "--data-dir", str(folder)]) == 2
    assert "月报.xls: 是旧版 Excel .xls 工作簿；请另存为 .xlsx 或 CSV（UTF-8）" in (
        capsys.readouterr().err)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr("xyforecast.inputs.files.MAX_FILE_BYTES", 1000)
    path = write_csv(tmp_path / "big.csv", [GOOD] * 50)
    assert _problems(path) == [f"{path}: is too large (2.9 KB; at most 1.0 KB): split it into "
                               "files (one per prefecture, say)"]


def test_too_many_cells_and_figures_say_to_split_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr("xyforecast.inputs.text.MAX_CELLS", 30)
    path = write_csv(tmp_path / "lines.csv", [GOOD] * 5)
    assert _problems(path) == [f"{path}:4: has more than 30 cells holding values: split it "
                               "into files (one per prefecture, say)"]
    book = Workbook()
    for row in [HEADER, *[GOOD] * 5]:
        book.active.append(row)
    book.save(tmp_path / "rows.xlsx")
    monkeypatch.setattr("xyforecast.inputs.readers.MAX_ROWS", 2)
    assert _problems(tmp_path / "rows.xlsx") == [
        f"{tmp_path / 'rows.xlsx'}: holds more than 2 figures; split it into files"]


def test_a_province_of_125000_rows_in_one_file_is_read(tmp_path):
    """Issue 20.4: 200 counties x 5 indicators x 12 months x 10 years is 120,000 rows; the
    synthetic province of benchmarks/province.py is 125,000 in one file, read whole."""
    spec = importlib.util.spec_from_file_location("province", ROOT / "benchmarks" / "province.py")
    province = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(province)
    folder = province.build_province(tmp_path, 200)
    data = load(folder)
    assert [f.rows for f in data.inputs if f.local] == [125_000]
    assert data.year_to_date("synthetic_aaa", "gdp", 2025).index.tolist() == [3, 6, 9]


def test_cells_columns_and_merges_beyond_the_limits(tmp_path, monkeypatch):
    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    for row in [HEADER, GOOD, GOOD]:
        sheet.append(row)
    sheet["IW3"] = "far right"  # column 257
    book.save(tmp_path / "wide.xlsx")
    assert _problems(tmp_path / "wide.xlsx") == [
        f"{tmp_path / 'wide.xlsx'}:data!IW3: lies beyond the last column allowed, IV"]
    monkeypatch.setattr(workbook, "MAX_CELLS", 10)
    assert _problems(tmp_path / "wide.xlsx") == [
        f"{tmp_path / 'wide.xlsx'}: has more than 10 cells holding values: split it into "
        "files (one per prefecture, say)"]
    monkeypatch.setattr(workbook, "MAX_CELLS", limits.MAX_CELLS)
    monkeypatch.setattr(workbook, "MAX_MERGES", 2)
    for n in range(3):
        sheet.merge_cells(f"K{n + 1}:L{n + 1}")
    del sheet["IW3"]
    book.save(tmp_path / "merged.xlsx")
    assert _problems(tmp_path / "merged.xlsx") == [
        f"{tmp_path / 'merged.xlsx'}: sheet 'data' has more than 2 merged ranges"]


def _zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_workbook_that_unpacks_too_far_in_all_is_refused_unopened(tmp_path):
    parts = {"xl/workbook.xml": b"<workbook/>",
             **{f"xl/media/image{n}.bin": b"\0" * 40 * 2**20 for n in range(4)}}
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_zipped(parts))
    assert path.stat().st_size < 1_000_000
    assert _problems(path) == [f"{path}: unpacks to 160 MB in all, more than 128 MB"]


def test_a_formatted_cell_at_the_far_corner_costs_kilobytes(tmp_path):
    """Issue 13: one formatted, empty cell at XFD1048576 made check-data grow by 60 MB a
    second; here the memory follows the cells that hold values."""
    book = Workbook()
    for row in [HEADER, GOOD]:
        book.active.append(row)
    book.active["XFD1048576"].number_format = "0.0%"
    book.save(tmp_path / "corner.xlsx")
    tracemalloc.start()
    load_files(CATALOG, [], [tmp_path / "corner.xlsx"])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50 * 2**20  # its time: benchmarks/reading.py ("far corner cell")


def test_a_nul_never_reaches_a_cell(tmp_path):
    """NUL in a text file marks it binary; in a workbook (Excel writes _x0000_) it is named."""
    path = tmp_path / "nul.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\n" + ",".join(GOOD).encode()[:-1]
                     + b"\x00\n")
    assert _problems(path) == [f"{path}: is not a CSV or .xlsx file (binary content)"]
    book = Workbook()
    for row in [HEADER, [*GOOD[:7], "NUL-HERE"]]:
        book.active.append(row)
    book.save(tmp_path / "nul.xlsx")
    raw = (tmp_path / "nul.xlsx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename).replace(b"NUL-HERE", b"_x0000_"))
    (tmp_path / "nul.xlsx").write_bytes(out.getvalue())
    assert _problems(tmp_path / "nul.xlsx") == [
        f"{tmp_path / 'nul.xlsx'}:Sheet!H2: contains a control character (U+0000); delete it"]


def test_messages_never_pass_control_characters_to_the_terminal(capsys):
    assert visible("a\x1b[31mb\u202ec") == "a\\x1b[31mb\\u202ec"
    assert main(["coverage", "--region", "x\x1b[2Jy"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "x\\x1b[2Jy" in err


def test_check_data_on_a_full_workbook_in_a_real_process_is_bounded(tmp_path):
    """The benchmark's heaviest case (benchmarks/reading.py): 36,000 figures in under 1 MB,
    checked in its own process, under 500 MB (and, on an idle machine, well under 10 s)."""
    spec = importlib.util.spec_from_file_location("reading", ROOT / "benchmarks" / "reading.py")
    reading = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reading)
    path = tmp_path / "many.xlsx"
    path.write_bytes(reading.many_figures())
    assert path.stat().st_size < 1_000_000
    seconds, megabytes, status = reading.measure(path)
    assert status == 0 and megabytes < 500 and seconds < 60


def _reading():
    spec = importlib.util.spec_from_file_location("reading", ROOT / "benchmarks" / "reading.py")
    reading = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reading)
    return reading


@pytest.mark.parametrize("build", ["doctype_after_4kb", "utf16_doctype"])
def test_a_document_type_anywhere_in_a_part_is_refused_before_any_entity_grows(build,
                                                                             tmp_path):
    """Issue 19.4: a <!DOCTYPE after the first 4 KB of a part, or in a UTF-16 part, passed
    a look at the part's first bytes (a 26 KB workbook reached 3.5 GB)."""
    path = tmp_path / "entities.xlsx"
    path.write_bytes(getattr(_reading(), build)())
    tracemalloc.start()
    problems = _problems(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert problems == [
        f"{path}: workbook part xl/worksheets/sheet1.xml declares a document type (DOCTYPE), "
        "which Excel and WPS never write and which can expand into huge data: refused. Save "
        "it again as a new .xlsx from Excel"]
    assert peak < 20 * 2**20


def test_a_utf16_part_is_read_as_its_declaration_says(tmp_path):
    book = Workbook()
    for row in [HEADER, GOOD]:
        book.active.append(row)
    book.save(tmp_path / "plain.xlsx")

    def utf16(data: bytes) -> bytes:
        return ('<?xml version="1.0" encoding="UTF-16"?>' + data.decode()).encode("utf-16")
    raw = _reading()._edit((tmp_path / "plain.xlsx").read_bytes(), "xl/worksheets/sheet1.xml",
                           utf16)
    (tmp_path / "utf16.xlsx").write_bytes(raw)
    figures = [load_files(CATALOG, [], [tmp_path / name]).figures[["region", "value", "source"]]
               .values.tolist() for name in ("plain.xlsx", "utf16.xlsx")]
    assert figures[0] == figures[1] == [["xingyang", 5.8, "synthetic test row"]]


def test_empty_shared_strings_are_dropped_as_they_are_parsed(tmp_path):
    """Issue 19.4: six million empty shared strings (46 KB packed) cost 664 MB, every parsed
    element kept under the part's root. A million of them now cost what a few do."""
    reading = _reading()
    book = Workbook()
    for row in [HEADER, GOOD]:
        book.active.append(row)
    path = tmp_path / "strings.xlsx"
    path.write_bytes(reading._with_shared_strings(reading._book_bytes(book),
                                                  b"<si/>" * 1_000_000))
    tracemalloc.start()
    load_files(CATALOG, [], [path])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 40 * 2**20  # the list of a million (empty) strings is 8 MB of it


def test_openpyxl_is_the_version_whose_internals_workbook_py_drives():
    """inputs/workbook.py calls openpyxl internals (WorkSheetParser, ExcelReader, the
    workbook's style and format lists) because the public read-only mode has no merged cells
    (a bureau table's headers are merged) and keeps every cell of a row. An upgrade must be
    checked by hand: run this file and benchmarks/reading.py, then change the version here
    and in requirements.lock."""
    import openpyxl
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    from openpyxl.worksheet._reader import WorkSheetParser

    assert openpyxl.__version__ == "3.1.5"
    parser = WorkSheetParser(None, [], data_only=True, epoch=None, date_formats=set(),
                             timedelta_formats=set())
    assert callable(parser.parse_cell) and hasattr(parser, "row_counter")
    assert all(callable(getattr(ExcelReader, name)) for name in ("read_manifest",
                                                                  "read_workbook"))
    book = openpyxl.Workbook()
    for name in ("_cell_styles", "_number_formats", "_date_formats", "_timedelta_formats",
                 "epoch"):
        assert hasattr(book, name), name
    # the reason for all this: the public read-only sheet cannot say which cells are merged
    # (when it can, inputs/workbook.py should move to it with reset_dimensions())
    assert not hasattr(ReadOnlyWorksheet, "merged_cells")


def test_a_wps_file_in_data_local_is_said_to_need_saving_as_xlsx(tmp_path, capsys):
    """Issue 19: a WPS .et file in data/local/ is not "not a data file": it says how to save
    it so that it is read (synthetic bytes: only the name matters here)."""
    from xyforecast.inputs.files import local_files

    (tmp_path / "统计月报.et").write_bytes(b"\xd0\xcf\x11\xe0synthetic")
    read, skipped = local_files(tmp_path)
    assert read == [] and len(skipped) == 1
    assert "另存为" in skipped[0][1].render("zh") and ".xlsx" in skipped[0][1].render("en")
