"""One error shape for every error response, and the error pages.

API responses (paths under ``/api/``) are JSON::

    {"error": {"status": 404, "code": "not_found", "message": "...", "details": [...]}}

``details`` lists validation problems as ``{"location": [...], "message": ...}``.
Page responses render ``error.html`` with the same status and message.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from jamlik.errors import ArgumentError, ConflictError, InputError, NotFoundError

from ._i18n import gettext as _

__all__ = ["ApiError", "ErrorBody", "ErrorDetail", "ErrorResponse", "error_responses", "install"]

log = logging.getLogger("jamlik.web")

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media",
         422: "validation_error", 429: "too_many_requests", 500: "server_error"}


class ErrorDetail(BaseModel):
    location: list[str | int]
    message: str


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorResponse(BaseModel):
    error: ErrorBody


def error_responses(*statuses: int) -> dict:
    """OpenAPI ``responses`` entries for the given statuses, all with the error shape."""
    return {s: {"model": ErrorResponse, "description": CODES.get(s, "error")} for s in statuses}


class ApiError(Exception):
    """An error with a status that both the API and the pages show."""

    def __init__(self, status: int, message: str, details: list[dict] | None = None,
                 headers: dict | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details or []
        self.headers = headers


def _messages(status: int) -> str:
    return {400: _("Felaktig begäran."), 401: _("Du behöver logga in."),
            403: _("Du har inte behörighet till detta."), 404: _("Sidan finns inte."),
            405: _("Metoden är inte tillåten här."), 422: _("Uppgifterna är inte giltiga."),
            429: _("För många försök. Vänta en stund och försök igen."),
            500: _("Ett oväntat fel inträffade.")}.get(status, _("Ett fel inträffade."))


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def render(request: Request, status: int, message: str, details: list[dict] | None = None,
           headers: dict | None = None):
    if _wants_json(request):
        body = {"error": {"status": status, "code": CODES.get(status, "error"),
                          "message": message, "details": details or []}}
        return JSONResponse(body, status_code=status, headers=headers)
    if status == 401 and request.method == "GET":
        from urllib.parse import quote

        from fastapi.responses import RedirectResponse

        return RedirectResponse(f"/logga-in?next={quote(request.url.path)}", 303)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {
        "status": status, "message": message, "details": details or []},
        status_code=status, headers=headers)


def _location(loc) -> list:
    return [part if isinstance(part, (str, int)) else str(part) for part in loc]


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the one shape."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        message = error.detail if isinstance(error.detail, str) and error.detail not in (
            "Not Found", "Method Not Allowed") else _messages(error.status_code)
        return render(request, error.status_code, message, headers=getattr(error, "headers",
                                                                           None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError):
        details = [{"location": _location(e.get("loc", ())), "message": str(e.get("msg", ""))}
                   for e in error.errors()]
        return render(request, 422, _messages(422), details)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError):
        return render(request, error.status, error.message, error.details, error.headers)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, error: NotFoundError):
        return render(request, 404, str(error))

    @app.exception_handler(ConflictError)
    async def conflict(request: Request, error: ConflictError):
        return render(request, 409, str(error))

    @app.exception_handler(ArgumentError)
    async def argument(request: Request, error: ArgumentError):
        return render(request, 422, str(error), [{"location": ["body"], "message": str(error)}])

    @app.exception_handler(InputError)
    async def bad_input(request: Request, error: InputError):
        return render(request, 422, str(error), [{"location": ["body"], "message": str(error)}])

    @app.exception_handler(Exception)
    async def server_error(request: Request, error: Exception):
        log.exception("oväntat fel på %s", request.url.path)
        return render(request, 500, _messages(500))
