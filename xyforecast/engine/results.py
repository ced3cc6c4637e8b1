"""The one result type every projection method returns.

A projection is a distribution of the full-year outcome (growth in %), a normal mixture
(``distribution.Mixture``): quantiles, the probability of meeting the target and scores are
exact, so a table and a chart never disagree. Notebooks, reports and the JSON summary only
ever see this type; ``basis`` and ``notes`` are messages rendered in the reader's language.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from xyforecast.engine.baserates import BaseRate
from xyforecast.engine.distribution import Mixture
from xyforecast.engine.targets import Target
from xyforecast.engine.ytd import Share
from xyforecast.i18n import Msg
from xyforecast.periods import Period

N_DRAWS = 20_000  # draws for a fan chart; no number shown comes from them
QUANTILES = {"p025": 0.025, "p10": 0.10, "median": 0.50, "p90": 0.90, "p975": 0.975}


def rng(*key: object) -> np.random.Generator:
    """A generator seeded from the key (region, indicator, year, cut-off...): same inputs, same
    draws, whatever else ran before."""
    digest = hashlib.sha256("|".join(map(str, key)).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


@dataclass(frozen=True)
class Figure:
    """One published figure a projection used."""

    region: str
    indicator: str
    period: str
    measure: str
    value: float


@dataclass(frozen=True)
class LatestFigure:
    """The latest figure a projection starts from: whose it is, and for which period (a
    year-to-date ``2025-09`` or a full year ``2024``)."""

    region: str
    period: str
    growth_pct: float


@dataclass(frozen=True)
class Borrowing:
    """What a borrowed projection took from its parent: the child's differential and the
    spread of its gap, and where each comes from."""

    parent: str
    differential_pp: float
    spread_sd: float
    own_gaps: int  # how many of the child's own gaps to the parent were measured
    own_mean_gap_pp: float | None
    shrink: float  # how much of the own mean gap is kept (0 none, 1 all)
    indicator_ratio: float  # how much more this indicator strays than GDP
    sources: tuple[Msg, ...]


@dataclass(frozen=True)
class Rolled:
    """A projection resting on stale figures, moved on by its parent's news since then."""

    parent: str
    news_pp: float
    from_period: str
    parent_method: str
    own_sd: float
    idiosyncratic_sd: float


@dataclass(frozen=True)
class Candidate:
    """One model the engine weighed for a projection: what it says on its own, the weight
    it carries in the projection shown, and how it scored out of sample in the real-time
    replay (``benchmarks/results``; None where the replay had no such case)."""

    model: str  # an annual model (naive … arima, ets, combination), ytd-bridge or target
    region: str  # whose figures it was fitted on
    median: float
    p10: float
    p90: float
    weight: float  # its share of the projection's point (0: weighed, not used)
    interval: str  # "own" (ARIMA's, ETS's), "calibrated", or "fallback" (not fitted)
    crps: float | None = None  # out-of-sample CRPS for this indicator, points
    mae: float | None = None  # out-of-sample mean absolute error, points
    n_scored: int = 0  # the replayed cases behind those scores


@dataclass(frozen=True, eq=False)
class Projection:
    """Full-year projection of one indicator for one region and year, as of a cut-off."""

    region: str
    indicator: str
    year: int
    cutoff: Period
    method: str  # ytd-bridge, annual-<model>, borrowed, published, none
    basis: Msg  # one sentence a person can read
    dist: Mixture | None  # None when nothing can be said
    n_obs: int = 0  # figures the projection rests on
    target: Target | None = None
    latest: LatestFigure | None = None  # the latest figure the projection starts from
    # growth the rest of the year needs to reach the stated target value (余下时期需增长), and
    # to reach the line the target's rule counts as met (达标线: "about 6%" from 5.5%)
    required_rest_growth_pct: float | None = None
    required_rest_growth_pct_rule: float | None = None
    share: Share | None = None  # last year's year-to-date share used as weight
    evidence: tuple[Figure, ...] = ()
    notes: tuple[Msg, ...] = ()  # fallbacks and caveats
    borrowed_from: Projection | None = None
    borrowing: Borrowing | None = None  # parent, differential, spread and their sources
    rolled: Rolled | None = None  # a stale figure rolled on with the parent's news
    base_rate: BaseRate | None = None  # how often comparable targets were met
    candidates: tuple[Candidate, ...] = ()  # the models weighed (``project(candidates=True)``)

    @property
    def known(self) -> bool:
        return self.dist is not None

    @cached_property
    def quantiles(self) -> dict[str, float | None]:
        if self.dist is None:
            return dict.fromkeys(QUANTILES)
        values = self.dist.quantile(list(QUANTILES.values()))
        return {name: float(v) for name, v in zip(QUANTILES, values)}

    @property
    def median(self) -> float | None:
        return self.quantiles["median"]

    @cached_property
    def p_meet(self) -> float | None:
        """Probability the full year meets the target under the target's stated rule."""
        if self.dist is None or self.target is None or self.target.measure != "growth_pct":
            return None
        return self.target.probability(self.dist)

    def settled(self, draws: bool = False) -> Projection:
        """This projection with its quantiles and P(meet) computed now (and its parent's,
        when borrowed), and its ``draws`` if asked (a fan chart's): a report's pages format
        them, and never evaluate a distribution."""
        _ = self.quantiles, self.p_meet, self.draws if draws else None
        if self.borrowed_from is not None:
            self.borrowed_from.settled()
        return self

    @cached_property
    def draws(self) -> np.ndarray | None:
        """A fixed-seed sample, for fan charts only."""
        if self.dist is None:
            return None
        key = (self.region, self.indicator, self.year, self.cutoff, "draws")
        return self.dist.sample(N_DRAWS, rng(*key))


@dataclass(frozen=True)
class LevelProgress:
    """Progress on a level target (investment of 360亿元) as leaders read it: the share done
    against 序时进度, the months gone (9 of 12 = 75%), and beside it the share of the year's
    total normally done by then where levels tell it. Raw ratios: rounded once, at display."""

    target: Target
    period: Period  # the year-to-date figure's period
    done: float  # the year-to-date level, in the target's unit
    seasonal: Share | None = None  # the usual share done by then, when levels tell it

    @property
    def share_done(self) -> float:
        return self.done / self.target.value

    @property
    def elapsed(self) -> float:
        """序时进度: the months elapsed over twelve."""
        return self.period.month / 12

    @property
    def ahead_pp(self) -> float:
        """Points ahead (+) of or behind (−) 序时进度."""
        return (self.share_done - self.elapsed) * 100

    @property
    def ahead_seasonal_pp(self) -> float | None:
        """Points ahead of or behind the usual share done by then, where known."""
        return None if self.seasonal is None else (self.share_done - self.seasonal.value) * 100

    @property
    def required_rest(self) -> float:
        """What the rest of the year must still deliver, in the target's unit."""
        return self.target.value - self.done
