"""A render computes each (region, indicator, cut-off) projection once (issue 18): in its
own process, through one memo shared by its reports, and never in a page's kernel. The
pages of a worker share its kernel. Real kernels, the shipped data; nothing is mocked but
the engine's ``project``, wrapped to count its calls."""

from __future__ import annotations

import json
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
