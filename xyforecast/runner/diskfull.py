"""A full disk during a render: one clear line, and the previous report kept.

Whatever is being written when the disk fills up — a page's notebook in a worker, the
summary or the index in the main process, the data snapshot — the render stops at once:
workers and kernels are stopped, the temporary folders removed (which frees the space they
took), the previous report left as it was, and the command says in one line what could not
be written and why (exit status 1). A quota or a file size limit (``ulimit -f``) is said
the same way.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path

from xyforecast.i18n import Msg

REASONS = {errno.ENOSPC: "full_enospc", errno.EDQUOT: "full_edquot", errno.EFBIG: "full_efbig"}


class DiskFull(Exception):
    """Writing ``path`` failed for want of space (``reason``: a key of REASONS)."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = Path(path), reason

    @property
    def message(self) -> Msg:
        return Msg.of("report.disk_full", path=str(self.path),
                      why=Msg.of(f"report.{self.reason}"))


def reason(exc: BaseException) -> str:
    """The REASONS key of an error that means "no space", else ""."""
    return REASONS.get(getattr(exc, "errno", None), "") if isinstance(exc, OSError) else ""


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Inside the block, running out of space while writing ``path`` raises DiskFull."""
    try:
        yield
    except OSError as exc:
        why = reason(exc)
        if why:
            raise DiskFull(path, why) from None
        raise
