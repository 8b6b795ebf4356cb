"""Checking the arguments and data of :func:`jamlik.stats.life_expectancy`.

Every problem raises :class:`jamlik.errors.ArgumentError` with an exact Swedish
message that names the column, the group and the age where it was found.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError
from jamlik.stats._result import row_error

__all__ = ["LifeData", "expected_ages", "requested_ages", "check_confidence", "to_matrices"]

AGE_STRUCTURES = ("abridged", "single")


def expected_ages(age_structure: str, open_band: Any) -> np.ndarray:
    """The interval starts a life table of ``age_structure`` with open band ``open_band`` needs."""
    if age_structure not in AGE_STRUCTURES:
        raise ArgumentError(
            f"age_structure måste vara 'abridged' eller 'single', fick {age_structure!r}"
        )
    is_int = isinstance(open_band, (int, np.integer)) and not isinstance(open_band, bool)
    if age_structure == "abridged":
        if not is_int or open_band < 5 or open_band % 5 != 0:
            raise ArgumentError(
                "open_band måste vara en multipel av 5 som är minst 5 när "
                f"age_structure='abridged', fick {open_band!r}"
            )
        return np.array([0, 1, *range(5, int(open_band) + 1, 5)], dtype=np.int64)
    if not is_int or open_band < 1:
        raise ArgumentError(
            f"open_band måste vara ett heltal ≥ 1 när age_structure='single', fick {open_band!r}"
        )
    return np.arange(int(open_band) + 1, dtype=np.int64)


def describe_ages(ages: np.ndarray) -> str:
    """``0, 1, 5, 10, …, 90`` for long lists, all of them for short ones."""
    values = [str(int(a)) for a in ages]
    if len(values) <= 6:
        return ", ".join(values)
    return ", ".join(values[:4]) + ", …, " + values[-1]


def _some(values: np.ndarray, limit: int = 8) -> str:
    """The first ``limit`` values, and how many there are when there are more."""
    shown = ", ".join(str(int(v)) for v in values[:limit])
    return shown if values.size <= limit else f"{shown}, … ({values.size} st)"


def requested_ages(age: Any, ages: np.ndarray) -> np.ndarray:
    """The ages to report: ``"all"``, one interval start or a list of them."""
    if isinstance(age, str):
        if age != "all":
            raise ArgumentError(
                f"age måste vara 'all', ett heltal eller en lista av heltal, fick {age!r}"
            )
        return ages.copy()
    if np.isscalar(age):
        items = [age]
    elif isinstance(age, (Sequence, np.ndarray)):
        items = list(age)
    else:
        items = None
    if not items or any(
        isinstance(a, bool) or not isinstance(a, (int, np.integer)) for a in items
    ):
        raise ArgumentError(
            f"age måste vara 'all', ett heltal eller en lista av heltal, fick {age!r}"
        )
    wrong = [int(a) for a in items if int(a) not in set(ages.tolist())]
    if wrong:
        raise ArgumentError(
            f"age {', '.join(map(str, wrong))} är inte början på en åldersgrupp "
            f"(väntade {describe_ages(ages)})"
        )
    return np.unique(np.asarray(items, dtype=np.int64))


def check_confidence(confidence: Any) -> float:
    """A confidence level strictly between 0 and 1."""
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, (int, float, np.floating))
        or not 0 < confidence < 1
    ):
        raise ArgumentError(f"confidence måste vara ett tal mellan 0 och 1, fick {confidence!r}")
    return float(confidence)


class LifeData(NamedTuple):
    """The data as matrices, one row per group and one column per age interval."""

    keys: pd.DataFrame  # one row per group: the values of the grouping columns
    population: np.ndarray  # (groups, ages), summed over pooled periods
    deaths: np.ndarray  # (groups, ages)
    periods: np.ndarray  # (groups,) number of pooled periods (1 without pooling)


def _label(frame: pd.DataFrame, row: int, keys: Sequence[str]) -> str:
    parts = []
    for key in keys:
        value = frame[key].iloc[row]
        value = value.item() if hasattr(value, "item") else value
        parts.append(f"{key}={value!r}")
    return ", ".join(parts) if parts else "data"


def _numbers(
    frame: pd.DataFrame, column: str, *, integer: bool, what: str, keys: Sequence[str],
    ages: np.ndarray | None,
) -> np.ndarray:
    raw = frame[column]
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values) | (values < 0)
    if integer:
        bad |= np.isfinite(values) & (values != np.round(values))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        where = _label(frame, row, keys)
        if ages is not None:
            where += f", ålder {int(ages[row])}"
        original = raw.iloc[row]
        original = original.item() if hasattr(original, "item") else original
        raise ArgumentError(f"{column} måste vara {what}, fick {original!r} ({where})")
    return values


def to_matrices(
    df: Any,
    *,
    keys: Sequence[str],
    age_from: str,
    population: str,
    deaths: str,
    pool: str | None,
    ages: np.ndarray,
) -> LifeData:
    """Check ``df`` and sum it into ``(groups, ages)`` matrices.

    Groups are the distinct combinations of ``keys`` in sorted order. With ``pool``,
    each group may hold one full set of ages per value of that column, and those
    are summed; without it every age must appear exactly once per group.
    """
    _check_columns(df, [*keys, age_from, population, deaths,
                        *([pool] if pool is not None else [])])
    frame = df.reset_index(drop=True)
    age, pop, dth = _checked_values(frame, keys=keys, age_from=age_from, population=population,
                                    deaths=deaths, ages=ages)
    group = (
        frame.groupby(list(keys), sort=True, dropna=False).ngroup().to_numpy()
        if keys
        else np.zeros(len(frame), dtype=np.int64)
    )
    n_groups = int(group.max()) + 1
    column = np.searchsorted(ages, age.astype(np.int64))
    first_row = _check_complete(df, frame, group, column, keys=keys, pool=pool, ages=ages)
    k = ages.size
    flat = group * k + column
    pop_m = np.bincount(flat, weights=pop, minlength=n_groups * k).reshape(n_groups, k)
    dth_m = np.bincount(flat, weights=dth, minlength=n_groups * k).reshape(n_groups, k)
    group_of_sub = group[first_row]
    periods = np.bincount(group_of_sub, minlength=n_groups)
    first_of_group = np.full(n_groups, len(frame))
    np.minimum.at(first_of_group, group, np.arange(len(frame)))
    key_frame = frame.loc[first_of_group, list(keys)].reset_index(drop=True)
    return LifeData(keys=key_frame, population=pop_m, deaths=dth_m, periods=periods)


def _check_columns(df: Any, used: list[str]) -> None:
    """A DataFrame with rows that has every column, each used for one thing only."""
    if not isinstance(df, pd.DataFrame):
        raise ArgumentError(f"data måste vara en pandas DataFrame, fick {type(df).__name__}")
    repeated = sorted({c for c in used if used.count(c) > 1})
    if repeated:
        raise ArgumentError(
            "samma kolumn används till två saker: " + ", ".join(repr(c) for c in repeated)
        )
    missing = [c for c in used if c not in df.columns]
    if missing:
        raise ArgumentError("saknade kolumner i data: " + ", ".join(repr(c) for c in missing))
    if len(df) == 0:
        raise ArgumentError("data har inga rader")


def _checked_values(frame: pd.DataFrame, *, keys, age_from, population, deaths, ages):
    """Ages (starts of the expected bands), populations and deaths (≤ population) per row."""
    age = _numbers(
        frame, age_from, integer=True, what="ett heltal ≥ 0", keys=keys, ages=None
    )
    unknown = np.setdiff1d(age, ages)
    if unknown.size:
        raise ArgumentError(
            f"{age_from} har åldrar som inte är början på en åldersgrupp "
            f"(väntade {describe_ages(ages)}): {_some(unknown)}"
        )
    pop = _numbers(frame, population, integer=False, what="ett tal ≥ 0", keys=keys, ages=age)
    dth = _numbers(frame, deaths, integer=True, what="ett heltal ≥ 0", keys=keys, ages=age)
    over = dth > pop
    if over.any():
        row = int(np.flatnonzero(over)[0])
        raise ArgumentError(
            f"fler dödsfall än befolkning ({dth[row]:g} > {pop[row]:g}) för "
            f"{_label(frame, row, keys)}, ålder {int(age[row])}"
        )
    return age, pop, dth


def _check_complete(df, frame, group, column, *, keys, pool, ages) -> np.ndarray:
    """Every age band once per group (per ``pool`` value); the first row of each such set."""
    sub_keys = [*keys, pool] if pool is not None else list(keys)
    sub = (
        frame.groupby(sub_keys, sort=True, dropna=False).ngroup().to_numpy()
        if sub_keys
        else group
    )
    n_sub = int(sub.max()) + 1
    k = ages.size
    counts = np.bincount(sub * k + column, minlength=n_sub * k).reshape(n_sub, k)
    first_row = np.full(n_sub, len(frame))
    np.minimum.at(first_row, sub, np.arange(len(frame)))
    if (counts > 1).any():
        s = int(np.flatnonzero((counts > 1).any(axis=1))[0])
        dup = ", ".join(str(int(a)) for a in ages[counts[s] > 1])
        hint = "" if pool is not None else " (ange pool= för att slå ihop flera perioder)"
        raise row_error(
            f"flera rader för samma åldersgrupp för {_label(frame, int(first_row[s]), sub_keys)}:"
            f" ålder {dup}{hint}", df.index[int(first_row[s])]
        )
    if (counts == 0).any():
        s = int(np.flatnonzero((counts == 0).any(axis=1))[0])
        gone = ", ".join(str(int(a)) for a in ages[counts[s] == 0])
        raise row_error(
            f"åldrar saknas för {_label(frame, int(first_row[s]), sub_keys)}: {gone}",
            df.index[int(first_row[s])]
        )
    return first_row
