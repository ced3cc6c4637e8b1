"""When each figure counts as published: the cut-off from which a replay may see it.

A figure is known from a cut-off (a month index, ``year * 12 + month - 1``):

- with a release date in its file (the ``vintage`` column, a 发布日期 line), from the
  month before the release (the figures of a month come out in the next: released
  2025-10-20, known at ``--as-of 2025-09``);
- in one of the user's files without a date, from its own period — unless an earlier
  publication (a dated row, or a file whose figures end earlier) gives the same figure:
  then this row is a revision, published with its file, i.e. at the file's latest period (a
  1–9月 table revising 1–6月 GDP came out after September, so as of June it does not exist).
  A file that compiles many months therefore hides none of them until its last month;
- in the shipped files (no dates), never: NaN, replayed at their vintage (data/README.md).

The date a figure is published comes from the file only, never from its name.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xyforecast.catalog import OBSERVATION_MEASURES

KEY = ["region", "indicator", "territory", "measure", "year", "month"]


def published(frame: pd.DataFrame) -> np.ndarray:
    """The cut-off (month index) from which each row of ``frame`` is known; NaN if never
    stated (the shipped data)."""
    out = np.full(len(frame), np.nan)
    if frame.empty:
        return out
    own = (frame["year"] * 12 + frame["month"] - 1).to_numpy(dtype=float)
    released = frame["released"].fillna("").astype(str)
    dated = (released != "").to_numpy()
    if dated.any():
        year = released[dated].str.slice(0, 4).astype(int).to_numpy()
        month = released[dated].str.slice(5, 7).astype(int).to_numpy()
        out[dated] = year * 12 + month - 2
    user = (frame["origin"] != "shipped").to_numpy()
    undated = user & ~dated
    if not undated.any():
        return out
    observation = frame["measure"].isin(OBSERVATION_MEASURES).to_numpy()
    latest = pd.Series(np.where(observation & user, own, np.nan)).groupby(
        frame["file"].to_numpy()).transform("max").to_numpy()
    # the earliest publication that gives each figure: a dated row's, or a file's latest
    issue = np.where(dated, out, latest)
    keys = frame.loc[:, KEY].assign(_issue=np.where(user, issue, np.nan))
    earliest = keys.groupby(KEY, sort=False)["_issue"].transform("min").to_numpy()
    revision = earliest < latest
    observed = np.where(revision, latest, own)
    out[undated] = np.where(observation, observed, latest)[undated]
    return out
