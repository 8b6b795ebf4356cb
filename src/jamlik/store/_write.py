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
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select

from ._created import created_codes, existing_codes
from ._metadata import resolve_areas, resolve_indicators, resolve_periods, resolve_subgroups
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
        rows["indicator_id"] = frame["indicator"].map(indicator_ids).to_numpy()
        rows["area_id"] = resolve_areas(conn, frame, file=file, warnings=warnings).to_numpy()
        rows["period_id"] = resolve_periods(conn, frame).to_numpy()
        rows["subgroup_id"] = resolve_subgroups(conn, frame, file=file,
                                                warnings=warnings).to_numpy()
        for column in ID_COLUMNS:
            rows[column] = rows[column].astype(np.int64)
        new, revised_ids, unchanged = _classify(conn, rows, list(indicator_ids.values()))
        if revised_ids:
            _supersede(conn, revised_ids, batch_id)
        new["batch_id"] = batch_id
        _insert(conn, new)
        counts = {
            "rows_inserted": len(new) - len(revised_ids),
            "rows_revised": len(revised_ids),
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


def _classify(conn, rows: pd.DataFrame, indicator_ids: list[int]):
    """Split rows into new keys, revisions (returning the ids they supersede) and unchanged."""
    value_columns = list(OBSERVATION_VALUES.values())
    columns = ["id", *ID_COLUMNS, *value_columns]
    # The DB-API cursor directly: for hundreds of thousands of rows SQLAlchemy's row
    # processing costs more than the query. The ids are integers we resolved.
    ids = ", ".join(str(int(i)) for i in indicator_ids)
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.execute(f"SELECT {', '.join(columns)} FROM observation "
                       f"WHERE superseded_by_batch_id IS NULL AND indicator_id IN ({ids})")
        current = pd.DataFrame.from_records(cursor.fetchall(), columns=columns)
    finally:
        cursor.close()
    if current.empty:
        return rows, [], 0
    for column in ID_COLUMNS:
        current[column] = current[column].astype(np.int64)
    merged = rows.merge(current, on=list(ID_COLUMNS), how="left", suffixes=("", "_old"),
                        indicator=True)
    exists = (merged["_merge"] == "both").to_numpy()
    same = exists.copy()
    for column in value_columns:
        new_values, old_values = merged[column], merged[f"{column}_old"]
        if column in FLOATS:
            a = new_values.to_numpy(dtype=float)
            b = old_values.to_numpy(dtype=float)
            equal = (a == b) | (np.isnan(a) & np.isnan(b))
        elif column == "suppressed":
            old = pd.to_numeric(old_values, errors="coerce").fillna(0).to_numpy(dtype=float) != 0
            equal = new_values.to_numpy(dtype=bool) == old
        else:
            a, b = new_values.astype(object), old_values.astype(object)
            equal = ((a == b) | (a.isna() & b.isna())).to_numpy(dtype=bool)
        same &= equal
    changed = exists & ~same
    revised_ids = merged.loc[changed, "id"].astype(np.int64).tolist()
    # a left merge on unique right keys keeps the rows' order and length
    return rows.loc[~same].copy(), revised_ids, int(same.sum())


def _supersede(conn, ids: list[int], batch_id: int) -> None:
    """Mark the current rows ``ids`` as superseded by ``batch_id``."""
    if conn.dialect.name == "postgresql":
        # one set-wise UPDATE from a temporary table instead of a statement per row
        raw = conn.connection.driver_connection
        with raw.cursor() as cursor:
            cursor.execute("CREATE TEMPORARY TABLE revised_ids (id BIGINT) ON COMMIT DROP")
            with cursor.copy("COPY revised_ids (id) FROM STDIN") as copy:
                copy.write("\n".join(map(str, ids)) + "\n")
            cursor.execute("UPDATE observation SET superseded_by_batch_id = %s "
                           "FROM revised_ids WHERE observation.id = revised_ids.id", (batch_id,))
        return
    conn.exec_driver_sql("UPDATE observation SET superseded_by_batch_id = ? WHERE id = ?",
                         [(batch_id, int(i)) for i in ids])


def _insert(conn, rows: pd.DataFrame) -> None:
    if rows.empty:
        return
    columns = ["batch_id", *ID_COLUMNS, *OBSERVATION_VALUES.values()]
    if conn.dialect.name == "postgresql":
        buffer = io.StringIO()
        out = rows[columns].copy()
        out["suppressed"] = np.where(out["suppressed"].to_numpy(dtype=bool), "t", "f")
        # repr-exact floats so that values round-trip bit for bit.
        out.to_csv(buffer, index=False, header=False, na_rep="", float_format=None)
        raw = conn.connection.driver_connection
        with raw.cursor() as cursor:
            with cursor.copy(
                f"COPY observation ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)"
            ) as copy:
                copy.write(buffer.getvalue())
        return
    # Columns that are empty in every row are left to their default (NULL): binding
    # fewer parameters is most of SQLite's insert cost.
    columns = [c for c in columns if c in ("batch_id", "suppressed", *ID_COLUMNS)
               or rows[c].notna().any()]
    data = []
    for column in columns:
        values = rows[column].to_numpy()
        if column in FLOATS:
            values = values.astype(float)
            data.append(np.where(np.isnan(values), None, values).tolist())
        elif column in TEXTS:
            data.append(pd.Series(values, dtype=object).where(pd.notna(values), None).tolist())
        elif column in INTEGERS:
            data.append([None if pd.isna(v) else int(v) for v in values])
        else:
            data.append(values.tolist())
    placeholders = ", ".join("?" * len(columns))
    conn.exec_driver_sql(
        f"INSERT INTO observation ({', '.join(columns)}) VALUES ({placeholders})",
        list(zip(*data)),
    )
