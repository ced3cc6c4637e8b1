"""Annual models of a growth series, in the statsmodels habit: ``Model(y).fit()`` returns
results whose ``forecast(year)`` is an ``AnnualForecast`` (location, scale, t degrees of
freedom) and whose ``draws`` sample it.

Annual county series are short and have gaps, so every model states what it needs and falls
back to a simpler one (saying so) when the series is shorter; spreads estimated from a
handful of years use a Student-t and never fall below ``floor_sd``, a volatility borrowed
from the reference regions. Models run statsmodels underneath and never print warnings.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import NormalDist

import numpy as np
import pandas as pd

from xyforecast.engine.results import N_DRAWS, t_draws

MEAN_WINDOW = 5  # "mean growth" averages the last five years: older regimes grew faster
Z90 = NormalDist().inv_cdf(0.9)  # turns statsmodels' 80% intervals back into a scale


def quiet():
    """Silence statsmodels' fitting chatter. Recording (not just ignoring) is needed: importing
    statsmodels inserts "always" filters for its own warning classes."""
    return warnings.catch_warnings(record=True)


@dataclass(frozen=True)
class AnnualForecast:
    model: str
    mean: float
    scale: float
    df: float
    n_obs: int
    notes: tuple[str, ...] = ()

    def draws(self, generator: np.random.Generator, n: int | None = None) -> np.ndarray:
        return t_draws(self.mean, self.scale, self.df, generator, **({"n": n} if n else {}))


@dataclass
class AnnualResults:
    """A fitted annual model: ``forecast(year)`` and ``draws(year, generator)``."""

    model: AnnualModel
    notes: list[str] = field(default_factory=list)

    def forecast(self, year: int) -> AnnualForecast:
        h = year - self.model.last_year
        if h < 1:
            raise ValueError(f"{year} is not after the last observed year {self.model.last_year}")
        mean, scale, df = self.model._predict(h)
        scale = max(scale, self.model.floor_sd * math.sqrt(h))
        return AnnualForecast(self.model.name, float(mean), float(scale), float(df),
                              self.model.n_obs, tuple(self.notes))

    def draws(self, year: int, generator: np.random.Generator) -> np.ndarray:
        """Draws of the year's growth; a combination samples its members' mixture."""
        members = getattr(self.model, "fitted", None)
        if members:
            share = N_DRAWS // len(members)
            return np.concatenate([m.forecast(year).draws(generator, share) for m in members])
        return self.forecast(year).draws(generator)


class AnnualModel:
    """Base: holds the series (index = year, values = growth %) and what the model needs."""

    name = "model"
    label = ""  # how notes name it, when not by its name
    min_obs = 1
    consecutive = False  # fits only an unbroken run of years (exponential smoothing, Theta)

    def __init__(self, y: pd.Series, floor_sd: float = 0.5):
        y = y.dropna().sort_index()
        if y.empty:
            raise ValueError("an annual model needs at least one year")
        self.y = y.astype(float)
        self.floor_sd = float(floor_sd)

    @property
    def n_obs(self) -> int:
        return len(self.y)

    @property
    def last_year(self) -> int:
        return int(self.y.index[-1])

    def fit(self) -> AnnualResults:
        available = len(_last_run(self.y)) if self.consecutive else self.n_obs
        if available < self.min_obs:
            results = Naive(self.y, self.floor_sd).fit()
            years = "consecutive years" if self.consecutive else "years"
            results.notes.insert(0, f"{self.label or self.name} needs {self.min_obs} {years}, "
                                    f"{available} available: used the last value instead")
            return results
        with quiet():
            self._fit()
        return AnnualResults(self)

    def _fit(self) -> None:
        """Estimate parameters (statsmodels models); simple models have nothing to do."""

    def _predict(self, h: int) -> tuple[float, float, float]:
        raise NotImplementedError

    def _changes(self) -> np.ndarray:
        """Year-on-year changes of growth between consecutive years only (gaps are skipped)."""
        years = self.y.index.to_numpy()
        values = self.y.to_numpy()
        consecutive = np.diff(years) == 1
        return np.diff(values)[consecutive]


class Naive(AnnualModel):
    """Last year's growth again; spread from past year-to-year changes (a random walk)."""

    name = "naive"

    def _predict(self, h):
        changes = self._changes()
        if len(changes) < 2:
            return self.y.iloc[-1], self.floor_sd * math.sqrt(h), 3.0
        sd = float(np.sqrt(np.mean(changes**2)))
        return self.y.iloc[-1], sd * math.sqrt(h), max(len(changes) - 1, 2)


class Drift(AnnualModel):
    """Last value plus the average yearly change (a random walk with drift)."""

    name = "drift"
    min_obs = 4

    def _predict(self, h):
        changes = self._changes()
        if len(changes) < 3:
            return Naive(self.y, self.floor_sd)._predict(h)
        drift = float(changes.mean())
        sd = float(changes.std(ddof=1))
        n = len(changes)
        return self.y.iloc[-1] + drift * h, sd * math.sqrt(h * (1 + h / n)), n - 1


class Mean(AnnualModel):
    """Mean growth of the last five years."""

    name = "mean"
    min_obs = 3

    def _predict(self, h):
        window = self.y.iloc[-MEAN_WINDOW:]
        n = len(window)
        return float(window.mean()), float(window.std(ddof=1)) * math.sqrt(1 + 1 / n), n - 1


class AutoARIMA(AnnualModel):
    """ARIMA(p,d,q) with p, d, q ≤ 1 chosen by AICc (a small grid: annual series are short);
    gaps in the years are missing values the Kalman filter skips, never interpolated."""

    name = "arima"
    min_obs = 8
    orders = tuple((p, d, q) for d in (0, 1) for p in (0, 1) for q in (0, 1))

    def _fit(self):
        from statsmodels.tsa.arima.model import ARIMA

        years = range(int(self.y.index[0]), self.last_year + 1)
        endog = pd.Series(self.y.reindex(years).to_numpy(),
                          index=pd.period_range(str(years[0]), periods=len(years), freq="Y"))
        best = None
        for order in self.orders:
            if sum(order) >= self.n_obs - 3:
                continue
            try:
                result = ARIMA(endog, order=order, trend="c" if order[1] == 0 else "n").fit(
                    cov_type="none")  # no parameter standard errors: 4x faster, same forecast
            except (ValueError, np.linalg.LinAlgError):
                continue
            if np.isfinite(result.aicc) and (best is None or result.aicc < best.aicc):
                best = result
        if best is None:
            raise ValueError("no ARIMA order could be fitted")
        self.result = best
        self.order = best.model.order

    def _predict(self, h):
        forecast = self.result.get_forecast(h)
        mean = float(np.asarray(forecast.predicted_mean)[-1])
        se = float(np.asarray(forecast.se_mean)[-1])
        return mean, se, max(self.n_obs - sum(self.order) - 1, 2)


def _last_run(y: pd.Series) -> pd.Series:
    """The most recent run of consecutive years (exponential smoothing cannot skip gaps)."""
    years = y.index.to_numpy()
    start = len(years) - 1
    while start > 0 and years[start] - years[start - 1] == 1:
        start -= 1
    run = y.iloc[start:]
    return pd.Series(run.to_numpy(),
                     index=pd.period_range(str(int(run.index[0])), periods=len(run), freq="Y"))


class DampedTrend(AnnualModel):
    """Additive damped-trend exponential smoothing (ETS A,Ad,N) on the latest unbroken run."""

    name = "ets"
    label = "damped-trend ETS"
    min_obs = 8
    consecutive = True

    def _fit(self):
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        self.run = _last_run(self.y)
        self.result = ETSModel(self.run, error="add", trend="add", damped_trend=True).fit(
            disp=False)

    def _predict(self, h):
        n = len(self.run)
        frame = self.result.get_prediction(start=n + h - 1, end=n + h - 1).summary_frame(
            alpha=0.2)
        mean = float(frame["mean"].iloc[-1])
        se = float(frame["pi_upper"].iloc[-1] - mean) / Z90
        return mean, se, max(n - 4, 2)


class Theta(AnnualModel):
    """The Theta method (Assimakopoulos & Nikolopoulos), on the latest unbroken run."""

    name = "theta"
    label = "Theta"
    min_obs = 5
    consecutive = True

    def _fit(self):
        from statsmodels.tsa.forecasting.theta import ThetaModel

        self.run = _last_run(self.y)
        self.result = ThetaModel(self.run, period=1, deseasonalize=False).fit()

    def _predict(self, h):
        with quiet():
            mean = float(np.asarray(self.result.forecast(h))[-1])
            upper = float(self.result.prediction_intervals(h, alpha=0.2)["upper"].iloc[-1])
        return mean, (upper - mean) / Z90, max(len(self.run) - 2, 2)


class Combination(AnnualModel):
    """Equal-weight mixture of ARIMA, damped-trend ETS and Theta (and the last value): the
    combinations that won the M3 and M4 competitions on short annual series."""

    name = "combination"
    members = ("naive", "arima", "ets", "theta")

    def fit(self) -> AnnualResults:
        self.fitted = [fit_annual(name, self.y, self.floor_sd) for name in self.members]
        notes = [note for r in self.fitted for note in r.notes]
        return AnnualResults(self, notes)

    def _predict(self, h):
        parts = [r.forecast(self.last_year + h) for r in self.fitted]
        means = np.array([p.mean for p in parts])
        variance = np.mean([p.scale**2 for p in parts]) + means.var()
        return float(means.mean()), math.sqrt(variance), min(p.df for p in parts)


MODELS: dict[str, type[AnnualModel]] = {
    m.name: m for m in (Naive, Drift, Mean, AutoARIMA, DampedTrend, Theta, Combination)}


def fit_annual(name: str, y: pd.Series, floor_sd: float = 0.5) -> AnnualResults:
    """Fit the named model (``naive``, ``drift``, ``mean``, ``arima``, ``ets``, ``theta``,
    ``combination``). Fits are remembered: a backtest replays one series many times."""
    if name not in MODELS:
        raise ValueError(f"unknown annual model {name!r}; one of {', '.join(MODELS)}")
    history = tuple((int(k), float(v)) for k, v in y.dropna().sort_index().items())
    return _fit(name, history, float(floor_sd))


@lru_cache(maxsize=4096)
def _fit(name: str, history: tuple[tuple[int, float], ...], floor_sd: float) -> AnnualResults:
    y = pd.Series(dict(history), dtype=float) if history else pd.Series(dtype=float)
    return MODELS[name](y, floor_sd).fit()

