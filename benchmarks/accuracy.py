"""Track record: the real-time and leave-one-year-out replays, the defaults they support,
the scorecard, the tables.

    python -m benchmarks.accuracy

Replays every past year with settings chosen only on the years before it (real time, the
headline) and on all other years (leave one year out), then writes, all committed:
  benchmarks/results/backtest_rows.csv   one row per case, design and method (the record)
  benchmarks/results/folds.json          the settings each scored year was scored with
  benchmarks/results/scorecard.json      the headline figures, with bootstrap intervals
  benchmarks/results/<table>.csv         the tables the track-record page shows
  xyforecast/engine/defaults.json        the settings chosen on all years (what runs), with
                                         each candidate model's real-time scores
and prints the tables, where the model still loses, and the README's tables.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace

import pandas as pd

from xyforecast import config
from xyforecast.engine.settings import write_defaults
from xyforecast.evaluation import backtest, track_record
from xyforecast.evaluation.scores import summarise
from xyforecast.inputs.dataset import load

COLUMNS = ["n", "mae", "crps", "coverage80", "coverage95", "width80", "brier", "log_score"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    start = time.process_time()
    data = load()
    replay = backtest.run(data)
    cpu = time.process_time() - start
    rows = replay.rows
    results = config.results_dir()
    results.mkdir(parents=True, exist_ok=True)
    rows.round(4).to_csv(results / "backtest_rows.csv", index=False)
    (results / "folds.json").write_text(json.dumps(
        {name: {str(year): s.to_dict() for year, s in folds.items()}
         for name, folds in replay.folds.items()}, indent=1, ensure_ascii=False) + "\n")
    tables = track_record.tables(rows)
    defaults = replay.defaults
    write_defaults(replace(defaults, evidence=defaults.evidence | {
        "scores": candidate_scores(rows, tables["candidates"])}))
    for name, table in tables.items():
        table.round(4).to_csv(results / f"{name}.csv", index=False)
    card = track_record.scorecard(rows)
    (results / "scorecard.json").write_text(json.dumps(card, indent=1) + "\n")
    _print(tables, track_record.losses(rows), card, cpu)
    print("\nREADME tables (Track record):\n" + track_record.headline_markdown(card, tables))
    return 0


def candidate_scores(rows: pd.DataFrame, candidates: pd.DataFrame) -> dict:
    """Per indicator, each candidate's real-time scores, as ``Projection.candidates`` shows
    them: the annual models before the year, the bridge where the year has its own figures."""
    out: dict[str, dict] = {}
    for r in candidates.itertuples():
        if r.method != "default":
            out.setdefault(r.indicator, {})[r.method] = _score(r.crps, r.mae, r.n)
    live = track_record.design(rows)
    bridge = live[(live["method"] == "default") & (live["kind"] == "ytd")]
    for indicator, part in bridge.groupby("indicator"):
        s = summarise(part)
        out.setdefault(indicator, {})["ytd-bridge"] = _score(s["crps"], s["mae"], s["n"])
    return dict(sorted(out.items()))


def _score(crps: float, mae: float, n: int) -> dict:
    return {"crps": round(float(crps), 4), "mae": round(float(mae), 4), "n": int(n)}


def _print(tables: dict[str, pd.DataFrame], losses: pd.DataFrame, card: dict,
           cpu: float) -> None:
    pd.set_option("display.width", 200)
    titles = {
        "by_kind": "Out of sample, by design, kind of case and years",
        "september": "Real time, year to date through September: model vs baselines (points)",
        "before_the_year": "Real time, before the year, regions with >= 10 years: vs last year",
        "by_month": "Real time, by cut-off month (0 = the December before)",
        "target_met": "Real time, probability of meeting the target (every judged case)",
        "by_indicator": "Real time, all cut-offs, by indicator",
        "candidates": "Real time, before the year: every annual model on the same cases",
    }
    for name, title in titles.items():
        table = tables[name]
        keys = [c for c in table.columns if c not in [*COLUMNS, "n_targets"]]
        print(f"\n{title}\n" + table[keys + COLUMNS].round(3).to_string(index=False))
    print("\nReliability of P(meet):\n" + tables["reliability"].round(2).to_string(index=False))
    print("\nNot scored:\n" + tables["not_scored"].to_string(index=False))
    print("\nWhere the model still loses to a baseline in real time (MAE):")
    print(losses.round(2).to_string(index=False) if len(losses) else "  (nowhere)")
    print("\nScorecard:\n" + json.dumps(card, indent=1))
    print(f"\n{card['realtime_n_cases']} real-time and {card['n_cases']} leave-one-year-out "
          f"cases replayed in {cpu:.1f} s of CPU")


if __name__ == "__main__":
    raise SystemExit(main())
