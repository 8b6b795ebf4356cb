"""The batch writer's bulk paths (issue 12, item 4), on SQLite and PostgreSQL.

SQLite binds 64 rows per INSERT statement and the rest one by one; PostgreSQL
loads a first import into an empty table with the secondary indexes dropped and
rebuilt in the same transaction. ``BARE_LOAD`` is lowered so that a small file
takes the PostgreSQL path too.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from sqlalchemy import func, select

import jamlik.store._write as write_module
from jamlik.jobs import import_file
from jamlik.store import check_integrity, export_frame
from jamlik.store._models import ImportBatch, Observation

HEADER = ("indicator,indicator_name,unit,scale,polarity,kind,area_code,area_version,period,"
          "dimension,subgroup,value,se,population,suppressed,suppression_reason,flag\n")
AREAS = 67  # x 3 subgroups = 201 rows: three full statements of 64 rows and 9 rows left
SUBGROUPS = (("total", "total"), ("kon", "kvinnor"), ("kon", "man"))


def _rows(shift: float = 0.0, every: int = 1) -> list[dict]:
    rows = []
    for area in range(AREAS):
        for k, (dimension, subgroup) in enumerate(SUBGROUPS):
            i = area * 3 + k
            suppressed = i % 7 == 0
            change = shift if i % every == 0 else 0.0
            rows.append({
                "area_code": f"1480R{area:03d}", "dimension": dimension, "subgroup": subgroup,
                "value": None if suppressed else round(50 + i / 3 + change, 6),
                "se": None if i % 5 == 0 else 0.5 + i / 1000,
                "population": 1000 + i, "suppressed": 1 if suppressed else None,
                "suppression_reason": "för få" if suppressed else None,
                "flag": "prel" if i % 11 == 0 else None,
            })
    return rows


def _csv(tmp_path, name: str, rows: list[dict]):
    def cell(value):
        return "" if value is None else repr(value) if isinstance(value, float) else str(value)

    lines = [",".join(["ind", "Ind", "andel", "1", "higher_better", "other", row["area_code"],
                       "RegSO_2025", "2023", row["dimension"], row["subgroup"],
                       *(cell(row[c]) for c in ("value", "se", "population", "suppressed",
                                                "suppression_reason", "flag"))])
             for row in rows]  # fmt: skip
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _indexes(engine) -> set[tuple[str, str]]:
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            found = conn.exec_driver_sql(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'observation'")
        else:
            found = conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = 'observation'")
        return {tuple(row) for row in found}


def _same(stored, given) -> bool:
    if given is None:
        return stored is None or (isinstance(stored, float) and math.isnan(stored))
    return stored == given


def _check_current(engine, rows: list[dict]) -> None:
    frame = export_frame(engine).set_index(["area_code", "subgroup"])
    assert len(frame) == len(rows)
    for row in rows:
        stored = frame.loc[(row["area_code"], row["subgroup"])]
        for column in ("value", "se", "population", "suppression_reason", "flag"):
            value = stored[column]
            value = None if value is None or value is pd.NA else value
            assert _same(value, row[column]), (row, column, value)
        assert bool(stored["suppressed"]) == bool(row["suppressed"])


def test_a_first_and_a_revised_import_keep_every_value(store, tmp_path, monkeypatch):
    monkeypatch.setattr(write_module, "BARE_LOAD", 1)
    indexes = _indexes(store)
    first = _rows()
    result = import_file(_csv(tmp_path, "a.csv", first), engine=store)
    assert (result.rows_inserted, result.rows_revised) == (len(first), 0)
    _check_current(store, first)
    assert _indexes(store) == indexes
    revised = _rows(shift=0.25, every=2)
    changed = sum(a["value"] != b["value"] for a, b in zip(first, revised, strict=True))
    result = import_file(_csv(tmp_path, "b.csv", revised), engine=store)
    assert (result.rows_inserted, result.rows_revised, result.rows_unchanged) == (
        0, changed, len(first) - changed)
    _check_current(store, revised)
    history = export_frame(store, history=True)
    assert len(history) == len(first) + changed
    assert history["superseded_by_batch_id"].eq(result.batch_id).sum() == changed
    assert set(check_integrity(store).values()) == {0}
    assert _indexes(store) == indexes


def test_a_failure_inside_the_bulk_load_leaves_rows_and_indexes_as_they_were(
        store, tmp_path, monkeypatch):
    monkeypatch.setattr(write_module, "BARE_LOAD", 1)
    indexes = _indexes(store)
    copy = write_module._copy

    def copy_then_fail(conn, table, rows, order):
        copy(conn, table, rows, order)
        raise RuntimeError("disk full")

    monkeypatch.setattr(write_module, "_copy", copy_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        import_file(_csv(tmp_path, "a.csv", _rows()), engine=store)
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Observation)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(ImportBatch)).scalar() == 0
    assert _indexes(store) == indexes
    monkeypatch.setattr(write_module, "_copy", copy)
    result = import_file(_csv(tmp_path, "a.csv", _rows()), engine=store)
    assert result.rows_inserted == len(_rows())
