"""Which interval to show, and when to show no value at all.

:func:`interval_policy` is jamlik's single rule for the interval of a published
value: an interval from the counts whenever numerator and denominator exist
(Wilson for proportions, Byar's method with the exact Poisson interval below 10
events for rates, as the Fingertips technical guidance prescribes), the source's
own limits when it gives them, and a Wald interval only as a last resort,
clipped to the possible range and never of zero width; otherwise the interval
is "unknown", with the reason.

The small-number rule (which values are not shown at all) is
:func:`jamlik.stats.small_numbers`, in ``_disclosure`` beside the disclosure rules
it shares its core with.

References
----------
Public Health England. Technical Guide: Confidence intervals. PHE, 2018.
Eayres D. Technical Briefing 3: Commonly used public health statistics and their
confidence intervals. APHO, 2008.
Newcombe RG. Two-sided confidence intervals for the single proportion:
comparison of seven methods. Stat Med 1998;17:857-872.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError

from jamlik.stats._intervals import check_confidence, count_bounds, wilson_bounds, z_value

__all__ = ["INTERVAL_KINDS", "interval_policy"]

INTERVAL_KINDS = ("proportion", "rate", "mean")

METHOD_WILSON = "Wilson (ur täljare och nämnare)"
METHOD_BYAR = "Byar (ur antal och nämnare)"
METHOD_EXACT = "exakt Poisson (ur antal och nämnare)"
METHOD_SOURCE = "källans konfidensgränser"
METHOD_WALD = "Wald (värde ± z·se, sista utväg)"
REASON_UNKNOWN = "intervall okänt: varken täljare och nämnare, källans gränser eller standardfel"
REASON_ZERO_SE = "intervall okänt: standardfelet är 0 och ger ett intervall utan bredd"
REASON_WALD_EMPTY = "intervall okänt: Wald-intervallet ryms inte inom möjliga värden"


def _floats(name: str, values: object, size: int | None) -> np.ndarray:
    if values is None:
        return np.full(size or 0, np.nan)
    try:
        array = np.atleast_1d(np.asarray(values, dtype=float))
    except (TypeError, ValueError):
        raise ArgumentError(f"{name} måste vara en följd av tal") from None
    if array.ndim != 1:
        raise ArgumentError(f"{name} måste vara en följd av tal")
    if size is not None and array.size != size:
        raise ArgumentError(f"{name} måste ha samma längd som value, fick {array.size} och {size}")
    return array


def _core(value, numerator, denominator, lower, upper, se, *, kind, scale, level):
    """Limits, method and reason per row, in order of preference (see module notes)."""
    size = value.size
    out_low, out_up = np.full(size, np.nan), np.full(size, np.nan)
    method = np.full(size, None, dtype=object)
    reason = np.full(size, REASON_UNKNOWN, dtype=object)
    todo = np.ones(size, dtype=bool)
    counts = todo & np.isfinite(numerator) & np.isfinite(denominator) & (denominator > 0)
    if kind != "mean" and counts.any():
        x, n = numerator[counts], denominator[counts]
        if kind == "proportion":
            lo, hi = wilson_bounds(x, n, level)
            lo, hi = lo * n, hi * n  # as counts, like the rate limits
            used = np.full(x.size, METHOD_WILSON, dtype=object)
        else:
            lo, hi, which = count_bounds(x, level, "byar")
            used = np.where(which == "exact", METHOD_EXACT, METHOD_BYAR).astype(object)
        out_low[counts], out_up[counts] = lo / n * scale, hi / n * scale
        method[counts], reason[counts] = used, None
        todo &= ~counts
    given = todo & np.isfinite(lower) & np.isfinite(upper) & (lower < upper)
    out_low[given], out_up[given] = lower[given], upper[given]
    method[given], reason[given] = METHOD_SOURCE, None
    todo &= ~given
    wald = todo & np.isfinite(se) & np.isfinite(value)
    reason[wald & (se <= 0)] = REASON_ZERO_SE
    wald &= se > 0
    z = z_value(level)
    lo, hi = value - z * se, value + z * se
    if kind != "mean":
        ceiling = scale if kind == "proportion" else np.inf
        lo, hi = np.clip(lo, 0.0, ceiling), np.clip(hi, 0.0, ceiling)
    empty = wald & ~(hi > lo)
    reason[empty] = REASON_WALD_EMPTY
    wald &= ~empty
    out_low[wald], out_up[wald] = lo[wald], hi[wald]
    method[wald], reason[wald] = METHOD_WALD, None
    return out_low, out_up, method, reason


def interval_policy(
    value: object,
    *,
    numerator: object = None,
    denominator: object = None,
    lower: object = None,
    upper: object = None,
    se: object = None,
    kind: str = "proportion",
    multiplier: float = 100,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """The interval to publish with each value, chosen by one documented rule.

    Parameters
    ----------
    value
        Values, shape (n,), in the indicator's unit (e.g. percent). NaN where the
        value is itself missing; then only the count interval can be given.
    numerator, denominator
        Counts behind each value, shape (n,), NaN where unknown. For a proportion
        the numerator is the number with the characteristic, for a rate the number
        of events and the denominator the population (or person-years).
    lower, upper
        The source's own limits, shape (n,), NaN where not given; taken when the
        counts are unknown and ``lower < upper``.
    se
        Standard error in the value's unit, shape (n,); only for the last resort.
    kind
        ``"proportion"`` (0 to ``multiplier``), ``"rate"`` (≥ 0, per
        ``multiplier``) or ``"mean"`` (unbounded, e.g. life expectancy: no count
        interval, source limits or Wald).
    multiplier
        The value's scale: 100 for percent, 100000 for a rate per 100,000.
    confidence
        Two-sided level, in (0, 1).

    Returns
    -------
    pandas.DataFrame
        ``value, lower, upper, confidence, method, reason``, one row per input in
        the input's order. ``reason`` is None when an interval is given and says
        why it is unknown otherwise (then ``lower`` and ``upper`` are NaN).

    Raises
    ------
    ArgumentError
        A bad ``kind``, ``multiplier`` or ``confidence``, arrays of different
        lengths, or a numerator larger than its denominator for a proportion.

    Notes
    -----
    Order of preference, per row: (1) counts: Wilson score (Wilson 1927) for
    proportions, Byar's approximation for 10 or more events and the exact Poisson
    interval below (Breslow & Day 1987; PHE 2018); (2) the source's limits;
    (3) Wald, ``value ± z·se``, clipped to [0, multiplier] for proportions and
    [0, ∞) for rates — never of zero width: an se of 0, or a Wald interval that
    collapses at the bound, gives "intervall okänt" with the reason. A Wald
    interval for 35 of 35 (se 0) is thus refused, where Wilson gives 90.1–100 %.

    Examples
    --------
    >>> out = interval_policy([100.0], numerator=[35], denominator=[35], se=[0.0])
    >>> print(out["lower"].round(1).item(), out["upper"].item(), out["method"].item())
    90.1 100.0 Wilson (ur täljare och nämnare)
    """
    if kind not in INTERVAL_KINDS:
        raise ArgumentError(f"kind måste vara en av {', '.join(INTERVAL_KINDS)}, fick {kind!r}")
    if isinstance(multiplier, bool) or not isinstance(multiplier, (int, float, np.number)) \
            or not np.isfinite(multiplier) or multiplier <= 0:
        raise ArgumentError(f"multiplier måste vara ett tal > 0, fick {multiplier!r}")
    level = check_confidence(confidence)
    values = _floats("value", value, None)
    size = values.size
    arrays = {name: _floats(name, given, size) for name, given in (
        ("numerator", numerator), ("denominator", denominator), ("lower", lower),
        ("upper", upper), ("se", se))}
    x, n = arrays["numerator"], arrays["denominator"]
    if ((x < 0) | (n < 0)).any():
        raise ArgumentError("numerator och denominator måste vara ≥ 0")
    if kind == "proportion" and (x > n).any():
        at = int(np.flatnonzero(x > n)[0])
        raise ArgumentError(
            f"numerator får inte vara större än denominator för andelar (rad {at}: "
            f"{x[at]:g} av {n[at]:g})"
        )
    low, up, method, reason = _core(values, x, n, arrays["lower"], arrays["upper"],
                                    arrays["se"], kind=kind, scale=float(multiplier),
                                    level=level)  # fmt: skip
    return pd.DataFrame({"value": values, "lower": low, "upper": up, "confidence": level,
                         "method": pd.Series(method, dtype=object),
                         "reason": pd.Series(reason, dtype=object)})
