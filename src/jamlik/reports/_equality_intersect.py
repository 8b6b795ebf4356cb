"""Intersections: an indicator by two breakdowns at once, in the most and least
deprived areas (e.g. women born outside Europe in the most deprived fifth).

Observations of two breakdowns together are stored in a dimension whose code joins
the two with ``+`` (``kon+fodelseregion``, subgroups ``kvinnor+utanfor_europa``).
For the latest of the report's periods the table gives each combined group's value
in the municipality and, pooled over the areas of the most and least deprived fifths
of the population (the ranking of the life-expectancy decomposition), its value with
the interval of :func:`jamlik.stats.interval_policy` (Wilson from the pooled counts
for proportions; without counts a population-weighted mean without interval).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import aliased

from jamlik.store import Area, AreaVersion, Dimension, Observation, Period, Subgroup

from ._equality_decompose import CAUSE_DIMENSION, LEAST, MOST, _index, deprivation_groups

__all__ = ["collect_intersections"]


def _rows(engine: Engine, indicator_id: int, area_id: int, period: str) -> pd.DataFrame:
    parent = aliased(Area)
    query = (select(Dimension.code.label("dimension"), Dimension.name.label("dimension_name"),
                    Subgroup.code.label("subgroup"), Subgroup.name.label("name"),
                    Subgroup.sort_order, Area.id.label("area_id"), Area.code.label("area"),
                    AreaVersion.code.label("version"), Area.attributes, Observation.value,
                    Observation.lower, Observation.upper, Observation.numerator,
                    Observation.denominator, Observation.population)
             .join(Period, Period.id == Observation.period_id)
             .join(Subgroup, Subgroup.id == Observation.subgroup_id)
             .join(Dimension, Dimension.id == Subgroup.dimension_id)
             .join(Area, Area.id == Observation.area_id)
             .join(AreaVersion, AreaVersion.id == Area.version_id)
             .outerjoin(parent, parent.id == Area.parent_id)
             .where(Observation.indicator_id == indicator_id, Period.code == period,
                    Dimension.code.contains("+"), Dimension.code != CAUSE_DIMENSION,
                    Observation.superseded_by_batch_id.is_(None), Observation.suppressed.is_(False),
                    (Area.id == area_id) | (parent.id == area_id)))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all())


def _pooled(part: pd.DataFrame, kind: str, scale: float) -> tuple[float, float, float]:
    """Value and 95 % interval of the areas pooled: from the summed counts when every
    area has them, else the population-weighted mean (no interval)."""
    from jamlik.stats import interval_policy

    counts = part[["numerator", "denominator"]].notna().all(axis=1).all()
    if counts and kind in ("proportion", "rate") and part["denominator"].sum() > 0:
        x, n = float(part["numerator"].sum()), float(part["denominator"].sum())
        out = interval_policy([scale * x / n], numerator=[x], denominator=[n], kind=kind,
                              multiplier=scale).iloc[0]
        return float(out["value"]), float(out["lower"]), float(out["upper"])
    weights = part["population"].fillna(0).to_numpy(float)
    values = part["value"].to_numpy(float)
    keep = ~np.isnan(values)
    if not keep.any():
        return np.nan, np.nan, np.nan
    w = weights[keep] if weights[keep].sum() > 0 else np.ones(keep.sum())
    return float(np.average(values[keep], weights=w)), np.nan, np.nan


def collect_intersections(engine: Engine, indicator, area_id: int,
                          period: str) -> dict[str, Any] | None:
    """The combined groups of ``indicator`` in ``period``: per dimension with ``+`` a
    frame (``name``, city ``value/lower/upper``, ``most_*`` and ``least_*``), or None."""
    from jamlik.data import regso_area_types

    rows = _rows(engine, indicator.id, area_id, period)
    if rows.empty:
        return None
    types = regso_area_types()
    districts = rows[rows["area_id"] != area_id]
    areas = districts.drop_duplicates("area").set_index("area")
    index = pd.Series([_index(v, a, attrs, types) for a, v, attrs in zip(
        areas.index, areas["version"], areas["attributes"])], index=areas.index).dropna()
    people = districts.groupby("area")["population"].sum()
    groups = (deprivation_groups(index, people.reindex(index.index).fillna(0.0))
              if len(index) >= 2 else pd.Series(dtype=object))
    scale = float(indicator.scale or (100.0 if indicator.kind == "proportion" else 1.0))
    dimension = rows["dimension"].iloc[0]
    mine = rows[rows["dimension"] == dimension]
    out = []
    for (code, name, order), part in mine.groupby(["subgroup", "name", "sort_order"],
                                                  dropna=False, sort=False):
        city = part[part["area_id"] == area_id]
        value, lower, upper = (_pooled(city, indicator.kind, scale) if len(city)
                               else (np.nan, np.nan, np.nan))
        line = {"code": code, "name": name, "order": order, "value": value, "lower": lower,
                "upper": upper}
        for key in (MOST, LEAST):
            chosen = part[part["area"].map(groups) == key]
            value, lower, upper = (_pooled(chosen, indicator.kind, scale) if len(chosen)
                                   else (np.nan, np.nan, np.nan))
            line |= {f"{key}_value": value, f"{key}_lower": lower, f"{key}_upper": upper}
        out.append(line)
    frame = pd.DataFrame(out).sort_values(["order", "code"], na_position="last")
    return {"dimension": dimension, "dimension_name": rows["dimension_name"].iloc[0],
            "period": period, "table": frame.reset_index(drop=True),
            "areas": {g: int((groups == g).sum()) for g in (MOST, LEAST)},
            "ranked_by": ("stadens områdesindex" if any(
                (a or {}).get("area_index") is not None for a in areas["attributes"])
                else "SCB:s områdestyp 2022")}
