"""Text cells that a spreadsheet cannot run: one rule for every CSV and xlsx jamlik writes.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is taken by Excel and LibreOffice as a formula, so a name typed into
jamlik by one user (``=HYPERLINK(...)``) would run in the spreadsheet of another
who downloads it (OWASP, "CSV Injection"). Every writer of CSV or xlsx files in
jamlik passes its text cells through :func:`neutralise` (or :func:`neutralise_frame`),
which puts an apostrophe before such text, as OWASP recommends; numbers are left
as numbers. Every reader of these files passes text through :func:`restore`,
which removes that apostrophe again, so an export imports back unchanged.

The rule is reversible: text that already starts with apostrophes followed by
one of those characters gets one more, and only such text loses one on reading.

Number cells follow two rules of their own:

* **Whole numbers are written as integers** (:func:`whole_numbers`, every writer):
  a count 12 is ``12``, not ``12.0``, even in a column of floats. This loses
  nothing: ``12`` reads back as the same number.
* **Computed results carry no floating-point noise** (:func:`result_numbers`, the
  writers of statistics: the command line's result tables): each number is rounded
  to :data:`RESULT_DECIMALS` decimals and :data:`RESULT_DIGITS` significant digits,
  so a difference that is 0 is written ``0``, not ``4.5e-13``, and ``15.390625``
  not ``15.390624999999998``. Twelve digits are far more than any interval of
  these statistics supports. Exports of stored observations are not rounded: they
  import back bit for bit.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["FORMULA_START", "RESULT_DECIMALS", "RESULT_DIGITS", "neutralise",
           "neutralise_row", "neutralise_frame", "restore", "restore_series", "result_number",
           "result_numbers", "whole_number", "whole_numbers"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _risky(text: str) -> bool:
    return text.lstrip("'")[:1] in FORMULA_START and text.lstrip("'") != ""


def neutralise(value: Any) -> Any:
    """``value`` made safe for a spreadsheet cell: text that could start a formula
    gets a leading apostrophe; anything that is not text is returned unchanged.

    >>> neutralise("=1+1"), neutralise("-"), neutralise(-4.5), neutralise("Angered")
    ("'=1+1", "'-", -4.5, 'Angered')
    """
    if isinstance(value, str) and _risky(value):
        return "'" + value
    return value


def neutralise_row(values) -> list:
    """:func:`neutralise` over the cells of one row (for row-by-row writers)."""
    return [neutralise(value) for value in values]


def restore(value: Any) -> Any:
    """The inverse of :func:`neutralise` (for readers of the files jamlik writes).

    >>> restore("'=1+1"), restore("'tjugo"), restore(3)
    ('=1+1', "'tjugo", 3)
    """
    if isinstance(value, str) and value[:1] == "'" and _risky(value):
        return value[1:]
    return value


def _text_columns(frame: pd.DataFrame) -> list:
    return [c for c in frame.columns
            if frame[c].dtype == object or isinstance(frame[c].dtype, pd.StringDtype)]


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are :func:`neutralise`-d (vectorised)."""
    out = frame.copy(deep=False)
    for column in _text_columns(frame):
        series = frame[column]
        text = series.where(series.map(type) == str)  # noqa: E721  (exact str: not numbers)
        stripped = text.str.lstrip("'")
        risky = (stripped.str[:1].isin(FORMULA_START) & (stripped != "")).fillna(False)
        if risky.any():
            out[column] = series.where(~risky, "'" + text)
    return out


def restore_series(series: pd.Series) -> pd.Series:
    """:func:`restore` over a column of text (vectorised; cheap when no cell is quoted)."""
    if not (series.dtype == object or isinstance(series.dtype, pd.StringDtype)):
        return series
    quoted = series.str.startswith("'", na=False)
    if not quoted.any():
        return series
    out = series.copy()
    out[quoted] = series[quoted].map(restore)
    return out


RESULT_DIGITS = 12
RESULT_DECIMALS = 12
_EXACT = 2.0 ** 53  # beyond this a float's integer may not be the float


def whole_number(value: Any) -> Any:
    """``value`` as an ``int`` when it is a whole float, else unchanged.

    >>> whole_number(12.0), whole_number(-0.0), whole_number(2.5), whole_number("12.0")
    (12, 0, 2.5, '12.0')
    """
    if isinstance(value, (float, np.floating)) and math.isfinite(value) \
            and float(value).is_integer() and abs(value) < _EXACT:
        return int(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def result_number(value: Any) -> Any:
    """A computed number as it is written: no floating-point noise, whole as ``int``.

    >>> result_number(4.5e-13), result_number(15.390624999999998), result_number(0.1 + 0.2)
    (0, 15.390625, 0.3)
    """
    if isinstance(value, (float, np.floating)) and math.isfinite(value):
        value = float(f"{round(float(value), RESULT_DECIMALS):.{RESULT_DIGITS}g}")
    return whole_number(value)


def _float_columns(frame: pd.DataFrame) -> list:
    return [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c].dtype)]


def _as_written(values: np.ndarray) -> np.ndarray:
    """Floats as an object array in which the whole ones are ``int`` (NaN stays NaN)."""
    out = values.astype(object)
    with np.errstate(invalid="ignore"):
        whole = np.isfinite(values) & (np.floor(values) == values) & (np.abs(values) < _EXACT)
    out[whole] = values[whole].astype(np.int64).astype(object)
    return out


def whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose float columns write whole values as integers (lossless)."""
    out = frame.copy(deep=False)
    for column in _float_columns(frame):
        out[column] = pd.Series(_as_written(frame[column].to_numpy(dtype=float)),
                                index=frame.index, dtype=object)
    return out


def _rounded(values: np.ndarray) -> np.ndarray:
    values = np.round(values, RESULT_DECIMALS)
    with np.errstate(divide="ignore", invalid="ignore"):
        exponent = np.floor(np.log10(np.abs(values)))
    places = np.where(np.isfinite(exponent), RESULT_DIGITS - 1 - exponent, 0).astype(int)
    out = values.copy()
    for digits in np.unique(places[np.isfinite(values) & (values != 0)]):
        mask = places == digits
        out[mask] = np.round(values[mask], int(digits))
    out[out == 0] = 0.0  # no "-0"
    return out


def result_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose float columns are written as :func:`result_number` does."""
    out = frame.copy(deep=False)
    for column in _float_columns(frame):
        out[column] = pd.Series(_as_written(_rounded(frame[column].to_numpy(dtype=float))),
                                index=frame.index, dtype=object)
    return out
