"""`make lab` starts JupyterLab for people: as root or not, without a browser, printing the
URL to open, with the notebooks' kernel being the project's environment. A real server,
started with a time-out and stopped with its process group (the first run installs
JupyterLab into .venv-lab/, about half a minute)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from conftest import ROOT

pytestmark = pytest.mark.e2e
URL = re.compile(r"(http://127\.0\.0\.1:(\d+)/lab\?token=([0-9a-f]+))")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str, seconds: float = 60) -> bool:
    """The server answers the URL it printed (it prints it as it starts listening)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as page:
                return page.status == 200
        except OSError:
            time.sleep(0.5)
    return False


def test_make_lab_starts_a_server_and_prints_its_url():
    port = _free_port()
    lab = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_PORT={port}"],
                           cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, start_new_session=True,
                           env={**os.environ, "BROWSER": "false"})
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 400
        found = None
        while time.monotonic() < deadline and found is None and lab.poll() is None:
            line = lab.stdout.readline()
            lines.append(line)
            found = URL.search(line)
        assert found, "".join(lines[-40:])
        url, printed_port, token = found.groups()
        assert int(printed_port) == port
        assert _answers(url), "".join(lines[-40:])
        api = f"http://127.0.0.1:{port}/api/kernelspecs?token={token}"
        with urllib.request.urlopen(api, timeout=30) as answer:
            specs = json.load(answer)["kernelspecs"]
        # the notebooks' kernel is the project's environment, where xyforecast is
        assert specs["python3"]["spec"]["argv"][0].startswith(str(ROOT / ".venv"))
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
            lab.wait()
