"""Faults during a render, and user input that must never run as code or show as markup.

Real renders (``xyforecast render`` in a subprocess: papermill, real kernels, no mocks), each
checked for what a scheduler relies on: the other pages finish or the run stops cleanly, the
previous report stays byte for byte, the exit status and a one-line message say what
happened, no traceback, no half report, no kernel left running. The notebooks, the data
rows and the region added here are synthetic and say so; the shipped data/ is only copied.

Already covered in test_render.py, not repeated here: a page whose cell raises (exit 1,
notebook and cell named, the previous report kept) and SIGTERM to the render process.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from openpyxl import load_workbook

from xyforecast.cli import main
from xyforecast.runner import scratch
from xyforecast.runner.publish import recover
from xyforecast.site.spec import MARKER

from conftest import HEADER, ROOT, write_csv

pytestmark = pytest.mark.e2e  # every test here renders (real kernels) or awaits one that did

PREVIOUS = {  # a previous report, as a render left it (it carries the render's marker)
    MARKER: '{"xyforecast_version": "0.0.1"}\n',
    "index.html": "<!DOCTYPE html>\n<title>previous report</title>\n",
    "summary.json": '{"region": "xingyang", "year": 2025}\n',
    "data.html": "previous data page\n",
}


# --- helpers -----------------------------------------------------------------------------


def synthetic_notebook(path: Path, pids: Path, *cells: str) -> Path:
    """A made-up notebook for a test; its first cell records its kernel's process id."""
    record = (f"import os, pathlib\npathlib.Path({str(pids / f'{path.stem}.pid')!r})"
              ".write_text(str(os.getpid()))")
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Synthetic test notebook (not part of the suite).",
                                      id="about"),
        *(nbformat.v4.new_code_cell(src, id=f"step-{n}")
          for n, src in enumerate([record, *cells], 1))])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def strays(pids: Path, name: str) -> str:
    """A cell starting two processes that outlive their kernel unless something ends them:
    one in a session of its own, one a daemon (forked twice, its parent gone). Their ids
    go to ``<name>-session.pid`` and ``<name>-daemon.pid``."""
    daemon = ("import os, sys, time\nos.setsid()\npid = os.fork()\nif pid:\n"
              "    open(sys.argv[1], 'w').write(str(pid))\n    os._exit(0)\ntime.sleep(600)")
    return (f"import pathlib, subprocess, sys\n"
            f"session = subprocess.Popen(['sleep', '600'], start_new_session=True)\n"
            f"pathlib.Path({str(pids / f'{name}-session.pid')!r}).write_text(str(session.pid))\n"
            f"subprocess.run([sys.executable, '-c', {daemon!r}, "
            f"{str(pids / f'{name}-daemon.pid')!r}], check=True)")


def previous_report(folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True)
    for name, content in PREVIOUS.items():
        (folder / name).write_text(content, encoding="utf-8")
    return snapshot(folder)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def start(*args: str, new_session: bool = False, tmpdir: Path | None = None
          ) -> subprocess.Popen:
    """``xyforecast render --region xingyang --year 2025 --lang en ARGS`` in its own process
    (and its own process group with ``new_session``, so that a signal to the group reaches
    nothing else; its temporary folders under ``tmpdir``, where no other test's render
    sweeps them). English: the messages checked here are the English ones."""
    env = {**os.environ, "TMPDIR": str(tmpdir)} if tmpdir else None
    return subprocess.Popen(
        [sys.executable, "-m", "xyforecast", "render", "--region", "xingyang", "--year", "2025",
         "--lang", "en", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=new_session, env=env)


def finish(render: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str]:
    """Exit status, stdout, stderr; a render that hangs is killed (with its process group,
    if it has its own) and fails the test, so that it cannot outlive it."""
    try:
        out, err = render.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill(render)
        out, err = render.communicate()
        pytest.fail(f"the render hung for {timeout} s:\n{err[-3000:]}")
    return render.returncode, out, err


def kill(render: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        if os.getpgid(render.pid) == render.pid:
            os.killpg(render.pid, signal.SIGKILL)
        else:
            render.kill()


def wait_for(path: Path, render: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline and render.poll() is None:
        time.sleep(0.05)
    assert path.exists(), finish(render)


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def assert_no_kernel_left(pids: Path, names: list[str]) -> None:
    kernels = {name: int((pids / f"{name}.pid").read_text()) for name in names}
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in kernels.values()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [name for name, pid in kernels.items() if alive(pid)]


def leftovers(folder: Path) -> list[str]:
    """Temporary or moved-aside folders of a render next to ``folder``."""
    return sorted(p.name for p in folder.parent.glob(f".{folder.name}.*")
                  if not p.name.endswith(".lock"))


def tiny_suite(folder: Path, pids: Path) -> Path:
    """A synthetic stand-in for notebooks/ (--notebooks) whose data page takes a moment."""
    folder.mkdir()
    synthetic_notebook(folder / "data.ipynb", pids, "region, year = 'xingyang', 2025")
    return folder


# --- a page that dies, a worker that dies, a page over its time limit ----------------------


@pytest.fixture(scope="module")
def faults(tmp_path_factory):
    """Two renders at once. One has the real data page and four faulty ones: a cell that
    raises, a kernel that ends itself (os._exit), a kernel killed by SIGKILL (as by the OOM
    killer), a kernel that kills the worker running it; the other has a cell that outlasts
    --timeout 2 beside a tiny page."""
    tmp = tmp_path_factory.mktemp("faults")
    pids = tmp / "pids"
    pids.mkdir()
    pages = {
        "raises": synthetic_notebook(tmp / "raises.ipynb", pids, "1 / 0"),
        "exits": synthetic_notebook(tmp / "exits.ipynb", pids, "import os\nos._exit(1)"),
        "killed": synthetic_notebook(tmp / "killed.ipynb", pids,
                                     "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"),
        "worker_killed": synthetic_notebook(
            tmp / "worker_killed.ipynb", pids,
            # the worker: a kernel's parent, or the one that had the fork server fork it
            "import multiprocessing, os, signal, time\nworker = multiprocessing.parent_process()\n"
            "os.kill(worker.pid if worker else os.getppid(), signal.SIGKILL)\ntime.sleep(120)"),
    }
    slow = synthetic_notebook(tmp / "slow.ipynb", pids, "import time\ntime.sleep(120)")
    out, out_timeout = tmp / "report", tmp / "report-timeout"
    before = previous_report(out), previous_report(out_timeout)
    extra = [a for path in pages.values() for a in ("--extra-notebook", str(path))]
    dying = start("--only", "data", *extra, "--out", str(out), "--jobs", "3")
    timing_out = start("--only", "data", "--notebooks", str(tiny_suite(tmp / "suite", pids)),
                       "--extra-notebook", str(slow), "--timeout", "2", "--out",
                       str(out_timeout))
    return {"tmp": tmp, "pids": pids, "out": out, "out_timeout": out_timeout,
            "before": before, "dying": finish(dying), "timing_out": finish(timing_out)}


def problem_lines(err: str) -> dict[str, str]:
    """'  …/report.failed/exits.en.ipynb: cell 3 …' -> {"exits": "cell 3 …"}"""
    lines = [line.strip() for line in err.splitlines() if line.startswith("  ")
             and ".failed/" in line]
    return {Path(line.split(": ", 1)[0]).name.removesuffix(".en.ipynb"): line.split(": ", 1)[1]
            for line in lines}


def test_faulty_pages_fail_one_by_one_and_the_real_page_still_renders(faults):
    code, out, err = faults["dying"]
    report = faults["out"]
    assert code == 1, err
    assert "Traceback" not in err and "Kernel died" not in err
    summary = [line for line in err.splitlines() if line.startswith("xyforecast: ")]
    assert summary == [f"xyforecast: 4 problem(s); the previous report (if any) is untouched, "
                       f"this render is kept in {report}.failed"]
    assert set(problem_lines(err)) == {"raises", "exits", "killed", "worker_killed"}
    assert "5 page(s)" in err and "1/5 page(s) ok" in err
    failed = report.with_name("report.failed")
    assert "Xingyang: the data" in (failed / "data.en.html").read_text(encoding="utf-8")
    assert (failed / "summary.json").is_file() and (failed / "index.html").is_file()
    assert out == ""  # nothing was published


def test_a_kernel_that_dies_is_named_with_its_cell_and_how_it_died(faults):
    _, _, err = faults["dying"]
    problems = problem_lines(err)
    # "(In [3])" only if the kernel said it had started the cell before it died
    assert re.fullmatch(r'cell 3 "step-2"( \(In \[3\]\))?: the kernel died while running it '
                        r"\(exit status 1\)", problems["exits"])
    assert re.fullmatch(r'cell 3 "step-2"( \(In \[3\]\))?: the kernel died while running it '
                        r"\(killed by SIGKILL: out of memory\?\)", problems["killed"])
    failed = faults["out"].with_name("report.failed")
    for name in ("exits", "killed"):  # the page shows how far it got and what happened
        page = (failed / f"{name}.en.html").read_text(encoding="utf-8")
        assert "DeadKernelError: the kernel died while running it" in page
        assert f"{name}.en.ipynb" in (failed / "index.en.html").read_text(encoding="utf-8")


def test_a_page_whose_worker_dies_fails_instead_of_hanging_the_render(faults):
    _, _, err = faults["dying"]
    assert problem_lines(err)["worker_killed"] == (
        "the worker process running it died (killed by SIGKILL); its kernel stops with it")


def test_a_cell_over_the_time_limit_is_stopped_and_named(faults):
    code, _out, err = faults["timing_out"]
    assert code == 1, err
    assert "Traceback" not in err and "Timeout waiting" not in err
    assert problem_lines(err) == {
        "slow": 'cell 3 "step-2" (In [3]): stopped after the time limit of 2 s (--timeout)'}
    assert "1/2 page(s) ok" in err  # the other page finished
    failed = faults["out_timeout"].with_name("report-timeout.failed")
    assert "TimeoutError: stopped after the time limit of 2 s" in (
        failed / "slow.en.html").read_text(encoding="utf-8")


def test_after_every_fault_the_previous_reports_are_intact_and_nothing_is_left(faults):
    for folder, before in zip((faults["out"], faults["out_timeout"]), faults["before"]):
        assert snapshot(folder) == before
        assert leftovers(folder) == []
    assert_no_kernel_left(faults["pids"], ["raises", "exits", "killed", "worker_killed",
                                           "slow", "data"])


# --- interruptions ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory):
    """Four renders stopped midway (their tiny page done, a slow page running): SIGINT to
    the render process; Ctrl-C pressed twice (SIGINT to the whole process group: render,
    workers and kernels); SIGTERM to the whole group, as systemd stops a service; SIGKILL
    to the render process, as the OOM killer does. Their temporary folders are their own
    (``TMPDIR``): every render sweeps the folders of dead renders, and a render of another
    test starting beside these would sweep the one killed before it is looked at."""
    tmp = tmp_path_factory.mktemp("interrupted")
    scratch_root = tmp / "tmp"
    scratch_root.mkdir()
    cases = {}
    for name, group, times, sig in (("sigint", False, 1, signal.SIGINT),
                                    ("ctrl-c-twice", True, 2, signal.SIGINT),
                                    ("sigterm-group", True, 1, signal.SIGTERM),
                                    ("sigkill", False, 1, signal.SIGKILL)):
        folder = tmp / name
        pids = folder / "pids"
        pids.mkdir(parents=True)
        slow = synthetic_notebook(folder / "slow.ipynb", pids, strays(pids, "slow"),
                                  "import time\ntime.sleep(120)")
        out = folder / "report"
        before = previous_report(out)
        render = start("--only", "data", "--notebooks", str(tiny_suite(folder / "suite", pids)),
                       "--extra-notebook", str(slow), "--out", str(out), new_session=group,
                       tmpdir=scratch_root)
        cases[name] = (render, group, times, sig, pids, out, before)
    try:
        for render, group, times, sig, pids, out, _ in cases.values():
            wait_for(pids / "slow-daemon.pid", render)
            wait_for(pids / "data.pid", render)
            time.sleep(0.3)  # the slow cell is running
            assert leftovers(out)  # the render's work in progress, next to the report
            for _ in range(times):
                if group:
                    os.killpg(render.pid, sig)
                else:
                    render.send_signal(sig)
                time.sleep(0.05)
    except BaseException:
        for render, *_ in cases.values():
            kill(render)
        raise
    return {name: (finish(render), pids, out, before, sig, render.pid, scratch_root)
            for name, (render, _, _, sig, pids, out, before) in cases.items()}


@pytest.mark.parametrize("case", ["sigint", "ctrl-c-twice", "sigterm-group"])
def test_an_interrupted_render_stops_cleanly_and_keeps_the_previous_report(interrupted, case):
    (code, out, err), pids, report, before, sig, pid, scratch_root = interrupted[case]
    assert not list(scratch_root.glob(f"xyforecast-*-{pid}-*"))
    # A second Ctrl-C is ignored while the render cleans up; arriving as the process exits,
    # it ends it by the signal itself: what a shell shows is 130 all the same.
    assert code == 130 or (case == "ctrl-c-twice" and code == -signal.SIGINT), err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == (
        f"xyforecast: interrupted by {sig.name}; nothing was published, the previous report "
        "(if any) is untouched")
    assert out == ""
    assert snapshot(report) == before
    assert leftovers(report) == [] and not report.with_name("report.failed").exists()
    assert_no_kernel_left(pids, ["slow", "data", "slow-session", "slow-daemon"])


def test_a_render_killed_outright_leaves_no_kernel_and_the_next_one_cleans_up(interrupted):
    (code, out, err), pids, report, before, _, pid, scratch_root = interrupted["sigkill"]
    assert code == -signal.SIGKILL and out == "" and "Traceback" not in err
    assert snapshot(report) == before
    # its workers left, their kernels and what the page started in a session of its own too
    assert_no_kernel_left(pids, ["slow", "data", "slow-session", "slow-daemon"])
    assert [name.rsplit("-", 1)[0] for name in leftovers(report)] == [".report.partial"]
    # and in the system's temporary folder: the data snapshot (the user's own figures) and
    # the kernels' connection files, which the next render removes (issue 19.7)
    kept = sorted(scratch_root.glob(f"xyforecast-*-{pid}-*"))
    assert [p.name.split("-")[1] for p in kept] == ["kernels", "snapshot"]
    recover(report)  # what the next render does first
    assert set(kept) <= set(scratch.sweep(scratch_root))  # (and any other dead render's)
    assert not [p for p in kept if p.exists()]
    assert leftovers(report) == [] and snapshot(report) == before


# --- an output folder that cannot be written ----------------------------------------------


def _under_a_file(tmp_path: Path) -> Path:
    (tmp_path / "a-file").write_text("not a folder\n")
    return tmp_path / "a-file" / "report"


@pytest.mark.parametrize("where, message", [
    # a path under a regular file: mkdir fails for root too (chmod does not stop root)
    pytest.param(_under_a_file, "a-file 是文件而不是文件夹", id="under-a-file"),
    # /proc takes no new folders, whoever asks
    pytest.param(lambda tmp_path: Path("/proc/xyforecast-test-report"),
                 "No such file or directory", id="proc",
                 marks=pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="no /proc")),
])
def test_an_output_folder_that_cannot_be_written_stops_the_render_before_any_kernel(
        tmp_path, capfd, where, message, monkeypatch):
    out = where(tmp_path)
    code = main(["render", "--region", "xingyang", "--year", "2025", "--only", "data",
                 "--out", str(out)])
    err = capfd.readouterr().err
    assert code == 2
    assert err.strip().splitlines()[-1].startswith(f"xyforecast: 错误：无法将报告写入 {out}：")
    assert message in err and "Traceback" not in err
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] in ([], ["a-file"])


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders; the two "
                                              "cases above stop root too")
def test_a_read_only_folder_keeps_its_report(tmp_path, capfd):
    parent = tmp_path / "read-only"
    before = previous_report(parent / "report")
    parent.chmod(0o555)
    try:
        code = main(["render", "--region", "xingyang", "--year", "2025", "--only", "data",
                     "--out", str(parent / "report")])
    finally:
        parent.chmod(0o755)
    assert code == 2
    assert "不可写" in capfd.readouterr().err
    assert snapshot(parent / "report") == before


def test_processes_a_page_starts_in_their_own_session_end_with_the_render(tmp_path):
    pids = tmp_path / "pids"
    pids.mkdir()
    stray = synthetic_notebook(tmp_path / "stray.ipynb", pids, strays(pids, "stray"))
    code, _, err = finish(start("--only", "data", "--notebooks",
                                str(tiny_suite(tmp_path / "suite", pids)), "--extra-notebook",
                                str(stray), "--out", str(tmp_path / "report")))
    assert code == 0, err
    assert_no_kernel_left(pids, ["stray", "stray-session", "stray-daemon", "data"])


# --- a report inside another ------------------------------------------------------------------


def test_a_report_is_never_written_inside_another(tmp_path, capfd):
    """Several regions into the folder of an existing report would put their reports inside
    it, and the next render of that report would delete them."""
    outer = tmp_path / "www"
    before = previous_report(outer)
    code = main(["render", "--region", "xingyang,xinzheng", "--year", "2025", "--only", "data",
                 "--out", str(outer)])
    err = capfd.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert err.strip().splitlines()[-1] == (
        f"xyforecast: 错误：无法将报告写入 {outer / 'xingyang' / '2025' / '2025-09'}：它位于"
        f"另一份报告 {outer} 之内，后者重新生成时会被删除；请用 --out 指定报告以外的文件夹")
    assert snapshot(outer) == before


def test_a_report_holding_others_is_never_replaced(tmp_path, capfd):
    """Reports nested in another's folder (as an earlier version allowed) survive a later
    single-region render into that folder: it stops instead of deleting them."""
    outer = tmp_path / "www"
    previous_report(outer)
    previous_report(outer / "xinzheng" / "2025" / "2025-09")
    before = snapshot(outer)
    code = main(["render", "--region", "xingyang", "--year", "2025", "--only", "data", "--out",
                 str(outer), "--lang", "en"])
    err = capfd.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert err.strip().splitlines()[-1] == (
        f"xyforecast: error: cannot write the report to {outer}: it holds other reports "
        f"(e.g. {outer / 'xinzheng' / '2025' / '2025-09'}), which replacing it would delete; "
        "give each report its own folder with --out")
    assert snapshot(outer) == before


# --- a full disk -------------------------------------------------------------------------------

DISK_FULL = ("xyforecast: 错误：无法写入 {path}：{why}；本次生成未发布任何内容，"
             "原报告（如有）保持不变")


def _namespace(probe: Path) -> list[str] | None:
    """How to run a command in a mount namespace of its own, where it may mount a tmpfs
    (root in a container, or anyone through a user namespace); None where neither works."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    for options in (["--mount"], ["--user", "--map-root-user", "--mount"]):
        command = [unshare, *options, "--propagation", "private"]
        mount = ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)]
        if subprocess.run([*command, *mount], capture_output=True).returncode == 0:
            return command
    return None


@pytest.mark.parametrize("size, where", [
    ("40k", "the summary, written by the render itself"),
    ("96k", "a page's notebook, written by a worker"),
])
def test_a_full_disk_is_one_line_and_the_previous_report_stays(tmp_path, size, where):
    """A real full disk: the render runs in a mount namespace of its own with a small tmpfs
    as the report's folder, the previous report in it; after the render, what the tmpfs
    holds is copied out for the checks."""
    disk, stage, after = tmp_path / "disk", tmp_path / "stage", tmp_path / "after"
    disk.mkdir()
    after.mkdir()
    namespace = _namespace(disk)
    if namespace is None:
        pytest.skip("no mount namespace here (unshare); the file size limit test below takes "
                    "the same way out with a real EFBIG")
    before = previous_report(stage / "report")
    script = ('mount -t tmpfs -o size="$0" tmpfs "$1" && cp -a "$2/." "$1/" && shift 2 && '
              '"$@"; code=$?; cp -a "$DISK/." "$AFTER/"; exit $code')
    result = subprocess.run(
        [*namespace, "sh", "-c", script, size, str(disk), str(stage),
         sys.executable, "-m", "xyforecast", "render", "--region", "xingyang", "--year", "2025",
         "--only", "data", "--lang", "zh", "--out", str(disk / "report")],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
        env={**os.environ, "DISK": str(disk), "AFTER": str(after)})
    err = result.stderr
    assert result.returncode == 1, (where, err)
    assert "Traceback" not in err and "internal error" not in err
    assert err.strip().splitlines()[-1] == DISK_FULL.format(path=disk / "report", why="磁盘已满")
    assert snapshot(after / "report") == before
    assert sorted(p.name for p in after.iterdir()) == [".report.lock", "report"]


def test_a_file_size_limit_is_said_like_a_full_disk(tmp_path):
    """The same way out on any machine: a file size limit (ulimit -f: EFBIG) is reached when
    the render writes its data snapshot (the largest file it writes), in one line, before
    any page runs; the previous report stays and nothing is left behind."""
    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the error, not the signal

    out, temporary = tmp_path / "report", tmp_path / "tmp"
    temporary.mkdir()
    before = previous_report(out)
    result = subprocess.run(
        [sys.executable, "-m", "xyforecast", "render", "--region", "xingyang", "--year", "2025",
         "--only", "data", "--lang", "zh", "--out", str(out)], cwd=ROOT, capture_output=True,
        text=True, timeout=180, preexec_fn=limited, env={**os.environ, "TMPDIR": str(temporary)})
    err = result.stderr
    assert result.returncode == 1, err
    assert "Traceback" not in err and "[1/1]" not in err
    assert err.strip().splitlines()[-1] == DISK_FULL.format(
        path=temporary, why="文件超过允许的大小（ulimit -f）")
    assert snapshot(out) == before
    assert leftovers(out) == [] and not out.with_name("report.failed").exists()
    assert list(temporary.iterdir()) == []


# --- options and parameters a user passes ---------------------------------------------------


@pytest.mark.parametrize("argv, message", [
    (["render", "--region", "xingyang", "--year", "2025", "--jobs", "100000"],
     "xyforecast render: error: argument --jobs: 100000 is not between 1 and 64"),
    (["render", "--region", "xingyang", "--year", "2025", "--jobs", "0"],
     "argument --jobs: 0 is not between 1 and 64"),
    (["render", "--region", "xingyang", "--year", "2025", "--timeout", "-1"],
     "argument --timeout: -1 is not between 1 and 86400"),
    (["render", "--region", "xingyang", "--year", "2025", "--timeout", "1e9"],
     "argument --timeout: '1e9' is not a whole number"),
    (["forecast", "--region", "xingyang", "--year", "twenty"],
     "xyforecast forecast: error: argument --year: 'twenty' is not a year like 2025"),
    (["forecast", "--region", "xingyang", "--year", "2025", "--as-of", "2019-06", "--lang", "en"],
     "as_of: a cut-off for 2025 lies between 2024 and 2026, not 2019-06"),
    (["forecast", "--region", "xingyang", "--year", "2025", "--as-of", "2019-06", "--lang", "zh"],
     "as_of：2025年的数据截至期应在2024至2026年之间，而不是 2019-06"),
    (["forecast", "--region", "xingyang", "--year", "1950", "--lang", "en"],
     "year: there are no figures before 1950"),
    (["forecast", "--region", "__import__('os').system('touch PWNED')", "--year", "2025"],
     "unknown region \"__import__('os').system('touch PWNED')\""),
    (["check-data", "--lang", "fr", "data/observations.csv"], "unknown language 'fr'"),
    (["coverage", "--region", "xingyang", "--observations", "/dev/zero"],
     "/dev/zero: is not a regular file (a device or a pipe?)"),
    (["template", "no-such-folder/mine.xlsx"], "cannot write no-such-folder/mine.xlsx"),
    (["render", "--region", "xingyang", "--year", "2025", "--extra-notebook", "index.ipynb",
      "--lang", "zh"], "页面 'index' 不能用作报告中的文件名；index 为报告自用"),
    (["render", "--region", "xingyang", "--year", "2025", "--extra-notebook", "index.ipynb",
      "--lang", "en"], "page 'index' cannot name a file in the report; index is the report's own"),
])
def test_every_bad_option_is_one_line_exit_2_and_nothing_runs(tmp_path, monkeypatch, capsys,
                                                              argv, message):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XYFORECAST_LANG", "en")  # the messages below are the English ones
    (tmp_path / "data").symlink_to(ROOT / "data")
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "index.ipynb")
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own checks
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and message in err, err
    assert "Traceback" not in err and "usage:" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "index.ipynb"]


def test_a_catalogue_code_cannot_lead_the_report_out_of_its_folder(tmp_path, monkeypatch,
                                                                    capsys):
    data = tmp_path / "data"
    data.mkdir()
    for path in ROOT.glob("data/*.csv"):
        shutil.copy(path, data)
    with (data / "regions.csv").open("a", encoding="utf-8") as handle:
        handle.write("../../outside,合成地区(测试用),Synthetic region (test only),county,"
                     "zhengzhou\n")
    monkeypatch.chdir(tmp_path)  # reports/<region>/… would be ../../outside/…
    monkeypatch.setenv("XYFORECAST_LANG", "en")
    code = main(["render", "--region", "../../outside", "--year", "2025", "--data-dir",
                 str(data), "--only", "data"])
    assert code == 2
    # the catalogue refuses the code where it is read (one rule for codes, issue 13)
    assert "region code '../../outside' must match ^[a-z_]+$" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["data"]
    assert not (tmp_path.parent.parent / "outside").exists()


# --- strings from data files, paths from the user: text, never markup or code -------------

MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "**粗体**",
          "[点击](javascript:alert(1))", "$x^2$", r"$\frac{$"]
# the synthetic region's name: a formula for Excel, HTML, Markdown, a quote to break out of
# an attribute, math (valid, and invalid: matplotlib once failed every page with a chart)
REGION_NAME = '=1+1 <script>alert(1)</script> "onmouseover="alert(3) ' + " ".join(
    MARKUP[2:]) + " 合成县(测试用)"
SOURCES = ["https://example.org/synthetic?<script>alert('source')</script>",
           "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))",
           "javascript:alert(1)", "**bold** <https://evil.example/x>"]
TARGET_SOURCE = "[target](javascript:alert(2)) <script>alert(2)</script> (synthetic)"
WEIRD_NAME = 'x"; __import__("os").system("touch PWNED"); y=".csv'


@pytest.fixture(scope="module")
def markup_report(tmp_path_factory):
    """A data folder copied from data/ with a synthetic county whose name, sources, notes
    and target carry markup (in local/), plus a file passed with --observations whose path
    is Python code, plus an extra notebook whose name is HTML; rendered once."""
    tmp = tmp_path_factory.mktemp("markup")
    data = tmp / "data"
    (data / "local").mkdir(parents=True)
    for path in ROOT.glob("data/*.csv"):
        shutil.copy(path, data)
    with (data / "regions.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write('synthetic,"' + REGION_NAME.replace('"', '""') + '",'
                     '"Synthetic county (test only) <img src=x onerror=alert(1)>",county,'
                     'zhengzhou\n')
    note = "synthetic test row <b>note</b> **bold** [n](javascript:alert(1))"
    # the conflicting row is a later vintage: the rule decides, and the data page lists it
    rows = [["synthetic", "gdp", "2024", "growth_pct", "5.5", "%", SOURCES[0], note, "", ""],
            ["synthetic", "gdp", "2025-03", "growth_pct", "5.0", "%", SOURCES[1], note, "", ""],
            ["synthetic", "gdp", "2025-06", "growth_pct", "5.2", "%", SOURCES[2], note, "", ""],
            ["synthetic", "gdp", "2025-06", "growth_pct", "5.3", "%", SOURCES[3],
             note + " (conflicts with the row above)", "final", ""],
            ["synthetic", "gdp", "2025", "target_growth_pct", "6", "%", TARGET_SOURCE, note,
             "", "about"]]
    write_csv(data / "local" / "synthetic.csv", rows, [*HEADER, "vintage", "qualifier"])
    weird = write_csv(tmp / WEIRD_NAME, [["synthetic", "industrial_value_added", "2025-06",
                                          "growth_pct", "8.0", "%", SOURCES[4], note]])
    pids = tmp / "pids"
    pids.mkdir()
    extra = synthetic_notebook(tmp / "<img src=x onerror=alert(4)>.ipynb", pids, "x = 1")
    out = tmp / "report"
    render = subprocess.Popen(
        [sys.executable, "-m", "xyforecast", "render", "--region", "synthetic", "--year",
         "2025", "--data-dir", str(data), "--observations", str(weird), "--only",
         "dashboard,indicator-gdp,data", "--extra-notebook", str(extra), "--out", str(out),
         "--lang", "zh"],
        cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    code, _, err = finish(render)
    assert code == 0, err
    return out


class _Page(HTMLParser):
    """What a browser would make of a page: its elements, and the text a reader sees."""

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.chunks: list[str] = []
        self._tags: list[str] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._tags.append(tag)

    def handle_endtag(self, tag):
        if tag in self._tags:
            del self._tags[len(self._tags) - 1 - self._tags[::-1].index(tag):]

    def handle_data(self, data):
        if self._tags and self._tags[-1] == "script":
            self.scripts.append(data)
        elif not self._tags or self._tags[-1] not in ("style", "title"):
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.chunks).split())

    def live_markup(self) -> list:
        """Anything the data could have turned into code, a link or formatting."""
        found = [s for s in self.scripts if "alert" in s or "MathJax" in s]
        for tag, attrs in self.elements:
            found += [(tag, k, v) for k, v in attrs.items() if k.startswith("on")]
            found += [(tag, k, v) for k, v in attrs.items() if k in ("href", "src") and v
                      and (v.lower().startswith("javascript") or "evil" in v)]
            if (tag in ("b", "em", "del", "code")
                    or (tag == "img" and not (attrs.get("src") or "").startswith("data:image/"))
                    or (tag == "script" and "mathjax" in (attrs.get("src") or "").lower())):
                found.append((tag, attrs))
        return found


PAGES_SHOWING = {  # page -> the data strings it displays
    "data.html": [REGION_NAME, *SOURCES, TARGET_SOURCE],
    "indicator-gdp.html": [REGION_NAME],
    "dashboard.html": [REGION_NAME],
    "index.html": [REGION_NAME, "<img src=x onerror=alert(4)>"],
}


@pytest.mark.parametrize("page", sorted(PAGES_SHOWING))
def test_data_strings_show_as_text_never_as_markup(markup_report, page):
    parsed = _Page(markup_report / page)
    assert parsed.live_markup() == []
    for value in PAGES_SHOWING[page]:
        assert " ".join(value.split()) in parsed.text, value
    assert "<strong>粗体" not in (markup_report / page).read_text(encoding="utf-8")
    if page == "data.html":  # the synthetic conflict is listed, with the rule that chose
        assert "5.3 5.2 核算版本 最终核实 优先于 未注明版本" in parsed.text


def test_each_basis_quotes_the_region_name_as_text(markup_report):
    summary = json.loads((markup_report / "summary.json").read_text(encoding="utf-8"))
    gdp, *others = summary["indicators"]
    assert gdp["method"] == "ytd-bridge" and gdp["target"]["source"] == TARGET_SOURCE
    # the pages and the summary print the catalogue's punctuation full-width (the name in it
    # as typed)
    page = _Page(markup_report / "indicator-gdp.html").text
    assert " ".join(gdp["basis_zh"].split()) in page
    dashboard = _Page(markup_report / "dashboard.html").text
    borrowed = [i["basis_zh"] for i in others if i["method"] == "borrowed"]
    assert borrowed and all(REGION_NAME in basis for basis in borrowed)
    for basis in [gdp["basis_zh"], *borrowed]:
        assert " ".join(basis.split()) in dashboard


def test_the_workbook_has_no_formulas_even_when_a_name_starts_with_equals(markup_report):
    book = load_workbook(markup_report / "dashboard.xlsx")
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert book["总览"]["A1"].value.startswith(REGION_NAME)


def test_a_file_path_that_is_python_code_is_passed_as_a_string_and_never_run(markup_report):
    assert not list(markup_report.parent.rglob("PWNED"))
    nb = nbformat.read(markup_report / "data.ipynb", as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    values = {n.targets[0].id: ast.literal_eval(n.value) for n in ast.parse(injected.source).body}
    assert [Path(p).name for p in values["observations"]] == [WEIRD_NAME]
    data_page = _Page(markup_report / "data.html").text
    assert SOURCES[4] in data_page  # the file was read as data
