"""A small follow-up world for tests: a programme with two target areas, organisations
in a hierarchy, a plan with five activities, two indicators and (optionally) stored
gap measures. Shared by tests/program and tests/reports."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from jamlik.program import import_programme, import_structure
from jamlik.store._models import (
    Area, AreaVersion, Indicator, IndicatorTargetArea, MeasureResult, MeasureRun, Period,
    TargetArea,
)

PROGRAMME = {
    "id": "testprogram", "name": "Testkommuns program för en jämlik stad 2020–2026",
    "owner": "Kommunstyrelsen", "adopted": "2020-01", "period": {"start": 2020, "end": 2026},
    "goal": "Skillnaderna i livsvillkor och hälsa ska minska.",
    "preconditions": ["Ett långsiktigt fokus", "Samverkan över gränser"],
    "target_areas": [
        {"id": "MO1", "name": "God start i livet", "strategies": [
            {"id": "MO1.1", "name": "Tidiga insatser"},
            {"id": "MO1.2", "name": "Språkutveckling"}]},
        {"id": "MO2", "name": "Förutsättningar för arbete", "strategies": [
            {"id": "MO2.1", "name": "Första steget in på arbetsmarknaden"}]},
    ],
}

STRUCTURE = {
    "programme": "testprogram",
    "organisations": [
        {"id": "kn", "name": "Kulturnämnden", "kind": "nämnd"},
        {"id": "kf", "name": "Kulturförvaltningen", "kind": "förvaltning", "parent": "kn",
         "contacts": [{"name": "Sara Lindqvist", "role": "bibliotekschef"}]},
        {"id": "fsn", "name": "Förskolenämnden", "kind": "board",
         "contacts": [{"name": "Amina Yusuf", "role": "verksamhetsutvecklare"}]},
        {"id": "poseidon", "name": "Bostads AB Poseidon", "kind": "bolag"},
        {"id": "vgr", "name": "Västra Götalandsregionen", "kind": "extern part"},
    ],
    "plans": [{"id": "plan-1", "name": "Plan 2020–2026", "period": {"start": 2020, "end": 2026},
               "activities": [
        {"id": "A1", "name": "Bokstart", "owners": ["kf"], "partners": ["vgr"],
         "period": {"start": 2020, "end": 2026}, "strategies": ["MO1.2"],
         "indicators": ["behorighet"], "budget": 2400000, "plan_part": "Verksamhet och samverkan",
         "tags": ["läsning"]},
        {"id": "A2", "name": "Kapprumsbibliotek", "owners": ["fsn"], "partners": ["kn"],
         "period": {"start": 2020, "end": 2026}, "strategies": ["MO1.2", "MO1.1"]},
        {"id": "A3", "name": "Familjecentral", "owners": ["fsn"],
         "period": {"start": 2020, "end": 2023}, "strategies": ["MO1.1"]},
        {"id": "A4", "name": "Lärlingsplatser", "owners": ["poseidon"],
         "period": {"start": 2024}, "strategies": ["MO2.1"], "indicators": ["sysselsattning"]},
        {"id": "A5", "name": "Sommarjobb", "owners": ["kf", "poseidon"],
         "period": {"start": 2021, "end": 2026}, "strategies": ["MO2.1"]},
    ]}],
}


def add_indicators(engine) -> dict[str, int]:
    """Two indicators, linked to MO1 and MO2; returns code → id."""
    with engine.begin() as conn:
        ids = {}
        for code, name, unit in (("behorighet", "Behörighet till gymnasiet", "procent"),
                                 ("sysselsattning", "Sysselsättning 20–64 år", "procent")):
            ids[code] = conn.execute(Indicator.__table__.insert().values(
                code=code, name=name, name_en=f"{name} (en)", unit=unit, is_example=False,
                attributes={})).inserted_primary_key[0]
        targets = dict(conn.execute(select(TargetArea.code, TargetArea.id)).all())
        for code, target in (("behorighet", "MO1"), ("sysselsattning", "MO2")):
            conn.execute(IndicatorTargetArea.__table__.insert().values(
                indicator_id=ids[code], target_area_id=targets[target]))
    return ids


def build_world(engine) -> dict:
    """Store the programme, structure and indicators; return their ids."""
    programme = import_programme(engine, PROGRAMME)
    indicators = add_indicators(engine)
    import_structure(engine, STRUCTURE)
    return {"programme_id": programme.programme_id, "indicators": indicators}


def add_measures(engine, indicator_id: int, rows, *, run_at=None) -> int:
    """Store one measure run for Testkommun (code 9999): rows of
    (period code, start year, end year, dimension, measure, value, se)."""
    with engine.begin() as conn:
        version = conn.execute(select(AreaVersion.id).where(AreaVersion.code == "Kommun_test")
                               ).scalar()
        if version is None:
            version = conn.execute(AreaVersion.__table__.insert().values(
                code="Kommun_test", name="Kommuner", level="kommun")).inserted_primary_key[0]
            conn.execute(Area.__table__.insert().values(
                version_id=version, code="9999", name="Testkommun", attributes={}))
        area_id = conn.execute(select(Area.id).where(Area.code == "9999")).scalar()
        run_id = conn.execute(MeasureRun.__table__.insert().values(
            computed_at=run_at or dt.datetime.now(dt.timezone.utc), parameters={})
        ).inserted_primary_key[0]
        for period, start, end, dimension, measure, value, se in rows:
            period_id = conn.execute(select(Period.id).where(Period.code == period)).scalar()
            if period_id is None:
                period_id = conn.execute(Period.__table__.insert().values(
                    code=period, kind="year" if start == end else "span",
                    start_date=dt.date(start, 1, 1), end_date=dt.date(end, 12, 31))
                ).inserted_primary_key[0]
            conn.execute(MeasureResult.__table__.insert().values(
                run_id=run_id, indicator_id=indicator_id, area_id=area_id, period_id=period_id,
                dimension_code=dimension, measure=measure, value=value, se=se,
                lower=None if value is None else value - 1.96 * se,
                upper=None if value is None else value + 1.96 * se, confidence=0.95))
    return run_id
