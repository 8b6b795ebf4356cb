"""The one verdict on a gap over time: closing, widening or no detectable change.

Every caller (web pages, API, CLI, reports) asks :func:`gap_verdict`; the
words come from the interval of the trend alone. The trend is the
inverse-variance weighted linear slope of the headline measure (SII or RII
between areas ranked by an area index, or any gap measure with a standard
error) over **non-overlapping** periods only: rolling five-year spans share
four years of data, their estimates are not independent, and regressing on all
of them makes chance look like change (Göteborg simulation: 7.8 % false alarms
at a nominal 5 %). The standard error of each period's measure is used, never
discarded, so the interval respects how the measure was made; ratio measures
(null value 1) are trended on the log scale.

:func:`area_gap_trend` goes from area data per period to the verdict:
:func:`area_gap` per period, then :func:`gap_verdict` on its SII (or RII).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from statistics import NormalDist

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError

from jamlik.stats._area_gap import area_gap
from jamlik.stats._intervals import check_confidence
from jamlik.stats._result import result_frame
from jamlik.stats._trend import non_overlapping, weighted_trend
from jamlik.stats._trend_input import null_values, years

__all__ = ["VERDICT_WORDS", "area_gap_trend", "gap_verdict"]

#: verdict code → (Swedish, English) words shown to users.
VERDICT_WORDS = {
    "closing": ("skillnaden minskar", "the gap is closing"),
    "widening": ("skillnaden ökar", "the gap is widening"),
    "none": ("ingen påvisbar förändring", "no detectable change"),
}
METHOD = ("inversvariansviktad linjär trend (WLS) över icke-överlappande perioder, "
          "se ur varje periods mått; lutning per år")
METHOD_LOG = METHOD + " (på ln-skala: ln-enheter per år)"
OVERDISPERSION = "; se uppskalad för spridning utöver mätfelet (χ²/fg = {phi:.2f})"
REASON_FEW = "färre än två icke-överlappande perioder med värde och standardfel"
REASON_CROSSES = "skillnaden byter riktning under perioden; storleken kan inte jämföras"
#: Residual degrees of freedom from which extra-sampling variation is estimated.
MIN_DF_OVERDISPERSION = 3


def _working_scale(frame: pd.DataFrame, null: np.ndarray, z_of) -> tuple[np.ndarray, np.ndarray]:
    """Values and se on the scale of the trend: log for ratio measures."""
    value = pd.to_numeric(frame["value"], errors="coerce").to_numpy(dtype=float)
    se = (pd.to_numeric(frame["se"], errors="coerce").to_numpy(dtype=float)
          if "se" in frame.columns else np.full(len(frame), np.nan))
    lower = (pd.to_numeric(frame["lower"], errors="coerce").to_numpy(dtype=float)
             if "lower" in frame.columns else np.full(len(frame), np.nan))
    upper = (pd.to_numeric(frame["upper"], errors="coerce").to_numpy(dtype=float)
             if "upper" in frame.columns else np.full(len(frame), np.nan))
    level = (pd.to_numeric(frame["confidence"], errors="coerce").fillna(0.95).to_numpy(dtype=float)
             if "confidence" in frame.columns else np.full(len(frame), 0.95))
    z = np.array([z_of(c) for c in level]) if len(level) else np.zeros(0)
    ratio = null == 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        log_se = np.where((lower > 0) & (upper > 0), (np.log(upper) - np.log(lower)) / (2 * z),
                          se / value)  # delta method when only SE(R) is known
        plain_se = np.where(np.isnan(se), (upper - lower) / (2 * z), se)
        out_value = np.where(ratio, np.log(value), value)
    return out_value, np.where(ratio, log_se, plain_se)


def _one(t, y, s, null_work, confidence):
    """Slope, its interval, the verdict code and notes for one series (sorted by time)."""
    keep = np.isfinite(y) & np.isfinite(s) & (s > 0)
    t, y, s = t[keep], y[keep], s[keep]
    if len(t) < 2:
        return dict(value=np.nan, reason=REASON_FEW, verdict=None, n_periods=len(t))
    trend = weighted_trend(np.zeros(len(t), dtype=int), t, y, s, 1)
    slope, se = float(trend.slope[0]), float(trend.slope_se[0])
    residual = y - (trend.first_fitted[0] + slope * (t - t[0]))
    df = len(t) - 2
    phi = float(np.sum((residual / s) ** 2) / df) if df else 1.0
    note = ""
    if df >= MIN_DF_OVERDISPERSION and phi > 1:
        se *= np.sqrt(phi)
        note = OVERDISPERSION.format(phi=phi)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    lower, upper = slope - z * se, slope + z * se
    start, end = trend.first_fitted[0] - null_work, trend.last_fitted[0] - null_work
    row = dict(value=slope, se=se, lower=lower, upper=upper, n_periods=len(t),
               fitted_first=start + null_work, fitted_last=end + null_work, note=note)
    if np.sign(start) * np.sign(end) < 0 and (lower > 0 or upper < 0):
        return dict(row, verdict="none", reason=REASON_CROSSES)
    direction = np.sign(start + end)  # the gap's side of "no gap"
    gap_low, gap_high = sorted((direction * lower, direction * upper))
    verdict = "widening" if gap_low > 0 else "closing" if gap_high < 0 else "none"
    return dict(row, verdict=verdict, reason=None)


def gap_verdict(
    measures: pd.DataFrame,
    *,
    by: str | Sequence[str] = (),
    start: str = "start_date",
    end: str = "end_date",
    period: str = "period",
    confidence: float = 0.95,
    null_value: float | Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Is the gap closing, widening, or is no change detectable? One verdict per series.

    Parameters
    ----------
    measures
        One row per series and period: the ``by`` columns, ``measure`` (e.g. SII,
        RII, D), ``value`` and ``se`` or ``lower``/``upper`` (with ``confidence``,
        default 0.95), the period's ``start`` and ``end`` (years or dates) and
        its label ``period``. Rows without a value are left out.
    by
        Columns that identify a series besides ``measure`` (indicator, area,
        dimension, ...).
    start, end, period
        Column names of the period's first and last year or date and its label.
    confidence
        Level of the slope's interval and hence of the verdict.
    null_value
        The value meaning "no gap" per measure (defaults: 0 for differences and
        SII, 1 for ratios and RII; see :func:`jamlik.stats.gap_trend`).

    Returns
    -------
    pandas.DataFrame
        One row per series: the ``by`` columns, ``measure`` = "slope",
        ``source_measure``, the slope per year (for ratio measures of ln R per
        year) with ``se, lower, upper, confidence, method, reason``, then
        ``verdict`` ("closing", "widening", "none" or None when not estimable),
        ``verdict_sv``, ``verdict_en``, ``n_periods``, ``periods`` (the labels
        used, oldest first), ``n_overlapping_dropped``, ``fitted_first`` and
        ``fitted_last`` (the trend line at the ends, on the measure's scale).

    Raises
    ------
    ArgumentError
        A missing column, a bad confidence, periods that are not years or dates.

    Notes
    -----
    Non-overlapping periods are kept counting back from the newest (2020–2024,
    2015–2019, 2010–2014); single years never overlap. Slope: weighted least
    squares with weights 1/se² and se 1/√Σw(t − t̄)² (t = the period's midpoint
    in years); with 3 or more residual degrees of freedom the se is multiplied by
    √(χ²/df) when that exceeds 1 (multiplicative overdispersion, as in
    Spiegelhalter 2005). The verdict reads the slope's interval on the side of
    the gap: with the fitted gap on the positive side of the null value, an
    interval wholly above 0 is "widening" and wholly below 0 "closing" (mirrored
    on the negative side), otherwise "none". The sign of the gap is only its
    side: for a neutral indicator too, closing means the gap shrinks.

    Examples
    --------
    >>> d = pd.DataFrame({"measure": "SII", "start_date": [2010, 2015, 2020],
    ...                   "end_date": [2014, 2019, 2024], "period": ["2010–2014",
    ...                   "2015–2019", "2020–2024"], "value": [9.0, 7.0, 5.0], "se": 0.5})
    >>> out = gap_verdict(d)
    >>> print(out["verdict"].item(), "|", out["verdict_en"].item(), "|", out["n_periods"].item())
    closing | the gap is closing | 3
    """
    level = check_confidence(confidence)
    if not isinstance(measures, pd.DataFrame):
        raise ArgumentError(f"measures måste vara en pandas DataFrame, fick {type(measures).__name__}")
    keys = [k for k in ([by] if isinstance(by, str) else list(by)) if k != "measure"]
    missing = [c for c in [*keys, "measure", "value", start, end, period] if c not in measures.columns]
    if missing:
        raise ArgumentError("saknade kolumner i measures: " + ", ".join(repr(c) for c in missing))
    if "se" not in measures.columns and not {"lower", "upper"} <= set(measures.columns):
        raise ArgumentError("measures behöver kolumnen 'se' eller kolumnerna 'lower' och 'upper'")
    frame = measures[pd.to_numeric(measures["value"], errors="coerce").notna()].reset_index(drop=True)
    kept = non_overlapping(frame, by=[*keys, "measure"], start=start, end=end).reset_index(drop=True)
    time = (years(kept[start], start) + _end_years(kept[end], end)) / 2
    null = null_values(kept["measure"], null_value)
    value, se = _working_scale(kept, null, lambda c: NormalDist().inv_cdf(0.5 + c / 2))
    work = kept.assign(_t=time, _y=value, _s=se, _null=np.where(null == 1.0, 0.0, null))
    counts = frame.groupby([*keys, "measure"], dropna=False).size()
    rows = []
    for key, part in work.sort_values("_t", kind="stable").groupby([*keys, "measure"], dropna=False,
                                                                   sort=True):
        key = key if isinstance(key, tuple) else (key,)
        result = _one(part["_t"].to_numpy(), part["_y"].to_numpy(), part["_s"].to_numpy(),
                      float(part["_null"].iloc[0]), level)
        ratio = float(null[part.index[0]]) == 1.0
        if ratio and "fitted_first" in result:
            result["fitted_first"], result["fitted_last"] = np.exp(
                [result["fitted_first"], result["fitted_last"]])
        verdict = result.pop("verdict")
        note = result.pop("note", "")
        rows.append({**dict(zip(keys, key[:-1])), "source_measure": key[-1], "measure": "slope",
                     **result, "confidence": level, "verdict": verdict,
                     "method": (METHOD_LOG if ratio else METHOD) + note,
                     "verdict_sv": VERDICT_WORDS[verdict][0] if verdict else None,
                     "verdict_en": VERDICT_WORDS[verdict][1] if verdict else None,
                     "periods": list(part[period]),
                     "n_overlapping_dropped": int(counts.loc[key] - len(part))})
    return result_frame(rows, keys=[*keys, "source_measure"])


def _end_years(end: pd.Series, column: str) -> np.ndarray:
    """Where a period ends, in decimal years: a year (2014) ends at 2015.0 and a date
    at the end of its day, so a calendar year 2020-01-01 to 2020-12-31 has its middle
    at 2020.5, leap year or not."""
    if pd.api.types.is_numeric_dtype(end) and not pd.api.types.is_bool_dtype(end):
        return years(end, column) + 1.0
    is_date = pd.api.types.is_datetime64_any_dtype(end) or (
        len(end) > 0 and all(isinstance(v, (dt.date, pd.Timestamp)) for v in end))
    if is_date:
        return years(pd.Series(pd.to_datetime(end) + pd.Timedelta(days=1), index=end.index),
                     column)
    return years(end, column)


def area_gap_trend(
    df: pd.DataFrame,
    *,
    start: str = "start_date",
    end: str = "end_date",
    period: str = "period",
    measure: str = "SII",
    by: str | Sequence[str] = (),
    confidence: float = 0.95,
    **gap_options,
) -> pd.DataFrame:
    """From area data per period to the verdict: :func:`area_gap` per period, then
    :func:`gap_verdict` on ``measure`` ("SII" or "RII").

    Parameters
    ----------
    df
        One row per area and period, with the columns :func:`area_gap` needs and
        ``start``, ``end`` and ``period``; overlapping periods may be present
        (rolling windows) and are left out by :func:`gap_verdict`.
    gap_options
        Passed on to :func:`area_gap` (index, population, numerator, ...).

    Returns
    -------
    pandas.DataFrame
        As :func:`gap_verdict`.
    """
    if measure not in ("SII", "RII"):
        raise ArgumentError(f"measure måste vara 'SII' eller 'RII', fick {measure!r}")
    keys = [by] if isinstance(by, str) else list(by)
    missing = [c for c in [*keys, start, end, period] if c not in df.columns]
    if missing:
        raise ArgumentError("saknade kolumner i df: " + ", ".join(repr(c) for c in missing))
    # Overlapping periods would be dropped by gap_verdict; leave them out before the work.
    spans = df[[*keys, start, end, period]].drop_duplicates()
    kept = non_overlapping(spans, by=keys, start=start, end=end) if keys else \
        non_overlapping(spans.assign(_all=0), by=["_all"], start=start, end=end)
    df = df.merge(kept[[*keys, start, end, period]], on=[*keys, start, end, period])
    gaps = area_gap(df, by=[*keys, period, start, end], confidence=confidence, **gap_options)
    return gap_verdict(gaps[gaps["measure"] == measure], by=keys, start=start, end=end,
                       period=period, confidence=confidence)
