"""Benchmarks: CPU seconds, printed as tables (``python -m benchmarks.<name>``)."""

from xyforecast.config import one_blas_thread

one_blas_thread()  # as the command does: before a benchmark imports numpy
