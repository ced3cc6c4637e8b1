"""Writing a report so that it is whole or not there: a lock per destination, a temporary
folder next to it, an atomic swap, and the clean-up after a render that was killed outright.

Each report is written to ``.<name>.partial-<pid>`` beside its destination (the same file
system, so that the final move is a rename) and swapped in only when complete; the previous
report is moved aside first and put back if anything goes wrong in between. A killed render
(SIGKILL, a power cut) is cleaned up by the next one (``recover``). Only folders holding the
render's marker are ever moved or removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from xyforecast import __version__
from xyforecast.errors import UsageError
from xyforecast.i18n import Msg
from xyforecast.runner import diskfull
from xyforecast.site.index import MANIFEST
from xyforecast.site.spec import MARKER

OWN_FILES = (MARKER, MANIFEST)  # written anew by every render


def prepare(stack: contextlib.ExitStack, dest: Path) -> Path:
    """Lock ``dest``, clean up after a killed render, make the temporary folder; a folder
    that cannot be written stops the render (UsageError, or DiskFull) before any kernel
    starts."""
    try:
        with diskfull.writing(dest):
            stack.enter_context(_lock(dest))
            recover(dest)
            temp = stack.enter_context(_temporary_folder(dest))
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename and exc.filename != str(dest) else ""
        raise UsageError(Msg.of("report.cannot_write", path=str(dest),
                                error=f"{exc.strerror or exc.__class__.__name__}{where}")
                         ) from None
    return temp


@contextlib.contextmanager
def _lock(dest: Path) -> Iterator[None]:
    """One render per destination at a time (two cron runs overlapping)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with (dest.parent / f".{dest.name}.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(Msg.of("report.locked", path=str(dest))) from None
        yield


@contextlib.contextmanager
def _temporary_folder(dest: Path) -> Iterator[Path]:
    """Removed unless it was published."""
    temp = dest.parent / f".{dest.name}.partial-{os.getpid()}"
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir(parents=True)
    (temp / MARKER).write_text(json.dumps({"xyforecast_version": __version__}) + "\n")
    try:
        yield temp
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def recover(dest: Path) -> None:
    """Undo what a killed render may have left: a previous report moved aside but not yet
    replaced, and temporary folders of dead processes."""
    for leftover in dest.parent.glob(f".{dest.name}.partial-*"):
        if not _alive(leftover.name.rsplit("-", 1)[-1]):
            shutil.rmtree(leftover, ignore_errors=True)
    olds = sorted(dest.parent.glob(f".{dest.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not dest.exists():
        olds.pop().rename(dest)
    for old in olds:
        if not _alive(old.name.rsplit("-", 1)[-1]):
            shutil.rmtree(old, ignore_errors=True)


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return int(pid) != os.getpid()


def keep_previous(temp: Path, dest: Path) -> None:
    """A partial render (``--only``): every file of the existing report that this render
    did not write is carried over, so that the report keeps its other pages, languages and
    downloads. Copied, not hard-linked: the index and every page's navigation are rewritten
    in place afterwards, and through a link that would change the published report, even
    when this render then fails."""
    if not (dest / MARKER).is_file():
        return
    for path in dest.iterdir():
        target = temp / path.name
        if path.name in OWN_FILES or target.exists() or not path.is_file():
            continue
        shutil.copy2(path, target)


def publish(temp: Path, dest: Path) -> Path:
    """Swap the finished folder in: the previous one is moved aside, the new one renamed
    into place, the previous one removed. An interruption in between restores it."""
    old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
    if dest.exists():
        dest.rename(old)
    try:
        temp.rename(dest)
    except BaseException:
        if old.exists() and not dest.exists():
            old.rename(dest)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return dest


def remove_report(path: Path) -> None:
    if (path / MARKER).is_file():
        shutil.rmtree(path, ignore_errors=True)
