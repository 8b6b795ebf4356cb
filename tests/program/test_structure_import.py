"""Organisations, commissions, plans and activities: YAML structure and Excel."""

from __future__ import annotations

import copy

import openpyxl
import pytest
from followup_world import PROGRAMME, STRUCTURE, add_indicators, build_world
from sqlalchemy import func, select

from jamlik.errors import InputError
from jamlik.program import (
    TemplateErrors, import_activities, import_programme, import_structure, write_activities,
)
from jamlik.store._models import Strategy
from jamlik.store._programme import (
    Activity, ActivityOrganisation, ActivityStrategy, BackgroundReport, ContactPerson,
    Organisation, Recommendation, RecommendationActivity, RecommendationStrategy,
)


def rows(engine, query):
    with engine.connect() as conn:
        return conn.execute(query).all()


def test_structure_stores_hierarchy_links_and_commissions(store):
    build_world(store)
    orgs = {r.code: r for r in rows(store, select(Organisation))}
    assert orgs["kf"].parent_id == orgs["kn"].id and orgs["kf"].kind == "administration"
    assert orgs["poseidon"].kind == "company" and orgs["vgr"].kind == "partner"
    assert rows(store, select(ContactPerson.name).where(
        ContactPerson.organisation_id == orgs["kf"].id)) == [("Sara Lindqvist",)]
    roles = dict(rows(store, select(Organisation.code, ActivityOrganisation.role).join(
        Organisation).join(Activity, Activity.id == ActivityOrganisation.activity_id)
        .where(Activity.code == "A1")))
    assert roles == {"kf": "owner", "vgr": "partner"}
    a2 = rows(store, select(Strategy.code).join(ActivityStrategy).join(
        Activity, Activity.id == ActivityStrategy.activity_id).where(Activity.code == "A2"))
    assert sorted(code for (code,) in a2) == ["MO1.1", "MO1.2"]
    import_structure(store, {"programme": "testprogram", "commissions": [{
        "id": "k1", "name": "Kommission", "period": {"start": 2010, "end": 2013},
        "reports": [{"id": "U1", "title": "Barns uppväxtvillkor", "year": 2012}],
        "recommendations": [
            {"id": "R1", "text": "Satsa på tidiga insatser", "report": "U1",
             "strategies": ["MO1.1"], "activities": ["A3"]},
            {"id": "R1.1", "kind": "åtgärdsförslag", "text": "Bygg familjecentraler",
             "parent": "R1", "activities": ["A3"]}]}]})
    recommendations = {r.code: r for r in rows(store, select(Recommendation))}
    assert recommendations["R1.1"].kind == "action_proposal"
    assert recommendations["R1.1"].parent_id == recommendations["R1"].id
    assert recommendations["R1"].background_report_id == rows(
        store, select(BackgroundReport.id))[0][0]
    assert len(rows(store, select(RecommendationActivity))) == 2
    assert len(rows(store, select(RecommendationStrategy))) == 1


def test_changing_an_activity_keeps_its_earlier_values(store):
    build_world(store)
    changed = copy.deepcopy(STRUCTURE)
    changed["plans"][0]["activities"][0]["name"] = "Bokstart – hembesök"
    changed["plans"][0]["activities"][0]["strategies"] = ["MO1.1"]
    import_structure(store, changed)
    a1 = rows(store, select(Activity).where(Activity.code == "A1"))[0]
    assert a1.name == "Bokstart – hembesök"
    history = a1.details["history"]
    assert len(history) == 1 and history[0]["previous"]["name"] == "Bokstart"
    assert len(history[0]["previous"]["strategies"]) == 1  # the old strategy id
    import_structure(store, changed)  # the same again: no new history
    assert len(rows(store, select(Activity).where(Activity.code == "A1"))[0]
               .details["history"]) == 1


BROKEN = [
    (lambda s: s["plans"][0]["activities"][0].update(strategies=["MO9.9"]),
     "plans[0].activities[0], kolumn 'strategies': okänd strategi 'MO9.9'"),
    (lambda s: s["organisations"][1].update(parent="finns-inte"),
     "organisations[1], kolumn 'parent': okänd överordnad organisation 'finns-inte'"),
    (lambda s: s["organisations"][0].update(kind="kommun"),
     "organisations[0], kolumn 'kind': okänd typ 'kommun'; väntade en av nämnd, förvaltning, "
     "bolag, extern part, annan"),
    (lambda s: s["plans"][0]["activities"][1].update(budget="mycket"),
     "plans[0].activities[1], kolumn 'budget': väntade ett tal ≥ 0, fick 'mycket'"),
    (lambda s: s["plans"][0]["activities"][2].update(owners=[]),
     "plans[0].activities[2], kolumn 'owners': en aktivitet behöver minst en ansvarig "
     "organisation"),
    (lambda s: s["plans"][0]["activities"][2].update(colour="blå"),
     "plans[0].activities[2]: okänt fält 'colour'"),
]


def test_a_broken_structure_names_the_place_and_changes_nothing(store):
    import_programme(store, PROGRAMME)
    add_indicators(store)
    for change, message in BROKEN:
        broken = copy.deepcopy(STRUCTURE)
        change(broken)
        with pytest.raises(InputError) as caught:
            import_structure(store, broken, file="struktur.yaml")
        assert str(caught.value) == f"struktur.yaml: {message}"
        with store.connect() as conn:
            assert conn.execute(select(func.count()).select_from(Organisation)).scalar() == 0


def test_activities_through_excel(store, tmp_path):
    build_world(store)
    path = write_activities(store, "plan-1", tmp_path / "aktiviteter.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Aktiviteter"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["kod", "namn", "beskrivning", "ansvariga"]
    a5 = [row for row in sheet.iter_rows(values_only=True) if row[0] == "A5"][0]
    assert a5[3] == "kf, poseidon"
    # reading the file back changes nothing
    assert import_activities(store, path, plan="plan-1") == 5
    assert all("history" not in (a.details or {}) for a in rows(store, select(Activity)))
    sheet.append(["A6", "Läxhjälp", None, "kn", None, 2025, 2026, "MO1.1", None, 50000,
                  "Stöd", "skola"])
    book.save(path)
    assert import_activities(store, path, plan="plan-1") == 6
    a6 = rows(store, select(Activity).where(Activity.code == "A6"))[0]
    assert (a6.budget, a6.period_start, a6.tags) == (50000, 2025, ["skola"])


def test_a_broken_activities_sheet_lists_every_row_and_changes_nothing(store, tmp_path):
    build_world(store)
    path = write_activities(store, "plan-1", tmp_path / "aktiviteter.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Aktiviteter"]
    sheet.append(["A7", "Ny", None, "okand", None, "tjugo", None, "MO1.1, MO7.1", None, -5])
    sheet.append(["A1", None, None, "kf"])
    sheet["B2"] = "Bokstart ändrad"  # a valid change, which must not be stored either
    book.save(path)
    with pytest.raises(TemplateErrors) as caught:
        import_activities(store, path, plan="plan-1")
    assert [str(e) for e in caught.value.errors] == [
        "rad 7, kolumn 'ansvariga': okänd organisation 'okand'",
        "rad 7, kolumn 'strategier': okänd strategi 'MO7.1'",
        "rad 7, kolumn 'start': väntade ett årtal, fick 'tjugo'",
        "rad 7, kolumn 'budget (kr)': väntade ett belopp i kronor (heltal ≥ 0), fick '-5'",
        "rad 8, kolumn 'namn': får inte vara tom",
        "rad 8, kolumn 'kod': koden 'A1' finns redan på rad 2",
    ]
    assert str(caught.value).startswith("aktiviteter.xlsx: 6 fel, inget har sparats:\n- rad 7")
    assert rows(store, select(Activity.name).where(Activity.code == "A1")) == [("Bokstart",)]
