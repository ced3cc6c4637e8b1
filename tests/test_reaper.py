"""The render reaps what its stopped workers leave (runner/reaper.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import psutil
import pytest

from xyforecast.runner import reaper


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_a_kernel_orphaned_inside_the_block_is_the_renders_to_reap():
    """A worker (here a child) starts a kernel (a grandchild carrying the page's mark) and
    is stopped: the kernel is re-parented to the render, not to init, so ending it at the
    block's end waits for its exit (psutil reaps its own children at once) rather than for
    init to reap it."""
    script = ("import os, subprocess, sys\n"
              "kernel = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'],\n"
              "                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
              "print(kernel.pid, flush=True)\n"
              "os._exit(0)\n")
    with reaper.ending_strays():
        env = {**os.environ, reaper.MARK: reaper.page_mark()}
        worker = subprocess.run([sys.executable, "-c", script], capture_output=True,
                                text=True, env=env, check=True)
        kernel = psutil.Process(int(worker.stdout))
        assert kernel.ppid() == os.getpid()
    # ended and reaped with the block (is_running: that process, its pid and start time;
    # a machine whose pids have wrapped round may give its pid to another at once)
    assert not kernel.is_running()
