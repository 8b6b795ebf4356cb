"""Signing in and out (forms with CSRF tokens, rate-limited logins)."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ._auth import (
    check_csrf,
    clear_session_cookie,
    current_user,
    login,
    logout,
    set_session_cookie,
)
from ._errors import ApiError
from ._i18n import gettext as _

__all__ = ["router", "safe_next"]

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None, default: str = "/arbete") -> str:
    """Only a local path may be the target after login (no open redirect)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def _page(request: Request, *, errors: list[dict] | None = None, username: str = "",
          status: int = 200, next_: str | None = None):
    return request.app.state.templates.TemplateResponse(request, "login.html", {
        "errors": errors or [], "username": username,
        "next": next_ or request.query_params.get("next", "")}, status_code=status)


@router.get("/logga-in", response_class=HTMLResponse)
def login_page(request: Request):
    if current_user(request) is not None:
        return RedirectResponse(safe_next(request.query_params.get("next")), 303)
    return _page(request)


@router.post("/logga-in", response_class=HTMLResponse)
def login_submit(request: Request, username: str = Form(""), password: str = Form(""),
                 csrf_token: str = Form(""), next: str = Form("")):
    check_csrf(request, csrf_token)
    errors = []
    if not username.strip():
        errors.append({"field": "username", "message": _("Skriv ditt användarnamn.")})
    if not password:
        errors.append({"field": "password", "message": _("Skriv ditt lösenord.")})
    if errors:
        return _page(request, errors=errors, username=username, status=422, next_=next)
    try:
        token = login(request, username, password)
    except ApiError as error:
        field = "password" if error.status == 401 else "username"
        return _page(request, errors=[{"field": field, "message": error.message}],
                     username=username, status=error.status, next_=next)
    response = RedirectResponse(safe_next(next), 303)
    set_session_cookie(response, token)
    return response


@router.post("/logga-ut")
def logout_submit(request: Request, csrf_token: str = Form("")):
    check_csrf(request, csrf_token)
    logout(request)
    response = RedirectResponse("/", 303)
    clear_session_cookie(response)
    return response
