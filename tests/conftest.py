"""Shared fixtures. The shipped data is real; anything built here for a test is synthetic
and lives in a temporary folder only."""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from pathlib import Path

from xyforecast.config import one_blas_thread

one_blas_thread()  # as the command does, before numpy loads (pytest imports it later)

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from xyforecast.catalog import Catalog  # noqa: E402
from xyforecast.inputs.dataset import Dataset, default_data_dir, load  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["region", "indicator", "period", "measure", "value", "unit", "source", "note"]

# Property tests are deterministic and quick in CI (the same examples every run, no example
# database); HYPOTHESIS_PROFILE=explore searches wider and at random on a developer's machine.
settings.register_profile("ci", derandomize=True, max_examples=60, deadline=None,
                          database=None, print_blob=True)
settings.register_profile("explore", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def data() -> Dataset:
    return load()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.load(default_data_dir())


def copy_data(folder: Path) -> Path:
    """A copy of the shipped data folder (catalogue, figures, Henan) without anyone's local
    files, for a test that adds synthetic ones."""
    shutil.copytree(default_data_dir(), folder, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("local", "templates", "sources"))
    (folder / "local").mkdir(exist_ok=True)
    return folder


def write_csv(path: Path, rows: list[list], header: list[str] = HEADER,
              encoding: str = "utf-8") -> Path:
    """Write a synthetic CSV for a test."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def pytest_collection_modifyitems(config, items):
    """nbval's notebook cells run a kernel: they belong to the end-to-end tier. The Airflow
    tier is opt-in: it runs only when ``-m`` names it."""
    opted_in = "airflow" in (config.option.markexpr or "")
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.e2e)
        if item.get_closest_marker("airflow") and not opted_in:
            item.add_marker(pytest.mark.skip(reason="opt-in: make test-airflow"))


def pytest_configure(config):
    """nbval's sanitize file is named relative to the checkout in pyproject.toml; make it
    absolute so that pytest runs from any folder. The cache of validated data goes to a
    folder of the test run's own (every command's subprocesses inherit it), never the
    user's."""
    if "XYFORECAST_CACHE" not in os.environ:
        folder = tempfile.mkdtemp(prefix="xyforecast-test-cache-")
        os.environ["XYFORECAST_CACHE"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    value = getattr(config.option, "nbval_sanitize_with", None)
    if value and not Path(value).is_absolute():
        config.option.nbval_sanitize_with = str(Path(config.rootpath) / value)
