"""The opt-in Airflow tier: ``examples/airflow/xyforecast_province.py`` run for real by
Airflow (``airflow dags test``, SQLite) against three counties and one region that does not
exist. Not part of ``make test``: ``make test-airflow`` (or ``pytest -m airflow``) runs it.

Airflow lives in an environment of its own (``.venv-airflow/``, or $XYFORECAST_AIRFLOW_VENV),
installed on the first run (about 75 s with a warm pip cache) and reused after; the DAG calls
this checkout's ``xyforecast`` like any scheduler would. The bad region's task fails with
exit status 2, the three counties publish their reports, the group index ranks them, and the
run fails (``failed_counties``) so that the bad one is not hidden.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.airflow
AIRFLOW = "apache-airflow==3.3.2"  # the version this tier was run with
COUNTIES = ["xingyang", "xinzheng", "dengfeng"]


def airflow_venv() -> Path:
    venv = Path(os.environ.get("XYFORECAST_AIRFLOW_VENV", ROOT / ".venv-airflow"))
    if not (venv / "bin" / "airflow").is_file():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", AIRFLOW], check=True,
                       timeout=1800)
    return venv


@pytest.fixture(scope="module")
def dag_run(tmp_path_factory) -> dict:
    venv = airflow_venv()
    home = tmp_path_factory.mktemp("airflow")
    out = home / "reports"
    env = {**os.environ, "AIRFLOW_HOME": str(home),
           "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "examples" / "airflow"),
           "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
           "XYFORECAST_HOME": str(ROOT),
           "XYFORECAST_BIN": str(Path(sys.executable).parent / "xyforecast")}
    airflow = str(venv / "bin" / "airflow")
    subprocess.run([airflow, "db", "migrate"], env=env, check=True, capture_output=True,
                   timeout=600)
    conf = {"regions": [*COUNTIES, "nosuchregion"], "year": 2025, "workdir": str(home),
            "lang": "zh", "only": "dashboard"}
    run = subprocess.run([airflow, "dags", "test", "xyforecast_province", "--conf",
                          json.dumps(conf)], env=env, capture_output=True, text=True,
                         timeout=1800, cwd=home)
    log = run.stdout + run.stderr
    (home / "dags-test.log").write_text(log, encoding="utf-8")
    if os.environ.get("XYFORECAST_AIRFLOW_LOG"):  # keep the output, e.g. for a report
        shutil.copy(home / "dags-test.log", os.environ["XYFORECAST_AIRFLOW_LOG"])
    return {"log": log, "out": out, "code": run.returncode}


def test_the_three_counties_publish_their_reports(dag_run):
    for county in COUNTIES:
        report = dag_run["out"] / county / "2025" / "2025-09"
        assert (report / "summary.json").is_file() and (report / "dashboard.html").is_file()


def test_the_bad_region_fails_its_own_task_with_exit_status_2(dag_run):
    log = dag_run["log"]
    assert re.search(r"exit code 2", log), log[-5000:]
    assert "未知地区" in log or "unknown region" in log.lower(), log[-5000:]
    assert not (dag_run["out"] / "nosuchregion").exists()


def test_the_group_index_ranks_the_counties_and_the_run_fails(dag_run):
    index = dag_run["out"] / "zhengzhou-counties" / "2025" / "2025-09" / "index.html"
    html = index.read_text(encoding="utf-8")
    assert all(name in html for name in ("荥阳市", "新郑市", "登封市"))
    assert "at least one county's render failed" in dag_run["log"]
