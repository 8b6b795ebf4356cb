"""SQLAlchemy models of the data store.

The model follows the roadmap: versioned area hierarchies, indicators that know
their polarity, scale, unit and kind, dimensions with ordered subgroups, periods
that are a year or a span, and observations that keep their import batch. An
observation is never overwritten: a revised value is a new row, and the old row
points at the batch that superseded it (``superseded_by_batch_id``), so the
history of every value stays in the store.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL wants a BIGINT for observations.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON}


class ImportBatch(Base):
    """One import of one file or response (importomgång): provenance and row counts."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    format: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(Text, doc="File name or URL the data came from.")
    file_hash: Mapped[str] = mapped_column(String(64), index=True, doc="SHA-256 of the bytes.")
    table_id: Mapped[str | None] = mapped_column(String(200), doc="Statistics agency table id.")
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_inserted: Mapped[int] = mapped_column(Integer, default=0)
    rows_revised: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="active")
    rolled_back_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AreaVersion(Base):
    """A version of an area classification, e.g. ``RegSO_2025`` or ``Kommun_2025``.

    Codes change between versions (indelningsändringar), so an area is identified
    by its version and code together, and nothing is joined across versions silently.
    """

    __tablename__ = "area_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(40), doc="riket, lan, kommun, regso, deso, ...")
    year: Mapped[int | None] = mapped_column(Integer)
    attribution: Mapped[str | None] = mapped_column(Text)


class Area(Base):
    """An area (område) in one version of a classification, optionally with geometry."""

    __tablename__ = "area"
    __table_args__ = (UniqueConstraint("version_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("area_version.id"), index=True)
    code: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    geometry: Mapped[dict[str, Any] | None] = mapped_column(JSON, doc="GeoJSON, WGS84.")
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    version: Mapped[AreaVersion] = relationship()
    parent: Mapped["Area | None"] = relationship(remote_side="Area.id")


class Indicator(Base):
    """A statistical indicator (indikator) and how to read it."""

    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(String(80))
    scale: Mapped[float | None] = mapped_column(Float, doc="1, 100 (per cent), 1000, 100000.")
    polarity: Mapped[str | None] = mapped_column(
        String(20), doc="higher_better, lower_better or neutral."
    )
    kind: Mapped[str | None] = mapped_column(
        String(30), doc="proportion, rate, mean, count, life_expectancy, index, other."
    )
    source: Mapped[str | None] = mapped_column(Text)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Dimension(Base):
    """A dimension of inequality (ojämlikhetsdimension): sex, country of birth, district, ..."""

    __tablename__ = "dimension"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(Text)
    ordered: Mapped[bool] = mapped_column(Boolean, default=False)


class Subgroup(Base):
    """A subgroup (undergrupp) of a dimension, with its order and reference flag."""

    __tablename__ = "subgroup"
    __table_args__ = (UniqueConstraint("dimension_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dimension_id: Mapped[int] = mapped_column(ForeignKey("dimension.id"), index=True)
    code: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int | None] = mapped_column(Integer)
    is_reference: Mapped[bool] = mapped_column(Boolean, default=False)

    dimension: Mapped[Dimension] = relationship()


class Period(Base):
    """A period: a year (``2024``), a span (``2019-2023``), a quarter or a month."""

    __tablename__ = "period"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)


class Observation(Base):
    """One value of an indicator for an area, period and subgroup (observation).

    ``superseded_by_batch_id`` is NULL for the current value; a revision leaves the
    old row in place and points it at the batch that replaced it.

    The id columns have no foreign-key constraints, on purpose: observations are
    written only by the batch writer, which resolves every id in the same
    transaction, and PostgreSQL checks a foreign key with a trigger per row,
    which made bulk imports five times slower (200,000 rows: 9.7 s with the six
    constraints, 2.0 s without). :func:`jamlik.store.check_integrity` checks the
    references set-wise instead, and the storage tests call it.
    """

    __tablename__ = "observation"
    __table_args__ = (
        Index(
            "uq_observation_current",
            "indicator_id",
            "area_id",
            "period_id",
            "subgroup_id",
            unique=True,
            sqlite_where=text("superseded_by_batch_id IS NULL"),
            postgresql_where=text("superseded_by_batch_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    batch_id: Mapped[int] = mapped_column(Integer, index=True)
    indicator_id: Mapped[int] = mapped_column(Integer)
    area_id: Mapped[int] = mapped_column(Integer)
    period_id: Mapped[int] = mapped_column(Integer)
    subgroup_id: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    se: Mapped[float | None] = mapped_column(Float)
    lower: Mapped[float | None] = mapped_column(Float)
    upper: Mapped[float | None] = mapped_column(Float)
    confidence: Mapped[float | None] = mapped_column(Float, doc="Level of lower/upper, e.g. 0.95.")
    population: Mapped[float | None] = mapped_column(Float)
    suppressed: Mapped[bool] = mapped_column(Boolean, default=False)
    suppression_reason: Mapped[str | None] = mapped_column(Text)
    flag: Mapped[str | None] = mapped_column(Text)
    source_note: Mapped[str | None] = mapped_column(Text)
    open_age_band: Mapped[int | None] = mapped_column(
        Integer, doc="Life expectancy: the start of the open age band (85 for 85+, 90 for 90+)."
    )
    superseded_by_batch_id: Mapped[int | None] = mapped_column(Integer, index=True)


# -- Programme tree (the model is extended by the programme issue) -------------------


class Programme(Base):
    """A council-adopted programme (program) with a goal and a period."""

    __tablename__ = "programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(Text)
    goal: Mapped[str | None] = mapped_column(Text)
    adopted: Mapped[str | None] = mapped_column(String(20))
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    applies_to: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class TargetArea(Base):
    """A target area (målområde) of a programme."""

    __tablename__ = "target_area"
    __table_args__ = (UniqueConstraint("programme_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Strategy(Base):
    """A strategy (strategi) under a target area."""

    __tablename__ = "strategy"
    __table_args__ = (UniqueConstraint("target_area_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_area_id: Mapped[int] = mapped_column(ForeignKey("target_area.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Precondition(Base):
    """A cross-cutting precondition (förutsättning) of a programme."""

    __tablename__ = "precondition"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class IndicatorTargetArea(Base):
    """Which indicators follow which target area."""

    __tablename__ = "indicator_target_area"

    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), primary_key=True)
    target_area_id: Mapped[int] = mapped_column(ForeignKey("target_area.id"), primary_key=True)


# -- Computed gap measures (jamlik measure) -------------------------------------------


class MeasureRun(Base):
    """One computation of summary measures for stored indicators (kept as history)."""

    __tablename__ = "measure_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class MeasureResult(Base):
    """A summary measure (e.g. SII, D, R) of an indicator for a setting, period and dimension.

    The setting is an area (a city, a municipality); the subgroups are those of
    the dimension (sex, country of birth) or the setting's districts (dimension
    ``omrade``). The newest run of a key is the current value; older runs stay.
    """

    __tablename__ = "measure_result"
    __table_args__ = (
        Index("ix_measure_result_key", "indicator_id", "area_id", "dimension_code", "measure"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("measure_run.id"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"))
    dimension_code: Mapped[str] = mapped_column(String(120))
    measure: Mapped[str] = mapped_column(String(20))
    value: Mapped[float | None] = mapped_column(Float)
    se: Mapped[float | None] = mapped_column(Float)
    lower: Mapped[float | None] = mapped_column(Float)
    upper: Mapped[float | None] = mapped_column(Float)
    confidence: Mapped[float | None] = mapped_column(Float)
    method: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    ranked_by: Mapped[str | None] = mapped_column(
        Text, doc="For gaps between areas: the area index the areas were ranked by."
    )
    unit: Mapped[str | None] = mapped_column(
        String(80), doc="Unit of the value, e.g. procentenheter, år, kvot."
    )


from . import _programme  # noqa: E402,F401 - the programme models join Base.metadata
from . import _accounts  # noqa: E402,F401 - the web app's accounts join Base.metadata
from . import _uptake  # noqa: E402,F401 - documents and uptake matches join Base.metadata
from . import _sites  # noqa: E402,F401 - sites and scenarios join Base.metadata
