"""Project each indicator's full year, choosing the method by the order of evidence.

1. the year's full figure, once published;
2. the region's own year-to-date figures: the bridge (``nowcast``), optionally combined
   with the annual model and, for GDP, the announced target (as the backtest chose);
3. its own full-year history, when enough of the last ten years exist (``own_years``,
   chosen by the backtest: a short series beats borrowing when its parent is far away);
4. its parent's projection plus the gap regions like it keep to their parents (``borrowing``);
5. whatever little history it has; else nothing.

Paths 2 and 3 are rolled forward with the parent's news when the parent has heard more
recently (a county's Jan–Feb investment in October moves with what its province and China
published since). The spread of 2 and 3 is the calibrated one (``calibration``). Every path
returns a ``Projection`` whose ``basis`` says, in one sentence, what it rests on. All of it is
computed from one ``Evidence`` object: the data set is read once per projection.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

from xyforecast.engine import models, nowcast, ytd
from xyforecast.engine.baserates import base_rate
from xyforecast.engine.borrowing import RATIO_PRIOR, own_gaps
from xyforecast.engine.calibration import level_key
from xyforecast.engine.candidates import candidates as weighed
from xyforecast.engine.distribution import Mixture
from xyforecast.engine.evidence import Evidence, cut_month, gather
from xyforecast.engine.regime import regime
from xyforecast.engine.results import (
    Borrowing,
    Figure,
    LatestFigure,
    LevelProgress,
    Projection,
    Rolled,
)
from xyforecast.engine.settings import Settings, defaults
from xyforecast.engine.targets import Target, growth_target, targets_for
from xyforecast.i18n import Msg, Pair
from xyforecast.inputs.dataset import Dataset
from xyforecast.periods import Period


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
            as_of: Period | str | None = None, settings: Settings | None = None,
            candidates: bool = False) -> Projection:
    """The full-year projection of one indicator, as of ``as_of`` (default: latest data);
    with ``candidates``, also what each model weighed says on its own (fits ARIMA and ETS,
    which imports statsmodels: asked for by the pages that show them)."""
    data.catalog.region(region)
    data.catalog.indicator(indicator)
    cut = default_cutoff(data, year) if as_of is None else (
        as_of if isinstance(as_of, Period) else Period.parse(as_of))
    view = data.as_of(cut)
    ev = gather(view, region, indicator, year)
    # The target is the question asked, not evidence: it is looked up in all the data, so a
    # projection made before the year's report still says its chance of meeting it; as a
    # pull on the point it counts only once announced.
    settings = settings or defaults()
    announced = growth_target(view, region, indicator, year)
    result = project_evidence(ev, settings,
                              target=growth_target(data, region, indicator, year),
                              announced=announced, data_dir=data.data_dir)
    if candidates:
        result = replace(result, candidates=weighed(ev, result, settings, announced))
    return result


def project_all(data: Dataset, region: str, year: int, as_of: Period | str | None = None,
                settings: Settings | None = None) -> list[Projection]:
    """The five headline indicators, in the report's order."""
    return [project(data, region, i.code, year, as_of, settings)
            for i in data.catalog.headline()]


def project_evidence(ev: Evidence, settings: Settings, target: Target | None = None,
                     announced: Target | None = None, data_dir: Path | None = None
                     ) -> Projection:
    """The projection from gathered evidence alone (what the backtest replays); the base
    rate of a GDP target is read from ``data_dir`` (default: ``config.data_dir()``). Growth
    never reaches −100% (``Mixture.bounded``)."""
    result = _project(ev, settings, announced)
    if result.dist is not None:
        result = replace(result, dist=result.dist.bounded())
    if target is None:
        return result
    extra: dict = {"target": target}
    bridge = result.share is not None and result.method == "ytd-bridge"
    if bridge and target.measure == "growth_pct":
        share, g = result.share.value, result.latest.growth_pct
        extra["required_rest_growth_pct"] = float(ytd.required_rest_growth(target.value, g,
                                                                           share))
        extra["required_rest_growth_pct_rule"] = float(
            ytd.required_rest_growth(target.threshold, g, share))
    if target.indicator == "gdp" and target.measure == "growth_pct":
        extra["base_rate"] = _base_rate(ev, target, data_dir)
    return replace(result, **extra)


def _project(ev: Evidence, s: Settings, announced: Target | None = None) -> Projection:
    own = ev.own
    recent = [y for y in own.history if y >= ev.year - 10]
    if own.full is not None:
        return _published(ev)
    if own.months:
        return _roll(ev, _bridge(ev, s, announced), s)
    if len(recent) >= s.own_years:
        return _roll(ev, _annual(ev, s), s)
    if len(ev.chain) > 1:
        return _borrowed(ev, s)
    if own.history:
        return _annual(ev, s, few=True)
    return Projection(own.region, ev.indicator, ev.year, ev.cutoff, "none",
                      Msg.of("engine.basis_none", region=own.name, cutoff=str(ev.cutoff)),
                      None)


def _published(ev: Evidence) -> Projection:
    own = ev.own
    return Projection(
        own.region, ev.indicator, ev.year, ev.cutoff, "published",
        Msg.of("engine.basis_published", year=ev.year, value=own.full),
        Mixture.point(own.full), 1,
        latest=LatestFigure(own.region, str(ev.year), own.full),
        evidence=(Figure(own.region, ev.indicator, str(ev.year), "growth_pct", own.full),))


def _spread(ev: Evidence, s: Settings, point: float, w: float, has_ytd: bool,
            horizon: int = 1, divergence: float = 0.0, distance: float = 0.0
            ) -> tuple[Mixture, Msg]:
    """The calibrated spread around ``point``, and the sentence saying where it comes from:
    the level the region sits at, with or without its own figures this year, measured or
    (no errors at that level) the widest sub-national one, and the uncertain pace's part."""
    own, k, scale = ev.own, ev.indicator, s.scale
    dist = s.distribution(point, k, own.level, w, has_ytd, regime(ev), horizon, divergence,
                          distance)
    sd = s.sd(k, own.level, w, has_ytd, horizon, divergence, distance)
    mode = Msg.of("engine.spread_ytd" if has_ytd else "engine.spread_annual")
    if own.level == "country":
        where = Msg.of("engine.spread_country", own=mode)
    else:
        n = scale.measured.get(level_key(own.level, has_ytd), 0)
        where = Msg.of("engine.spread_measured", group=Msg.of(f"engine.group_{own.level}"),
                       own=mode, n=n) if n else Msg.of(
            "engine.spread_widest", group=Msg.of(f"engine.group_{own.level}"), own=mode,
            factor=s.county_factor(own.level, has_ytd))
    without = s.sd(k, own.level, w, has_ytd, horizon)
    pace = Msg.of("engine.spread_pace", d=divergence, u=distance,
                  sd=(sd**2 - without**2) ** 0.5) if sd > without + 0.05 else ""
    factor = s.widening(own.level, has_ytd)
    widen = Msg.of("engine.spread_widened", factor=factor,
                   cases=s.evidence.get("widen", {}).get("cases", 0)) \
        if abs(factor - 1) > 0.005 else ""
    return dist, Msg.of("engine.basis_spread", n=scale.n_errors, sd=sd, where=where,
                        pace=pace, widen=widen)


def _bridge(ev: Evidence, s: Settings, announced: Target | None) -> Projection:
    own, k = ev.own, ev.indicator
    normal = regime(ev) == "normal"  # targets hold, and the year-to-date pace, in normal years
    b = nowcast.bridge(ev, s.momentum_for(k, regime(ev), own.level),
                       s.pick("two_year", k))
    w = b.share.value
    annual = models.forecast(s.pick("prior_model", k), own.history, ev.year) \
        if own.history else None
    target = announced.value if announced is not None and \
        announced.measure == "growth_pct" else None
    point, weight, pull = nowcast.combine(b.point, w, annual.value if annual else None,
                                          s.pick("prior" if normal else "prior_shock", k),
                                          target, s.pick("anchor", k) if normal else 0.0)
    prior_msg = Msg.of("engine.basis_prior", weight=weight, value=annual.value,
                       model=Msg.of(f"labels.model_{annual.model}")) if weight else ""
    anchor_msg = Msg.of("engine.basis_anchor", weight=pull, value=target) if pull else ""
    dist, spread = _spread(ev, s, point, w, has_ytd=True, divergence=b.divergence,
                           distance=b.distance)
    period = Period(ev.year, b.month)
    basis = Msg.of("engine.basis_bridge", region=own.name, period=period.label("zh"),
                   ytd=b.ytd_pct, pace=b.pace, share=b.share.source, weight=w,
                   prior=prior_msg, anchor=anchor_msg, spread=spread)
    figures = tuple(Figure(own.region, k, str(Period(ev.year, m)), "growth_pct", v)
                    for m, v in sorted(own.months.items()))
    return Projection(
        own.region, k, ev.year, ev.cutoff, "ytd-bridge", _period_basis(basis, period), dist,
        len(figures) + s.scale.n_errors,
        latest=LatestFigure(own.region, str(period), b.ytd_pct), share=b.share,
        evidence=figures)


def _period_basis(basis: Msg, period: Period) -> Msg:
    """A period names itself in each language (2025年1-9月 / Jan-Sep 2025)."""
    params = dict(basis.params)
    params["period"] = Pair(period.label("zh"), period.label("en"))
    return Msg(basis.key, tuple(params.items()))


def _annual(ev: Evidence, s: Settings, few: bool = False) -> Projection:
    own, k = ev.own, ev.indicator
    forecast = models.forecast(s.pick("annual_model", k), own.history, ev.year)
    dist, spread = _spread(ev, s, forecast.value, 0.0, has_ytd=False,
                           horizon=forecast.horizon)
    years = sorted(own.history)
    notes = list(forecast.notes)
    if few:
        notes.append(Msg.of("engine.few_years"))
    if forecast.horizon > 1:
        notes.append(Msg.of("engine.horizon", h=forecast.horizon))
    basis = Msg.of("engine.basis_annual", region=own.name, year=ev.year,
                   years=f"{years[0]}-{years[-1]}", n=len(years),
                   model=Msg.of(f"labels.model_{forecast.model}"), spread=spread)
    return Projection(
        own.region, k, ev.year, ev.cutoff, f"annual-{forecast.model}", basis, dist, len(years),
        latest=LatestFigure(own.region, str(years[-1]), own.history[years[-1]]),
        evidence=tuple(Figure(own.region, k, str(y), "growth_pct", own.history[y])
                       for y in years),
        notes=tuple(dict.fromkeys(notes)))


def _roll(ev: Evidence, own: Projection, s: Settings) -> Projection:
    """Move a projection resting on stale figures by the parent's news since then: the
    parent's projection now, plus the gap the child's own figures implied, plus the part of
    the child's error its parent does not share. Assumption: the child moves one for one
    with its parent's news (not estimated: too few stale cases to measure it)."""
    parent = ev.parent()
    month = ev.own.latest_month
    if parent is None or own.dist is None or parent.info_month() <= month:
        return own
    now, then = _project(parent, s), _project(parent.truncated(month), s)
    if now.dist is None or then.dist is None:
        return own
    ratio = s.ratio(ev.indicator)
    floor = s.gaps.predict([0.0] * 10, ev.own.level, ratio).sd  # a gap's year-to-year noise
    idio = math.sqrt(max(own.dist.sd**2 - then.dist.sd**2, floor**2))
    gap = own.median - then.median
    dist = now.dist.shift(gap).add_normal(0.0, idio)
    news = now.median - then.median
    own_period = Period(ev.year, month) if month else Period(ev.year - 1, 12)
    basis = Msg.of("engine.basis_rolled", region=ev.own.name, own=own.latest.growth_pct,
                   own_period=Pair(own_period.label("zh"), own_period.label("en")),
                   parent=parent.own.name, news=news)
    return replace(own, dist=dist, basis=_joined(own.basis, basis),
                   rolled=Rolled(parent.own.region, news, str(own_period), now.method,
                                 own.dist.sd, idio),
                   borrowed_from=now)


def _joined(first: Msg, second: Msg) -> Msg:
    return Msg.of("labels.two_sentences", first=first, second=second)


def _borrowed(ev: Evidence, s: Settings) -> Projection:
    parent_ev = ev.parent()
    assert parent_ev is not None
    base = _project(parent_ev, s)
    own, k = ev.own, ev.indicator
    if base.dist is None:
        return replace(base, region=own.region, borrowed_from=base)
    ratio = s.ratio(k)
    gaps = own_gaps(ev)
    gap = s.gaps.predict([g for _, g, _ in gaps], own.level, ratio,
                         n_months=sum(month != 12 for _, _, month in gaps))
    dist = base.dist.add_normal(gap.mean, gap.sd)
    n_history = len(own.history)
    history = Msg.of("engine.history_few", n=n_history) if n_history else \
        Msg.of("engine.history_none")
    differential = Msg.of("engine.differential_own", mean=gap.mean, n=gap.n,
                          own=gap.own_mean, shrink=gap.shrink, months=gap.n_months) \
        if gap.n else Msg.of("engine.differential_none")
    basis = Msg.of("engine.basis_borrowed", region=own.name, year=ev.year, history=history,
                   parent=parent_ev.own.name, method=Msg.of(f"labels.method_{base.method}")
                   if not base.method.startswith("annual-") else Msg.of(
                       "labels.method_annual",
                       model=Msg.of(f"labels.model_{base.method[7:]}")),
                   differential=differential, group=Msg.of(f"engine.group_{own.level}"),
                   sd=gap.sd)
    g = s.gaps
    sources = [Msg.of("engine.gap_source", n_regions=g.n_regions, years=g.years,
                      n=g.n_deviations, tau=g.persistent_sd, sigma=g.transient_sd)]
    if own.level == "county":
        rms = f"{g.county_rms:.2f}" if g.county_rms is not None else "—"
        sources.append(Msg.of("engine.county_source", factor=g.county_factor,
                              n=g.county_gaps, rms=rms))
    if k != "gdp":
        measured = s.gaps.gap_ratios.get(k)
        sources.append(Msg.of("engine.ratio_source", ratio=ratio, measured=measured[0],
                              n=measured[1], prior=s.error_ratio(k), weight=RATIO_PRIOR)
                       if measured else Msg.of("engine.ratio_prior", ratio=ratio))
    borrowing = Borrowing(parent_ev.own.region, gap.mean, gap.sd, gap.n, gap.own_mean,
                          gap.shrink, ratio, tuple(sources))
    return Projection(own.region, k, ev.year, ev.cutoff, "borrowed", basis, dist,
                      base.n_obs + gap.n, latest=base.latest, evidence=base.evidence,
                      notes=base.notes, borrowed_from=base, borrowing=borrowing)


def _base_rate(ev: Evidence, target: Target, data_dir: Path | None):
    """How often comparable GDP targets were met (last year's growth: own, else a parent's)."""
    for series in ev.chain:
        last = series.history.get(ev.year - 1)
        if last is not None:
            return base_rate(target.value, last, ev.year, target.tolerance,
                             data_dir=data_dir)  # only years before ev.year
    return None


def level_progress(data: Dataset, region: str, indicator: str, year: int,
                   as_of: Period) -> LevelProgress | None:
    """Progress on the year's level target (investment of 360亿元), from the region's own
    year-to-date level at the cut-off; None without a level target or a level figure."""
    view = data.as_of(as_of)
    month = cut_month(as_of, year)
    targets = [t for t in targets_for(view, region, year)
               if t.indicator == indicator and t.measure == "level"]
    levels = view.values(region, indicator, "level")
    done = levels.get(Period(year, month)) if month > 0 else None
    if not targets or done is None:
        return None
    share = gather(view, region, indicator, year).share(month) if month < 12 else None
    seasonal = share if share is not None and share.source.key != "engine.share_months" \
        else None
    return LevelProgress(targets[0], Period(year, month), float(done), seasonal)
