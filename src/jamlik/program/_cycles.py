"""Follow-up cycles (uppföljningar): open, close, who must report, how far they are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, or_, select

from jamlik.errors import ArgumentError, ConflictError, NotFoundError
from jamlik.store import (
    Activity, ActivityOrganisation, FollowupCycle, FollowupRequest, Organisation, Plan,
    Programme, StatusReport,
)

from ._common import (
    WorkflowError, cycle_row, now, only_programme, organisation_row, organisations_under,
)
from ._queries import request_rows
from ._status import REPORTED, HasCurrentVersion, ReportVersion, _version, latest_versions

__all__ = ["Cycle", "Request", "OrganisationProgress", "open_cycle", "close_cycle",
           "list_cycles", "cycle_status", "requests_for", "active_activities"]


@dataclass(frozen=True)
class Cycle:
    id: int
    programme_id: int
    code: str
    name: str
    year: int
    deadline: dt.date | None
    status: str
    opened_at: dt.datetime
    opened_by: str | None
    closed_at: dt.datetime | None
    closed_by: str | None
    is_example: bool


@dataclass(frozen=True)
class Request(HasCurrentVersion):
    """A status report an organisation is asked for, with its newest version (or None)."""

    report_id: int
    cycle_id: int
    cycle_name: str
    deadline: dt.date | None
    activity_id: int
    activity_code: str
    activity_name: str
    organisation_id: int
    current: ReportVersion | None
    organisation_name: str = ""


@dataclass(frozen=True)
class OrganisationProgress:
    """How far one organisation has come in a cycle; ``states`` counts reports per state
    (``not_started`` for a report without any version).

    :attr:`missing` is jamlik's one definition of a missing report, shared by the CLI
    (``followup status``), the web pages and the annual report: one that is neither
    submitted nor reviewed (not started, a draft, or returned to its owner).
    """

    organisation_id: int
    code: str
    name: str
    kind: str
    reports: int
    states: dict[str, int] = field(default_factory=dict)

    @property
    def reported(self) -> int:
        return sum(self.states.get(state, 0) for state in REPORTED)

    @property
    def missing(self) -> int:
        return self.reports - self.reported

    @property
    def done(self) -> bool:
        return self.reported == self.reports


def cycle_from_row(row) -> Cycle:
    """A :class:`Cycle` from a ``followup_cycle`` row."""
    return Cycle(row.id, row.programme_id, row.code, row.name, row.year, row.deadline,
                 row.status, row.opened_at, row.opened_by, row.closed_at, row.closed_by,
                 row.is_example)


def active_activities(conn: Connection, programme_id: int, year: int) -> list:
    """Activities of the programme's plans whose period includes ``year``."""
    return conn.execute(select(Activity).join(Plan, Plan.id == Activity.plan_id).where(
        Plan.programme_id == programme_id,
        or_(Activity.period_start.is_(None), Activity.period_start <= year),
        or_(Activity.period_end.is_(None), Activity.period_end >= year),
    ).order_by(Activity.id)).all()


def open_cycle(engine: Engine, *, year: int, author: str, programme_id: int | None = None,
               name: str | None = None, code: str | None = None,
               deadline: dt.date | None = None,
               organisations: Sequence[int | str] | None = None, example: bool = False,
               at: dt.datetime | None = None) -> Cycle:
    """Open a follow-up cycle for ``year`` and ask the owners of its activities to report.

    Every activity of the programme's plans that runs in ``year`` gets a status
    report, owed by its first owner among ``organisations`` (default: all owners
    of such activities).
    """
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
        raise ArgumentError(f"year måste vara ett årtal, fick {year!r}")
    if deadline is not None and not isinstance(deadline, dt.date):
        raise ArgumentError(f"deadline måste vara ett datum, fick {deadline!r}")
    if not isinstance(author, str) or not author.strip():
        raise ArgumentError("author måste anges (vem som öppnar uppföljningen)")
    code = code or f"arsuppfoljning-{year}"
    name = name or f"Årsuppföljning {year}"
    with engine.begin() as conn:
        if programme_id is None:
            programme_id = only_programme(conn)
        elif conn.execute(select(Programme.id).where(Programme.id == programme_id)).first() is None:
            raise NotFoundError(f"inget program med id {programme_id}")
        taken = conn.execute(select(FollowupCycle.id).where(
            FollowupCycle.programme_id == programme_id, FollowupCycle.code == code)).first()
        if taken is not None:
            raise ConflictError(f"det finns redan en uppföljning '{code}' för programmet "
                                f"(id {taken[0]})")
        activities = active_activities(conn, programme_id, year)
        owners: dict[int, list[int]] = {}
        for activity_id, org_id in conn.execute(
                select(ActivityOrganisation.activity_id, ActivityOrganisation.organisation_id)
                .where(ActivityOrganisation.role == "owner",
                       ActivityOrganisation.activity_id.in_([a.id for a in activities]))
                .order_by(ActivityOrganisation.organisation_id)):
            owners.setdefault(activity_id, []).append(org_id)
        if organisations is None:
            requested = sorted({org for orgs in owners.values() for org in orgs})
        else:
            requested = sorted({organisation_row(conn, ref).id for ref in organisations})
        cycle_id = conn.execute(FollowupCycle.__table__.insert().values(
            programme_id=programme_id, code=code, name=name, year=year, deadline=deadline,
            status="open", opened_at=at or now(), opened_by=author.strip(),
            is_example=example)).inserted_primary_key[0]
        for org_id in requested:
            conn.execute(FollowupRequest.__table__.insert().values(
                cycle_id=cycle_id, organisation_id=org_id))
        chosen = set(requested)
        rows = []
        for activity in activities:
            reporter = next((org for org in owners.get(activity.id, []) if org in chosen), None)
            if reporter is not None:
                rows.append(dict(cycle_id=cycle_id, activity_id=activity.id,
                                 organisation_id=reporter))
        if rows:
            conn.execute(StatusReport.__table__.insert(), rows)
        return cycle_from_row(cycle_row(conn, cycle_id))


def close_cycle(engine: Engine, cycle_id: int, *, author: str,
                at: dt.datetime | None = None) -> Cycle:
    """Close a cycle: its reports can no longer change."""
    if not isinstance(author, str) or not author.strip():
        raise ArgumentError("author måste anges (vem som stänger uppföljningen)")
    with engine.begin() as conn:
        cycle = cycle_row(conn, cycle_id)
        if cycle.status == "closed":
            raise WorkflowError(f"uppföljningen '{cycle.name}' är redan stängd")
        table = FollowupCycle.__table__
        conn.execute(table.update().where(table.c.id == cycle_id).values(
            status="closed", closed_at=at or now(), closed_by=author.strip()))
        return cycle_from_row(cycle_row(conn, cycle_id))


def list_cycles(engine: Engine, *, programme_id: int | None = None) -> list[Cycle]:
    """Cycles, oldest year first."""
    query = select(FollowupCycle).order_by(FollowupCycle.year, FollowupCycle.id)
    if programme_id is not None:
        query = query.where(FollowupCycle.programme_id == programme_id)
    with engine.connect() as conn:
        return [cycle_from_row(row) for row in conn.execute(query)]


def cycle_status(engine: Engine, cycle_id: int) -> tuple[Cycle, list[OrganisationProgress]]:
    """Per requested organisation: how many reports it owes and in which state they are."""
    with engine.connect() as conn:
        cycle = cycle_from_row(cycle_row(conn, cycle_id))
        latest = latest_versions(conn, cycle_id=cycle_id)
        reports = conn.execute(select(StatusReport.id, StatusReport.organisation_id).where(
            StatusReport.cycle_id == cycle_id)).all()
        orgs = conn.execute(select(Organisation).join(
            FollowupRequest, FollowupRequest.organisation_id == Organisation.id).where(
            FollowupRequest.cycle_id == cycle_id).order_by(Organisation.name)).all()
    out = []
    for org in orgs:
        states: dict[str, int] = {}
        owed = [report_id for report_id, org_id in reports if org_id == org.id]
        for report_id in owed:
            row = latest.get(report_id)
            state = row.state if row is not None else "not_started"
            states[state] = states.get(state, 0) + 1
        out.append(OrganisationProgress(org.id, org.code, org.name, org.kind, len(owed), states))
    return cycle, out


def requests_for(engine: Engine, organisation: int | str, *, cycle_id: int | None = None,
                 include_children: bool = True) -> list[Request]:
    """The status reports ``organisation`` (id or code) owes in open cycles (or in ``cycle_id``).

    With ``include_children`` a board also sees the reports of the administrations
    under it.
    """
    with engine.connect() as conn:
        org = organisation_row(conn, organisation)
        orgs = organisations_under(conn, [org.id]) if include_children else [org.id]
        conditions = [StatusReport.organisation_id.in_(orgs)]
        if cycle_id is None:
            conditions.append(FollowupCycle.status == "open")
        else:
            cycle_row(conn, cycle_id)
            conditions.append(FollowupCycle.id == cycle_id)
        rows = request_rows(conn, *conditions)
        latest = latest_versions(conn, report_ids=[row.id for row in rows])
    return [Request(row.id, row.cycle_id, row.cycle_name, row.deadline, row.activity_id,
                    row.activity_code, row.activity_name, row.organisation_id,
                    _version(row, latest[row.id]) if row.id in latest else None,
                    row.organisation_name)
            for row in rows]
