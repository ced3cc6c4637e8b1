"""What the default report's charts cost, in CPU seconds: each chart built and drawn as its
page builds and draws it, in one process that has drawn them once already (a reused
kernel's steady state).

    .venv/bin/python -m benchmarks.charts

The render's kernels spend most of their time here (benchmarks/render.py gives the split by
process); this says how much, chart by chart. A benchmark, not a test: it prints a table.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict

from xyforecast.forecast import Forecast
from xyforecast.inputs.dataset import load
from xyforecast.outputs.plots import to_png
from xyforecast.runner import snapshot
from xyforecast.site import suite
from xyforecast.site.pages import Dashboard, IndicatorPage, TrackRecord

CHARTS = {Dashboard: ("chart", "movement_chart"),
          IndicatorPage: ("fan_chart", "movement_chart", "history_chart"),
          TrackRecord: ("chart", "reliability_chart")}
TRACK_RECORD = "xyforecast.site.pages.track_record"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", default="xingyang")
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args(argv)
    data = load()
    built = Forecast.build(data, args.region, args.year)
    cost: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    with snapshot.pinned(data, snapshot.public_inputs(None, []),
                         snapshot.shared([TRACK_RECORD])) as path:
        report = str(snapshot.pin_forecast(path, 0, built))
        for measured in (False, True):  # the first round warms what a kernel keeps
            for lang in suite.suite().languages:
                for page, methods in _pages(args, report, lang, built):
                    for method in methods:
                        start = time.process_time()
                        figure = getattr(page, method)()
                        made = time.process_time()
                        to_png(figure)
                        if measured:
                            row = cost[f"{type(page).__name__}.{method}"]
                            row[0] += made - start
                            row[1] += time.process_time() - made
                            row[2] += 1
    print(f"{'chart':<30} {'n':>3} {'built':>7} {'drawn':>7} {'each':>7}   (CPU seconds)")
    for name, (build, draw, n) in cost.items():
        print(f"{name:<30} {n:>3} {build:>7.2f} {draw:>7.2f} {(build + draw) / n:>7.3f}")
    build, draw = (sum(row[k] for row in cost.values()) for k in (0, 1))
    count = sum(int(row[2]) for row in cost.values())
    print(f"{'all':<30} {count:>3} {build:>7.2f} {draw:>7.2f}   total {build + draw:.2f} s")
    print(f"\n{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    return 0


def _pages(args: argparse.Namespace, report: str, lang: str, built: Forecast):
    common = {"region": args.region, "year": args.year, "lang": lang, "snapshot": report}
    yield Dashboard.open(**common), CHARTS[Dashboard]
    for item in built.indicators:
        yield IndicatorPage.open(**common, indicator=item.code), CHARTS[IndicatorPage]
    yield TrackRecord.open(**common), CHARTS[TrackRecord]


if __name__ == "__main__":
    sys.exit(main())
