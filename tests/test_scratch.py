"""Issue 19.7: a render killed outright leaves its data snapshot (the user's own figures,
pickled) and its kernels' folder in the system's temporary folder; the next render removes
them, and never another live process's or another user's."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from xyforecast.runner import scratch


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_sweep_removes_folders_of_gone_processes_only(tmp_path):
    dead = _dead_pid()
    left = [tmp_path / f"xyforecast-{kind}-{dead}-abc" for kind in scratch.KINDS]
    for folder in left:
        (folder / "inner").mkdir(parents=True)
        (folder / "inner" / "data.pickle").write_bytes(b"private figures")
    live = tmp_path / f"xyforecast-snapshot-{os.getppid()}-abc"  # the test runner's parent
    mine = tmp_path / f"xyforecast-kernels-{os.getpid()}-abc"
    other = tmp_path / f"xyforecast-notes-{dead}-abc"  # not a kind of ours
    for folder in (live, mine, other):
        folder.mkdir()
    assert sorted(scratch.sweep(tmp_path)) == sorted(left)
    assert [p.name for p in sorted(tmp_path.iterdir())] == sorted(
        p.name for p in (live, mine, other))


def test_a_render_folder_is_named_for_the_sweep_and_removed_with_its_block():
    with scratch.folder("snapshot") as folder:
        assert folder.name.startswith(f"xyforecast-snapshot-{os.getpid()}-")
        assert folder.parent == Path(tempfile.gettempdir())
        assert oct(folder.stat().st_mode & 0o777) == oct(0o700)
        assert folder not in scratch.sweep() and folder.is_dir()  # this process is alive
    assert not folder.exists()
