"""Reading the input of :func:`jamlik.stats.gap_trend`: periods as years, standard
errors (given, or derived from the interval) and the null value of each measure."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError

__all__ = ["default_null_value", "years", "label", "null_values", "standard_errors"]

#: Measures of absolute or relative difference whose "no inequality" value is 0.
_ZERO_NULL = {
    "d", "sii", "aci", "rci", "bgv", "bgsd", "cov", "idisu", "idisw", "mdbu", "mdbw",
    "mdmu", "mdmw", "mdru", "mdrw", "ti", "mld", "par", "paf", "difference", "diff",
    "d_q1q5",  # most minus least deprived fifth (jamlik.stats.area_gap)
}
#: Ratio measures whose "no inequality" value is 1.
_ONE_NULL = {"r", "rii", "ratio", "rate_ratio", "rr", "r_q1q5"}

_RANGE = re.compile(r"^\s*(\d{4})\s*[-–—/]\s*(\d{4})\s*$")


def default_null_value(measure: Any) -> float | None:
    """The value of ``measure`` that means no inequality: 0, 1 or None if unknown.

    >>> default_null_value("SII"), default_null_value("RII"), default_null_value("rate")
    (0.0, 1.0, None)
    """
    name = str(measure).strip().lower()
    if name in _ZERO_NULL:
        return 0.0
    if name in _ONE_NULL:
        return 1.0
    return None


def years(raw: pd.Series, column: str) -> np.ndarray:
    """Period values as decimal years: numbers, dates or ranges like '2017–2019' (mid)."""
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        out = raw.to_numpy(dtype=float, na_value=np.nan)
    elif pd.api.types.is_datetime64_any_dtype(raw):
        out = _decimal_years(pd.DatetimeIndex(raw))
    else:
        lookup = {v: _parse_one(v) for v in pd.unique(raw)}
        out = np.array([lookup[v] for v in raw], dtype=float)
    bad = ~np.isfinite(out)
    if bad.any():
        shown = raw.iloc[int(np.flatnonzero(bad)[0])]
        shown = shown.item() if hasattr(shown, "item") else shown
        raise ArgumentError(
            f"{column} måste vara år, datum eller perioder som '2017–2019', fick {shown!r}"
        )
    return out


def _decimal_years(dates: pd.DatetimeIndex) -> np.ndarray:
    days = np.where(dates.is_leap_year, 366.0, 365.0)
    return dates.year + (dates.day_of_year - 1 + dates.hour / 24.0) / days


def _parse_one(value: Any) -> float:
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, pd.Timestamp):
        return float(_decimal_years(pd.DatetimeIndex([value]))[0])
    text = str(value)
    match = _RANGE.match(text)
    if match:
        return (int(match.group(1)) + int(match.group(2))) / 2.0
    try:
        return float(text.replace(",", "."))
    except ValueError:
        pass
    try:
        stamp = pd.to_datetime(text, format="ISO8601")
    except (ValueError, TypeError):
        return np.nan
    return float(_decimal_years(pd.DatetimeIndex([stamp]))[0])


def label(frame: pd.DataFrame, row: int, keys: Sequence[str]) -> str:
    """``area='A', measure='SII'``: where in the data a problem is."""
    parts = []
    for key in keys:
        v = frame[key].iloc[row]
        parts.append(f"{key}={(v.item() if hasattr(v, 'item') else v)!r}")
    return ", ".join(parts)


def null_values(measures: pd.Series, null_value: Any) -> np.ndarray:
    """The null value of each measure (NaN if none), from ``null_value`` or the defaults."""
    if null_value is None:
        table: Mapping[Any, Any] = {}
    elif isinstance(null_value, Mapping):
        table = null_value
    elif isinstance(null_value, (int, float, np.integer, np.floating)) and not isinstance(
        null_value, bool
    ):
        return np.full(len(measures), float(null_value))
    else:
        raise ArgumentError(
            "null_value måste vara None, ett tal eller en ordlista mått → tal, "
            f"fick {null_value!r}"
        )
    out = []
    for m in measures:
        given = table.get(m)
        if given is not None and (
            isinstance(given, bool) or not isinstance(given, (int, float, np.integer, np.floating))
        ):
            raise ArgumentError(f"null_value för {m!r} måste vara ett tal, fick {given!r}")
        fallback = default_null_value(m)
        chosen = given if given is not None else fallback
        out.append(np.nan if chosen is None else float(chosen))
    return np.asarray(out, dtype=float)


def standard_errors(frame: pd.DataFrame, value: np.ndarray, null: np.ndarray) -> np.ndarray:
    """The ``se`` column, filled where missing from ``lower``/``upper`` and ``confidence``."""
    se = (
        pd.to_numeric(frame["se"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        if "se" in frame.columns
        else np.full(len(frame), np.nan)
    )
    need = np.isnan(se) & ~np.isnan(value)
    if not need.any() or not {"lower", "upper"} <= set(frame.columns):
        return se
    if "confidence" not in frame.columns:
        raise ArgumentError(
            "kolumnen 'confidence' behövs för att räkna fram se ur lower och upper"
        )
    lower = pd.to_numeric(frame["lower"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    upper = pd.to_numeric(frame["upper"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    level = pd.to_numeric(frame["confidence"], errors="coerce").to_numpy(
        dtype=float, na_value=np.nan
    )
    bad = need & ~((level > 0) & (level < 1))
    if bad.any():
        shown = frame["confidence"].iloc[int(np.flatnonzero(bad)[0])]
        shown = shown.item() if hasattr(shown, "item") else shown
        raise ArgumentError(f"confidence måste vara ett tal mellan 0 och 1, fick {shown!r}")
    z = np.full(len(frame), np.nan)
    z[need] = [NormalDist().inv_cdf(0.5 + c / 2) for c in level[need]]
    with np.errstate(divide="ignore", invalid="ignore"):
        # Ratio intervals are symmetric on the log scale: delta method there.
        ratio = (null == 1.0) & (lower > 0) & (upper > 0)
        derived = np.where(
            ratio, value * (np.log(upper) - np.log(lower)) / (2 * z), (upper - lower) / (2 * z)
        )
    return np.where(need, derived, se)
