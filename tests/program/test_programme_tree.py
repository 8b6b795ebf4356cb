"""Programme trees: import, revisions (ids kept, history kept), export round trip."""

from __future__ import annotations

import copy
from importlib import resources

import pytest
from sqlalchemy import delete, func, select

from jamlik.errors import NotFoundError
from jamlik.program import (
    current_tree, export_programme, import_programme, load_programme, programme_revisions,
    read_programme, write_programme,
)
from jamlik.store._models import Precondition, Programme, Strategy, TargetArea
from jamlik.store._programme import ProgrammeRevision

GOTEBORG = str(resources.files("jamlik.data").joinpath("program-goteborg-2018-2026.yaml"))


def count(engine, model):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar()


def test_goteborg_programme_imports_once_and_revises_on_change(store):
    data = read_programme(GOTEBORG)
    first = import_programme(store, data)
    assert (first.revision, first.created, first.revised) == (1, True, False)
    assert count(store, Strategy) == 26 and count(store, TargetArea) == 4
    assert count(store, Precondition) == 6
    again = import_programme(store, read_programme(GOTEBORG))
    assert (again.programme_id, again.revision, again.created, again.revised) == \
        (first.programme_id, 1, False, False)
    with store.connect() as conn:
        before = {s["code"]: s["id"] for t in current_tree(conn, first.programme_id)
                  for s in t["strategies"]}

    revised = copy.deepcopy(data)
    revised["period"] = {"start": 2018, "end": 2030}
    mo1 = revised["target_areas"][0]["strategies"]
    mo1[0]["name"] = "Fokusera på tidiga och förebyggande insatser"
    del mo1[-1]  # MO1.7 is left out of the new revision
    mo1.append({"id": "MO1.8", "name": "Stärka barns rätt till fritid"})
    second = import_programme(store, revised, note="Revidering 2025")
    assert (second.revision, second.revised) == (2, True)
    with store.connect() as conn:
        tree = current_tree(conn, first.programme_id)
        period = conn.execute(select(Programme.period_end)).scalar()
    now = {s["code"]: s for t in tree for s in t["strategies"]}
    assert "MO1.7" not in now and "MO1.8" in now
    # ids survive the revision, so activities linked to a strategy stay linked
    assert now["MO1.1"]["id"] == before["MO1.1"]
    assert now["MO1.1"]["name"] == "Fokusera på tidiga och förebyggande insatser"
    assert period == 2030
    # the dropped strategy is kept in the store, and the old tree in revision 1
    assert count(store, Strategy) == 27
    revisions = programme_revisions(store, first.programme_id)
    assert [r["number"] for r in revisions] == [1, 2]
    assert revisions[1]["note"] == "Revidering 2025" and revisions[1]["period_end"] == 2030
    old_mo1 = revisions[0]["snapshot"]["target_areas"][0]["strategies"]
    assert old_mo1[0]["name"] == "Fokusera på tidiga insatser (förhållningssätt)"
    assert old_mo1[-1]["id"] == "MO1.7"


def test_export_and_import_round_trip(store, make_second_store, tmp_path):
    programme_id = load_programme(store, read_programme(GOTEBORG))
    exported = export_programme(store, programme_id)
    assert exported["revision"] == 1 and exported["priorities"]["MO2"]
    strip = lambda tree: [(t["code"], t["name"], [(s["code"], s["name"])  # noqa: E731
                                                  for s in t["strategies"]]) for t in tree]
    for suffix in (".yaml", ".json"):
        path = write_programme(exported, tmp_path / f"program{suffix}")
        second = make_second_store(store.dialect.name)
        result = import_programme(second, read_programme(path))
        with store.connect() as a, second.connect() as b:
            assert strip(current_tree(a, programme_id)) == \
                strip(current_tree(b, result.programme_id))
        # exporting again gives the same content: importing it back is a no-op
        assert import_programme(store, read_programme(path)).revised is False
    assert not list(tmp_path.glob("*.partial"))


def test_a_programme_stored_before_revisions_gets_revision_one(store):
    programme_id = load_programme(store, read_programme(GOTEBORG))
    with store.begin() as conn:
        conn.execute(delete(ProgrammeRevision))
    result = import_programme(store, read_programme(GOTEBORG))
    assert (result.revision, result.revised) == (1, False)
    assert programme_revisions(store, programme_id)[0]["note"] == "lagrat före versionshantering"


def test_unknown_programme_is_an_error(store):
    with pytest.raises(NotFoundError, match="^inget program med id 99$"):
        export_programme(store, 99)
    with pytest.raises(NotFoundError, match="^inget program med id 99$"):
        programme_revisions(store, 99)
