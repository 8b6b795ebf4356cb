"""Migration 0014 (report commentary): a store built at 0013 upgrades without loss, on
SQLite and PostgreSQL, and the commentary keeps every version."""

from __future__ import annotations

import datetime as dt

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text

from jamlik.store import (
    commentary_history, latest_commentary, save_commentary,
)
from jamlik.store._db import MIGRATIONS, upgrade


def _to(engine, revision: str, *, down: bool) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, revision)


def _fill_at_0013(engine) -> None:
    now = dt.datetime(2026, 11, 29, 12, tzinfo=dt.timezone.utc)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO programme (id, code, name, details) VALUES "
                          "(1, 'goteborg', 'Jämlik stad', '{}')"))
        conn.execute(text("INSERT INTO target_area (id, programme_id, code, name, sort_order) "
                          "VALUES (1, 1, 'MO1', 'Barn', 1)"))
        conn.execute(text("INSERT INTO voice_erasure (collection, title, erased_by, erased_at, "
                          "counts) VALUES ('k1', 'Enkät', 'admin', :now, '{\"svar\": 3}')"),
                     {"now": now})


def _contents(engine) -> dict[str, list]:
    with engine.connect() as conn:
        return {table: sorted(map(tuple, conn.execute(text(f"SELECT * FROM {table}")).all()),
                              key=repr)
                for table in ("programme", "target_area", "voice_erasure")}


def test_upgrade_from_0013_keeps_everything(store):
    upgrade(store, "heads")
    _to(store, "0013", down=True)
    assert "report_commentary" not in inspect(store).get_table_names()
    _fill_at_0013(store)
    before = _contents(store)
    with store.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0013"
    _to(store, "heads", down=False)
    assert "report_commentary" in inspect(store).get_table_names()
    assert _contents(store) == before
    with store.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0014"
    # and the new table works on the upgraded store
    first = save_commentary(store, 1, "MO1", "Skillnaden mellan områdena minskar.", "analytiker")
    second = save_commentary(store, 1, "MO1", "Ny text efter granskning.", "samordnare")
    assert second > first
    assert latest_commentary(store, 1)["MO1"]["text"] == "Ny text efter granskning."
    assert [v["text"] for v in commentary_history(store, 1, "MO1")] == [
        "Ny text efter granskning.", "Skillnaden mellan områdena minskar."]


def test_commentary_never_overwritten_and_can_be_withdrawn(store):
    with store.begin() as conn:
        conn.execute(text("INSERT INTO programme (id, code, name, details) VALUES "
                          "(1, 'p', 'P', '{}')"))
    save_commentary(store, 1, "sammanfattning", "Första.", "a")
    save_commentary(store, 1, "sammanfattning", "", "a")  # withdrawn
    assert "sammanfattning" not in latest_commentary(store, 1)
    assert [v["text"] for v in commentary_history(store, 1)] == ["", "Första."]


def test_bad_commentary_says_which_field(store):
    import pytest

    from jamlik.errors import ArgumentError

    with pytest.raises(ArgumentError, match="author"):
        save_commentary(store, 1, "MO1", "text", " ")
    with pytest.raises(ArgumentError, match="5000"):
        save_commentary(store, 1, "MO1", "x" * 5001, "a")
