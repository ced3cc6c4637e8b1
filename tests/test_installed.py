"""An installed copy (``pip install .``, not editable) run from another folder: with no
checkout to find, a command stops with one line saying what to set; with
``XYFORECAST_DATA`` or ``--data-dir`` it works. The copy is installed without its
dependencies into a folder of its own (they come from this environment), so that only the
package's own files — not the checkout's — are on the path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site-packages")
    build = tmp_path_factory.mktemp("build")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                    "--target", str(target), str(ROOT)],
                   check=True, capture_output=True, timeout=300, cwd=build,
                   env={**os.environ, "TMPDIR": str(build)})
    assert not (target / "xyforecast" / "__init__.py").is_symlink()
    return target


def run(installed: Path, cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith("XYFORECAST_") and k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "xyforecast", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300,
                          env={**clean, "PYTHONPATH": str(installed), **env})


def test_the_copy_ships_its_templates_schema_and_defaults(installed):
    package = installed / "xyforecast"
    for name in ("site/templates/report-page.html.j2", "site/templates/report.css",
                 "outputs/summary.schema.json", "engine/defaults.json"):
        assert (package / name).is_file(), name


@pytest.mark.parametrize("lang, words", [("zh", "找不到数据文件夹"),
                                         ("en", "no data folder found")])
def test_without_a_checkout_it_says_what_to_set_in_one_line(installed, tmp_path, lang, words):
    result = run(installed, tmp_path, "forecast", "--region", "xingyang", "--year", "2025",
                 "--lang", lang)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert words in result.stderr and "XYFORECAST_DATA" in result.stderr
    assert "--data-dir" in result.stderr


@pytest.mark.parametrize("how", ["environment", "option"])
def test_given_the_data_folder_it_works_from_anywhere(installed, tmp_path, how):
    data = str(ROOT / "data")
    args = ["forecast", "--region", "xingyang", "--year", "2025"]
    result = (run(installed, tmp_path, *args, XYFORECAST_DATA=data) if how == "environment"
              else run(installed, tmp_path, *args, "--data-dir", data))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("荥阳市 2025年主要指标目标达成预测")


def test_an_installed_copy_never_rewrites_its_own_defaults(installed, tmp_path):
    """The backtest records its choice in the checkout's engine/defaults.json; an installed
    copy refuses (one line), its shipped file untouched."""
    shipped = installed / "xyforecast" / "engine" / "defaults.json"
    before = shipped.read_bytes()
    probe = ("from xyforecast.engine.settings import defaults, write_defaults\n"
             "from xyforecast.errors import UsageError\n"
             "try:\n    write_defaults(defaults())\nexcept UsageError as exc:\n"
             "    print('refused', exc)\n")
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith("XYFORECAST_") and k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                            text=True, timeout=300, env={**clean, "PYTHONPATH": str(installed)})
    assert result.stdout.startswith("refused"), result.stdout + result.stderr
    assert shipped.read_bytes() == before
