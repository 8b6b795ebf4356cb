"""Follow-up cycles in the JSON API (coordinator and admin): list, open, close.
Same checks and audit log as the page; a change needs the X-CSRF-Token header."""

from __future__ import annotations

from fastapi import Depends, APIRouter, Header, Path, Request

from . import _api_models as m
from . import _cycles_work
from ._auth import check_csrf, require
from ._choices import refuse_unknown_parameters
from ._errors import error_responses

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/followup/cycles", tags=["uppföljning"],
                   dependencies=[Depends(refuse_unknown_parameters)],
                   responses=error_responses(400, 401, 403, 404, 405, 409, 422, 500))
CYCLE_ID = Path(ge=1, le=2_147_483_647, description="Uppföljningens id.", examples=[1])
CSRF = Header(None, alias="X-CSRF-Token", max_length=200,
              description="Sessionens CSRF-token (från GET /api/v1/session).")


@router.get("", response_model=list[m.CycleOut],
            summary="Alla uppföljningar, senaste året först (samordnare)")
def list_cycles(request: Request):
    require(request, "coordinator")
    return _cycles_work.cycles(request.app.state.engine)


@router.post("", response_model=m.CycleOut, status_code=201,
             summary="Öppna en uppföljning: vilka organisationer rapporterar och sista dag")
def open_cycle(request: Request, body: m.CycleIn, x_csrf_token: str | None = CSRF):
    user = require(request, "coordinator")
    check_csrf(request, x_csrf_token)
    return _cycles_work.open_as(request.app.state.engine, user, year=body.year,
                                organisations=body.organisations, deadline=body.deadline,
                                name=body.name)


@router.post("/{cycle_id}/close", response_model=m.CycleOut,
             summary="Stäng en uppföljning; rapporterna kan sedan inte ändras")
def close_cycle(request: Request, cycle_id: int = CYCLE_ID, x_csrf_token: str | None = CSRF):
    user = require(request, "coordinator")
    check_csrf(request, x_csrf_token)
    return _cycles_work.close_as(request.app.state.engine, user, cycle_id)
