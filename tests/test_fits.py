"""ARIMA and ETS fits kept between commands (engine/fits.py): the same forecast, without
statsmodels the second time; other years, horizons or library versions fitted anew."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

from xyforecast.engine import fits

BUILD = """
import json, sys
from xyforecast.forecast import Forecast
from xyforecast.inputs.dataset import load
forecast = Forecast.build(load(), "xingyang", 2025)
weighed = {i.code: [repr(c) for c in i.projection.candidates] for i in forecast.indicators}
print(json.dumps({"statsmodels": "statsmodels" in sys.modules, "weighed": weighed,
                  "summary": forecast.to_summary()}, default=str))
"""


def _build(cache: str) -> dict:
    done = subprocess.run([sys.executable, "-c", BUILD], capture_output=True, text=True,
                          env={"XYFORECAST_CACHE": cache, "PATH": "/usr/bin:/bin"},
                          check=True)
    return json.loads(done.stdout)


def test_a_second_build_reads_its_fits_and_gives_the_same_forecast(tmp_path):
    first, second = _build(str(tmp_path)), _build(str(tmp_path))
    without = _build("off")
    assert first["statsmodels"] and not second["statsmodels"] and without["statsmodels"]
    assert any("'arima'" in c for cs in first["weighed"].values() for c in cs)
    assert first["weighed"] == second["weighed"] == without["weighed"]
    assert first["summary"] == second["summary"] == without["summary"]


def test_other_years_horizons_or_library_versions_are_fitted_anew(tmp_path, monkeypatch):
    monkeypatch.setenv("XYFORECAST_CACHE", str(tmp_path))
    monkeypatch.setattr(fits, "_table", None)
    calls = []

    def fit(run: np.ndarray, h: int) -> fits.Fit:
        calls.append((tuple(run), h))
        return float(run.mean()), float(h)

    run = np.array([8.0, 7.5, 7.0, 6.5])
    assert fits.fitted("arima", run, 1, fit) == (7.25, 1.0)
    assert fits.fitted("arima", run.copy(), 1, fit) == (7.25, 1.0)  # same years: kept
    fits.fitted("arima", run, 2, fit)
    fits.fitted("ets", run, 1, fit)
    fits.fitted("arima", np.array([8.0, 7.5, 7.0, 6.6]), 1, fit)  # a revised year
    assert len(calls) == 4
    fits.save()
    monkeypatch.setattr(fits, "_table", None)  # another command: read back from the folder
    assert fits.fitted("arima", run, 1, fit) == (7.25, 1.0) and len(calls) == 4
    monkeypatch.setattr(fits, "_table", {})  # a county rendered beside: its own fits
    fits.fitted("ets", run, 3, fit)
    fits.save()  # added to the others', not written over them
    monkeypatch.setattr(fits, "_table", None)
    assert fits.fitted("ets", run, 3, fit) and fits.fitted("arima", run, 2, fit)
    assert len(calls) == 5
    monkeypatch.setattr(fits, "_table", None)
    monkeypatch.setattr(fits, "_version", lambda library: "99.0")  # statsmodels upgraded
    fits.fitted("arima", run, 1, fit)
    assert len(calls) == 6
