"""The status of a projection against its target, by one stated rule.

On track (有望完成) when the probability of meeting the target is at least ``ON_TRACK``, at
risk (存在一定压力) from ``AT_RISK``, off track (压力较大) below; ``unknown`` when there is a
target but no distribution, ``no_target`` when the report set none. Assumption: the thresholds are
conventions of this suite, not estimated from data. Every output takes a status from here and
its words from ``i18n``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xyforecast.engine.results import Projection

ON_TRACK, AT_RISK = 0.7, 0.3  # assumption: P(meet) thresholds of the status
STATUSES = ("on_track", "at_risk", "off_track", "unknown", "no_target")


def status_of(p_meet: float | None) -> str:
    """on_track when P(meet) ≥ 0.7, at_risk from 0.3, off_track below; unknown without one."""
    if p_meet is None:
        return "unknown"
    return "on_track" if p_meet >= ON_TRACK else "at_risk" if p_meet >= AT_RISK else "off_track"


def status(projection: Projection) -> str:
    """The status of a projection: ``no_target`` when the report set no growth target."""
    if projection.target is None:
        return "no_target"
    return status_of(projection.p_meet)
