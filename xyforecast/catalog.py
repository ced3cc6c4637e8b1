"""The catalogue of regions, indicators and measures, and the names people give them.

Codes (``xingyang``, ``gdp``, ``growth_pct``) are the suite's internal keys. People write
names: 荥阳市, 荥阳, Xingyang, 410182; 规上工业增加值, 社零, 固投; 累计增速. One alias table turns
every such name into its code at the edge — in files, on the command line, in notebook
parameters: the names and English names of ``regions.csv`` and ``indicators.csv`` (a
region's Chinese name also without 市/县/省/区), plus the rows of ``aliases.csv``.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from xyforecast.errors import DataError, Problem, UsageError
from xyforecast.i18n import Msg, Pair

PRICE_BASES = ("real", "nominal", "none")
# monthly_from_january: January is published on its own (fiscal revenue: 财政 reports 1月份);
# monthly: from 1–2月 on (NBS publishes January and February together)
CADENCES = ("quarterly", "monthly", "monthly_from_january", "annual")
# A bureau table's whole row (docs/design-seams.md): year-to-date growth and level, that
# month's (GDP: quarter's) growth and level, and the stated change of year-to-date growth
# against the previous cumulative period, in points.
OBSERVATION_MEASURES = ("growth_pct", "level", "month_growth_pct", "month_level", "change_pp")
TARGET_MEASURES = ("target_growth_pct", "target_level")
GROWTH_MEASURES = ("growth_pct", "month_growth_pct", "target_growth_pct")  # in %
LEVEL_MEASURES = ("level", "month_level", "target_level")  # in the indicator's unit
MONTH_MEASURES = ("month_growth_pct", "month_level")  # a single month (GDP: quarter)
POINTS_UNIT = "百分点"  # the unit of change_pp
MEASURES = OBSERVATION_MEASURES + TARGET_MEASURES
ALIAS_KINDS = ("region", "indicator", "measure")
# A region code is what the summary's schema accepts (summary.schema.json, "region"); a test
# keeps the two equal. An official six-digit code (410182) is an alias, not a code.
REGION_CODE = re.compile(r"^[a-z_]+$")
_SUFFIXES = ("自治区", "省", "市", "县", "区")  # 荥阳市 is also written 荥阳
_MARKERS = re.compile(r"^(其中[:：]?|[#＃*]+|[一二三四五六七八九十]+[、.．]|\(?[0-9]+[)、.．]|"
                      r"\([一二三四五六七八九十]+\))\s*")
_BRACKETS = re.compile(r"\([^()]*\)")  # "地区生产总值(亿元)": the unit is not the name
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


@functools.lru_cache(maxsize=8192)  # a file repeats its names on every row
def _key(raw: str) -> str:
    raw = unicodedata.normalize("NFKC", raw).translate(_INVISIBLE)
    raw = "".join(raw.split()).lower()
    raw = _BRACKETS.sub("", raw)
    while (stripped := _MARKERS.sub("", raw)) != raw:
        raw = stripped
    return raw.strip(":：")


def name_key(text: object) -> str:
    """A name as compared: full-width folded, no spaces, lower case, no leading 其中:/#/1./一、
    and no bracketed unit or remark."""
    return _key(str(text or ""))


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

    def allows(self, measure: str) -> bool:
        """Whether a figure of ``measure`` can exist: a single month's level only where a
        level is an amount (not a share in %), a change of growth in points only for an
        economic aggregate whose growth has a price basis (not a count such as 新增市场主体)."""
        if measure == "month_level":
            return self.unit != "%"
        if measure == "change_pp":
            return self.price_basis != "none"
        return True

    @property
    def january_alone(self) -> bool:
        """January's own figure exists (1月份), not only January–February together."""
        return self.cadence == "monthly_from_january"


@dataclass(frozen=True)
class Catalog:
    regions: dict[str, Region]
    indicators: dict[str, Indicator]
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> name_key -> code

    @classmethod
    def load(cls, data_dir: Path) -> Catalog:
        problems: list[Problem] = []
        regions_csv = str(data_dir / "regions.csv")
        regions = {r.code: r for r in _read(data_dir / "regions.csv", _region, problems)}
        indicators = {i.code: i for i in _read(data_dir / "indicators.csv", _indicator, problems)}
        for region in regions.values():
            if region.parent and region.parent not in regions:
                problems.append(Problem(regions_csv, None, Msg.of(
                    "inputs.catalog_parent", region=region.code, parent=region.parent)))
        extra = (_read(data_dir / "aliases.csv", _alias, problems)
                 if (data_dir / "aliases.csv").is_file() else [])
        aliases = _alias_table(regions, indicators, extra, str(data_dir / "aliases.csv"),
                               problems)
        if problems:
            raise DataError(problems)
        return cls(regions, indicators, aliases)

    # --- names to codes -------------------------------------------------------------------

    def code(self, kind: str, text: object) -> str | None:
        """The code a name stands for (``kind``: region, indicator or measure), else None."""
        return self.aliases.get(kind, {}).get(name_key(text))

    def resolve_region(self, text: object) -> str:
        """The region code for a code or a name (荥阳市, 荥阳, Xingyang, 410182); UsageError
        naming the closest codes when it is none."""
        code = self.code("region", text)
        if code is None:
            raise UsageError(Msg.of("inputs.unknown_region", region=str(text).strip(),
                                    hint=self.suggest_region(str(text))))
        return code

    def resolve_indicator(self, text: object) -> str:
        code = self.code("indicator", text)
        if code is None:
            raise UsageError(Msg.of("inputs.unknown_indicator_known", indicator=str(text),
                                    known=list(self.indicators)))
        return code

    def regions_in(self, text: object) -> list[str]:
        """The regions a title names (荥阳市2025年1-9月主要经济指标 -> [xingyang]): longest
        names first, each stretch of the text counted once."""
        rest = name_key(text)
        found: list[str] = []
        names = sorted((n for n in self.aliases.get("region", {}) if not n.isascii()),
                       key=len, reverse=True)
        for name in names:
            if name in rest:
                code = self.aliases["region"][name]
                if code not in found:
                    found.append(code)
                rest = rest.replace(name, "\0")
        return found

    def suggest_region(self, text: str) -> Msg:
        """A hint for a mistyped region: the closest codes, else where the codes are."""
        close = difflib.get_close_matches(name_key(text), self.regions, n=3, cutoff=0.6)
        if close:
            return Msg.of("inputs.hint_region_close", codes=close)
        return Msg.of("inputs.hint_region")

    def suggest_indicator(self, text: str) -> Msg:
        names = {name: code for name, code in self.aliases.get("indicator", {}).items()}
        close = difflib.get_close_matches(name_key(text), names, n=2, cutoff=0.6)
        if close:
            return Msg.of("inputs.hint_indicator_close",
                          names=[n if n == names[n] else f"{n} ({names[n]})" for n in close])
        return Msg.of("inputs.hint_indicator")

    # --- lookups by code ------------------------------------------------------------------

    def region(self, code: str) -> Region:
        try:
            return self.regions[code]
        except KeyError:
            raise UsageError(Msg.of("inputs.unknown_region", region=code,
                                    hint=self.suggest_region(code))) from None

    def indicator(self, code: str) -> Indicator:
        try:
            return self.indicators[code]
        except KeyError:
            raise UsageError(Msg.of("inputs.unknown_indicator_known", indicator=code,
                                    known=list(self.indicators))) from None

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
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        problems.append(Problem(str(path), None, Msg.of("inputs.catalog_unreadable",
                                                        reason=reason)))
        return []
    out = []
    for line, row in enumerate(rows, start=2):
        try:
            out.append(build(row))
        except (KeyError, ValueError) as exc:
            reason = exc.args[0] if exc.args else exc
            problems.append(Problem(str(path), line, Msg.of("inputs.catalog_bad_row",
                                                            reason=reason)))
    return out


def _region(row: dict[str, str]) -> Region:
    if not REGION_CODE.match(row["code"]):
        raise ValueError(Msg.of("inputs.catalog_region_code", code=row["code"],
                                pattern=REGION_CODE.pattern))
    return Region(row["code"], row["name_zh"], row["name_en"], row["level"], row["parent"] or None)


def _indicator(row: dict[str, str]) -> Indicator:
    if row["price_basis"] not in PRICE_BASES:
        raise ValueError(Msg.of("inputs.catalog_choice", column="price_basis",
                                allowed=list(PRICE_BASES)))
    if row["cadence"] not in CADENCES:
        raise ValueError(Msg.of("inputs.catalog_choice", column="cadence",
                                allowed=list(CADENCES)))
    headline = int(row["headline"]) if row.get("headline") else None
    return Indicator(row["code"], row["name_zh"], row["name_en"], row["unit"],
                     row["price_basis"], row["cadence"], headline)


def _alias(row: dict[str, str]) -> tuple[str, str, str]:
    if row["kind"] not in ALIAS_KINDS:
        raise ValueError(Msg.of("inputs.catalog_choice", column="kind",
                                allowed=list(ALIAS_KINDS)))
    if not name_key(row["name"]):
        raise ValueError(Msg.of("inputs.catalog_empty", column="name"))
    return row["kind"], row["name"], row["code"]


def _alias_table(regions: dict[str, Region], indicators: dict[str, Indicator],
                 extra: Iterable[tuple[str, str, str]], path: str,
                 problems: list[Problem]) -> dict[str, dict[str, str]]:
    """Every name of every code, by kind; a name that would mean two codes is a problem."""
    table: dict[str, dict[str, str]] = {kind: {} for kind in ALIAS_KINDS}
    codes = {"region": regions, "indicator": indicators, "measure": dict.fromkeys(MEASURES)}

    def add(kind: str, name: str, code: str, line: int | None = None) -> None:
        key = name_key(name)
        if not key:
            return
        if code not in codes[kind]:
            problems.append(Problem(path, line, Msg.of("inputs.alias_unknown_code", kind=kind,
                                                       name=name, code=code)))
        elif table[kind].setdefault(key, code) != code:
            problems.append(Problem(path, line, Msg.of(
                "inputs.alias_ambiguous", kind=kind, name=name, code=code,
                other=table[kind][key])))

    for r in regions.values():
        for name in (r.code, r.name_zh, r.name_en, _short(r.name_zh)):
            add("region", name, r.code)
    for i in indicators.values():
        for name in (i.code, i.name_zh, i.name_en):
            add("indicator", name, i.code)
    for m in MEASURES:
        add("measure", m, m)
    for line, (kind, name, code) in enumerate(extra, start=2):
        add(kind, name, code, line)
    return table


def _short(name_zh: str) -> str:
    """荥阳市 -> 荥阳, 河南省 -> 河南; a name of two characters keeps its suffix."""
    for suffix in _SUFFIXES:
        if name_zh.endswith(suffix) and len(name_zh) > len(suffix) + 1:
            return name_zh[: -len(suffix)]
    return ""
