"""Numeric rules shared by the pages, the store's measures and the reports.

:func:`se_from_interval`: a standard error from a symmetric confidence interval at the
interval's own level. :func:`compare_with_benchmark`: is an area significantly better
or worse than its municipality (Public Health England's benchmark comparison).
"""

from __future__ import annotations

import numpy as np

from ._intervals import z_value

__all__ = ["compare_with_benchmark", "se_from_interval"]


def se_from_interval(se, lower, upper, confidence, *, default_confidence: float = 0.95
                     ) -> np.ndarray:
    """The given standard error, else one derived from the interval at its own level.

    Parameters
    ----------
    se, lower, upper, confidence
        Arrays of one shape (NaN where missing); ``confidence`` is each interval's
        level, ``default_confidence`` where it is missing.

    Returns
    -------
    numpy.ndarray
        ``se`` where given, else :math:`(upper - lower) / (2 z_{(1+c)/2})`, else NaN.
        The interval is taken as symmetric on the scale it is given (a normal
        approximation, as WHO HEAT Plus derives se from ``ci_lb``/``ci_ub``).

    >>> se_from_interval([np.nan, 0.3], [1.0, 0.0], [4.919928, 9.0], [0.95, 0.95]).round(6)
    array([1. , 0.3])
    """
    se = np.asarray(se, dtype=float)
    lower = np.asarray(lower, dtype=float)
    upper = np.asarray(upper, dtype=float)
    level = np.asarray(confidence, dtype=float)
    level = np.where(np.isnan(level), default_confidence, level)
    z = np.array([z_value(c) if 0 < c < 1 else np.nan for c in np.unique(level)])
    derived = (upper - lower) / (2 * z[np.searchsorted(np.unique(level), level)])
    return np.where(np.isnan(se), derived, se)


def compare_with_benchmark(lower, upper, benchmark, polarity: str | None) -> np.ndarray:
    """Classes ``better``/``worse`` (``higher``/``lower`` for a neutral indicator),
    ``similar`` or ``none``, of each area against a benchmark value.

    An area is significantly better or worse when its interval (``lower``, ``upper``)
    does not contain the benchmark (Public Health England, "Technical Guide:
    Confidence intervals", 2018, §4: compare an indicator's interval with the
    benchmark value). The municipality is a fixed benchmark because the area is part
    of it (a two-sample test would wrongly treat them as independent). Whether higher
    is better comes from ``polarity`` (``higher_better``, ``lower_better``, else
    neutral). ``none`` where the interval or the benchmark is missing.

    >>> compare_with_benchmark([1.0, 3.0], [2.0, 4.0], 2.5, "lower_better").tolist()
    ['better', 'worse']
    """
    lower = np.asarray(lower, dtype=float)
    upper = np.asarray(upper, dtype=float)
    benchmark = np.broadcast_to(np.asarray(benchmark, dtype=float), lower.shape)
    above = lower > benchmark
    below = upper < benchmark
    out = np.full(lower.shape, "similar", dtype=object)
    if polarity == "lower_better":
        out[above], out[below] = "worse", "better"
    elif polarity == "higher_better":
        out[above], out[below] = "better", "worse"
    else:
        out[above], out[below] = "higher", "lower"
    out[np.isnan(lower) | np.isnan(upper) | np.isnan(benchmark)] = "none"
    return out
