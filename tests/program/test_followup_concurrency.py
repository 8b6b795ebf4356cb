"""Two people editing the same status report never lose each other's text."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from followup_world import build_world

from jamlik.errors import ConflictError
from jamlik.program import (
    StatusReportConflict, current_status_report, open_cycle, requests_for, save_status_report,
    status_report_history,
)

UTC = dt.timezone.utc


@pytest.fixture
def report(store):
    build_world(store)
    cycle = open_cycle(store, year=2024, author="Maria Lind")
    request = requests_for(store, "kf")[0]
    save_status_report(store, activity_id=request.activity_id, cycle_id=cycle.id,
                       expected_version=0, author="Sara Lindqvist",
                       fields={"status": "ongoing", "narrative": "Första utkastet."})
    return store, dict(activity_id=request.activity_id, cycle_id=cycle.id)


def test_the_second_save_of_the_same_version_is_refused_with_who_and_when(report):
    store, ids = report
    # both Anna and Bo opened version 1
    anna = save_status_report(store, **ids, expected_version=1, author="Anna Berg",
                              fields={"narrative": "Annas text."},
                              at=dt.datetime(2025, 2, 3, 13, 5, tzinfo=UTC))
    assert anna.version == 2
    with pytest.raises(StatusReportConflict) as caught:
        save_status_report(store, **ids, expected_version=1, author="Bo Ek",
                           fields={"narrative": "Bos text.", "progress": 30})
    conflict = caught.value
    assert isinstance(conflict, ConflictError)
    # 13:05 UTC is 14:05 in Sweden in February
    assert str(conflict) == (
        "statusrapporten för 'Bokstart' i Årsuppföljning 2024 har ändrats: Anna Berg sparade "
        "version 2 den 2025-02-03 kl. 14:05. Du utgick från version 1. Dina ändringar har inte "
        "sparats; läs in den senaste versionen och för in dem igen.")
    # nobody's text is lost: Anna's is stored, Bo's comes back with the error
    assert conflict.current.narrative == "Annas text." and conflict.current.version == 2
    assert conflict.rejected == {"narrative": "Bos text.", "progress": 30}
    merged = save_status_report(store, **ids, expected_version=conflict.current.version,
                                author="Bo Ek", fields={
                                    "narrative": conflict.current.narrative + " "
                                    + conflict.rejected["narrative"], "progress": 30})
    assert merged.narrative == "Annas text. Bos text." and merged.version == 3
    assert [h.narrative for h in status_report_history(store, **ids)] == [
        "Första utkastet.", "Annas text.", "Annas text. Bos text."]


def test_simultaneous_saves_store_one_and_refuse_the_other(report):
    store, ids = report
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def edit(author: str) -> None:
        start.wait()
        try:
            outcomes[author] = save_status_report(
                store, **ids, expected_version=1, author=author,
                fields={"narrative": f"Text av {author}."})
        except ConflictError as error:
            outcomes[author] = error

    threads = [threading.Thread(target=edit, args=(name,)) for name in ("Anna", "Bo")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    errors = [name for name, outcome in outcomes.items() if isinstance(outcome, ConflictError)]
    saved = [name for name, outcome in outcomes.items() if not isinstance(outcome, Exception)]
    assert len(errors) == 1 and len(saved) == 1, outcomes
    assert f"{saved[0]} sparade version 2" in str(outcomes[errors[0]])
    current = current_status_report(store, **ids)
    assert (current.version, current.narrative) == (2, f"Text av {saved[0]}.")
    assert outcomes[errors[0]].rejected == {"narrative": f"Text av {errors[0]}."}


def test_a_race_past_the_version_check_is_still_a_conflict(report, monkeypatch):
    """Bo's check passes on a stale read; the unique (report, version) pair stops his insert."""
    from jamlik.program import _status

    store, ids = report
    report_id = requests_for(store, "kf")[0].report_id
    with store.connect() as conn:
        stale = _status.latest_versions(conn, report_ids=[report_id])
    save_status_report(store, **ids, expected_version=1, author="Anna Berg",
                       fields={"narrative": "Annas text."})
    real, calls = _status.latest_versions, []

    def stale_once(conn, **kwargs):
        calls.append(kwargs)
        return stale if len(calls) == 1 else real(conn, **kwargs)

    monkeypatch.setattr(_status, "latest_versions", stale_once)
    with pytest.raises(StatusReportConflict) as caught:
        save_status_report(store, **ids, expected_version=1, author="Bo Ek",
                           fields={"narrative": "Bos text."})
    assert "Anna Berg sparade version 2" in str(caught.value)
    assert caught.value.rejected == {"narrative": "Bos text."}
    monkeypatch.undo()
    assert current_status_report(store, **ids).narrative == "Annas text."
