"""What drives the life-expectancy gap: the equality report's Arriaga decomposition.

Where the store holds deaths (numerator) and person-years (denominator) by age band
for the municipality's areas (dimension ``alder``; by age and cause of death,
dimension ``alder+dodsorsak`` with subgroups ``AGE+CAUSE``), the areas are ranked by
the same socioeconomic ranking as the gap between areas (the area's own
``area_index`` attribute, else Statistics Sweden's områdestyp of its RegSO area),
the most and least deprived fifths of the population are pooled, both get a
Chiang II life table, and the gap e_0(least) − e_0(most) is decomposed by age band
(and cause) with :func:`jamlik.stats.decompose_life_expectancy_gap`, as England's
Segment Tool decomposes the gap between deprivation quintiles (OHID, Segment Tool
technical document).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select

from jamlik.errors import ArgumentError
from jamlik.store import Area, AreaVersion, Dimension, Indicator, Observation, Period, Subgroup

__all__ = ["AGE_DIMENSION", "CAUSE_DIMENSION", "collect_decomposition", "deprivation_groups"]

AGE_DIMENSION = "alder"
CAUSE_DIMENSION = "alder+dodsorsak"
SHARE = 0.2  # a fifth of the population at each end, as the Segment Tool's quintiles
MOST, LEAST = "most", "least"


def _rows(engine: Engine, area_id: int) -> pd.DataFrame:
    query = (select(Period.code.label("period"), Period.end_date, Dimension.code.label("dimension"),
                    Subgroup.code.label("subgroup"), Area.code.label("area"),
                    AreaVersion.code.label("version"), Area.attributes,
                    Observation.numerator.label("deaths"),
                    Observation.denominator.label("population"))
             .join(Period, Period.id == Observation.period_id)
             .join(Subgroup, Subgroup.id == Observation.subgroup_id)
             .join(Dimension, Dimension.id == Subgroup.dimension_id)
             .join(Area, Area.id == Observation.area_id)
             .join(AreaVersion, AreaVersion.id == Area.version_id)
             .join(Indicator, Indicator.id == Observation.indicator_id)
             # deaths per person-years: a rate (a survey by age group is no life table)
             .where(Area.parent_id == area_id, Observation.superseded_by_batch_id.is_(None),
                    Indicator.kind == "rate",
                    Dimension.code.in_([AGE_DIMENSION, CAUSE_DIMENSION]),
                    Observation.numerator.is_not(None), Observation.denominator > 0))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(),
                            columns=["period", "end_date", "dimension", "subgroup", "area",
                                     "version", "attributes", "deaths", "population"])


def _index(version: str, code: str, attributes: dict | None, types: dict) -> float:
    """The area's socioeconomic rank value (lower = more deprived), as the area gaps."""
    own = (attributes or {}).get("area_index")
    if own is not None:
        return float(own)
    return float(types[code]) if version == "RegSO_2025" and code in types else np.nan


def deprivation_groups(index: pd.Series, population: pd.Series,
                       share: float = SHARE) -> pd.Series:
    """``"most"``/``"least"`` deprived (or None) per area.

    At each end of the ranking by ``index`` (lower = more deprived) the group holds
    the areas up to the last index value at which the cumulated population is still at
    most ``share`` of the total, and at least the areas of the extreme value: areas
    tied on the index (Statistics Sweden's five area types) are never split, and a
    group is never made larger than a fifth just to reach one.
    """
    total = float(population.loc[index.index].sum())
    by_value = population.loc[index.index].groupby(index).sum().sort_index() / total

    def cutoff(shares: pd.Series) -> float:
        within = shares.index[shares.cumsum().to_numpy() <= share + 1e-12]
        return float(within[-1] if len(within) else shares.index[0])

    low, high = cutoff(by_value), cutoff(by_value.iloc[::-1])
    out = pd.Series(None, index=index.index, dtype=object)
    out[index <= low] = MOST
    out[(index >= high) & out.isna()] = LEAST
    return out


def _age_from(code: str) -> int:
    return int(str(code).split("+")[0].split("-")[0].split("–")[0])


def collect_decomposition(engine: Engine, area_id: int) -> dict[str, Any] | None:
    """The decomposition of the latest period with deaths by age, or None without them.

    Returns a dict with ``period``, ``table`` (the rows of
    :func:`jamlik.stats.decompose_life_expectancy_gap`), ``by_cause`` (bool),
    ``areas`` (number of areas in the most and least deprived groups) and
    ``ranked_by``; or ``{"reason": ...}`` when the data cannot be decomposed.
    """
    from jamlik.data import regso_area_types
    from jamlik.stats import decompose_life_expectancy_gap

    rows = _rows(engine, area_id)
    if rows.empty:
        return None
    by_cause = (rows["dimension"] == CAUSE_DIMENSION).any()
    rows = rows[rows["dimension"] == (CAUSE_DIMENSION if by_cause else AGE_DIMENSION)]
    rows = rows[rows["end_date"] == rows["end_date"].max()].copy()
    types = regso_area_types()
    areas = rows.drop_duplicates("area").set_index("area")
    index = pd.Series([_index(v, a, attrs, types) for a, v, attrs in zip(
        areas.index, areas["version"], areas["attributes"])], index=areas.index).dropna()
    ranked_by = ("stadens områdesindex" if any((a or {}).get("area_index") is not None
                                              for a in areas["attributes"])
                 else "SCB:s områdestyp 2022")
    if len(index) < 2:
        return {"reason": "områdena saknar socioekonomisk rangordning", "period": None}
    if by_cause:
        parts = rows["subgroup"].str.split("+", n=1, expand=True)
        rows["age_from"], rows["cause"] = parts[0].map(_age_from), parts[1]
    else:
        rows["age_from"], rows["cause"] = rows["subgroup"].map(_age_from), None
    people = rows.drop_duplicates(["area", "age_from"]).groupby("area")["population"].sum()
    groups = deprivation_groups(index, people.loc[index.index])
    rows["group"] = rows["area"].map(groups)
    rows = rows[rows["group"].notna()]
    keys = ["group", "age_from"] + (["cause"] if by_cause else [])
    pooled = rows.groupby(keys, as_index=False)[["deaths", "population"]].sum()
    open_band = int(pooled["age_from"].max())
    try:
        table = decompose_life_expectancy_gap(
            pooled, reference=MOST, comparison=LEAST, cause="cause" if by_cause else None,
            open_band=open_band)
    except ArgumentError as error:
        return {"reason": str(error), "period": rows["period"].iloc[0]}
    return {"period": rows["period"].iloc[0], "table": table, "by_cause": bool(by_cause),
            "areas": {g: int((groups == g).sum()) for g in (MOST, LEAST)},
            "people": {g: float(people.loc[groups.index[groups == g]].sum())
                       for g in (MOST, LEAST)},
            "ranked_by": ranked_by, "reason": None}
