"""Non-ordered absolute measures: variance and mean-difference measures.

With population shares ``p_j``, estimates ``y_j``, ``n`` subgroups, setting
average ``μ`` (population-weighted mean of the estimates, or the reported
``setting_average`` when populations are missing) and the best subgroup
``y_best`` (highest for a favourable indicator, lowest for an adverse one):

* BGV  (mellangruppsvarians) ``Σ p_j (y_j − μ)²``, analytic SE of Ahn et al.
  (2018): ``sqrt(4 Σ p²s²(y−μ)² + 2[(Σ p²s²)² − Σ p⁴s⁴ + Σ p²(1−p)²s⁴])``;
* BGSD (mellangruppsstandardavvikelse) ``sqrt(BGV)``, COV (variationskoefficient)
  ``100·BGSD/μ``;
* MDMU/MDMW (medelavvikelse från medelvärdet) ``Σ |y_j − μ| / n`` and
  ``Σ p_j |y_j − μ|``;
* MDBU/MDBW (från bästa gruppen) ``Σ |y_j − y_best| / n`` and ``Σ p_j |y_j − y_best|``;
* MDRU/MDRW (från referensgruppen) ``Σ |y_j − y_ref| / n`` and ``Σ p_j |y_j − y_ref|``.

All but BGV get simulation intervals (:mod:`._simulate`). Where HEAT Plus
(``compat="heat"``) simulates something other than the measure itself, the
replicate function says so; the default simulates the measure as defined.

References
----------
Ahn J, Harper S, Yu M, et al. Variance estimation and confidence intervals for
11 commonly used health disparity measures. JCO Clin Cancer Inform 2018;2:1-19.
Harper S, Lynch J. Methods for measuring cancer disparities. NCI, 2005.
Schlotheuber A, Hosseinpoor AR. Int J Environ Res Public Health 2022;19:3697.
"""

from __future__ import annotations

import numpy as np

from ._common import Context, Estimate, normal_interval, point_only
from ._prepare import Block
from ._simulate import Draws

__all__ = ["POINTS", "REPLICATES"]


def _ref(block: Block) -> np.ndarray:
    return block.est[np.arange(len(block.est)), block.ref_idx]


def bgv(block: Block, ctx: Context) -> Estimate:
    """Between-group variance with the analytic SE of Ahn et al. (2018)."""
    p, y, s = block.p, block.est, block.se
    value = np.sum(p * (y - block.mu[:, None]) ** 2, axis=1)
    dev2 = (y - block.wmean[:, None]) ** 2
    s2 = np.sum(p**2 * s**2, axis=1)
    var = 4 * np.sum(p**2 * s**2 * dev2, 1) + 2 * (
        s2**2 - np.sum(p**4 * s**4, 1) + np.sum(p**2 * (1 - p) ** 2 * s**4, 1)
    )
    return normal_interval(value, np.sqrt(var), ctx.z, "analytisk (Ahn m.fl. 2018)")


def bgsd(block: Block, ctx: Context) -> Estimate:
    """Between-group standard deviation."""
    return point_only(np.sqrt(np.sum(block.p * (block.est - block.mu[:, None]) ** 2, axis=1)))


def cov(block: Block, ctx: Context) -> Estimate:
    """Coefficient of variation, ``100·BGSD/μ``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return point_only(100 * bgsd(block, ctx).value / block.mu)


def _centre(block: Block, ctx: Context) -> np.ndarray:
    # HEAT's calc_mdmu always takes the population-weighted mean.
    return block.wmean if ctx.heat else block.mu


def mdmu(block: Block, ctx: Context) -> Estimate:
    """Mean difference from the mean, unweighted."""
    return point_only(np.mean(np.abs(block.est - _centre(block, ctx)[:, None]), axis=1))


def mdmw(block: Block, ctx: Context) -> Estimate:
    """Mean difference from the mean, population-weighted."""
    return point_only(np.sum(block.p * np.abs(block.est - block.wmean[:, None]), axis=1))


def mdbu(block: Block, ctx: Context) -> Estimate:
    """Mean difference from the best-performing subgroup, unweighted."""
    return point_only(np.mean(np.abs(block.est - block.best[:, None]), axis=1))


def mdbw(block: Block, ctx: Context) -> Estimate:
    """Mean difference from the best-performing subgroup, weighted."""
    return point_only(np.sum(block.p * np.abs(block.est - block.best[:, None]), axis=1))


def mdru(block: Block, ctx: Context) -> Estimate:
    """Mean difference from the reference subgroup, unweighted."""
    return point_only(np.mean(np.abs(block.est - _ref(block)[:, None]), axis=1))


def mdrw(block: Block, ctx: Context) -> Estimate:
    """Mean difference from the reference subgroup, weighted."""
    return point_only(np.sum(block.p * np.abs(block.est - _ref(block)[:, None]), axis=1))


# --- replicates: the measure on each simulated data set, shape (strata, reps) ---
# HEAT Plus's replicate differs from the measure for BGSD/COV (centred on the
# observed mean, not the draw's), MDMU (see below) and MDRU/MDRW (centred on
# the best subgroup, not the reference); ``compat="heat"`` keeps that.


def _rep_bgsd(d: Draws) -> np.ndarray:
    # "estimated" is the draw's weighted mean wherever BGSD applies (populations known).
    return np.sqrt(d.squared("mean" if d.ctx.heat else "estimated"))


def _rep_cov(d: Draws) -> np.ndarray:
    centre = d.observed_mean if d.ctx.heat else d.wmean
    return 100 * _rep_bgsd(d) / centre


def _rep_mdmu(d: Draws) -> np.ndarray:
    if not d.ctx.heat:
        return d.absolute("estimated")[0]
    # HEAT's calc_mdmu keeps a draw only if every value lies in [0, 1] when the
    # scale is 100 (the draws are on the 0-100 scale, so almost none do), and
    # multiplies the replicate by the scale.
    scale = d.block.scale[:, None]
    keep = np.where(scale == 100, d.maximum <= 1, True)
    return np.where(keep, scale * d.absolute("wmean")[0], np.nan)


def _rep_mdmw(d: Draws) -> np.ndarray:
    return d.absolute("wmean" if d.ctx.heat else "estimated")[1]


def _rep_mdbu(d: Draws) -> np.ndarray:
    # Every value lies on one side of the best, so Σ|x − best|/n = |best − mean|.
    return np.abs(d.best - d.umean)


def _rep_mdbw(d: Draws) -> np.ndarray:
    return np.abs(d.best - d.wmean)


def _rep_mdru(d: Draws) -> np.ndarray:
    return _rep_mdbu(d) if d.ctx.heat else d.absolute("reference")[0]


def _rep_mdrw(d: Draws) -> np.ndarray:
    return _rep_mdbw(d) if d.ctx.heat else d.absolute("reference")[1]


POINTS = {
    "BGV": bgv, "BGSD": bgsd, "COV": cov, "MDMU": mdmu, "MDMW": mdmw,
    "MDBU": mdbu, "MDBW": mdbw, "MDRU": mdru, "MDRW": mdrw,
}  # fmt: skip
REPLICATES = {
    "BGSD": _rep_bgsd, "COV": _rep_cov, "MDMU": _rep_mdmu, "MDMW": _rep_mdmw,
    "MDBU": _rep_mdbu, "MDBW": _rep_mdbw, "MDRU": _rep_mdru, "MDRW": _rep_mdrw,
}  # fmt: skip
