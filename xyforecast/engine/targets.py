"""Targets of a government work report and the rule for when one counts as met.

A target is a growth rate or a level (亿元, 万人次, a share in %...) with a qualifier:
``about`` (左右), ``at_least`` (以上), ``at_most`` (以下) or ``none``. "About" leaves room:
the rule below counts "about 6%" as met from 5.5% (half a point below, the rounding a report's
"about" implies); "none" is read as a floor, the way such targets are read in China.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xyforecast.engine.distribution import Mixture
from xyforecast.i18n import amount, t
from xyforecast.inputs.dataset import Dataset

ABOUT_TOLERANCE_PP = 0.5  # growth: "about 6%" is met at 5.5% or more
ABOUT_TOLERANCE_SHARE = 0.02  # levels: "about 360亿元" is met at 98% of it


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
    upper: float | None = None  # a range (6.5%–7%): met at its lower bound, ``value``
    stretch: float | None = None  # 力争: the higher value the report strives for

    @property
    def threshold(self) -> float:
        """The value from which the target counts as met (or up to which, for at_most); a
        range counts from its lower bound, as the report states it."""
        if self.qualifier != "about":
            return self.value
        if self.measure == "growth_pct":
            return self.value - ABOUT_TOLERANCE_PP
        return self.value * (1 - ABOUT_TOLERANCE_SHARE)

    def met(self, outcome):
        """True where the outcome meets the target; works on one value or an array."""
        if self.qualifier == "at_most":
            return np.asarray(outcome) <= self.threshold + 1e-9
        return np.asarray(outcome) >= self.threshold - 1e-9

    def probability(self, dist: Mixture) -> float:
        """P(the outcome meets the target) under a projection's distribution."""
        if self.qualifier == "at_most":
            return dist.prob_at_most(self.threshold)
        return dist.prob_at_least(self.threshold)

    @property
    def tolerance(self) -> float:
        """How far below the stated value the target still counts as met."""
        return self.value - self.threshold if self.qualifier != "at_most" else 0.0

    def rule(self, lang: str = "zh") -> str:
        """The met rule in words, as a leader says it (增长5.5%及以上即达标; a range is judged
        at its lower bound)."""
        kind = "growth" if self.measure == "growth_pct" else "level"
        way = "range" if self.upper is not None else (
            "at_most" if self.qualifier == "at_most" else "at_least")
        key = f"engine.rule_{kind}_{way}"
        threshold, unit = self._amount(self.threshold, lang)
        return t(key, lang, threshold=threshold, unit=unit)

    def label(self, lang: str = "zh") -> str:
        """The target as the report words it: 增长6%左右 / about +6%; 增长6.5%–7%;
        增长6%左右,力争7%."""
        kind = "growth" if self.measure == "growth_pct" else "level"
        value, unit = self._amount(self.value, lang)
        if self.upper is not None:
            text = t(f"engine.target_{kind}_range", lang, value=value,
                     upper=self._amount(self.upper, lang)[0], unit=unit)
        else:
            text = t(f"engine.target_{kind}_{self.qualifier}", lang, value=value, unit=unit)
        if self.stretch is not None:
            text += t("engine.target_stretch", lang, value=self._amount(self.stretch, lang)[0],
                      unit=unit)
        return text

    def p_stretch(self, dist: Mixture) -> float | None:
        """P(the outcome reaches the stretch value), when the report names one."""
        return None if self.stretch is None else dist.prob_at_least(self.stretch)

    def _amount(self, value: float, lang: str) -> tuple[float, str]:
        """A value of this target and its unit as the reader counts (``i18n.amount``)."""
        return (value, "%") if self.measure == "growth_pct" else amount(value, self.unit, lang)


def targets_for(data: Dataset, region: str, year: int) -> list[Target]:
    """All targets of a region for a year, headline indicators first (read once per region,
    year and data set: a replay asks thousands of times, and a province's targets are
    thousands of rows, most of them other regions')."""
    built = data._cache.setdefault("engine.targets", {})
    if (region, year) not in built:
        order = {code: n for n, code in enumerate(data.catalog.indicators)}  # report's order
        index, columns = _rows_of(data)
        rows = ({name: values[n] for name, values in columns.items()}
                for n in index.get((region, year), []))
        built[region, year] = sorted((_target(row) for row in rows),
                                     key=lambda x: (order[x.indicator], x.measure != "growth_pct"))
    return list(built[region, year])


def _rows_of(data: Dataset) -> tuple[dict[tuple[str, int], list[int]], dict[str, np.ndarray]]:
    """The rows of ``data.targets`` of each (region, year), and its columns, taken once per
    data set (pandas costs milliseconds a look-up; a report looks up hundreds)."""
    if "engine.target_rows" not in data._cache:
        t = data.targets
        columns = {name: t[name].to_numpy() for name in t.columns}
        index: dict[tuple[str, int], list[int]] = {}
        for n, key in enumerate(zip(columns["region"], columns["year"].tolist())):
            index.setdefault(key, []).append(n)
        data._cache["engine.target_rows"] = index, columns
    return data._cache["engine.target_rows"]


def growth_target(data: Dataset, region: str, indicator: str, year: int) -> Target | None:
    """The growth-rate target, or None when the report set none."""
    for target in targets_for(data, region, year):
        if target.indicator == indicator and target.measure == "growth_pct":
            return target
    return None


def _target(row: Mapping[str, Any]) -> Target:
    measure = str(row["measure"]).removeprefix("target_")
    bounds = {name: float(row[name]) if name in row and pd.notna(row[name]) else None
              for name in ("upper", "stretch")}
    return Target(row["region"], row["indicator"], int(row["year"]), measure, float(row["value"]),
                  row["unit"], row["qualifier"] or "none", row["source"], row["note"], **bounds)
