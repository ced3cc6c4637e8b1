"""The replayed cases and what each knew: every past year with a known outcome, seen "as of"
every month its own figures were published and as of the December before.

Each case's evidence is gathered once (``engine.evidence``, from ``Dataset.as_of``), and the
candidate points are computed once: the bridge with each momentum and pace, each annual
model. Settings then only recombine these numbers, so choosing them inside every fold of a
leave-one-year-out replay costs arithmetic, not refits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import product

import numpy as np

from xyforecast.engine import models, nowcast
from xyforecast.engine.evidence import Evidence, gather
from xyforecast.engine.regime import regime
from xyforecast.engine.targets import Target, growth_target
from xyforecast.inputs.dataset import Dataset
from xyforecast.periods import Period

MOMENTA = (0.0, 0.5, 1.0)
PACES = (False, True)  # two-year stacked pace after an abnormal year
SHOCK_YEARS = (2020, 2021, 2022)


@dataclass(frozen=True, eq=False)
class Case:
    """One region, indicator and year, replayed as of one cut-off."""

    region: str
    indicator: str
    year: int
    cutoff: Period
    actual: float
    evidence: Evidence
    target: Target | None  # the year's target: the question, known or not yet
    announced: Target | None  # the target as known at the cut-off

    @property
    def month(self) -> int:
        """The cut-off month within the year; 0 means the December before it."""
        return self.cutoff.month if self.cutoff.year == self.year else 0

    @property
    def key(self) -> tuple:
        return (self.region, self.indicator, self.year, self.month)

    @property
    def shock(self) -> bool:
        return self.year in SHOCK_YEARS

    @property
    def recent(self) -> int:
        """Full years of its own among the last ten."""
        return len([y for y in self.evidence.own.history if y >= self.year - 10])

    def own_data(self, own_years: int = 5) -> bool:
        """Projected from its own figures (bridge or annual model), not borrowed."""
        own = self.evidence.own
        return bool(own.months) or self.recent >= own_years or (
            len(self.evidence.chain) == 1 and bool(own.history))


def cases(data: Dataset, regions: Iterable[str] | None = None,
          indicators: Iterable[str] | None = None) -> list[Case]:
    """Every (region, indicator, year) with a known full year, at every cut-off."""
    f = data.figures
    f = f[(f["measure"] == "growth_pct") & (f["territory"] == "")]
    if regions is not None:
        f = f[f["region"].isin(list(regions))]
    if indicators is not None:
        f = f[f["indicator"].isin(list(indicators))]
    months: dict[tuple, list[int]] = {}
    for region, indicator, year, month in zip(f["region"], f["indicator"], f["year"],
                                              f["month"]):
        months.setdefault((region, indicator, int(year)), []).append(int(month))
    full = f[f["month"] == 12]
    views: dict[Period, Dataset] = {}
    out = []
    for region, indicator, year, actual in zip(full["region"], full["indicator"],
                                               full["year"], full["value"]):
        year = int(year)
        cut_offs = [Period(year - 1, 12)] + [Period(year, m) for m in
                                            sorted(months[(region, indicator, year)]) if m < 12]
        target = growth_target(data, region, indicator, year)
        for cut in cut_offs:
            if cut not in views:
                views[cut] = data.as_of(cut)
            view = views[cut]
            ev = gather(view, region, indicator, year)
            out.append(Case(region, indicator, year, cut, float(actual), ev, target,
                            growth_target(view, region, indicator, year)))
    return out


@dataclass(frozen=True)
class Features:
    """The candidate points of own-data cases, as arrays (one row per case)."""

    cases: list[Case]
    w: np.ndarray  # last year's year-to-date share (0 before the year)
    has_ytd: np.ndarray
    enough_history: np.ndarray  # an annual model may be combined in (any past year)
    recent: np.ndarray  # own full years among the last ten
    has_parent: np.ndarray
    subnational: np.ndarray  # a province, prefecture or county
    regime: np.ndarray  # normal, after or now (engine.regime)
    horizon: np.ndarray
    divergence: np.ndarray  # latest single period − year-to-date pace (0 when unknown)
    distance: np.ndarray  # year to date − usual growth (0 when unknown)
    bridge: dict[tuple[float, bool], np.ndarray]  # (momentum, two-year) -> point
    annual: dict[str, np.ndarray]  # model -> point
    announced: np.ndarray  # announced growth target, NaN when none
    actual: np.ndarray


def features(all_cases: list[Case]) -> Features:
    """Candidate points for the cases that have figures of their own (this year's, or any
    past year's: whether a short history beats borrowing is itself a choice)."""
    own = [c for c in all_cases if c.own_data(1) and c.evidence.own.full is None]
    n = len(own)
    w, has, enough = np.zeros(n), np.zeros(n, bool), np.zeros(n, bool)
    divergence, distance = np.zeros(n), np.zeros(n)
    regimes, horizon = np.full(n, "normal", dtype=object), np.ones(n)
    bridge = {key: np.full(n, np.nan) for key in product(MOMENTA, PACES)}
    annual = {m: np.full(n, np.nan) for m in models.MODELS}
    for i, case in enumerate(own):
        ev = case.evidence
        history = ev.own.history
        enough[i] = bool(history)
        regimes[i] = regime(ev)
        if history:
            for model in models.MODELS:
                point = models.forecast(model, history, case.year)
                annual[model][i] = point.value
                horizon[i] = point.horizon
        if ev.own.months:
            has[i] = True
            for momentum, pace in bridge:
                b = nowcast.bridge(ev, momentum, pace)
                bridge[(momentum, pace)][i] = b.point
                w[i], divergence[i], distance[i] = b.share.value, b.divergence, b.distance
    announced = np.array([c.announced.value if c.announced is not None
                          and c.announced.measure == "growth_pct" else np.nan for c in own])
    return Features(own, w, has, enough, np.array([c.recent for c in own]),
                    np.array([len(c.evidence.chain) > 1 for c in own]),
                    np.array([c.evidence.own.level != "country" for c in own]), regimes, horizon,
                    divergence, distance, bridge, annual, announced,
                    np.array([c.actual for c in own]))


def candidate(f: Features, rows: np.ndarray, s: dict) -> np.ndarray:
    """Points of ``rows`` under one setting (``momentum``, ``momentum_shock``,
    ``momentum_subnational``, ``two_year``, ``prior``, ``prior_shock``, ``prior_model``, ``anchor``,
    ``annual_model``): ``nowcast.combine`` on arrays."""
    two_year, anchor = s["two_year"], s["anchor"]
    normal = f.regime[rows] == "normal"
    prior = np.where(normal, s["prior"], s["prior_shock"])
    has, w = f.has_ytd[rows], f.w[rows]
    point = np.where(~normal, f.bridge[(s["momentum_shock"], two_year)][rows],
                     np.where(f.subnational[rows],
                              f.bridge[(s["momentum_subnational"], two_year)][rows],
                              f.bridge[(s["momentum"], two_year)][rows]))
    weight = np.where(f.enough_history[rows], prior * (1 - w) ** 2, 0.0)
    annual = f.annual[s["prior_model"]][rows]
    point = np.where(weight > 0, (1 - weight) * point + weight * annual, point)
    target = f.announced[rows]
    pull = np.where(np.isnan(target) | (f.regime[rows] != "normal"), 0.0, anchor * (1 - w))
    point = np.where(pull > 0, (1 - pull) * point + pull * target, point)
    return np.where(has, point, f.annual[s["annual_model"]][rows])
