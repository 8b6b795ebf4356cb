"""Administration pages: accounts, organisations, file import, audit log."""

from __future__ import annotations

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from jamlik.errors import ArgumentError, ConflictError
from jamlik.store import ROLES, create_account, update_account

from . import _admin
from ._auth import check_csrf, require
from ._errors import ApiError
from ._forms import POSTED_FORM, form_id, form_ids
from ._i18n import gettext as _

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
PER_PAGE = 50


def _user(request: Request, *roles: str):
    try:
        return require(request, *roles)
    except ApiError as error:
        if error.status == 401:
            raise ApiError(401, error.message) from None
        raise


def _render(request: Request, template: str, context: dict, status: int = 200):
    return request.app.state.templates.TemplateResponse(request, template, context,
                                                        status_code=status)


@router.get("/admin", response_class=HTMLResponse)
def admin_index(request: Request):
    user = _user(request, "analyst")
    return _render(request, "admin.html", {"user": user})


def _accounts_page(request, errors=None, values=None, status=200, notice=None):
    engine = request.app.state.engine
    return _render(request, "admin_users.html", {
        "accounts": _admin.accounts(engine), "organisations": _admin.organisations(engine),
        "roles": [(r, _admin.role_label(r)) for r in ROLES], "errors": errors or [],
        "values": values or {}, "notice": notice or request.query_params.get("klart")}, status)


@router.get("/admin/anvandare", response_class=HTMLResponse)
def users_page(request: Request):
    _user(request, "admin")
    return _accounts_page(request)


@router.post("/admin/anvandare", response_class=HTMLResponse)
def users_submit(request: Request, form=POSTED_FORM):
    user = _user(request, "admin")
    check_csrf(request, form.get("csrf_token"))
    engine = request.app.state.engine
    organisations, errors = form_ids(form, "organisations")
    account_id, problems = form_id(form, "account_id")
    values = {"username": (form.get("username") or "").strip(), "role": form.get("role"),
              "display_name": (form.get("display_name") or "").strip(),
              "organisations": organisations}
    if errors or problems:
        return _accounts_page(request, errors + problems, values, 422)
    try:
        if account_id:
            update_account(engine, account_id, role=values["role"],
                           display_name=values["display_name"] or values["username"],
                           active=form.get("active") == "on", organisations=organisations,
                           password=form.get("password") or None, actor=user.username)
        else:
            create_account(engine, values["username"], form.get("password") or "",
                           role=values["role"] or "", display_name=values["display_name"],
                           organisations=organisations, actor=user.username)
    except (ArgumentError, ConflictError) as error:
        field = ("password" if "lösenord" in str(error) else "role" if "roll" in str(error)
                 else "active" if "eget konto" in str(error) else "organisations"
                 if "organisation" in str(error) else "username")
        return _accounts_page(request, [{"field": field, "message": str(error)}], values, 422)
    return RedirectResponse("/admin/anvandare?klart=1", 303)


def _account_page(request, account: dict, errors=None, status=200):
    engine = request.app.state.engine
    return _render(request, "admin_user_edit.html", {
        "account": account,
        "org_options": [(o["id"], o["name"]) for o in _admin.organisations(engine)],
        "roles": [(r, _admin.role_label(r)) for r in ROLES], "errors": errors or []}, status)


def _account(request, account_id: int) -> dict:
    found = [a for a in _admin.accounts(request.app.state.engine) if a["id"] == account_id]
    if not found:
        raise ApiError(404, _("Kontot finns inte."))
    return found[0]


@router.get("/admin/anvandare/{account_id}", response_class=HTMLResponse)
def account_page(request: Request, account_id: int = Path(ge=1, le=2_147_483_647)):
    _user(request, "admin")
    return _account_page(request, _account(request, account_id))


@router.post("/admin/anvandare/{account_id}", response_class=HTMLResponse)
def account_submit(request: Request, account_id: int = Path(ge=1, le=2_147_483_647),
                   form=POSTED_FORM):
    user = _user(request, "admin")
    check_csrf(request, form.get("csrf_token"))
    account = _account(request, account_id)
    organisations, errors = form_ids(form, "organisations")
    values = {**account, "role": form.get("role") or "",
              "display_name": (form.get("display_name") or "").strip() or account["username"],
              "active": form.get("active") == "on", "organisations": organisations}
    if errors:
        return _account_page(request, values, errors, 422)
    if account["username"] == user.username and not values["active"]:
        return _account_page(request, values, [{"field": "active", "message": _(
            "Du kan inte stänga av ditt eget konto.")}], 422)
    try:
        update_account(request.app.state.engine, account_id, role=values["role"],
                       display_name=values["display_name"], active=values["active"],
                       organisations=organisations, password=form.get("password") or None,
                       actor=user.username)
    except ArgumentError as error:
        field = ("password" if "lösenord" in str(error) else "organisations"
                 if "organisation" in str(error) else "role")
        return _account_page(request, values, [{"field": field, "message": str(error)}], 422)
    return RedirectResponse("/admin/anvandare?klart=1", 303)


@router.get("/admin/organisationer", response_class=HTMLResponse)
def organisations_page(request: Request):
    _user(request, "admin")
    return _render(request, "admin_orgs.html", {
        "organisations": _admin.organisations(request.app.state.engine), "errors": [],
        "values": {}, "notice": request.query_params.get("klart")})


@router.post("/admin/organisationer", response_class=HTMLResponse)
def organisations_submit(request: Request, form=POSTED_FORM):
    user = _user(request, "admin")
    check_csrf(request, form.get("csrf_token"))
    engine = request.app.state.engine
    from jamlik.errors import NotFoundError
    from jamlik.program import create_organisation, update_organisation
    from jamlik.store import audit

    values = {k: (form.get(k) or "").strip() for k in ("code", "name", "kind", "parent")}
    errors = [{"field": k, "message": m} for k, m in (
        ("code", _("Skriv en kod (t.ex. forskolenamnden).")),
        ("name", _("Skriv organisationens namn."))) if not values[k]]
    if not errors:
        known = {o["code"] for o in _admin.organisations(engine)}
        try:
            if values["code"] in known:  # the same code changes the organisation
                update_organisation(engine, values["code"], name=values["name"],
                                    kind=values["kind"] or "other",
                                    parent=values["parent"] or None)
                action = "organisation.update"
            else:
                create_organisation(engine, code=values["code"], name=values["name"],
                                    kind=values["kind"] or "other",
                                    parent=values["parent"] or None)
                action = "organisation.create"
            with engine.begin() as conn:
                audit(conn, user.username, action, "organisation", values["code"],
                      values["name"])
        except (ArgumentError, ConflictError, NotFoundError) as error:
            field = ("kind" if "typ" in str(error) else "parent"
                     if "organisation" in str(error) else "code")
            errors = [{"field": field, "message": str(error)}]
    if errors:
        return _render(request, "admin_orgs.html", {
            "organisations": _admin.organisations(engine), "errors": errors,
            "values": values, "notice": None}, 422)
    return RedirectResponse("/admin/organisationer?klart=1", 303)


@router.get("/admin/import", response_class=HTMLResponse)
def import_page(request: Request):
    _user(request, "analyst")
    return _render(request, "admin_import.html", {"result": None, "errors": []})


@router.post("/admin/import", response_class=HTMLResponse)
def import_submit(request: Request, form=POSTED_FORM):
    user = _user(request, "analyst")
    check_csrf(request, form.get("csrf_token"))
    upload = form.get("file")
    if upload is None or not getattr(upload, "filename", None):
        return _render(request, "admin_import.html", {"result": None, "errors": [
            {"field": "file", "message": _("Välj en fil att importera.")}]}, 422)
    # the spooled upload itself: copied in chunks to the import's file, never whole in memory
    result = _admin.import_upload(request.app.state.engine, user, upload.filename, upload.file,
                                  format=form.get("format") or None,
                                  **{name: (form.get(name) or "").strip() or None
                                     for name in _admin.IMPORT_OPTIONS})
    status = 200 if result["ok"] else 422
    errors = [] if result["ok"] else [{"field": "file", "message": result["message"]}]
    return _render(request, "admin_import.html", {"result": result, "errors": errors}, status)


@router.get("/admin/logg", response_class=HTMLResponse)
def audit_log(request: Request, page: int = 1):
    _user(request, "admin")
    page = min(max(page, 1), 1_000_000)
    rows, total = _admin.audit_page(request.app.state.engine, page=page, per_page=PER_PAGE)
    pages = max((total + PER_PAGE - 1) // PER_PAGE, 1)
    return _render(request, "admin_log.html", {"rows": rows, "page": page, "pages": pages,
                                               "total": total})
