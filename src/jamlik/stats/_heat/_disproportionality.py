"""Non-ordered relative measures: index of disparity, Theil index, MLD.

With population shares ``p_j``, estimates ``y_j``, ``n`` subgroups and setting
average ``μ``, ``r_j = y_j / μ`` (a zero estimate is replaced by 1e-6, as HEAT
does, so the logarithm exists):

* IDISU (ojämlikhetsindex, ovägt) ``100 · Σ |y_j − μ| / n / μ``;
* IDISW (vägt) ``100 · Σ p_j |y_j − μ| / μ``;
* TI (Theils index) ``1000 · Σ p_j r_j ln r_j``;
* MLD (medellogaritmisk avvikelse) ``−1000 · Σ p_j ln r_j``.

TI and MLD are reported ×1000 (HEAT Plus convention). Their SEs are the delta
method of Ahn et al. (2018): ``sqrt(Σ (1 + ln r_j − Σ p r (1 + ln r))² p_j² s_j² / μ²)``
for TI and ``sqrt(Σ p_j² s_j² (1 − 1/r_j)² / μ²)`` for MLD. These are SEs of the
*unscaled* index. HEAT Plus (``compat="heat"``) uses them unscaled next to the
×1000 value, so its interval is 1000 times too narrow; the default multiplies
the SE by 1000 too. IDISU and IDISW get simulation intervals.

References
----------
Ahn J, Harper S, Yu M, et al. JCO Clin Cancer Inform 2018;2:1-19.
Pearcy JN, Keppel KG. A summary measure of health disparity. Public Health
Rep 2002;117:273-280.
Theil H. Economics and information theory. Amsterdam: North-Holland, 1967.
"""

from __future__ import annotations

import numpy as np

from ._common import Context, Estimate, normal_interval, point_only
from ._prepare import Block
from ._simulate import Draws

__all__ = ["POINTS", "REPLICATES"]

# Both HEAT and healthequal replace a zero estimate by this before taking logs.
ZERO_ESTIMATE = 0.000001


def idisu(block: Block, ctx: Context) -> Estimate:
    """Index of disparity, unweighted (percent)."""
    mu = block.mu[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        return point_only(100 * np.mean(np.abs(block.est - mu) / mu, axis=1))


def idisw(block: Block, ctx: Context) -> Estimate:
    """Index of disparity, population-weighted (percent)."""
    p = block.p
    wmean = block.wmean[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        return point_only(100 * np.sum(p * np.abs(block.est - wmean), axis=1) / block.mu)


def _theil_parts(block: Block) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    p = block.p
    y = np.where(block.est == 0, ZERO_ESTIMATE, block.est)
    # The value uses μ from the estimates as given; the SE the weighted mean of
    # the zero-replaced estimates (HEAT's calc_ti and calc_mld do the same).
    mean_nonzero = np.sum(p * y, axis=1, keepdims=True)
    return p, y, mean_nonzero


def ti(block: Block, ctx: Context) -> Estimate:
    """Theil index ×1000 with the delta-method SE."""
    p, y, m = _theil_parts(block)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = y / block.mu[:, None]
        value = 1000 * np.sum(p * r * np.log(r), axis=1)
        rj = y / m
        centre = np.sum(p * rj * (1 + np.log(rj)), axis=1, keepdims=True)
        var = np.sum((1 + np.log(rj) - centre) ** 2 * p**2 * block.se**2 / m**2, axis=1)
    se = np.sqrt(var) * (1 if ctx.heat else 1000)
    return normal_interval(value, se, ctx.z, "analytisk (delta, Ahn m.fl. 2018)")


def mld(block: Block, ctx: Context) -> Estimate:
    """Mean log deviation ×1000 with the delta-method SE."""
    p, y, m = _theil_parts(block)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = 1000 * np.sum(p * -np.log(y / block.mu[:, None]), axis=1)
        rj = y / m
        var = np.sum(block.se**2 * p**2 / m**2 * (1 - 1 / rj) ** 2, axis=1)
    se = np.sqrt(var) * (1 if ctx.heat else 1000)
    return normal_interval(value, se, ctx.z, "analytisk (delta, Ahn m.fl. 2018)")


def _rep_idisu(d: Draws) -> np.ndarray:
    # HEAT keeps the observed setting average in every draw; the default
    # re-estimates it wherever it is the weighted mean of the subgroups.
    name = "mean" if d.ctx.heat else "estimated"
    return 100 * d.absolute(name)[0] / d.centre(name)


def _rep_idisw(d: Draws) -> np.ndarray:
    name = "wmean" if d.ctx.heat else "estimated"
    return 100 * d.absolute(name)[1] / d.wmean


POINTS = {"IDISU": idisu, "IDISW": idisw, "TI": ti, "MLD": mld}
REPLICATES = {"IDISU": _rep_idisu, "IDISW": _rep_idisw}
