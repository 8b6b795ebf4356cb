"""Argument and input checks for the WHO HEAT summary measures.

Arguments (measures, compat, confidence, reps, rng, missing columns) raise
:class:`jamlik.errors.ArgumentError`; bad values inside the table raise
:class:`jamlik.errors.InputError` naming the spreadsheet row (header = row 1)
and the column, so the CLI only has to add the file name.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import special

from jamlik.errors import ArgumentError, InputError
from jamlik.heat import TEMPLATE_COLUMNS

from ._large_groups import LARGE_GROUP_MEASURES

__all__ = [
    "COMPAT_MODES",
    "KEY_COLUMNS",
    "LARGE_GROUP_MEASURES",
    "MEASURES",
    "REQUIRED_COLUMNS",
    "TEMPLATE_COLUMNS",
    "check_arguments",
    "clean_frame",
    "z_value",
]

# The 21 summary measures of HEAT Plus / healthequal, in the order of the
# healthequal reference manual (simple, ordered, non-ordered, impact).
MEASURES: tuple[str, ...] = (
    "D", "R",
    "ACI", "RCI", "SII", "RII",
    "BGV", "BGSD", "COV",
    "MDMU", "MDMW", "MDBU", "MDBW", "MDRU", "MDRW",
    "IDISU", "IDISW", "TI", "MLD",
    "PAF", "PAR",
)  # fmt: skip
COMPAT_MODES = ("jamlik", "heat")
KEY_COLUMNS = ("setting", "date", "source", "indicator_abbr", "dimension")
# Columns without which no measure can be computed; the others may be left out
# (and are then treated as empty, as HEAT Plus treats empty cells).
REQUIRED_COLUMNS = (
    *KEY_COLUMNS, "subgroup", "estimate", "favourable_indicator", "indicator_scale",
    "ordered_dimension", "subgroup_order",
)  # fmt: skip
MIN_REPS = 10


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile, e.g. 1.959964 for 0.95."""
    return float(special.ndtri(1 - (1 - confidence) / 2))


def _check_measures(measures: object, compat: str) -> tuple[str, ...]:
    # jamlik's large-group variants of D and R are not HEAT's: only in jamlik mode.
    known = MEASURES if compat == "heat" else (*MEASURES, *LARGE_GROUP_MEASURES)
    if measures is None:
        return known
    if isinstance(measures, str):
        measures = [measures]
    if not isinstance(measures, Iterable):
        raise ArgumentError("measures måste vara en lista med måttkoder, t.ex. ['D', 'SII']")
    measures = list(measures)
    if not all(isinstance(m, str) for m in measures):
        raise ArgumentError("measures måste vara en lista med måttkoder, t.ex. ['D', 'SII']")
    wanted = [m.upper() for m in measures]
    if not wanted:
        raise ArgumentError("measures får inte vara tom")
    unknown = [m for m in measures if m.upper() not in (*MEASURES, *LARGE_GROUP_MEASURES)]
    if unknown:
        listed = ", ".join(repr(m) for m in unknown)
        valid = ', '.join((*MEASURES, *LARGE_GROUP_MEASURES))
        raise ArgumentError(f"okänt mått: {listed} (giltiga mått: {valid})")
    not_heat = [m for m in measures if m.upper() not in known]
    if not_heat:
        listed = ", ".join(repr(m) for m in not_heat)
        raise ArgumentError(
            f"compat='heat' återger HEAT Plus, som saknar {listed} "
            "(jamliks mått för många undergrupper); använd compat=None"
        )
    return tuple(m for m in known if m in wanted)


def _check_compat(compat: object) -> str:
    if compat is None:
        return "jamlik"
    if compat not in COMPAT_MODES:
        raise ArgumentError(f"compat måste vara None, 'jamlik' eller 'heat', fick {compat!r}")
    return str(compat)


def _check_confidence(confidence: object) -> float:
    ok = isinstance(confidence, (int, float, np.number)) and not isinstance(confidence, bool)
    if not ok or not 0.0 < float(confidence) < 1.0:  # type: ignore[arg-type]
        raise ArgumentError(
            f"confidence måste vara ett tal mellan 0 och 1 (t.ex. 0.95), fick {confidence!r}"
        )
    return float(confidence)  # type: ignore[arg-type]


def _check_reps(reps: object) -> int:
    ok = isinstance(reps, (int, np.integer)) and not isinstance(reps, bool)
    if not ok or int(reps) < MIN_REPS:  # type: ignore[call-overload]
        raise ArgumentError(f"reps måste vara ett heltal ≥ {MIN_REPS}, fick {reps!r}")
    return int(reps)  # type: ignore[call-overload]


def _check_rng(rng: object) -> np.random.Generator:
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool) and rng >= 0:
        return np.random.default_rng(int(rng))
    raise ArgumentError(
        f"rng måste vara en numpy.random.Generator, ett heltal ≥ 0 (frö) eller None, fick {rng!r}"
    )


def _check_by(df: pd.DataFrame, by: object) -> tuple[str, ...]:
    if isinstance(by, str):
        by = [by]
    if not isinstance(by, Iterable):
        raise ArgumentError("by måste vara en lista med kolumnnamn, t.ex. ['kön']")
    by = list(by)
    if not all(isinstance(c, str) for c in by):
        raise ArgumentError("by måste vara en lista med kolumnnamn, t.ex. ['kön']")
    template = [c for c in by if c in TEMPLATE_COLUMNS]
    if template:
        listed = ", ".join(repr(c) for c in template)
        raise ArgumentError(f"by får inte innehålla mallens kolumner: {listed}")
    absent = [c for c in by if c not in df.columns]
    if absent:
        raise ArgumentError(f"by: df saknar kolumner: {', '.join(repr(c) for c in absent)}")
    return tuple(dict.fromkeys(by))


def check_arguments(
    df: object,
    *,
    measures: object,
    compat: object,
    confidence: object,
    reps: object,
    rng: object,
    by: object = (),
) -> tuple[tuple[str, ...], str, float, int, np.random.Generator, tuple[str, ...]]:
    """Validate the options of :func:`summary_measures`; return them normalised."""
    if not isinstance(df, pd.DataFrame):
        raise ArgumentError(f"df måste vara en pandas.DataFrame, fick {type(df).__name__}")
    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        raise ArgumentError(f"df saknar kolumner: {', '.join(repr(c) for c in missing)}")
    mode = _check_compat(compat)
    return (
        _check_measures(measures, mode),
        mode,
        _check_confidence(confidence),
        _check_reps(reps),
        _check_rng(rng),
        (*KEY_COLUMNS, *_check_by(df, by)),
    )


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _shown(value: object) -> str:
    """A cell as the message shows it: numbers plainly (5, not 5.0), text quoted."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return repr(value)


def _numeric(df: pd.DataFrame, column: str, *, rule: str = "") -> np.ndarray:
    """Column as float (NaN for empty cells); InputError at the first bad cell."""
    if column not in df.columns:
        return np.full(len(df), np.nan)
    raw = df[column]
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        values = raw.to_numpy(dtype=float, na_value=np.nan, copy=True)
        blank = np.isnan(values)
    else:
        values = pd.to_numeric(raw, errors="coerce").to_numpy(
            dtype=float, na_value=np.nan, copy=True
        )
        blank = raw.isna().to_numpy() | raw.astype(str).str.strip().eq("").to_numpy()
    bad = np.isnan(values) & ~blank
    bad |= np.isinf(values)
    if rule == ">=0":
        bad |= values < 0
    elif rule == ">0":
        bad |= values <= 0
    elif rule == "01":
        bad |= ~np.isnan(values) & (values != 0) & (values != 1)
    if bad.any():
        i = _first(bad)
        expected = {">=0": "ett tal ≥ 0", ">0": "ett tal > 0", "01": "0 eller 1"}.get(
            rule, "ett tal"
        )
        raise InputError(
            f"väntade {expected}, fick {_shown(raw.iloc[i])}", row=i + 2, column=column
        )
    values[blank] = np.nan
    return values


def _favourable(df: pd.DataFrame) -> np.ndarray:
    """favourable_indicator as 0, 1 or 2 for jamlik's 'neutral' (no better direction)."""
    column = "favourable_indicator"
    raw = df[column] if column in df.columns else pd.Series(np.nan, index=df.index)
    neutral = raw.astype(str).str.strip().str.lower().eq("neutral").to_numpy()
    plain = pd.DataFrame({column: raw.mask(neutral) if neutral.any() else raw})
    if neutral.any():
        plain[column] = plain[column].astype(object)
    fav = _numeric(plain, column, rule="01")
    fav[neutral] = 2.0
    _required(df, column, fav, "0, 1 eller neutral")
    return fav


def _required(df: pd.DataFrame, column: str, values: np.ndarray, expected: str) -> None:
    bad = np.isnan(values)
    if bad.any():
        i = _first(bad)
        raise InputError(f"väntade {expected}, fick ett tomt värde", row=i + 2, column=column)


def _factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """pandas.factorize, done on run heads when equal values come in runs.

    Tables are usually sorted by setting, date, indicator and dimension, so those
    columns hold a few long runs; factorising one value per run is much faster.
    """
    heads = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    if len(heads) * 4 > len(values):
        return pd.factorize(values, sort=False)
    codes, uniques = pd.factorize(values[heads], sort=False)
    return np.repeat(codes, np.diff(np.r_[heads, len(values)])), uniques


def _codes(df: pd.DataFrame, column: str) -> tuple[np.ndarray, pd.Index]:
    """Sorted factor codes of a key column; InputError at the first empty cell."""
    # Factorising unsorted and sorting the (few) distinct values afterwards is
    # about twice as fast as factorize(sort=True) on millions of rows.
    values = df[column].to_numpy(dtype=object)
    codes, uniques = _factorize(values)
    uniques = pd.Index(uniques, dtype=object)
    try:
        order = np.argsort(uniques.to_numpy(), kind="stable")
    except TypeError:  # mixed types cannot be compared; sort them as text
        order = np.argsort(uniques.astype(str).to_numpy(), kind="stable")
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    empty = np.array([isinstance(u, str) and not u.strip() for u in uniques], dtype=bool)
    blank = codes < 0
    if empty.any():
        blank = blank | (empty[np.maximum(codes, 0)] & (codes >= 0))
    if blank.any():
        raise InputError("värde saknas", row=_first(blank) + 2, column=column)
    return rank[codes], uniques[order]


def clean_frame(df: pd.DataFrame, keys: tuple[str, ...] = KEY_COLUMNS) -> dict[str, object]:
    """Return the working columns of a HEAT Plus table as checked numpy arrays.

    Key columns come back as sorted factor codes (``code_<name>``) with their
    values (``uniques_<name>``). ``se`` is taken from ``ci_lb``/``ci_ub`` where it
    is empty, as ``(ci_ub - ci_lb) / (2 z)`` with z for a 95 % interval (the
    level of the template's limits).
    """
    out: dict[str, object] = {"keys": keys}
    for key in (*keys, "subgroup"):
        out[f"code_{key}"], out[f"uniques_{key}"] = _codes(df, key)
    out["estimate"] = _numeric(df, "estimate")
    se = _numeric(df, "se", rule=">=0")
    lower = _numeric(df, "ci_lb")
    upper = _numeric(df, "ci_ub")
    derived = (upper - lower) / (2 * z_value(0.95))
    out["se"] = np.where(np.isnan(se) & (derived >= 0), derived, se)
    out["population"] = _numeric(df, "population", rule=">=0")
    out["setting_average"] = _numeric(df, "setting_average")
    out["favourable"] = _favourable(df)
    ordered = _numeric(df, "ordered_dimension", rule="01")
    _required(df, "ordered_dimension", ordered, "0 eller 1")
    out["ordered"] = ordered
    scale = _numeric(df, "indicator_scale", rule=">0")
    _required(df, "indicator_scale", scale, "ett tal > 0")
    out["scale"] = scale
    order = _numeric(df, "subgroup_order")
    if (np.isnan(order) & (ordered == 1)).any():
        i = _first(np.isnan(order) & (ordered == 1))
        raise InputError(
            "väntade ett tal (ordnad dimension kräver subgroup_order), fick ett tomt värde",
            row=i + 2,
            column="subgroup_order",
        )
    out["order"] = np.where(np.isnan(order), 0.0, order)
    ref = _numeric(df, "reference_subgroup", rule="01")
    out["reference"] = np.nan_to_num(ref, nan=0.0) == 1
    out["row"] = np.arange(len(df)) + 2
    return out
