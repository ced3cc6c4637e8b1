"""The one result type every projection method returns.

A projection is a distribution of the full-year outcome (growth in %), a normal mixture
(``distribution.Mixture``): quantiles, the probability of meeting the target and scores are
exact, so a table and a chart never disagree. Notebooks, reports and the JSON summary only
ever see this type; ``basis`` and ``notes`` are messages rendered in the reader's language.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from xyforecast.engine.baserates import BaseRate
from xyforecast.engine.distribution import Mixture
from xyforecast.engine.targets import Target
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
    latest: dict[str, Any] | None = None  # the latest year-to-date figure used
    required_rest_growth_pct: float | None = None
    required_rest_growth_pct_rule: float | None = None  # to be met under the target's rule
    share: dict[str, Any] | None = None  # last year's year-to-date share used as weight
    evidence: tuple[Figure, ...] = ()
    notes: tuple[Msg, ...] = ()  # fallbacks and caveats
    borrowed_from: Projection | None = None
    borrowing: dict[str, Any] | None = None  # parent, differential, spread and their sources
    rolled: dict[str, Any] | None = None  # a stale figure rolled on with the parent's news
    base_rate: BaseRate | None = None  # how often comparable targets were met
    extra: dict[str, Any] = field(default_factory=dict)

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

    @cached_property
    def draws(self) -> np.ndarray | None:
        """A fixed-seed sample, for fan charts only."""
        if self.dist is None:
            return None
        key = (self.region, self.indicator, self.year, self.cutoff, "draws")
        return self.dist.sample(N_DRAWS, rng(*key))
