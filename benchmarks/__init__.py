"""Benchmarks: CPU seconds, printed as tables (``python -m benchmarks.<name>``)."""

import resource
import subprocess

from xyforecast.config import one_blas_thread

one_blas_thread()  # as the command does: before a benchmark imports numpy


def measured(command: list[str], **run) -> tuple[subprocess.CompletedProcess, float]:
    """``subprocess.run(command, **run)`` and the CPU seconds (user + system) of it and of
    every process it started and waited for: the machine is shared, so not wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, **run)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return result, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
