"""What every page of a render shows the same is computed once (issue 18): the track record's
tables are made by the render's main process and pinned beside the data; a page given them
shows what a page computing its own shows."""

from __future__ import annotations

import pickle

import pandas as pd

from xyforecast.request import check_parameters
from xyforecast.runner import snapshot
from xyforecast.site.pages import TrackRecord
from xyforecast.site.pages import track_record as module
from xyforecast.site.spec import build_spec

TRACK = "xyforecast.site.pages.track_record"


def test_the_track_record_page_declares_its_shared_tables(data):
    spec = build_spec(data, ["xingyang"], 2025, [None])
    shared = {p.name: p.shared for p in spec.reports[0].pages}
    assert shared["track-record"] == TRACK
    assert not shared["dashboard"]  # a Forecast page formats the report's Forecast


def test_shared_tables_are_made_once_and_read_as_a_page_computes_them(data, monkeypatch):
    calls = []
    real = module.shared
    monkeypatch.setattr(module, "shared", lambda: calls.append(1) or real())
    made = snapshot.shared([TRACK, "", TRACK, TRACK])
    assert list(made) == [TRACK] and len(calls) == 1
    record = pickle.loads(pickle.dumps(made[TRACK]))  # as a kernel reads the snapshot
    for lang in ("zh", "en"):
        params = check_parameters(region="xingyang", year=2025, lang=lang, data=data)
        given, own = TrackRecord(params, record), TrackRecord(params)
        assert given.key_figures() == own.key_figures()
        assert given.text() == own.text()
        for table in ("table", "coverage", "scorecard", "models", "losses", "reliability"):
            pd.testing.assert_frame_equal(getattr(given, table)(), getattr(own, table)())


def test_a_shared_table_that_cannot_be_made_is_left_to_its_pages(monkeypatch):
    def broken():
        raise FileNotFoundError("backtest_rows.csv")

    monkeypatch.setattr(module, "shared", broken)
    assert snapshot.shared([TRACK]) == {}  # the page computes it, and fails saying why


def test_the_track_record_is_kept_between_renders_until_its_rows_change(tmp_path,
                                                                         monkeypatch):
    """The tables are kept in the cache folder (inputs.cache): a second render reads what
    the first tabulated, the same tables; a changed rows file (a new replay) is tabulated
    anew; with the cache off each render tabulates its own."""
    from xyforecast import config
    from xyforecast.evaluation import track_record

    results = tmp_path / "results"
    results.mkdir()
    rows = (config.results_dir() / "backtest_rows.csv").read_bytes()
    (results / "backtest_rows.csv").write_bytes(rows)
    monkeypatch.setattr(config, "results_dir", lambda: results)
    monkeypatch.setenv("XYFORECAST_CACHE", str(tmp_path / "cache"))
    scored = []
    real = track_record.scorecard
    monkeypatch.setattr(track_record, "scorecard", lambda r: scored.append(1) or real(r))

    first, second = module.shared(), module.shared()
    assert len(scored) == 1
    assert first.card == second.card and first.live.equals(second.live)
    for name, table in first.tables.items():
        pd.testing.assert_frame_equal(table, second.tables[name])

    lines = rows.decode().splitlines(keepends=True)  # a replay with one case fewer
    (results / "backtest_rows.csv").write_text("".join(lines[:-1]))
    third = module.shared()
    assert len(scored) == 2 and len(third.live) <= len(first.live)
    monkeypatch.setenv("XYFORECAST_CACHE", "off")
    module.shared()
    assert len(scored) == 3
