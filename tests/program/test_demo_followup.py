"""The demo's example follow-up content (exempeldata), without building the whole demo."""

from __future__ import annotations

from importlib import resources

import numpy as np
from sqlalchemy import func, select

from jamlik.demo._build import DEMO_SEED
from jamlik.demo._followup import LATE, load_demo_followup
from jamlik.program import cycle_status, list_cycles, load_programme, read_programme
from jamlik.store._models import Indicator
from jamlik.store._programme import (
    Activity, Commission, FollowupCycle, Organisation, Plan, StatusReportVersion,
)

GOTEBORG = str(resources.files("jamlik.data").joinpath("program-goteborg-2018-2026.yaml"))
CODES = ("medellivslangd", "gymnasiebehorighet", "forvarvsarbete", "ekonomiskt_bistand",
         "valdeltagande", "trangboddhet", "tillit")


def prepare(engine) -> int:
    programme_id = load_programme(engine, read_programme(GOTEBORG))
    with engine.begin() as conn:
        for code in CODES:
            conn.execute(Indicator.__table__.insert().values(
                code=code, name=f"{code} (exempeldata)", is_example=True, attributes={}))
    return programme_id


def contents(engine):
    with engine.connect() as conn:
        return conn.execute(select(
            StatusReportVersion.report_id, StatusReportVersion.version,
            StatusReportVersion.state, StatusReportVersion.status,
            StatusReportVersion.progress, StatusReportVersion.goal_attainment,
            StatusReportVersion.narrative, StatusReportVersion.author,
            StatusReportVersion.created_at).order_by(StatusReportVersion.id)).all()


def test_demo_follow_up_is_realistic_labelled_and_loaded_once(store, make_second_store):
    programme_id = prepare(store)
    summary = load_demo_followup(store, programme_id, rng=np.random.default_rng(DEMO_SEED))
    assert summary["plans"] == 2 and summary["activities"] == 30
    with store.connect() as conn:
        names = set(conn.execute(select(Organisation.name)).scalars())
        assert {"Förskolenämnden", "Grundskolenämnden", "Socialnämnden Nordost",
                "Bostads AB Poseidon", "Kulturnämnden"} <= names
        assert all(conn.execute(select(Organisation.is_example)).scalars())
        assert all(conn.execute(select(Activity.is_example)).scalars())
        assert all(conn.execute(select(Plan.is_example)).scalars())
        assert all(conn.execute(select(Commission.is_example)).scalars())
        assert all(conn.execute(select(FollowupCycle.is_example)).scalars())
        activities = set(conn.execute(select(Activity.name)).scalars())
    assert any(name.startswith("Bokstart") for name in activities)
    assert any(name.startswith("Familjecentral") for name in activities)
    closed, open_ = list_cycles(store)
    assert (closed.name, closed.status, open_.name, open_.status) == (
        "Årsuppföljning 2024", "closed", "Årsuppföljning 2025", "open")
    _, progress = cycle_status(store, closed.id)
    assert all(p.states == {"reviewed": p.reports} for p in progress)
    _, progress = cycle_status(store, open_.id)
    late = {p.code for p in progress if not p.done}
    assert LATE <= late and "kn" not in late
    assert load_demo_followup(store, programme_id, rng=np.random.default_rng(1)) == {
        "already_loaded": True, "cycles": []}
    if store.dialect.name == "sqlite":  # the same seed gives the same content
        second = make_second_store("sqlite")
        load_demo_followup(second, prepare(second), rng=np.random.default_rng(DEMO_SEED))
        assert contents(second) == contents(store)
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(StatusReportVersion)).scalar() > 100
