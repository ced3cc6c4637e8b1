"""Shared fixtures. The shipped data is real; anything built here for a test is synthetic
and lives in a temporary folder only."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from xyforecast.catalog import Catalog
from xyforecast.data import Dataset, default_data_dir, load

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["region", "indicator", "period", "measure", "value", "unit", "source", "note"]


@pytest.fixture(scope="session")
def data() -> Dataset:
    return load()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.load(default_data_dir())


def write_csv(path: Path, rows: list[list], header: list[str] = HEADER,
              encoding: str = "utf-8") -> Path:
    """Write a synthetic CSV for a test."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path
