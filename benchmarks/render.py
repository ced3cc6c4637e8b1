"""How long the default render and the nbval pass take, against the bare cost of kernels.

    .venv/bin/python -m benchmarks.render [--repeat 3]

Goals (issue 5): the default render (Xingyang 2025, every page) under 60 s on a 2-core
machine and under 3× the bare cost of starting one kernel per notebook; the nbval pass over
notebooks/ under 60 s. A benchmark, not a test: it prints a table (and the machine's load,
since other work on the machine slows every figure) and writes
benchmarks/results/render.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def bare_kernel_seconds(runs: int, folder: Path) -> list[float]:
    """papermill on an empty notebook: kernel start, one trivial cell, shutdown."""
    import nbformat
    import papermill as pm

    from xyforecast.runner.execute import KERNEL, QUIET_KERNEL
    from xyforecast.runner.render import _prefer_this_environment

    _prefer_this_environment()
    empty = folder / "empty.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass", id="only")])
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, empty)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        pm.execute_notebook(str(empty), str(folder / "empty-out.ipynb"), kernel_name=KERNEL,
                            cwd=str(folder), progress_bar=False,
                            extra_arguments=QUIET_KERNEL)
        times.append(time.perf_counter() - start)
    return times


def timed(command: list[str], must_pass: bool = True) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        message = f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr}"
        if must_pass:
            sys.exit(message)
        print(f"note: {message.splitlines()[0]} (timed all the same; run `make notebooks` "
              "if numbers moved on purpose)", file=sys.stderr)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement")
    args = parser.parse_args(argv)
    python = sys.executable
    bin_dir = Path(python).parent
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out = folder / "report"
        renders = [timed([str(bin_dir / "xyforecast"), "render", "--region", "xingyang",
                          "--year", "2025", "--out", str(out)])
                   for _ in range(args.repeat)]
        pages = len(list(out.glob("*.ipynb")))
        kernels = bare_kernel_seconds(pages * args.repeat, folder)
        nbval = [timed([python, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        "notebooks"], must_pass=False) for _ in range(args.repeat)]
    render = statistics.median(renders)
    kernel = statistics.median(kernels)
    baseline = pages * kernel
    rows = [
        ("default render, wall (median)", f"{render:.1f} s", "< 60 s"),
        (f"bare kernel start × {pages} notebooks", f"{baseline:.1f} s",
         f"{kernel:.2f} s each"),
        ("render / bare kernels", f"{render / baseline:.2f}×", "< 3×"),
        ("nbval over notebooks/ (median)", f"{statistics.median(nbval):.1f} s", "< 60 s"),
    ]
    print(f"{'measure':<40} {'value':>10}   goal")
    for name, value, goal in rows:
        print(f"{name:<40} {value:>10}   {goal}")
    load_after = os.getloadavg()[0]
    print(f"\n{os.cpu_count()} cores; load average {load_before:.1f} before, "
          f"{load_after:.1f} after; runs: render {', '.join(f'{r:.1f}' for r in renders)} s; "
          f"nbval {', '.join(f'{r:.1f}' for r in nbval)} s")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "render.json").write_text(json.dumps({
        "render_seconds": renders, "kernel_seconds": kernels, "pages": pages,
        "ratio": render / baseline, "nbval_seconds": nbval, "cores": os.cpu_count(),
        "load_average": [load_before, load_after]}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
