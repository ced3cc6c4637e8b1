"""Speed: whole-process wall times, and their ratio to a bare Python start, so the figures
mean something on a noisy machine.

    python -m benchmarks.speed [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

FIT_ONE = """
from xyforecast.inputs.dataset import load
from xyforecast.engine.models import fit_annual
y = load().annual("china", "gdp")
fit_annual("combination", y[y.index < 2025]).forecast(2025)
"""
BACKTEST = """
from xyforecast.evaluation import backtest
from xyforecast.inputs.dataset import load
backtest.run(load(), candidates=True)
"""
TASKS = [
    ("bare Python start", [sys.executable, "-c", "pass"]),
    ("import the engine", [sys.executable, "-c", "import xyforecast.engine.projection"]),
    ("load and validate the data", [sys.executable, "-c",
                                    "from xyforecast.inputs.dataset import load; load()"]),
    ("fit one series (combination, China GDP)", [sys.executable, "-c", FIT_ONE]),
    ("project all five (forecast --json, Xingyang 2025)",
     [sys.executable, "-m", "xyforecast", "forecast", "--region", "xingyang", "--year", "2025",
      "--json"]),
    ("whole backtest (279 cases, all candidates)", [sys.executable, "-c", BACKTEST]),
]


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per task (median shown)")
    args = parser.parse_args(argv)
    rows = []
    for name, command in TASKS:
        repeat = 1 if "backtest" in name else args.repeat
        rows.append((name, statistics.median(wall(command) for _ in range(repeat))))
    bare = rows[0][1]
    print(f"{'task':52s} {'wall s':>8s} {'x bare':>8s}")
    for name, seconds in rows:
        print(f"{name:52s} {seconds:8.2f} {seconds / bare:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
