"""Validated data kept between commands, keyed by the sha256 of everything it came from.

A province's files take seconds to read and validate; the same files give the same
``Dataset``. So ``load_files`` keeps each result in a cache folder outside the package —
``$XYFORECAST_CACHE``, else the platform's user cache folder (``~/.cache/xyforecast`` on
Linux, ``%LOCALAPPDATA%\\xyforecast\\Cache`` on Windows) — under a key made of the inputs'
bytes, their paths and origins, the catalogue, the ``--prefer`` choices, the day (a
period "in the future" depends on it) and the code that reads them. A second command with
the same inputs reads one file and validates nothing.

An entry is trusted only if this user owns it and nobody else may write it (folder 0700,
files 0600), its header names its key and its content matches the digest written with it;
anything else — a truncated write, another user's file, a file from another version — is
ignored and written again. ``XYFORECAST_CACHE=off`` turns the cache off. Deleting the folder
is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import stat
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

MAGIC = b"xyforecast validated data 1\n"
KEEP = 16  # entries kept, the most recently used; older ones are removed
_OFF = ("off", "0", "no", "false")
_CODE: str | None = None


def folder() -> Path | None:
    """The cache folder, or None when the cache is off."""
    value = os.environ.get("XYFORECAST_CACHE")
    if value is not None:
        return None if value.strip().lower() in _OFF or not value.strip() else Path(value)
    import platformdirs

    return Path(platformdirs.user_cache_dir("xyforecast", appauthor=False))


def key(parts: Iterable[str]) -> str:
    """The key of an entry: the sha256 of its parts and of the code that reads inputs."""
    digest = hashlib.sha256(code_version().encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def code_version() -> str:
    """The sha256 of the modules that read, validate and resolve inputs: a change to any of
    them makes every older entry a miss."""
    global _CODE
    if _CODE is None:
        package = Path(__file__).resolve().parent.parent
        digest = hashlib.sha256()
        files = sorted([*package.joinpath("inputs").glob("*.py"), package / "catalog.py",
                        package / "periods.py", package / "errors.py"])
        for path in files:
            digest.update(path.name.encode() + path.read_bytes())
        _CODE = digest.hexdigest()
    return _CODE


def get(name: str) -> Any | None:
    """The object kept under ``name``, or None (no entry, or one not to be trusted)."""
    where = folder()
    if where is None or not _private_folder(where, create=False):
        return None
    path = where / f"{name}.pickle"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _mine(info):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read()
    except OSError:
        return None
    finally:
        os.close(fd)
    header = MAGIC + name.encode() + b"\n"
    if not raw.startswith(header) or len(raw) < len(header) + 65:
        return None
    view = memoryview(raw)  # slices without copies
    digest, payload = raw[len(header):len(header) + 64], view[len(header) + 65:]
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        return None
    try:
        found = pickle.loads(payload)
    except Exception:  # a payload from another version of a library: rebuilt
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept by the pruning
    return found


def put(name: str, value: Any) -> None:
    """Keep ``value`` under ``name`` (written whole or not at all); never fails a command."""
    where = folder()
    if where is None or not _private_folder(where, create=True):
        return
    try:
        buffer = io.BytesIO()
        pickle.dump(value, buffer, protocol=pickle.HIGHEST_PROTOCOL)
        payload = buffer.getbuffer()  # no copy of what may be tens of megabytes
        temporary = where / f".{name}.{os.getpid()}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                     | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(MAGIC + name.encode() + b"\n")
                handle.write(hashlib.sha256(payload).hexdigest().encode() + b"\n")
                handle.write(payload)
            os.replace(temporary, where / f"{name}.pickle")
        finally:
            temporary.unlink(missing_ok=True)
        _prune(where)
    except (OSError, pickle.PicklingError):
        return


def _private_folder(where: Path, create: bool) -> bool:
    """Whether ``where`` is a folder of this user's that nobody else may enter (made so
    when ``create``)."""
    try:
        if create:
            where.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.stat(where, follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _mine(info) and not (
        hasattr(os, "getuid") and info.st_mode & 0o077)


def _mine(info: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else (POSIX; a Windows user's cache
    folder is private to the user already)."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _prune(where: Path) -> None:
    entries = sorted(where.glob("*.pickle"), key=_used, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
    for stale in where.glob(".*.tmp"):  # a write cut short more than an hour ago
        if time.time() - _used(stale) > 3600:
            stale.unlink(missing_ok=True)


def _used(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
