"""The read and edit helpers for user interfaces: programme activities, a cycle's
reports, one report, organisations, and the organisation name in requests."""

from __future__ import annotations

import datetime as dt

import pytest
from followup_world import build_world
from sqlalchemy import select

from jamlik.errors import ArgumentError, ConflictError, NotFoundError
from jamlik.program import (
    create_organisation,
    cycle_reports,
    get_status_report,
    open_cycle,
    programme_activities,
    requests_for,
    review_status_report,
    save_status_report,
    submit_status_report,
    update_organisation,
)
from jamlik.store._models import Strategy
from jamlik.store._programme import Activity


def _ids(engine, model, codes):
    with engine.connect() as conn:
        found = dict(conn.execute(select(model.code, model.id)).all())
    return [found[code] for code in codes]


def test_programme_activities_show_owners_strategies_and_only_reported_status(store):
    world = build_world(store)
    cycle = open_cycle(store, year=2024, author="Maria Lind")
    a1, a2 = _ids(store, Activity, ["A1", "A2"])
    save_status_report(store, activity_id=a1, cycle_id=cycle.id, author="sara",
                       fields={"status": "ongoing", "progress": 40}, expected_version=0)
    submit_status_report(store, activity_id=a1, cycle_id=cycle.id, expected_version=1,
                         author="sara")
    # a newer draft after the submission stays private
    review_status_report(store, activity_id=a1, cycle_id=cycle.id, expected_version=2,
                         reviewer="maria", send_back=True, comment="Mer text")
    save_status_report(store, activity_id=a2, cycle_id=cycle.id, author="amina",
                       fields={"status": "completed"}, expected_version=0)
    activities = programme_activities(store, world["programme_id"])
    assert [a.code for a in activities] == ["A1", "A2", "A3", "A4", "A5"]
    by_code = {a.code: a for a in activities}
    assert by_code["A5"].owners == ("Bostads AB Poseidon", "Kulturförvaltningen")
    assert sorted(by_code["A2"].strategy_ids) == sorted(_ids(store, Strategy, ["MO1.1", "MO1.2"]))
    assert (by_code["A1"].latest.state, by_code["A1"].latest.status,
            by_code["A1"].latest.progress) == ("submitted", "ongoing", 40)
    assert by_code["A2"].latest is None  # only a draft
    with pytest.raises(NotFoundError, match="^inget program med id 999$"):
        programme_activities(store, 999)


def test_cycle_reports_and_one_report_carry_names_and_states(store):
    build_world(store)
    cycle = open_cycle(store, year=2024, author="Maria Lind", deadline=dt.date(2025, 2, 28))
    (a4,) = _ids(store, Activity, ["A4"])
    save_status_report(store, activity_id=a4, cycle_id=cycle.id, author="per",
                       fields={"narrative": "Tre lärlingar"}, expected_version=0)
    reports = cycle_reports(store, cycle.id)
    assert [(r.activity_code, r.organisation_name, r.state) for r in reports] == [
        ("A1", "Kulturförvaltningen", None), ("A2", "Förskolenämnden", None),
        ("A4", "Bostads AB Poseidon", "draft"), ("A5", "Kulturförvaltningen", None)]
    one = get_status_report(store, reports[2].report_id)
    assert (one.cycle_name, one.cycle_status, one.deadline, one.version,
            one.current.narrative) == ("Årsuppföljning 2024", "open", dt.date(2025, 2, 28), 1,
                                       "Tre lärlingar")
    assert [(r.activity_code, r.organisation_name) for r in requests_for(store, "kn")] == [
        ("A1", "Kulturförvaltningen"), ("A5", "Kulturförvaltningen")]
    with pytest.raises(NotFoundError, match="^ingen statusrapport med id 999$"):
        get_status_report(store, 999)
    with pytest.raises(NotFoundError, match="^ingen uppföljning med id 999$"):
        cycle_reports(store, 999)


def test_organisations_are_created_and_changed(store):
    build_world(store)
    made = create_organisation(store, code="idn", name=" Idrottsnämnden ", kind="nämnd")
    assert (made.code, made.name, made.kind, made.parent_id) == ("idn", "Idrottsnämnden",
                                                                 "board", None)
    below = create_organisation(store, code="idf", name="Idrottsförvaltningen",
                                kind="administration", parent="idn")
    assert below.parent_id == made.id
    changed = update_organisation(store, "idf", name="Idrotts- och föreningsförvaltningen")
    assert (changed.name, changed.kind, changed.parent_id) == (
        "Idrotts- och föreningsförvaltningen", "administration", made.id)
    assert update_organisation(store, below.id, parent=None).parent_id is None
    update_organisation(store, below.id, parent="idn")
    with pytest.raises(ArgumentError, match="^en organisation kan inte ligga under sig själv$"):
        update_organisation(store, "idn", parent="idf")


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"code": " ", "name": "X"}, ArgumentError, r"^code måste anges \(t\.ex\. forskolenamnden\)$"),
    ({"code": "x", "name": ""}, ArgumentError, r"^name måste anges \(organisationens namn\)$"),
    ({"code": "x", "name": "X", "kind": "kommun"}, ArgumentError,
     "^okänd typ 'kommun'; väntade en av nämnd, förvaltning, bolag, extern part, annan$"),
    ({"code": "kn", "name": "X"}, ConflictError,
     "^det finns redan en organisation med koden 'kn'$"),
    ({"code": "x", "name": "X", "parent": "saknas"}, NotFoundError,
     "^ingen organisation med kod 'saknas'$"),
])
def test_bad_organisations_are_refused_with_exact_messages(store, kwargs, error, message):
    build_world(store)
    with pytest.raises(error, match=message):
        create_organisation(store, **kwargs)
