"""Sites (family centres, libraries, ...) and saved placement and allocation scenarios.

A site is identified by its kind and the code the city gives it. Sites are
versioned like observations: an import is one batch; a site whose name,
place, capacity, area or validity changed gets a new row and the old row points
at the batch that replaced it (``superseded_by_batch_id``), so history is never
overwritten. Coordinates are SWEREF 99 TM metres (EPSG:3006). A scenario is a
saved run of a placement model or a budget allocation: its parameters and its
result tables, kept as they were computed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import (
    JSON, Boolean, Date, DateTime, Engine, Float, ForeignKey, Index, Integer, String, Text,
    select, text, update,
)
from sqlalchemy.orm import Mapped, mapped_column

from jamlik.errors import NotFoundError

from ._models import Base, ImportBatch, utcnow

__all__ = [
    "SCENARIO_MODELS", "Scenario", "Site", "SiteKind", "SitesResult", "current_sites",
    "list_scenarios", "load_scenario", "save_scenario", "save_sites", "site_history",
    "site_kinds",
]

SCENARIO_MODELS = ("mclp", "lscp", "pmedian", "allocation")
SITE_COLUMNS = ("code", "name", "x", "y", "capacity", "area_code", "valid_from", "valid_to")


class SiteKind(Base):
    """A kind of site (platstyp): ``family_centre``, ``library``, ``open_preschool``, ..."""

    __tablename__ = "site_kind"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)


class Site(Base):
    """One version of a site: where it is (SWEREF 99 TM metres), its capacity and validity."""

    __tablename__ = "site"
    __table_args__ = (
        Index("uq_site_current", "kind_id", "code", unique=True,
              sqlite_where=text("superseded_by_batch_id IS NULL"),
              postgresql_where=text("superseded_by_batch_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind_id: Mapped[int] = mapped_column(ForeignKey("site_kind.id"), index=True)
    code: Mapped[str] = mapped_column(String(120), doc="The city's own id of the site.")
    name: Mapped[str] = mapped_column(Text)
    x: Mapped[float] = mapped_column(Float, doc="Easting, SWEREF 99 TM (EPSG:3006), metres.")
    y: Mapped[float] = mapped_column(Float, doc="Northing, SWEREF 99 TM (EPSG:3006), metres.")
    capacity: Mapped[float | None] = mapped_column(Float)
    area_code: Mapped[str | None] = mapped_column(String(80), doc="The area the site lies in.")
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), index=True)
    superseded_by_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id"), index=True)


class Scenario(Base):
    """A saved placement (``mclp``, ``lscp``, ``pmedian``) or ``allocation`` scenario."""

    __tablename__ = "scenario"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    model: Mapped[str] = mapped_column(String(20))
    municipality: Mapped[str | None] = mapped_column(String(20), index=True)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    results: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)


@dataclass(frozen=True)
class SitesResult:
    """What :func:`save_sites` did: the batch, and how many sites were new, revised, unchanged."""

    batch_id: int | None
    inserted: int
    revised: int
    unchanged: int


def _same(old: dict, new: dict) -> bool:
    for column in SITE_COLUMNS:
        a, b = old.get(column), new.get(column)
        if isinstance(a, float) or isinstance(b, float):
            if a is None or b is None or abs(float(a) - float(b)) > 1e-6:
                if not (a is None and b is None):
                    return False
        elif a != b:
            return False
    return True


def _kind_id(conn, kind: str, name: str | None, name_en: str | None) -> int:
    found = conn.execute(select(SiteKind.id, SiteKind.name, SiteKind.name_en)
                         .where(SiteKind.code == kind)).first()
    if found is None:
        return conn.execute(SiteKind.__table__.insert().values(
            code=kind, name=name or kind, name_en=name_en)).inserted_primary_key[0]
    if (name and name != found.name) or (name_en and name_en != found.name_en):
        conn.execute(update(SiteKind).where(SiteKind.id == found.id).values(
            name=name or found.name, name_en=name_en or found.name_en))
    return found.id


def _records(sites: pd.DataFrame) -> list[dict]:
    records = []
    for row in sites.to_dict(orient="records"):
        record = {c: row.get(c) for c in SITE_COLUMNS}
        for column in ("capacity",):
            value = record[column]
            record[column] = None if value is None or pd.isna(value) else float(value)
        for column in ("area_code", "valid_from", "valid_to"):
            if record[column] is not None and pd.isna(record[column]):
                record[column] = None
        record["x"], record["y"] = float(record["x"]), float(record["y"])
        records.append(record)
    return records


def save_sites(engine: Engine, sites: pd.DataFrame, *, kind: str, source: str,
               kind_name: str | None = None, kind_name_en: str | None = None,
               is_example: bool = False) -> SitesResult:
    """Write checked sites of one kind as one batch, in one transaction.

    Parameters
    ----------
    sites : DataFrame
        Columns ``code, name, x, y`` (SWEREF 99 TM metres) and optionally
        ``capacity, area_code, valid_from, valid_to`` (dates); codes unique.
    kind
        The kind's code; created when new (``kind_name``/``kind_name_en`` name it).

    Returns
    -------
    SitesResult
        No batch (``batch_id`` None) when every site is unchanged; a changed site
        supersedes its old row, a site not in the file stays as it is.
    """
    records = _records(sites)
    digest = hashlib.sha256(json.dumps([kind, records], default=str, sort_keys=True)
                            .encode()).hexdigest()
    with engine.begin() as conn:
        kind_id = _kind_id(conn, kind, kind_name, kind_name_en)
        current = {row.code: row for row in conn.execute(
            select(Site).where(Site.kind_id == kind_id, Site.superseded_by_batch_id.is_(None)))}
        changed = [r for r in records if r["code"] not in current
                   or not _same(current[r["code"]]._asdict(), r)]
        if not changed:
            return SitesResult(None, 0, 0, len(records))
        batch_id = conn.execute(ImportBatch.__table__.insert().values(
            format="sites", source=source, file_hash=digest, imported_at=utcnow(),
            rows_read=len(records), is_example=is_example, details={"kind": kind},
        )).inserted_primary_key[0]
        revised = [current[r["code"]].id for r in changed if r["code"] in current]
        if revised:
            conn.execute(update(Site).where(Site.id.in_(revised))
                         .values(superseded_by_batch_id=batch_id))
        conn.execute(Site.__table__.insert(), [
            {**r, "kind_id": kind_id, "batch_id": batch_id, "is_example": is_example}
            for r in changed])
        inserted = len(changed) - len(revised)
        conn.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(
            rows_inserted=inserted, rows_revised=len(revised),
            rows_unchanged=len(records) - len(changed)))
    return SitesResult(batch_id, inserted, len(revised), len(records) - len(changed))


def site_kinds(engine: Engine) -> pd.DataFrame:
    """Every kind of site: ``code, name, name_en``, sorted by code."""
    with engine.connect() as conn:
        rows = conn.execute(select(SiteKind.code, SiteKind.name, SiteKind.name_en)
                            .order_by(SiteKind.code)).all()
    return pd.DataFrame(rows, columns=["code", "name", "name_en"])


def _site_frame(conn, query) -> pd.DataFrame:
    columns = ["kind", *SITE_COLUMNS, "is_example", "batch_id", "superseded_by_batch_id"]
    rows = conn.execute(query).all()
    return pd.DataFrame(rows, columns=columns)


def _site_query():
    return (select(SiteKind.code, Site.code, Site.name, Site.x, Site.y, Site.capacity,
                   Site.area_code, Site.valid_from, Site.valid_to, Site.is_example,
                   Site.batch_id, Site.superseded_by_batch_id)
            .join(SiteKind, SiteKind.id == Site.kind_id))


def current_sites(engine: Engine, *, kind: str | None = None,
                  on: dt.date | None = None) -> pd.DataFrame:
    """The current version of every site (of ``kind``), open on ``on`` when given.

    Returns ``kind, code, name, x, y, capacity, area_code, valid_from, valid_to,
    is_example, batch_id, superseded_by_batch_id``, sorted by kind and code.
    A site is open on a day from ``valid_from`` up to and including ``valid_to``.
    """
    query = _site_query().where(Site.superseded_by_batch_id.is_(None))
    if kind is not None:
        query = query.where(SiteKind.code == kind)
    if on is not None:
        query = query.where((Site.valid_from.is_(None)) | (Site.valid_from <= on),
                            (Site.valid_to.is_(None)) | (Site.valid_to >= on))
    with engine.connect() as conn:
        return _site_frame(conn, query.order_by(SiteKind.code, Site.code))


def site_history(engine: Engine, *, kind: str, code: str) -> pd.DataFrame:
    """Every version of one site, oldest first (same columns as :func:`current_sites`)."""
    query = _site_query().where(SiteKind.code == kind, Site.code == code).order_by(Site.id)
    with engine.connect() as conn:
        return _site_frame(conn, query)


def save_scenario(engine: Engine, *, name: str, model: str, parameters: dict,
                  results: dict, municipality: str | None = None,
                  created_by: str | None = None, is_example: bool = False) -> int:
    """Save a scenario (JSON-able parameters and results); return its id."""
    if model not in SCENARIO_MODELS:
        raise ValueError(f"model must be one of {SCENARIO_MODELS}, got {model!r}")
    with engine.begin() as conn:
        return conn.execute(Scenario.__table__.insert().values(
            name=name, model=model, municipality=municipality, parameters=parameters,
            results=results, created_by=created_by, created_at=utcnow(),
            is_example=is_example)).inserted_primary_key[0]


def list_scenarios(engine: Engine, *, municipality: str | None = None,
                   model: str | None = None) -> pd.DataFrame:
    """Saved scenarios, newest first: ``id, name, model, municipality, parameters,
    results, created_by, created_at, is_example``."""
    query = select(Scenario.id, Scenario.name, Scenario.model, Scenario.municipality,
                   Scenario.parameters, Scenario.results, Scenario.created_by,
                   Scenario.created_at, Scenario.is_example).order_by(Scenario.id.desc())
    if municipality is not None:
        query = query.where(Scenario.municipality == municipality)
    if model is not None:
        query = query.where(Scenario.model == model)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame(rows, columns=["id", "name", "model", "municipality", "parameters",
                                       "results", "created_by", "created_at", "is_example"])


def load_scenario(engine: Engine, scenario_id: int) -> dict:
    """One saved scenario as a dict; NotFoundError when there is none with that id."""
    with engine.connect() as conn:
        row = conn.execute(select(Scenario.__table__).where(Scenario.id == scenario_id)).first()
    if row is None:
        raise NotFoundError(f"det finns inget scenario med id {scenario_id}")
    return dict(row._mapping)
