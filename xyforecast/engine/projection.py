"""Project each indicator's full year, choosing the method by the order of evidence.

1. the region's own year-to-date figures this year: the year-to-date bridge (``nowcast``);
2. its own full-year history, when there are at least ``ENOUGH_YEARS`` of the last ten:
   the annual model the backtest chose (``models``);
3. its reference region (xingyang → zhengzhou → henan → china), projected the same way,
   plus the spread of that region's children around it, measured in the data;
4. whatever little history it has, with the fallbacks that say so; else nothing.

Every path returns a ``Projection``; its ``basis`` says which path and why, in a sentence.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from functools import cache

import numpy as np
import pandas as pd

from xyforecast import config
from xyforecast.engine import ytd
from xyforecast.engine.models import fit_annual
from xyforecast.engine.nowcast import bridge, ytd_share
from xyforecast.engine.results import N_DRAWS, Evidence, Projection, rng, t_draws
from xyforecast.engine.targets import growth_target
from xyforecast.i18n import method_label
from xyforecast.inputs.dataset import Dataset
from xyforecast.periods import Period

ENOUGH_YEARS = 5  # full years of own history (within the last ten) to trust an annual model
MIN_SPREAD_PAIRS = 5  # child-parent deviations of the indicator itself before borrowing GDP's
DEFAULT_VOLATILITY_RATIO = 3.0  # other indicators vs GDP when the data cannot say


@cache
def defaults() -> dict:
    """Method defaults chosen by the backtest (``benchmarks/accuracy.py`` writes them)."""
    return json.loads(config.package_file("engine", "defaults.json").read_text())


def setting(name: str, indicator: str):
    """A default for one indicator, else the default for all."""
    values = defaults()[name]
    return values.get(indicator, values["default"])


def annual_prior(view: Dataset, chain: list[str], indicator: str, year: int):
    """The annual model's forecast from the region's own history, when it has enough."""
    history = view.annual(chain[0], indicator)
    history = history[history.index < year]
    if len(history[history.index >= year - 10]) < ENOUGH_YEARS:
        return None
    model = setting("annual_model", indicator)
    return fit_annual(model, history, volatility(view, chain, indicator)).forecast(year)


def default_cutoff(data: Dataset, year: int) -> Period:
    """The latest period in the data for ``year``, else the last one before it."""
    latest = data.latest(year=year)
    if latest is not None:
        return latest
    before = data.as_of(Period(year - 1, 12)).latest()
    if before is None:
        raise ValueError(f"no data before {year}")
    return before


def project(data: Dataset, region: str, indicator: str, year: int,
            as_of: Period | str | None = None) -> Projection:
    """The full-year projection of one indicator, as of ``as_of`` (default: latest data)."""
    data.catalog.region(region)
    data.catalog.indicator(indicator)
    cut = default_cutoff(data, year) if as_of is None else (
        as_of if isinstance(as_of, Period) else Period.parse(as_of))
    view = data.as_of(cut)
    result = _project(view, region, indicator, year)
    # The target is the question asked, not evidence: it is looked up in all the data, so a
    # projection made before the year's report still says its chance of meeting it.
    return replace(result, target=growth_target(data, region, indicator, year))


def project_all(data: Dataset, region: str, year: int,
                as_of: Period | str | None = None) -> list[Projection]:
    """The five headline indicators, in the report's order."""
    return [project(data, region, i.code, year, as_of) for i in data.catalog.headline()]


def _project(view: Dataset, region: str, indicator: str, year: int) -> Projection:
    chain = [r.code for r in view.catalog.chain(region)]
    growth = view.year_to_date(region, indicator, year)
    history = view.annual(region, indicator)
    history = history[history.index < year]
    name = view.catalog.region(region)
    if 12 in growth.index:
        return _published(view, region, indicator, year, float(growth[12]))
    if len(growth):
        return _bridge(view, chain, indicator, year)
    recent = history[history.index >= year - 10]
    if len(recent) >= ENOUGH_YEARS:
        return _annual(view, chain, indicator, year, history)
    parent = view.catalog.region(region).parent
    if parent is not None:
        return _borrowed(view, region, parent, indicator, year, len(history))
    if len(history):
        return _annual(view, chain, indicator, year, history)
    return Projection(region, indicator, year, view.cutoff, "none",
                      f"No figures for {name.name_en} {indicator} up to {view.cutoff}.",
                      f"{name.name_zh}截至{view.cutoff}无该指标数据。", None)


def _published(view: Dataset, region: str, indicator: str, year: int,
               value: float) -> Projection:
    evidence = (Evidence(region, indicator, str(year), "growth_pct", value),)
    return Projection(
        region, indicator, year, view.cutoff, "published",
        f"The full-year figure for {year} is published: {value:+.1f}%.",
        f"{year}年全年数据已公布:{value:+.1f}%。",
        np.full(N_DRAWS, value), 1, latest={"period": str(year), "growth_pct": value,
                                             "region": region}, evidence=evidence)


def volatility(view: Dataset, chain: list[str], indicator: str) -> float:
    """The year-to-year spread of full-year growth along the chain (root-mean-square change
    over √2, the standard deviation if years were independent): the floor under any spread
    estimated from a handful of years. At least half a point; 2 points when the data is mute."""
    changes: list[float] = []
    for region in chain:
        s = view.annual(region, indicator)
        years = s.index.to_numpy()
        changes += list(np.diff(s.to_numpy())[np.diff(years) == 1])
    if len(changes) < 3:
        return 2.0
    return max(float(np.sqrt(np.mean(np.square(changes)) / 2)), 0.5)


def _bridge(view: Dataset, chain: list[str], indicator: str, year: int) -> Projection:
    region = chain[0]
    momentum = setting("momentum", indicator)
    b = bridge(view, chain, indicator, year, momentum=momentum,
               floor_sd=volatility(view, chain, indicator))
    prior = annual_prior(view, chain, indicator, year) if setting("prior", indicator) else None
    if prior is not None:
        b = b.with_prior(prior.mean, prior.scale, prior.df)
    b = b.widened(defaults()["bridge_widen"])
    period = Period(year, b.month)
    draws = b.draws(rng(region, indicator, year, view.cutoff, "bridge"))
    target = growth_target(view, region, indicator, year)
    need = need_rule = None
    if target is not None:
        need = float(ytd.required_rest_growth(target.value, b.ytd_pct, b.share.value))
        need_rule = float(ytd.required_rest_growth(target.threshold, b.ytd_pct, b.share.value))
    lenders = [view.catalog.region(r).name_en for r in b.pair_regions if r != region]
    lenders_zh = [view.catalog.region(r).name_zh for r in b.pair_regions if r != region]
    when = "the same month" if b.same_month else "all months, rescaled to the months left"
    when_zh = "同月" if b.same_month else "各月(按剩余月份折算)"
    momentum_en = momentum_zh = ""
    if b.momentum_pct is not None and momentum > 0:
        momentum_en = (f", moved {momentum:.0%} of the way to {b.momentum_source}'s "
                       f"{b.momentum_pct:+.1f}%")
        momentum_zh = f",并按{momentum:.0%}权重向最近单期增速{b.momentum_pct:+.1f}%调整"
    prior_en = prior_zh = ""
    if prior is not None:
        prior_en = (f", combined with the {prior.model} model's {prior.mean:+.1f}% "
                    "by precision")
        prior_zh = f",并按精度与{prior.model}年度模型的{prior.mean:+.1f}%加权"
    borrowed_en = f" pooled with {', '.join(lenders)}" if lenders else ""
    borrowed_zh = f"(含{'、'.join(lenders_zh)})" if lenders_zh else ""
    basis = (f"Own year-to-date growth through {period.label('en')} ({b.ytd_pct:+.1f}%) carried "
             f"to the full year{momentum_en}{prior_en}, weighted by {b.share.source} "
             f"({b.share.value:.0%} of the year done); spread from {b.n_pairs} past errors at "
             f"{when}{borrowed_en}.")
    basis_zh = (f"以本地{period.label('zh')}累计增速{b.ytd_pct:+.1f}%推算全年"
                f"{momentum_zh}{prior_zh};"
                f"权重取{b.share.source_zh}(已完成全年{b.share.value:.0%});"
                f"区间依据{b.n_pairs}个历史{when_zh}误差{borrowed_zh}。")
    extra = {}
    completion = level_completion(view, chain, indicator, year, b.month)
    if completion is not None:
        extra["level_target"] = completion
    return Projection(
        region, indicator, year, view.cutoff, "ytd-bridge", basis, basis_zh, draws,
        len(b.evidence) + b.n_pairs,
        latest={"period": str(period), "growth_pct": b.ytd_pct, "region": region},
        required_rest_growth_pct=need, required_rest_growth_pct_rule=need_rule,
        share={"value": b.share.value, "source": b.share.source},
        evidence=b.evidence, notes=b.notes, extra=extra)


def level_completion(view: Dataset, chain: list[str], indicator: str, year: int,
                     month: int) -> dict | None:
    """Progress on a level target (e.g. investment of 360亿元): share done vs share expected."""
    from xyforecast.engine.targets import targets_for

    region = chain[0]
    level_targets = [t for t in targets_for(view, region, year)
                     if t.indicator == indicator and t.measure == "level"]
    levels = view.year_to_date(region, indicator, year, "level")
    if not level_targets or month not in levels.index:
        return None
    share = ytd_share(view, chain, indicator, year - 1, month)
    done = ytd.level_completion(float(levels[month]), level_targets[0].value, share)
    return {"target": done.target, "done": done.done, "share_done": done.share_done,
            "share_expected": done.share_expected, "share_source": share.source,
            "ahead_pp": done.ahead_pp, "required_rest": done.required_rest,
            "period": str(Period(year, month))}


def _annual(view: Dataset, chain: list[str], indicator: str, year: int,
            history: pd.Series) -> Projection:
    region = chain[0]
    model = setting("annual_model", indicator)
    results = fit_annual(model, history, volatility(view, chain, indicator))
    forecast = results.forecast(year)
    draws = results.draws(year, rng(region, indicator, year, view.cutoff, "annual", model))
    name = view.catalog.region(region)
    years = f"{history.index[0]}-{history.index[-1]}"
    few = len(history) < ENOUGH_YEARS
    basis = (f"No {year} figures for {name.name_en} yet: its own full-year growth "
             f"{years} ({len(history)} years), {model} model"
             f"{' (too few years: wide interval)' if few else ''}.")
    basis_zh = (f"{name.name_zh}尚无{year}年数据:依据本地{years}年全年增速({len(history)}年),"
                f"{model}模型{'(年份太少,区间较宽)' if few else ''}。")
    evidence = tuple(Evidence(region, indicator, str(y), "growth_pct", float(v))
                     for y, v in history.items())
    latest = {"period": str(history.index[-1]), "growth_pct": float(history.iloc[-1]),
              "region": region}
    return Projection(region, indicator, year, view.cutoff, f"annual-{model}", basis, basis_zh,
                      draws, len(history), latest=latest, evidence=evidence,
                      notes=tuple(dict.fromkeys(forecast.notes)))


def spread(view: Dataset, region: str, indicator: str) -> tuple[np.ndarray, str, str, int]:
    """How far regions at this region's level have strayed from their parents: differences
    in growth for the same period. Too few for this indicator: GDP's, scaled by how much more
    this indicator strays (measured across all levels, else a factor of 3)."""
    level = view.catalog.region(region).level
    own = deviations(view, indicator, level)
    if len(own) >= MIN_SPREAD_PAIRS or indicator == "gdp":
        return np.array(own), f"{len(own)} child-parent differences", \
            f"{len(own)}个下级与上级增速差", len(own)
    ratio = volatility_ratio(view, indicator)
    gdp = [ratio * d for d in deviations(view, "gdp", level)]
    pooled = own + gdp
    return (np.array(pooled),
            f"{len(own)} differences of its own and {len(gdp)} of GDP scaled ×{ratio:.1f}",
            f"{len(own)}个本指标差值及{len(gdp)}个地区生产总值差值(放大{ratio:.1f}倍)",
            len(pooled))


def deviations(view: Dataset, indicator: str, level: str) -> list[float]:
    """Child minus parent growth, every period both have, for regions at ``level``."""
    out: list[float] = []
    for child in view.catalog.regions.values():
        if child.level != level or child.parent is None:
            continue
        mine = view.series(child.code, indicator)
        theirs = view.series(child.parent, indicator)
        out += [float(mine[p] - theirs[p]) for p in mine.index.intersection(theirs.index)]
    return out


def volatility_ratio(view: Dataset, indicator: str) -> float:
    levels = ("county", "prefecture", "province")
    mine = [d for lv in levels for d in deviations(view, indicator, lv)]
    gdp = [d for lv in levels for d in deviations(view, "gdp", lv)]
    if len(mine) < 4 or len(gdp) < 4:
        return DEFAULT_VOLATILITY_RATIO
    return max(float(np.std(mine, ddof=1) / np.std(gdp, ddof=1)), 1.0)


_GROUPS = {"county": ("counties", "各县(市)"), "prefecture": ("cities", "各地级市"),
           "province": ("provinces", "各省份"), "country": ("countries", "各国")}


def _borrowed(view: Dataset, region: str, parent: str, indicator: str, year: int,
              n_history: int) -> Projection:
    base = _project(view, parent, indicator, year)
    name, parent_name = view.catalog.region(region), view.catalog.region(parent)
    if not base.known:
        return replace(base, region=region, borrowed_from=base)
    devs, what, what_zh, n = spread(view, region, indicator)
    if n >= 2:
        scale = math.sqrt(float(np.mean(np.square(devs)))) * math.sqrt(1 + 1 / n)
        df = max(n - 1, 2)
    else:
        scale, df = 2 * volatility(view, [region, parent], indicator), 3.0
    generator = rng(region, indicator, year, view.cutoff, "spread")
    draws = base.draws + t_draws(0.0, scale, df, generator, len(base.draws))
    own = f"only {n_history} past year{'s' if n_history != 1 else ''}" if n_history else \
        "no past years"
    group, group_zh = _GROUPS[name.level]
    basis = (f"No {year} figures for {name.name_en} and {own}: {parent_name.name_en}'s "
             f"projection ({method_label(base.method, 'en')}) plus the spread of {group} "
             "around their parents "
             f"({what}; sd {scale:.1f} points).")
    own_zh = f"历史仅{n_history}年" if n_history else "无历史数据"
    basis_zh = (f"{name.name_zh}无{year}年数据且{own_zh}:采用{parent_name.name_zh}"
                f"的预测({method_label(base.method, 'zh')}),"
                f"加上{group_zh}相对上级的离散度({what_zh};"
                f"标准差{scale:.1f}个百分点)。")
    return Projection(region, indicator, year, view.cutoff, "borrowed", basis, basis_zh, draws,
                      base.n_obs + n, latest=base.latest, evidence=base.evidence, notes=base.notes,
                      borrowed_from=base, extra={"spread_sd": scale, "spread_n": n})
