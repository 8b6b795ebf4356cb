"""jamlik's own variants of D and R for dimensions with many subgroups.

**Not part of WHO HEAT.** HEAT Plus (``calc_d``/``calc_r`` in
WHOequity/HEAT-Measures) and healthequal (``d()``/``r()``) always compare two
single subgroups, however many there are. With 147 districts (Göteborg's RegSO)
the highest minus the lowest mostly measures the noise of two small areas, so
jamlik adds population-weighted tail comparisons for non-ordered dimensions:

* ``D_Q``/``R_Q`` (more than 30 subgroups): the population-weighted mean of the
  best fifth of the population minus/over that of the worst fifth;
* ``D_D``/``R_D`` (more than 60): the same with tenths;
* ``D_P``/``R_P`` (more than 100): the population-weighted 90th minus/over the
  10th percentile of the subgroup estimates.

Subgroups are ranked by estimate and a tail covers the fraction ``f`` of the
setting's population; the subgroup at the boundary is split proportionally.
With ``C_j`` the cumulative population share after subgroup ``j`` (ascending
estimates), the weights of the lowest and highest tail are

``ℓ_j = [min(C_j, f) − min(C_{j−1}, f)] / f``,
``h_j = [max(C_j, 1−f) − max(C_{j−1}, 1−f)] / f``,

and ``D = Σ h_j y_j − Σ ℓ_j y_j``, ``R = Σ h_j y_j / Σ ℓ_j y_j``. As HEAT's D/R for
a non-ordered dimension (highest − lowest), the value does not depend on the
direction of the indicator: favourable, it is best − worst; adverse, worst −
best; both ≥ 0 (R ≥ 1). A marked ``reference_subgroup`` is not used.

Intervals. Tail means (the ranking held fixed): ``SE(D)² = Σ (h_j − ℓ_j)² s_j²``,
Wald; ``SE(ln R)² = Σ (h_j/H − ℓ_j/L)² s_j²`` (delta method, ``H, L`` the tail
means), limits ``exp(ln R ± z SE(ln R))``, reported SE ``R · SE(ln R)``.
Percentile form: HEAT's parametric simulation (:mod:`._simulate`), re-ranking
the subgroups in every draw.

The weighted percentile places subgroup ``j`` at the midpoint
``m_j = C_{j−1} + p_j/2`` of its population range (HEAT's ridit) and
interpolates linearly between those points; below the first midpoint it is the
lowest estimate, above the last the highest. With equal populations this is
Hyndman and Fan's type 5 (Hazen) quantile. Subgroups with population 0 carry
no weight.

References
----------
Hyndman RJ, Fan Y. Sample quantiles in statistical packages. Am Stat
1996;50:361-365.
Ahn J, Harper S, Yu M, et al. JCO Clin Cancer Inform 2018;2:1-19 (delta method).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ._common import Context, Estimate, normal_interval, point_only
from ._prepare import Block
from ._simulate import Draws

__all__ = [
    "LARGE_GROUP_MEASURES",
    "MIN_SUBGROUPS",
    "POINTS",
    "REPLICATES",
    "tail_weights",
    "weighted_percentiles",
]

# More than this many subgroups with an estimate: with equal populations every
# tail (a fifth of 31, a tenth of 61, below the 10th percentile of 101) holds
# at least six subgroups.
MIN_SUBGROUPS: dict[str, int] = {
    "D_Q": 30, "R_Q": 30, "D_D": 60, "R_D": 60, "D_P": 100, "R_P": 100,
}  # fmt: skip
LARGE_GROUP_MEASURES: tuple[str, ...] = tuple(MIN_SUBGROUPS)
THRESHOLDS: tuple[int, ...] = tuple(sorted(set(MIN_SUBGROUPS.values())))
PERCENTILES = (0.1, 0.9)


def tail_weights(
    values: np.ndarray, weights: np.ndarray, fraction: float
) -> tuple[np.ndarray, np.ndarray]:
    """Weights of the lowest and the highest ``fraction`` of the population.

    Parameters
    ----------
    values, weights
        Arrays of the same shape; the last axis holds the subgroups. ``weights``
        (populations or shares, ≥ 0) need not sum to 1.
    fraction
        Share of the population in each tail, in (0, 0.5].

    Returns
    -------
    low, high
        Arrays like ``values``, each summing to 1 over the last axis: the share of
        the tail's population in each subgroup (a boundary subgroup partly).

    Examples
    --------
    >>> low, high = tail_weights(np.array([3.0, 1.0, 2.0]), np.array([1.0, 1.0, 1.0]), 0.5)
    >>> low.round(3).tolist(), high.round(3).tolist()
    ([0.0, 0.667, 0.333], [0.667, 0.0, 0.333])
    """
    # Stable: tied estimates keep the (subgroup_order, subgroup) order, so the
    # interval does not depend on the input's row order.
    order = np.argsort(values, axis=-1, kind="stable")
    w = np.take_along_axis(weights, order, axis=-1)
    cum = np.cumsum(w, axis=-1)
    cum = cum / cum[..., -1:]  # the last is exactly 1, so the tails are exactly f
    prev = np.concatenate([np.zeros_like(cum[..., :1]), cum[..., :-1]], axis=-1)
    low = np.minimum(cum, fraction) - np.minimum(prev, fraction)
    high = np.maximum(cum, 1 - fraction) - np.maximum(prev, 1 - fraction)
    out = []
    for tail in (low, high):
        scattered = np.empty_like(tail)
        np.put_along_axis(scattered, order, tail / tail.sum(axis=-1, keepdims=True), axis=-1)
        out.append(scattered)
    return out[0], out[1]


def weighted_percentiles(
    values: np.ndarray, weights: np.ndarray, quantiles: Sequence[float]
) -> list[np.ndarray]:
    """Population-weighted percentiles over the last axis (midpoint interpolation).

    Subgroup ``j`` (ascending values) sits at ``m_j = C_{j−1} + p_j/2``, ``p`` the
    normalised weights and ``C`` their cumulative sum; the ``q``-quantile is
    interpolated linearly between the two neighbouring ``m_j`` and held at the
    lowest/highest value outside ``[m_1, m_n]``. Zero weights are ignored.
    ``weights`` is broadcast to the shape of ``values``.

    Examples
    --------
    >>> y = np.arange(1.0, 121.0)
    >>> [float(v) for v in weighted_percentiles(y, np.ones(120), (0.1, 0.9))]
    [12.5, 108.5]
    """
    weights = np.broadcast_to(weights, values.shape)
    positive = weights > 0
    # Zero-weight subgroups go last, where no quantile reaches them.
    order = np.argsort(np.where(positive, values, np.inf), axis=-1, kind="stable")
    y = np.take_along_axis(values, order, axis=-1)
    w = np.take_along_axis(weights, order, axis=-1).astype(float)
    cum = np.cumsum(w, axis=-1)
    total = cum[..., -1:]
    mid = np.where(w > 0, (cum - w / 2) / total, np.inf)
    last = np.count_nonzero(positive, axis=-1)[..., None] - 1
    out = []
    for q in quantiles:
        above = np.count_nonzero(mid <= q, axis=-1)[..., None]
        lo = np.minimum(np.maximum(above - 1, 0), last)
        hi = np.minimum(above, last)
        y_lo, y_hi = (np.take_along_axis(y, i, axis=-1)[..., 0] for i in (lo, hi))
        m_lo, m_hi = (np.take_along_axis(mid, i, axis=-1)[..., 0] for i in (lo, hi))
        with np.errstate(invalid="ignore", divide="ignore"):
            t = np.where(hi[..., 0] > lo[..., 0], (q - m_lo) / (m_hi - m_lo), 0.0)
        out.append(y_lo + t * (y_hi - y_lo))
    return out


def _tails(block: Block, fraction: float) -> tuple[np.ndarray, ...]:
    low_w, high_w = tail_weights(block.est, block.p, fraction)
    low = np.sum(low_w * block.est, axis=1)
    high = np.sum(high_w * block.est, axis=1)
    return low_w, high_w, low, high


def _root_sum(coef: np.ndarray, inside: np.ndarray, se: np.ndarray) -> np.ndarray:
    # Only the tails' subgroups count: a missing SE elsewhere does not remove the interval.
    return np.sqrt(np.sum(np.where(inside, (coef * se) ** 2, 0.0), axis=1))


def _difference(fraction: float) -> Callable[[Block, Context], Estimate]:
    def point(block: Block, ctx: Context) -> Estimate:
        low_w, high_w, low, high = _tails(block, fraction)
        inside = (low_w > 0) | (high_w > 0)
        se = _root_sum(high_w - low_w, inside, block.se)
        return normal_interval(high - low, se, ctx.z, "analytisk (Wald)")

    point.__doc__ = f"Mean of the highest minus the lowest {fraction:.0%} of the population."
    return point


def _ratio(fraction: float) -> Callable[[Block, Context], Estimate]:
    def point(block: Block, ctx: Context) -> Estimate:
        low_w, high_w, low, high = _tails(block, fraction)
        inside = (low_w > 0) | (high_w > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = high / low
            coef = high_w / high[:, None] - low_w / low[:, None]
            log_se = _root_sum(coef, inside, block.se)
            lower = np.exp(np.log(value) - ctx.z * log_se)
            upper = np.exp(np.log(value) + ctx.z * log_se)
        se = value * log_se
        bad = ~np.isfinite(value)
        for array in (value, se, lower, upper):
            array[bad] = np.nan
        return Estimate(value, se, lower, upper, "analytisk (delta, log-skala)")

    point.__doc__ = f"Mean of the highest over the lowest {fraction:.0%} of the population."
    return point


def _percentiles(values: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p10, p90 = weighted_percentiles(values, weights, PERCENTILES)
    return p10, p90


def _safe_ratio(high: np.ndarray, low: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        value = high / low
    return np.where(np.isfinite(value), value, np.nan)


def percentile_difference(block: Block, ctx: Context) -> Estimate:
    """Weighted 90th minus 10th percentile; interval by simulation."""
    p10, p90 = _percentiles(block.est, block.p)
    return point_only(p90 - p10)


def percentile_ratio(block: Block, ctx: Context) -> Estimate:
    """Weighted 90th over 10th percentile; interval by simulation."""
    p10, p90 = _percentiles(block.est, block.p)
    return point_only(_safe_ratio(p90, p10))


def _rep_difference(d: Draws) -> np.ndarray:
    p10, p90 = _percentiles(d.x, d.block.p[:, None, :])
    return p90 - p10


def _rep_ratio(d: Draws) -> np.ndarray:
    p10, p90 = _percentiles(d.x, d.block.p[:, None, :])
    return _safe_ratio(p90, p10)


POINTS: dict[str, Callable[[Block, Context], Estimate]] = {
    "D_Q": _difference(0.2), "R_Q": _ratio(0.2),
    "D_D": _difference(0.1), "R_D": _ratio(0.1),
    "D_P": percentile_difference, "R_P": percentile_ratio,
}  # fmt: skip
REPLICATES: dict[str, Callable[[Draws], np.ndarray]] = {"D_P": _rep_difference, "R_P": _rep_ratio}
