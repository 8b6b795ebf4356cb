"""Maps of the municipality's areas for the equality report.

One map per indicator of a target area: each area's value (all groups together) in
the latest of the report's periods, drawn from the areas' stored GeoJSON, fitted to
where people live (:func:`jamlik.place.populated_extent`, the same rule as the web
app's maps: the sparsely peopled archipelago does not shrink the city into a
corner), rendered offline to PNG at twice its size for print, with alt text naming
the highest and lowest areas and a numbered caption.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from jamlik.schema import TOTAL
from jamlik.store import Area, Observation, Period, Subgroup

__all__ = ["area_geometries", "map_values"]


def area_geometries(engine: Engine, area_id: int) -> dict[str, tuple[str, dict]]:
    """``{code: (name, GeoJSON geometry)}`` of the municipality's areas with a shape."""
    query = select(Area.code, Area.name, Area.geometry).where(
        Area.parent_id == area_id, Area.geometry.is_not(None))
    with engine.connect() as conn:
        return {row.code: (row.name, row.geometry) for row in conn.execute(query)}


def map_values(engine: Engine, indicator_id: int, area_id: int, period: str) -> pd.DataFrame:
    """Each of the municipality's areas' value and population in ``period`` (total)."""
    query = (select(Area.code, Observation.value, Observation.population)
             .join(Observation, Observation.area_id == Area.id)
             .join(Period, Period.id == Observation.period_id)
             .join(Subgroup, Subgroup.id == Observation.subgroup_id)
             .where(Area.parent_id == area_id, Observation.indicator_id == indicator_id,
                    Period.code == period, Subgroup.code == TOTAL,
                    Observation.superseded_by_batch_id.is_(None)))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).all(), columns=["code", "value", "population"])


def map_spec(geometries: dict[str, tuple[str, dict]], values: pd.DataFrame, *,
             title: str, lang: str, example: bool) -> dict[str, Any] | None:
    """The Vega-Lite spec of one map, or None without two areas with values and shapes."""
    from jamlik.place import populated_extent

    from ._equality_charts import area_map

    known = values.dropna(subset=["value"])
    known = known[known["code"].isin(geometries)]
    if len(known) < 2:
        return None
    value = dict(zip(known["code"], known["value"]))
    features = [{"type": "Feature", "geometry": shape,
                 "properties": {"name": name, "value": value.get(code)}}
                for code, (name, shape) in geometries.items()]
    people = dict(zip(values["code"], values["population"]))
    fit = populated_extent({code: shape for code, (_, shape) in geometries.items()}, people)
    return area_map(features, title=title, lang=lang, example=example, fit=fit)
