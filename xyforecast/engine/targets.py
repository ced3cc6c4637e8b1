"""Targets of a government work report and the rule for when one counts as met.

A target is a growth rate or a level (亿元, 万人次, a share in %...) with a qualifier:
``about`` (左右), ``at_least`` (以上), ``at_most`` (以下) or ``none``. "About" leaves room:
the rule below counts "about 6%" as met from 5.5% (half a point below, the rounding a report's
"about" implies); "none" is read as a floor, the way such targets are read in China.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xyforecast.inputs.dataset import Dataset

ABOUT_TOLERANCE_PP = 0.5  # growth: "about 6%" is met at 5.5% or more
ABOUT_TOLERANCE_SHARE = 0.02  # levels: "about 360亿元" is met at 98% of it
QUALIFIER_ZH = {"about": "左右", "at_least": "以上", "at_most": "以下", "none": ""}
QUALIFIER_EN = {"about": "about", "at_least": "or more", "at_most": "or less", "none": ""}


@dataclass(frozen=True)
class Target:
    region: str
    indicator: str
    year: int
    measure: str  # growth_pct or level
    value: float
    unit: str
    qualifier: str
    source: str
    note: str = ""

    @property
    def threshold(self) -> float:
        """The value from which the target counts as met (or up to which, for at_most)."""
        if self.qualifier != "about":
            return self.value
        if self.measure == "growth_pct":
            return self.value - ABOUT_TOLERANCE_PP
        return self.value * (1 - ABOUT_TOLERANCE_SHARE)

    def met(self, outcome):
        """True where the outcome meets the target; works on one value or an array of draws."""
        if self.qualifier == "at_most":
            return np.asarray(outcome) <= self.threshold + 1e-9
        return np.asarray(outcome) >= self.threshold - 1e-9

    def rule(self, lang: str = "zh") -> str:
        """The met rule in words."""
        t = f"{self.threshold:g}{'%' if self.measure == 'growth_pct' else self.unit}"
        if lang == "zh":
            return f"≤ {t} 即达标" if self.qualifier == "at_most" else f"≥ {t} 即达标"
        return f"met at {t} or {'less' if self.qualifier == 'at_most' else 'more'}"

    def label(self, lang: str = "zh") -> str:
        """The target as the report words it: 6%左右 / about 6%."""
        unit = "%" if self.measure == "growth_pct" else self.unit
        if lang == "zh":
            verb = "增长" if self.measure == "growth_pct" else ""
            return f"{verb}{self.value:g}{unit}{QUALIFIER_ZH[self.qualifier]}"
        amount = f"{'+' if self.measure == 'growth_pct' else ''}{self.value:g}{unit}"
        words = QUALIFIER_EN[self.qualifier]
        if self.qualifier == "about":
            return f"about {amount}"
        return f"{amount} {words}".strip()


def targets_for(data: Dataset, region: str, year: int) -> list[Target]:
    """All targets of a region for a year, headline indicators first."""
    t = data.targets
    rows = t[(t["region"] == region) & (t["year"] == year)]
    order = {code: n for n, code in enumerate(data.catalog.indicators)}  # the report's order
    out = [_target(r) for _, r in rows.iterrows()]
    return sorted(out, key=lambda x: (order[x.indicator], x.measure != "growth_pct"))


def growth_target(data: Dataset, region: str, indicator: str, year: int) -> Target | None:
    """The growth-rate target, or None when the report set none."""
    for target in targets_for(data, region, year):
        if target.indicator == indicator and target.measure == "growth_pct":
            return target
    return None


def _target(row: pd.Series) -> Target:
    measure = str(row["measure"]).removeprefix("target_")
    return Target(row["region"], row["indicator"], int(row["year"]), measure, float(row["value"]),
                  row["unit"], row["qualifier"] or "none", row["source"], row["note"])
