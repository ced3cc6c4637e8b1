"""``make notebooks``: re-execute the committed notebooks in place with their default
parameters, so that ``git diff notebooks/`` shows which checked numbers moved.

    python -m xyforecast.runner.refresh [--jobs N] [NOTEBOOK.ipynb …]

The committed notebooks show the shipped data only: they run on a copy of the data folder
without ``local/``, so that nobody's own figures (and sources) end up in a tracked file. A
notebook is written only when every cell ran without an error and without anything on
stderr (a stored warning would fail the notebook tests).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from xyforecast import config
from xyforecast.runner import scratch
from xyforecast.runner.execute import START_TIMEOUT, one_line
from xyforecast.runner.kernel import KERNEL, QUIET_KERNEL
from xyforecast.site.spec import CELL_TIMEOUT
from xyforecast.site.suite import suite

SUITE_NOTEBOOKS = suite().notebooks  # site/suite.toml


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


@contextlib.contextmanager
def shipped_data_only() -> Iterator[Path]:
    """Inside the block, ``$XYFORECAST_DATA`` (and so every kernel started in it) names a
    copy of the data folder without ``local/``: the shipped data alone."""
    source = config.data_dir()
    previous = os.environ.get("XYFORECAST_DATA")
    with scratch.folder("shipped") as tmp:
        copy = tmp / "data"
        shutil.copytree(source, copy, ignore=lambda folder, _: (
            ["local"] if Path(folder) == source else []))
        os.environ["XYFORECAST_DATA"] = str(copy)
        try:
            yield copy
        finally:
            if previous is None:
                os.environ.pop("XYFORECAST_DATA", None)
            else:
                os.environ["XYFORECAST_DATA"] = previous


def refresh_notebooks(folder: Path | None = None, jobs: int = 2,
                      names: Sequence[str] = SUITE_NOTEBOOKS) -> int:
    from xyforecast.runner.render import shown, workers

    folder = folder or config.notebooks_dir()
    paths = [folder / name for name in names]
    started = time.perf_counter()
    with shipped_data_only(), workers(min(jobs, len(paths))) as pool:
        futures = [(path, pool.schedule(refresh_one, args=(path,))) for path in paths]
        problems = {path: future.result() for path, future in futures}
    for path, problem in problems.items():
        print(f"{'FAILED' if problem else 'refreshed'} {shown(path)}")
        if problem:
            print(f"  {path.name}: {problem}", file=sys.stderr)
    print(f"{time.perf_counter() - started:.1f} s; review the changes with: git diff notebooks/")
    return 1 if any(problems.values()) else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m xyforecast.runner.refresh",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="notebooks at a time")
    parser.add_argument("notebooks", nargs="*", default=SUITE_NOTEBOOKS, metavar="NOTEBOOK",
                        help="which of the committed notebooks (default: every notebook of "
                        "the suite)")
    args = parser.parse_args(argv)
    return refresh_notebooks(jobs=args.jobs, names=args.notebooks)


if __name__ == "__main__":
    sys.exit(main())
