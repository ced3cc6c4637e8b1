"""Annual models of a growth series: what full-year growth to expect before the year's own
figures arrive. Each returns a point; the spread around it is the calibrated one of
``calibration`` (measured on replayed errors, not each model's own textbook interval).

The models are the classic benchmarks of short annual series (the M3/M4 competitions):
last year's value (also on a two-year basis after an abnormal year), the mean of the last
five years, last value plus the average change (drift), an AR(1) pulled toward the recent
mean (by least squares on consecutive years, so gaps in a county's series are skipped, never
filled), the equal mix of the two-year last value, the mean and the AR(1), and two models
fitted by statsmodels on the last unbroken run of years: ARIMA(1,0,0) with a mean (Burg's
estimator, ``statsmodels.tsa.arima.model.ARIMA``) and ETS(A,N,N), simple exponential
smoothing with its level and smoothing weight estimated (``statsmodels.tsa.holtwinters``).
These two also give their own textbook predictive sd, shown beside the calibrated spread,
and their fits are kept between commands (``fits``: the years they fit change once a year).
The replay scores every model out of sample and chooses between them
(``evaluation.selection``); what each says for a projection is ``Projection.candidates``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from xyforecast.engine import fits, regime
from xyforecast.i18n import Msg

MEAN_WINDOW = 5  # "mean growth" averages the last five years: older regimes grew faster
AR_WINDOW = 10  # the AR(1) is fitted on the last ten years
# Assumptions: ARIMA and ETS are fitted on the last unbroken run of at most FIT_WINDOW years
# (older regimes grew faster), and need MIN_FIT of them.
FIT_WINDOW = 15
MIN_FIT = 8
MODELS = ("naive", "naive2", "mean", "drift", "ar1", "arima", "ets", "combination")
FITTED = ("arima", "ets")  # fitted by statsmodels, with an interval of their own


@dataclass(frozen=True)
class AnnualPoint:
    """An annual model's expected full-year growth ``horizon`` years after its last year."""

    model: str
    value: float
    horizon: int
    n_obs: int
    notes: tuple[Msg, ...] = ()
    sd: float | None = None  # the model's own predictive sd (ARIMA, ETS), points


def forecast(model: str, history: dict[int, float], year: int) -> AnnualPoint:
    """The named model's forecast of ``year`` from full-year growth by year (earlier years)."""
    if model not in MODELS:
        raise ValueError(f"unknown annual model {model!r}; one of {', '.join(MODELS)}")
    past = tuple(sorted((y, v) for y, v in history.items() if y < year))
    if not past:
        raise ValueError("an annual model needs at least one year")
    return _forecast(model, past, year)


@lru_cache(maxsize=8192)
def _forecast(model: str, past: tuple[tuple[int, float], ...], year: int) -> AnnualPoint:
    years = np.array([y for y, _ in past])
    values = np.array([v for _, v in past])
    h = int(year - years[-1])
    if model == "combination":
        parts = [_forecast(m, past, year) for m in ("naive2", "mean", "ar1")]
        notes = tuple(dict.fromkeys(n for p in parts for n in p.notes))
        return AnnualPoint(model, float(np.mean([p.value for p in parts])), h, len(past), notes)
    if model in FITTED:
        return _fitted(model, years, values, h)
    value, note = _MODELS[model](years, values, h)
    return AnnualPoint(model, float(value), h, len(past), (note,) if note else ())


def _fitted(model: str, years: np.ndarray, values: np.ndarray, h: int) -> AnnualPoint:
    """ARIMA or ETS by statsmodels on the last unbroken run of years; the last value (with a
    note) when the run is shorter than MIN_FIT."""
    start = len(years) - 1
    while start > 0 and years[start - 1] == years[start] - 1:
        start -= 1
    run = values[max(start, len(values) - FIT_WINDOW):]
    if len(run) < MIN_FIT:
        return AnnualPoint(model, float(values[-1]), h, len(values), (Msg.of(
            "engine.model_fallback", model=Msg.of(f"labels.model_{model}"), need=MIN_FIT,
            have=len(run)),))
    try:
        with warnings.catch_warnings():  # a fit that does not converge is refused below
            warnings.simplefilter("ignore")
            value, sd = fits.fitted(model, run, h, _arima if model == "arima" else _ets)
    except (ValueError, np.linalg.LinAlgError):
        value, sd = math.nan, math.nan
    if not (math.isfinite(value) and math.isfinite(sd)):
        return AnnualPoint(model, float(values[-1]), h, len(values), (Msg.of(
            "engine.model_failed", model=Msg.of(f"labels.model_{model}")),))
    return AnnualPoint(model, value, h, len(run), (), sd)


def _arima(run: np.ndarray, h: int) -> tuple[float, float]:
    """ARIMA(1,0,0) with a mean, Burg's estimator: the h-year-ahead mean and its sd."""
    from statsmodels.tsa.arima.model import ARIMA

    forecast = ARIMA(run, order=(1, 0, 0), trend="c").fit(method="burg").get_forecast(h)
    return float(forecast.predicted_mean[-1]), float(forecast.se_mean[-1])


def _ets(run: np.ndarray, h: int) -> tuple[float, float]:
    """ETS(A,N,N): simple exponential smoothing, initial level and weight α estimated; the
    h-year-ahead level and its sd σ·√(1 + (h−1)α²)."""
    from statsmodels.tsa.holtwinters import SimpleExpSmoothing

    fit = SimpleExpSmoothing(run, initialization_method="estimated").fit(use_brute=False)
    alpha = float(fit.params["smoothing_level"])
    sigma = math.sqrt(fit.sse / len(run))
    return float(fit.forecast(h)[-1]), sigma * math.sqrt(1 + (h - 1) * alpha**2)


def _naive(years, values, h):
    return values[-1], None


def _naive2(years, values, h):
    """Last year's growth, on a two-year basis after an abnormal year: after a shock on a
    normal year the two-year stacked pace returns to the normal year's (2021 after 2020);
    after two abnormal years, to their two-year average (2022 after 2020-2021)."""
    history = dict(zip(years.tolist(), values.tolist()))
    last = int(years[-1])
    vol = regime.typical(regime.changes(history))
    if h != 1 or not regime.abnormal(history, last, vol) or last - 1 not in history:
        return values[-1], None
    before = history[last - 1]
    if regime.abnormal(history, last - 1, vol):
        return (math.sqrt((1 + values[-1] / 100) * (1 + before / 100)) - 1) * 100, None
    return ((1 + before / 100) ** 2 / (1 + values[-1] / 100) - 1) * 100, None


def _mean(years, values, h):
    window = values[-MEAN_WINDOW:]
    if len(window) < 3:
        return values[-1], Msg.of("engine.model_fallback", model=Msg.of("labels.model_mean"),
                                  need=3, have=len(window))
    return window.mean(), None


def _drift(years, values, h):
    consecutive = np.diff(years) == 1
    changes = np.diff(values)[consecutive]
    if len(changes) < 3:
        return values[-1], Msg.of("engine.model_fallback", model=Msg.of("labels.model_drift"),
                                  need=4, have=len(changes) + 1)
    return values[-1] + changes[-MEAN_WINDOW:].mean() * h, None


def _ar1(years, values, h):
    """y_t − μ = φ (y_{t−1} − μ) + e_t with μ the recent mean, φ by least squares on the
    pairs of consecutive years, kept within [0, 1) (annual growth does not oscillate)."""
    keep = years >= years[-1] - AR_WINDOW + 1
    years, values = years[keep], values[keep]
    pairs = np.diff(years) == 1
    if pairs.sum() < 4:
        return values[-1], Msg.of("engine.model_fallback", model=Msg.of("labels.model_ar1"),
                                  need=5, have=int(pairs.sum()) + 1)
    mu = values.mean()
    x, y = values[:-1][pairs] - mu, values[1:][pairs] - mu
    phi = float(np.clip((x @ y) / (x @ x), 0.0, 0.95)) if x @ x > 0 else 0.0
    return mu + phi**h * (values[-1] - mu), None


_MODELS = {"naive": _naive, "naive2": _naive2, "mean": _mean, "drift": _drift, "ar1": _ar1}
