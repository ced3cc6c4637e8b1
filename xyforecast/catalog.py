"""The catalogue of regions and indicators (``data/regions.csv``, ``data/indicators.csv``).

Everything else validates codes against it, so a typo in a file or a parameter is caught
before any number is computed.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from pathlib import Path

from xyforecast.errors import DataError, Problem, UsageError
from xyforecast.i18n import Pair

PRICE_BASES = ("real", "nominal", "none")
CADENCES = ("quarterly", "monthly", "annual")


@dataclass(frozen=True)
class Region:
    code: str
    name_zh: str
    name_en: str
    level: str  # country, province, prefecture, county
    parent: str | None

    def name(self, lang: str = "zh") -> str:
        return Pair(self.name_zh, self.name_en).render(lang)


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    unit: str  # unit of a level figure; growth figures are always %
    price_basis: str  # real (不变价) or nominal (现价) growth, or none
    cadence: str  # how often year-to-date figures are published
    headline: int | None  # order among the report's five headline targets

    def name(self, lang: str = "zh") -> str:
        return Pair(self.name_zh, self.name_en).render(lang)

    @property
    def quarterly(self) -> bool:
        return self.cadence == "quarterly"


@dataclass(frozen=True)
class Catalog:
    regions: dict[str, Region]
    indicators: dict[str, Indicator]

    @classmethod
    def load(cls, data_dir: Path) -> Catalog:
        problems: list[Problem] = []
        regions = {r.code: r for r in _read(data_dir / "regions.csv", _region, problems)}
        indicators = {i.code: i for i in _read(data_dir / "indicators.csv", _indicator, problems)}
        for region in regions.values():
            if region.parent and region.parent not in regions:
                problems.append(Problem(str(data_dir / "regions.csv"), None,
                                        f"region {region.code} has unknown parent {region.parent}"))
        if problems:
            raise DataError(problems)
        return cls(regions, indicators)

    def region(self, code: str) -> Region:
        try:
            return self.regions[code]
        except KeyError:
            raise UsageError(f"unknown region {code!r}{self.suggest_region(code)}") from None

    def suggest_region(self, code: str) -> str:
        """A hint for a mistyped region code: the closest codes, else where the codes are."""
        close = difflib.get_close_matches(code, self.regions, n=3, cutoff=0.6)
        if close:
            return f" (did you mean {', '.join(close)}? codes are in data/regions.csv)"
        return " (codes are in data/regions.csv)"

    def indicator(self, code: str) -> Indicator:
        try:
            return self.indicators[code]
        except KeyError:
            known = ", ".join(self.indicators)
            raise UsageError(f"unknown indicator {code!r}; known: {known}") from None

    def headline(self) -> list[Indicator]:
        """The report's five headline indicators in the report's order."""
        return sorted((i for i in self.indicators.values() if i.headline), key=lambda i: i.headline)

    def chain(self, code: str) -> list[Region]:
        """The region and its ancestors: xingyang, zhengzhou, henan, china."""
        out = [self.region(code)]
        while out[-1].parent:
            out.append(self.regions[out[-1].parent])
        return out

    def siblings(self, code: str) -> list[Region]:
        """Other regions with the same parent (Zhengzhou's other counties for Xingyang)."""
        parent = self.region(code).parent
        return [r for r in self.regions.values() if r.parent == parent and r.code != code]

    def children(self, code: str) -> list[Region]:
        return [r for r in self.regions.values() if r.parent == code]


def _read(path: Path, build, problems: list[Problem]) -> list:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        problems.append(Problem(str(path), None, f"cannot read the catalogue: {exc.strerror}"))
        return []
    out = []
    for line, row in enumerate(rows, start=2):
        try:
            out.append(build(row))
        except (KeyError, ValueError) as exc:
            problems.append(Problem(str(path), line, f"bad catalogue row: {exc}"))
    return out


def _region(row: dict[str, str]) -> Region:
    return Region(row["code"], row["name_zh"], row["name_en"], row["level"], row["parent"] or None)


def _indicator(row: dict[str, str]) -> Indicator:
    if row["price_basis"] not in PRICE_BASES:
        raise ValueError(f"price_basis must be one of {PRICE_BASES}")
    if row["cadence"] not in CADENCES:
        raise ValueError(f"cadence must be one of {CADENCES}")
    headline = int(row["headline"]) if row.get("headline") else None
    return Indicator(row["code"], row["name_zh"], row["name_en"], row["unit"],
                     row["price_basis"], row["cadence"], headline)
