"""The machine-readable summary: one JSON document per region, year and cut-off, the one
serialisation of a ``Forecast``.

It is a stable contract for schedulers, dashboards and tests (``summary.schema.json``).
Unknown values are ``null``, never guessed. Everything that varies between two runs of the
same inputs (the time, the command) sits in the separate ``run`` block.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from xyforecast import __version__, config
from xyforecast.engine.status import AT_RISK, ON_TRACK
from xyforecast.engine.targets import ABOUT_TOLERANCE_PP
from xyforecast.i18n import Msg, method_label
from xyforecast.i18n.report_documents import typeset_render
from xyforecast.inputs.provenance import summary_inputs

if TYPE_CHECKING:
    from xyforecast.engine.results import LevelProgress
    from xyforecast.engine.standing import Standing
    from xyforecast.forecast import Forecast, IndicatorForecast

STATUS_RULE = Msg.of("report.rule_status", on_track=f"{ON_TRACK:.0%}", at_risk=f"{AT_RISK:.0%}")
MET_RULE = Msg.of("report.rule_met", tolerance=ABOUT_TOLERANCE_PP)


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def _text(value: Any, lang: str) -> Any:
    """A message as every output prints it: in Chinese with full-width punctuation (，：（）),
    the values put into it untouched — the JSON, the terminal and the Word report agree."""
    return typeset_render(value, lang)


def _both(name: str, value: Any) -> dict[str, str]:
    """A message in Chinese as ``name_zh`` and in English as ``name_en``."""
    return {f"{name}_zh": _text(value, "zh"), f"{name}_en": _text(value, "en")}


def summary_of(forecast: Forecast) -> dict[str, Any]:
    """The summary of a forecast: the five headline indicators and the report's other
    targets (``Forecast.to_summary``)."""
    data, region = forecast.data, forecast.region
    return {
        "region": region.code, "region_name_zh": region.name_zh,
        "region_name_en": region.name_en,
        "year": forecast.year, "as_of": str(forecast.cutoff),
        "data_sha256": data.sha256, "xyforecast_version": __version__,
        "inputs": summary_inputs(data),
        "rules": {"met_en": _text(MET_RULE, "en"), "met_zh": _text(MET_RULE, "zh"),
                  "status_en": _text(STATUS_RULE, "en"),
                  "status_zh": _text(STATUS_RULE, "zh")},
        "indicators": [_indicator(forecast, item) for item in forecast.indicators],
        "other_targets": [{"indicator": o.target.indicator,
                           "name_zh": data.catalog.indicator(o.target.indicator).name_zh,
                           "name_en": data.catalog.indicator(o.target.indicator).name_en,
                           "measure": o.target.measure, "value": o.target.value,
                           "unit": o.target.unit, "qualifier": o.target.qualifier,
                           "label_zh": o.target.label("zh"), "label_en": o.target.label("en"),
                           "latest": None if o.period is None else {
                               "period": str(o.period), "value": o.value}}
                          for o in forecast.other_targets],
        "data_conflicts": len(forecast.conflicts),
    }


def _indicator(forecast: Forecast, item: IndicatorForecast) -> dict[str, Any]:
    data, p = forecast.data, item.projection
    q = p.quantiles
    target = None
    if p.target is not None:
        t = p.target
        target = {"measure": t.measure, "value": t.value, "qualifier": t.qualifier,
                  "threshold": _round(t.threshold), "upper": t.upper, "stretch": t.stretch,
                  "label_zh": t.label("zh"), "label_en": t.label("en"),
                  "rule_zh": t.rule("zh"), "rule_en": t.rule("en"), "source": t.source}
    latest = None
    if p.latest is not None:
        whose = data.catalog.region(p.latest.region)
        latest = {"period": p.latest.period, "growth_pct": _round(p.latest.growth_pct),
                  "region": p.latest.region, "region_name_zh": whose.name_zh,
                  "region_name_en": whose.name_en}
    projection = None if not p.known else {
        "median": _round(q["median"]), "p10": _round(q["p10"]), "p90": _round(q["p90"]),
        "p025": _round(q["p025"]), "p975": _round(q["p975"])}
    stretch = p.target.p_stretch(p.dist) if p.target is not None and p.dist is not None \
        and p.target.measure == "growth_pct" else None
    return {
        "indicator": item.code, "name_zh": item.name.zh, "name_en": item.name.en,
        "price_basis": item.price_basis,
        "target": target,
        "latest": latest,
        "own": _own(item.standing),
        "method_zh": method_label(p.method, "zh"), "method_en": method_label(p.method, "en"),
        "projection": projection,
        "p_meet_target": _round(p.p_meet, 3),
        "p_meet_stretch": _round(stretch, 3),
        "status": item.status,
        "required_rest_growth_pct": _round(item.required.stated),
        "required_rest_growth_pct_rule": _round(item.required.threshold),
        "level_target": _level(item.progress),
        "method": p.method, **_both("basis", p.basis),
        **{f"basis_change_{lang}": None if item.basis_change is None
           else _text(item.basis_change, lang) for lang in ("zh", "en")},
        "n_obs": p.n_obs, "cutoff": str(p.cutoff),
        **{f"notes_{lang}": [_text(n, lang) for n in p.notes] for lang in ("zh", "en")},
        "borrowing": _borrowing(forecast, p),
        "base_rate": p.base_rate and {"share_met": _round(p.base_rate.share, 3),
                                      "n": p.base_rate.n, "era": p.base_rate.era,
                                      "ambition_pp": _round(p.base_rate.ambition)},
    }


def _own(s: Standing | None) -> dict[str, Any] | None:
    """The region's own latest figures of the year, as its table gives them."""
    if s is None:
        return None
    return {"period": str(s.period), "growth_pct": _round(s.value),
            "level": _round(s.level), "month_level": _round(s.month_level),
            "month_growth_pct": _round(s.month_growth_pct),
            "previous_period": str(s.previous[0]) if s.previous else None,
            "previous_growth_pct": _round(s.previous[1]) if s.previous else None,
            "change_pp": _round(s.change), "change_stated": s.stated_change_pp is not None,
            "change_disagrees": s.change_disagrees,
            "parent": s.parent, "gap_pp": _round(s.gap), "rank": s.rank, "ranked": s.ranked}


def _level(progress: LevelProgress | None) -> dict | None:
    """A level target's progress against 序时进度 (months elapsed / 12) and, where levels tell
    it, the share normally done by then."""
    if progress is None:
        return None
    seasonal = progress.seasonal
    return {"target": progress.target.value, "done": progress.done,
            "period": str(progress.period), "share_done": progress.share_done,
            "elapsed": progress.elapsed, "ahead_pp": progress.ahead_pp,
            "share_seasonal": None if seasonal is None else seasonal.value,
            "ahead_seasonal_pp": progress.ahead_seasonal_pp,
            **_both("share_seasonal_source", seasonal.source if seasonal else ""),
            "required_rest": progress.required_rest}


def _borrowing(forecast: Forecast, p) -> dict | None:
    """What a borrowed projection took from its parent (or a stale one from its parent's
    news): the differential, the spread and where each comes from."""
    out: dict[str, Any] = {}
    if p.borrowing is not None:
        b = p.borrowing
        out = {"parent": b.parent,
               "parent_name_zh": forecast.data.catalog.region(b.parent).name_zh,
               "parent_name_en": forecast.data.catalog.region(b.parent).name_en,
               "differential_pp": _round(b.differential_pp),
               "spread_sd_pp": _round(b.spread_sd), "own_gaps": b.own_gaps,
               "own_mean_gap_pp": _round(b.own_mean_gap_pp), "shrink": _round(b.shrink, 3),
               "indicator_ratio": _round(b.indicator_ratio, 3),
               **{f"sources_{lang}": [_text(m, lang) for m in b.sources]
                  for lang in ("zh", "en")}}
    if p.rolled is not None:
        r = p.rolled
        out["rolled"] = {"parent": r.parent, "news_pp": _round(r.news_pp),
                         "from_period": r.from_period,
                         "idiosyncratic_sd_pp": _round(r.idiosyncratic_sd)}
    return out or None


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
    """Raise jsonschema.ValidationError when the summary breaks the contract. The schema
    itself is checked by a test, not by every command (``jsonschema.validate`` checks it
    against its meta-schema first: seven times the cost of the summary's own check)."""
    import jsonschema  # here: pages read this module's rules, and validate nothing

    contract = schema()
    jsonschema.validators.validator_for(contract)(contract).validate(summary)


def dumps(summary: dict[str, Any]) -> str:
    return json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=False)
