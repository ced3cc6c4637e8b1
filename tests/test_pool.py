"""The render's worker pool, stopped the moment it starts (a bad option found while the
workers start): it waits for every worker to have started, then stops them, printing
nothing. pebble closes the workers' channels before terminating them, and a worker still
starting then printed a traceback from multiprocessing (seen once in CI, stop 22)."""

import multiprocessing

from xyforecast.runner.pool import WORKER, start_pool, stop_pool


def _workers() -> list[int]:
    return [p.pid for p in multiprocessing.active_children() if p.name == WORKER]


def test_a_pool_stopped_as_it_starts_lets_its_workers_start_and_prints_nothing(
        tmp_path, capfd):
    for attempt in range(5):
        ready = tmp_path / str(attempt)
        ready.mkdir()
        pool = start_pool(2, ready)
        started = _workers()  # start_pool spawns them before it returns
        stop_pool(pool, ready)
        assert len(started) == 2
        assert sorted(p.name for p in ready.iterdir()) == sorted(
            f"worker-{pid}.started" for pid in started)
        assert _workers() == []
    assert "Traceback" not in capfd.readouterr().err
