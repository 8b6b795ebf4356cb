"""Read-side queries of the follow-up for user interfaces: a programme's activities
with their latest public status, every report of a cycle, one report by id."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, func, select

from jamlik.errors import NotFoundError
from jamlik.store import (
    Activity, ActivityOrganisation, ActivityStrategy, FollowupCycle, Organisation, Plan,
    Programme, StatusReport, StatusReportVersion,
)

from ._common import cycle_row
from ._status import REPORTED, HasCurrentVersion, ReportVersion, _version, latest_versions

__all__ = ["ProgrammeActivity", "ReportDetails", "programme_activities", "cycle_reports",
           "get_status_report", "request_rows"]


@dataclass(frozen=True)
class ProgrammeActivity:
    """An activity of a programme's plans with its owners, strategies and public status.

    ``latest`` is the newest *submitted or reviewed* version of any of its reports
    (a draft is the reporter's own and not shown), or None.
    """

    id: int
    code: str
    name: str
    plan_id: int
    period_start: int | None
    period_end: int | None
    is_example: bool
    owners: tuple[str, ...]
    strategy_ids: tuple[int, ...]
    latest: ReportVersion | None


@dataclass(frozen=True)
class ReportDetails(HasCurrentVersion):
    """One status report with its cycle, activity, organisation and newest version."""

    report_id: int
    cycle_id: int
    cycle_name: str
    cycle_status: str
    deadline: dt.date | None
    activity_id: int
    activity_code: str
    activity_name: str
    activity_description: str | None
    is_example: bool
    organisation_id: int
    organisation_name: str
    current: ReportVersion | None


def request_rows(conn: Connection, *conditions) -> list:
    """Status report rows joined with their cycle, activity and organisation."""
    query = (select(StatusReport, FollowupCycle.name.label("cycle_name"),
                    FollowupCycle.status.label("cycle_status"), FollowupCycle.deadline,
                    Activity.code.label("activity_code"), Activity.name.label("activity_name"),
                    Activity.description.label("activity_description"),
                    Activity.is_example.label("activity_example"),
                    Organisation.name.label("organisation_name"))
             .join(FollowupCycle, FollowupCycle.id == StatusReport.cycle_id)
             .join(Activity, Activity.id == StatusReport.activity_id)
             .join(Organisation, Organisation.id == StatusReport.organisation_id)
             .where(*conditions)
             .order_by(FollowupCycle.year, Activity.code, StatusReport.id))
    return conn.execute(query).all()


def _details(row, latest) -> ReportDetails:
    current = _version(row, latest[row.id]) if row.id in latest else None
    return ReportDetails(row.id, row.cycle_id, row.cycle_name, row.cycle_status, row.deadline,
                         row.activity_id, row.activity_code, row.activity_name,
                         row.activity_description, bool(row.activity_example),
                         row.organisation_id, row.organisation_name, current)


def cycle_reports(engine: Engine, cycle_id: int) -> list[ReportDetails]:
    """Every status report of a cycle, by activity code, with its newest version."""
    with engine.connect() as conn:
        cycle_row(conn, cycle_id)
        rows = request_rows(conn, StatusReport.cycle_id == cycle_id)
        latest = latest_versions(conn, cycle_id=cycle_id)
    return [_details(row, latest) for row in rows]


def get_status_report(engine: Engine, report_id: int) -> ReportDetails:
    """One status report by id (``NotFoundError`` if there is none)."""
    with engine.connect() as conn:
        rows = request_rows(conn, StatusReport.id == report_id)
        if not rows:
            raise NotFoundError(f"ingen statusrapport med id {report_id}")
        latest = latest_versions(conn, report_ids=[report_id])
    return _details(rows[0], latest)


def programme_activities(engine: Engine, programme_id: int) -> list[ProgrammeActivity]:
    """The activities of the programme's plans, by code, with their latest public status."""
    with engine.connect() as conn:
        if conn.execute(select(Programme.id).where(Programme.id == programme_id)).first() is None:
            raise NotFoundError(f"inget program med id {programme_id}")
        activities = conn.execute(select(Activity).join(Plan, Plan.id == Activity.plan_id)
                                  .where(Plan.programme_id == programme_id)
                                  .order_by(Activity.code, Activity.id)).all()
        ids = [a.id for a in activities]
        owners: dict[int, list[str]] = {}
        for activity_id, name in conn.execute(
                select(ActivityOrganisation.activity_id, Organisation.name)
                .join(Organisation, Organisation.id == ActivityOrganisation.organisation_id)
                .where(ActivityOrganisation.role == "owner",
                       ActivityOrganisation.activity_id.in_(ids))
                .order_by(Organisation.name)):
            owners.setdefault(activity_id, []).append(name)
        strategies: dict[int, list[int]] = {}
        for activity_id, strategy_id in conn.execute(
                select(ActivityStrategy.activity_id, ActivityStrategy.strategy_id)
                .where(ActivityStrategy.activity_id.in_(ids))
                .order_by(ActivityStrategy.strategy_id)):
            strategies.setdefault(activity_id, []).append(strategy_id)
        # the newest reported version over all of an activity's reports (any cycle)
        newest = (select(func.max(StatusReportVersion.id).label("vid"))
                  .join(StatusReport, StatusReport.id == StatusReportVersion.report_id)
                  .where(StatusReportVersion.state.in_(REPORTED),
                         StatusReport.activity_id.in_(ids))
                  .group_by(StatusReport.activity_id).subquery())
        latest = {}
        for version in conn.execute(select(StatusReportVersion).join(
                newest, newest.c.vid == StatusReportVersion.id)):
            report = conn.execute(select(StatusReport).where(
                StatusReport.id == version.report_id)).first()
            latest[report.activity_id] = _version(report, version)
    return [ProgrammeActivity(a.id, a.code, a.name, a.plan_id, a.period_start, a.period_end,
                              bool(a.is_example), tuple(owners.get(a.id, ())),
                              tuple(strategies.get(a.id, ())), latest.get(a.id))
            for a in activities]
