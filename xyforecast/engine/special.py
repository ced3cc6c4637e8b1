"""scipy's special functions the engine evaluates, imported when first evaluated.

A report page formats a forecast built before it ran; its kernel unpickles the engine's
types (``distribution``, ``calibration`` through ``projection``) and evaluates none of
these. Imported with the engine, ``scipy.special`` cost each page kernel 0.2 CPU s — about
a tenth of what starting it costs.
"""

from __future__ import annotations

from typing import Any


def ndtr(x: Any) -> Any:
    """The standard normal cdf."""
    from scipy.special import ndtr as cdf

    return cdf(x)


def ndtri(q: Any) -> Any:
    """The standard normal quantile."""
    from scipy.special import ndtri as quantile

    return quantile(q)


def expit(x: Any) -> Any:
    """The logistic function, 1 / (1 + e^−x)."""
    from scipy.special import expit as logistic

    return logistic(x)


def logit(p: Any) -> Any:
    """The log-odds, log(p / (1 − p))."""
    from scipy.special import logit as log_odds

    return log_odds(p)
