"""Reading a data file's bytes safely: regular files only, within a size limit.

A named pipe, ``/dev/zero`` or a link to either would be read forever; a file the user may
not read, a folder or a huge file must each be one line, never a hang or a traceback.
Everything that reads a data file — the command line, ``data/local/``, notebooks — goes
through ``read_bytes``.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from xyforecast.i18n import Msg
from xyforecast.inputs.limits import MAX_FILE_BYTES

# What data/local/ reads: the content decides the format, these names say "data".
DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")
WPS_SUFFIXES = (".et", ".ett")  # WPS's own spreadsheets: read after saving them as .xlsx


def read_bytes(path: Path, limit: int | None = None) -> tuple[bytes | None, Msg | None]:
    """The file's bytes, or None and why it cannot be read (one line, in the reader's words).

    The file is opened without blocking and checked on the open descriptor, so a pipe or a
    device swapped in after a check is refused all the same."""
    limit = limit or MAX_FILE_BYTES
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return None, _os_problem(exc)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return None, Msg.of("inputs.file_folder")
        if not stat.S_ISREG(info.st_mode):
            return None, Msg.of("inputs.file_not_regular")
        if info.st_size > limit:
            return None, Msg.of("inputs.file_too_large", size=_mb(info.st_size), limit=_mb(limit))
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while being read
                return None, Msg.of("inputs.file_too_large", size=_mb(total), limit=_mb(limit))
        return b"".join(chunks), None
    except OSError as exc:
        return None, _os_problem(exc)
    finally:
        os.close(fd)


def _os_problem(exc: OSError) -> Msg:
    if exc.errno == errno.ENOENT:
        return Msg.of("inputs.file_missing")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Msg.of("inputs.file_permission")
    if exc.errno == errno.EISDIR:
        return Msg.of("inputs.file_folder")
    if exc.errno in (errno.ENXIO, errno.ENODEV):  # a socket or a device without a reader
        return Msg.of("inputs.file_not_regular")
    return Msg.of("inputs.file_unreadable", reason=exc.strerror or exc.__class__.__name__)


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 1024:.1f} KB"


def skipped_name(name: str) -> bool:
    """A name data/local/ passes over silently: hidden, Office's lock file, a README."""
    return name.startswith((".", "~$")) or name.lower().startswith("readme")


def local_files(folder: Path) -> tuple[list[Path], list[tuple[Path, Msg]]]:
    """The files of ``data/local/`` to read, and those skipped with the reason.

    Every file whose name says data (``DATA_SUFFIXES``) is read, and its content decides
    the format; hidden files, Office's lock files (``~$…``) and README files are passed
    over silently; anything else (a PDF, a Word file, a folder) is skipped with one line."""
    if not folder.is_dir():
        return [], []
    read, skipped = [], []
    for path in sorted(folder.iterdir()):
        if skipped_name(path.name):
            continue
        if path.suffix.lower() in DATA_SUFFIXES:
            read.append(path)
        elif path.is_dir():
            skipped.append((path, Msg.of("inputs.local_skipped_folder")))
        elif path.suffix.lower() in WPS_SUFFIXES:
            skipped.append((path, Msg.of("inputs.local_skipped_wps")))
        else:
            skipped.append((path, Msg.of("inputs.local_skipped", suffixes=list(DATA_SUFFIXES))))
    return read, skipped
