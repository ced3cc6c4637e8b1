"""The suite declared once (``site/suite.toml``, issue 18): the pages, the downloads and the
languages come from it, and adding a page or a download is one entry plus its own module.
The extra page and download declared here are synthetic (tests only)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from xyforecast.runner import extras
from xyforecast.runner.refresh import SUITE_NOTEBOOKS
from xyforecast.site import index, spec
from xyforecast.site import suite as suite_module
from xyforecast.site.suite import SUITE_FILE, suite

EXTRA = """
[[pages]]
name = "outlook"
notebook = "data.ipynb"
title = "report.title_data"

[[downloads]]
stem = "outlook"
suffix = ".txt"
writer = "test_suite:outlook_text"
label = "report.index_chart"
"""


def outlook_text(output: extras.Output, path: Path, lang: str) -> None:
    """A synthetic download's writer: the only code a new download needs."""
    path.write_text(f"{output.analysis.forecast.region.code} {lang}\n", encoding="utf-8")


def test_every_list_of_pages_downloads_and_languages_is_read_from_suite_toml():
    declared = tomllib.loads(SUITE_FILE.read_text(encoding="utf-8"))
    assert suite().languages == tuple(declared["languages"]) == ("zh", "en")
    assert tuple(dict.fromkeys(p["notebook"] for p in declared["pages"])) == SUITE_NOTEBOOKS
    assert [d.file("en") for d in suite().downloads] == [
        "经济运行分析.en.docx", "summary.json", "dashboard.en.xlsx", "dashboard.en.png"]
    assert all(callable(d.write()) for d in suite().downloads)
    assert not hasattr(spec, "SUITE")  # the dead list is gone


@pytest.fixture
def with_extra(tmp_path, monkeypatch):
    """suite.toml with one more page and one more download, and nothing else changed."""
    path = tmp_path / "suite.toml"
    path.write_text(SUITE_FILE.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
    extended = suite_module.suite.__wrapped__(path)
    for module in (spec, index, extras):
        monkeypatch.setattr(module, "suite", lambda: extended)
    return extended


def test_adding_a_page_and_a_download_is_one_entry_each(with_extra, data, tmp_path):
    from xyforecast.forecast import Forecast
    from xyforecast.outputs.analysis import Analysis
    from xyforecast.request import check_parameters

    params = check_parameters(region="xingyang", year=2025, data=data)
    pages = spec.suite_pages(params, Path("notebooks"))
    assert pages[-1].name == "outlook" and pages[-1].notebook.name == "data.ipynb"
    assert spec.suite_pages(params, Path("notebooks"), only=["outlook"]) == [pages[-1]]
    output = extras.Output(Analysis(Forecast.build(data, "xingyang", 2025)), "test", tmp_path)
    problems = extras.write_downloads(output, ("zh", "en"), after_pages=False)
    assert problems == []
    assert (tmp_path / "outlook.en.txt").read_text(encoding="utf-8") == "xingyang en\n"
    page = index.write_index(tmp_path, "en", [], region="Xingyang", year=2025,
                             cutoff="2025-09", cutoff_label="Jan-Sep 2025",
                             data_sha256=data.sha256, problems=[])
    html = page.read_text(encoding="utf-8")
    assert 'href="outlook.en.txt"' in html and 'href="dashboard.en.xlsx"' in html
