"""The engine's settings: what the backtest chose (``engine/defaults.json``), in one object.

Every setting is chosen by ``benchmarks/accuracy.py`` from replayed cases, the spread and
the gap variances are fitted there, and the file records the evidence. The backtest builds
other ``Settings`` (one per held-out year) to score the choice out of sample.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from xyforecast import config
from xyforecast.engine.borrowing import GapModel, pooled_ratio
from xyforecast.engine.calibration import ScaleModel, level_key
from xyforecast.engine.distribution import Mixture

FILE = ("engine", "defaults.json")
CHOICES = ("momentum", "momentum_shock", "momentum_subnational", "prior", "prior_shock",
           "prior_model", "two_year", "anchor", "annual_model")


@dataclass(frozen=True)
class Settings:
    """Per-indicator choices (each a dict with a ``default``), the spread and the gaps."""

    momentum: dict[str, float]  # how far the rest of the year moves toward the latest month
    momentum_shock: dict[str, float]  # the same when the year is abnormal (engine.regime)
    momentum_subnational: dict[str, float]  # the same for a province, city or county
    prior: dict[str, float]  # the annual model's weight at the start of the year, ×(1−w)²
    prior_shock: dict[str, float]  # the same when the year is abnormal (engine.regime)
    prior_model: dict[str, str]  # the annual model that serves as that prior
    two_year: dict[str, bool]  # two-year stacked pace in the year after an abnormal one
    anchor: dict[str, float]  # the announced target's weight, ×(1−w)
    annual_model: dict[str, str]
    scale: ScaleModel
    gaps: GapModel
    own_years: int = 5  # of the last ten, to project from a region's own history
    # how much wider the real-time track record of earlier years says the fitted spread
    # must be, by ``widen_key`` (``evaluation.recalibration``); 1 where none is recorded
    widen: dict[str, float] = field(default_factory=dict)
    provenance: str = ""
    evidence: dict[str, Any] = field(default_factory=dict, compare=False)

    def pick(self, name: str, indicator: str) -> Any:
        values = getattr(self, name)
        return values.get(indicator, values["default"])

    def momentum_for(self, indicator: str, regime: str, level: str) -> float:
        """How far the rest of the year moves toward the latest single month: in an abnormal
        year, for a sub-national region (whose single months are noisier), or else."""
        if regime != "normal":
            return self.pick("momentum_shock", indicator)
        if level != "country":
            return self.pick("momentum_subnational", indicator)
        return self.pick("momentum", indicator)

    def distribution(self, point: float, indicator: str, level: str, w: float, has_ytd: bool,
                     regime: str = "normal", horizon: int = 1, divergence: float = 0.0,
                     distance: float = 0.0) -> Mixture:
        """The calibrated spread around ``point`` (``ScaleModel.distribution``), for a county
        widened by ``county_factor``."""
        dist = self.scale.distribution(point, indicator, level, w, has_ytd, regime, horizon,
                                       divergence, distance)
        factor = self.county_factor(level, has_ytd) * self.widening(level, has_ytd)
        return Mixture(dist.weights, dist.means, dist.sds * factor)

    def sd(self, indicator: str, level: str, w: float, has_ytd: bool, horizon: int = 1,
           divergence: float = 0.0, distance: float = 0.0) -> float:
        """σ of ``distribution`` (points), of its normal-year component."""
        return self.scale.sd(indicator, level, w, has_ytd, horizon, divergence, distance) \
            * self.county_factor(level, has_ytd) * self.widening(level, has_ytd)

    def widening(self, level: str, has_ytd: bool) -> float:
        """The spread fitted in sample is narrower than its errors out of sample: the factor
        the real-time record of earlier years measured (1 where there is none)."""
        return self.widen.get(widen_key(level, has_ytd), 1.0)

    def county_factor(self, level: str, has_ytd: bool) -> float:
        """The replay holds no county's own errors, so a county takes the widest measured
        sub-national spread (``calibration``) times how much more counties stray from their
        parent than prefectures do (``GapModel.county_factor``, measured on the counties' gaps
        to Zhengzhou); 1 wherever errors of the level were measured."""
        if level != "county" or self.scale.measured.get(level_key(level, has_ytd)):
            return 1.0
        return self.gaps.county_factor

    def ratio(self, indicator: str) -> float:
        """How much more this indicator strays than GDP: what its own child−parent gaps
        show, with its calibrated spread over GDP's as a prior (``borrowing.pooled_ratio``)."""
        return pooled_ratio(self.error_ratio(indicator), self.gaps.gap_ratios.get(indicator))

    def error_ratio(self, indicator: str) -> float:
        """The indicator's calibrated forecast-error spread over GDP's (the prior)."""
        a = self.scale.log_a
        mine = a.get(indicator, self.scale.pooled_log_a)
        return math.exp(mine - a.get("gdp", self.scale.pooled_log_a))

    def with_choices(self, **choices: dict) -> Settings:
        return replace(self, **choices)

    def to_dict(self) -> dict[str, Any]:
        return {"provenance": self.provenance, **{name: getattr(self, name) for name in CHOICES},
                "own_years": self.own_years, "widen": self.widen,
                "scale": self.scale.to_dict(), "gaps": self.gaps.to_dict(),
                "evidence": self.evidence}

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Settings:
        return cls(**{name: values[name] for name in CHOICES},
                   scale=ScaleModel.from_dict(values["scale"]),
                   gaps=GapModel.from_dict(values["gaps"]), own_years=values["own_years"],
                   widen=values.get("widen", {}),
                   provenance=values.get("provenance", ""),
                   evidence=values.get("evidence", {}))


def widen_key(level: str, has_ytd: bool) -> str:
    """The group a widening factor is measured for: the country or a sub-national region,
    with or without its own figures this year."""
    where = "country" if level == "country" else "subnational"
    return f"{where}:{'ytd' if has_ytd else 'annual'}"


@cache
def defaults() -> Settings:
    """The settings in force (``engine/defaults.json``)."""
    return Settings.from_dict(json.loads(config.package_file(*FILE).read_text(encoding="utf-8")))


def write_defaults(settings: Settings) -> None:
    """Record the backtest's choice in the checkout's source (never an installed copy)."""
    config.source_file(*FILE).write_text(
        json.dumps(settings.to_dict(), indent=1, ensure_ascii=False) + "\n")
    defaults.cache_clear()
