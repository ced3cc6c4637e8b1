"""A render's private temporary folders, and what a killed render left of them.

The data snapshot (a pickle of the user's own figures) and the kernels' connection files live
in folders of the system's temporary folder, created owner-only (``tempfile``) and removed
when the render ends — on an error or an interruption too. A render killed outright
(SIGKILL, a power cut) cannot remove them, so each folder's name carries the process id of
the render that made it (``xyforecast-snapshot-<pid>-…``), and every render first removes
this user's folders whose process is gone (``sweep``).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from xyforecast.runner.reaper import alive

KINDS = ("snapshot", "kernels", "shipped")


@contextlib.contextmanager
def folder(kind: str) -> Iterator[Path]:
    """An owner-only temporary folder for the length of the block, named for the sweep."""
    assert kind in KINDS
    with tempfile.TemporaryDirectory(prefix=f"xyforecast-{kind}-{os.getpid()}-") as path:
        yield Path(path)


def sweep(root: Path | None = None) -> list[Path]:
    """Remove this user's render folders left by processes that are gone; the removed."""
    from xyforecast.runner.publish import remove_tree

    removed = []
    uid = getattr(os, "getuid", lambda: None)()  # Windows: the folder is the user's own
    for path in Path(root or tempfile.gettempdir()).glob("xyforecast-*-*-*"):
        kind, _, rest = path.name.removeprefix("xyforecast-").partition("-")
        pid = rest.partition("-")[0]
        if kind not in KINDS or not pid.isdigit() or int(pid) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            if (path.is_dir() and not path.is_symlink()
                    and (uid is None or path.stat().st_uid == uid) and not alive(int(pid))):
                remove_tree(path)
                removed.append(path)
    return removed
