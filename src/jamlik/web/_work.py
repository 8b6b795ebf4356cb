"""The follow-up work behind the pages and the API: who may read or change a status
report, and each step through :mod:`jamlik.program`'s service API (which keeps
every version and refuses stale saves).

Permissions: a reporter reads and edits the reports of their own organisations
(and of the organisations under them, as :func:`jamlik.program.requests_for`
lists them); a coordinator (and admin) reads every report and reviews submitted
ones; an analyst has no part in the follow-up.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from jamlik.program import organisations_under
from jamlik.store import audit

from ._auth import User
from ._errors import ApiError
from ._i18n import gettext as _
from ._i18n import language

__all__ = [
    "EDITABLE",
    "allowed_organisations",
    "apply_step",
    "load_report",
    "my_requests",
    "review_queue",
]

EDITABLE = (None, "draft", "returned")


def allowed_organisations(engine: Engine, user: User) -> set[int]:
    """The user's organisations and every organisation under them."""
    if not user.organisations:
        return set()
    with engine.connect() as conn:
        return set(organisations_under(conn, user.organisations))


def _version_dict(version) -> dict[str, Any] | None:
    if version is None:
        return None
    from jamlik.program import catalogue

    lang = language()
    return {"version": version.version, "action": version.action, "state": version.state,
            "state_label": catalogue.label("state", version.state, lang),
            "action_label": catalogue.label("action", version.action, lang),
            "status": version.status, "progress": version.progress,
            "goal_attainment": version.goal_attainment, "narrative": version.narrative,
            "examples": [dict(e) for e in version.examples],
            "evidence_links": list(version.evidence_links), "comment": version.comment,
            "author": version.author,
            "created_at": version.created_at.isoformat() if version.created_at else None}


def load_report(engine: Engine, user: User, report_id: int, *, history: bool = True) -> dict:
    """A status report with its newest version and what ``user`` may do with it.

    Raises ApiError 404 when there is no such report and 403 when the user may
    not see it (a reporter of another organisation).
    """
    from jamlik.errors import NotFoundError
    from jamlik.program import get_status_report, status_report_history

    try:
        row = get_status_report(engine, report_id)
    except NotFoundError:
        raise ApiError(404, _("Statusrapporten finns inte.")) from None
    reporter = (user.role == "reporter"
                and row.organisation_id in allowed_organisations(engine, user))
    coordinator = user.has("coordinator")
    if not (reporter or coordinator):
        raise ApiError(403, _("Du kan bara öppna statusrapporter för dina egna organisationer."))
    current, state = row.current, row.state
    versions = (status_report_history(engine, activity_id=row.activity_id,
                                      cycle_id=row.cycle_id) if history else [])
    open_cycle = row.cycle_status == "open"
    return {
        "id": row.report_id, "cycle_id": row.cycle_id, "cycle_name": row.cycle_name,
        "cycle_status": row.cycle_status,
        "deadline": row.deadline.isoformat() if row.deadline else None,
        "activity_id": row.activity_id, "activity_code": row.activity_code,
        "activity_name": row.activity_name,
        "activity_description": row.activity_description, "is_example": row.is_example,
        "organisation_id": row.organisation_id,
        "organisation_name": row.organisation_name,
        "version": current.version if current is not None else 0,
        "state": state, "current": _version_dict(current),
        "history": [_version_dict(v) for v in reversed(versions)],
        "can_edit": open_cycle and reporter and state in EDITABLE,
        "can_review": open_cycle and coordinator and state == "submitted",
        "can_send_back": open_cycle and coordinator and state in ("submitted", "reviewed"),
    }


def apply_step(engine: Engine, user: User, report_id: int, action: str, *,
               expected_version: int, fields: dict | None = None,
               comment: str | None = None) -> dict:
    """Save, submit, review or send back a report as ``user``; returns the new state.

    Errors of the service API pass through: ArgumentError (a bad field, 422),
    StatusReportConflict (someone saved first, 409), WorkflowError (the step is
    not allowed now, turned into 409 here).
    """
    from jamlik.program import (
        WorkflowError,
        review_status_report,
        save_status_report,
        submit_status_report,
    )

    report = load_report(engine, user, report_id, history=False)
    ids = {"activity_id": report["activity_id"], "cycle_id": report["cycle_id"]}
    if action in ("save", "submit") and user.role != "reporter":
        raise ApiError(403, _("Bara rapportörer för organisationen kan ändra rapporten."))
    if action in ("review", "send_back") and not user.has("coordinator"):
        raise ApiError(403, _("Bara samordnare kan granska rapporter."))
    try:
        if action == "save":
            result = save_status_report(engine, fields=fields or {},
                                        expected_version=expected_version,
                                        author=user.username, **ids)
        elif action == "submit":
            version = expected_version
            if fields:
                version = save_status_report(engine, fields=fields,
                                             expected_version=expected_version,
                                             author=user.username, **ids).version
            result = submit_status_report(engine, expected_version=version,
                                          author=user.username, **ids)
        elif action in ("review", "send_back"):
            result = review_status_report(engine, expected_version=expected_version,
                                          reviewer=user.username,
                                          send_back=action == "send_back", comment=comment,
                                          **ids)
        else:
            raise ApiError(422, _("Okänd åtgärd."), [{"location": ["body", "action"],
                                                      "message": action}])
    except WorkflowError as error:
        raise ApiError(409, str(error)) from None
    with engine.begin() as conn:
        audit(conn, user.username, f"status_report.{action}", "status_report", report_id,
              f"{report['activity_name']} ({report['cycle_name']}): version {result.version}, "
              f"{result.state}", {"version": result.version, "state": result.state})
    return load_report(engine, user, report_id)


def my_requests(engine: Engine, user: User) -> list[dict]:
    """The reports the user's organisations owe in open cycles."""
    from jamlik.program import catalogue, requests_for

    out, seen = [], set()
    for org in user.organisations:
        for request in requests_for(engine, org):
            if request.report_id in seen:
                continue
            seen.add(request.report_id)
            out.append({"report_id": request.report_id, "cycle_name": request.cycle_name,
                        "deadline": request.deadline.isoformat() if request.deadline else None,
                        "activity_code": request.activity_code,
                        "activity_name": request.activity_name,
                        "organisation_id": request.organisation_id,
                        "organisation_name": request.organisation_name,
                        "version": request.version, "state": request.state,
                        "state_label": catalogue.label("state", request.state, language())
                        if request.state else _("inte påbörjad")})
    return out


def review_queue(engine: Engine) -> list[dict]:
    """Every report of the open cycles with its state, for the coordinator (submitted first)."""
    from jamlik.program import catalogue, cycle_reports, list_cycles

    out = []
    for cycle in list_cycles(engine):
        if cycle.status != "open":
            continue
        for report in cycle_reports(engine, cycle.id):
            out.append({
                "report_id": report.report_id, "cycle_name": report.cycle_name,
                "activity_code": report.activity_code, "activity_name": report.activity_name,
                "organisation_name": report.organisation_name, "state": report.state,
                "version": report.version,
                "state_label": catalogue.label("state", report.state, language())
                if report.state else _("inte påbörjad")})
    order = {"submitted": 0, "returned": 1, "draft": 2, None: 3, "reviewed": 4}
    return sorted(out, key=lambda r: order.get(r["state"], 5))
