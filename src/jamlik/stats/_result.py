"""The tidy shape every statistic in jamlik returns.

One row per grouping (setting, date, indicator, dimension, area, sex, ... as they
apply) and measure, with the value, its standard error and interval, the
confidence level, the method that made it, and a reason when the value is
suppressed or the measure does not apply (then value, lower and upper are NaN).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError

__all__ = ["RESULT_COLUMNS", "result_frame", "row_error"]

RESULT_COLUMNS: tuple[str, ...] = (
    "measure",
    "value",
    "se",
    "lower",
    "upper",
    "confidence",
    "method",
    "reason",
)


def result_frame(
    rows: Iterable[Mapping[str, Any]] | pd.DataFrame, *, keys: Sequence[str] = ()
) -> pd.DataFrame:
    """Return ``rows`` as a DataFrame with the grouping ``keys`` first, then RESULT_COLUMNS.

    Missing result columns are added (NaN, or None for text); extra columns are kept
    after them.
    """
    frame = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    for column in RESULT_COLUMNS:
        if column not in frame.columns:
            frame[column] = None if column in ("method", "reason", "measure") else np.nan
    ordered = [*keys, *RESULT_COLUMNS]
    rest = [c for c in frame.columns if c not in ordered]
    return frame[ordered + rest].reset_index(drop=True)


def row_error(message: str, index: Any = None) -> ArgumentError:
    """An :class:`~jamlik.errors.ArgumentError` that knows the first row it is about.

    ``index`` is that row's label in the caller's DataFrame (kept as
    ``error.index``), so that a command reading a file can name the file's row
    as the importers do; a Python caller sees the message alone.
    """
    error = ArgumentError(message)
    error.index = index
    return error
