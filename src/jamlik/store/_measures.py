"""Gap measures and the store: the inputs as a WHO HEAT Plus table, and the
results saved as runs (history kept) and read back (newest run per key).

Two kinds of inequality are read from the observations of an indicator:

* between groups: for an area (the *setting*) and a dimension such as sex or
  region of birth, the subgroups are the dimension's subgroups;
* between areas: for an area with sub-areas (a city and its RegSO districts),
  the subgroups are the sub-areas (dimension ``omrade``, not ordered).

The setting average is the area's own value without breakdown, when stored.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, and_, func, select
from sqlalchemy.orm import aliased

from jamlik.heat import heat_rows
from jamlik.schema import TOTAL

from ._frames import query_frame
from ._models import (
    Area,
    AreaVersion,
    Dimension,
    Indicator,
    MeasureResult,
    MeasureRun,
    Observation,
    Period,
    Subgroup,
    utcnow,
)

__all__ = ["AREA_DIMENSION", "area_table", "heat_table", "save_measures", "current_measures"]

AREA_DIMENSION = "omrade"
_SEPARATOR = "|"
_HEAT_COLUMNS = (
    "setting", "date", "source", "indicator_abbr", "indicator_name", "dimension", "subgroup",
    "estimate", "se", "ci_lb", "ci_ub", "confidence", "population", "setting_average",
    "favourable_indicator", "indicator_scale", "ordered_dimension", "subgroup_order",
    "reference_subgroup",
)


def _observations(engine: Engine, indicators: list[str] | None) -> pd.DataFrame:
    parent = aliased(Area)
    parent_version = aliased(AreaVersion)
    query = (
        select(Indicator.code.label("indicator"), Indicator.name.label("indicator_name"),
               Indicator.polarity, Indicator.scale,
               AreaVersion.code.label("version"), Area.code.label("area"),
               parent_version.code.label("parent_version"), parent.code.label("parent"),
               Period.code.label("period"), Dimension.code.label("dimension"),
               Dimension.ordered, Subgroup.code.label("subgroup"), Subgroup.sort_order,
               Subgroup.is_reference, Observation.value, Observation.se, Observation.lower,
               Observation.upper, Observation.confidence, Observation.population,
               Observation.numerator, Observation.denominator, Observation.suppressed,
               Indicator.kind, Indicator.unit, Period.start_date, Period.end_date,
               Area.attributes.label("area_attributes"))
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Area, Area.id == Observation.area_id).join(AreaVersion)
        .join(parent, parent.id == Area.parent_id, isouter=True)
        .join(parent_version, parent_version.id == parent.version_id, isouter=True)
        .join(Period, Period.id == Observation.period_id)
        .join(Subgroup, Subgroup.id == Observation.subgroup_id)
        .join(Dimension, Dimension.id == Subgroup.dimension_id)
        .where(Observation.superseded_by_batch_id.is_(None))
    )
    if indicators:
        query = query.where(Indicator.code.in_(indicators))
    with engine.connect() as conn:
        return query_frame(conn, query)


def heat_table(
    engine: Engine, *, indicators: list[str] | None = None, settings: list[str] | None = None
) -> pd.DataFrame:
    """The stored observations as a WHO HEAT Plus table, for both kinds of inequality.

    ``setting`` is ``"VERSION|CODE"`` of the area, ``date`` the period code.
    ``settings`` limits the areas (codes, any version). ``se`` is the stored one; the
    stored interval comes as ``ci_lb``, ``ci_ub`` at its level ``confidence``, so that
    the caller derives a missing se with :func:`jamlik.stats.se_from_interval` (the
    store holds no numeric rules).
    """
    rows = _observations(engine, indicators)
    if rows.empty:
        return pd.DataFrame()
    # Suppressed and missing values stay as rows without an estimate: HEAT's 85 % rule
    # must count them (tillit: 26 of 147 districts suppressed → no measures).
    rows = rows.drop(columns=["area_attributes"]).rename(columns={
        "ordered": "dimension_ordered", "sort_order": "subgroup_order",
        "is_reference": "reference_subgroup"})
    rows["setting"] = rows["version"] + _SEPARATOR + rows["area"]
    # between areas: a setting's sub-areas are the subgroups of dimension omrade
    areas = rows[(rows["dimension"] == TOTAL) & rows["parent"].notna()].assign(
        subgroup=lambda f: f["setting"],  # the sub-area's own key (before setting changes)
        setting=lambda f: f["parent_version"] + _SEPARATOR + f["parent"],
        dimension=AREA_DIMENSION, dimension_ordered=False, subgroup_order=np.nan,
        reference_subgroup=False)
    # a setting needs at least two sub-areas to have a gap between them
    counts = areas.groupby(["indicator", "setting", "period"])["subgroup"].transform("size")
    table = pd.concat([rows, areas[counts >= 2]], ignore_index=True)
    if settings:
        table = table[table["setting"].str.split(_SEPARATOR).str[1].isin(settings)]
    heat = heat_rows(table, setting=table["setting"], source="jamlik", labels="codes")
    return heat[list(_HEAT_COLUMNS)]


def area_table(
    engine: Engine, *, indicators: list[str] | None = None, settings: list[str] | None = None
) -> pd.DataFrame:
    """The sub-areas' values without breakdown, per setting (parent area), for gaps
    between areas: one row per indicator, setting, period and sub-area, suppressed
    rows included (value empty), with counts, population, the indicator's polarity,
    kind, unit and scale, the period's dates and the sub-area's ``area_attributes``.
    """
    rows = _observations(engine, indicators)
    if rows.empty:
        return pd.DataFrame()
    rows = rows[(rows["dimension"] == "total") & rows["parent"].notna()].copy()
    rows["setting"] = rows["parent_version"] + _SEPARATOR + rows["parent"]
    if settings:
        rows = rows[rows["parent"].isin(settings)]
    for column in ("value", "se", "lower", "upper", "confidence", "population", "numerator",
                   "denominator", "scale"):
        rows[column] = pd.to_numeric(rows[column], errors="coerce").astype(float)
    return rows.drop(columns=["dimension", "subgroup", "ordered", "sort_order", "is_reference",
                              "parent_version", "parent"]).reset_index(drop=True)


def save_measures(engine: Engine, results: pd.DataFrame, *, parameters: dict) -> int:
    """Save the results of :func:`jamlik.stats.summary_measures` on :func:`heat_table`
    as one run; return the run's id."""
    with engine.begin() as conn:
        run_id = conn.execute(MeasureRun.__table__.insert().values(
            computed_at=utcnow(), parameters=parameters)).inserted_primary_key[0]
        if results.empty:
            return run_id
        indicators = dict(conn.execute(select(Indicator.code, Indicator.id)).all())
        periods = dict(conn.execute(select(Period.code, Period.id)).all())
        areas = {f"{version}{_SEPARATOR}{code}": area_id for area_id, version, code in
                 conn.execute(select(Area.id, AreaVersion.code, Area.code).join(AreaVersion))}
        rows = pd.DataFrame({
            "run_id": run_id,
            "indicator_id": results["indicator_abbr"].map(indicators),
            "area_id": results["setting"].map(areas),
            "period_id": results["date"].astype(str).map(periods),
            "dimension_code": results["dimension"],
            "measure": results["measure"],
            **{c: results[c].astype(float) for c in ("value", "se", "lower", "upper", "confidence")},
            "method": results["method"], "reason": results["reason"],
            **{c: results[c] if c in results.columns else None for c in ("ranked_by", "unit")},
        })
        records = rows.astype(object).where(rows.notna(), None).to_dict(orient="records")
        conn.execute(MeasureResult.__table__.insert(), records)
        return run_id


def current_measures(
    bind: Engine | Connection,
    *,
    indicators: list[str] | None = None,
    indicator_ids: Sequence[int] | None = None,
    area_ids: Sequence[int] | None = None,
    measures: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The newest saved value of every measure, with readable keys and the ids.

    ``bind`` is an engine or an open connection; the filters are optional.
    """
    key = (MeasureResult.indicator_id, MeasureResult.area_id, MeasureResult.period_id,
           MeasureResult.dimension_code, MeasureResult.measure)
    newest = select(func.max(MeasureResult.run_id).label("run_id"), *key)
    if indicator_ids is not None:
        newest = newest.where(MeasureResult.indicator_id.in_(list(indicator_ids)))
    if area_ids is not None:
        newest = newest.where(MeasureResult.area_id.in_(list(area_ids)))
    if measures is not None:
        newest = newest.where(MeasureResult.measure.in_(list(measures)))
    newest = newest.group_by(*key).subquery()
    query = (
        select(Indicator.code.label("indicator"), MeasureResult.indicator_id,
               AreaVersion.code.label("area_version"), Area.code.label("area_code"),
               Area.name.label("area_name"), MeasureResult.area_id,
               Period.code.label("period"), Period.start_date, Period.end_date,
               MeasureResult.dimension_code.label("dimension"), MeasureResult.measure,
               MeasureResult.value, MeasureResult.se, MeasureResult.lower, MeasureResult.upper,
               MeasureResult.confidence, MeasureResult.method, MeasureResult.reason,
               MeasureResult.ranked_by, MeasureResult.unit, MeasureResult.run_id)
        .join(newest, and_(MeasureResult.run_id == newest.c.run_id,
                           *(column == newest.c[column.key] for column in key)))
        .join(Indicator, Indicator.id == MeasureResult.indicator_id)
        .join(Area, Area.id == MeasureResult.area_id).join(AreaVersion)
        .join(Period, Period.id == MeasureResult.period_id)
    )
    if indicators:
        query = query.where(Indicator.code.in_(indicators))
    if isinstance(bind, Connection):
        frame = query_frame(bind, query)
    else:
        with bind.connect() as conn:
            frame = query_frame(conn, query)
    for column in ("value", "se", "lower", "upper", "confidence"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame.sort_values(["indicator", "area_version", "area_code", "dimension", "measure",
                              "start_date", "end_date"]).reset_index(drop=True)
