"""Import batches: list them, and roll one back without losing history."""

from __future__ import annotations

from sqlalchemy import Engine, select

from jamlik.errors import NotFoundError, StoreError

from ._created import remove_created
from ._models import ImportBatch, Observation, utcnow

__all__ = ["list_batches", "rollback_batch", "check_integrity"]

_REFERENCES = (
    ("batch_id", "import_batch"), ("superseded_by_batch_id", "import_batch"),
    ("indicator_id", "indicator"), ("area_id", "area"), ("period_id", "period"),
    ("subgroup_id", "subgroup"),
)


def check_integrity(engine: Engine) -> dict[str, int]:
    """Count observations whose ids point at no row (should all be 0).

    Observations carry no foreign-key constraints (see :class:`Observation`);
    this checks the same references, set-wise.
    """
    from sqlalchemy import text

    counts = {}
    with engine.connect() as conn:
        for column, table in _REFERENCES:
            counts[column] = conn.execute(text(
                f"SELECT COUNT(*) FROM observation o WHERE o.{column} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {table} t WHERE t.id = o.{column})")).scalar()
    return counts


def list_batches(engine: Engine) -> list[ImportBatch]:
    """All import batches, newest first."""
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        batches = session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())).all()
        session.expunge_all()
        return list(batches)


def rollback_batch(engine: Engine, batch_id: int) -> int:
    """Roll back batch ``batch_id``; return how many observations it removed.

    Its observations are removed; the values they had replaced become current
    again, or, where a later batch has replaced the rolled-back value in turn,
    stay superseded by that later batch. The batch itself stays in the list with
    status ``rolled_back``, so the history of what was imported is kept. The
    indicators, areas and area versions the batch created are removed when nothing
    uses them any more (see :mod:`._created`).
    """
    with engine.begin() as conn:
        batch = conn.execute(select(ImportBatch).where(ImportBatch.id == batch_id)).first()
        if batch is None:
            raise NotFoundError(f"importomgång {batch_id} finns inte")
        if batch.status != "active":
            raise StoreError(f"importomgång {batch_id} är redan återställd")
        key = ("indicator_id", "area_id", "period_id", "subgroup_id")
        rows = conn.execute(
            select(Observation.id, Observation.superseded_by_batch_id,
                   *[getattr(Observation, c) for c in key])
            .where(Observation.batch_id == batch_id)
        ).all()
        conn.execute(Observation.__table__.delete().where(Observation.batch_id == batch_id))
        if rows:
            marker = "%s" if conn.dialect.name == "postgresql" else "?"
            conn.exec_driver_sql(
                f"UPDATE observation SET superseded_by_batch_id = {marker} "
                f"WHERE superseded_by_batch_id = {marker} AND "
                + " AND ".join(f"{c} = {marker}" for c in key),
                [(row[1], batch_id, *row[2:]) for row in rows],
            )
        conn.execute(
            ImportBatch.__table__.update().where(ImportBatch.id == batch_id),
            {"status": "rolled_back", "rolled_back_at": utcnow()},
        )
        remove_created(conn, (batch.details or {}).get("created", {}))
        return len(rows)
