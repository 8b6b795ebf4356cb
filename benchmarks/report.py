"""Annual summary benchmark: a programme with 30 strategies, 500 activities and 3 cycles.

Builds the store in a temporary SQLite file (the programme, 40 organisations, one
plan, 8 indicators with ten years of stored gap measures, three follow-up cycles
with a reported status for most activities), then times the annual summary of
the newest cycle in each format: reading the store, then HTML, PDF and Word.

    .venv/bin/python benchmarks/report.py [--activities 500] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlalchemy import select

UTC = dt.timezone.utc
STATUSES = ["not_started", "ongoing", "ongoing", "ongoing", "completed", "paused", "cancelled"]
GOALS = ["good", "some", "some", "none", None]


def build(engine, activities: int, rng: np.random.Generator) -> int:
    from jamlik.program import close_cycle, import_programme, import_structure, open_cycle
    from jamlik.store._models import (
        Area, AreaVersion, Indicator, IndicatorTargetArea, MeasureResult, MeasureRun, Period,
        TargetArea,
    )
    from jamlik.store._programme import StatusReport, StatusReportVersion

    tree = {"id": "bench", "name": "Benchstads program för en jämlik stad 2022–2030",
            "period": {"start": 2022, "end": 2030}, "goal": "Skillnaderna ska minska.",
            "preconditions": ["Ett långsiktigt fokus"],
            "target_areas": [{"id": f"MO{t}", "name": f"Målområde nummer {t}", "strategies": [
                {"id": f"MO{t}.{s}", "name": f"Strategi {s} inom målområde {t}"}
                for s in range(1, 7)]} for t in range(1, 6)]}
    programme_id = import_programme(engine, tree).programme_id
    strategies = [f"MO{t}.{s}" for t in range(1, 6) for s in range(1, 7)]
    organisations = [{"id": f"org{i}", "name": f"Nämnd {i}", "kind": "board",
                      "contacts": [{"name": f"Kontakt {i}", "role": "utvecklingsledare"}]}
                     for i in range(40)]
    with engine.begin() as conn:
        version = conn.execute(AreaVersion.__table__.insert().values(
            code="Kommun_2025", name="Kommuner", level="kommun")).inserted_primary_key[0]
        area = conn.execute(Area.__table__.insert().values(
            version_id=version, code="9999", name="Benchstad", attributes={})
        ).inserted_primary_key[0]
        indicators = [conn.execute(Indicator.__table__.insert().values(
            code=f"ind{i}", name=f"Indikator {i}", unit="procent", is_example=True,
            attributes={})).inserted_primary_key[0] for i in range(8)]
        targets = dict(conn.execute(select(TargetArea.code, TargetArea.id)).all())
        for i, indicator in enumerate(indicators):
            conn.execute(IndicatorTargetArea.__table__.insert().values(
                indicator_id=indicator, target_area_id=targets[f"MO{i % 5 + 1}"]))
        periods = [conn.execute(Period.__table__.insert().values(
            code=str(y), kind="year", start_date=dt.date(y, 1, 1), end_date=dt.date(y, 12, 31))
        ).inserted_primary_key[0] for y in range(2015, 2025)]
        run = conn.execute(MeasureRun.__table__.insert().values(parameters={})
                           ).inserted_primary_key[0]
        rows = [dict(run_id=run, indicator_id=i, area_id=area, period_id=p, dimension_code=d,
                     measure=m, value=v, se=0.5, lower=v - 1, upper=v + 1, confidence=0.95)
                for i in indicators for p in periods for d in ("kon", "fodelseregion", "omrade")
                for m in ("D", "R") for v in [float(rng.uniform(1, 20))]]
        conn.execute(MeasureResult.__table__.insert(), rows)
    plan = [{"id": f"A{i:03d}", "name": f"Aktivitet {i} för en mer jämlik stad",
             "owners": [f"org{i % 40}"],
             "strategies": list(rng.choice(strategies, size=2, replace=False)),
             "indicators": [f"ind{i % 8}"], "period": {"start": 2022, "end": 2030},
             "plan_part": "Verksamhet och samverkan"} for i in range(activities)]
    import_structure(engine, {"programme": "bench", "organisations": organisations,
                              "plans": [{"id": "plan", "name": "Plan", "activities": plan}]})
    cycle_ids = []
    for year in (2022, 2023, 2024):
        cycle = open_cycle(engine, year=year, author="bench",
                           at=dt.datetime(year + 1, 1, 10, tzinfo=UTC))
        with engine.begin() as conn:
            reports = conn.execute(select(StatusReport.id).where(
                StatusReport.cycle_id == cycle.id)).scalars().all()
            versions = [dict(report_id=r, version=1, action="submit",
                             state=str(rng.choice(["submitted", "reviewed"])),
                             status=str(rng.choice(STATUSES)),
                             progress=int(rng.integers(0, 101)), goal_attainment=rng.choice(GOALS),
                             narrative="Arbetet har fortsatt under året enligt planen.",
                             examples=[{"quote": "Ett citat ur årsrapporten.",
                                        "document": "Nämnd, Årsrapport", "page": "12",
                                        "link": None}] if rng.random() < 0.3 else [],
                             evidence_links=[], author="bench",
                             created_at=dt.datetime(year + 1, 2, 1, tzinfo=UTC))
                        for r in reports if rng.random() < 0.9]
            conn.execute(StatusReportVersion.__table__.insert(), versions)
        if year < 2024:
            close_cycle(engine, cycle.id, author="bench")
        cycle_ids.append(cycle.id)
    return cycle_ids[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="write the reports into this folder")
    args = parser.parse_args()
    from jamlik.reports import collect, render_annual
    from jamlik.store import connect

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        engine = connect(f"sqlite:///{Path(tmp) / 'bench.db'}")
        started = time.perf_counter()
        cycle_id = build(engine, args.activities, np.random.default_rng(2018))
        print(f"store built: 30 strategies, {args.activities} activities, 3 cycles "
              f"({time.perf_counter() - started:.1f} s)")
        started = time.perf_counter()
        data = collect(engine, cycle_id=cycle_id)
        print(f"read (collect): {time.perf_counter() - started:6.2f} s")
        for fmt in ("html", "pdf", "docx"):
            started = time.perf_counter()
            path = render_annual(data, fmt, folder / f"arsbokslut.{fmt}")
            print(f"{fmt:>4}: {time.perf_counter() - started:6.2f} s  "
                  f"({path.stat().st_size / 1e6:.1f} MB)")
        engine.dispose()


if __name__ == "__main__":
    main()
