"""Confidence intervals for proportions (andelar) and rates/counts (antal, kvoter).

The methods and the rules for choosing between them follow the UK public-health
conventions of PHEindicatormethods and the Fingertips technical guidance:

* proportions: Wilson score (default) or exact Clopper–Pearson;
* counts and rates: Byar's approximation for counts of 10 or more and the exact
  Poisson (chi-square) interval below 10 (``method="byar"``), or exact for all
  (``method="exact"``).

The private helpers (``wilson_bounds``, ``byar_bounds``, ``exact_poisson_bounds``,
``count_bounds``) are shared with the standardisation and funnel modules.

References
----------
Wilson EB. Probable inference, the law of succession, and statistical inference.
J Am Stat Assoc 1927;22:209-212.
Breslow NE, Day NE. Statistical methods in cancer research, vol. II. IARC, 1987.
Eayres D. Technical Briefing 3: Commonly used public health statistics and their
confidence intervals. APHO, 2008.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from jamlik.errors import ArgumentError

__all__ = ["proportion_ci", "rate_ci"]

PROPORTION_METHODS = ("wilson", "exact")
RATE_METHODS = ("byar", "exact")
# PHE switches from the exact Poisson interval to Byar's at this many events.
BYAR_MIN_COUNT = 10


def check_confidence(confidence: object) -> float:
    """Return ``confidence`` as a float in (0, 1) or raise ArgumentError."""
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float, np.number)):
        raise ArgumentError(
            f"confidence måste vara ett tal mellan 0 och 1 (t.ex. 0.95), fick {confidence!r}"
        )
    value = float(confidence)
    if not 0.0 < value < 1.0:
        raise ArgumentError(
            f"confidence måste vara ett tal mellan 0 och 1 (t.ex. 0.95), fick {confidence!r}"
        )
    return value


def check_confidences(confidence: object) -> tuple[float, ...]:
    """Return one or two confidence levels (PHE allows e.g. 0.95 and 0.998 together)."""
    if isinstance(confidence, (list, tuple)):
        if not 1 <= len(confidence) <= 2:
            raise ArgumentError(
                f"confidence får vara en eller två nivåer, fick {len(confidence)}"
            )
        levels = tuple(check_confidence(c) for c in confidence)
        if len(set(levels)) != len(levels):
            raise ArgumentError("confidence får inte innehålla samma nivå två gånger")
        return levels
    return (check_confidence(confidence),)


def check_multiplier(multiplier: object, *, allow_negative: bool = False) -> float:
    """Return ``multiplier`` as a finite non-zero float (positive unless allowed)."""
    ok = isinstance(multiplier, (int, float, np.number)) and not isinstance(multiplier, bool)
    value = float(multiplier) if ok else float("nan")
    if not ok or not np.isfinite(value) or value == 0 or (value < 0 and not allow_negative):
        rule = "ett tal ≠ 0" if allow_negative else "ett tal > 0"
        raise ArgumentError(f"multiplier måste vara {rule}, fick {multiplier!r}")
    return value


def _counts(name: str, values: object) -> np.ndarray:
    array = np.atleast_1d(np.asarray(values, dtype=float))
    if array.ndim != 1:
        raise ArgumentError(f"{name} måste vara en följd av tal")
    if np.isnan(array).any():
        raise ArgumentError(f"{name} får inte sakna värden")
    if (array < 0).any():
        bad = array[array < 0][0]
        raise ArgumentError(f"{name} måste vara ≥ 0, fick {bad:g}")
    return array


def _pair(numerator: object, denominator: object, names: Sequence[str]):
    x = _counts(names[0], numerator)
    n = _counts(names[1], denominator)
    if x.shape != n.shape:
        raise ArgumentError(
            f"{names[0]} och {names[1]} måste ha samma längd, fick {x.size} och {n.size}"
        )
    if (n == 0).any():
        raise ArgumentError(f"{names[1]} måste vara > 0")
    return x, n


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile, e.g. 1.959964 for 0.95."""
    return float(stats.norm.ppf(0.5 + confidence / 2))


def wilson_bounds(x: np.ndarray, n: np.ndarray, confidence: float):
    r"""Wilson score limits for the proportion ``x / n``.

    .. math:: \frac{2x + z^2 \mp z\sqrt{z^2 + 4x(1 - x/n)}}{2(n + z^2)}
    """
    z = z_value(confidence)
    root = z * np.sqrt(z**2 + 4 * x * (1 - x / n))
    denom = 2 * (n + z**2)
    # Clipped because rounding can put the exact 0 and 1 end points a hair outside.
    lower = np.clip((2 * x + z**2 - root) / denom, 0.0, 1.0)
    return lower, np.clip((2 * x + z**2 + root) / denom, 0.0, 1.0)


def exact_binomial_bounds(x: np.ndarray, n: np.ndarray, confidence: float):
    """Clopper–Pearson limits, written with F quantiles (Collett 1991)."""
    tail = 0.5 + confidence / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        f_low = stats.f.ppf(tail, 2 * (n - x + 1), 2 * x)
        lower = np.where(x > 0, x / (x + (n - x + 1) * f_low), 0.0)
        f_up = stats.f.ppf(tail, 2 * (x + 1), 2 * (n - x))
        upper = np.where(x < n, (x + 1) * f_up / (n - x + (x + 1) * f_up), 1.0)
    return lower, upper


def byar_bounds(x: np.ndarray, confidence: float):
    r"""Byar's approximation to the exact Poisson limits of a count ``x``.

    .. math:: x\left(1 - \frac{1}{9x} - \frac{z}{3\sqrt{x}}\right)^3,\quad
              (x+1)\left(1 - \frac{1}{9(x+1)} + \frac{z}{3\sqrt{x+1}}\right)^3

    A negative lower limit (tiny counts at very high confidence) is returned as NaN,
    as PHE does.
    """
    z = z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
        upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * np.sqrt(x + 1))) ** 3
    lower = np.where(lower < 0, np.nan, lower)
    return lower, upper


def exact_poisson_bounds(x: np.ndarray, confidence: float):
    """Exact Poisson limits from the chi-square distribution (0 below when x = 0)."""
    alpha = 1 - confidence
    with np.errstate(invalid="ignore"):
        lower = np.where(x > 0, stats.chi2.ppf(alpha / 2, 2 * x) / 2, 0.0)
    upper = stats.chi2.ppf(1 - alpha / 2, 2 * x + 2) / 2
    return lower, upper


def count_bounds(x: np.ndarray, confidence: float, method: str = "byar"):
    """Limits for counts as PHE applies them, and the method used for each.

    With ``method="byar"`` counts below 10 get the exact interval (Byar's method is
    within 0.2 % of exact from 10 events on, PHE technical guide).
    """
    exact_low, exact_up = exact_poisson_bounds(x, confidence)
    if method == "exact":
        return exact_low, exact_up, np.full(x.shape, "exact", dtype=object)
    byar_low, byar_up = byar_bounds(np.maximum(x, BYAR_MIN_COUNT), confidence)
    small = x < BYAR_MIN_COUNT
    lower = np.where(small, exact_low, byar_low)
    upper = np.where(small, exact_up, byar_up)
    return lower, upper, np.where(small, "exact", "byar").astype(object)


def proportion_ci(
    numerator: object,
    denominator: object,
    *,
    confidence: float = 0.95,
    method: str = "wilson",
    multiplier: float = 1,
) -> pd.DataFrame:
    """Proportion (andel) with a Wilson score or exact Clopper–Pearson interval.

    Parameters
    ----------
    numerator, denominator
        Counts ``x`` (with the characteristic) and ``n`` (all), 0 ≤ x ≤ n, n > 0.
    confidence
        Two-sided level in (0, 1).
    method
        ``"wilson"`` (PHE's choice) or ``"exact"`` (Clopper–Pearson).
    multiplier
        Scale of the output, e.g. 100 for percent.

    Returns
    -------
    DataFrame with columns value, lower, upper, confidence, method; one row per input.

    Notes
    -----
    Wilson: :math:`(2x + z^2 \\mp z\\sqrt{z^2 + 4x(1-x/n)}) / (2(n + z^2))`
    (Wilson 1927; Newcombe & Altman 2000).

    Examples
    --------
    >>> proportion_ci([27], [106])[["value", "lower", "upper"]].round(7).iloc[0].tolist()
    [0.254717, 0.1813642, 0.3452262]
    """
    level = check_confidence(confidence)
    if method not in PROPORTION_METHODS:
        raise ArgumentError(
            f"method måste vara en av {', '.join(PROPORTION_METHODS)}, fick {method!r}"
        )
    scale = check_multiplier(multiplier)
    x, n = _pair(numerator, denominator, ("numerator", "denominator"))
    if (x > n).any():
        raise ArgumentError("numerator får inte vara större än denominator")
    if method == "wilson":
        lower, upper = wilson_bounds(x, n, level)
    else:
        lower, upper = exact_binomial_bounds(x, n, level)
    return pd.DataFrame(
        {
            "value": x / n * scale,
            "lower": lower * scale,
            "upper": upper * scale,
            "confidence": level,
            "method": method,
        }
    )


def rate_ci(
    count: object,
    denominator: object,
    *,
    confidence: float = 0.95,
    method: str = "byar",
    multiplier: float = 100000,
) -> pd.DataFrame:
    """Crude rate (kvot per invånare) with Byar's or the exact Poisson interval.

    Parameters
    ----------
    count, denominator
        Events ``O`` ≥ 0 and population (or person-years) > 0.
    method
        ``"byar"``: PHE's rule, Byar's method for O ≥ 10 and the exact interval
        below; ``"exact"``: exact Poisson (chi-square) limits for all counts.
    multiplier
        Rate per this many, default per 100,000.

    Returns
    -------
    DataFrame with value, lower, upper, confidence and the method used per row.

    Notes
    -----
    Exact: :math:`\\chi^2_{\\alpha/2}(2O)/2` and :math:`\\chi^2_{1-\\alpha/2}(2O+2)/2`;
    Byar: see :func:`byar_bounds`. Limits are divided by the denominator and scaled.

    Examples
    --------
    >>> rate_ci([27], [106])[["value", "lower", "upper"]].round(2).iloc[0].tolist()
    [25471.7, 16782.04, 37061.41]
    """
    level = check_confidence(confidence)
    if method not in RATE_METHODS:
        raise ArgumentError(f"method måste vara en av {', '.join(RATE_METHODS)}, fick {method!r}")
    scale = check_multiplier(multiplier)
    x, n = _pair(count, denominator, ("count", "denominator"))
    lower, upper, used = count_bounds(x, level, method)
    return pd.DataFrame(
        {
            "value": x / n * scale,
            "lower": lower / n * scale,
            "upper": upper / n * scale,
            "confidence": level,
            "method": used,
        }
    )
