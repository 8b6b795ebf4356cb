"""Read-only queries behind the pages."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from jamlik.store._models import (
    Area,
    AreaVersion,
    Dimension,
    Indicator,
    IndicatorTargetArea,
    Observation,
    Period,
    Precondition,
    Programme,
    Strategy,
    Subgroup,
    TargetArea,
)


def overview(engine: Engine) -> dict:
    with engine.connect() as conn:
        counts = dict(conn.execute(
            select(Observation.indicator_id, func.count())
            .where(Observation.superseded_by_batch_id.is_(None))
            .group_by(Observation.indicator_id)).all())
        indicators = [dict(row._mapping, observations=counts.get(row.id, 0)) for row in
                      conn.execute(select(Indicator).order_by(Indicator.name))]
        versions = [dict(row._mapping) for row in conn.execute(
            select(AreaVersion.code, AreaVersion.name, AreaVersion.attribution,
                   func.count(Area.id).label("areas"))
            .join(Area, Area.version_id == AreaVersion.id, isouter=True)
            .group_by(AreaVersion.id).order_by(AreaVersion.id))]
        programme = conn.execute(select(Programme).order_by(Programme.id)).first()
        targets = []
        preconditions = []
        if programme is not None:
            preconditions = conn.execute(select(Precondition.name).where(
                Precondition.programme_id == programme.id).order_by(Precondition.sort_order)
            ).scalars().all()
            for target in conn.execute(select(TargetArea).where(
                    TargetArea.programme_id == programme.id).order_by(TargetArea.sort_order)):
                strategies = conn.execute(select(Strategy.code, Strategy.name).where(
                    Strategy.target_area_id == target.id).order_by(Strategy.sort_order)).all()
                linked = conn.execute(select(Indicator.code, Indicator.name).join(
                    IndicatorTargetArea, IndicatorTargetArea.indicator_id == Indicator.id).where(
                    IndicatorTargetArea.target_area_id == target.id)).all()
                targets.append({"code": target.code, "name": target.name,
                                "strategies": strategies, "indicators": linked})
    return {"indicators": indicators, "versions": versions, "programme": programme,
            "targets": targets, "preconditions": preconditions}


def indicator_table(engine: Engine, code: str, version: str | None) -> dict | None:
    """Latest value of an indicator per area (no breakdown), for one area version."""
    with engine.connect() as conn:
        indicator = conn.execute(select(Indicator).where(Indicator.code == code)).first()
        if indicator is None:
            return None
        base = (select(AreaVersion.code).join(Area, Area.version_id == AreaVersion.id)
                .join(Observation, Observation.area_id == Area.id)
                .where(Observation.indicator_id == indicator.id).distinct())
        versions = conn.execute(base).scalars().all()
        version = version if version in versions else (versions[0] if versions else None)
        latest = conn.execute(
            select(Period.code).join(Observation, Observation.period_id == Period.id)
            .join(Area, Area.id == Observation.area_id).join(AreaVersion)
            .where(Observation.indicator_id == indicator.id, AreaVersion.code == version)
            .order_by(Period.end_date.desc(), Period.start_date.desc()).limit(1)).scalar()
        rows = conn.execute(
            select(Area.code, Area.name, Observation.value, Observation.lower, Observation.upper,
                   Observation.se, Observation.suppressed, Observation.suppression_reason)
            .join(Observation, Observation.area_id == Area.id)
            .join(AreaVersion).join(Period, Period.id == Observation.period_id)
            .join(Subgroup, Subgroup.id == Observation.subgroup_id)
            .join(Dimension, Dimension.id == Subgroup.dimension_id)
            .where(Observation.indicator_id == indicator.id, AreaVersion.code == version,
                   Period.code == latest, Dimension.code == "total",
                   Observation.superseded_by_batch_id.is_(None))
            .order_by(Observation.value.desc())).all()
    return {"indicator": indicator, "versions": versions, "version": version,
            "period": latest, "rows": rows}
