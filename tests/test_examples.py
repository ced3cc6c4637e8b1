"""The scheduler files in examples/ and the cron line of docs/scheduling.md: each is valid for
its scheduler and runs a command xyforecast accepts. (The Airflow DAG runs for real in the
opt-in tier, tests/test_airflow.py.)"""

from __future__ import annotations

import ast
import re
import shlex
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from xyforecast.cli import build_parser

from conftest import ROOT

EXAMPLES = ROOT / "examples"
TASK = "{http://schemas.microsoft.com/windows/2004/02/mit/task}"


def accepted(argv: list[str]) -> str:
    """The sub-command xyforecast parses ``argv`` into (argparse exits on a bad option)."""
    args = build_parser().parse_args(argv)
    return args.command


def test_the_systemd_units_verify_and_render_one_county(tmp_path):
    service = (EXAMPLES / "systemd" / "xyforecast-render.service").read_text(encoding="utf-8")
    line = re.search(r"^ExecStart=(.*)$", service, re.M).group(1)
    shell = shlex.split(line)[-1]  # /bin/sh -c '…': the command the shell runs
    argv = shlex.split(shell.replace('"$(date +%%Y)"', "2025"))
    assert argv[:2] == ["exec", "/srv/xyforecast/.venv/bin/xyforecast"]
    assert accepted(argv[2:]) == "render" and "--skip-unchanged" in argv
    timer = (EXAMPLES / "systemd" / "xyforecast-render.timer").read_text(encoding="utf-8")
    assert "OnCalendar=*-*-20 06:30:00" in timer and "Persistent=true" in timer
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    for unit in ("xyforecast-render.service", "xyforecast-render.timer"):
        shutil.copy(EXAMPLES / "systemd" / unit, tmp_path)
    verify = subprocess.run(["systemd-analyze", "verify", *map(str, tmp_path.iterdir())],
                            capture_output=True, text=True)
    assert verify.returncode == 0, verify.stderr


def test_the_task_scheduler_file_is_a_monthly_task_that_renders_one_county():
    raw = (EXAMPLES / "windows" / "xyforecast-render.xml").read_bytes()
    assert raw.startswith(b"\xff\xfe")  # UTF-16 with its mark, as Task Scheduler exports
    task = ET.fromstring(raw.decode("utf-16").split("?>", 1)[1])
    assert task.tag == f"{TASK}Task"
    trigger = task.find(f"{TASK}Triggers/{TASK}CalendarTrigger")
    assert trigger.find(f"{TASK}StartBoundary").text.endswith("T06:30:00")
    assert trigger.find(f".//{TASK}DaysOfMonth/{TASK}Day").text == "20"
    assert len(trigger.find(f".//{TASK}Months")) == 12
    action = task.find(f"{TASK}Actions/{TASK}Exec")
    assert action.find(f"{TASK}Command").text.endswith(r"\.venv\Scripts\xyforecast.exe")
    assert accepted(action.find(f"{TASK}Arguments").text.split()) == "render"
    assert task.find(f"{TASK}Settings/{TASK}MultipleInstancesPolicy").text == "IgnoreNew"


def test_the_cron_line_of_the_documentation_renders():
    doc = (ROOT / "docs" / "scheduling.md").read_text(encoding="utf-8")
    cron = re.search(r"```cron\n(?:#.*\n)*(.*)\n", doc).group(1)
    command = cron.split(None, 5)[5]
    assert command.startswith("cd /srv/xyforecast && .venv/bin/xyforecast ")
    argv = shlex.split(command.split("&&")[1].split(">>")[0].replace("$(date +\\%Y)", "2025"))
    assert accepted(argv[1:]) == "render"


def test_the_airflow_dag_is_python_that_fans_out_and_indexes():
    tree = ast.parse((EXAMPLES / "airflow" / "xyforecast_province.py").read_text("utf-8"))
    source = ast.unparse(tree)
    assert "render.expand(region=members())" in source  # one task per county
    assert "'index', '--group'" in source and "TriggerRule.ALL_DONE" in source
