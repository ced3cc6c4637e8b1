"""One snapshot per render, and private files stay private (issue 13, items 3 and 5).

Real renders in a subprocess, on a copy of data/ in a temporary folder. The "bureau file"
and the user's own file are synthetic (made-up figures, marked so in their source column).

The regression: a bureau file copied into data/local/ while a render ran left the dashboard
saying "+8.8% (郑州市, borrowed)" and the industry page "+10.8% (荥阳市)", published with exit
status 0 and two data fingerprints. Now every page works from the data the render read
before its first page, and the file counts from the next render on.
"""

from __future__ import annotations

import ast
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from xyforecast.inputs.dataset import load

from conftest import ROOT, copy_data, write_csv

pytestmark = pytest.mark.e2e

BUREAU = [["xingyang", "industrial_value_added", "2025-09", "growth_pct", "10.8", "%",
           "synthetic bureau file (test only)", "统计月报 1-9月 (synthetic)"]]
OWN = [["xinzheng", "gdp", "2025-06", "growth_pct", "6.1", "%", "synthetic own file (test only)",
        ""]]
INDUSTRY = "indicator-industrial_value_added"


def render(tmp: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "xyforecast", "render", "--region", "xingyang", "--year",
         "2025", "--data-dir", str(tmp / "data"), *args], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> tuple[int, str]:
    try:
        _, err = process.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return process.returncode, err


def text(path: Path) -> str:
    """What a reader sees on a page."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


@pytest.fixture(scope="module")
def renders(tmp_path_factory):
    """A render during which the bureau file arrives in data/local/ (after the render read
    the data, while its first page runs), then the next render."""
    tmp = tmp_path_factory.mktemp("snapshot")
    copy_data(tmp / "data")
    bureau = write_csv(tmp / "bureau.csv", BUREAU)
    (tmp / "private").mkdir()
    own = write_csv(tmp / "private" / "own-figures.csv", OWN)
    args = ["--observations", str(own), "--only", f"dashboard,{INDUSTRY}", "--lang", "zh",
            "--jobs", "1"]
    first = render(tmp, *args, "--out", str(tmp / "first"))
    deadline = time.monotonic() + 120
    while not list(tmp.glob(".first.partial-*/dashboard.ipynb")):
        assert first.poll() is None and time.monotonic() < deadline, finish(first)
        time.sleep(0.02)
    shutil.copy(bureau, tmp / "data" / "local" / "bureau.csv")  # as a colleague would
    first_result = finish(first)
    second_result = finish(render(tmp, *args, "--out", str(tmp / "second")))
    return tmp, first_result, second_result


def fingerprints(folder: Path) -> set[str]:
    pages = json.loads((folder / "pages.json").read_text(encoding="utf-8"))["pages"]
    return {lang["data_sha256"] for page in pages for lang in page["langs"].values()}


def test_a_file_arriving_mid_render_changes_nothing_in_that_render(renders):
    tmp, (code, err), _ = renders
    assert code == 0, err
    report = tmp / "first"
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    industry = next(i for i in summary["indicators"] if i["indicator"] == "industrial_value_added")
    assert (industry["latest"]["region"], industry["latest"]["growth_pct"]) == ("zhengzhou", 8.8)
    assert industry["method"] == "borrowed"
    dashboard, page = text(report / "dashboard.html"), text(report / f"{INDUSTRY}.html")
    assert "规模以上工业增加值 增长10%以上 8.8%（2025年1-9月，郑州市）" in dashboard
    # the bureau's figure as the latest (a projection of 10.8 may show in how it moved)
    assert "10.8%（2025年1-9月）" not in dashboard and "同比增长10.8%" not in page
    assert "郑州市" in page and "借用" in page
    with_file = load(tmp / "data", [tmp / "private" / "own-figures.csv"])  # the file is there
    assert fingerprints(report) == {summary["data_sha256"]} != {with_file.sha256}


def test_every_page_of_that_render_reports_the_fingerprint_of_the_data_it_read(renders):
    tmp, _, _ = renders
    report = tmp / "first"
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    (tmp / "data" / "local" / "bureau.csv").rename(tmp / "bureau-moved.csv")
    try:
        without = load(tmp / "data", [tmp / "private" / "own-figures.csv"]).sha256
    finally:
        (tmp / "bureau-moved.csv").rename(tmp / "data" / "local" / "bureau.csv")
    assert fingerprints(report) == {summary["data_sha256"]} == {without}
    assert "其他数据" not in text(report / "index.html")


def test_the_next_render_reads_the_new_file(renders):
    tmp, _, (code, err) = renders
    assert code == 0, err
    report = tmp / "second"
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    industry = next(i for i in summary["indicators"] if i["indicator"] == "industrial_value_added")
    assert (industry["latest"]["region"], industry["latest"]["growth_pct"]) == ("xingyang", 10.8)
    assert "规模以上工业增加值 增长10%以上 10.8%（2025年1-9月） 10.8%" in \
        text(report / "dashboard.html")
    assert "同比增长10.8%" in text(report / f"{INDUSTRY}.html")
    assert fingerprints(report) == {summary["data_sha256"]} != fingerprints(tmp / "first")


def test_a_published_report_carries_no_local_path(renders):
    """Not in the notebooks, the pages, the workbooks: only the run block of summary.json
    records the command, every option with it (re-running it gives the same summary)."""
    tmp, _, _ = renders
    for report in (tmp / "first", tmp / "second"):
        for path in report.iterdir():
            content = path.read_bytes()
            if path.name == "summary.json":
                summary = json.loads(content)
                assert "--observations" in summary.pop("run")["command"]
                content = json.dumps(summary, ensure_ascii=False).encode()
            for private in (str(tmp), str(ROOT)):
                assert private.encode() not in content, (path.name, private)
        nb = nbformat.read(report / "dashboard.ipynb", as_version=4)
        injected = next(c for c in nb.cells
                        if "injected-parameters" in c.metadata.get("tags", []))
        values = {n.targets[0].id: ast.literal_eval(n.value)
                  for n in ast.parse(injected.source).body}
        assert values["data_dir"] == "data" and values["observations"] == ["own-figures.csv"]
        assert nb.metadata["papermill"]["input_path"] == "dashboard.ipynb"


def test_a_page_that_reads_other_data_fails_and_nothing_is_published(tmp_path):
    """A page of the render (here an extra notebook) that loads data of its own, with other
    figures: its fingerprint differs from the render's, so the render fails (exit 1)."""
    data = copy_data(tmp_path / "data")
    other = write_csv(tmp_path / "other.csv", BUREAU)
    extra = tmp_path / "other-data.ipynb"
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Synthetic test notebook: loads other data.", id="about"),
        nbformat.v4.new_code_cell(
            "from xyforecast.site.pages import check_parameters\n"
            f"check_parameters(region='xingyang', year=2025, data_dir={str(data)!r}, "
            f"observations=[{str(other)!r}])", id="load-other")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, extra)
    out = tmp_path / "report"
    code, err = finish(render(tmp_path, "--only", "data", "--extra-notebook", str(extra),
                              "--lang", "en", "--out", str(out)))
    ours, theirs = load(data).sha256[:12], load(data, [other]).sha256[:12]
    assert code == 1, err
    lines = [line.strip() for line in err.splitlines() if "other-data" in line]
    assert lines[-1] == (f"{out.with_name('report.failed') / 'other-data.en.ipynb'}: the page "
                         f"worked from other data (fingerprint {theirs}) than the render "
                         f"(fingerprint {ours}); not published")
    assert not out.exists()


def test_make_notebooks_shows_the_shipped_data_only(tmp_path):
    """`make notebooks` with a file in data/local/: the refreshed notebook shows the shipped
    data, as committed, and nothing of the local file."""
    data = copy_data(tmp_path / "data")
    write_csv(data / "local" / "bureau.csv", BUREAU)
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    result = subprocess.run(
        [sys.executable, "-m", "xyforecast.runner.refresh", "data.ipynb"], cwd=ROOT,
        env={**os.environ, "XYFORECAST_DATA": str(data), "XYFORECAST_NOTEBOOKS": str(notebooks)},
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    refreshed = (notebooks / "data.ipynb").read_text(encoding="utf-8")
    assert "synthetic" not in refreshed and str(tmp_path) not in refreshed

    def key_figures(path: Path) -> list:
        nb = nbformat.read(path, as_version=4)
        return [c.outputs for c in nb.cells if "nbval-check-output" in c.metadata.get("tags", [])]

    assert key_figures(notebooks / "data.ipynb") == key_figures(ROOT / "notebooks" / "data.ipynb")
    assert (data / "local" / "bureau.csv").exists()  # used by every other command still


def test_a_kernel_reads_each_file_of_its_render_once_and_keeps_one_render(data):
    """Every page of a report opens the same two files: a kernel that runs several pages
    unpickles each once (the pages format the Forecast, they never change it); the files of
    the next render (a folder of its own) replace them."""
    from dataclasses import replace

    from xyforecast.forecast import Forecast
    from xyforecast.runner import snapshot

    built = Forecast.build(data, "xingyang", 2025)
    inputs = snapshot.public_inputs(None, [])
    with snapshot.pinned(data, inputs) as first:
        report = snapshot.pin_forecast(first, 0, built)
        pin, forecast = snapshot.load(report)
        again, same = snapshot.load(report)
        assert again is pin and same is forecast
        assert replace(forecast, data=data).to_summary() == built.to_summary()
        with snapshot.pinned(data, inputs) as second:
            other_pin, other = snapshot.load(snapshot.pin_forecast(second, 0, built))
            assert other_pin is not pin and other is not forecast
            assert {Path(kept).parent for kept, _ in snapshot._loaded} == {second.parent}
