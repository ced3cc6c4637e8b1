"""xyforecast: will a Chinese county meet this year's economic targets?"""

import os

# One BLAS thread: the engine's problems are tiny (hundreds of numbers), and a BLAS pool
# spinning on two cores costs more CPU than the work (a backtest took 4× the CPU). Set
# before numpy loads; a caller's own setting wins.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

__version__ = "0.1.0"
