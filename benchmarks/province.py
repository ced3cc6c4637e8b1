"""Cost against the size of the data: a synthetic province of N counties under Zhengzhou.

    .venv/bin/python -m benchmarks.province [--counties 0,200] [--render-at 200]

Every county, every figure and every name built here is SYNTHETIC (made up, marked so in
the catalogue and in every source cell) and lives in a temporary folder that is removed at
the end: the shipped data/ is only copied, never written. Each county has ten years of
monthly history (625 rows: 200 counties are 125,000 rows, all in one file, as a province's
bureau keeps them). For each size the table gives the CPU seconds (user + system of the
command and every process it started, kernels included) of ``check-data`` on the synthetic
file, ``forecast`` for Xingyang (one county among the synthetic siblings) the first time
(an empty cache: every file read and validated) and the second (the validated data taken
from the cache), the report's preparation (``Forecast.build`` for Xingyang as a render makes
it — projections, the year's movement, the peers table, the candidates — on data already
loaded: CPU seconds of the build alone), and, at the sizes named by ``--render-at``, the
default ``render``.
Goals: with 200 counties the first forecast ≤ 3 s, the second ≤ 1.5 s (issue 20); the
preparation within 10% of its cost with none (issue 18: a county's report costs the same
among six siblings or two hundred).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from benchmarks import measured

ROOT = Path(__file__).resolve().parent.parent
HEADLINE = {  # indicator -> (quarterly?, typical growth, its spread), for made-up figures
    "gdp": (True, 6.0, 1.5),
    "industrial_value_added": (False, 8.0, 3.0),
    "fixed_asset_investment": (False, 7.0, 5.0),
    "retail_sales": (False, 6.0, 2.0),
    "public_budget_revenue": (False, 3.0, 4.0),
}
YEARS = range(2015, 2025)  # full years of monthly history per county
YEAR = 2025  # the year projected; figures up to September
SOURCE = "SYNTHETIC benchmark figure (not real data)"
HEADER = ["region", "indicator", "period", "measure", "value", "unit", "source", "note"]
PER_FILE = 200  # counties a file: 125,000 rows, about 12 MB (a file holds at most 32 MB)


def codes(n: int) -> Iterator[str]:
    """synthetic_aaa, synthetic_aab, …: letters only (region codes are [a-z_])."""
    letters = string.ascii_lowercase
    for k in range(n):
        yield "synthetic_" + letters[k // 676 % 26] + letters[k // 26 % 26] + letters[k % 26]


def build_province(folder: Path, counties: int, seed: int = 13) -> Path:
    """A copy of data/ (without anyone's local files) plus ``counties`` synthetic counties
    under Zhengzhou, their figures in ``local/synthetic-province-<k>.csv`` (``PER_FILE``
    counties a file); the data folder."""
    data = folder / "data"
    shutil.copytree(ROOT / "data", data,
                    ignore=shutil.ignore_patterns("local", "templates", "sources"))
    (data / "local").mkdir()
    rng = random.Random(seed)
    names = list(codes(counties))
    with (data / "regions.csv").open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for n, code in enumerate(names, 1):
            writer.writerow([code, f"合成县{n:03d}(合成数据)",
                             f"Synthetic county {n:03d} (synthetic)", "county", "zhengzhou"])
    for first in range(0, len(names), PER_FILE):  # a file holds at most 32 MB: split it,
        name = f"synthetic-province-{first // PER_FILE + 1}.csv"  # as the refusal says
        with (data / "local" / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(row for code in names[first:first + PER_FILE]
                             for row in _county(code, rng))
    return data


def _county(code: str, rng: random.Random) -> Iterator[list]:
    """625 made-up rows of one county: for each indicator ten years of year-to-date growth
    (quarterly for GDP, with levels; monthly for the others, with the full year's level),
    this year to September with some levels, and this year's target."""
    for indicator, (quarterly, mean, spread) in HEADLINE.items():
        annual = rng.uniform(50, 500)
        months = (3, 6, 9, 12) if quarterly else range(2, 13)
        for year in [*YEARS, YEAR]:
            annual *= 1 + mean / 100
            for month in months:
                if year == YEAR and month > 9:
                    break
                period = str(year) if month == 12 else f"{year}-{month:02d}"
                yield _row(code, indicator, period, "growth_pct", rng.gauss(mean, spread))
                level = annual * month / 12
                if quarterly or month == 12 or (year == YEAR and month >= 5):
                    yield _row(code, indicator, period, "level", level)
                if quarterly and year == YEAR and month < 9:
                    yield _row(code, indicator, period, "month_growth_pct",
                               rng.gauss(mean, spread))
        yield _row(code, indicator, str(YEAR), "target_growth_pct", round(mean))


def _row(code: str, indicator: str, period: str, measure: str, value: float) -> list:
    unit = "亿元" if measure == "level" else "%"
    return [code, indicator, period, measure, round(value, 1), unit, SOURCE, ""]


PREPARE = """
import sys, time
from xyforecast.forecast import Forecast
from xyforecast.inputs.dataset import load
data = load(sys.argv[1])
start = time.process_time()
Forecast.build(data, "xingyang", int(sys.argv[2]))
print(time.process_time() - start)
"""


def preparation(data: Path, cache: Path) -> float:
    """CPU seconds of building Xingyang's ``Forecast`` (data loaded from ``cache`` first)."""
    result = subprocess.run([sys.executable, "-c", PREPARE, str(data), str(YEAR)],
                            capture_output=True, text=True, check=True,
                            env={**os.environ, "XYFORECAST_CACHE": str(cache)})
    return float(result.stdout.split()[-1])


def cpu_seconds(command: list[str], cwd: Path, cache: Path) -> float | None:
    """CPU seconds of ``command`` and every process it started and waited for, with the
    cache folder ``cache``; None when the command refused (its first line is printed)."""
    result, seconds = measured(command, cwd=cwd, capture_output=True, text=True,
                               env={**os.environ, "XYFORECAST_CACHE": str(cache)})
    if result.returncode == 2:
        print(f"  {command[1]} refused: {(result.stdout + result.stderr).splitlines()[0]}")
        return None
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n"
                 f"{result.stdout[-2000:]}{result.stderr[-3000:]}")
    return seconds


def median(values: list[float | None]) -> float | None:
    return None if None in values else statistics.median(values)  # type: ignore[type-var]


def measure(counties: int, render: bool, langs: str, repeat: int) -> dict[str, float | None]:
    xyforecast = str(Path(sys.executable).parent / "xyforecast")
    with tempfile.TemporaryDirectory(prefix="xyforecast-province-") as tmp:
        folder = Path(tmp)
        data = build_province(folder, counties)
        local = sorted((data / "local").glob("synthetic-province-*.csv"))
        on = ["--data-dir", str(data)]
        forecast = [xyforecast, "forecast", "--region", "xingyang", "--year", str(YEAR), *on]
        first, second, check, prepare = [], [], [], []
        for n in range(repeat):  # each run from an empty cache, then again from the cache
            cache = folder / f"cache-{n}"
            first.append(cpu_seconds(forecast, folder, cache))
            second.append(cpu_seconds(forecast, folder, cache))
            prepare.append(preparation(data, cache))
            if counties:
                check.append(cpu_seconds([xyforecast, "check-data", *on, *map(str, local)], folder,
                                         folder / f"check-{n}"))
        row: dict[str, float | None] = {
            "rows": sum(sum(1 for _ in f.open(encoding="utf-8")) - 1 for f in local),
            "check-data": median(check) if counties else None,
            "first": median(first), "second": median(second), "render": None,
            "prepare": median(prepare),
        }
        if render:
            row["render"] = cpu_seconds(
                [xyforecast, "render", "--region", "xingyang", "--year", str(YEAR), *on,
                 "--lang", langs, "--out", str(folder / "report")], folder, folder / "cache-r")
    return row


def shown(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", default="0,200",
                        help="synthetic province sizes, comma-separated")
    parser.add_argument("--render-at", default="",
                        help="sizes at which the render is measured too (e.g. 0,200)")
    parser.add_argument("--lang", default="zh,en", help="languages of the render")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of check-data and forecast (median shown); the render runs once")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.counties.split(",")]
    render_at = {int(n) for n in args.render_at.split(",") if n}
    print(f"{'synthetic counties':>18} {'rows':>7} {'check-data':>11} {'forecast 1st':>12} "
          f"{'forecast 2nd':>12} {'preparation':>11} {'render':>8}   (CPU seconds)")
    base = None
    for n in sizes:
        row = measure(n, n in render_at, args.lang, args.repeat)
        base = row["prepare"] if base is None else base
        ratio = f" ({row['prepare'] / base:.2f}×)" if n and base else ""
        print(f"{n:>18} {row['rows']:>7} {shown(row['check-data']):>11} "
              f"{shown(row['first']):>12} {shown(row['second']):>12} "
              f"{shown(row['prepare']):>11} {shown(row['render']):>8}{ratio}", flush=True)
    print(f"\ngoal: with 200 synthetic counties (125,000 rows) the first forecast ≤ 3 s, the "
          f"second ≤ 1.5 s, the preparation within 10% of the first size's (× shown); "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"check-data and forecast: median of {args.repeat}; render: --lang {args.lang}, "
          f"every page, once")
    return 0


if __name__ == "__main__":
    sys.exit(main())
