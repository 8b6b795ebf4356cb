"""Shares of a closed question by area and group, with intervals and disclosure control (pure).

One question makes one table per background dimension (sex, age group): areas down, groups
across, with margins — the area's total, and, when the collection covers its whole
municipality, the total of all areas. Respondents whose area or group is unknown make a row
or column of their own that is never published but still counts in the sums (a reader could
otherwise find it by subtraction).

Disclosure: a cell is withheld when its respondents, or those who chose / did not choose the
counted options, number 1 … ``min_count − 1`` (:func:`jamlik.stats.primary_suppression`);
then every additive relation gets at least two withheld cells
(:func:`jamlik.stats.secondary_suppression`), and finally a linear-algebra audit
(:func:`jamlik.stats.recoverable_cells`) withholds more until no withheld cell can be
recovered from all the published cells and sums together.

Intervals: Wilson's score interval (Wilson 1927). With weights, the weighted share and
Kish's effective sample size ``n_eff = (Σw)² / Σw²`` (Kish 1965, §11.7) in Wilson's formula.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError
from jamlik.schema import TOTAL
from jamlik.stats import (
    PRIMARY, SECONDARY, primary_suppression, proportion_ci, recoverable_cells,
    secondary_suppression,
)

__all__ = ["ALL_AREAS", "DIMENSIONS", "UNKNOWN", "closed_shares"]

#: The area key of the total over all areas, and the key of an unknown area or group.
ALL_AREAS, UNKNOWN = "*", "?"
#: Background dimensions: column of the respondents' frame → (dimension code, name).
DIMENSIONS = {"sex": ("kon", "Kön"), "age_group": ("alder", "Åldersgrupp")}


def _cells(people: pd.DataFrame, with_total: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every cell of the tables (counts and weights) and the relations between them."""
    areas = sorted(people["area"].dropna().unique().tolist())
    area_keys = areas + ([UNKNOWN] if people["area"].isna().any() else [])
    area_keys += [ALL_AREAS] if with_total else []
    frame = people.assign(area=people["area"].fillna(UNKNOWN))
    keys = [(a, TOTAL, TOTAL) for a in area_keys]
    groups = {}
    for column, (dimension, _name) in DIMENSIONS.items():
        if people[column].notna().any():
            groups[dimension] = sorted(people[column].dropna().unique().tolist()) + (
                [UNKNOWN] if people[column].isna().any() else [])
            frame[dimension] = people[column].fillna(UNKNOWN)
            keys += [(a, dimension, s) for a in area_keys for s in groups[dimension]]
    index = {key: i for i, key in enumerate(keys)}
    rows = []
    for (area, dimension, subgroup) in keys:
        inside = frame if area == ALL_AREAS else frame[frame["area"] == area]
        if dimension != TOTAL:
            inside = inside[inside[dimension] == subgroup]
        rows.append({"area": area, "dimension": dimension, "subgroup": subgroup,
                     "n": len(inside), "x": int(inside["positive"].sum()),
                     "w": inside["weight"].sum(), "w2": (inside["weight"] ** 2).sum(),
                     "wx": (inside["weight"] * inside["positive"]).sum()})
    members = []
    for dimension, subgroups in groups.items():
        for area in area_keys:  # an area's groups add up to its total
            relation = ("row", area, dimension)
            members.append((relation, index[(area, TOTAL, TOTAL)], "total"))
            members += [(relation, index[(area, dimension, s)], "part") for s in subgroups]
    if with_total:  # the areas add up to all areas, for the total and for every group
        columns = [(TOTAL, TOTAL)] + [(d, s) for d, subgroups in groups.items()
                                      for s in subgroups]
        for dimension, subgroup in columns:
            relation = ("column", dimension, subgroup)
            members.append((relation, index[(ALL_AREAS, dimension, subgroup)], "total"))
            members += [(relation, index[(a, dimension, subgroup)], "part")
                        for a in area_keys if a != ALL_AREAS]
    return pd.DataFrame(rows), pd.DataFrame(members, columns=["relation", "cell", "role"])


def _suppress(cells: pd.DataFrame, members: pd.DataFrame, min_count: int):
    n, x = cells["n"].to_numpy(float), cells["x"].to_numpy(float)
    primary = primary_suppression(n, min_count=min_count)
    primary |= primary_suppression(x, min_count=min_count, complements=n - x)
    pattern = primary.copy()
    for _ in range(50):
        pattern = secondary_suppression(members, n, pattern)
        recovered = recoverable_cells(members, pattern)
        if not recovered.any():
            return primary, pattern
        # In a relation of each recovered cell, withhold the smallest visible part.
        for cell in np.flatnonzero(recovered):
            mine = members[members["relation"].isin(
                members.loc[members["cell"] == cell, "relation"])]
            visible = mine[~pattern[mine["cell"].to_numpy()]]
            if visible.empty:
                continue
            order = visible.assign(total=visible["role"] == "total",
                                   count=n[visible["cell"].to_numpy()])
            pattern[int(order.sort_values(["total", "count", "cell"])["cell"].iloc[0])] = True
    raise ArgumentError("röjandekontrollen blev inte klar på 50 varv")


def closed_shares(people: pd.DataFrame, *, min_count: int = 5, with_total: bool = False,
                  confidence: float = 0.95) -> pd.DataFrame:
    """Shares of a closed question by area and group, disclosure-controlled.

    Parameters
    ----------
    people : DataFrame, one row per respondent who answered (excluded options left out)
        Columns ``area`` (code or missing), ``sex``, ``age_group`` (codes or missing),
        ``weight`` (float, or missing for unweighted) and ``positive`` (bool: chose a
        counted option).
    min_count : int
        The disclosure threshold (default 5).
    with_total : bool
        Publish the total over all areas (only when they make up the municipality).
    confidence : float
        Level of the intervals.

    Returns
    -------
    DataFrame, one row per publishable cell (no unknown area or group, at least one
    respondent): ``area``, ``dimension``, ``subgroup``, ``n``, ``x``, ``value`` (share,
    0–1), ``lower``, ``upper``, ``n_eff`` (effective sample size; ``n`` unweighted),
    ``suppressed``, ``reason``. Withheld cells have no n, x, value or interval.
    """
    if people.empty:
        return pd.DataFrame(columns=["area", "dimension", "subgroup", "n", "x", "value",
                                     "lower", "upper", "n_eff", "suppressed", "reason"])
    weighted = people["weight"].notna().all()
    people = people.assign(weight=people["weight"].astype(float).fillna(1.0),
                           positive=people["positive"].astype(bool))
    cells, members = _cells(people, with_total)
    primary, pattern = _suppress(cells, members, min_count)
    with np.errstate(divide="ignore", invalid="ignore"):
        if weighted:
            n_eff = cells["w"] ** 2 / cells["w2"]
            share = cells["wx"] / cells["w"]
        else:
            n_eff = cells["n"].astype(float)
            share = cells["x"] / cells["n"]
    cells["n_eff"] = n_eff
    cells["value"] = share
    ok = cells["n"].to_numpy() > 0
    interval = proportion_ci((share[ok] * n_eff[ok]).to_numpy(), n_eff[ok].to_numpy(),
                             confidence=confidence)
    cells["lower"], cells["upper"] = np.nan, np.nan
    cells.loc[ok, "lower"] = interval["lower"].to_numpy()
    cells.loc[ok, "upper"] = interval["upper"].to_numpy()
    cells["suppressed"] = pattern
    cells["reason"] = None
    cells.loc[pattern & ~primary, "reason"] = SECONDARY
    cells.loc[primary, "reason"] = PRIMARY.format(k=min_count)
    cells.loc[pattern, ["n", "x", "value", "lower", "upper", "n_eff"]] = np.nan
    published = ((cells["area"] != UNKNOWN) & (cells["subgroup"] != UNKNOWN)
                 & (ok | pattern))
    out = cells[published].drop(columns=["w", "w2", "wx"]).reset_index(drop=True)
    return out
