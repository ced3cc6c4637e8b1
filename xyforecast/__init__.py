"""xyforecast: will a Chinese county meet this year's economic targets?

Importing the package changes nothing in the process: the one-BLAS-thread setting is made
where processes start (``config.one_blas_thread``: the command, the benchmarks, the tests;
kernels and workers inherit it from the command).
"""

__version__ = "0.1.0"
