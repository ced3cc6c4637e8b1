"""Where things are: the one module that resolves the project's paths.

Nothing else computes a path from ``__file__``. The data folder is, in order:
``$XYFORECAST_DATA``; the ``data/`` folder of the checkout this package runs from (an
editable install, the normal case); ``./data`` when it holds the catalogue. Notebooks and
the committed track record (``benchmarks/results``) are found the same way.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CATALOGUE = "regions.csv"  # a data folder holds it


def project_root() -> Path | None:
    """The checkout this package runs from, or None for an installed copy."""
    root = PACKAGE.parent
    return root if (root / "pyproject.toml").is_file() and (root / "data").is_dir() else None


def data_dir() -> Path:
    """The catalogue and shipped figures."""
    env = os.environ.get("XYFORECAST_DATA")
    if env:
        return Path(env)
    root = project_root()
    if root is not None:
        return root / "data"
    return Path.cwd() / "data"


def notebooks_dir() -> Path:
    """The suite's notebooks (``notebooks/`` of the checkout)."""
    env = os.environ.get("XYFORECAST_NOTEBOOKS")
    if env:
        return Path(env)
    return (project_root() or Path.cwd()) / "notebooks"


def results_dir() -> Path:
    """The committed track record written by ``python -m benchmarks.accuracy``."""
    return (project_root() or Path.cwd()) / "benchmarks" / "results"


def package_file(*parts: str) -> Path:
    """A file shipped inside the package (defaults, schema)."""
    return PACKAGE.joinpath(*parts)
