"""The machine-readable summary: one JSON document per region, year and cut-off.

It is a stable contract for schedulers, dashboards and tests (``summary.schema.json``).
Unknown values are ``null``, never guessed. Everything that varies between two runs of the
same inputs (the time, the command) sits in the separate ``run`` block.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import jsonschema

from xyforecast import __version__, config
from xyforecast.engine.projection import default_cutoff, project_all
from xyforecast.engine.results import Projection
from xyforecast.engine.targets import ABOUT_TOLERANCE_PP, targets_for
from xyforecast.i18n import method_label, render
from xyforecast.inputs.dataset import Dataset
from xyforecast.inputs.provenance import summary_inputs
from xyforecast.periods import Period

ON_TRACK, AT_RISK = 0.7, 0.3  # P(meet) thresholds for the status


def status(p_meet: float | None) -> str:
    """on_track when P(meet) ≥ 0.7, at_risk from 0.3, off_track below; unknown without one."""
    if p_meet is None:
        return "unknown"
    return "on_track" if p_meet >= ON_TRACK else "at_risk" if p_meet >= AT_RISK else "off_track"


STATUS_RULE = {
    "en": f"on track: P(meet) ≥ {ON_TRACK:.0%}; at risk: {AT_RISK:.0%}–{ON_TRACK:.0%}; "
          f"off track: below {AT_RISK:.0%}",
    "zh": f"达标概率≥{ON_TRACK:.0%}为“有望达标”,{AT_RISK:.0%}–{ON_TRACK:.0%}为“存在风险”,"
          f"低于{AT_RISK:.0%}为“难以达标”",
}
MET_RULE = {
    "en": f"at least the target; 'about' targets from {ABOUT_TOLERANCE_PP} points below; "
          "'at most' targets at or below",
    "zh": f"不低于目标值;“左右”目标低于目标{ABOUT_TOLERANCE_PP}个百分点以内即视为达标;"
          "“以下”目标不高于目标值",
}


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def indicator_summary(data: Dataset, p: Projection) -> dict[str, Any]:
    indicator = data.catalog.indicator(p.indicator)
    q = p.quantiles
    target = None
    if p.target is not None:
        t = p.target
        target = {"measure": t.measure, "value": t.value, "qualifier": t.qualifier,
                  "threshold": _round(t.threshold), "upper": t.upper, "stretch": t.stretch,
                  "label_zh": t.label("zh"), "label_en": t.label("en"),
                  "rule_zh": t.rule("zh"), "rule_en": t.rule("en"), "source": t.source}
    projection = None if not p.known else {
        "median": _round(q["median"]), "p10": _round(q["p10"]), "p90": _round(q["p90"]),
        "p025": _round(q["p025"]), "p975": _round(q["p975"])}
    return {
        "indicator": p.indicator, "name_zh": indicator.name_zh, "name_en": indicator.name_en,
        "price_basis": indicator.price_basis,
        "target": target,
        "latest": p.latest and {
            **p.latest, "growth_pct": _round(p.latest["growth_pct"]),
            "region_name_zh": data.catalog.region(p.latest["region"]).name_zh,
            "region_name_en": data.catalog.region(p.latest["region"]).name_en},
        "method_zh": method_label(p.method, "zh"), "method_en": method_label(p.method, "en"),
        "projection": projection,
        "p_meet_target": _round(p.p_meet, 3),
        "p_meet_stretch": _round(p.target.p_stretch(p.dist), 3)
        if p.target is not None and p.dist is not None and p.target.measure == "growth_pct"
        else None,
        "status": status(p.p_meet) if p.target is not None else "no_target",
        "required_rest_growth_pct": _round(p.required_rest_growth_pct),
        "required_rest_growth_pct_rule": _round(p.required_rest_growth_pct_rule),
        "level_target": _level(p.extra.get("level_target")),
        "method": p.method, "basis": render(p.basis, "en"), "basis_zh": render(p.basis, "zh"),
        "n_obs": p.n_obs, "cutoff": str(p.cutoff),
        "notes": [render(n, "en") for n in p.notes],
        "notes_zh": [render(n, "zh") for n in p.notes],
        "borrowing": _borrowing(data, p),
        "base_rate": p.base_rate and {"share_met": _round(p.base_rate.share, 3),
                                      "n": p.base_rate.n, "era": p.base_rate.era,
                                      "ambition_pp": _round(p.base_rate.ambition)},
    }


def _level(level: dict | None) -> dict | None:
    """A level target's progress with its source in words (both languages)."""
    if level is None:
        return None
    source = level["share_source"]
    return {**level, "share_source": render(source, "en"),
            "share_source_zh": render(source, "zh")}


def _borrowing(data: Dataset, p: Projection) -> dict | None:
    """What a borrowed projection took from its parent (or a stale one from its parent's
    news): the differential, the spread and where each comes from."""
    out = {}
    if p.borrowing is not None:
        b = p.borrowing
        out = {"parent": b["parent"],
               "parent_name_zh": data.catalog.region(b["parent"]).name_zh,
               "differential_pp": _round(b["differential_pp"]),
               "spread_sd_pp": _round(b["spread_sd"]), "own_gaps": b["own_gaps"],
               "own_mean_gap_pp": _round(b["own_mean_gap_pp"]), "shrink": _round(b["shrink"], 3),
               "indicator_ratio": _round(b["indicator_ratio"], 3),
               "sources": [render(m, "en") for m in b["sources"]],
               "sources_zh": [render(m, "zh") for m in b["sources"]]}
    if p.rolled is not None:
        r = p.rolled
        out["rolled"] = {"parent": r["parent"], "news_pp": _round(r["news_pp"]),
                         "from_period": r["from_period"],
                         "idiosyncratic_sd_pp": _round(r["idiosyncratic_sd"])}
    return out or None


def build_summary(data: Dataset, region: str, year: int,
                  as_of: Period | str | None = None,
                  projections: list[Projection] | None = None) -> dict[str, Any]:
    """The summary of the five headline indicators (and the report's other targets)."""
    cut = default_cutoff(data, year) if as_of is None else (
        as_of if isinstance(as_of, Period) else Period.parse(as_of))
    projections = projections or project_all(data, region, year, cut)
    name = data.catalog.region(region)
    headline = {i.code for i in data.catalog.headline()}
    view = data.as_of(cut)
    others = [{"indicator": t.indicator,
               "name_zh": data.catalog.indicator(t.indicator).name_zh,
               "name_en": data.catalog.indicator(t.indicator).name_en,
               "measure": t.measure, "value": t.value, "unit": t.unit,
               "qualifier": t.qualifier, "label_zh": t.label("zh"), "label_en": t.label("en")}
              for t in targets_for(data, region, year) if t.indicator not in headline]
    return {
        "region": region, "region_name_zh": name.name_zh, "region_name_en": name.name_en,
        "year": year, "as_of": str(cut),
        "data_sha256": data.sha256, "xyforecast_version": __version__,
        "inputs": summary_inputs(data),
        "rules": {"met_en": MET_RULE["en"], "met_zh": MET_RULE["zh"],
                  "status_en": STATUS_RULE["en"], "status_zh": STATUS_RULE["zh"]},
        "indicators": [indicator_summary(view, p) for p in projections],
        "other_targets": others,
        "data_conflicts": len(view.conflicts),
    }


def command_line(argv: Sequence[str]) -> str:
    """The command as typed, every option included and quoted for a shell, so that running
    it again gives the same summary: ``command_line(sys.argv[1:])``."""
    return shlex.join(["xyforecast", *argv])


def with_run(summary: dict[str, Any], command: str) -> dict[str, Any]:
    """Add the run metadata, kept apart so two runs of the same inputs compare equal.
    ``command`` is the full command (``command_line``)."""
    run = {"generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
           "command": command}
    return {**summary, "run": run}


def schema() -> dict[str, Any]:
    path = config.package_file("outputs", "summary.schema.json")
    return json.loads(path.read_text(encoding="utf-8"))


def validate(summary: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when the summary breaks the contract."""
    jsonschema.validate(summary, schema())


def dumps(summary: dict[str, Any]) -> str:
    return json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=False)
