"""Reading observations back out of the store as a tidy table."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import aliased

from jamlik.schema import COLUMNS

from ._frames import query_frame
from ._models import Area, AreaVersion, Dimension, Indicator, Observation, Period, Subgroup

__all__ = ["export_frame"]


def export_frame(
    engine: Engine,
    *,
    indicators: list[str] | None = None,
    history: bool = False,
) -> pd.DataFrame:
    """Return the store's observations as a tidy table (the import format).

    Only current values by default; with ``history`` superseded ones too, with
    the columns ``batch_id`` and ``superseded_by_batch_id`` added. Rows are sorted
    by their key, so two stores with the same content give the same table.
    """
    level = aliased(AreaVersion)
    query = (
        select(
            Indicator.code.label("indicator"), Indicator.name.label("indicator_name"),
            Indicator.name_en.label("indicator_name_en"), Indicator.unit, Indicator.scale,
            Indicator.polarity, Indicator.kind, Indicator.source.label("indicator_source"),
            Area.code.label("area_code"), Area.name.label("area_name"),
            level.code.label("area_version"), level.level.label("area_level"),
            Period.code.label("period"),
            Dimension.code.label("dimension"), Dimension.name.label("dimension_name"),
            Dimension.ordered.label("dimension_ordered"),
            Subgroup.code.label("subgroup"), Subgroup.name.label("subgroup_name"),
            Subgroup.sort_order.label("subgroup_order"),
            Subgroup.is_reference.label("reference_subgroup"),
            Observation.value, Observation.numerator, Observation.denominator, Observation.se,
            Observation.lower, Observation.upper, Observation.confidence, Observation.population,
            Observation.suppressed, Observation.suppression_reason, Observation.flag,
            Observation.source_note.label("source"), Observation.open_age_band,
            Observation.batch_id, Observation.superseded_by_batch_id,
        )
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Area, Area.id == Observation.area_id)
        .join(level, level.id == Area.version_id)
        .join(Period, Period.id == Observation.period_id)
        .join(Subgroup, Subgroup.id == Observation.subgroup_id)
        .join(Dimension, Dimension.id == Subgroup.dimension_id)
    )
    if not history:
        query = query.where(Observation.superseded_by_batch_id.is_(None))
    if indicators:
        query = query.where(Indicator.code.in_(indicators))
    with engine.connect() as conn:
        frame = query_frame(conn, query)
    for column in COLUMNS:
        if column.type == "number":
            frame[column.name] = frame[column.name].astype(float)
        elif column.type == "integer":
            frame[column.name] = frame[column.name].astype("Int64")
        elif column.type == "boolean":
            frame[column.name] = frame[column.name].astype("boolean")
        else:
            frame[column.name] = frame[column.name].astype(object).where(
                frame[column.name].notna(), None)
    keys = ["indicator", "area_version", "area_code", "period", "dimension", "subgroup"]
    order = keys + (["batch_id"] if history else [])
    frame = frame.sort_values(order, kind="stable").reset_index(drop=True)
    columns = [c.name for c in COLUMNS]
    if history:
        columns += ["batch_id", "superseded_by_batch_id"]
    return frame[columns]


