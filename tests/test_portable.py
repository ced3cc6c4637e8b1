"""Runs as on Windows: with the POSIX-only modules and functions blocked for xyforecast's own
code (``tests/windows_like/sitecustomize.py``, loaded by every process: the command, its
workers, the kernels) and every text file it opens without naming its encoding an error
(Windows would use its code page, GBK in China), ``forecast``, ``report``, ``render`` (one
real page per report) and ``index`` succeed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from docx import Document

from conftest import ROOT

WINDOWS_LIKE = Path(__file__).parent / "windows_like"


def windows_like_env(home: Path) -> dict[str, str]:
    return {"PATH": os.environ["PATH"], "HOME": str(home), "PYTHONPATH": str(WINDOWS_LIKE),
            "PYTHONWARNDEFAULTENCODING": "1", "PYTHONIOENCODING": "utf-8",
            "MPLCONFIGDIR": str(home / "mpl"), "TMPDIR": str(home)}


def xyforecast(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xyforecast", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, env=windows_like_env(home),
                          timeout=600)


def test_the_blocking_is_real(tmp_path):
    """Without this, the test below would prove nothing."""
    probe = textwrap.dedent("""
        import sys
        for line in ("import fcntl", "import resource", "import os; os.killpg",
                     "import os; os.kill(0, 0)", "import signal; signal.SIGKILL",
                     "open(sys.argv[1], 'w')"):
            try:
                exec(line, {"__name__": "xyforecast.probe", "sys": sys})
            except (ImportError, AttributeError, RuntimeError, EncodingWarning):
                print("blocked:", line)
    """)
    result = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "a.txt")],
                            capture_output=True, text=True,
                            env=windows_like_env(tmp_path), cwd=ROOT)
    assert result.stdout.count("blocked:") == 6, result.stdout + result.stderr


def test_forecast_and_report_run_without_posix_modules(tmp_path):
    forecast = xyforecast(tmp_path, "forecast", "--region", "xingyang", "--year", "2025",
                          "--json")
    assert forecast.returncode == 0, forecast.stderr
    assert '"region": "xingyang"' in forecast.stdout
    report = xyforecast(tmp_path, "report", "--region", "xingyang", "--year", "2025",
                        "--out", str(tmp_path))
    assert report.returncode == 0, report.stderr
    assert Document(str(tmp_path / "经济运行分析.docx")).paragraphs[0].text.startswith("荥阳市")


@pytest.mark.e2e
def test_a_render_and_the_group_index_run_without_posix_modules(tmp_path):
    out = tmp_path / "reports"
    render = xyforecast(tmp_path, "render", "--region", "xingyang,xinzheng", "--year", "2025",
                        "--only", "dashboard", "--lang", "zh", "--out", str(out))
    assert render.returncode == 0, render.stderr
    assert "内部错误" not in render.stderr
    for region in ("xingyang", "xinzheng"):
        page = (out / region / "2025" / "2025-09" / "dashboard.html").read_text("utf-8")
        assert "荥阳市" in page or "新郑市" in page
    index = xyforecast(tmp_path, "index", "--group", "zhengzhou-counties", "--year", "2025",
                       "--out", str(out))
    assert index.returncode == 0, index.stderr
    assert "新郑市" in (out / "zhengzhou-counties" / "2025" / "2025-09" / "index.html"
                       ).read_text("utf-8")
