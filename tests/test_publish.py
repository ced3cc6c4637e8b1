"""Publishing where Windows and locked-down machines refuse: a file held open by another
program (WPS or Excel showing ``dashboard.xlsx``) is named with its program, the previous
report is kept and the render exits non-zero; a read-only report is replaced without leaving
``.<cut-off>.old-<pid>`` behind; a report the system refuses to move stays as it was.

The read-only and refused cases are real on Linux (a user without root, ``chattr +i``); the
refusal of a folder with an open file is Windows' alone, so the rename is made to fail the way
Windows fails it (``PermissionError``, errno EACCES: winerror 32, "being used by another
process") while a real process holds the file open.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from xyforecast.cli import main
from xyforecast.errors import UsageError
from xyforecast.runner import publish
from xyforecast.site.spec import MARKER

from conftest import ROOT

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


def report(folder: Path, **files: str) -> dict[str, bytes]:
    """A report folder as a render leaves it (marker, pages, a subfolder), synthetic."""
    folder.mkdir(parents=True)
    (folder / MARKER).write_text('{"xyforecast_version": "0.0.1"}\n', encoding="utf-8")
    for name, text in {"index.html": "<title>previous</title>\n", "dashboard.xlsx": "xlsx",
                       "sub/chart.png": "png", **files}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return snapshot(folder)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def beside(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith("."))


def read_only(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        path.chmod(0o555 if path.is_dir() else 0o444)
    folder.chmod(0o555)


def test_a_read_only_report_is_replaced_and_no_old_folder_is_left():
    """Issue 19, failure 7: a report folder whose files and folders are read-only. As root
    the permissions would not bite, so the swap runs as the unprivileged user 'nobody'."""
    work = Path(tempfile.mkdtemp(prefix="xyforecast-read-only-"))
    try:
        work.chmod(0o755)
        dest, temp = work / "2025-09", work / ".2025-09.partial-1"
        report(dest)
        new = report(temp, **{"index.html": "<title>new</title>\n"})
        read_only(dest)
        swap = [sys.executable, "-c", "import sys; from pathlib import Path; from "
                "xyforecast.runner.publish import publish; publish(*map(Path, sys.argv[1:]))",
                str(temp), str(dest)]
        if ROOT_USER:
            if not shutil.which("setpriv"):
                pytest.skip("as root the permissions need another user: setpriv")
            for path in [work, *work.rglob("*")]:
                os.chown(path, 65534, 65534, follow_symlinks=False)
            swap = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *swap]
            if subprocess.run([*swap[:4], sys.executable, "-c", "import xyforecast"],
                              cwd=ROOT, capture_output=True).returncode:
                pytest.skip("the user 'nobody' cannot read this checkout")
        result = subprocess.run(swap, capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert result.returncode == 0, result.stderr
        assert snapshot(dest) == new
        assert beside(dest) == []  # no .2025-09.old-<pid>, no .partial
    finally:
        for path in [work, *work.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(work)


@pytest.mark.skipif(not ROOT_USER or not shutil.which("chattr"),
                    reason="an immutable folder: root and chattr")
def test_a_report_the_system_refuses_to_move_stays_as_it_was(tmp_path):
    dest, temp = tmp_path / "2025-09", tmp_path / ".2025-09.partial-1"
    before = report(dest)
    new = report(temp, **{"index.html": "<title>new</title>\n"})
    if subprocess.run(["chattr", "+i", str(dest)], capture_output=True).returncode:
        pytest.skip("this file system has no immutable attribute")
    try:
        with pytest.raises(UsageError, match=r"无法将报告写入.*2025-09"), \
                contextlib.ExitStack() as stack:  # before any kernel starts
            publish.prepare(stack, dest)
        with pytest.raises(publish.Refused) as refused:  # and if it turns so during a render
            publish.publish(temp, dest)
    finally:
        subprocess.run(["chattr", "-i", str(dest)], check=True)
    assert refused.value.message.render("en").startswith("cannot replace the report: ")
    assert os.strerror(errno.EPERM) in refused.value.message.render("en")
    assert snapshot(dest) == before and snapshot(temp) == new
    assert beside(dest) == [".2025-09.lock", ".2025-09.partial-1"]


def holding(path: Path) -> subprocess.Popen:
    """Another program with ``path`` open, as WPS holds a workbook it shows."""
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys
        handle = open(sys.argv[1], "rb")
        print("open", flush=True)
        sys.stdin.read()
    """), str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "open"
    return holder


def refuse_like_windows(monkeypatch, folder: Path) -> None:
    """Renaming ``folder`` fails as on Windows while a file in it is open elsewhere."""
    rename = os.rename

    def windows_rename(source, target, *args, **kwargs):
        if Path(source) == folder:
            raise PermissionError(errno.EACCES, "The process cannot access the file because "
                                  "it is being used by another process", str(source))
        return rename(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "rename", windows_rename)
    monkeypatch.setattr(publish, "RETRIES", (0.01,))


def test_the_program_holding_a_file_open_is_named(tmp_path, monkeypatch):
    dest, temp = tmp_path / "2025-09", tmp_path / ".2025-09.partial-1"
    before = report(dest)
    report(temp)
    holder = holding(dest / "dashboard.xlsx")
    try:
        refuse_like_windows(monkeypatch, dest)
        with pytest.raises(publish.Refused) as refused:
            publish.publish(temp, dest)
    finally:
        holder.communicate("")
    message = refused.value.message
    assert "dashboard.xlsx 正被" in message.render("zh")
    assert f"（进程{holder.pid}）打开；请关闭后重新生成" in message.render("zh")
    assert message.render("en").startswith("cannot replace the report: dashboard.xlsx is "
                                           "open in python")
    assert snapshot(dest) == before and temp.is_dir()
    assert not [p for p in beside(dest) if ".old-" in p]


@pytest.mark.e2e
def test_a_render_whose_report_is_open_in_wps_keeps_it_and_exits_non_zero(
        tmp_path, monkeypatch, capsys):
    dest = tmp_path / "xingyang"
    before = report(dest)
    holder = holding(dest / "dashboard.xlsx")
    try:
        refuse_like_windows(monkeypatch, dest)
        code = main(["render", "--region", "xingyang", "--year", "2025", "--only", "data",
                     "--lang", "zh", "--out", str(dest)])
    finally:
        holder.communicate("")
    err = capsys.readouterr().err
    assert code == 1, err
    assert "dashboard.xlsx 正被" in err and f"（进程{holder.pid}）" in err
    assert "原有报告（如有）未改动，本次结果保存在" in err and "Traceback" not in err
    assert snapshot(dest) == before  # the previous report, byte for byte
    kept = tmp_path / "xingyang.failed"
    assert (kept / "data.html").is_file()  # this render, to look at
    assert [p for p in beside(dest) if not p.endswith(".lock")] == []
