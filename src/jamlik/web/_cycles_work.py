"""Opening and closing follow-up cycles (uppföljningar) as a coordinator, behind the
page and the API: the service API's checks, the audit log, errors as ApiError."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from jamlik.errors import ArgumentError, ConflictError, NotFoundError
from jamlik.store import audit

from ._auth import User
from ._errors import ApiError
from ._forms import form_ids
from ._i18n import gettext as _

__all__ = ["close_as", "cycles", "open_as", "parse_open_form"]


def _cycle_dict(cycle, progress=None) -> dict:
    out = {"id": cycle.id, "code": cycle.code, "name": cycle.name, "year": cycle.year,
           "deadline": cycle.deadline.isoformat() if cycle.deadline else None,
           "status": cycle.status, "opened_by": cycle.opened_by,
           "opened_at": cycle.opened_at.isoformat() if cycle.opened_at else None,
           "closed_by": cycle.closed_by,
           "closed_at": cycle.closed_at.isoformat() if cycle.closed_at else None,
           "is_example": bool(cycle.is_example)}
    if progress is not None:
        out["organisations"] = len(progress)
        out["reports"] = sum(p.reports for p in progress)
        out["reported"] = sum(p.reported for p in progress)
    return out


def cycles(engine: Engine) -> list[dict]:
    """Every cycle, newest year first, with how many reports are owed and reported."""
    from jamlik.program import cycle_status, list_cycles

    return [_cycle_dict(*cycle_status(engine, c.id)) for c in reversed(list_cycles(engine))]


def parse_open_form(form) -> tuple[dict, list[dict]]:
    """Year, deadline, name and organisations of the open-a-cycle form, and its problems."""
    values = {"year": (form.get("year") or "").strip(),
              "deadline": (form.get("deadline") or "").strip(),
              "name": (form.get("name") or "").strip(),
              "organisations": []}
    values["organisations"], id_errors = form_ids(form, "organisations")
    errors = list(id_errors)
    if not (values["year"].isascii() and values["year"].isdigit()) or not 1900 <= int(values["year"]) <= 2200:
        errors.append({"field": "year", "message": _("Skriv året som följs upp (t.ex. 2025).")})
    try:
        dt.date.fromisoformat(values["deadline"]) if values["deadline"] else None
    except ValueError:
        errors.append({"field": "deadline",
                       "message": _("Skriv sista dag som ett datum (ÅÅÅÅ-MM-DD).")})
    if not values["organisations"] and not id_errors:
        errors.append({"field": "organisations",
                       "message": _("Välj minst en organisation som ska rapportera.")})
    return values, errors


def open_as(engine: Engine, user: User, *, year: int, organisations: list[int],
            deadline: dt.date | None = None, name: str | None = None) -> dict:
    """Open a cycle for ``year`` in which ``organisations`` report; logged."""
    from jamlik.program import cycle_status, open_cycle

    if not organisations:
        raise ApiError(422, _("Välj minst en organisation som ska rapportera."),
                       [{"location": ["body", "organisations"],
                         "message": _("Välj minst en organisation som ska rapportera.")}])
    code = None
    if name:
        code = f"uppfoljning-{year}-" + "".join(
            ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")[:60]
    try:
        cycle = open_cycle(engine, year=year, author=user.username, deadline=deadline,
                           organisations=organisations, name=name or None, code=code)
    except ArgumentError as error:
        raise ApiError(422, str(error)) from None
    except NotFoundError as error:
        raise ApiError(422, str(error)) from None
    except ConflictError as error:
        raise ApiError(409, str(error)) from None
    _cycle, progress = cycle_status(engine, cycle.id)
    out = _cycle_dict(cycle, progress)
    with engine.begin() as conn:
        audit(conn, user.username, "cycle.open", "followup_cycle", cycle.id,
              f"{cycle.name}: {out['organisations']} organisationer, {out['reports']} rapporter",
              {"year": year, "organisations": sorted(organisations),
               "deadline": out["deadline"]})
    return out


def close_as(engine: Engine, user: User, cycle_id: int) -> dict:
    """Close a cycle (its reports can no longer change); logged."""
    from jamlik.program import WorkflowError, close_cycle, cycle_status

    try:
        cycle = close_cycle(engine, cycle_id, author=user.username)
    except NotFoundError:
        raise ApiError(404, _("Uppföljningen finns inte.")) from None
    except WorkflowError as error:
        raise ApiError(409, str(error)) from None
    with engine.begin() as conn:
        audit(conn, user.username, "cycle.close", "followup_cycle", cycle.id, cycle.name)
    return _cycle_dict(*cycle_status(engine, cycle.id))
