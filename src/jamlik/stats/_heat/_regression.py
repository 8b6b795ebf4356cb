"""Ordered-dimension measures: concentration indices (ACI, RCI) and SII, RII.

Subgroups are ranked from the most disadvantaged (``subgroup_order`` lowest)
to the most advantaged by the midpoint of their cumulative population share
(ridit rank ``r``; tied orders share one range, as in HEAT).

**ACI/RCI** (koncentrationsindex) use the "convenient regression" of Kakwani,
Wagstaff & van Doorslaer (1997) as HEAT does: ``2σ²_r y`` is regressed on ``r``
by least squares weighted by population, so ``ACI = 2 cov_w(y, r)`` and
``RCI = ACI / μ`` (μ the population-weighted mean). The SE is the model SE of
the slope (residual variance on ``G - 2`` degrees of freedom).

**SII/RII** (lutningsindex, relativt ojämlikhetsindex) come from a logistic
regression of ``y/scale`` on ``r``; ``SII = scale·(p̂(1) − p̂(0))`` and
``RII = p̂(1)/p̂(0)``, with heteroskedasticity-consistent (HC1) sandwich SEs and
the delta method, as HEAT's ``marginaleffects::avg_comparisons(vcov="HC1")``.

``compat="heat"`` fits HEAT's model exactly: counts ``round(y/scale·⌈N⌉)`` out of
``⌈N⌉`` *and* prior weights ``N``, so each subgroup weighs ``N²`` — population
is counted twice. It reports the SII SE on the 0–1 scale and the RII SE on the
log scale, and gives no SII/RII for estimates outside ``[0, scale]``.
The default weights each subgroup by ``N`` once, reports SEs on the scale of
the value, and uses weighted least squares (same HC1 delta method) when some
estimate lies outside ``[0, scale]``, i.e. for indicators that are not shares.

References
----------
Kakwani N, Wagstaff A, van Doorslaer E. Socioeconomic inequalities in health:
measurement, computation, and statistical inference. J Econom 1997;77:87-103.
Mackenbach JP, Kunst AE. Measuring the magnitude of socio-economic inequalities
in health. Soc Sci Med 1997;44:757-771.
MacKinnon JG, White H. Some heteroskedasticity-consistent covariance matrix
estimators with improved finite sample properties. J Econom 1985;29:305-325.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from ._common import Context, Estimate, normal_interval
from ._prepare import Block

__all__ = ["aci", "rci", "ridit_ranks", "rii", "sii"]

_MAX_ITER = 60
_TOL = 1e-12


def ridit_ranks(weight: np.ndarray, order: np.ndarray | None = None) -> np.ndarray:
    """Midpoints of the cumulative weight shares along the last axis.

    Subgroups with the same ``order`` share one range (their common midpoint).

    >>> ridit_ranks(np.array([[1.0, 1.0, 2.0]])).tolist()
    [[0.125, 0.375, 0.75]]
    >>> ridit_ranks(np.array([[1.0, 1.0, 2.0]]), np.array([[1, 1, 2]])).tolist()
    [[0.25, 0.25, 0.75]]
    """
    total = weight.sum(axis=-1, keepdims=True)
    after = np.cumsum(weight, axis=-1)
    before = after - weight
    if order is None:
        return (before + 0.5 * weight) / total
    size = weight.shape[-1]
    columns = np.broadcast_to(np.arange(size), weight.shape)
    starts = np.ones(weight.shape, dtype=bool)
    starts[..., 1:] = order[..., 1:] != order[..., :-1]
    ends = np.ones(weight.shape, dtype=bool)
    ends[..., :-1] = starts[..., 1:]
    first = np.maximum.accumulate(np.where(starts, columns, 0), axis=-1)
    last = np.flip(np.minimum.accumulate(np.flip(np.where(ends, columns, size - 1), -1), -1), -1)
    low = np.take_along_axis(before, first, axis=-1)
    high = np.take_along_axis(after, last, axis=-1)
    return (low + 0.5 * (high - low)) / total


def _concentration(block: Block, ctx: Context) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w = block.pop
    x = ridit_ranks(w, block.order)
    p = w / w.sum(axis=1, keepdims=True)
    mu = np.sum(p * block.est, axis=1)
    sigma2 = np.sum(p * (x - 0.5) ** 2, axis=1)
    y = 2 * sigma2[:, None] * block.est
    sw, swx, swxx = w.sum(1), (w * x).sum(1), (w * x * x).sum(1)
    swy, swxy = (w * y).sum(1), (w * x * y).sum(1)
    with np.errstate(divide="ignore", invalid="ignore"):
        det = sw * swxx - swx**2
        slope = (sw * swxy - swx * swy) / det
        intercept = (swy - slope * swx) / sw
        resid = y - intercept[:, None] - slope[:, None] * x
        dispersion = np.sum(w * resid**2, axis=1) / (block.size - 2)
        se = np.sqrt(dispersion * sw / det)
    return slope, se, mu


def aci(block: Block, ctx: Context) -> Estimate:
    """Absolute concentration index, ``ACI = Σ p_j (2 r_j − 1) y_j``."""
    value, se, _ = _concentration(block, ctx)
    return normal_interval(value, se, ctx.z, "regression (Kakwani m.fl. 1997)")


def rci(block: Block, ctx: Context) -> Estimate:
    """Relative concentration index, ``RCI = ACI / μ`` (−1 … 1)."""
    value, se, mu = _concentration(block, ctx)
    with np.errstate(divide="ignore", invalid="ignore"):
        return normal_interval(value / mu, se / mu, ctx.z, "regression (Kakwani m.fl. 1997)")


def _sandwich(h: tuple, m: tuple, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """HC1 covariance ``G/(G−2) · H⁻¹ M H⁻¹`` of two coefficients (elementwise 2×2)."""
    h00, h01, h11 = h
    m00, m01, m11 = m
    det = h00 * h11 - h01**2
    i00, i01, i11 = h11 / det, -h01 / det, h00 / det
    # B M B for symmetric 2×2 matrices, written out so it broadcasts over strata.
    a00 = i00 * m00 + i01 * m01
    a01 = i00 * m01 + i01 * m11
    a10 = i01 * m00 + i11 * m01
    a11 = i01 * m01 + i11 * m11
    factor = size / (size - 2)
    v00 = factor * (a00 * i00 + a01 * i01)
    v01 = factor * (a00 * i01 + a01 * i11)
    v11 = factor * (a10 * i01 + a11 * i11)
    return v00, v01, v11


def _logit_fit(x: np.ndarray, y: np.ndarray, a: np.ndarray) -> tuple[np.ndarray, ...]:
    """Weighted binomial-logit MLE of ``y ~ 1 + x`` per row by Newton–Raphson."""
    n = x.shape[0]
    mean = np.clip(np.sum(a * y, 1) / np.sum(a, 1), 1e-6, 1 - 1e-6)
    b0, b1 = np.log(mean / (1 - mean)), np.zeros(n)
    active = np.arange(n)
    converged = np.zeros(n, dtype=bool)
    for _ in range(_MAX_ITER):
        xa, ya, aa = x[active], y[active], a[active]
        p = special.expit(b0[active, None] + b1[active, None] * xa)
        w = aa * p * (1 - p)
        g0, g1 = np.sum(aa * (ya - p), 1), np.sum(aa * (ya - p) * xa, 1)
        h00, h01, h11 = w.sum(1), (w * xa).sum(1), (w * xa * xa).sum(1)
        det = h00 * h11 - h01**2
        d0 = (h11 * g0 - h01 * g1) / det
        d1 = (h00 * g1 - h01 * g0) / det
        b0[active] += d0
        b1[active] += d1
        step = np.maximum(
            np.abs(d0) / (1 + np.abs(b0[active])), np.abs(d1) / (1 + np.abs(b1[active]))
        )
        done = step < _TOL
        converged[active[done]] = True
        active = active[~done & np.isfinite(step)]
        if active.size == 0:
            break
    b0[~converged] = np.nan
    b1[~converged] = np.nan
    p = special.expit(b0[:, None] + b1[:, None] * x)
    w = a * p * (1 - p)
    u2 = (a * (y - p)) ** 2
    h = (w.sum(1), (w * x).sum(1), (w * x * x).sum(1))
    m = (u2.sum(1), (u2 * x).sum(1), (u2 * x * x).sum(1))
    return b0, b1, _sandwich(h, m, x.shape[1])


def _linear_fit(x: np.ndarray, y: np.ndarray, a: np.ndarray) -> tuple[np.ndarray, ...]:
    """Weighted least squares of ``y ~ 1 + x`` per row with HC1 covariance."""
    h = (a.sum(1), (a * x).sum(1), (a * x * x).sum(1))
    sy, sxy = (a * y).sum(1), (a * x * y).sum(1)
    det = h[0] * h[2] - h[1] ** 2
    b1 = (h[0] * sxy - h[1] * sy) / det
    b0 = (sy - b1 * h[1]) / h[0]
    u2 = (a * (y - b0[:, None] - b1[:, None] * x)) ** 2
    m = (u2.sum(1), (u2 * x).sum(1), (u2 * x * x).sum(1))
    return b0, b1, _sandwich(h, m, x.shape[1])


def _delta(g0: np.ndarray, g1: np.ndarray, v: tuple) -> np.ndarray:
    v00, v01, v11 = v
    return np.sqrt(g0 * g0 * v00 + 2 * g0 * g1 * v01 + g1 * g1 * v11)


def _fit(block: Block, ctx: Context) -> dict[str, np.ndarray]:
    """Predictions at rank 0 and 1 with SEs of their difference and log ratio."""
    scale = block.scale[:, None]
    with np.errstate(all="ignore"):
        if ctx.heat:
            n = np.ceil(block.pop)
            x = ridit_ranks(n)
            y = np.round(block.est / scale * n) / n
            logistic = np.ones(len(x), dtype=bool)
            b0, b1, v = _logit_fit(x, y, n * n)
        else:
            x = ridit_ranks(block.pop, block.order)
            y = block.est / scale
            logistic = np.all((y >= 0) & (y <= 1), axis=1)
            b0, b1, v = _logit_fit(x, y, block.pop)
            l0, l1, lv = _linear_fit(x, y, block.pop)
            b0, b1 = np.where(logistic, b0, l0), np.where(logistic, b1, l1)
            v = tuple(np.where(logistic, vi, li) for vi, li in zip(v, lv))
        p0 = np.where(logistic, special.expit(b0), b0)
        p1 = np.where(logistic, special.expit(b0 + b1), b0 + b1)
        q0, q1 = p0 * (1 - p0), p1 * (1 - p1)
        d_se = np.where(logistic, _delta(q1 - q0, q1, v), _delta(0.0, 1.0, v))
        lr_se = np.where(
            logistic,
            _delta((1 - p1) - (1 - p0), 1 - p1, v),
            _delta(1 / p1 - 1 / p0, 1 / p1, v),
        )
    method = np.where(
        logistic, "logistisk regression, HC1 + delta", "viktad linjär regression, HC1 + delta"
    )
    return {"p0": p0, "p1": p1, "d_se": d_se, "lr_se": lr_se, "method": method}


def sii(block: Block, ctx: Context) -> Estimate:
    """Slope index of inequality on the indicator's scale."""
    fit = _fit(block, ctx)
    scale = block.scale
    diff = fit["p1"] - fit["p0"]
    if ctx.heat:
        se = fit["d_se"]
        return Estimate(
            diff * scale,
            se,
            (diff - ctx.z * se) * scale,
            (diff + ctx.z * se) * scale,
            fit["method"],
        )
    return normal_interval(diff * scale, fit["d_se"] * scale, ctx.z, fit["method"])


def rii(block: Block, ctx: Context) -> Estimate:
    """Relative index of inequality, interval from the log scale."""
    fit = _fit(block, ctx)
    with np.errstate(all="ignore"):
        log_rii = np.log(fit["p1"] / fit["p0"])
        value = np.exp(log_rii)
        se = fit["lr_se"] if ctx.heat else value * fit["lr_se"]
        lower = np.exp(log_rii - ctx.z * fit["lr_se"])
        upper = np.exp(log_rii + ctx.z * fit["lr_se"])
    return Estimate(value, se, lower, upper, fit["method"])
