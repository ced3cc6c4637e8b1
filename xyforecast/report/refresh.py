"""``make notebooks``: re-execute the committed notebooks in place with their default
parameters, so that ``git diff notebooks/`` shows which checked numbers moved.

    python -m xyforecast.report.refresh [--jobs N]

A notebook is written only when every cell ran without an error and without anything on
stderr (a stored warning would fail the notebook tests).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from xyforecast import config
from xyforecast.report.execute import KERNEL, QUIET_KERNEL, START_TIMEOUT, one_line
from xyforecast.report.spec import CELL_TIMEOUT

SUITE_NOTEBOOKS = ("dashboard.ipynb", "indicator.ipynb", "peers.ipynb", "data.ipynb",
                   "track_record.ipynb")


def refresh_one(path: Path, timeout: int = CELL_TIMEOUT) -> str:
    """Re-execute one notebook; "" or the problem."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
    nb.metadata.pop("papermill", None)
    client = NotebookClient(nb, timeout=timeout, startup_timeout=START_TIMEOUT,
                            kernel_name=KERNEL, record_timing=False,
                            extra_arguments=QUIET_KERNEL, shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        return one_line(str(exc).splitlines()[-1] if str(exc) else repr(exc))
    noisy = [n for n, cell in enumerate(nb.cells, start=1) if cell.cell_type == "code"
             and any(o.get("name") == "stderr" for o in cell.outputs)]
    if noisy:
        return (f"cell(s) {', '.join(map(str, noisy))} wrote to stderr (warnings must not "
                "be stored); not written")
    nbformat.write(nb, path)
    return ""


def refresh_notebooks(folder: Path | None = None, jobs: int = 2) -> int:
    from xyforecast.report.render import shown, workers

    folder = folder or config.notebooks_dir()
    paths = [folder / name for name in SUITE_NOTEBOOKS]
    started = time.perf_counter()
    with workers(min(jobs, len(paths))) as pool:
        futures = [(path, pool.schedule(refresh_one, args=(path,))) for path in paths]
        problems = {path: future.result() for path, future in futures}
    for path, problem in problems.items():
        print(f"{'FAILED' if problem else 'refreshed'} {shown(path)}")
        if problem:
            print(f"  {path.name}: {problem}", file=sys.stderr)
    print(f"{time.perf_counter() - started:.1f} s; review the changes with: git diff notebooks/")
    return 1 if any(problems.values()) else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m xyforecast.report.refresh",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="notebooks at a time")
    return refresh_notebooks(jobs=parser.parse_args(argv).jobs)


if __name__ == "__main__":
    sys.exit(main())
