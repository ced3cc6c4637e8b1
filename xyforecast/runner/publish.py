"""Writing a report so that it is whole or not there: a lock per destination, a temporary
folder next to it, an atomic swap, and the clean-up after a render that was killed outright.

Each report is written to ``.<name>.partial-<pid>`` beside its destination (the same file
system, so that the final move is a rename) and swapped in only when complete; the previous
report is moved aside first and put back if anything goes wrong in between. A killed render
(SIGKILL, a power cut) is cleaned up by the next one (``recover``). Only folders holding the
render's marker are ever moved or removed.

Portable: the lock is ``filelock``'s (``fcntl`` on Linux, ``msvcrt`` on Windows) and a
process is alive by ``psutil``. Windows refuses to rename a folder while a program holds a
file in it open (WPS or Excel showing ``dashboard.xlsx``): the swap is tried again for a
moment (an antivirus or an indexer lets go by itself), then ``Refused`` names the file and
the program, and the previous report stays as it was. A read-only report (files or folders
without write permission, Windows' read-only attribute) is made writable to be removed, so
that no ``.<name>.old-<pid>`` is ever left behind.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
from filelock import FileLock, Timeout

from xyforecast import __version__
from xyforecast.errors import UsageError
from xyforecast.i18n import Msg
from xyforecast.runner import diskfull
from xyforecast.runner.reaper import alive
from xyforecast.site.index import MANIFEST
from xyforecast.site.spec import MARKER

OWN_FILES = (MARKER, MANIFEST)  # written anew by every render
RETRIES = (0.1, 0.3, 0.6, 1.0)  # seconds between tries of a refused rename
REFUSED = (errno.EACCES, errno.EPERM, errno.EBUSY)  # Windows' "in use" is EACCES


class Refused(Exception):
    """The report at ``path`` cannot be moved: ``message`` says why (which file is open in
    which program, or what the system said)."""

    def __init__(self, path: Path, message: Msg):
        super().__init__(str(message))
        self.path, self.message = path, message


def prepare(stack: contextlib.ExitStack, dest: Path, key: str | None = None) -> Path:
    """Lock ``dest``, clean up after a killed render, make the temporary folder (its marker
    records ``key``, see ``unchanged``); a folder that cannot be written stops the render
    (UsageError, or DiskFull) before any kernel starts."""
    try:
        with diskfull.writing(dest):
            stack.enter_context(_lock(dest))
            recover(dest)
            _check_removable(dest)
            temp = stack.enter_context(_temporary_folder(dest, key))
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename and exc.filename != str(dest) else ""
        raise UsageError(Msg.of("report.cannot_write", path=str(dest),
                                error=f"{exc.strerror or exc.__class__.__name__}{where}")
                         ) from None
    return temp


@contextlib.contextmanager
def _lock(dest: Path) -> Iterator[None]:
    """One render per destination at a time (two scheduled runs overlapping)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    path = dest.parent / f".{dest.name}.lock"
    path.touch()  # a folder that takes no file says so here (filelock would say "locked")
    lock = FileLock(path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise UsageError(Msg.of("report.locked", path=str(dest))) from None
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def _temporary_folder(dest: Path, key: str | None) -> Iterator[Path]:
    """Removed unless it was published."""
    temp = dest.parent / f".{dest.name}.partial-{os.getpid()}"
    remove_tree(temp, missing_ok=True)
    temp.mkdir(parents=True)
    (temp / MARKER).write_text(json.dumps({"xyforecast_version": __version__, "key": key})
                               + "\n", encoding="utf-8")
    try:
        yield temp
    finally:
        discard_own(dest)


def discard_own(dest: Path, attempts: int = 10) -> None:
    """Remove this process's temporary folder for ``dest``, trying again for a moment: a
    worker stopped by an interruption may still be writing a page into it (papermill
    saves the notebook of a page it could not finish), and a folder removed while a file
    is added to it comes back half."""
    temp = dest.parent / f".{dest.name}.partial-{os.getpid()}"
    for attempt in range(attempts):
        with contextlib.suppress(OSError):
            remove_tree(temp, missing_ok=True)
        if not os.path.lexists(temp):
            return
        time.sleep(0.05 * (attempt + 1))


def unchanged(dest: Path, key: str) -> bool:
    """Whether the report published at ``dest`` was made from the same inputs, code and
    parameters (``key``), and so would come out the same."""
    try:
        return json.loads((dest / MARKER).read_text(encoding="utf-8")).get("key") == key
    except (OSError, ValueError, AttributeError):
        return False


def recover(dest: Path) -> None:
    """Undo what a killed render may have left: a previous report moved aside but not yet
    replaced, and temporary folders of dead processes."""
    for leftover in dest.parent.glob(f".{dest.name}.partial-*"):
        if not _alive(leftover.name.rsplit("-", 1)[-1]):
            remove_tree(leftover, missing_ok=True)
    olds = sorted(dest.parent.glob(f".{dest.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not dest.exists():
        olds.pop().rename(dest)
    for old in olds:
        if not _alive(old.name.rsplit("-", 1)[-1]):
            remove_tree(old, missing_ok=True)


def _alive(pid: str) -> bool:
    return pid.isdigit() and int(pid) != os.getpid() and alive(int(pid))


def _check_removable(dest: Path) -> None:
    """The report to be replaced must be one this process can empty: every folder in it
    writable, or this user's to make writable (root cannot write an immutable folder)."""
    if not (dest / MARKER).is_file():
        return
    uid = getattr(os, "getuid", lambda: None)()  # Windows: permissions are not modes
    for folder in [dest, *(p for p in dest.rglob("*") if p.is_dir() and not p.is_symlink())]:
        if not os.access(folder, os.W_OK | os.X_OK) and (uid == 0 or
                                                         folder.stat().st_uid != uid):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))


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
        target.chmod(target.stat().st_mode | stat.S_IWRITE)  # a read-only page stays ours


def publish(temp: Path, dest: Path) -> Path:
    """Swap the finished folder in: the previous one is moved aside, the new one renamed
    into place, the previous one removed. An interruption in between restores it; a
    previous report that cannot be moved (``Refused``) stays as it was."""
    old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
    if dest.exists():
        _rename(dest, old)
    try:
        _rename(temp, dest)
    except BaseException:
        if old.exists() and not dest.exists():
            old.rename(dest)
        raise
    with contextlib.suppress(OSError):  # an immutable file: the next render tries again
        remove_tree(old, missing_ok=True)
    return dest


def _rename(source: Path, target: Path) -> None:
    """``source.rename(target)``, tried again for a moment when the system refuses (a file
    in it open elsewhere); then ``Refused`` naming what holds it."""
    for pause in (*RETRIES, None):
        try:
            source.rename(target)
            return
        except OSError as exc:
            if exc.errno not in REFUSED:
                raise
            if pause is None:
                raise Refused(source, why_refused(source, exc)) from None
            time.sleep(pause)


def why_refused(folder: Path, exc: OSError) -> Msg:
    """What keeps ``folder`` from being moved, in one message: the files in it that other
    programs hold open (as WPS or Excel hold a workbook they show), else the system's
    reason."""
    held = holders(folder)
    if held:
        return Msg.of("report.held_open", files=[Msg.of("report.held_by", file=name,
                                                        program=program, pid=pid)
                                                 for name, program, pid in held])
    return Msg.of("report.cannot_move", error=exc.strerror or exc.__class__.__name__)


def holders(folder: Path) -> list[tuple[str, str, int]]:
    """(file relative to ``folder``, program, process id) for every file in ``folder`` open
    in another process, and for a process working inside it (a console ``cd``-ed there)."""
    root = os.path.normcase(os.path.realpath(folder))
    inside = root.rstrip(os.sep) + os.sep
    found = []
    for process in psutil.process_iter(["pid", "name"]):
        if process.pid == os.getpid():
            continue
        with contextlib.suppress(psutil.Error, OSError):  # gone, or another user's
            paths = [f.path for f in process.open_files()]
            with contextlib.suppress(psutil.Error):
                paths.append(process.cwd())
            for path in dict.fromkeys(paths):
                real = os.path.normcase(os.path.realpath(path))
                if real == root or real.startswith(inside):
                    name = os.path.relpath(real, root) if real != root else "."
                    found.append((name.replace(os.sep, "/"), process.info["name"] or "?",
                                  process.pid))
    return sorted(found)


def remove_tree(path: Path, missing_ok: bool = False) -> None:
    """``shutil.rmtree``, making read-only files and folders writable first (a read-only
    report, Windows' read-only attribute); an OSError if something still cannot go."""
    def writable_then_again(function, name, *_):
        for target in (os.path.dirname(name), name):
            with contextlib.suppress(OSError):
                if not os.path.islink(target):
                    mode = os.stat(target).st_mode
                    os.chmod(target, mode | (stat.S_IRWXU if stat.S_ISDIR(mode)
                                             else stat.S_IWRITE))
        function(name)

    if missing_ok and not os.path.lexists(path):
        return
    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=writable_then_again)
    else:
        shutil.rmtree(path, onerror=writable_then_again)


def remove_report(path: Path) -> None:
    if (path / MARKER).is_file():
        with contextlib.suppress(OSError):
            remove_tree(path)
