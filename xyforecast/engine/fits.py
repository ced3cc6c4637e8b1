"""ARIMA and ETS fits kept between commands.

Both are fitted on a region's full-year history, which changes once a year (a new year's
figure, a revision), while the region is rendered every month: twelve renders fit the same
years twelve times, and the first fit of a process imports statsmodels (≈ 0.7 CPU s, a
quarter of a render's main process). So each fit's result — the forecast and its sd — is
kept in the validated-data cache folder (``inputs.cache``: this user's, checked by digest,
``XYFORECAST_CACHE=off`` turns it off) under a key made of the years' values, the horizon,
the model and the code and library versions that fit it. A fit read back is the float the
fit gave (pickled), so a projection is the same with the cache or without it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import numpy as np

from xyforecast.inputs import cache

KEEP = 20_000  # fits kept (≈ 1.5 MB): a province of 200 counties uses about 4,000 a year
LIBRARIES = ("statsmodels", "scipy", "numpy")  # their versions are part of the key

Fit = tuple[float, float]  # the h-year-ahead mean and its sd
_table: dict[tuple[str, bytes, int], Fit] | None = None
_added = 0  # fits made since the table was read or saved


def fitted(model: str, run: np.ndarray, h: int, fit: Callable[[np.ndarray, int], Fit]) -> Fit:
    """``fit(run, h)``, or what it gave for the same years before."""
    global _added
    table = _read()
    key = (model, np.ascontiguousarray(run, dtype=float).tobytes(), h)
    found = table.pop(key, None)  # put back last: recently used, kept by ``save``
    if found is None:
        found = fit(run, h)
        _added += 1
    table[key] = found
    return found


def save() -> None:
    """Keep the fits made since the last save, with those other commands kept meanwhile (a
    province's counties rendered side by side; the most recent ``KEEP``). A command that
    fitted nothing writes nothing."""
    global _added
    if _table is None or not _added:
        return
    found = cache.get(_name())
    merged = {**found, **_table} if isinstance(found, dict) else _table
    cache.put(_name(), dict(list(merged.items())[-KEEP:]))
    _added = 0


def _read() -> dict[tuple[str, bytes, int], Fit]:
    global _table
    if _table is None:
        found = cache.get(_name())
        _table = dict(found) if isinstance(found, dict) else {}
    return _table


def _name() -> str:
    """The entry's name: a digest of the modules that fit and of the libraries' versions."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in (here / "models.py", here / "fits.py"):
        digest.update(path.read_bytes())
    for library in LIBRARIES:
        digest.update(f"\0{library}={_version(library)}".encode())
    return "fits-" + digest.hexdigest()[:32]


def _version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "none"
