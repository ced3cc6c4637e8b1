"""A render computes each (region, indicator, cut-off) projection once (issue 18): in its
own process, through one memo shared by its reports, and never in a page's kernel. The
pages of a worker share its kernel. Real kernels, the shipped data; nothing is mocked but
the engine's ``project``, wrapped to count its calls."""

from __future__ import annotations

import json
import sys
from collections import Counter

import pytest

from xyforecast import forecast as forecast_module
from xyforecast.engine.projection import project
from xyforecast.forecast import Forecast
from xyforecast.runner.render import render, workers
from xyforecast.site.spec import build_spec

pytestmark = pytest.mark.e2e

PAGES = ("dashboard", "indicator-gdp", "peers")


@pytest.fixture(scope="module")
def rendered(data, tmp_path_factory):
    """Two sibling counties (each one's comparison projects the other), three pages each."""
    calls: Counter = Counter()

    def counting(data, region, indicator, year, as_of=None, settings=None, candidates=False):
        calls[(region, indicator, str(as_of))] += 1
        return project(data, region, indicator, year, as_of, settings, candidates)

    out = tmp_path_factory.mktemp("once")
    spec = build_spec(data, ["xingyang", "xinzheng"], 2025, [None], ("zh",), out,
                      only=PAGES, jobs=2)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(forecast_module, "project", counting)
        with workers(2) as pool:
            result = render(spec, pool=pool, progress=lambda line: None)
    return spec, result, calls


def test_a_render_projects_each_region_indicator_and_cutoff_once(rendered, data):
    spec, result, calls = rendered
    assert result.ok, result.problems
    assert calls and max(calls.values()) == 1, [k for k, n in calls.items() if n > 1]
    # what the reports need, each of them once: every build's keys, and nothing else
    alone: set = set()
    for report in spec.reports:
        p = report.params
        memo = forecast_module.Memo(data, p.year)
        Forecast.build(data, p.region, p.year, p.cutoff, memo=memo)
        alone |= {(r, i, str(c)) for r, i, c in memo.calls}
    assert set(calls) == alone
    assert ("xinzheng", "gdp", "2025-09") in calls  # both a headline and a peer: once


def test_no_page_kernel_projects_anything(rendered):
    _, result, _ = rendered
    pages = {(o.job.report, o.job.page.name) for o in result.outcomes}
    assert len(pages) == len(result.outcomes) == 2 * len(PAGES)
    assert [o.projected for o in result.outcomes] == [0] * len(result.outcomes)
    assert all(len(o.data_sha256) == 1 for o in result.outcomes)  # read from the kernel


def test_each_page_is_a_papermill_notebook_whose_kernel_started_fresh_or_was_emptied(
        rendered):
    """Pages share their worker's kernel, yet each executed notebook reads as a fresh
    kernel's: counts from 1, the injected parameters first, snapshot recorded as None."""
    spec, _, _ = rendered
    for report in spec.reports:
        for page in PAGES:
            nb = json.loads((report.destination / f"{page}.ipynb").read_text("utf-8"))
            code = [c for c in nb["cells"] if c["cell_type"] == "code"]
            assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
            assert "injected-parameters" in code[1]["metadata"]["tags"]
            assert "snapshot = None" in "".join(code[1]["source"])
            assert nb["metadata"]["papermill"]["parameters"]["snapshot"] is None


def test_a_kernel_that_does_not_start_in_time_is_tried_twice_then_named(tmp_path,
                                                                         monkeypatch):
    """A kernel that never answers (a synthetic kernelspec "python3" that only sleeps, as a
    stalled start on a busy machine): waited for --start-timeout, tried once more, then the
    page fails in one line saying what to do, and neither try is left running."""
    import psutil

    from xyforecast.i18n import Pair
    from xyforecast.runner.execute import Job, run_page
    from xyforecast.site.spec import Page

    from conftest import ROOT

    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-c", "import time; time.sleep(600)", "{connection_file}"],
        "display_name": "stalled (test)", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    page = Page("data", ROOT / "notebooks" / "data.ipynb", Pair("数据说明", "The data"))
    job = Job(0, page, "en", tmp_path / "data.en.ipynb", {"region": "xingyang", "year": 2025},
              "The data", 60, start_timeout=1)
    outcome = run_page(job)
    assert not outcome.ok and outcome.error == (
        "the kernel did not start within 1 s, twice; on a busy machine allow it longer "
        "with --start-timeout")
    assert not job.output.exists()
    left = [p for p in psutil.Process().children(recursive=True) if p.pid not in before]
    assert psutil.wait_procs(left, timeout=10)[1] == []  # both tries stopped
