"""Checked inputs and tidy output of :func:`jamlik.stats.sii` (the method is in ``_sii``).

The options and columns are checked here, standard errors are derived from 95 %
limits on the link scale as PHEindicatormethods::phe_sii does, and the results are
laid out one row per group, measure and confidence level.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError
from jamlik.stats._intervals import check_multiplier, z_value
from jamlik.stats._result import result_frame

VALUE_TYPES = ("mean", "rate", "proportion")
MIN_REPS = 1000
REASON_NO_QUANTILE = "saknar kvantil: {quantiles}"
# PHE derives the standard error from 95 % limits whatever the requested level.
_Z95 = z_value(0.95)


def _link(values: np.ndarray, value_type: str) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        if value_type == "rate":
            return np.log(values)
        if value_type == "proportion":
            return np.log(values / (1 - values))
    return values


def _inverse(values: np.ndarray, value_type: str) -> np.ndarray:
    if value_type == "rate":
        return np.exp(values)
    if value_type == "proportion":
        return 1 / (1 + np.exp(-values))
    return values


def _check_options(value_type, transform, se, lower, upper, reps, rng, multiplier):
    if value_type not in VALUE_TYPES:
        raise ArgumentError(
            f"value_type måste vara en av {', '.join(VALUE_TYPES)}, fick {value_type!r}"
        )
    if not isinstance(transform, (bool, np.bool_)):
        raise ArgumentError(f"transform måste vara True eller False, fick {transform!r}")
    if transform and value_type == "mean":
        raise ArgumentError("transform kräver value_type 'rate' eller 'proportion'")
    if se is not None and (lower is not None or upper is not None):
        raise ArgumentError("ange antingen se eller lower och upper, inte båda")
    if se is None and (lower is None or upper is None):
        raise ArgumentError("ange se eller både lower och upper")
    if transform and se is not None:
        raise ArgumentError("transform kräver lower och upper (PHE tar inte emot se då)")
    if isinstance(reps, bool) or not isinstance(reps, (int, np.integer)) or reps < MIN_REPS:
        raise ArgumentError(f"reps måste vara ett heltal ≥ {MIN_REPS}, fick {reps!r}")
    if rng is not None and not isinstance(rng, (np.random.Generator, int, np.integer)):
        raise ArgumentError(
            f"rng måste vara en numpy Generator eller ett heltal (seed), fick {type(rng).__name__}"
        )
    return check_multiplier(multiplier, allow_negative=True)


def _column(df: pd.DataFrame, name: str, role: str) -> np.ndarray:
    if name not in df.columns:
        raise ArgumentError(f"kolumnen '{name}' ({role}) finns inte i df")
    values = pd.to_numeric(df[name], errors="coerce").to_numpy(dtype=float)
    if np.isnan(values).any():
        raise ArgumentError(f"kolumnen '{name}' ({role}) måste vara numerisk utan tomma värden")
    return values


def _values(df, population, value, se, lower, upper, value_type):
    """Checked population, value and standard-error columns (se on the link scale)."""
    pop = _column(df, population, "population")
    if (pop <= 0).any():
        raise ArgumentError(f"kolumnen '{population}' måste vara > 0")
    y = _column(df, value, "value")
    if value_type == "proportion" and ((y < 0) | (y > 1)).any():
        raise ArgumentError(f"kolumnen '{value}' måste ligga mellan 0 och 1 för andelar")
    if value_type == "rate" and (y <= 0).any():
        raise ArgumentError(f"kolumnen '{value}' måste vara > 0 för kvoter")
    if se is not None:
        sd = _column(df, se, "se")
        if (sd < 0).any():
            raise ArgumentError(f"kolumnen '{se}' måste vara ≥ 0")
        return pop, y, sd
    low, high = _column(df, lower, "lower"), _column(df, upper, "upper")
    if value_type == "proportion" and ((low < 0) | (high > 1)).any():
        raise ArgumentError("lower och upper måste ligga mellan 0 och 1 för andelar")
    sd = (_link(high, value_type) - _link(low, value_type)) / (2 * _Z95)
    if (~np.isfinite(sd) | (sd < 0)).any():
        raise ArgumentError("lower och upper ger inget giltigt standardfel (lower ≤ upper)")
    return pop, y, sd


def _tidy(first, keys, complete, lacking, results, spread, levels, method, rii):
    """One row per group, measure and level, in key order; incomplete groups with a reason."""
    parts = []
    for m_index, measure in enumerate(["sii", "rii"] if rii else ["sii"]):
        for l_index, level in enumerate(levels):
            part = first.copy()
            part["measure"], part["confidence"] = measure, level
            part["_order"], part["_group"] = m_index * len(levels) + l_index, np.arange(len(first))
            for column in ("value", "se", "lower", "upper"):
                part[column] = np.nan
            part["method"], part["reason"] = None, None
            if measure in results:
                estimate, limits = results[measure]
                lo, hi = limits[l_index]
                part.loc[complete, ["value", "lower", "upper"]] = np.column_stack([estimate, lo, hi])
                if measure == "sii" and spread is not None:
                    part.loc[complete, "se"] = spread
                part.loc[complete, "method"] = method
            part.loc[~complete, "reason"] = [REASON_NO_QUANTILE.format(quantiles=text)
                                             for text in lacking]
            parts.append(part)
    out = pd.concat(parts, ignore_index=True).sort_values(["_group", "_order"], kind="mergesort")
    return result_frame(out.drop(columns=["_group", "_order"]), keys=keys)


def _group_spans(work: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """First row and size of each group in ``work`` (sorted by the keys), in key order."""
    if not keys:
        return np.array([0]), np.array([len(work)])
    codes = work.groupby(keys, sort=True, dropna=False).ngroup().to_numpy()
    order = np.argsort(codes, kind="stable")
    _, first, sizes = np.unique(codes[order], return_index=True, return_counts=True)
    return order[first], sizes


def _lacking(quantiles: np.ndarray, present: np.ndarray) -> str:
    have = set(present.tolist())
    return ", ".join(str(q) for q in quantiles if q not in have)
