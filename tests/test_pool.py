"""The render's worker pool, stopped the moment it starts (a bad option found while the
workers start): it waits for every worker to have started, then stops them, printing
nothing. pebble closes the workers' channels before terminating them, and a worker still
starting then printed a traceback from multiprocessing (seen once in CI, stop 22)."""

import contextlib
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

from xyforecast.runner import pool as pool_module
from xyforecast.runner.pool import WORKER, start_pool, stop_pool

ROOT = Path(__file__).resolve().parent.parent


def _workers() -> list[int]:
    return [p.pid for p in multiprocessing.active_children() if p.name == WORKER]


def test_a_pool_stopped_as_it_starts_lets_its_workers_start_and_prints_nothing(
        tmp_path, capfd):
    for attempt in range(5):
        ready = tmp_path / str(attempt)
        ready.mkdir()
        pool = start_pool(2, ready)
        pool.schedule(os.getpid)  # the first page: every worker starts
        started = _workers()
        stop_pool(pool, ready)
        assert len(started) == 2
        assert sorted(p.name for p in ready.iterdir()) == sorted(
            f"worker-{pid}.started" for pid in started)
        assert _workers() == []
    assert "Traceback" not in capfd.readouterr().err


def _in_worker() -> tuple[str | None, str, bool]:
    """What a worker sees: an environment variable, its folder, whether papermill is loaded."""
    import os
    import sys

    return os.environ.get("XYFORECAST_POOL_TEST"), os.getcwd(), "papermill" in sys.modules


def _children() -> list[int]:
    """This process's children still running (one another test ended may be a zombie a
    moment longer)."""
    import psutil

    found = []
    for child in psutil.Process().children():
        with contextlib.suppress(psutil.Error):
            if child.status() != psutil.STATUS_ZOMBIE:
                found.append(child.pid)
    return found


def test_workers_take_the_renders_environment_and_folder_and_leave_nothing_behind(
        tmp_path, monkeypatch):
    """Forked from a server started earlier (with another environment, in another folder),
    a worker still sees the render's; where there is a fork server it has imported what a
    worker needs once; stopping the pool stops the server too."""
    from multiprocessing import forkserver

    before = _children()
    monkeypatch.setenv("XYFORECAST_POOL_TEST", "server")
    with_server = "forkserver" in multiprocessing.get_all_start_methods()
    if with_server:
        multiprocessing.get_context("forkserver").set_forkserver_preload(pool_module.WORKER_MODULES)
        forkserver.ensure_running()
    monkeypatch.setenv("XYFORECAST_POOL_TEST", "render")
    monkeypatch.chdir(tmp_path)
    pool = start_pool(1, tmp_path)
    try:
        seen = pool.schedule(_in_worker).result(timeout=60)
    finally:
        stop_pool(pool, tmp_path)
    assert seen == ("render", str(tmp_path), with_server)
    assert _children() == before


def test_a_temporary_folder_too_deep_for_the_servers_socket_spawns_the_workers(tmp_path):
    """AF_UNIX paths hold 108 bytes: under a deep $TMPDIR the fork server cannot listen, and
    the workers are spawned instead (fresh: nothing imported for them), in a fresh process
    (multiprocessing keeps the folder it chose first)."""
    deep = tmp_path / ("d" * 100)
    deep.mkdir()
    script = (
        "import pathlib, sys\n"
        "from xyforecast.runner.pool import start_pool, stop_pool\n"
        "from tests.test_pool import _in_worker\n"
        "ready = pathlib.Path(sys.argv[1])\n"
        "pool = start_pool(1, ready)\n"
        "try:\n"
        "    print(pool.schedule(_in_worker).result(timeout=60)[2])\n"
        "finally:\n"
        "    stop_pool(pool, ready)\n")
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "TMPDIR": str(deep)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False"]
    assert "Traceback" not in result.stderr


def _a_kernel() -> tuple[dict, int]:
    """In a worker: start a page kernel, ask it what it has and whose child it is, stop it."""
    from xyforecast.runner import kernel

    started = kernel.start(60)
    try:
        return kernel._ask(started, "", {
            "pandas": "'pandas' in __import__('sys').modules",
            "parent": "__import__('os').getppid()",
            "session": "__import__('os').getsid(0) == __import__('os').getpid()",
            "pid": "__import__('os').getpid()"}), os.getpid()
    finally:
        kernel.stop(started)


def test_page_kernels_are_forked_by_the_fork_server_with_the_pages_imports(tmp_path):
    """Where there is a fork server, a worker's kernel is forked by it: pandas (and the
    pages) already imported, in a session of its own, and gone when stopped."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return
    import psutil

    pool = start_pool(1, tmp_path)
    try:
        seen, worker = pool.schedule(_a_kernel).result(timeout=120)
        server = psutil.Process(worker).ppid()
    finally:
        stop_pool(pool, tmp_path)
    kernel = seen.pop("pid")
    assert seen == {"pandas": True, "parent": server, "session": True}
    with contextlib.suppress(psutil.NoSuchProcess):  # gone, or a zombie a moment longer
        assert psutil.Process(kernel).status() == psutil.STATUS_ZOMBIE


def test_without_a_fork_server_the_kernel_is_a_command_of_its_own():
    """The same provisioner outside a render's worker (and on Windows): ``python -m
    ipykernel_launcher``, a child of this process, nothing imported for it."""
    import psutil

    seen, me = _a_kernel()
    assert seen["parent"] == me and seen["pandas"] is False and seen["pid"] != me
    kernels = []
    for pid in _children():
        with contextlib.suppress(psutil.Error):
            if "ipykernel" in " ".join(psutil.Process(pid).cmdline()):
                kernels.append(pid)
    assert kernels == []


def _a_kernel_left_running() -> int:
    """In a worker: start a page kernel and leave it running, as a worker's last page does."""
    from xyforecast.runner import kernel

    return kernel.start(60).pid


def test_a_worker_whose_kernel_runs_leaves_at_once_when_the_pool_stops(tmp_path):
    """pebble stops a worker with SIGTERM and kills it three seconds later: a worker must not
    wait for its forked kernel (a child to multiprocessing, which joins children on the way
    out) while the kernel waits for the worker. The worker leaves on SIGTERM (pebble's exit
    status 15, not -9), its kernel with it."""
    import psutil

    pool = start_pool(1, tmp_path)
    try:
        kernel = pool.schedule(_a_kernel_left_running).result(timeout=120)
        workers = [p for p in multiprocessing.active_children() if p.name == WORKER]
    finally:
        stop_pool(pool, tmp_path)
    assert [w.exitcode for w in workers] == [15]
    with contextlib.suppress(psutil.NoSuchProcess):  # gone, or a zombie a moment longer
        assert psutil.Process(kernel).status() == psutil.STATUS_ZOMBIE


def test_a_killed_fork_server_fails_its_workers_pages_saying_so_and_nothing_hangs(tmp_path):
    """The fork server killed mid-render (by a page here; the OOM killer elsewhere): main
    loses every worker it forked (exit status 255, though they still run). Their pages fail
    in one line each saying the server was lost, not that a worker died; the render ends,
    exit status 1, and leaves no kernel behind."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return
    from test_faults import assert_no_kernel_left, finish, problem_lines, start, synthetic_notebook

    pids = tmp_path / "pids"
    pids.mkdir()
    page = synthetic_notebook(
        tmp_path / "server_killed.ipynb", pids,
        "import os, signal, psutil\nserver = psutil.Process(os.getppid())\n"
        "assert 'forkserver' in ' '.join(server.cmdline()), server.cmdline()\n"
        "os.kill(server.pid, signal.SIGKILL)\nimport time\ntime.sleep(60)")
    code, out, err = finish(start("--only", "data", "--extra-notebook", str(page), "--out",
                                  str(tmp_path / "report"), "--jobs", "2"))
    assert code == 1 and out == "" and "Traceback" not in err, err
    lost = ("the fork server (which forks the workers and kernels) was ended, and the render "
            "lost the worker running this page with it; its kernel stops when the render ends")
    problems = problem_lines(err)
    assert problems["server_killed"] == lost
    assert set(problems.values()) == {lost}  # the data page too, if its worker was forked
    assert_no_kernel_left(pids, ["server_killed"])
