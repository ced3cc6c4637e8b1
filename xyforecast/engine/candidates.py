"""What each model the engine weighed says on its own — ARIMA and ETS beside the simple
models and the year-to-date bridge — the weight each carries in the projection shown, and
its out-of-sample score in the real-time replay.

The candidates are fitted on the figures the projection rests on: the region's own, or,
for a borrowed projection, its parent's, moved by the child's differential and widened by
the spread of its gap (as the projection itself is); a projection rolled forward with its
parent's news moves its candidates by the same news. Intervals are the model's own where it
has one (ARIMA's and ETS's, from statsmodels), else the calibrated spread the engine would
give that point (``calibration``). Fitting ARIMA and ETS imports statsmodels, so candidates
are computed only when asked for (``project(..., candidates=True)``).
"""

from __future__ import annotations

from xyforecast.engine import models, nowcast
from xyforecast.engine.distribution import Mixture
from xyforecast.engine.evidence import Evidence
from xyforecast.engine.regime import regime
from xyforecast.engine.results import Candidate, Projection
from xyforecast.engine.settings import Settings
from xyforecast.engine.targets import Target

Z80 = 1.2815515655446004  # the 90% point of a standard normal


def candidates(ev: Evidence, p: Projection, s: Settings, announced: Target | None = None
               ) -> tuple[Candidate, ...]:
    """The models weighed for projection ``p`` (made from ``ev`` with settings ``s``)."""
    if p.dist is None or p.method in ("published", "none"):
        return ()
    if p.method == "borrowed" and p.borrowed_from is not None and p.borrowing is not None:
        parent = ev.parent()
        assert parent is not None
        inner = candidates(parent, p.borrowed_from, s)
        b = p.borrowing
        return tuple(_moved(c, b.differential_pp, b.spread_sd) for c in inner)
    found = _own(ev, p, s, announced)
    news = p.rolled.news_pp if p.rolled is not None else 0.0
    return tuple(_moved(c, news, 0.0) for c in found) if news else found


def _own(ev: Evidence, p: Projection, s: Settings, announced: Target | None
         ) -> tuple[Candidate, ...]:
    own, k = ev.own, ev.indicator
    weights: dict[str, float] = {}
    out = []
    if p.method == "ytd-bridge":
        normal = regime(ev) == "normal"
        b = nowcast.bridge(ev, s.momentum_for(k, regime(ev), own.level),
                           s.pick("two_year", k))
        prior_model = s.pick("prior_model", k)
        annual = models.forecast(prior_model, own.history, ev.year) if own.history else None
        target = announced.value if announced is not None and \
            announced.measure == "growth_pct" else None
        _, weight, pull = nowcast.combine(
            b.point, b.share.value, annual.value if annual else None,
            s.pick("prior" if normal else "prior_shock", k), target,
            s.pick("anchor", k) if normal else 0.0)
        weights[prior_model] = weight * (1 - pull)
        dist = s.distribution(b.point, k, own.level, b.share.value, True, regime(ev),
                              divergence=b.divergence, distance=b.distance)
        out.append(_candidate("ytd-bridge", own.region, dist, (1 - weight) * (1 - pull), s, k))
        if pull and target is not None:
            out.append(Candidate("target", own.region, target, target, target, pull, "none"))
    elif p.method.startswith("annual-"):
        weights[p.method.removeprefix("annual-")] = 1.0
    if own.history:
        for model in models.MODELS:
            point = models.forecast(model, own.history, ev.year)
            if point.notes and model in models.FITTED:  # too few years: the last value
                dist, interval = s.distribution(point.value, k, own.level, 0.0, False,
                                                regime(ev), point.horizon), "fallback"
            elif point.sd is not None:
                dist, interval = Mixture.normal(point.value, point.sd), "own"
            else:
                dist = s.distribution(point.value, k, own.level, 0.0, False, regime(ev),
                                      point.horizon)
                interval = "calibrated"
            out.append(_candidate(model, own.region, dist, weights.get(model, 0.0), s, k,
                                  interval))
    return tuple(out)


def _candidate(model: str, region: str, dist: Mixture, weight: float, s: Settings,
               indicator: str, interval: str = "calibrated") -> Candidate:
    low, median, high = dist.bounded().quantile([0.1, 0.5, 0.9])
    score = s.evidence.get("scores", {}).get(indicator, {}).get(model, {})
    return Candidate(model, region, float(median), float(low), float(high), float(weight),
                     interval, score.get("crps"), score.get("mae"), int(score.get("n", 0)))


def _moved(c: Candidate, shift: float, sd: float) -> Candidate:
    """A candidate moved by ``shift`` points, its interval widened by an independent normal
    of ``sd`` (a child's gap to the parent it borrows from)."""
    half = [(c.median - c.p10) / Z80, (c.p90 - c.median) / Z80]
    low, high = (((h**2 + sd**2) ** 0.5) * Z80 for h in half)
    return Candidate(c.model, c.region, c.median + shift, c.median + shift - low,
                     c.median + shift + high, c.weight, c.interval, c.crps, c.mae, c.n_scored)
