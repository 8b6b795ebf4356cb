"""Age standardisation (åldersstandardisering) as UK public health does it.

* :func:`dsr` – directly standardised rates with Dobson's interval (PHE
  ``calculate_dsr``), suppressed below 10 events.
* :func:`isr` – indirectly standardised ratios (e.g. SMR) or rates with exact
  (< 10 events) or Byar's (≥ 10) limits (PHE ``calculate_ISRatio``/``ISRate``).

Standard and reference populations are matched to the data **by age-band label**,
never by row position. The European Standard Population 2013 is built in as
:data:`ESP2013` ("0-4", "5-9", ..., "85-89", "90+"); data with "<1" and "1-4" instead
of "0-4" get Eurostat's split of that band (1,000 and 4,000).

References
----------
Dobson AJ, Kuulasmaa K, Eberle E, Scherer J. Confidence intervals for weighted sums
of Poisson parameters. Stat Med 1991;10:457-62.
Eurostat. Revision of the European Standard Population, 2013 edition.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError

from jamlik.stats._intervals import (
    byar_bounds,
    check_confidences,
    check_multiplier,
    count_bounds,
)
from jamlik.stats._result import result_frame, row_error

__all__ = ["ESP2013", "dsr", "isr"]

_BANDS = [f"{a}-{a + 4}" for a in range(0, 90, 5)] + ["90+"]
_WEIGHTS = [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
            7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000]  # fmt: skip
#: European Standard Population 2013, 19 five-year bands summing to 100,000.
ESP2013: Mapping[str, float] = MappingProxyType(dict(zip(_BANDS, map(float, _WEIGHTS))))
# Eurostat (2013) splits the first band into under one year and 1-4 years.
_ESP2013_INFANT = MappingProxyType(
    {"<1": 1000.0, "1-4": 4000.0, **{k: v for k, v in ESP2013.items() if k != "0-4"}}
)
DSR_MIN_COUNT = 10
_SUPPRESSED = "färre än 10 händelser: DSR redovisas inte (PHE)"
REASON_NO_EXPECTED = "förväntat antal är 0"


def _label(value: object) -> str:
    # Users type en dashes and stray spaces; the band itself is what matters.
    return str(value).strip().replace("–", "-").replace(" ", "")


def _columns(df: object, names: Mapping[str, str]) -> None:
    if not isinstance(df, pd.DataFrame):
        raise ArgumentError(f"df måste vara en pandas DataFrame, fick {type(df).__name__}")
    for role, column in names.items():
        if column not in df.columns:
            raise ArgumentError(f"kolumnen '{column}' ({role}) finns inte i df")


def _numeric(df: pd.DataFrame, column: str, *, allow_missing: bool, positive: bool) -> np.ndarray:
    values = pd.to_numeric(df[column], errors="coerce").to_numpy(dtype=float)
    if np.isnan(values).any() and not allow_missing:
        raise ArgumentError(f"kolumnen '{column}' får inte sakna värden")
    if positive and (values[~np.isnan(values)] <= 0).any():
        raise ArgumentError(f"kolumnen '{column}' måste vara > 0")
    if (values[~np.isnan(values)] < 0).any():
        raise ArgumentError(f"kolumnen '{column}' måste vara ≥ 0")
    return values


def _standard(standard: object, bands: set[str]) -> dict[str, float]:
    if isinstance(standard, str):
        if standard != "esp2013":
            raise ArgumentError(
                f"standard måste vara 'esp2013' eller en mappning åldersband → folkmängd, "
                f"fick {standard!r}"
            )
        table = _ESP2013_INFANT if bands & {"<1", "1-4"} else ESP2013
        return dict(table)
    if not isinstance(standard, Mapping):
        raise ArgumentError(
            "standard måste vara 'esp2013' eller en mappning åldersband → folkmängd, "
            f"fick {type(standard).__name__}"
        )
    table = {_label(k): float(v) for k, v in standard.items()}
    if any(not np.isfinite(v) or v < 0 for v in table.values()):
        raise ArgumentError("standardpopulationen måste vara ≥ 0 i varje åldersband")
    return table


def _band_key(band: str) -> tuple[float, str]:
    if band.startswith("<"):
        return (-1.0, band)
    start = re.match(r"\d+", band)
    return (float(start.group()) if start else float("inf"), band)


def _band_order(bands: set[str]) -> str:
    return ", ".join(sorted(bands, key=_band_key))


def _group_label(frame: pd.DataFrame, keys: list[str], row: int) -> str:
    if not keys:
        return ""
    values = [frame[k].iat[row] for k in keys]
    plain = [v.item() if isinstance(v, np.generic) else v for v in values]
    return f" för {dict(zip(keys, plain))}"


def _group_codes(frame: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, int]:
    """Each row's group number, groups numbered in sorted key order."""
    if not keys:
        return np.zeros(len(frame), dtype=np.intp), 1
    groups = frame.groupby(keys, sort=True, dropna=False, observed=True).ngroup().to_numpy()
    return groups, int(groups.max()) + 1 if len(groups) else 0


def _match_bands(
    frame: pd.DataFrame, keys: list[str], table: Mapping[str, float], what: str
) -> tuple[np.ndarray, np.ndarray, int]:
    """Band position in ``table`` and group number of each row, and the number of groups.

    Raises unless every group has each band of ``table`` exactly once. Set-wise: one
    count per (group, band) cell, so the cost is linear in rows and the memory is
    groups × bands integers.
    """
    bands = list(table)
    codes = pd.Index(bands).get_indexer(frame["_band"])
    if (codes < 0).any():
        extra = set(frame["_band"].to_numpy()[codes < 0])
        raise ArgumentError(f"åldersband som saknas i {what}: {_band_order(extra)}")
    groups, n_groups = _group_codes(frame, keys)
    width = len(bands)
    counts = np.bincount(groups * width + codes, minlength=n_groups * width)
    counts = counts.reshape(n_groups, width)
    bad = (counts != 1).any(axis=1)
    if not bad.any():
        return codes, groups, n_groups
    # The offending group that appears first in the data, as a loop over groups finds.
    offending = np.flatnonzero(bad[groups]) if len(groups) else np.array([], dtype=np.intp)
    row = int(offending[0]) if len(offending) else None
    group = int(groups[row]) if row is not None else int(np.argmax(bad))
    label = _group_label(frame, keys, row) if row is not None else ""
    duplicated = {bands[i] for i in np.flatnonzero(counts[group] > 1)}
    if duplicated:
        members = np.flatnonzero(groups == group)
        again = members[pd.Series(codes[members]).duplicated().to_numpy()][0]
        raise row_error(
            f"åldersband förekommer flera gånger{label}: {_band_order(duplicated)}",
            frame.index[again],
        )
    missing = {bands[i] for i in np.flatnonzero(counts[group] == 0)}
    raise ArgumentError(f"åldersband saknas i data{label}: {_band_order(missing)}")


def _band_labels(column: pd.Series) -> pd.Series:
    # Clean each distinct label once: a national file repeats 19 labels millions of times.
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    cleaned = np.array([_label(u) for u in uniques], dtype=object)
    return pd.Series(cleaned[codes], index=column.index, dtype=object)


def _prepare(df, count, population, age_band, by, *, count_missing_ok: bool):
    keys = [by] if isinstance(by, str) else list(by)
    _columns(df, {"count": count, "population": population, "age_band": age_band,
                  **{f"by[{i}]": k for i, k in enumerate(keys)}})  # fmt: skip
    frame = df[keys].copy() if keys else pd.DataFrame(index=df.index)
    frame["_band"] = _band_labels(df[age_band])
    frame["_x"] = _numeric(df, count, allow_missing=count_missing_ok, positive=False)
    frame["_n"] = _numeric(df, population, allow_missing=False, positive=True)
    # PHE treats a missing count as zero events (calculate_dsr: na.zero).
    frame["_x"] = frame["_x"].fillna(0.0)
    return frame, keys


def _sum_by(frame: pd.DataFrame, keys: list[str], groups: np.ndarray, n_groups: int,
            columns: list[str]) -> pd.DataFrame:
    """Column sums per group (numbered by :func:`_group_codes`), keys first."""
    first = np.full(n_groups, len(frame), dtype=np.intp)
    np.minimum.at(first, groups, np.arange(len(frame)))
    sums = frame[keys].iloc[first].reset_index(drop=True) if keys else pd.DataFrame(index=[0])
    for column in columns:
        sums[column] = np.bincount(groups, weights=frame[column].to_numpy(dtype=float),
                                   minlength=n_groups)  # fmt: skip
    return sums


def dsr(
    df: pd.DataFrame,
    *,
    count: str = "count",
    population: str = "population",
    age_band: str = "age_band",
    by: Sequence[str] | str = (),
    standard: str | Mapping[str, float] = "esp2013",
    confidence: float | Sequence[float] = 0.95,
    multiplier: float = 100000,
) -> pd.DataFrame:
    r"""Directly standardised rate (direkt åldersstandardiserad kvot) with Dobson limits.

    .. math::
        DSR = \frac{m}{\sum_i w_i}\sum_i \frac{w_i O_i}{n_i},\quad
        \mathrm{var} = \frac{1}{(\sum_i w_i)^2}\sum_i O_i\frac{w_i^2}{n_i^2},\quad
        DSR_{L,U} = DSR + \sqrt{\mathrm{var}/O}\,(O_{L,U} - O)\,m

    where :math:`O = \sum O_i` and :math:`O_{L,U}` are Byar's limits for O (Dobson 1991).

    Parameters
    ----------
    df
        One row per group and age band: counts (missing = 0, as PHE) and
        populations (> 0).
    by
        Grouping columns (area, sex, period, ...); every group must have every band.
    standard
        ``"esp2013"`` or a mapping age band → standard population.
    confidence
        One level, or two (e.g. ``(0.95, 0.998)``) for one row each.

    Returns
    -------
    Tidy result (``measure="dsr"``, ``se`` = :math:`m\sqrt{\mathrm{var}}`) plus the
    columns ``count`` and ``population`` (totals). Groups with fewer than 10 events
    are suppressed (value and limits NaN, ``reason`` says why), PHE's rule.

    Examples
    --------
    >>> d = pd.DataFrame({"age_band": list(ESP2013), "count": 10, "population": 1000})
    >>> float(dsr(d)["value"].iloc[0])
    1000.0
    """
    levels = check_confidences(confidence)
    scale = check_multiplier(multiplier)
    frame, keys = _prepare(df, count, population, age_band, by, count_missing_ok=True)
    table = _standard(standard, set(frame["_band"]))
    codes, groups, n_groups = _match_bands(frame, keys, table, "standardpopulationen")
    w = np.fromiter(table.values(), dtype=float, count=len(table))[codes]
    frame["_w"] = w
    frame["_rate"] = frame["_x"] * w / frame["_n"]
    frame["_var"] = frame["_x"] * (w / frame["_n"]) ** 2
    sums = _sum_by(frame, keys, groups, n_groups, ["_x", "_n", "_w", "_rate", "_var"])
    o = sums["_x"].to_numpy(dtype=float)
    value = sums["_rate"].to_numpy(dtype=float) / sums["_w"].to_numpy(dtype=float) * scale
    var = sums["_var"].to_numpy(dtype=float) / sums["_w"].to_numpy(dtype=float) ** 2
    small = o < DSR_MIN_COUNT
    rows = []
    for level in levels:
        low_o, up_o = byar_bounds(np.maximum(o, DSR_MIN_COUNT), level)
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.sqrt(var / o) * scale
        out = sums[keys].copy()
        out["measure"] = "dsr"
        out["value"] = np.where(small, np.nan, value)
        out["se"] = np.where(small, np.nan, np.sqrt(var) * scale)
        out["lower"] = np.where(small, np.nan, value + factor * (low_o - o))
        out["upper"] = np.where(small, np.nan, value + factor * (up_o - o))
        out["confidence"] = level
        out["method"] = "Dobson"
        out["reason"] = np.where(small, _SUPPRESSED, None)
        out["count"] = o
        out["population"] = sums["_n"].to_numpy(dtype=float)
        rows.append(out)
    return result_frame(pd.concat(rows, ignore_index=True), keys=keys)


def _reference(reference: object, ref_count: str, ref_population: str, ref_band: str):
    if not isinstance(reference, pd.DataFrame):
        raise ArgumentError(
            f"reference måste vara en DataFrame med åldersband, antal och folkmängd, "
            f"fick {type(reference).__name__}"
        )
    _columns(reference, {"ref_count": ref_count, "ref_population": ref_population,
                         "age_band": ref_band})  # fmt: skip
    bands = reference[ref_band].map(_label)
    if bands.duplicated().any():
        dup = set(bands[bands.duplicated()])
        raise ArgumentError(f"åldersband förekommer flera gånger i reference: {_band_order(dup)}")
    x = _numeric(reference, ref_count, allow_missing=True, positive=False)
    n = _numeric(reference, ref_population, allow_missing=False, positive=True)
    return dict(zip(bands, np.nan_to_num(x) / n)), float(np.nansum(x) / n.sum())


def isr(
    df: pd.DataFrame,
    *,
    reference: pd.DataFrame,
    count: str = "count",
    population: str = "population",
    age_band: str = "age_band",
    by: Sequence[str] | str = (),
    ref_count: str = "count",
    ref_population: str = "population",
    statistic: str = "ratio",
    confidence: float | Sequence[float] = 0.95,
    multiplier: float | None = None,
) -> pd.DataFrame:
    r"""Indirectly standardised ratio (e.g. SMR) or rate, as PHE computes them.

    .. math::
        E = \sum_i \frac{R_i}{N_i} n_i,\quad ISR = \frac{O}{E}\,m,\quad
        ISR_{L,U} = \frac{O_{L,U}}{E}\,m

    with :math:`O_{L,U}` exact Poisson limits for O < 10 and Byar's from 10 on. For
    ``statistic="rate"`` the factor is the reference crude rate
    :math:`m\sum R_i/\sum N_i` instead of :math:`m`.

    Parameters
    ----------
    reference
        Reference (jämförelse) population: one row per age band with the
        columns ``age_band`` (same name as in ``df``), ``ref_count`` and
        ``ref_population``; matched to ``df`` by band label.
    statistic
        ``"ratio"`` (default multiplier 1; use 100 for an SMR × 100) or ``"rate"``
        (default multiplier 100,000).

    Returns
    -------
    Tidy result (``measure`` "isr_ratio"/"isr_rate") plus ``observed``, ``expected``.
    """
    if statistic not in ("ratio", "rate"):
        raise ArgumentError(f"statistic måste vara en av ratio, rate, fick {statistic!r}")
    levels = check_confidences(confidence)
    default = 1.0 if statistic == "ratio" else 100000.0
    scale = default if multiplier is None else check_multiplier(multiplier)
    frame, keys = _prepare(df, count, population, age_band, by, count_missing_ok=True)
    ref_rates, ref_crude = _reference(reference, ref_count, ref_population, age_band)
    codes, groups, n_groups = _match_bands(frame, keys, ref_rates, "reference")
    frame["_e"] = np.fromiter(ref_rates.values(), dtype=float, count=len(ref_rates))[codes] * frame["_n"]
    sums = _sum_by(frame, keys, groups, n_groups, ["_x", "_e"])
    o = sums["_x"].to_numpy(dtype=float)
    e = sums["_e"].to_numpy(dtype=float)
    factor = scale * (ref_crude if statistic == "rate" else 1.0)
    no_expected = e <= 0
    rows = []
    for level in levels:
        low, up, used = count_bounds(o, level)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = sums[keys].copy()
            out["measure"] = f"isr_{statistic}"
            out["value"] = np.where(no_expected, np.nan, o / e * factor)
            out["lower"] = np.where(no_expected, np.nan, low / e * factor)
            out["upper"] = np.where(no_expected, np.nan, up / e * factor)
        out["confidence"] = level
        out["method"] = used
        out["reason"] = np.where(no_expected, REASON_NO_EXPECTED, None)
        out["observed"] = o
        out["expected"] = e
        rows.append(out)
    return result_frame(pd.concat(rows, ignore_index=True), keys=keys)

