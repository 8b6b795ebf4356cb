"""Models of the programme work: organisations, commissions, plans, activities and the
yearly follow-up cycle with versioned status reports.

Every row has a stable integer id that later layers (uptake matches, places,
budgets) point at; most also have a ``code`` that import files use. History is
kept rather than overwritten: a programme revision stores a snapshot of the whole
tree (``programme_revision``), and every edit of a status report is a new row in
``status_report_version`` (who, when, what), the current one being the highest
version.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ._models import Base, utcnow

__all__ = [
    "Organisation", "ContactPerson", "ProgrammeRevision", "Commission", "BackgroundReport",
    "Recommendation", "RecommendationStrategy", "RecommendationActivity", "Plan", "Activity",
    "ActivityOrganisation", "ActivityStrategy", "ActivityIndicator", "FollowupCycle",
    "FollowupRequest", "StatusReport", "StatusReportVersion",
]


# -- Organisations ---------------------------------------------------------------------


class Organisation(Base):
    """A board (nämnd), administration (förvaltning), company (bolag) or external partner.

    ``kind`` is ``board``, ``administration``, ``company``, ``partner`` or ``other``;
    ``parent_id`` gives the hierarchy (an administration under its board, a company
    under its parent company).
    """

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ContactPerson(Base):
    """A contact person (kontaktperson) of an organisation."""

    __tablename__ = "contact_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(60))


# -- Programme revisions -----------------------------------------------------------------


class ProgrammeRevision(Base):
    """One adopted version of a programme: a snapshot of the whole tree.

    Target areas and strategies keep their ids across revisions (matched by
    code); the snapshot of the newest revision says which of them are current.
    """

    __tablename__ = "programme_revision"
    __table_args__ = (UniqueConstraint("programme_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    adopted: Mapped[str | None] = mapped_column(String(20))
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# -- Commissions -------------------------------------------------------------------------


class Commission(Base):
    """A commission (kommission) for equality, e.g. Malmö's 2010–2013."""

    __tablename__ = "commission"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(Text)
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    url: Mapped[str | None] = mapped_column(Text)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class BackgroundReport(Base):
    """A background report (underlagsrapport) of a commission."""

    __tablename__ = "background_report"
    __table_args__ = (UniqueConstraint("commission_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commission_id: Mapped[int] = mapped_column(ForeignKey("commission.id"), index=True)
    code: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    url: Mapped[str | None] = mapped_column(Text)


class Recommendation(Base):
    """A recommendation (rekommendation), action proposal (åtgärdsförslag) or assignment.

    ``kind`` is ``recommendation``, ``action_proposal`` or ``assignment``. An
    overarching recommendation has no background report; an action proposal may
    sit under a recommendation (``parent_id``).
    """

    __tablename__ = "recommendation"
    __table_args__ = (UniqueConstraint("commission_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commission_id: Mapped[int] = mapped_column(ForeignKey("commission.id"), index=True)
    background_report_id: Mapped[int | None] = mapped_column(
        ForeignKey("background_report.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("recommendation.id"))
    code: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)


class RecommendationStrategy(Base):
    __tablename__ = "recommendation_strategy"

    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id"),
                                                   primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id"), primary_key=True)


class RecommendationActivity(Base):
    __tablename__ = "recommendation_activity"

    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id"),
                                                   primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), primary_key=True)


# -- Plans and activities ----------------------------------------------------------------


class Plan(Base):
    """A plan (handlingsplan) that turns a programme into activities."""

    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    code: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(Text)
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Activity(Base):
    """An activity (aktivitet, insats) of a plan.

    ``plan_part`` tags the part of the plan (e.g. *Verksamhet och samverkan*);
    ``tags`` are free labels. ``details['history']`` keeps earlier values when an
    import changes the activity.
    """

    __tablename__ = "activity"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    code: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    budget: Mapped[float | None] = mapped_column(Float, doc="Kronor, if known.")
    plan_part: Mapped[str | None] = mapped_column(String(200))
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ActivityOrganisation(Base):
    """An organisation that owns (``owner``) or takes part in (``partner``) an activity."""

    __tablename__ = "activity_organisation"

    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"),
                                                 primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(20), default="owner")


class ActivityStrategy(Base):
    __tablename__ = "activity_strategy"

    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id"), primary_key=True,
                                             index=True)


class ActivityIndicator(Base):
    __tablename__ = "activity_indicator"

    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), primary_key=True)


# -- The follow-up cycle -----------------------------------------------------------------


class FollowupCycle(Base):
    """A follow-up cycle (uppföljning), e.g. *Årsuppföljning 2024*; ``status`` open/closed."""

    __tablename__ = "followup_cycle"
    __table_args__ = (UniqueConstraint("programme_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    code: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(Text)
    year: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    opened_by: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str | None] = mapped_column(Text)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)


class FollowupRequest(Base):
    """An organisation that must report in a cycle."""

    __tablename__ = "followup_request"

    cycle_id: Mapped[int] = mapped_column(ForeignKey("followup_cycle.id"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"),
                                                 primary_key=True)


class StatusReport(Base):
    """The status report (lägesrapport) of one activity in one cycle: its stable id.

    The content lives in :class:`StatusReportVersion`; ``organisation_id`` is the
    organisation asked to report.
    """

    __tablename__ = "status_report"
    __table_args__ = (UniqueConstraint("cycle_id", "activity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("followup_cycle.id"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)


class StatusReportVersion(Base):
    """One version of a status report; never updated, a change is a new version.

    ``action`` is what made it (``save``, ``submit``, ``review``, ``send_back``) and
    ``state`` the workflow state after it (``draft``, ``submitted``, ``reviewed``,
    ``returned``). ``status`` is ``not_started``, ``ongoing``, ``completed``,
    ``paused`` or ``cancelled``; ``goal_attainment`` ``good``, ``some`` or ``none``.
    ``examples`` are ``{"quote", "document", "page", "link"}`` objects.
    The unique (report, version) pair is what makes two simultaneous saves of
    the same version fail instead of one overwriting the other.
    """

    __tablename__ = "status_report_version"
    __table_args__ = (UniqueConstraint("report_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("status_report.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20))
    status: Mapped[str | None] = mapped_column(String(20))
    progress: Mapped[int | None] = mapped_column(Integer)
    goal_attainment: Mapped[str | None] = mapped_column(String(10))
    narrative: Mapped[str | None] = mapped_column(Text)
    examples: Mapped[list[Any]] = mapped_column(JSON, default=list)
    evidence_links: Mapped[list[Any]] = mapped_column(JSON, default=list)
    comment: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
