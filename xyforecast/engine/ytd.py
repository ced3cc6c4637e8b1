"""Year-to-date arithmetic on a comparable basis (可比口径).

Published growth is the truth; levels only serve as weights. All growth rates are in percent,
as published. ``base_ytd`` and ``base_full`` are last year's cumulative levels (through month m,
and for the whole year); only their ratio matters, so the weight ``share = base_ytd/base_full``
(the part of last year's total that fell in the months so far) can stand in for both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from xyforecast.i18n import Msg


def _r(pct):
    return 1 + np.asarray(pct, dtype=float) / 100


def _pct(ratio):
    out = (np.asarray(ratio, dtype=float) - 1) * 100
    return float(out) if out.ndim == 0 else out


def single_from_cumulative(cum_pct, prev_cum_pct, base, prev_base):
    """Growth of the single period between two year-to-date figures (e.g. Q3 from Q1-Q3 and H1).

    g_m = ((1+G_m)·B_m − (1+G_{m−1})·B_{m−1}) / (B_m − B_{m−1}) − 1, with B last year's
    cumulative levels. For the first period of the year (prev_base = 0) it is the cumulative.
    """
    base, prev_base = np.asarray(base, dtype=float), np.asarray(prev_base, dtype=float)
    return _pct((_r(cum_pct) * base - _r(prev_cum_pct) * prev_base) / (base - prev_base))


def cumulative_from_single(single_pct, prev_cum_pct, base, prev_base):
    """The inverse: year-to-date growth from the previous year-to-date and the new period's."""
    base, prev_base = np.asarray(base, dtype=float), np.asarray(prev_base, dtype=float)
    return _pct((_r(single_pct) * (base - prev_base) + _r(prev_cum_pct) * prev_base) / base)


def required_rest_growth(target_pct, ytd_pct, share):
    """Growth the rest of the year needs so the full year reaches ``target_pct``.

    g_rest = ((1+G)·B_full − (1+g)·B_ytd) / (B_full − B_ytd) − 1, with share = B_ytd/B_full.
    """
    share = np.asarray(share, dtype=float)
    return _pct((_r(target_pct) - _r(ytd_pct) * share) / (1 - share))


def full_year_from_rest(ytd_pct, rest_pct, share):
    """The inverse: full-year growth from year-to-date growth and rest-of-year growth."""
    share = np.asarray(share, dtype=float)
    return _pct(_r(ytd_pct) * share + _r(rest_pct) * (1 - share))


def two_year_average(growth_pct, previous_pct):
    """sqrt((1+g_t)(1+g_{t−1})) − 1: strips the base effects of 2020-2022."""
    return _pct(np.sqrt(_r(growth_pct) * _r(previous_pct)))


@dataclass(frozen=True)
class Share:
    """Last year's year-to-date share of the full year, and where it came from."""

    value: float
    source: Msg  # e.g. "own levels 2024", "China's seasonal share 2016-2024"

    def __post_init__(self):
        if not 0 < self.value < 1 + 1e-12 or not math.isfinite(self.value):
            raise ValueError(f"a year-to-date share must lie in (0, 1], got {self.value}")


def months_elapsed(month: int) -> Share:
    """The fallback weight when no levels exist: the part of the calendar year gone."""
    return Share(month / 12, Msg.of("engine.share_months"))
