"""What an import batch created, so that rolling it back removes it again.

A batch that brings a new indicator or new areas creates their rows; rolling the
batch back must not leave an indicator without values (shown on every page with
nothing in it) or areas nobody asked for. The batch's ``details`` record the
codes it created; the rollback removes those that nothing uses any more (no
observation of any batch, no measure, no link from the programme).
"""

from __future__ import annotations

from sqlalchemy import Connection, select, tuple_
from sqlalchemy.exc import IntegrityError

from ._models import Area, AreaVersion, Indicator, Observation

__all__ = ["existing_codes", "created_codes", "remove_created"]


def existing_codes(conn: Connection, frame) -> dict:
    """The indicators, area versions and areas of ``frame`` that exist already."""
    codes = list(frame["indicator"].dropna().unique())
    versions = list(frame["area_version"].dropna().unique())
    pairs = list(frame[["area_version", "area_code"]].dropna().drop_duplicates()
                 .itertuples(index=False, name=None))
    found_pairs = set()
    for start in range(0, len(pairs), 500):
        chunk = pairs[start:start + 500]
        found_pairs |= set(conn.execute(
            select(AreaVersion.code, Area.code).join(AreaVersion,
                                                     AreaVersion.id == Area.version_id)
            .where(tuple_(AreaVersion.code, Area.code).in_(chunk))).all())
    return {"indicator": set(conn.execute(select(Indicator.code).where(
                Indicator.code.in_(codes))).scalars()),
            "area_version": set(conn.execute(select(AreaVersion.code).where(
                AreaVersion.code.in_(versions))).scalars()),
            "area": found_pairs, "frame": (codes, versions, pairs)}


def created_codes(before: dict) -> dict:
    """The codes of the frame that did not exist before it was written (JSON-ready)."""
    codes, versions, pairs = before["frame"]
    return {"indicator": sorted(set(codes) - before["indicator"]),
            "area_version": sorted(set(versions) - before["area_version"]),
            "area": sorted([list(p) for p in set(pairs) - before["area"]])}


def _remove(conn: Connection, statement) -> None:
    try:
        with conn.begin_nested():  # still referenced (a measure, a programme link): kept
            conn.execute(statement)
    except IntegrityError:
        pass


def remove_created(conn: Connection, created: dict) -> None:
    """Remove what a rolled-back batch created and nothing uses any more."""
    for code in created.get("indicator", []):
        used = conn.execute(select(Observation.id).join(
            Indicator, Indicator.id == Observation.indicator_id).where(
            Indicator.code == code).limit(1)).first()
        if used is None:
            _remove(conn, Indicator.__table__.delete().where(Indicator.code == code))
    for version, code in created.get("area", []):
        area_id = conn.execute(select(Area.id).join(
            AreaVersion, AreaVersion.id == Area.version_id).where(
            AreaVersion.code == version, Area.code == code)).scalar()
        if area_id is None:
            continue
        used = conn.execute(select(Observation.id).where(Observation.area_id == area_id)
                            .limit(1)).first()
        children = conn.execute(select(Area.id).where(Area.parent_id == area_id)
                                .limit(1)).first()
        if used is None and children is None:
            _remove(conn, Area.__table__.delete().where(Area.id == area_id))
    for version in created.get("area_version", []):
        version_id = conn.execute(select(AreaVersion.id).where(
            AreaVersion.code == version)).scalar()
        if version_id is not None and conn.execute(select(Area.id).where(
                Area.version_id == version_id).limit(1)).first() is None:
            _remove(conn, AreaVersion.__table__.delete().where(AreaVersion.id == version_id))
