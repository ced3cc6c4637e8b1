"""Track record: the nested replay, the defaults it supports, the scorecard, the tables.

    python -m benchmarks.accuracy

Replays every past year with settings chosen without it (``xyforecast.evaluation``), then
writes, all committed:
  benchmarks/results/backtest_rows.csv   one row per case and method (the track record)
  benchmarks/results/folds.json          the settings each held-out year was scored with
  benchmarks/results/scorecard.json      the headline figures, with bootstrap intervals
  benchmarks/results/<table>.csv         the tables the track-record page shows
  xyforecast/engine/defaults.json        the settings chosen on all years (what runs)
and prints the tables, where the model still loses, and the README's table.
"""

from __future__ import annotations

import argparse
import json
import time

import pandas as pd

from xyforecast import config
from xyforecast.engine.settings import write_defaults
from xyforecast.evaluation import backtest, track_record
from xyforecast.inputs.dataset import load

COLUMNS = ["n", "mae", "crps", "coverage80", "coverage95", "width80", "brier", "log_score"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    start = time.process_time()
    data = load()
    rows, defaults, folds = backtest.run(data)
    cpu = time.process_time() - start
    results = config.results_dir()
    results.mkdir(parents=True, exist_ok=True)
    rows.round(4).to_csv(results / "backtest_rows.csv", index=False)
    (results / "folds.json").write_text(json.dumps(
        {str(year): s.to_dict() for year, s in folds.items()}, indent=1,
        ensure_ascii=False) + "\n")
    write_defaults(defaults)
    tables = track_record.tables(rows)
    for name, table in tables.items():
        table.round(4).to_csv(results / f"{name}.csv", index=False)
    card = track_record.scorecard(rows)
    (results / "scorecard.json").write_text(json.dumps(card, indent=1) + "\n")
    _print(tables, track_record.losses(rows), card, cpu)
    print("\nREADME table (Track record):\n" + track_record.headline_markdown(card, tables))
    return 0


def _print(tables: dict[str, pd.DataFrame], losses: pd.DataFrame, card: dict,
           cpu: float) -> None:
    pd.set_option("display.width", 200)
    titles = {
        "by_kind": "Out of sample, by kind of case and years",
        "september": "Year to date through September: model vs baselines (points)",
        "before_the_year": "Before the year, regions with >= 10 years: model vs last year",
        "by_month": "By cut-off month (0 = the December before)",
        "target_met": "Probability of meeting the target (year-to-date cases with a target)",
        "by_indicator": "All cut-offs, by indicator",
    }
    for name, title in titles.items():
        table = tables[name]
        keys = [c for c in table.columns if c not in [*COLUMNS, "n_targets"]]
        print(f"\n{title}\n" + table[keys + COLUMNS].round(3).to_string(index=False))
    print("\nReliability of P(meet):\n" + tables["reliability"].round(2).to_string(index=False))
    print("\nWhere the model still loses to a baseline (MAE):")
    print(losses.round(2).to_string(index=False) if len(losses) else "  (nowhere)")
    print("\nScorecard:\n" + json.dumps(card, indent=1))
    print(f"\n{card['n_cases']} cases replayed in {cpu:.1f} s of CPU")


if __name__ == "__main__":
    raise SystemExit(main())
