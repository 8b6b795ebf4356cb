"""One reading of a number typed by a person into a table cell (the statistics commands' files).

Swedish spreadsheets write ``1 234,5``: a decimal comma and spaces (also no-break
and narrow no-break spaces) between groups of thousands; others write ``1234.5``.
A cell is a number when, after the spaces are removed and a decimal comma is read
as a point, it has the syntax of a decimal number. ``1,234`` is one point two three
four (Swedish first); a cell with both a comma and a point (``1,234.5``) is refused
as ambiguous, and words such as ``nan`` or ``inf`` are not numbers.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["parse_number", "parse_numbers"]

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def parse_number(cell: Any) -> float:
    """A cell as a float: NaN when empty; ValueError when it is not a number.

    >>> parse_number("1 234,5"), parse_number("1234.5"), parse_number(" 7 ")
    (1234.5, 1234.5, 7.0)
    >>> parse_number("")
    nan
    """
    if isinstance(cell, (int, float, np.integer, np.floating)) and not isinstance(cell, bool):
        return float(cell)
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return float("nan")
    text = _SPACES.sub("", str(cell))
    if text == "":
        return float("nan")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # decimal comma
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"not a number: {cell!r}")
    return float(text)


def parse_numbers(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The cells of a column as floats, parsed once per distinct value.

    Returns ``(values, bad)``: ``values`` is NaN for empty cells and for cells
    that are not numbers, ``bad`` is True exactly for the latter, so that the
    caller can name the first bad cell in its own terms (row, column, rule).
    """
    codes, uniques = pd.factorize(cells.astype(object), use_na_sentinel=True)
    parsed = np.full(len(uniques) + 1, np.nan)  # the last place: empty cells (code -1)
    wrong = np.zeros(len(uniques) + 1, dtype=bool)
    for position, value in enumerate(uniques):
        try:
            parsed[position] = parse_number(value)
        except ValueError:
            wrong[position] = True
    return parsed[codes], wrong[codes]
