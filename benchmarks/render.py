"""What the default render costs, in CPU seconds, against the bare cost of its kernels.

    flock /tmp/xyforecast-heavy.lock .venv/bin/python -m benchmarks.render [--repeat N]

In one run: the default render (Xingyang 2025, every page, both languages) as a command,
its CPU time with every process it started (the render, its workers, their kernels), and
N bare papermill runs of an empty notebook (N = the pages rendered: a kernel started, one
trivial cell, shut down), the physical floor of a render that starts a kernel per page.
With ``--repeat``, renders and batches of bare kernels take turns (the bare kernels alone
vary by a third between spells of a shared machine), and the medians are compared.
Goal (issue 18): render / bare kernels ≤ 1.5 (1.0: the render costs what its kernels cost).

CPU, not wall time: the machine is shared. ``RUSAGE_CHILDREN`` counts the processes waited
for; a kernel whose worker is gone is re-parented, so this process makes itself their
"subreaper" (Linux ``prctl``) and waits for every one of them. Where the CPU goes — the
render's main process, its workers, their kernels — is sampled (``psutil``, every 50 ms: a
process's last sample before it ends, so a little under the exact total). A benchmark, not a
test: it prints a table and writes benchmarks/results/render.json.
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
import threading
import time
from pathlib import Path

import psutil

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


def role(process: psutil.Process, render: int) -> str:
    """main, worker or kernel: what a process of the render is (a kernel forked by the
    fork server runs its command line, but in a session of its own)."""
    line = " ".join(process.cmdline())
    kernel = "ipykernel" in line or os.getsid(process.pid) == process.pid
    return "main" if process.pid == render else "kernel" if kernel else "worker"


def sampled(render: subprocess.Popen, roles: dict[str, float]) -> None:
    """Until ``render`` ends: the CPU of each of its processes, by role (``role``)."""
    seen: dict[int, tuple[str, float]] = {}
    root = psutil.Process(render.pid)
    while render.poll() is None:
        with contextlib.suppress(psutil.Error):
            for process in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error), process.oneshot():
                    times = process.cpu_times()
                    seen[process.pid] = (role(process, render.pid), times.user + times.system)
        time.sleep(0.05)
    for name, seconds in seen.values():
        roles[name] = roles.get(name, 0.0) + seconds


def render_cpu(out: Path) -> tuple[float, float, int, dict[str, float]]:
    """CPU seconds and wall seconds of the default render, the pages it rendered and where
    its CPU went (sampled, by role)."""
    command = [str(Path(sys.executable).parent / "xyforecast"), "render", "--region",
               "xingyang", "--year", "2025", "--out", str(out)]
    before, start = cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
    roles: dict[str, float] = {}
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as process:
        sampler = threading.Thread(target=sampled, args=(process, roles))
        sampler.start()
        try:
            _, stderr = process.communicate(timeout=900)
        finally:
            sampler.join()
    wall = time.perf_counter() - start
    time.sleep(4)  # kernels of stopped workers leave within a second or two
    reap()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
    return (cpu(resource.RUSAGE_CHILDREN) - before, wall, len(list(out.glob("*.ipynb"))),
            roles)


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
        runs, bare = [], []
        for n in range(args.repeat):  # interleaved: a slow spell of the machine hits both
            runs.append(render_cpu(folder / f"report-{n}"))
            bare.append(bare_kernels_cpu(runs[0][2], folder))
        pages = runs[0][2]
    kernels = statistics.median(bare)
    render = statistics.median(r[0] for r in runs)
    by_role = {name: statistics.median(r[3].get(name, 0.0) for r in runs)
               for name in ("main", "worker", "kernel")}
    rows = [
        ("default render, CPU (median)", f"{render:.1f} s", ""),
        *((f"  of which {label} (sampled)", f"{by_role[name]:.1f} s", "")
          for name, label in (("main", "the main process"), ("worker", "its workers"),
                              ("kernel", "their kernels"))),
        ("default render, wall (median)", f"{statistics.median(r[1] for r in runs):.1f} s",
         ""),
        (f"bare papermill kernels × {pages} pages, CPU (median)", f"{kernels:.1f} s",
         f"{kernels / pages:.2f} s each"),
        ("render / bare kernels", f"{render / kernels:.2f}×", "≤ 1.5× (goal 1.0)"),
        ("  each run's render / its bare kernels",
         " ".join(f"{r[0] / b:.2f}" for r, b in zip(runs, bare)), ""),
    ]
    print(f"{'measure':<44} {'value':>10}   note")
    for name, value, note in rows:
        print(f"{name:<44} {value:>10}   {note}")
    print(f"\n{os.cpu_count()} cores; load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "render.json").write_text(json.dumps({
        "render_cpu_seconds": [r[0] for r in runs], "render_wall_seconds": [r[1] for r in runs],
        "render_cpu_seconds_by_process_sampled": [r[3] for r in runs],
        "pages": pages, "bare_kernels_cpu_seconds": bare, "ratio": render / kernels,
        "ratio_by_run": [r[0] / b for r, b in zip(runs, bare)],
        "cores": os.cpu_count()}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
