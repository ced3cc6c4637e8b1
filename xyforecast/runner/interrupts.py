"""SIGINT and SIGTERM during a render: a scheduler stops a job with SIGTERM, a person with
Ctrl-C; both unwind like Ctrl-C so that workers and kernels are stopped, temporary folders
removed and the previous report kept (exit status 130).

The first signal raises KeyboardInterrupt; later ones are ignored, so that the clean-up is
never cut short. The signal is also noted, so that an interruption swallowed somewhere
(exceptions raised in a garbage-collector callback are) still stops the render at the next
``check``. While a report is being swapped into place (``deferred``) a signal is only noted
and acted on once the rename is done: a report is never published half.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_stop: list[int] = []  # the signal that stopped the render, once one has
_defer = [False]


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM stopped the render; ``written`` are the reports published (whole)
    before it, every other destination is as it was."""

    def __init__(self, signal_name: str, written: list[Path]):
        super().__init__(signal_name)
        self.signal_name = signal_name
        self.written = written


def _interrupt(signum: int, frame: Any) -> None:
    if _stop:
        return
    _stop.append(signum)
    if not _defer[0]:
        raise KeyboardInterrupt


def check() -> None:
    """Raise KeyboardInterrupt if a signal arrived (and was swallowed somewhere)."""
    if _stop:
        raise KeyboardInterrupt


def signal_name() -> str:
    return signal.Signals(_stop[0]).name if _stop else "SIGINT"


@contextlib.contextmanager
def as_interrupt() -> Iterator[None]:
    """SIGINT and SIGTERM unwind like Ctrl-C inside the block. A signal ignored by whoever
    started the render (``nohup``, ``cmd &`` in a script) stays ignored."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGTERM) is _interrupt):  # not main, or nested
        yield
        return
    _stop.clear()
    previous = {s: signal.getsignal(s) for s in STOP_SIGNALS}
    for s, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(s, _interrupt)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, signal.SIG_DFL if handler is None else handler)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Signals arriving inside the block are acted on after it (renames are quick)."""
    _defer[0] = True
    try:
        yield
    finally:
        _defer[0] = False
    check()


@contextlib.contextmanager
def sigint_ignored() -> Iterator[None]:
    """Processes started inside the block inherit an ignored SIGINT, so that Ctrl-C (sent to
    the whole process group) cannot print the traceback of a worker still importing: it is
    the main process's to handle."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
