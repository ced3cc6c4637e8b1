"""The offline route, as the README gives it: ``scripts/wheelhouse.sh`` gathers the wheels
for Linux, then a fresh environment installs xyforecast from them alone (``pip install
--no-index --find-links WHEELHOUSE .``, no index and no pip configuration) and renders a page.
Slow (a download and an install); CI runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.wheelhouse]


def test_an_install_from_the_wheelhouse_alone_renders_a_report(tmp_path):
    wheelhouse = tmp_path / "wheelhouse"
    subprocess.run(["bash", str(ROOT / "scripts" / "wheelhouse.sh"), str(wheelhouse), "linux"],
                   check=True, timeout=1800, capture_output=True,
                   env={**os.environ, "PYTHON": sys.executable})
    source = tmp_path / "xyforecast-src"  # what a copied checkout holds of the package
    shutil.copytree(ROOT / "xyforecast", source / "xyforecast",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source)
    offline = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    offline |= {"PIP_CONFIG_FILE": os.devnull, "HOME": str(tmp_path),
                "MPLCONFIGDIR": str(tmp_path / "mpl")}
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=offline)
    install = subprocess.run([str(venv / "bin" / "pip"), "install", "--no-index",
                              "--find-links", str(wheelhouse / "linux"), str(source)],
                             capture_output=True, text=True, timeout=1800, env=offline)
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    out = tmp_path / "report"
    render = subprocess.run([str(venv / "bin" / "xyforecast"), "render", "--region", "xingyang",
                             "--year", "2025", "--only", "dashboard", "--lang", "zh", "--out",
                             str(out)], capture_output=True, text=True, timeout=600,
                            cwd=tmp_path, env={**offline, "XYFORECAST_HOME": str(ROOT)})
    assert render.returncode == 0, render.stderr[-3000:]
    assert "荥阳市" in (out / "dashboard.html").read_text(encoding="utf-8")
