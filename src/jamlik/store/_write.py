"""Writing a checked tidy table to the store as one import batch, atomically.

History, not overwrite: for every observation key (indicator, area, period,
subgroup) the store keeps one current row. A row whose values equal the current
ones is *unchanged* and not written again; a row with other values is a
*revision*: the current row is kept and marked as superseded by the new batch,
and the new row becomes current. Re-importing a file whose bytes (SHA-256)
match an active batch writes nothing at all.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select

from ._created import created_codes, existing_codes
from ._metadata import (
    ids_of, resolve_areas, resolve_indicators, resolve_periods, resolve_subgroups,
)
from ._models import ImportBatch, utcnow

__all__ = ["BatchResult", "write_batch", "OBSERVATION_VALUES"]

ID_COLUMNS = ("indicator_id", "area_id", "period_id", "subgroup_id")
# tidy column -> observation column
OBSERVATION_VALUES = {
    "value": "value", "numerator": "numerator", "denominator": "denominator", "se": "se",
    "lower": "lower", "upper": "upper", "confidence": "confidence", "population": "population",
    "suppressed": "suppressed", "suppression_reason": "suppression_reason", "flag": "flag",
    "source": "source_note", "open_age_band": "open_age_band",
}
FLOATS = ("value", "numerator", "denominator", "se", "lower", "upper", "confidence", "population")
TEXTS = ("suppression_reason", "flag", "source_note")
INTEGERS = ("open_age_band",)


@dataclass
class BatchResult:
    """What an import did: the batch and its row counts."""

    batch_id: int
    already_imported: bool = False
    rows_read: int = 0
    rows_inserted: int = 0
    rows_revised: int = 0
    rows_unchanged: int = 0
    warnings: list[str] = field(default_factory=list)


def write_batch(
    engine: Engine,
    frame: pd.DataFrame,
    *,
    format: str,
    source: str,
    file_hash: str,
    table_id: str | None = None,
    details: dict[str, Any] | None = None,
    is_example: bool = False,
    file: str | None = None,
) -> BatchResult:
    """Write the checked tidy table ``frame`` as one batch; all or nothing."""
    with engine.begin() as conn:
        earlier = conn.execute(
            select(ImportBatch.id).where(
                ImportBatch.file_hash == file_hash, ImportBatch.status == "active"
            )
        ).first()
        # every step's warnings, the reader's first: the batch keeps them all
        warnings: list[str] = list((details or {}).get("warnings") or [])
        if earlier is not None:
            return BatchResult(batch_id=earlier[0], already_imported=True, rows_read=len(frame),
                               warnings=warnings)
        batch_id = conn.execute(
            ImportBatch.__table__.insert().values(
                format=format, source=source, file_hash=file_hash, table_id=table_id,
                imported_at=utcnow(), rows_read=len(frame), status="active",
                is_example=is_example, details=details or {},
            )
        ).inserted_primary_key[0]
        before = existing_codes(conn, frame)
        indicator_ids = resolve_indicators(conn, frame, file=file, is_example=is_example,
                                           warnings=warnings)
        rows = _observation_rows(frame)
        rows["indicator_id"] = ids_of([frame["indicator"]], indicator_ids)
        rows["area_id"] = resolve_areas(conn, frame, file=file, warnings=warnings).to_numpy()
        rows["period_id"] = resolve_periods(conn, frame).to_numpy()
        rows["subgroup_id"] = resolve_subgroups(conn, frame, file=file,
                                                warnings=warnings).to_numpy()
        for column in ID_COLUMNS:
            rows[column] = rows[column].astype(np.int64)
        rows["batch_id"] = batch_id
        inserted, revised, unchanged = _merge(conn, rows, list(indicator_ids.values()))
        counts = {
            "rows_inserted": inserted,
            "rows_revised": revised,
            "rows_unchanged": unchanged,
        }
        recorded = {k: v for k, v in (details or {}).items() if k != "warnings"}
        recorded["created"] = created_codes(before)
        if warnings:
            recorded["warnings"] = warnings
        conn.execute(ImportBatch.__table__.update().where(ImportBatch.id == batch_id),
                     {**counts, "details": recorded})
    return BatchResult(batch_id=batch_id, rows_read=len(frame), warnings=warnings, **counts)


def _observation_rows(frame: pd.DataFrame) -> pd.DataFrame:
    rows = pd.DataFrame(index=frame.index)
    for tidy, column in OBSERVATION_VALUES.items():
        rows[column] = frame[tidy]
    rows["suppressed"] = frame["suppressed"].fillna(False).astype(bool)
    for column in FLOATS:
        rows[column] = rows[column].astype(float)
    return rows


KEY_SQL = " AND ".join(f"o.{c} = t.{c}" for c in ID_COLUMNS)


def _merge(conn, rows: pd.DataFrame, indicator_ids: list[int]) -> tuple[int, int, int]:
    """Write ``rows`` against the current values, set-wise; return (new, revised, unchanged).

    With no current rows for these indicators (a first import) the rows are
    written straight to ``observation``. Otherwise they go to a temporary table
    and two statements classify them against the current rows in the database:
    one marks every current row whose values differ as superseded by this batch,
    the next inserts every row that then has no current row for its key (new keys
    and revisions); rows equal to the current ones are left alone.
    """
    # in key order the rows reach the current-row index (and, on a re-import, the
    # current rows they are compared with) in its own order: far fewer page visits
    order = np.lexsort([rows[c].to_numpy() for c in reversed(ID_COLUMNS)])
    ids = ", ".join(str(int(i)) for i in indicator_ids)
    current = conn.exec_driver_sql(
        "SELECT 1 FROM observation WHERE superseded_by_batch_id IS NULL "
        f"AND indicator_id IN ({ids}) LIMIT 1").first()  # fmt: skip
    if current is None:
        if conn.dialect.name == "postgresql" and len(rows) >= BARE_LOAD and _empty(conn):
            with _without_indexes(conn):
                _copy(conn, "observation", rows, order)
        else:
            _copy(conn, "observation", rows, order)
        return len(rows), 0, 0
    columns = ["batch_id", *ID_COLUMNS, *OBSERVATION_VALUES.values()]
    listed = ", ".join(columns)
    conn.exec_driver_sql(f"CREATE TEMPORARY TABLE incoming AS SELECT {listed} FROM observation "
                         "WHERE 1 = 0")  # fmt: skip
    _copy(conn, "incoming", rows, order)
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        conn.exec_driver_sql("ANALYZE incoming")
    same = " IS NOT DISTINCT FROM " if postgres else " IS "
    differs = " OR ".join(f"NOT (o.{c}{same}t.{c})" for c in OBSERVATION_VALUES.values())
    batch = int(rows["batch_id"].iloc[0])
    if postgres:
        # a join in the UPDATE itself: PostgreSQL merges the key-ordered current rows
        # with the incoming ones; the form below made it look each row up again by
        # id (1M rows: 32 s instead of 64 s at load 10)
        revised = conn.exec_driver_sql(
            f"UPDATE observation o SET superseded_by_batch_id = {batch} FROM incoming t "
            f"WHERE {KEY_SQL} AND o.superseded_by_batch_id IS NULL AND ({differs})").rowcount
    else:
        revised = conn.exec_driver_sql(
            f"UPDATE observation SET superseded_by_batch_id = {batch} "
            "WHERE superseded_by_batch_id IS NULL AND id IN ("
            f"SELECT o.id FROM incoming t JOIN observation o ON {KEY_SQL} "
            f"AND o.superseded_by_batch_id IS NULL WHERE {differs})").rowcount  # fmt: skip
    written = conn.exec_driver_sql(
        f"INSERT INTO observation ({listed}) SELECT {', '.join('t.' + c for c in columns)} "
        f"FROM incoming t WHERE NOT EXISTS (SELECT 1 FROM observation o WHERE {KEY_SQL} "
        "AND o.superseded_by_batch_id IS NULL)").rowcount  # fmt: skip
    conn.exec_driver_sql("DROP TABLE incoming")
    return written - revised, revised, len(rows) - written


#: a first import of at least this many rows into an empty ``observation`` in
#: PostgreSQL is written with its secondary indexes dropped and built again afterwards
#: (one sort each): 1M rows, 17 s instead of 23-26 s at load 8. Not in SQLite, where
#: rows arrive in key order and index appends are cheaper than the rebuild's sorts
#: (1M rows: 4.7 s of CPU with the indexes kept, 5.7-6.0 s with the rebuild).
BARE_LOAD = 100_000


def _empty(conn) -> bool:
    return conn.exec_driver_sql("SELECT 1 FROM observation LIMIT 1").first() is None


@contextmanager
def _without_indexes(conn):
    """Drop ``observation``'s secondary indexes for the block, then build them again.

    In the import's own transaction: a failure (a duplicate key fails the unique
    index's build) rolls the drop back with the rows, in SQLite as in PostgreSQL
    (both have transactional DDL). The indexes are rebuilt from the definitions
    the database holds (the migrations'), not from the model. Only for an empty
    table: PostgreSQL locks the table against readers until the commit, and the
    rebuild's cost grows with the table, not the batch.
    """
    if conn.dialect.name == "postgresql":
        found = conn.exec_driver_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = 'observation' AND indexname NOT IN (SELECT conname FROM "
            "pg_constraint WHERE conrelid = 'observation'::regclass)").all()  # fmt: skip
    else:
        found = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'observation' AND sql IS NOT NULL").all()  # fmt: skip
    for name, _ in found:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, definition in found:
        conn.exec_driver_sql(definition)
    # statistics for the next import's plans: without them PostgreSQL guessed 5,000
    # current rows of a million and looked each revised row up again by id
    conn.exec_driver_sql("ANALYZE observation")


#: rows converted for the driver at a time: the memory of a write is that of one chunk
CHUNK = 65_536


def _chunks(order: np.ndarray):
    for start in range(0, len(order), CHUNK):
        yield order[start:start + CHUNK]


def _copy(conn, table: str, rows: pd.DataFrame, order: np.ndarray) -> None:
    """Write ``rows`` to ``table`` in the order ``order`` (positions), chunk by chunk."""
    if rows.empty:
        return
    columns = ["batch_id", *ID_COLUMNS, *OBSERVATION_VALUES.values()]
    # Columns empty in every row are left to their default (NULL): fewer values to
    # format, send and bind.
    columns = [c for c in columns if c in ("batch_id", "suppressed", *ID_COLUMNS)
               or rows[c].notna().any()]
    if conn.dialect.name == "postgresql":
        _copy_postgres(conn, table, rows, columns, order)
        return
    _insert_sqlite(conn.connection.driver_connection, table, rows, columns, order)


#: rows bound by one INSERT statement (a multi-row VALUES list): the driver's
#: executemany then steps, resets and checks one statement per 64 rows instead of
#: per row, which halved the CPU time of a 1M-row write (benchmarks/import_bench.py).
#: 64 x 13 columns stays far below SQLite's 32,766 bound parameters and 500 rows.
PER_STATEMENT = 64


def _python_values(column: str, values: np.ndarray) -> list:
    if column in FLOATS:
        # SQLite stores a bound NaN as NULL: no conversion needed.
        return values.astype(float).tolist()
    if column in TEXTS:
        return pd.Series(values, dtype=object).where(pd.notna(values), None).tolist()
    if column in INTEGERS:
        return [None if pd.isna(v) else int(v) for v in values]
    return values.tolist()


def _insert_sqlite(raw, table: str, rows: pd.DataFrame, columns: list[str],
                   order: np.ndarray) -> None:
    """``INSERT`` the rows in ``order`` through the driver, ``PER_STATEMENT`` rows a statement.

    ``batch_id`` (and ``suppressed`` when it is the same in every row) is written
    into the statement as a literal integer instead of being bound in every row.
    """
    arrays = {column: rows[column].to_numpy() for column in columns}
    literal = {"batch_id": int(arrays["batch_id"][0])}
    if not arrays["suppressed"].any():
        literal["suppressed"] = 0
    bound = [c for c in columns if c not in literal]
    one = "(" + ", ".join(str(literal[c]) if c in literal else "?" for c in columns) + ")"
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    many = head + ", ".join([one] * PER_STATEMENT)
    # the driver's own executemany, fed one chunk at a time (never a million Python
    # values at once), in the transaction SQLAlchemy opened here
    for part in _chunks(order):
        block = np.empty((len(part), len(bound)), dtype=object)
        for j, column in enumerate(bound):
            block[:, j] = _python_values(column, arrays[column][part])
        whole = len(part) - len(part) % PER_STATEMENT
        raw.executemany(many, block[:whole].reshape(-1, PER_STATEMENT * len(bound)).tolist())
        if whole < len(part):
            raw.executemany(head + one, block[whole:].tolist())


# PostgreSQL's binary COPY: field count, then (length, big-endian value) per field.
_BINARY_TYPES = {"batch_id": ">i4", **{c: ">i4" for c in ID_COLUMNS},
                 **{c: ">f8" for c in FLOATS}, "suppressed": "?"}  # fmt: skip
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + b"\x00" * 8


def _copy_postgres(conn, table: str, rows: pd.DataFrame, columns: list[str],
                   order: np.ndarray) -> None:
    raw = conn.connection.driver_connection
    fixed = all(c in _BINARY_TYPES for c in columns) and all(
        rows[c].notna().all() for c in columns)  # fmt: skip
    with raw.cursor() as cursor:
        if fixed:
            # Every field has a fixed width and a value: each chunk of rows is one numpy
            # record array, written in one piece (no per-row Python work).
            dtype = [("count", ">i2")]
            for column in columns:
                dtype += [(f"{column}_length", ">i4"), (column, _BINARY_TYPES[column])]
            arrays = {column: rows[column].to_numpy() for column in columns}
            statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT binary)"
            with cursor.copy(statement) as copy:
                copy.write(_COPY_HEADER)
                for part in _chunks(order):
                    record = np.empty(len(part), dtype=dtype)
                    record["count"] = len(columns)
                    for column in columns:
                        record[f"{column}_length"] = np.dtype(_BINARY_TYPES[column]).itemsize
                        record[column] = arrays[column][part]
                    copy.write(record.tobytes())
                copy.write(b"\xff\xff")
            return
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)"
        positions = [rows.columns.get_loc(c) for c in columns]
        with cursor.copy(statement) as copy:
            for part in _chunks(order):
                out = rows.iloc[part, positions]
                out = out.assign(suppressed=np.where(out["suppressed"].to_numpy(dtype=bool),
                                                     "t", "f"))
                buffer = io.StringIO()
                # repr-exact floats so that values round-trip bit for bit.
                out.to_csv(buffer, index=False, header=False, na_rep="", float_format=None)
                copy.write(buffer.getvalue())
