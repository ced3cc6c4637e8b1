"""Cost against the size of the data: a synthetic province of N counties under Zhengzhou.

    .venv/bin/python -m benchmarks.province [--counties 50,100,200] [--render-at 200]

Every county, every figure and every name built here is SYNTHETIC (made up, marked so in
the catalogue and in every source cell) and lives in a temporary folder that is removed at
the end: the shipped data/ is only copied, never written. For each size the table gives the
CPU seconds (user + system of the command and every process it started, kernels included)
of ``check-data`` on the synthetic file, ``forecast`` for Xingyang (one county among the
synthetic siblings) and, at the sizes named by ``--render-at``, the default ``render`` of
Xingyang. Goal (issue 13): the forecast with 200 siblings under 3 s, and every figure
growing with the rows, not with the square of the regions.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADLINE = {  # indicator -> (quarterly?, typical growth, its spread), for made-up figures
    "gdp": (True, 6.0, 1.5),
    "industrial_value_added": (False, 8.0, 3.0),
    "fixed_asset_investment": (False, 7.0, 5.0),
    "retail_sales": (False, 6.0, 2.0),
    "public_budget_revenue": (False, 3.0, 4.0),
}
YEARS = range(2013, 2025)  # full years of history per county
YEAR = 2025  # the year projected; figures up to September
SOURCE = "SYNTHETIC benchmark figure (not real data)"
HEADER = ["region", "indicator", "period", "measure", "value", "unit", "source", "note"]


def codes(n: int) -> Iterator[str]:
    """synthetic_aaa, synthetic_aab, …: letters only (region codes are [a-z_])."""
    letters = string.ascii_lowercase
    for k in range(n):
        yield "synthetic_" + letters[k // 676 % 26] + letters[k // 26 % 26] + letters[k % 26]


def build_province(folder: Path, counties: int, seed: int = 13) -> Path:
    """A copy of data/ (without anyone's local files) plus ``counties`` synthetic counties
    under Zhengzhou, their figures in ``local/synthetic-province.csv``; the data folder."""
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
    rows = []
    for code in names:
        for indicator, (quarterly, mean, spread) in HEADLINE.items():
            level = rng.uniform(50, 500)
            for year in YEARS:
                growth = round(rng.gauss(mean, spread), 1)
                level *= 1 + growth / 100
                rows.append([code, indicator, str(year), "growth_pct", growth, "%", SOURCE, ""])
                rows.append([code, indicator, str(year), "level", round(level, 1), "亿元",
                             SOURCE, ""])
            months = (3, 6, 9) if quarterly else range(2, 10)
            for month in months:
                rows.append([code, indicator, f"{YEAR}-{month:02d}", "growth_pct",
                             round(rng.gauss(mean, spread), 1), "%", SOURCE, ""])
            rows.append([code, indicator, str(YEAR), "target_growth_pct", round(mean), "%",
                         SOURCE, ""])
    if not rows:
        return data
    with (data / "local" / "synthetic-province.csv").open("w", encoding="utf-8",
                                                           newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return data


def cpu_seconds(command: list[str], cwd: Path) -> float:
    """CPU seconds of ``command`` and every process it started and waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n"
                 f"{result.stdout[-2000:]}{result.stderr[-3000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_cpu(command: list[str], cwd: Path, repeat: int) -> float:
    return statistics.median(cpu_seconds(command, cwd) for _ in range(repeat))


def measure(counties: int, render: bool, langs: str, repeat: int) -> dict[str, float | None]:
    xyforecast = str(Path(sys.executable).parent / "xyforecast")
    with tempfile.TemporaryDirectory(prefix="xyforecast-province-") as tmp:
        folder = Path(tmp)
        data = build_province(folder, counties)
        local = data / "local" / "synthetic-province.csv"
        on = ["--data-dir", str(data)]
        row: dict[str, float | None] = {
            "rows": sum(1 for _ in local.open(encoding="utf-8")) - 1 if counties else 0,
            "check-data": median_cpu([xyforecast, "check-data", *on, str(local)], folder,
                                     repeat) if counties else None,
            "forecast": median_cpu([xyforecast, "forecast", "--region", "xingyang", "--year",
                                    str(YEAR), *on], folder, repeat),
            "render": None,
        }
        if render:
            row["render"] = cpu_seconds(
                [xyforecast, "render", "--region", "xingyang", "--year", str(YEAR), *on,
                 "--lang", langs, "--out", str(folder / "report")], folder)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", default="0,50,100,200",
                        help="synthetic province sizes, comma-separated")
    parser.add_argument("--render-at", default="0,200",
                        help="sizes at which the render is measured too")
    parser.add_argument("--lang", default="zh,en", help="languages of the render")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of check-data and forecast (median shown); the render runs once")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.counties.split(",")]
    render_at = {int(n) for n in args.render_at.split(",") if n}
    print(f"{'synthetic counties':>18} {'rows':>7} {'check-data':>11} {'forecast':>9} "
          f"{'render':>8}   (CPU seconds)")
    for n in sizes:
        row = measure(n, n in render_at, args.lang, args.repeat)
        check, render = (("—" if row[k] is None else f"{row[k]:.2f}")
                         for k in ("check-data", "render"))
        print(f"{n:>18} {row['rows']:>7} {check:>11} {row['forecast']:>9.2f} {render:>8}",
              flush=True)
    print(f"\ngoal: forecast with 200 synthetic counties < 3 s; {os.cpu_count()} cores, load "
          f"average {os.getloadavg()[0]:.1f}; check-data and forecast: median of "
          f"{args.repeat}; render: --lang {args.lang}, every page, once")
    return 0


if __name__ == "__main__":
    sys.exit(main())
