"""Numeric core of :func:`jamlik.stats.area_gap`: ridit ranks with ties, the
weighted regression as a linear combination of the area values, and the tails
(fifths) of the population. Plain arrays in, plain arrays out; no checks."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from jamlik.stats._intervals import count_bounds, wilson_bounds

FIFTH = 0.2


def tie_groups(index: np.ndarray, most_deprived: str) -> tuple[np.ndarray, np.ndarray]:
    """Group code of each area (0 = most deprived group) and the number of groups."""
    values, codes = np.unique(index, return_inverse=True)
    if most_deprived == "high":
        codes = len(values) - 1 - codes
    return codes, len(values)


def ridits(population: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Ridit rank of each area: the midpoint of its group's cumulative population share.

    Areas with the same index value share one rank (as PHE's deprivation deciles do),
    so the result does not depend on how ties would be broken.
    """
    share = np.bincount(codes, weights=population, minlength=n_groups) / population.sum()
    mid = np.cumsum(share) - share / 2
    return mid[codes]


class Fit(NamedTuple):
    beta: np.ndarray  # (intercept, slope): fitted value at rank 0 and its rise to rank 1
    cov: np.ndarray  # 2 × 2 covariance of beta
    weights: np.ndarray  # 2 × k: beta = weights @ values


def linear_fit(values: np.ndarray, variances: np.ndarray, population: np.ndarray,
               rank: np.ndarray) -> Fit:
    r"""Population-weighted least squares of the area values on their rank.

    :math:`\hat\beta = (X^TAX)^{-1}X^TAy = Cy`, so :math:`\mathrm{Var}\hat\beta =
    C\,\mathrm{diag}(v)\,C^T` exactly, with v the sampling variances of the areas
    (the ranking and populations held fixed).
    """
    share = population / population.sum()
    design = np.column_stack([np.ones_like(rank), rank])
    weighted = design * share[:, None]
    combine = np.linalg.solve(design.T @ weighted, weighted.T)
    beta = combine @ values
    cov = (combine * variances) @ combine.T
    return Fit(beta, cov, combine)


def tail_fractions(population: np.ndarray, codes: np.ndarray, n_groups: int,
                   fraction: float = FIFTH) -> tuple[np.ndarray, np.ndarray]:
    """Part of each area in the most and in the least deprived ``fraction`` of the population.

    Groups are filled from each end; the group at the boundary enters with the part
    of its population needed, shared equally (in proportion) by its areas.
    """
    share = np.bincount(codes, weights=population, minlength=n_groups) / population.sum()
    upto = np.cumsum(share)
    before = upto - share
    with np.errstate(divide="ignore", invalid="ignore"):
        low = (np.minimum(upto, fraction) - np.minimum(before, fraction)) / share
        high = (np.maximum(upto, 1 - fraction) - np.maximum(before, 1 - fraction)) / share
    return np.nan_to_num(low)[codes], np.nan_to_num(high)[codes]


class Tail(NamedTuple):
    value: float
    lower: float
    upper: float
    se: float
    method: str


def tail_from_counts(part: np.ndarray, numerator: np.ndarray, denominator: np.ndarray,
                     *, kind: str, scale: float, level: float) -> Tail:
    """A fifth's value and interval from its (fractional) counts: Wilson or Byar/exact."""
    x = np.array([np.sum(part * numerator)])
    n = float(np.sum(part * denominator))
    if kind == "proportion":
        lo, hi = wilson_bounds(x, np.array([n]), level)
        lo, hi, method = lo * n, hi * n, "Wilson"
    else:
        lo, hi, used = count_bounds(x, level, "byar")
        method = "Byar" if used[0] == "byar" else "exakt Poisson"
    value = x[0] / n
    se = np.sqrt(value * (1 - value) / n) if kind == "proportion" else np.sqrt(x[0]) / n
    return Tail(value * scale, lo[0] / n * scale, hi[0] / n * scale, se * scale, method)


def tail_from_values(part: np.ndarray, population: np.ndarray, values: np.ndarray,
                     variances: np.ndarray, z: float) -> Tail:
    """A fifth's population-weighted mean with a Wald interval from the areas' se."""
    weight = part * population
    total = weight.sum()
    value = float(np.sum(weight * values) / total)
    se = float(np.sqrt(np.sum(weight**2 * variances)) / total)
    return Tail(value, value - z * se, value + z * se, se, "Wald")


def mover(first: Tail, second: Tail, *, log: bool) -> tuple[float, float, float]:
    """``second − first`` (or ``second / first`` when ``log``) with MOVER limits.

    Newcombe's hybrid interval for a difference of two independent estimates, each
    with its own interval (Newcombe 1998, method 10; Zou & Donner 2008); for a ratio
    the same on the log scale. NaN limits when a ratio's limits are not positive.
    """
    points = np.array([first.value, second.value])
    lows = np.array([first.lower, second.lower])
    highs = np.array([first.upper, second.upper])
    if log:
        if not (points > 0).all():
            return np.nan, np.nan, np.nan
        with np.errstate(divide="ignore"):
            points, lows, highs = np.log(points), np.log(lows), np.log(highs)
    estimate = points[1] - points[0]
    lower = estimate - np.hypot(points[1] - lows[1], highs[0] - points[0])
    upper = estimate + np.hypot(highs[1] - points[1], points[0] - lows[0])
    if log:
        return float(np.exp(estimate)), float(np.exp(lower)), float(np.exp(upper))
    return float(estimate), float(lower), float(upper)
