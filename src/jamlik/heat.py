"""The WHO HEAT Plus table: its columns and the one conversion from the long format.

HEAT Plus (WHO's Health Equity Assessment Toolkit, upload database edition) reads one
row per subgroup estimate with the columns of :data:`TEMPLATE_COLUMNS` (Hosseinpoor et
al., Glob Health Action 2018;11:1440783, Table 1). jamlik builds that table from its
long format in two places: the template writer (``jamlik.ingest.write_heat_template``)
and the store's input to the gap measures (``jamlik.store.heat_table``). Both call
:func:`heat_rows`, so the rules are the same:

* an observation of dimension ``total`` is the ``setting_average`` of the other rows
  with the same setting, period, source and indicator, and is no row of its own;
* polarity ``higher_better`` → ``favourable_indicator`` 1, ``lower_better`` → 0,
  ``neutral`` → ``"neutral"`` (jamlik's extension: no better direction), missing → 1;
* a missing scale is 1; ``subgroup_order`` is 0 in a dimension that is not ordered
  (HEAT's rule); missing ``dimension_ordered`` and ``reference_subgroup`` are 0;
* ``estimate``, ``se``, ``ci_lb``, ``ci_ub`` are ``value``, ``se``, ``lower``,
  ``upper``; ``confidence`` (not a template column) keeps the level of the limits.

The callers choose what HEAT calls ``setting`` and ``source``, and whether dimensions
and subgroups are written by name (a file for people) or by code (a table whose
results are saved by code).

This module is layer 0: it imports nothing from jamlik but :mod:`jamlik.schema`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jamlik.schema import TOTAL

__all__ = ["LABELS", "TEMPLATE_COLUMNS", "heat_rows"]

TEMPLATE_COLUMNS = (
    "setting", "date", "source", "indicator_abbr", "indicator_name", "dimension", "subgroup",
    "estimate", "se", "ci_lb", "ci_ub", "population", "flag", "setting_average", "iso3",
    "favourable_indicator", "indicator_scale", "ordered_dimension", "subgroup_order",
    "reference_subgroup",
)
"""The columns of the WHO HEAT Plus upload template, in the template's order."""

LABELS = ("names", "codes")
"""How :func:`heat_rows` writes dimensions and subgroups."""


def _labelled(rows: pd.DataFrame, column: str, labels: str) -> pd.Series:
    """The column's name where there is one (``labels="names"``), else its code."""
    if labels == "codes" or f"{column}_name" not in rows.columns:
        return rows[column]
    return rows[f"{column}_name"].where(rows[f"{column}_name"].notna(), rows[column])


def _flags(values: pd.Series) -> np.ndarray:
    """A boolean column with missing as False, as 0/1."""
    return values.astype(object).where(values.notna(), False).astype(bool).astype(int).to_numpy()


def heat_rows(frame: pd.DataFrame, *, setting: pd.Series, source: pd.Series | str,
              labels: str = "names") -> pd.DataFrame:
    """The long-format observations of ``frame`` as HEAT Plus rows.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long-format rows (columns of :data:`jamlik.schema.COLUMNS`: ``indicator``,
        ``period``, ``dimension``, ``subgroup``, ``value`` … ; ``indicator_name``,
        ``dimension_name``, ``subgroup_name``, ``flag`` may be absent).
    setting : pandas.Series
        HEAT's ``setting`` of every row of ``frame`` (same index).
    source : pandas.Series or str
        HEAT's ``source`` of every row, or one source for all.
    labels : {"names", "codes"}
        ``"names"``: ``indicator_name``, ``dimension`` and ``subgroup`` are the names
        (the code where there is none); ``"codes"``: dimension and subgroup codes.

    Returns
    -------
    pandas.DataFrame
        One row per observation that is not a total, in ``frame``'s order, with the
        columns of :data:`TEMPLATE_COLUMNS` (``iso3`` empty) and ``confidence``.
        ``date`` is the period code as text; ``favourable_indicator`` is 0, 1 or
        ``"neutral"`` (object).
    """
    frame = frame.reset_index(drop=True)
    setting = pd.Series(np.asarray(setting, dtype=object))
    source = (pd.Series(source, index=frame.index, dtype=object) if isinstance(source, str)
              else pd.Series(np.asarray(source, dtype=object)))
    period = frame["period"].astype(str)
    group = pd.DataFrame({"setting": setting, "period": period, "source": source,
                          "indicator": frame["indicator"]}).fillna("\x00")
    total = (frame["dimension"] == TOTAL).to_numpy()
    averages = dict(zip(map(tuple, group[total].to_numpy()), frame["value"][total]))
    rows = frame[~total]
    ordered = rows["dimension_ordered"].astype(object).where(
        rows["dimension_ordered"].notna(), False).to_numpy(dtype=bool)
    polarity = rows["polarity"].where(rows["polarity"].notna(), "higher_better")
    favourable = pd.Series(np.where(polarity == "lower_better", 0, 1), dtype=object)
    favourable[(polarity == "neutral").to_numpy()] = "neutral"
    name = (rows["indicator_name"].where(rows["indicator_name"].notna(), rows["indicator"])
            if "indicator_name" in rows.columns else rows["indicator"])
    return pd.DataFrame({
        "setting": setting[~total].to_numpy(), "date": period[~total].to_numpy(),
        "source": source[~total].to_numpy(), "indicator_abbr": rows["indicator"].to_numpy(),
        "indicator_name": name.to_numpy(),
        "dimension": _labelled(rows, "dimension", labels).to_numpy(),
        "subgroup": _labelled(rows, "subgroup", labels).to_numpy(),
        **{heat: rows[column].to_numpy(dtype=float, na_value=np.nan) for heat, column in (
            ("estimate", "value"), ("se", "se"), ("ci_lb", "lower"), ("ci_ub", "upper"),
            ("population", "population"))},
        "flag": rows["flag"].to_numpy() if "flag" in rows.columns else None,
        "setting_average": [averages.get(key, np.nan) for key in map(tuple, group[~total].to_numpy())],
        "iso3": None,
        "favourable_indicator": favourable.to_numpy(),
        "indicator_scale": rows["scale"].to_numpy(dtype=float, na_value=np.nan),
        "ordered_dimension": ordered.astype(int),
        "subgroup_order": np.where(ordered, rows["subgroup_order"].to_numpy(
            dtype=float, na_value=np.nan), 0.0),
        "reference_subgroup": _flags(rows["reference_subgroup"]),
        "confidence": rows["confidence"].to_numpy(dtype=float, na_value=np.nan),
    }).assign(indicator_scale=lambda f: f["indicator_scale"].fillna(1.0))
