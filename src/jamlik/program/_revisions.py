"""Programme revisions: importing a changed programme file keeps the old version.

A programme is stored once (its ``code`` is the file's ``id``); each import whose
content differs from the newest revision adds a :class:`ProgrammeRevision` with a
snapshot of the whole tree. Target areas and strategies are matched by code and
keep their ids, so activities linked to a strategy stay linked after a revision;
a strategy that a revision leaves out is kept in the store (old links and reports
still point at it) but is no longer part of the current tree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Connection, Engine, func, select

from jamlik.errors import NotFoundError
from jamlik.store import Precondition, Programme, ProgrammeRevision, Strategy, TargetArea

from ._files import atomic_path

__all__ = [
    "ProgrammeImport", "import_programme", "export_programme", "write_programme",
    "programme_revisions", "current_tree", "canonical",
]

CORE = {"id", "name", "owner", "adopted", "period", "goal", "applies_to", "preconditions",
        "target_areas"}
META = {"revision", "revision_note"}


@dataclass(frozen=True)
class ProgrammeImport:
    """What :func:`import_programme` did."""

    programme_id: int
    revision: int
    created: bool  # the programme was new
    revised: bool  # a stored programme got a new revision


def canonical(data: dict[str, Any]) -> dict[str, Any]:
    """The programme tree in the file format, with JSON-safe values (dates as text)."""
    period = data.get("period") or {}

    def node(item: dict[str, Any], children: str | None) -> dict[str, Any]:
        out = {"id": str(item["id"]), "name": item["name"]}
        if item.get("description"):
            out["description"] = item["description"]
        if children is not None:
            out[children] = [node(child, None) for child in item.get(children) or []]
        return out

    out = {
        "id": str(data["id"]), "name": data["name"], "owner": data.get("owner"),
        "adopted": str(data["adopted"]) if data.get("adopted") else None,
        "period": {"start": period.get("start"), "end": period.get("end")},
        "goal": data.get("goal"), "applies_to": data.get("applies_to"),
        "preconditions": [str(name) for name in data.get("preconditions") or []],
        "target_areas": [node(target, "strategies") for target in data["target_areas"]],
    }
    out.update({key: value for key, value in data.items() if key not in CORE | META})
    return json.loads(json.dumps(out, ensure_ascii=False, default=str))


def _hash(snapshot: dict[str, Any]) -> str:
    text = json.dumps(snapshot, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def import_programme(engine: Engine, data: dict[str, Any], *, note: str | None = None,
                     at: dt.datetime | None = None) -> ProgrammeImport:
    """Store the programme tree ``data`` (checked by ``read_programme``).

    A new programme gets revision 1; a stored one whose content differs from its
    newest revision gets a new revision; identical content changes nothing.
    """
    snapshot = canonical(data)
    digest = _hash(snapshot)
    with engine.begin() as conn:
        found = conn.execute(select(Programme.id).where(Programme.code == snapshot["id"])).first()
        if found is None:
            programme_id = _apply(conn, None, snapshot)
            number = _add_revision(conn, programme_id, 1, snapshot, digest, note, at)
            return ProgrammeImport(programme_id, number, created=True, revised=False)
        programme_id = found[0]
        latest = _latest(conn, programme_id)
        if latest is None:  # stored before revisions existed: its rows are revision 1
            stored = _snapshot_from_rows(conn, programme_id)
            latest = _latest_after_insert(conn, programme_id, stored, at)
        if latest.content_hash == digest:
            return ProgrammeImport(programme_id, latest.number, created=False, revised=False)
        _apply(conn, programme_id, snapshot)
        number = _add_revision(conn, programme_id, latest.number + 1, snapshot, digest, note, at)
        return ProgrammeImport(programme_id, number, created=False, revised=True)


def _latest(conn: Connection, programme_id: int):
    return conn.execute(select(ProgrammeRevision).where(
        ProgrammeRevision.programme_id == programme_id)
        .order_by(ProgrammeRevision.number.desc()).limit(1)).first()


def _latest_after_insert(conn, programme_id, stored, at):
    _add_revision(conn, programme_id, 1, stored, _hash(stored), "lagrat före versionshantering",
                  at)
    return _latest(conn, programme_id)


def _add_revision(conn, programme_id, number, snapshot, digest, note, at) -> int:
    conn.execute(ProgrammeRevision.__table__.insert().values(
        programme_id=programme_id, number=number, adopted=snapshot.get("adopted"),
        period_start=snapshot["period"].get("start"), period_end=snapshot["period"].get("end"),
        note=note, content_hash=digest, snapshot=snapshot,
        created_at=at or dt.datetime.now(dt.timezone.utc)))
    return number


def _apply(conn: Connection, programme_id: int | None, snap: dict[str, Any]) -> int:
    """Make the stored rows match ``snap``; items left out are kept, not deleted."""
    values = dict(code=snap["id"], name=snap["name"], owner=snap.get("owner"),
                  goal=snap.get("goal"), adopted=snap.get("adopted"),
                  period_start=snap["period"].get("start"), period_end=snap["period"].get("end"),
                  applies_to=snap.get("applies_to"),
                  details={k: v for k, v in snap.items() if k not in CORE})
    table = Programme.__table__
    if programme_id is None:
        programme_id = conn.execute(table.insert().values(**values)).inserted_primary_key[0]
    else:
        conn.execute(table.update().where(table.c.id == programme_id).values(**values))
    targets = {code: target_id for target_id, code in conn.execute(
        select(TargetArea.id, TargetArea.code).where(TargetArea.programme_id == programme_id))}
    for order, target in enumerate(snap["target_areas"]):
        target_id = _upsert(conn, TargetArea.__table__, targets.get(target["id"]),
                            dict(programme_id=programme_id, code=target["id"],
                                 name=target["name"], sort_order=order))
        strategies = dict(conn.execute(select(Strategy.code, Strategy.id)
                                       .where(Strategy.target_area_id == target_id)).all())
        for position, strategy in enumerate(target["strategies"]):
            _upsert(conn, Strategy.__table__, strategies.get(strategy["id"]),
                    dict(target_area_id=target_id, code=strategy["id"], name=strategy["name"],
                         sort_order=position))
    preconditions = dict(conn.execute(select(Precondition.name, Precondition.id)
                                      .where(Precondition.programme_id == programme_id)).all())
    for order, name in enumerate(snap["preconditions"]):
        _upsert(conn, Precondition.__table__, preconditions.get(name),
                dict(programme_id=programme_id, name=name, sort_order=order))
    return programme_id


def _upsert(conn: Connection, table, row_id: int | None, values: dict[str, Any]) -> int:
    if row_id is None:
        return conn.execute(table.insert().values(**values)).inserted_primary_key[0]
    conn.execute(table.update().where(table.c.id == row_id).values(**values))
    return row_id


def _snapshot_from_rows(conn: Connection, programme_id: int) -> dict[str, Any]:
    programme = conn.execute(select(Programme).where(Programme.id == programme_id)).one()
    targets = conn.execute(select(TargetArea).where(TargetArea.programme_id == programme_id)
                           .order_by(TargetArea.sort_order, TargetArea.id)).all()
    data = {
        "id": programme.code, "name": programme.name, "owner": programme.owner,
        "adopted": programme.adopted, "goal": programme.goal, "applies_to": programme.applies_to,
        "period": {"start": programme.period_start, "end": programme.period_end},
        "preconditions": conn.execute(select(Precondition.name).where(
            Precondition.programme_id == programme_id).order_by(Precondition.sort_order))
        .scalars().all(),
        "target_areas": [{"id": t.code, "name": t.name, "strategies": [
            {"id": s.code, "name": s.name} for s in conn.execute(
                select(Strategy).where(Strategy.target_area_id == t.id)
                .order_by(Strategy.sort_order, Strategy.id))]} for t in targets],
        **(programme.details or {}),
    }
    return canonical(data)


def _programme_row(conn: Connection, programme_id: int):
    row = conn.execute(select(Programme).where(Programme.id == programme_id)).first()
    if row is None:
        raise NotFoundError(f"inget program med id {programme_id}")
    return row


def current_snapshot(conn: Connection, programme_id: int) -> dict[str, Any]:
    """The newest revision's snapshot (or the stored rows if there is no revision)."""
    _programme_row(conn, programme_id)
    latest = _latest(conn, programme_id)
    return latest.snapshot if latest is not None else _snapshot_from_rows(conn, programme_id)


def current_tree(conn: Connection, programme_id: int) -> list[dict[str, Any]]:
    """The current target areas with their ids and current strategies, in order."""
    snapshot = current_snapshot(conn, programme_id)
    rows = conn.execute(select(TargetArea.id, TargetArea.code, TargetArea.name)
                        .where(TargetArea.programme_id == programme_id)).all()
    by_code = {row.code: row for row in rows}
    tree = []
    for target in snapshot["target_areas"]:
        row = by_code[target["id"]]
        strategies = {s.code: s for s in conn.execute(
            select(Strategy.id, Strategy.code, Strategy.name)
            .where(Strategy.target_area_id == row.id))}
        tree.append({"id": row.id, "code": row.code, "name": row.name, "strategies": [
            {"id": strategies[s["id"]].id, "code": s["id"], "name": strategies[s["id"]].name}
            for s in target["strategies"]]})
    return tree


def export_programme(engine: Engine, programme_id: int) -> dict[str, Any]:
    """The current programme tree in the file format, with its revision number."""
    with engine.connect() as conn:
        snapshot = current_snapshot(conn, programme_id)
        number = conn.execute(select(func.max(ProgrammeRevision.number)).where(
            ProgrammeRevision.programme_id == programme_id)).scalar()
    return {**snapshot, "revision": number or 1}


def write_programme(data: dict[str, Any], path: str | Path) -> Path:
    """Write a programme tree as YAML (``.yaml``, ``.yml``) or JSON (otherwise), atomically."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        content = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    else:
        content = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    with atomic_path(path) as partial:
        partial.write_text(content, encoding="utf-8")
    return path


def programme_revisions(engine: Engine, programme_id: int) -> list[dict[str, Any]]:
    """Every revision of a programme, oldest first: number, adopted, period, note, time."""
    with engine.connect() as conn:
        _programme_row(conn, programme_id)
        rows = conn.execute(select(ProgrammeRevision).where(
            ProgrammeRevision.programme_id == programme_id)
            .order_by(ProgrammeRevision.number)).all()
    return [{"number": r.number, "adopted": r.adopted, "period_start": r.period_start,
             "period_end": r.period_end, "note": r.note, "created_at": r.created_at,
             "snapshot": r.snapshot} for r in rows]
