"""Funnel-plot control limits (trattdiagram) at 95 % and 99.8 %, as PHE draws them.

Follows PHEindicatormethods' ``calculate_funnel_limits`` and the Fingertips
technical guidance: the comparator is the pooled average of all areas, and the
limits are the values an area of a given size could take before its own 95 % or
99.8 % interval would exclude that average.

* proportions: the Wilson score interval inverted, :math:`\\bar p \\pm
  z\\sqrt{\\bar p(1-\\bar p)/n}`, on a population axis;
* ratios (e.g. O/E): exact Poisson limits on an observed-events axis;
* rates (crude or DSR): exact Poisson limits on an events axis, using the
  population implied by ``multiplier × events / rate``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from jamlik.errors import ArgumentError

from jamlik.stats._intervals import check_multiplier

__all__ = ["funnel_limits"]

STATISTICS = ("proportion", "ratio", "rate")
# Two-sided tail probabilities of the 95 % ("2 sigma") and 99.8 % ("3 sigma") limits.
_TAILS = {"95": 0.025, "99_8": 0.001}
_POINTS = 100


def _signif_floor(x: float) -> float:
    # PHE's axis rounding: 95 % of x, rounded down to its leading digit.
    if x == 0:
        return 0.0
    scaled = x * 0.95
    power = 10 ** (len(str(math.floor(scaled))) - 1)
    return math.floor(scaled / power) * power


def _signif_ceiling(x: float) -> float:
    # 105 % of x, rounded up to its two leading digits.
    if x == 0:
        return 0.0
    scaled = x * 1.05
    power = 10 ** (len(str(math.ceil(scaled))) - 2)
    return math.ceil(scaled / power) * power


def funnel_axis(low: float, high: float, *, statistic: str) -> np.ndarray:
    """The 100 x-values PHE plots: geometric steps from ``low`` to ``high``, ≥ 1 apart."""
    values = [max(1.0, low)]
    for j in range(2, _POINTS + 1):
        offset = j - 1 if statistic == "ratio" else j
        step = (high / values[-1]) ** (1 / (_POINTS + 1 - offset)) * values[-1]
        values.append(max(float(np.round(step)), values[-1] + 1))
    return np.array(values)


def poisson_expected(observed: np.ndarray, tail: float, side: str) -> np.ndarray:
    """Poisson mean with P(X ≥ O) = tail (``side="low"``) or P(X ≤ O) = tail ("high")."""
    if side == "low":
        with np.errstate(invalid="ignore"):
            return np.where(observed > 0, stats.chi2.ppf(tail, 2 * observed) / 2, 0.0)
    return stats.chi2.ppf(1 - tail, 2 * observed + 2) / 2


def _array(name: str, values: object) -> np.ndarray:
    array = np.atleast_1d(np.asarray(values, dtype=float))
    if array.ndim != 1 or array.size == 0:
        raise ArgumentError(f"{name} måste vara en icke-tom följd av tal")
    return array


def _proportion(numerator, denominator, multiplier, points):
    x, n = _array("numerator", numerator), _array("denominator", denominator)
    if x.shape != n.shape:
        raise ArgumentError("numerator och denominator måste ha samma längd")
    if np.isnan(x).any() or np.isnan(n).any():
        raise ArgumentError("numerator och denominator får inte sakna värden för andelar")
    if (n <= 0).any():
        raise ArgumentError("denominator måste vara > 0")
    if (x < 0).any() or (x > n).any():
        raise ArgumentError("numerator måste ligga mellan 0 och denominator")
    average = x.sum() / n.sum()
    if points is None:
        low = 0.0 if n.max() > 2 * n.min() else _signif_floor(n.min())
        points = funnel_axis(low, _signif_ceiling(n.max()), statistic="proportion")
    out = pd.DataFrame({"population": points})
    spread = np.sqrt(average * (1 - average) / points)
    for label, tail in _TAILS.items():
        z = stats.norm.ppf(1 - tail)
        out[f"lower_{label}"] = np.clip(average - z * spread, 0, 1) * multiplier
        out[f"upper_{label}"] = np.clip(average + z * spread, 0, 1) * multiplier
    out["baseline"] = average * multiplier
    return out


def _ratio(numerator, denominator, ratio_type, points):
    if ratio_type not in ("count", "isr"):
        raise ArgumentError(f"ratio_type måste vara en av count, isr, fick {ratio_type!r}")
    if denominator is None:
        raise ArgumentError("denominator (förväntat antal) krävs för kvoter")
    expected = _array("denominator", denominator)
    if np.isnan(expected).any() or (expected <= 0).any():
        raise ArgumentError("denominator (förväntat antal) måste vara > 0")
    if points is None:
        low = 0.0 if expected.max() > 2 * expected.min() else _signif_floor(expected.min())
        points = funnel_axis(low, _signif_ceiling(expected.max()), statistic="ratio")
    out = pd.DataFrame({"observed": points})
    for label, tail in _TAILS.items():
        low_ratio = points / poisson_expected(points, tail, "high")
        high_ratio = points / poisson_expected(points, tail, "low")
        for side, ratio in (("lower", low_ratio), ("upper", high_ratio)):
            out[f"{side}_{label}"] = ratio - 1 if ratio_type == "count" else ratio * 100
    out["baseline"] = 0.0 if ratio_type == "count" else 100.0
    return out


def _rate(numerator, denominator, rate, rate_type, years_of_data, multiplier, points):
    if rate_type not in ("dsr", "crude"):
        raise ArgumentError(f"rate_type måste vara en av dsr, crude, fick {rate_type!r}")
    if rate is None:
        raise ArgumentError("rate krävs för statistic='rate'")
    ok = isinstance(years_of_data, (int, float)) and not isinstance(years_of_data, bool)
    if not ok or not years_of_data > 0:
        raise ArgumentError(f"years_of_data måste vara ett tal > 0, fick {years_of_data!r}")
    events, rates = _array("numerator", numerator), _array("rate", rate)
    if events.shape != rates.shape:
        raise ArgumentError("numerator och rate måste ha samma längd")
    if np.isnan(events).any() or (events < 0).any():
        raise ArgumentError("numerator måste vara ≥ 0 och finnas för alla områden")
    with np.errstate(divide="ignore", invalid="ignore"):
        derived = multiplier * events / rates
    zero = events == 0
    if zero.any():
        if denominator is None:
            raise ArgumentError("denominator krävs för områden med 0 händelser")
        given = _array("denominator", denominator)
        if rate_type == "crude":
            derived = np.where(zero, given, derived)
        else:
            # A DSR of zero implies no population; PHE leaves it out of the average.
            derived = np.where(zero, np.nan, derived)
    if np.isnan(derived[~zero]).any():
        raise ArgumentError("rate måste finnas för alla områden med händelser")
    average = events.sum() / np.nansum(derived)
    if points is None:
        d_min, d_max = np.nanmin(derived), np.nanmax(derived)
        low = 0.0 if d_max > 2 * d_min else _signif_floor(d_min / years_of_data) * years_of_data
        high = _signif_ceiling(d_max / years_of_data) * years_of_data
        points = funnel_axis(math.floor(low * average), math.ceil(high * average),
                             statistic="rate")  # fmt: skip
    out = pd.DataFrame({"events": points})
    for label, tail in _TAILS.items():
        for side, which in (("lower", "high"), ("upper", "low")):
            population = poisson_expected(points, tail, which) / average
            out[f"{side}_{label}"] = points / population * multiplier
            out[f"{side}_{label}_population_per_year"] = population / years_of_data
    out["baseline"] = average * multiplier
    return out


def funnel_limits(
    numerator: object,
    denominator: object = None,
    *,
    statistic: str = "proportion",
    multiplier: float = 100,
    ratio_type: str = "count",
    rate: object = None,
    rate_type: str = "dsr",
    years_of_data: float | None = None,
    points: object = None,
) -> pd.DataFrame:
    """Control limits for a funnel plot at 95 % and 99.8 % around the pooled average.

    Parameters
    ----------
    numerator
        Per area: cases (proportion), observed events (ratio) or events (rate).
    denominator
        Per area: population (proportion), expected events (ratio), or for rates
        the population, needed only for areas with 0 events.
    statistic
        ``"proportion"``, ``"ratio"`` or ``"rate"``.
    multiplier
        Output scale: 100 for percent, 100000 for rates per 100,000.
    ratio_type
        ``"count"`` (limits as O/E − 1) or ``"isr"`` (as 100·O/E), as PHE.
    rate, rate_type, years_of_data
        For rates: the rate per area, ``"dsr"`` or ``"crude"``, and the number of
        years the data cover (sets the axis and the per-year populations).
    points
        x-values for the limits; by default PHE's 100-point axis spanning the data.

    Returns
    -------
    DataFrame: the x column (population, observed or events), ``lower_95``,
    ``upper_95``, ``lower_99_8``, ``upper_99_8``, ``baseline``; rates also give
    the per-year population at which each limit is reached.

    Notes
    -----
    Proportion limits are :math:`\\bar p \\pm z\\sqrt{\\bar p(1-\\bar p)/n}` clipped
    to [0, 1]: exactly the proportions whose Wilson interval has :math:`\\bar p` as
    an end point. Ratio limits are :math:`O/\\lambda` with :math:`\\lambda` the exact
    Poisson limits of O (chi-square); rate limits are :math:`O\\bar r/\\lambda`.

    Examples
    --------
    >>> f = funnel_limits([50, 30], [100, 100], points=[100])
    >>> round(float(f["lower_95"].iloc[0]), 3), round(float(f["upper_95"].iloc[0]), 3)
    (30.398, 49.602)
    """
    if statistic not in STATISTICS:
        raise ArgumentError(
            f"statistic måste vara en av {', '.join(STATISTICS)}, fick {statistic!r}"
        )
    scale = check_multiplier(multiplier)
    if points is not None:
        points = _array("points", points)
        if np.isnan(points).any() or (points <= 0).any():
            raise ArgumentError("points måste vara > 0")
    if statistic == "proportion":
        out = _proportion(numerator, denominator, scale, points)
    elif statistic == "ratio":
        out = _ratio(numerator, denominator, ratio_type, points)
    else:
        out = _rate(numerator, denominator, rate, rate_type, years_of_data, scale, points)
    out["statistic"] = statistic
    out["method"] = "Wilson" if statistic == "proportion" else "Poisson (exakt)"
    return out
