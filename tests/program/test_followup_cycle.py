"""The yearly follow-up: open a cycle, report, submit, review, send back, close."""

from __future__ import annotations

import datetime as dt

import pytest
from followup_world import build_world
from sqlalchemy import select

from jamlik.errors import ArgumentError, ConflictError, NotFoundError
from jamlik.program import (
    WorkflowError, close_cycle, current_status_report, cycle_status, list_cycles, open_cycle,
    requests_for, review_status_report, save_status_report, status_report_history,
    submit_status_report,
)
from jamlik.store._programme import Activity, StatusReport

UTC = dt.timezone.utc


def activity(engine, code):
    with engine.connect() as conn:
        return conn.execute(select(Activity.id).where(Activity.code == code)).scalar()


def test_opening_a_cycle_asks_the_owners_of_the_years_activities(store):
    build_world(store)
    cycle = open_cycle(store, year=2024, author="Maria Lind", deadline=dt.date(2025, 2, 28))
    assert (cycle.name, cycle.code, cycle.status) == ("Årsuppföljning 2024", "arsuppfoljning-2024",
                                                      "open")
    with store.connect() as conn:
        owed = dict(conn.execute(select(Activity.code, StatusReport.organisation_id).join(
            StatusReport, StatusReport.activity_id == Activity.id)).all())
    # A3 ended in 2023; A5 has two owners and is reported once, by the first
    assert sorted(owed) == ["A1", "A2", "A4", "A5"]
    _, progress = cycle_status(store, cycle.id)
    assert {(p.code, p.reports, p.states.get("not_started")) for p in progress} == {
        ("kf", 2, 2), ("fsn", 1, 1), ("poseidon", 1, 1)}
    # a board sees the reports of its administration
    assert [r.activity_code for r in requests_for(store, "kn")] == ["A1", "A5"]
    assert requests_for(store, "kn", include_children=False) == []
    with pytest.raises(ConflictError, match="^det finns redan en uppföljning "
                                            "'arsuppfoljning-2024' för programmet"):
        open_cycle(store, year=2024, author="Maria Lind")
    only = open_cycle(store, year=2025, author="Maria Lind", organisations=["fsn"],
                      name="Halvårsuppföljning 2025", code="halvar-2025")
    assert [r.activity_code for r in requests_for(store, "fsn", cycle_id=only.id)] == ["A2"]
    assert [c.year for c in list_cycles(store)] == [2024, 2025]


def test_a_report_goes_through_the_workflow_and_keeps_every_version(store):
    build_world(store)
    cycle = open_cycle(store, year=2024, author="Maria Lind")
    a1 = activity(store, "A1")
    common = dict(activity_id=a1, cycle_id=cycle.id)
    t0 = dt.datetime(2025, 1, 20, 9, 0, tzinfo=UTC)
    v1 = save_status_report(store, **common, expected_version=0, author="Sara Lindqvist",
                            fields={"status": "ongoing", "progress": 40,
                                    "narrative": "Hembesök i Angered."}, at=t0)
    assert (v1.version, v1.state, v1.action) == (1, "draft", "save")
    # left-out fields keep their value; an unchanged save makes no version
    v2 = save_status_report(store, **common, expected_version=1, author="Sara Lindqvist",
                            fields={"goal_attainment": "some", "examples": [
                                {"quote": "Första gången någon pratat om läsning.",
                                 "document": "Kulturnämnden, Årsrapport 2024", "page": 14}]})
    assert (v2.version, v2.status, v2.progress, v2.examples[0]["page"]) == (2, "ongoing", 40, "14")
    same = save_status_report(store, **common, expected_version=2, author="Sara Lindqvist",
                              fields={"progress": 40})
    assert same.version == 2
    v3 = submit_status_report(store, **common, expected_version=2, author="Sara Lindqvist")
    assert v3.state == "submitted"
    with pytest.raises(WorkflowError, match="^statusrapporten för 'Bokstart' är inskickad och "
                                            "kan inte ändras förrän granskaren skickar "
                                            "tillbaka den$"):
        save_status_report(store, **common, expected_version=3, author="Sara Lindqvist",
                           fields={"progress": 50})
    with pytest.raises(ArgumentError, match="^en rapport som skickas tillbaka behöver en "
                                            "kommentar$"):
        review_status_report(store, **common, expected_version=3, reviewer="Maria Lind",
                             send_back=True, comment="  ")
    v4 = review_status_report(store, **common, expected_version=3, reviewer="Maria Lind",
                              send_back=True, comment="Beskriv var besöken gjordes.")
    assert (v4.state, v4.comment, v4.narrative) == ("returned", "Beskriv var besöken gjordes.",
                                                    "Hembesök i Angered.")
    v5 = save_status_report(store, **common, expected_version=4, author="Sara Lindqvist",
                            fields={"narrative": "Hembesök i Angered och Bergsjön."})
    v6 = submit_status_report(store, **common, expected_version=v5.version, author="Sara")
    v7 = review_status_report(store, **common, expected_version=v6.version, reviewer="Maria Lind")
    assert v7.state == "reviewed" and v7.narrative == "Hembesök i Angered och Bergsjön."
    history = status_report_history(store, **common)
    assert [(h.version, h.action, h.state, h.author) for h in history] == [
        (1, "save", "draft", "Sara Lindqvist"), (2, "save", "draft", "Sara Lindqvist"),
        (3, "submit", "submitted", "Sara Lindqvist"), (4, "send_back", "returned", "Maria Lind"),
        (5, "save", "draft", "Sara Lindqvist"), (6, "submit", "submitted", "Sara"),
        (7, "review", "reviewed", "Maria Lind")]
    assert history[0].created_at.replace(tzinfo=UTC) == t0
    assert history[0].narrative == "Hembesök i Angered."  # the old text is still there
    closed = close_cycle(store, cycle.id, author="Maria Lind")
    assert closed.status == "closed" and closed.closed_by == "Maria Lind"
    with pytest.raises(WorkflowError, match="^uppföljningen 'Årsuppföljning 2024' är stängd; "
                                            "inga ändringar kan sparas$"):
        review_status_report(store, **common, expected_version=7, reviewer="Maria Lind",
                             send_back=True, comment="Igen")
    with pytest.raises(WorkflowError, match="^uppföljningen 'Årsuppföljning 2024' är redan "
                                            "stängd$"):
        close_cycle(store, cycle.id, author="Maria Lind")
    assert requests_for(store, "kf") == []  # nothing owed in open cycles any more


def test_workflow_steps_out_of_order_are_refused(store):
    build_world(store)
    cycle = open_cycle(store, year=2024, author="Maria Lind")
    common = dict(activity_id=activity(store, "A2"), cycle_id=cycle.id)
    with pytest.raises(WorkflowError, match="^bara ett utkast eller en återsänd rapport kan "
                                            "skickas in; statusrapporten för "
                                            "'Kapprumsbibliotek' är inte påbörjad$"):
        submit_status_report(store, **common, expected_version=0, author="Amina")
    save_status_report(store, **common, expected_version=0, author="Amina",
                       fields={"narrative": "Ännu ingen status."})
    with pytest.raises(WorkflowError, match="^statusrapporten för 'Kapprumsbibliotek' saknar "
                                            "status; fyll i status innan den skickas in$"):
        submit_status_report(store, **common, expected_version=1, author="Amina")
    with pytest.raises(WorkflowError, match="^bara en inskickad rapport kan granskas; "
                                            "statusrapporten för 'Kapprumsbibliotek' är utkast$"):
        review_status_report(store, **common, expected_version=1, reviewer="Maria")
    assert current_status_report(store, **common).version == 1
    with pytest.raises(NotFoundError, match="^aktiviteten 'Familjecentral' ingår inte i "
                                            "uppföljningen 'Årsuppföljning 2024'$"):
        current_status_report(store, activity_id=activity(store, "A3"), cycle_id=cycle.id)
    with pytest.raises(NotFoundError, match="^ingen uppföljning med id 99$"):
        status_report_history(store, activity_id=1, cycle_id=99)


BAD_FIELDS = [
    ([], "fields måste vara en ordlista (dict), fick list"),
    ({"colour": "blå"}, "okänt fält 'colour' i fields; tillåtna: status, progress, "
                        "goal_attainment, narrative, examples, evidence_links"),
    ({"status": "klar"}, "status måste vara en av not_started, ongoing, completed, paused, "
                         "cancelled (eller None), fick 'klar'"),
    ({"goal_attainment": "bra"}, "goal_attainment måste vara en av good, some, none (eller None), "
                                 "fick 'bra'"),
    ({"progress": 120}, "progress måste vara ett heltal 0–100 (eller None), fick 120"),
    ({"progress": True}, "progress måste vara ett heltal 0–100 (eller None), fick True"),
    ({"narrative": 5}, "narrative måste vara text (eller None), fick int"),
    ({"examples": "citat"}, "examples måste vara en lista av exempel, fick str"),
    ({"examples": ["citat"]}, "examples[0] måste vara en ordlista med quote, document, page och "
                              "link"),
    ({"examples": [{"quote": " "}]}, "examples[0] behöver ett citat (quote)"),
    ({"examples": [{"quote": "x", "sida": 3}]}, "examples[0]: okänt fält 'sida'; tillåtna: "
                                                "quote, document, page, link"),
    ({"evidence_links": "http://x"}, "evidence_links måste vara en lista av länkar (text), "
                                     "fick 'http://x'"),
]
BAD_ARGUMENTS = [
    ({"expected_version": -1}, "expected_version måste vara ett heltal ≥ 0, fick -1"),
    ({"expected_version": "1"}, "expected_version måste vara ett heltal ≥ 0, fick '1'"),
    ({"author": " "}, "author måste anges (vem som gör ändringen)"),
]


def test_bad_fields_versions_and_authors_are_refused_with_exact_messages(store):
    # one store for all cases: a store per case would cost a database each
    build_world(store)
    cycle = open_cycle(store, year=2024, author="Maria Lind")
    ids = dict(activity_id=activity(store, "A1"), cycle_id=cycle.id)
    for fields, message in BAD_FIELDS:
        with pytest.raises(ArgumentError) as caught:
            save_status_report(store, **ids, fields=fields, expected_version=0, author="Sara")
        assert str(caught.value) == message, fields
    for kwargs, message in BAD_ARGUMENTS:
        arguments = {"expected_version": 0, "author": "Sara", **kwargs}
        with pytest.raises(ArgumentError) as caught:
            save_status_report(store, **ids, fields={}, **arguments)
        assert str(caught.value) == message, kwargs
    assert current_status_report(store, **ids) is None  # nothing was stored


def test_bad_cycle_arguments_are_refused(store):
    build_world(store)
    with pytest.raises(ArgumentError, match="^year måste vara ett årtal, fick '2024'$"):
        open_cycle(store, year="2024", author="Maria")
    with pytest.raises(ArgumentError, match="^deadline måste vara ett datum, fick '2025-02-28'$"):
        open_cycle(store, year=2024, author="Maria", deadline="2025-02-28")
    with pytest.raises(ArgumentError, match=r"^author måste anges \(vem som öppnar "
                                            r"uppföljningen\)$"):
        open_cycle(store, year=2024, author="")
    with pytest.raises(NotFoundError, match="^ingen organisation med kod 'okand'$"):
        open_cycle(store, year=2024, author="Maria", organisations=["okand"])
    with pytest.raises(NotFoundError, match="^inget program med id 42$"):
        open_cycle(store, year=2024, author="Maria", programme_id=42)
