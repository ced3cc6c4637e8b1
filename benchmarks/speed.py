"""Speed in CPU seconds (user + system of the process and its children), which a shared
two-core machine does not inflate the way it inflates wall time.

    python -m benchmarks.speed [--repeat 3]

Each task runs in a fresh process; "after import" subtracts the cost of importing the
modules and starting Python, measured the same way. Goals (issues 9, 18): a China forecast as
of 2025-09 (what the ``forecast`` command builds) in at most 1 s after import, both replays
of the track record (real time and leave one year out, every fold) in at most 20 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from benchmarks import measured

IMPORT = "import xyforecast.outputs.summary, xyforecast.inputs.dataset"
COMMAND = "movement=False, peers=False, candidates=False"  # what the forecast command builds
CHINA = IMPORT + f"""
from xyforecast.inputs.dataset import load
from xyforecast.forecast import Forecast
Forecast.build(load(), "china", 2025, "2025-09", {COMMAND}).to_summary()
"""
CHINA_REPORT = IMPORT + """
from xyforecast.inputs.dataset import load
from xyforecast.forecast import Forecast
Forecast.build(load(), "china", 2025, "2025-09").to_summary()
"""
CHINA_REPORT_FITTED = "import os\nos.environ['XYFORECAST_CACHE'] = 'off'\n" + CHINA_REPORT
XINGYANG = IMPORT + f"""
from xyforecast.inputs.dataset import load
from xyforecast.forecast import Forecast
Forecast.build(load(), "xingyang", 2025, None, {COMMAND}).to_summary()
"""
LOAD = IMPORT + "\nfrom xyforecast.inputs.dataset import load\nload()\n"
BACKTEST = IMPORT + """
from xyforecast.evaluation import backtest
from xyforecast.inputs.dataset import load
backtest.run(load())
"""
TASKS = [
    ("start Python", "pass", False),
    ("import the engine and the summary", IMPORT, False),
    ("load and validate the data", LOAD, True),
    ("forecast China 2025 as of 2025-09 (goal <= 1 s)", CHINA, True),
    ("its report: movement, peers, candidates (fits kept)", CHINA_REPORT, True),
    ("the same, nothing kept: data read, ARIMA and ETS fitted", CHINA_REPORT_FITTED, True),
    ("forecast Xingyang 2025 (borrowing, rolled forward)", XINGYANG, True),
    ("both replays, every fold (goal <= 20 s)", BACKTEST, True),
]


def cpu(code: str) -> float:
    """CPU seconds of one fresh process running ``code``."""
    return measured([sys.executable, "-c", code], check=True, capture_output=True)[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per task (median shown)")
    args = parser.parse_args(argv)
    rows = []
    for name, code, after_import in TASKS:
        repeat = 1 if "replays" in name else args.repeat
        rows.append((name, statistics.median(cpu(code) for _ in range(repeat)), after_import))
    imported = rows[1][1]
    print(f"{'task':52s} {'CPU s':>7s} {'after import':>13s}")
    for name, seconds, after_import in rows:
        extra = f"{seconds - imported:13.2f}" if after_import else f"{'':13s}"
        print(f"{name:52s} {seconds:7.2f} {extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
