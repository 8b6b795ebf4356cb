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
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["FORMULA_START", "neutralise", "neutralise_row", "neutralise_frame", "restore",
           "restore_series"]

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
