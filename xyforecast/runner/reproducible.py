"""Two renders of the same inputs give the same bytes, apart from the run block.

The run block is the ``run`` object of ``summary.json`` (when and by which command the
report was made): the one place a report records its run. Everything else is pinned:
papermill's and nbclient's timings are taken out of the executed notebooks, the random id
of papermill's parameters cell is fixed, and the paths papermill records (the source
notebook, the temporary output) become file names, so that a published notebook carries no
local path. The injected ``snapshot`` (a temporary file of the render, gone with it) reads
``snapshot = None``: the published notebook, run again by hand, builds the same Forecast
from its other parameters. The workbook pins its own metadata (``outputs.workbook``); the
index names the run block instead of repeating the time.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

INJECTED_ID = "injected-parameters"  # papermill gives this cell a random id
SNAPSHOT_LINE = re.compile(r"^snapshot = .*$", re.M)  # as papermill writes it
RUN_ONLY = ("start_time", "end_time", "duration")  # papermill's timings, per cell and run


def pin_notebook(path: Path, source: Path) -> None:
    """Rewrite the executed notebook ``path`` (run from ``source``) pinned (``pin``)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    write_pinned(nb, path, source)


def write_pinned(nb: Any, path: Path, source: Path) -> None:
    """Write the executed notebook ``nb`` (run from ``source``) to ``path``, pinned: the
    bytes ``pin_notebook`` makes of it, without writing and reading it first."""
    import nbformat

    pin(nb, path, source)
    nbformat.write(nb, path)


def pin(nb: Any, path: Path, source: Path) -> None:
    """Take out of ``nb`` its timings, give the parameters cell a fixed id and put file
    names in place of paths (``path``: where it is written, ``source``: its notebook)."""
    run = nb.metadata.get("papermill")
    if run is not None:
        for key in RUN_ONLY:
            run.pop(key, None)
        run["input_path"] = source.name
        run["output_path"] = path.name
        if "snapshot" in run.get("parameters", {}):
            run["parameters"]["snapshot"] = None
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # nbclient's iopub and shell timestamps
        for key in RUN_ONLY:
            cell.metadata.get("papermill", {}).pop(key, None)
        if INJECTED_ID in cell.metadata.get("tags", []):
            cell.id = INJECTED_ID
            cell.source = SNAPSHOT_LINE.sub("snapshot = None", cell.source)
