"""Difference (D, differens) and ratio (R, kvot) between two subgroups.

Which two subgroups are compared follows HEAT Plus (``get_est_se_min_max`` in
WHOequity/HEAT-Measures, ``R/utils.R``), in this order of precedence:

* a reference subgroup is flagged (exactly one ``reference_subgroup = 1``):
  favourable indicator ``y1`` = reference, ``y2`` = the lowest other estimate;
  adverse indicator ``y1`` = the highest other estimate, ``y2`` = reference;
* ordered dimension: favourable ``y1`` = most advantaged (highest
  ``subgroup_order``), ``y2`` = most disadvantaged; adverse the other way round;
* otherwise ``y1`` = highest and ``y2`` = lowest estimate.

Then ``D = y1 - y2`` with ``SE = sqrt(se1² + se2²)``, and ``R = y1 / y2`` with the
delta-method ``SE = sqrt(se1² + R² se2²) / y2`` and the interval computed on the
log scale, ``exp(ln R ± z SE/R)`` (Ahn et al. 2018).

HEAT Plus has no special form of D and R for dimensions with many subgroups:
``calc_d``/``calc_r`` (HEAT-Measures) and ``d``/``r`` (healthequal 1.0.0)
always compare two single subgroups, whatever their number.

References
----------
Ahn J, Harper S, Yu M, et al. Variance estimation and confidence intervals for
11 commonly used health disparity measures. JCO Clin Cancer Inform 2018;2:1-19.
Schlotheuber A, Hosseinpoor AR. Summary measures of health inequality. Int J
Environ Res Public Health 2022;19:3697.
"""

from __future__ import annotations

import numpy as np

from ._common import Context, Estimate, normal_interval
from ._prepare import Block

__all__ = ["difference", "pair_indices", "ratio"]


def pair_indices(block: Block) -> tuple[np.ndarray, np.ndarray]:
    """Column index of ``y1`` and ``y2`` in every stratum of ``block``."""
    est = block.est
    n, size = est.shape
    rows = np.arange(n)
    hi = np.argmax(est, axis=1)
    lo = np.argmin(est, axis=1)
    fav = block.favourable
    hi = np.where(block.ordered, np.where(fav, size - 1, 0), hi)
    lo = np.where(block.ordered, np.where(fav, 0, size - 1), lo)
    ref = block.ref_idx
    others_low = est.copy()
    others_low[rows, ref] = np.inf
    others_high = est.copy()
    others_high[rows, ref] = -np.inf
    ref_hi = np.where(fav, ref, np.argmax(others_high, axis=1))
    ref_lo = np.where(fav, np.argmin(others_low, axis=1), ref)
    hi = np.where(block.has_ref, ref_hi, hi)
    lo = np.where(block.has_ref, ref_lo, lo)
    return hi, lo


def _pairs(block: Block) -> tuple[np.ndarray, ...]:
    hi, lo = pair_indices(block)
    rows = np.arange(len(hi))
    return block.est[rows, hi], block.est[rows, lo], block.se[rows, hi], block.se[rows, lo]


def difference(block: Block, ctx: Context) -> Estimate:
    """D = y1 − y2 and its Wald interval.

    >>> from types import SimpleNamespace as NS
    >>> b = NS(est=np.array([[60.0, 80.0]]), se=np.array([[3.0, 4.0]]),
    ...        favourable=np.array([True]), ordered=np.array([False]),
    ...        has_ref=np.array([False]), ref_idx=np.array([0]))
    >>> from ._common import Context
    >>> r = difference(b, Context("jamlik", 0.95, 1.959964, 100, np.random.default_rng(1)))
    >>> float(r.value[0]), float(r.se[0])
    (20.0, 5.0)
    """
    y1, y2, s1, s2 = _pairs(block)
    return normal_interval(y1 - y2, np.sqrt(s1**2 + s2**2), ctx.z, "analytisk (Wald)")


def ratio(block: Block, ctx: Context) -> Estimate:
    """R = y1 / y2, delta-method SE, interval on the log scale."""
    y1, y2, s1, s2 = _pairs(block)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = y1 / y2
        se = np.sqrt((s1**2 + value**2 * s2**2) / y2**2)
        log_se = se / value
        lower = np.exp(np.log(value) - ctx.z * log_se)
        upper = np.exp(np.log(value) + ctx.z * log_se)
    bad = ~np.isfinite(value)
    for array in (value, se, lower, upper):
        array[bad] = np.nan
    return Estimate(value, se, lower, upper, "analytisk (delta, log-skala)")
