"""The full year from this year's year-to-date figures (the "ytd-bridge"), as a point.

1+G = w·(1+g_ytd) + (1−w)·(1+g_rest), with w last year's year-to-date share: only the
rest of the year, g_rest, is unknown. It runs at the year-to-date pace, moved by
``momentum`` toward the latest single month or quarter; or, in the year after an abnormal
one, at the two-year stacked pace, which strips the base effect (2021 after 2020): the rest
of the year and the same months a year earlier together grow as the year to date and the
same months a year earlier did. The spread around the point is ``calibration``'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from xyforecast.engine import regime, ytd
from xyforecast.engine.evidence import Evidence
from xyforecast.i18n import Msg


@dataclass(frozen=True)
class Bridge:
    """A year-to-date nowcast: the point and what it rests on."""

    month: int
    ytd_pct: float
    share: ytd.Share
    rest_pct: float
    point: float
    pace: Msg  # how the rest of the year was assumed to grow
    latest_single: float | None  # the latest single-period growth, when known
    usual: float | None = None  # the usual growth, in an abnormal year (``regime.usual``)

    @property
    def distance(self) -> float:
        """How far an abnormal year's year to date runs from the region's usual growth
        (points; 0 in a normal year or when unknown): the further, the more the rest of the
        year may return toward it or not (``calibration``). In a normal year a distance is a
        trend (China's investment slowing from 20% to 5%), not a source of surprise."""
        return 0.0 if self.usual is None else self.ytd_pct - self.usual

    @property
    def divergence(self) -> float:
        """How far the latest single period runs from the year-to-date pace (points; 0 when
        unknown): the larger, the less certain the pace of the rest of the year
        (``calibration``)."""
        return 0.0 if self.latest_single is None else self.latest_single - self.ytd_pct


def latest_single(ev: Evidence, month: int) -> tuple[float | None, Msg | None]:
    """The latest single-period growth: the published month or quarter, else the stretch
    since the previous year-to-date figure (shares from one source)."""
    own = ev.own
    if month in own.single:
        return own.single[month], Msg.of(
            "engine.pace_quarter" if ev.quarterly else "engine.pace_month")
    earlier = [m for m in own.months if m < month]
    if not earlier:
        return None, None
    prev = max(earlier)
    shares = ev.shares((prev, month))
    if shares[month].value <= shares[prev].value:
        return None, None
    value = float(ytd.single_from_cumulative(own.months[month], own.months[prev],
                                             shares[month].value, shares[prev].value))
    if prev + 1 == month:
        return value, Msg.of("engine.pace_one_month", month=month)
    return value, Msg.of("engine.pace_stretch", first=prev + 1, last=month)


def two_year_rest(ev: Evidence, month: int) -> float | None:
    """Rest-of-year growth at the two-year stacked pace, when last year's same-month and
    full-year figures exist: (1+g_rest)(1+r_last) = (1+g_ytd)(1+g_ytd,last)."""
    own = ev.own
    last_full = own.history.get(ev.year - 1)
    last_ytd = own.last_ytd.get(month)
    if last_full is None or last_ytd is None:
        return None
    share_last = ev.share(month, ev.year - 2).value
    rest_last = ytd.single_from_cumulative(last_full, last_ytd, 1.0, share_last)
    stacked = (1 + own.months[month] / 100) * (1 + last_ytd / 100)
    return float((stacked / (1 + rest_last / 100) - 1) * 100)


def bridge(ev: Evidence, momentum: float, two_year: bool = False) -> Bridge:
    """The full-year point from the latest year-to-date figure of ``ev.own``."""
    own = ev.own
    month = own.latest_month
    g = own.months[month]
    share = ev.share(month)
    single, single_source = latest_single(ev, month)
    rest, pace = g, Msg.of("engine.pace_ytd")
    stacked = two_year_rest(ev, month) if two_year and regime.base_effect(ev) else None
    if stacked is not None:
        rest, pace = stacked, Msg.of("engine.pace_two_year", year=ev.year - 1)
    elif single is not None and momentum > 0:
        rest = g + momentum * (single - g)
        pace = Msg.of("engine.pace_momentum", momentum=momentum, source=single_source,
                      value=single)
    point = float(ytd.full_year_from_rest(g, rest, share.value))
    abnormal = regime.regime(ev) in ("after", "now")
    return Bridge(month, g, share, float(rest), point, pace, single,
                  regime.usual(ev, month) if abnormal else None)


def combine(point: float, w: float, annual: float | None, prior: float,
            target: float | None, anchor: float) -> tuple[float, float, float]:
    """The bridge point combined with the annual model (weight prior·(1−w)², fading as the
    year fills in) and pulled toward the announced target (weight anchor·(1−w)). Returns the
    point and the two weights used."""
    weight = prior * (1 - w) ** 2 if annual is not None else 0.0
    point = (1 - weight) * point + weight * annual if weight else point
    pull = anchor * (1 - w) if target is not None else 0.0
    point = (1 - pull) * point + pull * target if pull else point
    return point, weight, pull
