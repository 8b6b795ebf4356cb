"""Slope and relative index of inequality (SII, RII) as PHEindicatormethods computes them.

The quantiles (e.g. deprivation deciles, 1 = most deprived) are ranked by the
midpoints of their cumulative population shares, and the indicator is regressed on
that rank by weighted least squares (Low & Low 2004). Confidence limits come from
phe_sii's Monte Carlo simulation of the quantile values. The fit is linear in them,
so where the draws stay normal (means, and any transformed fit) the coefficients are
drawn directly from their exact normal distribution, and a slope alone needs only
the order statistics PHE reads off, drawn exactly; log-normal draws (rates and
proportions, untransformed) are drawn and fitted in chunks of groups. Memory is
bounded by the chunk, whatever the number of groups and draws.

References
----------
Low A, Low A. Measuring the gap: quantifying and comparing local health
inequalities. J Public Health 2004;26:388-395.
PHEindicatormethods::phe_sii (UK Health Security Agency), version 2.x.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.special import ndtri

from jamlik.errors import ArgumentError

from jamlik.stats._intervals import check_confidences
from jamlik.stats._result import row_error
from jamlik.stats._sii_input import (
    _check_options,
    _group_spans,
    _inverse,
    _lacking,
    _link,
    _tidy,
    _values,
)

__all__ = ["sii"]

# Floats per simulation chunk: bounds memory (~32 MB per array) whatever the number of groups.
_CHUNK_FLOATS = 4_000_000


def rank_midpoints(population: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Population shares ``a`` and cumulative-share midpoints ``b`` along the last axis.

    >>> a, b = rank_midpoints(np.array([12.0, 10.0, 78.0]))
    >>> b.round(2).tolist()
    [0.06, 0.17, 0.61]
    """
    a = population / population.sum(axis=-1, keepdims=True)
    return a, np.cumsum(a, axis=-1) - a / 2


def wls_projection(population: np.ndarray) -> np.ndarray:
    r"""Matrix ``P`` (groups × 2 × k) with ``P @ (y·√a)`` = (intercept, slope).

    The model is :math:`y\sqrt{a} = \beta_0\sqrt{a} + \beta_1 b\sqrt{a}`, i.e. weighted
    least squares of y on the rank b with weights a.
    """
    a, b = rank_midpoints(population)
    x = np.stack([np.sqrt(a), b * np.sqrt(a)], axis=-1)  # groups × k × 2
    xtx = np.einsum("gki,gkj->gij", x, x)
    return np.linalg.solve(xtx, np.swapaxes(x, 1, 2))


def _coefficients(population: np.ndarray) -> np.ndarray:
    """Matrix ``C`` (groups × 2 × k) with ``C @ y`` = (intercept, slope) of the WLS fit."""
    return wls_projection(population) * np.sqrt(rank_midpoints(population)[0])[:, None, :]


def _order_positions(reps: int, confidence: float) -> tuple[int, int]:
    # PHE takes these order statistics (1-based) of the sorted simulations.
    tail = confidence + (1 - confidence) / 2
    low = max(int(np.round(reps * (1 - tail))), 1)
    high = min(int(np.round(reps * tail)), reps)
    return low - 1, high - 1


def _normal_order_statistics(groups: int, positions: np.ndarray, reps: int, rng) -> np.ndarray:
    """Order statistics (0-based ``positions``, ascending) of ``reps`` standard normal draws.

    Exact in distribution without drawing the sample: the r-th of n uniform order
    statistics is Beta(r, n − r + 1), and given it equals u the others above it are
    uniform on (u, 1) (David & Nagaraja, Order Statistics, 3rd ed., §2.3), so each
    next one is u + (1 − u)·Beta(r' − r, n − r' + 1); Φ⁻¹ maps them to normals.
    """
    out = np.empty((groups, len(positions)))
    uniform, previous = np.zeros(groups), 0
    for i, position in enumerate(positions):
        rank = int(position) + 1
        step = rng.beta(rank - previous, reps - rank + 1, size=groups)
        uniform = uniform + (1 - uniform) * step
        out[:, i] = ndtri(uniform)
        previous = rank
    return out


def _cholesky2(cov: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # 2 × 2 per group, written out so that a zero variance (se = 0) stays exact.
    l11 = np.sqrt(cov[:, 0, 0])
    with np.errstate(divide="ignore", invalid="ignore"):
        l21 = np.where(l11 > 0, cov[:, 1, 0] / l11, 0.0)
    l22 = np.sqrt(np.maximum(cov[:, 1, 1] - l21**2, 0.0))
    return l11, l21, l22


# Where b0 (and b0 + b1) lie further than this many SDs from 0, the chance of a
# draw on the other side is below 1e-15, i.e. below double precision.
_SAFE_Z = 8.0


def _slope_alone(centre, cov, positions, reps, rng, scale):
    """Exact order statistics and simulated SD of ``scale`` × a normal slope."""
    sigma = np.sqrt(cov[:, 1, 1]) * abs(scale)
    standard = _normal_order_statistics(len(centre), positions, reps, rng)
    slope_os = centre[:, 1, None] * scale + sigma[:, None] * standard
    spread = sigma * np.sqrt(rng.chisquare(reps - 1, len(centre)) / (reps - 1))
    return slope_os, spread


def _ratio_order_statistics(centre, cov, positions, reps, rng, invert):
    r"""Exact order statistics of RII = (b0 + b1)/b0 for normal (b0, b1) with b0 > 0.

    With b0 > 0, :math:`P(b_1/b_0 \le t) = \Phi((t\mu_0 - \mu_1)/s(t))`,
    :math:`s(t)^2 = \sigma_{11} - 2t\sigma_{01} + t^2\sigma_{00}` (Hinkley 1969), so
    an order statistic with uniform U solves :math:`(t\mu_0-\mu_1)/s(t) = \Phi^{-1}(U)`:
    a quadratic in t, of whose roots the one on the side of the sign of
    :math:`\Phi^{-1}(U)` is taken. RII is increasing in t, and 1/RII decreasing.
    """
    wanted = np.sort(reps - 1 - positions) if invert else positions
    q = _normal_order_statistics(len(centre), wanted, reps, rng)
    m0, m1 = centre[:, 0, None], centre[:, 1, None]
    s00, s01, s11 = cov[:, 0, 0, None], cov[:, 0, 1, None], cov[:, 1, 1, None]
    q2 = q * q
    lead = m0 * m0 - q2 * s00
    half = m0 * m1 - q2 * s01
    with np.errstate(divide="ignore", invalid="ignore"):
        root = np.sqrt(np.maximum(half * half - lead * (m1 * m1 - q2 * s11), 0.0))
        ratios = [(half - root) / lead, (half + root) / lead]
        misses = [np.abs((t * m0 - m1) / np.sqrt(np.maximum(s11 - 2 * t * s01 + t * t * s00,
                                                             0.0)) - q) for t in ratios]  # fmt: skip
    t = np.where(np.nan_to_num(misses[0], nan=0.0) <= np.nan_to_num(misses[1], nan=0.0),
                 ratios[0], ratios[1])  # fmt: skip
    rii = 1 + t
    return 1 / rii[:, ::-1] if invert else rii


def _simulate(mean, sd, population, *, value_type, transform, reps, rng, positions,
              slope_scale, with_rii, invert):
    """Order statistics at ``positions`` of the simulated slope (× ``slope_scale``) and RII.

    Returns (slope, rii or None, sd of the simulated slope), each with one row per
    group. The draws are N(mean, sd) per quantile, back-transformed unless
    ``transform``; the fit is linear in them, so where they stay normal the
    coefficients (b0, b1) are normal with mean C·mean and covariance C·diag(sd²)·Cᵀ,
    and the order statistics PHE reads off the simulated slope and RII are drawn
    from their exact distributions (same distribution as fitting every draw, as
    phe_sii does). Otherwise the quantile values are drawn in chunks of groups
    whose size bounds memory (``_CHUNK_FLOATS``) and fitted as one matrix product.
    """
    groups, k = mean.shape
    coef = _coefficients(population)
    linear = transform or value_type == "mean"
    if not linear:
        return _simulate_draws(mean, sd, coef, np.arange(groups), value_type=value_type,
                               reps=reps, rng=rng, positions=positions, slope_scale=slope_scale,
                               with_rii=with_rii, invert=invert)  # fmt: skip
    centre = np.einsum("gik,gk->gi", coef, mean)
    cov = np.einsum("gik,gjk,gk->gij", coef, coef, sd**2)
    slope_os, spread = _slope_alone(centre, cov, positions, reps, rng, slope_scale)
    if not with_rii:
        return slope_os, None, spread
    end_sd = np.sqrt(cov[:, 0, 0] + 2 * cov[:, 0, 1] + cov[:, 1, 1])
    exact = (centre[:, 0] > _SAFE_Z * np.sqrt(cov[:, 0, 0])) & (
        centre[:, 0] + centre[:, 1] > _SAFE_Z * end_sd)
    rii_os = np.empty((groups, len(positions)))
    rii_os[exact] = _ratio_order_statistics(centre[exact], cov[exact], positions, reps, rng,
                                            invert)  # fmt: skip
    rest = np.flatnonzero(~exact)
    if rest.size:
        # b0 may cross zero: simulate these groups, coefficients drawn jointly.
        slope_os[rest], rii_os[rest], spread[rest] = _simulate_draws(
            centre, cov, None, rest, value_type="mean", reps=reps, rng=rng, positions=positions,
            slope_scale=slope_scale, with_rii=True, invert=invert)  # fmt: skip
    return slope_os, rii_os, spread


def _simulate_draws(first, second, coef, members, *, value_type, reps, rng, positions,
                    slope_scale, with_rii, invert):
    """Draw and fit the groups ``members`` in chunks; order statistics as :func:`_simulate`.

    With ``coef`` the draws are the quantile values (``first`` = mean, ``second`` =
    sd on the link scale); without, the coefficients themselves (``first`` = their
    mean, ``second`` = their covariance).
    """
    count, width = len(members), len(positions)
    slope_os, spread = np.empty((count, width)), np.empty(count)
    rii_os = np.empty((count, width)) if with_rii else None
    per_group = 2 * reps if coef is None else first.shape[1] * reps
    chunk = max(1, _CHUNK_FLOATS // per_group)
    if coef is None:
        l11, l21, l22 = _cholesky2(second)
    for start in range(0, count, chunk):
        part = slice(start, min(start + chunk, count))
        index = members[part]
        if coef is None:
            z = rng.standard_normal((len(index), reps, 2))
            b0 = first[index, 0, None] + l11[index, None] * z[..., 0]
            b1 = first[index, 1, None] + l21[index, None] * z[..., 0] + l22[index, None] * z[..., 1]
            del z
        else:
            draws = rng.standard_normal((len(index), reps, first.shape[1]))
            draws *= second[index, None, :]
            draws += first[index, None, :]
            fitted = np.matmul(_inverse(draws, value_type), np.swapaxes(coef[index], 1, 2))
            del draws
            b0, b1 = fitted[..., 0], fitted[..., 1]
        if with_rii:
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = (b0 + b1) / b0
                if invert:
                    ratio = 1 / ratio
            rii_os[part] = np.partition(ratio, positions, axis=-1)[:, positions]
            del ratio
        scaled = b1 * slope_scale
        spread[part] = np.std(scaled, axis=-1, ddof=1)
        slope_os[part] = np.partition(scaled, positions, axis=-1)[:, positions]
    return slope_os, rii_os, spread


def _estimates(point, slope_os, rii_os, spread, levels, where, *, value_type, transform,
               multiplier):
    """SII and RII with limits for each level: dict measure -> (value, [(lo, hi), ...]).

    ``where[level]`` gives the columns of the order statistics at that level's limits.
    """
    intercept, slope = point[:, 0], point[:, 1]
    invert = multiplier < 0
    if not transform:
        sii_value = multiplier * slope
        with np.errstate(divide="ignore", invalid="ignore"):
            rii_value = (intercept + slope) / intercept
        if invert:
            rii_value = 1 / rii_value
        out = {"sii": (sii_value, [(slope_os[:, where[c][0]], slope_os[:, where[c][1]])
                                   for c in levels])}  # fmt: skip
        if rii_os is not None:
            out["rii"] = (rii_value, [(rii_os[:, where[c][0]], rii_os[:, where[c][1]])
                                      for c in levels])  # fmt: skip
        return out, spread
    # Transformed scale: back-transform the fitted line's ends; the limits pivot the
    # line around its midpoint (x = 0.5), as phe_sii does.
    g = lambda v: _inverse(v, value_type)  # noqa: E731
    ends = g(intercept), g(intercept + slope)
    sii_value = (ends[1] - ends[0]) * multiplier
    rii_value = ends[1] / ends[0]
    middle = intercept + slope / 2
    sii_limits, rii_limits = [], []
    for level in levels:
        pairs = []
        for s in (slope_os[:, where[level][0]], slope_os[:, where[level][1]]):
            start, end = g(middle - s / 2), g(middle + s / 2)
            pairs.append(((end - start) * multiplier, end / start))
        (sii_lo, rii_lo), (sii_hi, rii_hi) = pairs
        if invert:
            sii_lo, sii_hi = sii_hi, sii_lo
            rii_lo, rii_hi = 1 / rii_hi, 1 / rii_lo
        sii_limits.append((sii_lo, sii_hi))
        rii_limits.append((rii_lo, rii_hi))
    if invert:
        rii_value = 1 / rii_value
    return {"sii": (sii_value, sii_limits), "rii": (rii_value, rii_limits)}, None


def sii(
    df: pd.DataFrame,
    *,
    quantile: str = "quantile",
    population: str = "population",
    value: str = "value",
    se: str | None = None,
    lower: str | None = None,
    upper: str | None = None,
    by: Sequence[str] | str = (),
    value_type: str = "mean",
    multiplier: float = 1,
    transform: bool = False,
    reps: int = 100_000,
    confidence: float | Sequence[float] = 0.95,
    rng: np.random.Generator | int | None = None,
    rii: bool = True,
) -> pd.DataFrame:
    r"""Slope index of inequality (lutningsindex) and relative index (RII).

    Each quantile gets the rank :math:`b_j` = midpoint of its cumulative population
    share and weight :math:`a_j` = its share; WLS fits
    :math:`y_j\sqrt{a_j} = \beta_0\sqrt{a_j} + \beta_1 b_j\sqrt{a_j}`.
    ``SII = m·β1`` (fitted value at rank 1 minus rank 0) and
    ``RII = (β0 + β1)/β0`` (inverted when the multiplier m is negative).

    With ``transform=True`` (rates: log, proportions: logit) the line is fitted on the
    transformed scale and ``SII = m·(g(β0+β1) − g(β0))``, ``RII = g(β0+β1)/g(β0)``
    with g the inverse transform; the limits pivot the line about its midpoint.

    Limits: the quantile values are drawn ``reps`` times from
    :math:`N(\hat y_j, se_j)` — on the log/logit scale for rates and proportions,
    back-transformed unless ``transform`` — and the order statistics at positions
    ``round(reps·α/2)`` and ``round(reps·(1−α/2))`` of the simulated indices are
    taken, as phe_sii does. Where the draws enter the fit as normals (``mean``, or
    ``transform=True``) the simulated coefficients are drawn from their exact joint
    normal distribution instead of fitting every draw, and for the SII alone only
    the two order statistics are drawn (Beta-distributed uniforms mapped through
    Φ⁻¹): the limits have the same distribution as phe_sii's at any ``reps``, at a
    cost independent of ``reps``. ``se`` of the SII is then the standard deviation
    of ``reps`` such draws, drawn from its χ² distribution. Memory is bounded
    (chunks of groups) for any number of groups and draws.

    Parameters
    ----------
    df
        One row per group and quantile; quantile 1 = most deprived.
    se, lower, upper
        Either a standard-error column or 95 % limit columns (se is then derived as
        (U − L)/(2·1.96), on the log/logit scale for rates/proportions). A given se
        for a rate/proportion must be on that scale too, as in PHE.
    by
        Grouping columns; each group must have every quantile in the data.
    value_type
        ``"mean"`` (e.g. life expectancy), ``"rate"`` or ``"proportion"`` (0–1).
    confidence
        One level or two (e.g. ``(0.95, 0.998)``); the same draws serve both.
    rng
        numpy Generator or integer seed; ``None`` draws fresh entropy.
    rii
        Also return the RII.

    Returns
    -------
    Tidy result, rows ``measure`` = "sii" (and "rii") per group and level; ``se`` is
    the standard deviation of the simulated SII when untransformed. Groups lacking a
    quantile get NaN with a ``reason``.
    """
    scale = _check_options(value_type, transform, se, lower, upper, reps, rng, multiplier)
    levels = check_confidences(confidence)
    if not isinstance(df, pd.DataFrame):
        raise ArgumentError(f"df måste vara en pandas DataFrame, fick {type(df).__name__}")
    keys = [by] if isinstance(by, str) else list(by)
    for key in [quantile, *keys]:
        if key not in df.columns:
            raise ArgumentError(f"kolumnen '{key}' finns inte i df")
    pop, y, sd = _values(df, population, value, se, lower, upper, value_type)
    quantiles = np.sort(df[quantile].unique())
    if not 5 <= len(quantiles) <= 100:
        raise ArgumentError(f"antalet kvantiler måste vara mellan 5 och 100, fick {len(quantiles)} "
                            "(SII och RII kräver en rad per kvantil, t.ex. 5 kvintiler eller "
                            "10 deciler)")
    work = df[keys].copy() if keys else pd.DataFrame(index=df.index)
    work["_q"], work["_pop"], work["_y"], work["_sd"] = df[quantile].to_numpy(), pop, y, sd
    repeated = work.duplicated(subset=[*keys, "_q"])
    if repeated.any():
        raise row_error("samma kvantil förekommer flera gånger i en grupp",
                        repeated.index[repeated.to_numpy()][0])
    work = work.sort_values([*keys, "_q"], kind="mergesort")
    k = len(quantiles)
    starts, sizes = _group_spans(work, keys)
    complete = sizes == k
    rows = starts[complete][:, None] + np.arange(k)
    matrices = (work[col].to_numpy(dtype=float)[rows] for col in ("_pop", "_y", "_sd"))
    generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    results, spread = {}, None
    if complete.any():
        results, spread = _indices(*matrices, levels, value_type=value_type, transform=transform,
                                   reps=reps, rng=generator, multiplier=scale, rii=rii)  # fmt: skip
    lacking = [_lacking(quantiles, work["_q"].to_numpy()[start:start + size])
               for start, size in zip(starts[~complete], sizes[~complete])]  # fmt: skip
    first = work[keys].iloc[starts].reset_index(drop=True) if keys else pd.DataFrame(index=starts)
    method = f"WLS, simulering {reps} dragningar" + (", transformerad" if transform else "")
    return _tidy(first, keys, complete, lacking, results, spread, levels, method, rii)


def _indices(population, y, sd, levels, *, value_type, transform, reps, rng, multiplier, rii):
    """SII (and RII) with limits for complete groups (groups × k matrices), see _estimates."""
    mean_t = _link(y, value_type)
    point = np.einsum("gik,gk->gi", _coefficients(population), mean_t if transform else y)
    pairs = {c: _order_positions(reps, c) for c in levels}
    positions = np.unique([p for pair in pairs.values() for p in pair])
    where = {c: tuple(int(np.searchsorted(positions, p)) for p in pair)
             for c, pair in pairs.items()}  # fmt: skip
    slope_os, rii_os, spread = _simulate(
        mean_t, sd, population, value_type=value_type, transform=transform, reps=reps, rng=rng,
        positions=positions, slope_scale=1.0 if transform else multiplier,
        with_rii=rii and not transform, invert=multiplier < 0)  # fmt: skip
    return _estimates(point, slope_os, rii_os, spread, levels, where, value_type=value_type,
                      transform=transform, multiplier=multiplier)  # fmt: skip
