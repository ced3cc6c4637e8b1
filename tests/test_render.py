"""`xyforecast render` and the notebooks it runs: real papermill runs, no mocks.

The default report (both languages) is rendered once for the module (each kernel costs a
second or two). Notebooks made up here (a page that fails, a page that hangs) are synthetic
and say so. Tests that start kernels are marked ``e2e``; the others (the specification,
the notebooks' parameters and source, the index) are the fast tier.
"""

from __future__ import annotations

import ast
import base64
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from openpyxl import load_workbook

from xyforecast.cli import main
from xyforecast.errors import UsageError
from xyforecast.i18n import use
from xyforecast.outputs.summary import validate
from xyforecast.runner.refresh import SUITE_NOTEBOOKS
from xyforecast.site.pages import DataPage, IndicatorPage, check_parameters
from xyforecast.site.spec import MARKER, build_spec

from conftest import ROOT

PAGES = ["dashboard", "indicator-gdp", "indicator-industrial_value_added",
         "indicator-fixed_asset_investment", "indicator-retail_sales",
         "indicator-public_budget_revenue", "peers", "data", "track-record"]
CODE_MARKERS = ["check_parameters", "snapshot=", "show(page", "from xyforecast", "print(page"]
FILES = [f"{page}{suffix}" for page in PAGES for suffix in ("", ".en")]  # Chinese, English
e2e = pytest.mark.e2e


def synthetic_notebook(path: Path, *sources: str) -> Path:
    """A made-up notebook for a test (not part of the suite)."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Synthetic test notebook.", id="about"),
        *(nbformat.v4.new_code_cell(src, id=f"step-{n}") for n, src in enumerate(sources, 1))])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def previous_report(folder: Path) -> Path:
    """Stands for the report a previous render left (it carries the render's marker)."""
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("{}\n")
    (folder / "index.html").write_text("previous report\n")
    return folder


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, int, str]:
    out = tmp_path_factory.mktemp("render") / "xingyang-2025"
    with pytest.MonkeyPatch.context() as mp:
        errors: list[str] = []
        mp.setattr(sys, "stderr", _Tee(errors))
        code = main(["render", "--region", "xingyang", "--year", "2025", "--out", str(out)])
    return out, code, "".join(errors)


class _Tee:
    def __init__(self, sink: list[str]):
        self.sink = sink

    def write(self, text: str) -> int:
        self.sink.append(text)
        return len(text)

    def flush(self) -> None:
        pass


# --- the default report --------------------------------------------------------------------


@e2e
def test_default_render_writes_every_page_and_the_files_analysts_forward(report):
    out, code, progress = report
    assert code == 0, progress
    for page in FILES:
        assert (out / f"{page}.ipynb").is_file() and (out / f"{page}.html").is_file()
    for name in ("index.html", "index.en.html", "summary.json", "dashboard.xlsx",
                 "dashboard.en.xlsx", "dashboard.png", "dashboard.en.png", "pages.json",
                 "经济运行分析.docx", "经济运行分析.en.docx", MARKER):
        assert (out / name).is_file(), name
    assert not list(out.parent.glob(f".{out.name}.partial-*"))
    assert not (out.parent / f"{out.name}.failed").exists()
    # progress in the language of the first --lang (Chinese by default), one line a page
    assert "[18/18]" in progress and "18/18页完成" in progress and "page(s)" not in progress


@e2e
def test_summary_json_validates_and_records_the_run(report):
    out, _, _ = report
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    validate(summary)
    assert (summary["region"], summary["year"], summary["as_of"]) == ("xingyang", 2025,
                                                                       "2025-09")
    assert [i["indicator"] for i in summary["indicators"]] == [
        p.removeprefix("indicator-") for p in PAGES if p.startswith("indicator-")]
    assert summary["run"]["command"].startswith("xyforecast render --region xingyang")


@e2e
def test_html_pages_hide_code_and_speak_chinese(report):
    out, _, _ = report
    for page in PAGES:
        html = (out / f"{page}.html").read_text(encoding="utf-8")
        assert not [m for m in CODE_MARKERS if m in html], page
        assert "荥阳市" in html, page
        assert "region = " not in html and "Traceback" not in html, page
        assert '<html lang="zh">' in html, page
        english = (out / f"{page}.en.html").read_text(encoding="utf-8")
        assert '<html lang="en">' in english and "Xingyang" in english, page
    charts = re.compile(r'<img [^>]*src="data:image/png;base64')
    gdp = (out / "indicator-gdp.html").read_text(encoding="utf-8")
    assert len(charts.findall(gdp)) == 3  # the fan, how it moved, the history
    dashboard = (out / "dashboard.html").read_text(encoding="utf-8")
    assert len(charts.findall(dashboard)) == 2  # the fans, how they moved
    assert "逐月变化" in dashboard and "序时进度" in dashboard
    assert "达标概率" in dashboard and "状态" in dashboard


@e2e
def test_excel_workbook_in_the_bureaus_layout_holds_numbers_and_no_codes(report, data):
    out, _, _ = report
    book = load_workbook(out / "dashboard.xlsx")
    assert book.sheetnames == ["总览", "数值", "逐月变化", "其他目标", "规则"]
    sheet = book["总览"]
    assert [c.value for c in sheet[3]] == ["指标", "本月", "同比%", "累计", "同比%",
                                           "增速比上期", "目标", "全年预测", "80%区间", None,
                                           "达标概率", "状态", "余下时期需增长"]
    rows = list(sheet.iter_rows(min_row=5, max_row=9, values_only=True))
    assert [r[0] for r in rows] == ["地区生产总值", "规模以上工业增加值", "固定资产投资",
                                    "社会消费品零售总额", "一般公共预算收入"]
    # growth, interval bounds and P(meet) are numbers, with number formats
    # (a whole number such as 8.0 is stored as 8: openpyxl reads it back as an int)
    assert all(isinstance(r[k], float | int) and not isinstance(r[k], bool)
               for r in rows for k in (7, 8, 9, 10))
    assert sheet["K5"].number_format == "0%" and sheet["H5"].number_format == "0.0"
    rules = [r for cf in sheet.conditional_formatting for r in cf.rules]
    assert {r.formula[0] for r in rules} == {'"有望完成"', '"存在一定压力"', '"压力较大"'}
    assert any("L5:L9" in str(cf.sqref) for cf in sheet.conditional_formatting)
    assert all(isinstance(c.value, float | int) and not isinstance(c.value, bool)
               for c in book["逐月变化"]["C"][1:])  # 11.00 reads back as 11
    codes = {*data.catalog.regions, "borrowed", "ytd-bridge", "published", "on_track",
             "at_risk", "off_track", "annual-combination"}
    for name in ("dashboard.xlsx", "dashboard.en.xlsx"):
        shown = {str(c.value) for ws in load_workbook(out / name)
                 for row in ws.iter_rows() for c in row if c.value is not None}
        assert not shown & codes, (name, shown & codes)


@e2e
def test_the_word_report_is_written_in_both_languages(report):
    from docx import Document

    out, _, _ = report
    chinese = Document(str(out / "经济运行分析.docx"))
    assert chinese.paragraphs[0].text == "荥阳市2025年1-9月经济运行分析"
    english = Document(str(out / "经济运行分析.en.docx"))
    assert english.paragraphs[0].text == "Xingyang: the economy in Jan-Sep 2025"


@e2e
def test_the_word_report_prints_the_dashboard_pages_charts(report):
    """Each chart is drawn once per report: the Word report's two pictures are the dashboard
    page's, byte for byte, drawn at print resolution and shown at a page's width."""
    out, _, _ = report
    for stem in ("", ".en"):
        nb = json.loads((out / f"dashboard{stem}.ipynb").read_text(encoding="utf-8"))
        shown = [o for c in nb["cells"] if c.get("id") in ("charts", "movement")
                 for o in c["outputs"] if "image/png" in o.get("data", {})]
        assert [o["metadata"]["image/png"]["width"] for o in shown] == [676, 676]
        with zipfile.ZipFile(out / f"经济运行分析{stem}.docx") as docx:
            printed = [docx.read(n) for n in docx.namelist() if n.startswith("word/media/")]
        pictures = [base64.b64decode("".join(o["data"]["image/png"])) for o in shown]
        assert sorted(pictures) == sorted(printed) and len(printed) == 2


@e2e
def test_index_links_every_page_and_file(report):
    out, _, _ = report
    index = (out / "index.html").read_text(encoding="utf-8")
    for page in PAGES:
        assert f'href="{page}.html"' in index and f'href="{page}.ipynb"' in index
    for name in ("summary.json", "dashboard.xlsx", "dashboard.png", "index.en.html",
                 "经济运行分析.docx"):
        assert f'href="{name}"' in index
    assert "<h1>荥阳市2025年主要指标目标达成预测</h1>" in index
    english = (out / "index.en.html").read_text(encoding="utf-8")
    for name in ("dashboard.en.html", "dashboard.en.xlsx", "dashboard.en.png", "index.html"):
        assert f'href="{name}"' in english
    assert "<h1>Xingyang 2025: will the targets be met?</h1>" in english


@e2e
def test_every_page_links_to_the_index_every_page_and_its_twin(report):
    out, _, _ = report
    for page in [*FILES, "index", "index.en"]:
        english = page.endswith(".en")
        links = set(re.findall(r'<a [^>]*href="([^"#:]+)"', (out / f"{page}.html").read_text(
            encoding="utf-8")))
        twin = page.removesuffix(".en") if english else f"{page}.en"
        assert {"index.en.html" if english else "index.html", f"{twin}.html"} <= links, page
        assert {f"{p}{'.en' if english else ''}.html" for p in PAGES} <= links, page
        assert all((out / link).is_file() for link in links), page  # none leads nowhere


@e2e
def test_no_page_loads_anything_from_the_network(report):
    """Pages open where a CDN stalls (many government intranets): no script, style sheet,
    font or image comes from elsewhere; everything is inline."""
    out, _, _ = report
    loads = re.compile(r'<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="(?!data:)'
                       r'[^"]*"|url\((?![\'"]?data:)|@import', re.I)
    for path in out.glob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert '<script src="http' not in html
        assert not loads.findall(html), (path.name, loads.findall(html)[:3])
        assert "@media print" in html, path.name  # a print style sheet


@e2e
def test_only_dashboard_updates_that_page_and_keeps_the_rest(report, tmp_path):
    """`--only dashboard` on an existing report re-renders the dashboard (in the languages
    asked for) and keeps every other page, language and download."""
    out, _, _ = report
    folder = tmp_path / "report"
    import shutil

    shutil.copytree(out, folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    inodes = {p.name: p.stat().st_ino for p in folder.iterdir() if p.is_file()}
    code = main(["render", "--region", "xingyang", "--year", "2025", "--only", "dashboard",
                 "--lang", "zh", "--out", str(folder)])
    assert code == 0
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert set(after) == set(before)  # 20 files stayed 20 files (once 20 → 6)
    kept = [name for name in before if not name.startswith(("dashboard.", "index", "summary",
                                                            "pages.json"))]
    assert [n for n in kept if n.endswith(".ipynb") and after[n] != before[n]] == []
    # rendered anew (a new file), to the same bytes: the same inputs give the same notebook
    assert (folder / "dashboard.ipynb").stat().st_ino != inodes["dashboard.ipynb"]
    assert after["dashboard.ipynb"] == before["dashboard.ipynb"]
    # not asked for: kept as it was (a copy: a hard link would let the new index and
    # navigation be written into the published report, even by a render that then fails)
    assert after["dashboard.en.ipynb"] == before["dashboard.en.ipynb"]
    assert (folder / "dashboard.en.ipynb").stat().st_ino != inodes["dashboard.en.ipynb"]
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{page}.html"' in index for page in PAGES)


@e2e
def test_each_executed_notebook_carries_its_parameters(report):
    out, _, _ = report
    nb = nbformat.read(out / "indicator-retail_sales.ipynb", as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    values = {node.targets[0].id: ast.literal_eval(node.value)
              for node in ast.parse(injected.source).body}
    assert values["indicator"] == "retail_sales" and values["as_of"] == "2025-09"
    assert values["region"] == "xingyang" and values["lang"] == "zh"
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_index_and_navigation_escape_what_comes_from_data_and_notebooks(tmp_path):
    from xyforecast.site.index import navigate, write_index

    error = "cell 2: ValueError: <img src=x onerror=alert(1)>"
    pages = [{"name": "evil", "title": {"zh": "<script>alert(1)</script>", "en": "x"},
              "langs": {"zh": {"ok": False, "error": error, "data_sha256": "0" * 64}}}]
    (tmp_path / "evil.html").write_text("<body><!-- xy-nav --><!-- /xy-nav --></body>")
    text = write_index(tmp_path, "zh", pages, region="<b>县</b>", year=2025,
                       cutoff="2025-09", cutoff_label="2025年1-9月", data_sha256="0" * 64,
                       problems=[error]).read_text()
    navigate(tmp_path, pages)
    for html in (text, (tmp_path / "evil.html").read_text()):
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>" not in html
        assert "&lt;script&gt;" in html


# --- failures, interruptions, bad parameters -----------------------------------------------


def render_with_a_failing_page(tmp_path: Path, capsys, lang: str) -> tuple[int, str, Path]:
    """The data page and a made-up page whose third cell raises, over a previous report."""
    failing = synthetic_notebook(tmp_path / "broken_page.ipynb", "x = 1", "1 / 0", "y = 2")
    out = previous_report(tmp_path / "report")
    code = main(["render", "--region", "xingyang", "--year", "2025", "--only", "data",
                 "--extra-notebook", str(failing), "--out", str(out), "--lang", lang])
    return code, capsys.readouterr().err, out


@e2e
def test_a_failing_page_yields_the_others_names_notebook_and_cell_and_keeps_the_previous(
        tmp_path, capsys):
    code, err, out = render_with_a_failing_page(tmp_path, capsys, "en")
    assert code == 1
    assert "broken_page.en.ipynb" in err and 'cell 3 "step-2" (In [3]) failed' in err
    assert "ZeroDivisionError" in err and "Traceback" not in err
    assert (out / "index.html").read_text() == "previous report\n"  # untouched
    failed = tmp_path / "report.failed"
    data_page = (failed / "data.en.html").read_text(encoding="utf-8")
    assert "Xingyang: the data" in data_page  # the other page, rendered, in English
    assert "ZeroDivisionError" in (failed / "broken_page.en.html").read_text(encoding="utf-8")
    assert "broken_page.en.ipynb" in (failed / "index.en.html").read_text(encoding="utf-8")
    assert (failed / "summary.json").is_file() and (failed / "dashboard.en.xlsx").is_file()
    assert not list(tmp_path.glob(".report.partial-*"))


@e2e
def test_a_failed_render_says_so_in_chinese_by_default(tmp_path, capsys):
    """Progress, the failed page and the closing summary speak the first --lang (Chinese)."""
    code, err, out = render_with_a_failing_page(tmp_path, capsys, "zh")
    assert code == 1
    lines = err.splitlines()
    assert lines[-2].startswith("xyforecast：1个问题；原有报告（如有）未改动，本次结果保存在 ")
    assert lines[-2].endswith("report.failed")
    assert "1/2页完成" in err and "失败" in err and "broken_page.ipynb" in lines[-1]
    assert "page(s)" not in err and "FAILED" not in err and "Traceback" not in err
    assert (out / "index.html").read_text() == "previous report\n"


@e2e
def test_an_interrupted_render_leaves_no_half_report_and_keeps_the_previous(tmp_path):
    pid_file = tmp_path / "kernel.pid"
    hanging = synthetic_notebook(
        tmp_path / "slow_page.ipynb",
        f"import os, pathlib, time\npathlib.Path({str(pid_file)!r}).write_text(str(os.getpid()))"
        "\ntime.sleep(120)")
    out = previous_report(tmp_path / "report")
    render = subprocess.Popen(
        [sys.executable, "-m", "xyforecast", "render", "--region", "xingyang", "--year",
         "2025", "--only", "data", "--extra-notebook", str(hanging), "--out", str(out),
         "--lang", "zh"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    while not pid_file.exists() and time.monotonic() < deadline and render.poll() is None:
        time.sleep(0.1)
    assert pid_file.exists(), render.communicate()
    assert list(tmp_path.glob(".report.partial-*"))  # work in progress, next to the report
    render.send_signal(signal.SIGTERM)  # what a scheduler sends on a timeout
    _, err = render.communicate(timeout=60)
    assert render.returncode == 130, err
    assert "interrupted" in err
    assert (out / "index.html").read_text() == "previous report\n"
    assert not [p for p in tmp_path.glob(".report.*") if not p.name.endswith(".lock")]
    assert not (tmp_path / "report.failed").exists()
    kernel = int(pid_file.read_text())
    for _ in range(50):  # the kernel was shut down, not orphaned
        if not _alive(kernel):
            break
        time.sleep(0.1)
    assert not _alive(kernel)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("argv, message", [
    (["--region", "nowhere"], "未知地区“nowhere”"),
    (["--region", "xingyang", "--as-of", "2025-13"], "as_of：时期“2025-13”的月份 13"),
    (["--region", "xingyang", "--as-of", "2019-06"], "as_of：2025年的数据截至期应在2024至2026年"),
    (["--region", "xingyang", "--as-of", "2019-06", "--lang", "en"],
     "as_of: a cut-off for 2025 lies"),
    (["--region", "xingyang", "--lang", "fr"], "未知语言“fr”"),
    (["--region", "xingyang", "--only", "charts"], "--only：没有页面 'charts'"),
    (["--region", "xingyang", "--only", "charts", "--lang", "en,zh"], "--only: no page 'charts'"),
    (["--region", "xingyang", "--extra-notebook", "/nonexistent.ipynb"], "不存在"),
])
def test_bad_parameters_are_one_line_exit_2_and_nothing_is_written(tmp_path, capsys, argv,
                                                                    message):
    """Chinese by default, in the first language of --lang otherwise."""
    out = tmp_path / "out"
    assert main(["render", "--year", "2025", "--out", str(out), *argv]) == 2
    err = capsys.readouterr().err
    prefix = "xyforecast: error: " if "--lang" in argv and "en" in argv[-1][:2] else \
        "xyforecast: 错误："
    assert err.startswith(prefix) and message in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()


@e2e
def test_a_folder_that_is_not_a_report_is_never_replaced(tmp_path, capsys):
    mine = tmp_path / "my-documents"
    mine.mkdir()
    (mine / "thesis.docx").write_text("precious")
    assert main(["render", "--region", "xingyang", "--year", "2025", "--out", str(mine)]) == 2
    assert "已存在且不是 xyforecast 报告" in capsys.readouterr().err
    assert (mine / "thesis.docx").read_text() == "precious"


# --- the specification and the notebooks' parameters ----------------------------------------


def test_spec_renders_regions_times_cutoffs_into_their_own_folders(data, tmp_path):
    spec = build_spec(data, ["xingyang", "xinzheng"], 2025, ["2025-06", None, "2025-09"],
                      out=tmp_path)
    assert [str(r.destination.relative_to(tmp_path)) for r in spec.reports] == [
        "xingyang/2025/2025-06", "xingyang/2025/2025-09",
        "xinzheng/2025/2025-06", "xinzheng/2025/2025-09"]
    assert all([p.name for p in r.pages] == PAGES for r in spec.reports)
    assert spec.n_pages == 4 * len(PAGES) * 2  # both languages, into the same folder
    english = build_spec(data, ["xingyang"], 2025, [None], langs=["en"], out=None)
    assert english.reports[0].destination == (Path("reports") / "xingyang" / "2025" /
                                              "2025-09").resolve()
    assert english.n_pages == len(PAGES)
    gdp = next(p for p in spec.reports[0].pages if p.name == "indicator-gdp")
    assert spec.reports[0].parameters(gdp, "zh") == {
        "region": "xingyang", "year": 2025, "as_of": "2025-06", "lang": "zh",
        "data_dir": None, "observations": [], "indicator": "gdp"}


@pytest.mark.parametrize("kwargs, message", [
    ({"region": "__import__('os').system('touch pwned')"}, "unknown region"),
    ({"region": ["xingyang"]}, "region: expected str, not list"),
    ({"year": "2025"}, "year: expected int, not str"),
    ({"year": True}, "year: expected int, not bool"),
    ({"as_of": 202509}, "as_of: expected a period like '2025-09' or None"),
    ({"as_of": "Sept 2025"}, "as_of: period 'Sept 2025' is not YYYY or YYYY-MM"),
    ({"lang": "中文"}, "lang: unknown language"),
    ({"indicator": "gpd"}, "unknown indicator 'gpd'"),
    ({"observations": "mine.csv"}, "observations: expected a list of file paths"),
    ({"observations": ["/nonexistent.csv"]}, "observations: /nonexistent.csv does not exist"),
    ({"data_dir": "/tmp"}, "data_dir: /tmp is not a data folder"),
])
def test_notebook_parameters_are_checked_first_and_never_executed(tmp_path, monkeypatch,
                                                                  kwargs, message):
    monkeypatch.chdir(tmp_path)
    parameters = {"region": "xingyang", "year": 2025, **kwargs}
    with use("en"), pytest.raises(UsageError) as error:
        check_parameters(**parameters)
    with use("en"):
        assert message in str(error.value)
    assert str(error.value)  # and in Chinese, the default
    assert not (tmp_path / "pwned").exists()


def test_a_bad_parameter_is_said_in_chinese_by_default():
    with pytest.raises(UsageError) as error:
        check_parameters(region="xingyang", year=2025, as_of=202509)
    assert str(error.value) == "as_of：应为时期（如 '2025-09'）或 None，而不是 int"


@pytest.mark.parametrize("name", [n.removesuffix(".ipynb") for n in SUITE_NOTEBOOKS])
def test_committed_notebooks_are_thin_checked_and_clean(name):
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    tags = [c.metadata.get("tags", []) for c in code]
    assert "parameters" in tags[0]
    defaults = {n.targets[0].id: ast.literal_eval(n.value) for n in ast.parse(code[0].source).body}
    assert {k: defaults[k] for k in ("region", "year", "as_of", "lang", "data_dir")} == {
        "region": "xingyang", "year": 2025, "as_of": None, "lang": "zh", "data_dir": None}
    assert "snapshot" in defaults and defaults["snapshot"] is None  # set by a render
    # the page opens from its parameters, checked before anything (``site.pages.opening``)
    assert ".open(" in code[1].source and "snapshot=snapshot" in code[1].source
    assert any("nbval-check-output" in t for t in tags)
    for cell in code:
        tree = ast.parse(cell.source)
        assert not [n for n in ast.walk(tree) if isinstance(
            n, ast.For | ast.While | ast.If | ast.IfExp | ast.comprehension | ast.FunctionDef
            | ast.Lambda)], f"{name}: logic belongs in the library:\n{cell.source}"
        assert cell.execution_count is not None, f"{name}: committed without its outputs"
        for output in cell.outputs:
            assert output.output_type != "error"
            assert output.get("name") != "stderr", f"{name}: a warning was stored"
            assert " at 0x" not in json.dumps(output.get("data", {}).get("text/plain", ""))


def test_pages_say_what_the_rest_of_the_year_needs_when_there_is_own_data(data):
    page = IndicatorPage(check_parameters(region="zhengzhou", year=2025, indicator="gdp",
                                          data=data))
    assert page.projection.method == "ytd-bridge"
    assert "余下时期需增长" in page.text() and "2025年1-9月，郑州市地区生产总值同比增长" in \
        page.text()
    english = IndicatorPage(check_parameters(region="zhengzhou", year=2025, indicator="gdp",
                                             lang="en", data=data))
    assert "The rest of the year needs" in english.text()
    figures = english.key_figures()
    assert figures.startswith("gdp method=ytd-bridge median=") and "required=" in figures


def test_data_page_lists_conflicts_of_the_reference_regions(data):
    page = DataPage(check_parameters(region="xingyang", year=2025, data=data))
    conflicts = page.conflicts()
    assert len(conflicts) == len([c for c in page.params.view.conflicts
                                  if c.key[0] in ("xingyang", "zhengzhou", "henan", "china")])
    assert set(conflicts["地区"]) <= {"荥阳市", "郑州市", "河南省", "全国"}
    assert "来源冲突" in page.text() and "2025年尚无本地数据" in page.text()
