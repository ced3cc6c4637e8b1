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
from xyforecast.engine.calibration import ScaleModel

FILE = ("engine", "defaults.json")
CHOICES = ("momentum", "momentum_shock", "prior", "prior_shock", "prior_model", "two_year",
           "anchor", "annual_model")


@dataclass(frozen=True)
class Settings:
    """Per-indicator choices (each a dict with a ``default``), the spread and the gaps."""

    momentum: dict[str, float]  # how far the rest of the year moves toward the latest month
    momentum_shock: dict[str, float]  # the same when the year is abnormal (engine.regime)
    prior: dict[str, float]  # the annual model's weight at the start of the year, ×(1−w)²
    prior_shock: dict[str, float]  # the same when the year is abnormal (engine.regime)
    prior_model: dict[str, str]  # the annual model that serves as that prior
    two_year: dict[str, bool]  # two-year stacked pace in the year after an abnormal one
    anchor: dict[str, float]  # the announced target's weight, ×(1−w)
    annual_model: dict[str, str]
    scale: ScaleModel
    gaps: GapModel
    own_years: int = 5  # of the last ten, to project from a region's own history
    provenance: str = ""
    evidence: dict[str, Any] = field(default_factory=dict, compare=False)

    def pick(self, name: str, indicator: str) -> Any:
        values = getattr(self, name)
        return values.get(indicator, values["default"])

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
                "own_years": self.own_years,
                "scale": self.scale.to_dict(), "gaps": self.gaps.to_dict(),
                "evidence": self.evidence}

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Settings:
        return cls(**{name: values[name] for name in CHOICES},
                   scale=ScaleModel.from_dict(values["scale"]),
                   gaps=GapModel.from_dict(values["gaps"]), own_years=values["own_years"],
                   provenance=values.get("provenance", ""),
                   evidence=values.get("evidence", {}))


@cache
def defaults() -> Settings:
    """The settings in force (``engine/defaults.json``)."""
    return Settings.from_dict(json.loads(config.package_file(*FILE).read_text()))


def write_defaults(settings: Settings) -> None:
    config.package_file(*FILE).write_text(
        json.dumps(settings.to_dict(), indent=1, ensure_ascii=False) + "\n")
    defaults.cache_clear()
