"""How a notebook opens its page: from its parameters, the same way in a render and by hand.

Every notebook's first code cell is ``page = <Page>.open(region=…, year=…, …, snapshot=…)``.
In a render, ``snapshot`` is the path of the report's pinned Forecast (``runner.snapshot``):
the page takes the render's data and the Forecast the render built once, and computes no
projection of its own. Opened in JupyterLab, ``snapshot`` is None: the page reads the data
its parameters name and builds the same Forecast through the same ``Forecast.build``. Either
way the parameters are checked first (``check_parameters``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from xyforecast.forecast import Forecast
from xyforecast.request import Parameters, check_parameters

P = TypeVar("P")


def open_page(kind: type[P], *, region: Any, year: Any, as_of: Any = None, lang: Any = "zh",
              data_dir: Any = None, observations: Any = (), snapshot: Any = None,
              indicator: Any = None) -> P:
    """The page ``kind`` for these parameters. Pages that format a Forecast take it as
    their second argument (``uses_forecast``); a page whose module computes something
    shared by every language and report takes the render's (``uses_shared``: its module's
    ``shared()``, pinned in the snapshot), or None to compute it itself."""
    pin, pinned = None, None
    if snapshot is not None:
        from xyforecast.runner import snapshot as snapshots

        pin, pinned = snapshots.load(snapshot)
        if not snapshots.asks_for(pin, data_dir, observations):
            pin, pinned = None, None  # other inputs than the render's: read them
    params = check_parameters(region=region, year=year, as_of=as_of, lang=lang,
                              data_dir=data_dir, observations=observations,
                              indicator=indicator, data=pin.data if pin else None)
    if getattr(kind, "uses_shared", False):  # what the render computed once for all pages
        return kind(params, pin.shared.get(kind.__module__) if pin else None)  # type: ignore
    if not getattr(kind, "uses_forecast", False):
        return kind(params)  # type: ignore[call-arg]
    return kind(params, report_forecast(params, pinned))  # type: ignore[call-arg]


def report_forecast(params: Parameters, pinned: Forecast | None = None) -> Forecast:
    """The report's Forecast: the render's (given the view it was built on) when it is the
    one these parameters ask for, else built here exactly as the render builds it."""
    if pinned is not None and (pinned.region.code, pinned.year, pinned.cutoff) == (
            params.region, params.year, params.cutoff):
        return replace(pinned, data=params.view)
    return Forecast.build(params.data, params.region, params.year, params.cutoff)
