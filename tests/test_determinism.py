"""Same inputs, same report: two real renders compared file by file, byte for byte.

What may differ, and only that: the run block — the ``run`` object of summary.json (the
time and the command, which names --out). Every other file is byte-identical: the pages,
the index, the executed notebooks (no timings, a fixed id for papermill's parameters cell,
no paths), the workbooks (no time in their metadata or zip entries), the chart, pages.json.

The two renders run at once, in their own processes, with different hash seeds
(PYTHONHASHSEED): an order taken from a set of strings, which changes from one process to
the next, would show here. One page per notebook of the suite.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import nbformat
import pytest
from openpyxl import load_workbook

from conftest import ROOT

pytestmark = pytest.mark.e2e
PAGES = ["dashboard", "indicator-gdp", "data", "track-record",
         "dashboard.en", "indicator-gdp.en", "data.en", "track-record.en"]


@pytest.fixture(scope="module")
def renders(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("determinism")
    folders = tmp / "first", tmp / "second"
    running = [subprocess.Popen(
        [sys.executable, "-m", "xyforecast", "render", "--region", "xingyang", "--year",
         "2025", "--only", ",".join(PAGES[:4]), "--jobs", "2", "--out", str(folder)],
        cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True) for folder, seed in zip(folders, ("1", "2"))]
    for render in running:
        try:
            _, err = render.communicate(timeout=300)
        except subprocess.TimeoutExpired:  # a hung render must not outlive the test
            for other in running:
                other.kill()
            raise
        assert render.returncode == 0, err
    return folders


def test_every_file_is_byte_identical_apart_from_summary_json(renders):
    first, second = renders
    different = sorted(p.name for p in first.iterdir()
                       if p.read_bytes() != (second / p.name).read_bytes())
    assert different == ["summary.json"]


def test_both_renders_wrote_the_same_files(renders):
    first, second = renders
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert {f"{page}.{kind}" for page in PAGES for kind in ("html", "ipynb")} <= set(names)


def test_summary_json_is_identical_apart_from_the_run_block(renders):
    first, second = (json.loads((f / "summary.json").read_text(encoding="utf-8"))
                     for f in renders)
    assert set(first["run"]) == set(second["run"]) == {"generated_at", "command"}
    assert first["run"]["command"] != second["run"]["command"]  # --out differs: it shows
    first.pop("run"), second.pop("run")
    assert first == second
    texts = [(f / "summary.json").read_text(encoding="utf-8") for f in renders]
    assert texts[0].split('"run":')[0] == texts[1].split('"run":')[0]  # byte for byte


def _cells(path: Path) -> list[tuple[str, list]]:
    """(source, outputs) of every cell, without execution metadata and ids."""
    nb = nbformat.read(path, as_version=4)
    return [(c.source, [{k: v for k, v in o.items() if k != "metadata"}
                        for o in c.get("outputs", [])]) for c in nb.cells]


def _checked(path: Path) -> list:
    nb = nbformat.read(path, as_version=4)
    return [c.outputs for c in nb.cells
            if "nbval-check-output" in c.metadata.get("tags", [])]


@pytest.mark.parametrize("page", PAGES)
def test_checked_notebook_outputs_are_identical(renders, page):
    first, second = (_checked(f / f"{page}.ipynb") for f in renders)
    assert first and all(first)  # the key figures were printed
    assert first == second


@pytest.mark.parametrize("page", PAGES)
def test_every_cell_and_output_is_identical(renders, page):
    first, second = (_cells(f / f"{page}.ipynb") for f in renders)
    assert first == second


@pytest.mark.parametrize("page", PAGES)
def test_html_pages_are_byte_identical(renders, page):
    first, second = ((f / f"{page}.html").read_bytes() for f in renders)
    assert first == second


@pytest.mark.parametrize("page", PAGES)
def test_executed_notebooks_are_byte_identical(renders, page):
    first, second = ((f / f"{page}.ipynb").read_bytes() for f in renders)
    assert first == second


@pytest.mark.parametrize("name", ["index.html", "index.en.html", "dashboard.xlsx",
                                  "dashboard.en.xlsx", "dashboard.png", "pages.json"])
def test_index_workbooks_chart_and_manifest_are_byte_identical(renders, name):
    first, second = ((f / name).read_bytes() for f in renders)
    assert first == second


def test_the_workbook_holds_no_time(renders):
    book = load_workbook(renders[0] / "dashboard.xlsx")
    assert book.properties.created == book.properties.modified == datetime(1980, 1, 1)
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if re.search(r"\d{4}-\d{2}-\d{2}T", c)]
    assert "生成时间" not in cells
