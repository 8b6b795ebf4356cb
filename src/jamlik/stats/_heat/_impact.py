"""Impact measures: population attributable risk (PAR) and fraction (PAF).

``PAR = y_ref − μ`` and ``PAF = 100 · PAR / μ``: the improvement of the setting
average if every subgroup reached the reference level. The reference is the
flagged ``reference_subgroup`` if there is one, else the most advantaged
subgroup of an ordered dimension, else the best estimate (highest for a
favourable, lowest for an adverse indicator) — as ``calc_paf``/``calc_par`` in
WHOequity/HEAT-Measures. A PAR/PAF of the "wrong" sign (the reference is
worse than the average) is set to 0.

The SE is Walter's (1978) for the attributable fraction from the 2×2 table of
cases (``y/scale`` × population) in the reference group versus the rest:
``Var(AF) = c N [a d (N − c) + b c²] / ((a + c)³ (c + d)³)``. It is a
*fraction*; ``SE(PAR) = μ · SE(AF)``. HEAT Plus (``compat="heat"``) uses
``SE(AF)`` unscaled next to PAF in percent, so its PAF interval is 100 times
too narrow; the default uses ``100 · SE(AF)``. HEAT puts the interval around the
value after it is set to 0; the default computes it around the unset value and
then applies the same bound (so it never crosses 0).

References
----------
Walter SD. Calculation of attributable risks from epidemiological data.
Int J Epidemiol 1978;7:175-182.
"""

from __future__ import annotations

import numpy as np

from ._common import Context, Estimate
from ._prepare import Block

__all__ = ["POINTS"]

_METHOD = "analytisk (Walter 1978)"


def _reference_column(block: Block) -> np.ndarray:
    size = block.size
    best = np.where(block.favourable, np.argmax(block.est, 1), np.argmin(block.est, 1))
    column = np.where(block.ordered, size - 1, best)
    return np.where(block.has_ref, block.ref_idx, column)


def _parts(block: Block) -> tuple[np.ndarray, ...]:
    rows = np.arange(len(block.est))
    col = _reference_column(block)
    ref = block.est[rows, col]
    mu = block.mu
    pop_ref = block.pop[rows, col]
    total = np.sum(block.pop, axis=1)
    scale = block.scale
    with np.errstate(divide="ignore", invalid="ignore"):
        c = ref / scale * pop_ref
        d = pop_ref - c
        a = mu / scale * total - c
        b = total - a - pop_ref
        n = a + b + c + d
        se_fraction = np.sqrt(c * n * (a * d * (n - c) + b * c**2) / ((a + c) ** 3 * (c + d) ** 3))
    se_fraction = np.where(block.has_pop, se_fraction, np.nan)
    # Walter's variance needs a 2×2 table of counts with cases in the reference group:
    # with c = 0 it is 0, not small, and a negative "count" makes it meaningless. No
    # standard error then, rather than a zero-width interval (HEAT mode keeps HEAT's).
    with np.errstate(invalid="ignore"):
        degenerate = (c <= 0) | (a < 0) | (b < 0) | (d < 0)
    return ref - mu, mu, se_fraction, degenerate


def _bound(values: np.ndarray, favourable: np.ndarray) -> np.ndarray:
    return np.where(favourable, np.maximum(values, 0), np.minimum(values, 0))


def _finish(raw: np.ndarray, se: np.ndarray, block: Block, ctx: Context) -> Estimate:
    value = _bound(raw, block.favourable)
    if ctx.heat:
        return Estimate(value, se, value - ctx.z * se, value + ctx.z * se, _METHOD)
    lower = _bound(raw - ctx.z * se, block.favourable)
    upper = _bound(raw + ctx.z * se, block.favourable)
    return Estimate(value, se, lower, upper, _METHOD)


def _checked(block: Block, ctx: Context) -> tuple[np.ndarray, ...]:
    raw, mu, se_fraction, degenerate = _parts(block)
    if not ctx.heat:
        se_fraction = np.where(degenerate, np.nan, se_fraction)
    return raw, mu, se_fraction


def par(block: Block, ctx: Context) -> Estimate:
    """Population attributable risk, in the indicator's unit."""
    raw, mu, se_fraction = _checked(block, ctx)
    return _finish(raw, np.abs(mu) * se_fraction, block, ctx)


def paf(block: Block, ctx: Context) -> Estimate:
    """Population attributable fraction, in percent."""
    raw, mu, se_fraction = _checked(block, ctx)
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = 100 * raw / mu
    se = se_fraction if ctx.heat else 100 * se_fraction
    return _finish(raw, se, block, ctx)


POINTS = {"PAF": paf, "PAR": par}
