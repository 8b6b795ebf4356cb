"""Summary measures over a stream of HEAT Plus tables (a national file, chunk by chunk).

A region or the state has hundreds of settings, thousands of areas, many years and
indicators: tens of millions of subgroup rows, more than memory holds as one
DataFrame. :func:`iter_summary_measures` takes the table as an iterable of parts
(e.g. one per setting or indicator, read lazily) and yields each part's results, so
memory is bounded by the largest part, not by the whole file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError, InputError

from ._api import DEFAULT_REPS, summary_measures
from ._validate import KEY_COLUMNS, _check_rng

__all__ = ["iter_summary_measures"]


def iter_summary_measures(
    frames: Iterable[pd.DataFrame],
    *,
    measures: object = None,
    compat: str | None = None,
    confidence: float = 0.95,
    rng: np.random.Generator | int | None = None,
    reps: int = DEFAULT_REPS,
    by: Sequence[str] = (),
) -> Iterator[pd.DataFrame]:
    """:func:`summary_measures` over a table given in parts; one result per part.

    Parameters
    ----------
    frames
        Parts of one HEAT Plus table (same columns as for
        :func:`summary_measures`), consumed lazily one at a time. Every mätning
        (setting × date × source × indicator × dimension, and ``by``) must lie
        within one part: split a national file by setting or indicator.
    measures, compat, confidence, rng, reps, by
        As for :func:`summary_measures`; one generator serves all parts.

    Yields
    ------
    pandas.DataFrame
        The results of each part, in the shape :func:`summary_measures` returns.

    Raises
    ------
    InputError
        As :func:`summary_measures`, with the row counted from the start of the
        stream (header = row 1), so it is the file's row when the parts are read
        in order from one file.
    ArgumentError
        When a mätning appears in more than one part.

    Notes
    -----
    Peak memory is that of the largest part and its results (the measures
    themselves are computed in bounded chunks of strata); the stream as a whole is
    never held. With a seed the simulated intervals are reproducible for the same
    split into parts.
    """
    generator = _check_rng(rng)
    seen: set[int] = set()
    offset = 0
    for number, frame in enumerate(frames, start=1):
        try:
            out = summary_measures(frame, measures=measures, compat=compat,
                                   confidence=confidence, rng=generator, reps=reps, by=by)  # fmt: skip
        except InputError as error:
            row = error.row + offset if isinstance(error.row, int) else error.row
            raise InputError(error.problem, file=error.file, row=row, column=error.column) from error
        keys = [*KEY_COLUMNS, *([by] if isinstance(by, str) else by)]
        if len(out):
            # Every mätning has one row per measure: its first measure's rows are the keys.
            first = out["measure"].to_numpy() == out["measure"].iat[0]
            _check_new(out.loc[first, keys], seen, number)
        offset += len(frame)
        yield out


def _check_new(keys: pd.DataFrame, seen: set[int], number: int) -> None:
    # A 64-bit hash per mätning: a national file's 350,000 keys in a few MB.
    hashes = pd.util.hash_pandas_object(keys.astype(str), index=False).to_numpy()
    again = [i for i, h in enumerate(hashes.tolist()) if h in seen]
    if again:
        first = keys.iloc[again[0]].to_dict()
        raise ArgumentError(
            f"mätningen {first} finns i flera delar (del {number} och en tidigare); "
            "varje mätning måste ligga i en del"
        )
    seen.update(hashes.tolist())
