"""A province's counties every month on Airflow (3.x): one task per county, then the group's
index.

``members`` asks xyforecast which counties of the group have figures (``index --list``);
``render`` is mapped over them (dynamic task mapping: one task instance per county, run in
parallel up to Airflow's limits), each a plain ``xyforecast render`` of one county that
publishes that county's report the moment it is complete; ``index`` builds the group's
ranking page from the published ``summary.json`` files once every county has finished,
failed ones included (``all_done``), and ``failed_counties`` then fails the run if any county
failed, so that a bad county is never hidden behind a green index. A county whose data,
code and parameters did not change since its last report is skipped (``--skip-unchanged``).

Exit statuses arrive as they are (docs/scheduling.md): 2 for bad parameters or data (that
county's task fails at once; retrying cannot help), 1 for a failed page, 130 when Airflow's
``execution_timeout`` stopped it. Nothing of Airflow is imported by xyforecast.

Set ``XYFORECAST_HOME`` (the checkout; default /srv/xyforecast) and, if xyforecast is not in
that checkout's ``.venv/``, ``XYFORECAST_BIN``. Trigger with a configuration to override the
parameters below, e.g. ``airflow dags test xyforecast_province --conf '{"year": 2025}'``.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from datetime import datetime, timedelta

from airflow.exceptions import AirflowException
from airflow.sdk import dag, get_current_context, task
from airflow.task.trigger_rule import TriggerRule

CHECKOUT = os.environ.get("XYFORECAST_HOME", "/srv/xyforecast")
XYFORECAST = os.environ.get("XYFORECAST_BIN", os.path.join(CHECKOUT, ".venv", "bin",
                                                           "xyforecast"))


def _year() -> int:
    """The year asked for, else the year of the run (reports of the running year)."""
    context = get_current_context()
    when = context.get("data_interval_end") or context.get("logical_date") or datetime.now()
    return int(context["params"]["year"] or when.year)


def _in_workdir(*argv: str) -> str:
    """The command, run where the reports go: ``<workdir>/reports/<region>/<year>/<cut-off>``
    for each county, ``<workdir>/reports/<group>/…`` for the index."""
    workdir = get_current_context()["params"]["workdir"] or CHECKOUT
    return f"cd {shlex.quote(workdir)} && {shlex.join(argv)}"


def _options(*names: str) -> list[str]:
    params = get_current_context()["params"]
    out = ["--year", str(_year())]
    if params["lang"]:
        out += ["--lang", params["lang"]]
    if "only" in names and params["only"]:
        out += ["--only", params["only"]]
    if "skip" in names and params["skip_unchanged"]:
        out.append("--skip-unchanged")
    return out


@dag(
    dag_id="xyforecast_province",
    schedule="30 6 20 * *",  # 06:30 on the 20th, after the month's county bulletins
    start_date=datetime(2025, 1, 1),
    catchup=False,
    max_active_runs=1,
    params={
        "group": "zhengzhou-counties",  # <parent>-counties: every county under a city
        "regions": [],  # or these region codes instead of the group's members
        "year": None,  # None: the year of the run
        "workdir": "",  # the reports go to <workdir>/reports/; "" for the checkout
        "lang": "",  # "" for both languages; "zh" for Chinese only
        "only": "",  # e.g. "dashboard" for one page per county
        "skip_unchanged": True,
    },
    default_args={"retries": 0},
    tags=["xyforecast"],
)
def xyforecast_province():
    @task
    def members() -> list[str]:
        params = get_current_context()["params"]
        if params["regions"]:
            return list(params["regions"])
        listed = subprocess.run([XYFORECAST, "index", "--group", params["group"], "--year",
                                 str(_year()), "--list"], cwd=CHECKOUT, capture_output=True,
                                text=True, check=True)
        return listed.stdout.split()

    @task.bash(cwd=CHECKOUT, execution_timeout=timedelta(hours=1), map_index_template=
               "{{ task.op_kwargs['region'] }}")
    def render(region: str) -> str:
        return _in_workdir(XYFORECAST, "render", "--region", region, *_options("only", "skip"))

    @task.bash(cwd=CHECKOUT, trigger_rule=TriggerRule.ALL_DONE)
    def index() -> str:
        group = get_current_context()["params"]["group"]
        return _in_workdir(XYFORECAST, "index", "--group", group, *_options())

    @task(trigger_rule=TriggerRule.ONE_FAILED)
    def failed_counties() -> None:
        raise AirflowException("at least one county's render failed: see its task's log")

    rendered = render.expand(region=members())
    indexed = index()
    rendered >> indexed
    [rendered, indexed] >> failed_counties()


xyforecast_province()
