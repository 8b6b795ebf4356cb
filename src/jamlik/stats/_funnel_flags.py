"""Areas against their city in a funnel plot: flags at 95 % and 99.8 % with an
overdispersion check and adjustment (Spiegelhalter 2005).

Comparing each of 147 districts with the city at 95 % flags about seven by
chance even when all are alike; :func:`funnel_flags` gives per area its z-score
against the pooled city value, the funnel limits at 95 % and 99.8 % for its
size, the flags, and the expected number of chance flags, so that a page can
say "3 of 147 districts lie outside the 99.8 % limits; 0.3 would by chance".

Real districts differ by more than sampling error (overdispersion); then nearly
every district falls outside limits made for sampling error alone. The
dispersion is estimated from winsorised z-scores and, when it is significant,
the limits are widened: multiplicatively (√φ) or additively with a
between-area variance τ² (DerSimonian–Laird).

References
----------
Spiegelhalter DJ. Funnel plots for comparing institutional performance. Stat Med
2005;24:1185-1202 (§3.2–3.3, winsorised dispersion and random-effects limits).
Spiegelhalter DJ. Handling over-dispersion of performance indicators. Qual Saf
Health Care 2005;14:347-351.
DerSimonian R, Laird N. Meta-analysis in clinical trials. Control Clin Trials
1986;7:177-188.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from jamlik.errors import ArgumentError

__all__ = ["ADJUSTMENTS", "funnel_flags"]

ADJUSTMENTS = ("auto", "none", "multiplicative", "additive")
STATISTICS = ("proportion", "rate", "ratio")
LEVELS = {"95": 0.95, "99_8": 0.998}
WINSOR = 0.10  # Spiegelhalter's 10 % at each end


def null_variance(target: float, size: np.ndarray, statistic: str) -> np.ndarray:
    """Sampling variance of an area's value around the target, on the 0–1/per-unit scale."""
    if statistic == "proportion":
        return target * (1 - target) / size
    if statistic == "rate":
        return target / size
    return 1.0 / size  # ratio O/E with E = size: Var(O/E) = 1/E under O ~ Poisson(E)


def winsorised_dispersion(z: np.ndarray, fraction: float = WINSOR) -> float:
    """φ̂ = mean of the squared z-scores after pulling the outer ``fraction`` in."""
    low, high = np.quantile(z, [fraction, 1 - fraction])
    return float(np.mean(np.clip(z, low, high) ** 2))


def dersimonian_laird(phi: float, variance: np.ndarray) -> float:
    """Between-area variance τ² from the dispersion: (Iφ − (I − 1)) / (Σw − Σw²/Σw)."""
    weight = 1.0 / variance
    count = len(variance)
    tau2 = (count * phi - (count - 1)) / (weight.sum() - np.sum(weight**2) / weight.sum())
    return max(float(tau2), 0.0)


def _check(numerator, denominator, statistic, adjustment, multiplier):
    if statistic not in STATISTICS:
        raise ArgumentError(f"statistic måste vara en av {', '.join(STATISTICS)}, fick {statistic!r}")
    if adjustment not in ADJUSTMENTS:
        raise ArgumentError(f"adjustment måste vara en av {', '.join(ADJUSTMENTS)}, fick {adjustment!r}")
    if isinstance(multiplier, bool) or not isinstance(multiplier, (int, float, np.number)) \
            or not multiplier > 0:
        raise ArgumentError(f"multiplier måste vara ett tal > 0, fick {multiplier!r}")
    x = np.atleast_1d(np.asarray(numerator, dtype=float))
    n = np.atleast_1d(np.asarray(denominator, dtype=float))
    if x.ndim != 1 or x.shape != n.shape:
        raise ArgumentError("numerator och denominator måste vara lika långa följder av tal")
    if x.size < 3:
        raise ArgumentError(f"funnel_flags behöver minst 3 områden, fick {x.size}")
    if not (np.isfinite(x) & np.isfinite(n)).all():
        raise ArgumentError("numerator och denominator får inte sakna värden "
                            "(lämna undertryckta områden utanför)")
    if (n <= 0).any() or (x < 0).any():
        raise ArgumentError("denominator måste vara > 0 och numerator ≥ 0")
    if statistic == "proportion" and (x > n).any():
        raise ArgumentError("numerator får inte vara större än denominator för andelar")
    return x, n


def funnel_flags(
    numerator: object,
    denominator: object,
    *,
    statistic: str = "proportion",
    adjustment: str = "auto",
    multiplier: float = 100,
    target: float | None = None,
) -> pd.DataFrame:
    """Per area: z-score, funnel limits at 95 % and 99.8 %, flags and expected chance flags.

    Parameters
    ----------
    numerator, denominator
        Per area, shape (I,), I ≥ 3: cases and persons (proportion), events and
        person-years (rate) or observed and expected events (ratio O/E).
    statistic
        ``"proportion"``, ``"rate"`` or ``"ratio"``.
    adjustment
        ``"auto"`` (default): additive random-effects limits when the
        overdispersion test is significant at 5 %, none otherwise; ``"none"``,
        ``"multiplicative"`` or ``"additive"`` to force one.
    multiplier
        Output scale of values and limits: 100 for percent, 100000 for rates per
        100,000; 1 for ratios.
    target
        The value areas are compared with, on the 0–1 (per-unit) scale; default
        the pooled value Σx/Σn (1 for ratios).

    Returns
    -------
    pandas.DataFrame
        One row per area in input order: ``value, z, lower_95, upper_95,
        lower_99_8, upper_99_8, flag_95, flag_99_8`` ("above", "below" or
        "within"), and the same in every row: ``target, phi, overdispersed,
        p_overdispersion, tau2, adjustment, expected_flags_95,
        expected_flags_99_8, method``.

    Raises
    ------
    ArgumentError
        Bad options, arrays of different lengths or with missing values, fewer
        than 3 areas, counts out of range.

    Notes
    -----
    z_i = (y_i − θ₀)/s_i with s_i² the null variance (θ₀(1 − θ₀)/n, θ₀/n or 1/E).
    φ̂ = mean of z² after winsorising at the 10th and 90th percentiles; the
    dispersion test compares Iφ̂ with χ²(I − 1) (Spiegelhalter 2005, §3.2).
    Multiplicative limits θ₀ ± z_α√φ̂·s_i; additive limits θ₀ ± z_α√(s_i² + τ̂²),
    τ̂² = (Iφ̂ − (I − 1))/(Σw − Σw²/Σw), w = 1/s² (§3.3, DerSimonian & Laird
    1986). Under the model each area falls outside the 99.8 % limits with
    probability 0.002, so ``expected_flags_99_8`` = 0.002·I.

    Examples
    --------
    The city's share is 160/400 = 0.4; at n = 100 the 99.8 % limits are
    0.4 ± 3.09·√(0.4·0.6/100) = 24.9 … 55.1 per cent, so 20 of 100 is below them:

    >>> out = funnel_flags([10, 20, 30, 100], [100, 100, 100, 100], adjustment="none")
    >>> out["flag_99_8"].tolist()
    ['below', 'below', 'within', 'above']
    """
    x, n = _check(numerator, denominator, statistic, adjustment, multiplier)
    value = x / n
    theta = float(target) if target is not None else (1.0 if statistic == "ratio" else x.sum() / n.sum())
    variance = null_variance(theta, n, statistic)
    z = (value - theta) / np.sqrt(variance)
    count = len(z)
    phi = winsorised_dispersion(z)
    p_over = float(stats.chi2.sf(count * phi, count - 1))
    overdispersed = p_over < 0.05
    used = ("additive" if overdispersed else "none") if adjustment == "auto" else adjustment
    tau2 = dersimonian_laird(phi, variance) if used == "additive" else 0.0
    if used == "multiplicative":
        spread = np.sqrt(max(phi, 1.0) * variance)
    else:
        spread = np.sqrt(variance + tau2)
    out = pd.DataFrame({"value": value * multiplier, "z": (value - theta) / spread})
    for label, level in LEVELS.items():
        half = stats.norm.ppf(0.5 + level / 2) * spread
        low, high = theta - half, theta + half
        if statistic == "proportion":
            low, high = np.clip(low, 0, 1), np.clip(high, 0, 1)
        else:
            low = np.clip(low, 0, None)
        out[f"lower_{label}"], out[f"upper_{label}"] = low * multiplier, high * multiplier
        out[f"flag_{label}"] = np.where(value > high, "above", np.where(value < low, "below", "within"))
    out = out.assign(target=theta * multiplier, phi=phi, overdispersed=overdispersed,
                     p_overdispersion=p_over, tau2=tau2 * multiplier**2, adjustment=used,
                     expected_flags_95=0.05 * count, expected_flags_99_8=0.002 * count,
                     method=_method(used))
    return out


def _method(used: str) -> str:
    base = "trattdiagram mot stadens värde (Spiegelhalter 2005), 95 % och 99,8 %"
    return base + {
        "none": ", ingen överspridningsjustering",
        "multiplicative": ", multiplikativ överspridning (√φ, winsoriserade z)",
        "additive": ", additiv överspridning (τ² DerSimonian–Laird, winsoriserade z)",
    }[used]
