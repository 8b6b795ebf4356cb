"""The coordinator's page of follow-up cycles: open one (who reports, by when) and close it."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from . import _admin, _cycles_work
from ._auth import check_csrf, require
from ._errors import ApiError
from ._forms import POSTED_FORM

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
CYCLE_ID = Path(ge=1, le=2_147_483_647)


def _page(request: Request, *, errors=None, values=None, status=200):
    engine = request.app.state.engine
    return request.app.state.templates.TemplateResponse(request, "cycles.html", {
        "cycles": _cycles_work.cycles(engine),
        "org_options": [(o["id"], o["name"]) for o in _admin.organisations(engine)],
        "errors": errors or [], "values": values or {"year": str(dt.date.today().year)},
        "notice": request.query_params.get("klart")}, status_code=status)


@router.get("/arbete/uppfoljningar", response_class=HTMLResponse)
def cycles_page(request: Request):
    try:
        require(request, "coordinator")
    except ApiError as error:
        if error.status == 401:
            return RedirectResponse(f"/logga-in?next={request.url.path}", 303)
        raise
    return _page(request)


@router.post("/arbete/uppfoljningar", response_class=HTMLResponse)
def open_submit(request: Request, form=POSTED_FORM):
    user = require(request, "coordinator")
    check_csrf(request, form.get("csrf_token"))
    values, errors = _cycles_work.parse_open_form(form)
    if errors:
        return _page(request, errors=errors, values=values, status=422)
    try:
        _cycles_work.open_as(request.app.state.engine, user, year=int(values["year"]),
                             organisations=values["organisations"],
                             deadline=dt.date.fromisoformat(values["deadline"])
                             if values["deadline"] else None, name=values["name"] or None)
    except ApiError as error:
        if error.status in (409, 422):
            return _page(request, errors=[{"field": None, "message": error.message}],
                         values=values, status=error.status)
        raise
    return RedirectResponse("/arbete/uppfoljningar?klart=oppnad", 303)


@router.post("/arbete/uppfoljningar/{cycle_id}/stang", response_class=HTMLResponse)
def close_submit(request: Request, cycle_id: int = CYCLE_ID, form=POSTED_FORM):
    user = require(request, "coordinator")
    check_csrf(request, form.get("csrf_token"))
    try:
        _cycles_work.close_as(request.app.state.engine, user, cycle_id)
    except ApiError as error:
        if error.status == 409:
            return _page(request, errors=[{"field": None, "message": error.message}],
                         status=409)
        raise
    return RedirectResponse("/arbete/uppfoljningar?klart=stangd", 303)
