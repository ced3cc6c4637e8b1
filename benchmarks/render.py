"""What the default render costs, in CPU seconds, against the bare cost of its kernels.

    flock /tmp/xyforecast-heavy.lock .venv/bin/python -m benchmarks.render [--repeat N]

In one run: the default render (Xingyang 2025, every page, both languages) as a command,
its CPU time with every process it started (the render, its workers, their kernels), and
N bare papermill runs of an empty notebook (N = the pages rendered: a kernel started, one
trivial cell, shut down), the physical floor of a render that starts a kernel per page.
Goal (issue 18): render / bare kernels ≤ 1.5 (1.0: the render costs what its kernels cost).

CPU, not wall time: the machine is shared. ``RUSAGE_CHILDREN`` counts the processes waited
for; a kernel whose worker is gone is re-parented, so this process makes itself their
"subreaper" (Linux ``prctl``) and waits for every one of them. A benchmark, not a test: it
prints a table and writes benchmarks/results/render.json.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
KERNEL = "python3"
PR_SET_CHILD_SUBREAPER = 36


def cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def reap() -> None:
    """Wait for every descendant that ended (orphans included: we are their subreaper)."""
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def render_cpu(out: Path) -> tuple[float, float, int]:
    """CPU seconds and wall seconds of the default render, and the pages it rendered."""
    command = [str(Path(sys.executable).parent / "xyforecast"), "render", "--region",
               "xingyang", "--year", "2025", "--out", str(out)]
    before, start = cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    wall = time.perf_counter() - start
    time.sleep(4)  # kernels of stopped workers leave within a second or two
    reap()
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return cpu(resource.RUSAGE_CHILDREN) - before, wall, len(list(out.glob("*.ipynb")))


def bare_kernels_cpu(runs: int, folder: Path) -> float:
    """CPU seconds (this process and its kernels) of ``runs`` papermill runs of an empty
    notebook, one fresh kernel each."""
    import nbformat
    import papermill as pm

    from xyforecast.runner.render import _prefer_this_environment

    _prefer_this_environment()
    empty = folder / "empty.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass", id="only")])
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, empty)
    quiet = ["--IPKernelApp.log_level=CRITICAL"]
    pm.execute_notebook(str(empty), str(folder / "warm.ipynb"), kernel_name=KERNEL,
                        progress_bar=False, extra_arguments=quiet)  # papermill's imports
    reap()
    before = cpu(resource.RUSAGE_SELF) + cpu(resource.RUSAGE_CHILDREN)
    for _ in range(runs):
        pm.execute_notebook(str(empty), str(folder / "empty-out.ipynb"), kernel_name=KERNEL,
                            cwd=str(folder), progress_bar=False, extra_arguments=quiet)
    reap()
    return cpu(resource.RUSAGE_SELF) + cpu(resource.RUSAGE_CHILDREN) - before


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="renders to measure")
    args = parser.parse_args(argv)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        runs = [render_cpu(folder / f"report-{n}") for n in range(args.repeat)]
        pages = runs[0][2]
        kernels = bare_kernels_cpu(pages, folder)
    render = statistics.median(r[0] for r in runs)
    rows = [
        ("default render, CPU (median)", f"{render:.1f} s", ""),
        ("default render, wall (median)", f"{statistics.median(r[1] for r in runs):.1f} s",
         ""),
        (f"bare papermill kernels × {pages} pages, CPU", f"{kernels:.1f} s",
         f"{kernels / pages:.2f} s each"),
        ("render / bare kernels", f"{render / kernels:.2f}×", "≤ 1.5× (goal 1.0)"),
    ]
    print(f"{'measure':<44} {'value':>10}   note")
    for name, value, note in rows:
        print(f"{name:<44} {value:>10}   {note}")
    print(f"\n{os.cpu_count()} cores; load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "render.json").write_text(json.dumps({
        "render_cpu_seconds": [r[0] for r in runs], "render_wall_seconds": [r[1] for r in runs],
        "pages": pages, "bare_kernels_cpu_seconds": kernels, "ratio": render / kernels,
        "cores": os.cpu_count()}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
