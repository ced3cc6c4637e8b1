"""The one result type every projection method returns.

A projection is a distribution of the full-year outcome (growth in %), kept as a fixed-seed
sample so that borrowing (parent + county spread) and mixing (a combination of models) are
exact additions and concatenations; quantiles and the probability of meeting the target are
read off the sample. Notebooks, reports and the JSON summary only ever see this type.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from xyforecast.engine.targets import Target
from xyforecast.periods import Period

N_DRAWS = 20_000
QUANTILES = {"p025": 0.025, "p10": 0.10, "median": 0.50, "p90": 0.90, "p975": 0.975}


def rng(*key: object) -> np.random.Generator:
    """A generator seeded from the key (region, indicator, year, cut-off...): same inputs, same
    draws, whatever else ran before."""
    digest = hashlib.sha256("|".join(map(str, key)).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def t_draws(loc: float, scale: float, df: float, generator: np.random.Generator,
            n: int = N_DRAWS) -> np.ndarray:
    """Student-t draws: the honest shape when a spread is estimated from a handful of years."""
    df = max(float(df), 1.0)
    return loc + scale * generator.standard_t(df, size=n)


@dataclass(frozen=True)
class Evidence:
    """One figure a projection used."""

    region: str
    indicator: str
    period: str
    measure: str
    value: float


@dataclass(frozen=True)
class Projection:
    """Full-year projection of one indicator for one region and year, as of a cut-off."""

    region: str
    indicator: str
    year: int
    cutoff: Period
    method: str  # ytd-bridge, annual-<model>, borrowed, published, none
    basis: str  # one sentence a person can read (English)
    basis_zh: str
    draws: np.ndarray | None  # None when nothing can be said
    n_obs: int = 0  # figures the projection rests on (this year's, past years', spreads)
    target: Target | None = None
    latest: dict[str, Any] | None = None  # the latest year-to-date figure used
    required_rest_growth_pct: float | None = None
    required_rest_growth_pct_rule: float | None = None  # to be met under the target's rule
    share: dict[str, Any] | None = None  # last year's year-to-date share used as weight
    evidence: tuple[Evidence, ...] = ()
    notes: tuple[str, ...] = ()  # fallbacks and caveats, in English
    borrowed_from: Projection | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def known(self) -> bool:
        return self.draws is not None and len(self.draws) > 0

    @property
    def quantiles(self) -> dict[str, float | None]:
        if not self.known:
            return dict.fromkeys(QUANTILES)
        values = np.quantile(self.draws, list(QUANTILES.values()))
        return {name: float(v) for name, v in zip(QUANTILES, values)}

    @property
    def median(self) -> float | None:
        return self.quantiles["median"]

    @property
    def p_meet(self) -> float | None:
        """Probability the full year meets the target under the target's stated rule."""
        if not self.known or self.target is None or self.target.measure != "growth_pct":
            return None
        return float(np.mean(self.target.met(self.draws)))

