"""Where things are: the one module that resolves the project's paths.

Nothing else computes a path from ``__file__``. Three folders live beside the package in a
checkout: ``data/`` (the catalogue and shipped figures), ``notebooks/`` (the report's pages)
and ``benchmarks/results/`` (the committed track record). They are found, in order:

1. ``$XYFORECAST_DATA`` for the data folder alone;
2. ``$XYFORECAST_HOME``, a checkout (or a copy of those three folders);
3. the checkout this package runs from (an editable install, the normal case);
4. the working directory, when it is a checkout.

An installed copy (``pip install .``) run elsewhere finds none of them and stops with one
line saying what to set (``no_data_dir``), never with a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

from xyforecast.errors import UsageError
from xyforecast.i18n import Msg

BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "site" / "templates"  # Jinja2 templates of the pages and the index
CATALOGUE = "regions.csv"  # a data folder holds it
# Assumption (not estimated): seconds a page kernel may take to start, tried twice; a busy
# machine is slow to start one, so it is generous (render --start-timeout).
START_TIMEOUT = 120


def one_blas_thread() -> None:
    """One BLAS thread for this process and every process it starts (render kernels and
    workers inherit it): the engine's problems are tiny (hundreds of numbers), and a BLAS
    pool spinning on two cores costs more CPU than the work (a backtest took 4× the CPU).
    Called where a process starts, before numpy loads; a caller's own setting wins."""
    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")


def _is_home(folder: Path) -> bool:
    return (folder / "data" / CATALOGUE).is_file()


def project_root() -> Path | None:
    """The checkout the folders come from, or None (an installed copy run elsewhere)."""
    env = os.environ.get("XYFORECAST_HOME")
    candidates = [Path(env)] if env else []
    candidates += [PACKAGE.parent, Path.cwd()]
    return next((folder for folder in candidates if _is_home(folder)), None)


def data_dir() -> Path:
    """The catalogue and shipped figures; UsageError (one line) when there is none."""
    env = os.environ.get("XYFORECAST_DATA")
    if env:
        return Path(env)
    root = project_root()
    if root is None:
        raise UsageError(Msg.of("report.no_data_dir"))
    return root / "data"


def _home_folder(*parts: str) -> Path:
    root = project_root()
    if root is None:
        raise UsageError(Msg.of("report.no_home", what="/".join(parts)))
    return root.joinpath(*parts)


def notebooks_dir() -> Path:
    """The suite's notebooks (``notebooks/`` of the checkout)."""
    env = os.environ.get("XYFORECAST_NOTEBOOKS")
    return Path(env) if env else _home_folder("notebooks")


def results_dir() -> Path:
    """The committed track record written by ``python -m benchmarks.accuracy``."""
    return _home_folder("benchmarks", "results")


def package_file(*parts: str) -> Path:
    """A file shipped inside the package (defaults, schema, templates)."""
    return PACKAGE.joinpath(*parts)


def source_file(*parts: str) -> Path:
    """A file of the package's source that a developer's tool rewrites (the backtest's
    ``engine/defaults.json``): only in a checkout the package runs from (an editable
    install), never inside an installed copy."""
    if not _is_home(PACKAGE.parent):
        raise UsageError(Msg.of("report.no_home", what="xyforecast/" + "/".join(parts)))
    return PACKAGE.joinpath(*parts)
