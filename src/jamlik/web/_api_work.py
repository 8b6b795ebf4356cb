"""The signed-in part of the JSON API: session, follow-up (requests, status reports,
review) and administration. Same roles and checks as the pages; a change needs
the session's CSRF token in the ``X-CSRF-Token`` header."""

from __future__ import annotations

from fastapi import (
    APIRouter, Depends, File, Form, Header, Path, Query, Request, Response, UploadFile,
)

from jamlik.errors import ConflictError

from . import _admin, _work
from . import _api_models as m
from ._auth import (
    check_csrf,
    clear_session_cookie,
    login,
    logout,
    require,
    set_session_cookie,
    user_for_token,
)
from ._choices import refuse_unknown_parameters
from ._errors import ApiError, error_responses

__all__ = ["router"]

router = APIRouter(prefix="/api/v1",
                   dependencies=[Depends(refuse_unknown_parameters)],
                   responses=error_responses(400, 401, 403, 404, 405, 409, 422, 429, 500))
PAGE = Query(1, ge=1, le=1_000_000)
PER_PAGE = Query(50, ge=1, le=500)
UPLOAD = File(description="Filen att importera.")
#: The import's options, as on the command line (``jamlik import --help``) and the form.
IMPORT_FIELDS = {
    "format": Form(None, max_length=40, description="Filformat (standard: känns igen)."),
    "area_version": Form(None, max_length=100,
                         description="Områdesindelning för koder utan version, t.ex. RegSO_2025."),
    "area_code": Form(None, max_length=100, description="Område för en fil utan områdeskolumn."),
    "period": Form(None, max_length=100, description="Period för en fil utan periodkolumn."),
    "table_id": Form(None, max_length=100, description="Tabell-id (PxWeb/PC-Axis)."),
    "encoding": Form(None, max_length=40, description="Teckenkodning (PC-Axis)."),
    "dash": Form(None, max_length=40, description="Vad strecket (-) betyder (PC-Axis)."),
}
REPORT_ID = Path(ge=1, le=2_147_483_647, description="Statusrapportens id.", examples=[1])
CSRF = Header(None, alias="X-CSRF-Token", max_length=200,
              description="Sessionens CSRF-token (från GET /api/v1/session).")


def _session_out(user) -> dict:
    return {"username": user.username, "display_name": user.display_name, "role": user.role,
            "organisations": list(user.organisations), "csrf_token": user.csrf}


@router.post("/session", response_model=m.SessionOut, tags=["konto"],
             summary="Logga in (sätter sessionskakan)")
def session_login(request: Request, response: Response, body: m.LoginIn):
    token = login(request, body.username, body.password)
    set_session_cookie(response, token)
    return _session_out(user_for_token(request.app.state.engine, token))


@router.get("/session", response_model=m.SessionOut, tags=["konto"])
def session_get(request: Request):
    return _session_out(require(request))


@router.delete("/session", status_code=204, tags=["konto"], response_class=Response)
def session_logout(request: Request, x_csrf_token: str | None = CSRF):
    require(request)
    check_csrf(request, x_csrf_token)
    logout(request)
    response = Response(status_code=204)
    clear_session_cookie(response)
    return response


@router.get("/followup/requests", response_model=m.Page[m.RequestOut], tags=["uppföljning"],
            summary="Mina rapporter i öppna uppföljningar (rapportör)")
def my_requests(request: Request, page: int = PAGE, per_page: int = PER_PAGE):
    user = require(request, "reporter")
    return m.paginate(_work.my_requests(request.app.state.engine, user), page, per_page)


@router.get("/followup/queue", response_model=m.Page[m.RequestOut], tags=["uppföljning"],
            summary="Alla rapporter i öppna uppföljningar, inskickade först (samordnare)")
def review_queue(request: Request, page: int = PAGE, per_page: int = PER_PAGE):
    require(request, "coordinator")
    return m.paginate(_work.review_queue(request.app.state.engine), page, per_page)


@router.get("/status-reports/{report_id}", response_model=m.ReportOut, tags=["uppföljning"])
def get_report(request: Request, report_id: int = REPORT_ID):
    user = require(request)
    return m.clean(_work.load_report(request.app.state.engine, user, report_id))


def _step(request, report_id, action, *, expected, fields=None, comment=None, csrf=None):
    user = require(request)
    check_csrf(request, csrf)
    try:
        return m.clean(_work.apply_step(request.app.state.engine, user, report_id, action,
                                        expected_version=expected, fields=fields,
                                        comment=comment))
    except ConflictError as error:
        raise ApiError(409, str(error)) from None


@router.put("/status-reports/{report_id}", response_model=m.ReportOut, tags=["uppföljning"],
            summary="Spara ett utkast (rapportör); fält som utelämnas behåller sitt värde")
def save_report(request: Request, body: m.SaveIn, report_id: int = REPORT_ID,
                x_csrf_token: str | None = CSRF):
    fields = body.model_dump(exclude_unset=True, exclude={"expected_version"})
    if "examples" in fields and fields["examples"] is None:
        fields["examples"] = []
    return _step(request, report_id, "save", expected=body.expected_version, fields=fields,
                 csrf=x_csrf_token)


@router.post("/status-reports/{report_id}/submit", response_model=m.ReportOut,
             tags=["uppföljning"], summary="Skicka in för granskning (rapportör)")
def submit_report(request: Request, body: m.SubmitIn, report_id: int = REPORT_ID,
                  x_csrf_token: str | None = CSRF):
    return _step(request, report_id, "submit", expected=body.expected_version,
                 csrf=x_csrf_token)


@router.post("/status-reports/{report_id}/review", response_model=m.ReportOut,
             tags=["uppföljning"], summary="Godkänn eller skicka tillbaka (samordnare)")
def review_report(request: Request, body: m.ReviewIn, report_id: int = REPORT_ID,
                  x_csrf_token: str | None = CSRF):
    return _step(request, report_id, "send_back" if body.send_back else "review",
                 expected=body.expected_version, comment=body.comment, csrf=x_csrf_token)


@router.get("/admin/users", response_model=m.Page[m.UserOut], tags=["administration"])
def users(request: Request, page: int = PAGE, per_page: int = PER_PAGE):
    require(request, "admin")
    return m.paginate(_admin.accounts(request.app.state.engine), page, per_page)


@router.get("/admin/audit", response_model=m.Page[m.AuditOut], tags=["administration"],
            summary="Loggen: vem ändrade vad, nyast först")
def audit_log(request: Request, page: int = PAGE, per_page: int = PER_PAGE):
    require(request, "admin")
    rows, total = _admin.audit_page(request.app.state.engine, page=page, per_page=per_page)
    return {"items": rows, "page": page, "per_page": per_page, "total": total,
            "pages": max((total + per_page - 1) // per_page, 1)}


@router.post("/admin/imports", response_model=m.ImportOut, tags=["administration"],
             summary="Importera en fil; fel anges med fil, rad och kolumn")
def import_file(request: Request, file: UploadFile = UPLOAD,
                format: str | None = IMPORT_FIELDS["format"],
                area_version: str | None = IMPORT_FIELDS["area_version"],
                area_code: str | None = IMPORT_FIELDS["area_code"],
                period: str | None = IMPORT_FIELDS["period"],
                table_id: str | None = IMPORT_FIELDS["table_id"],
                encoding: str | None = IMPORT_FIELDS["encoding"],
                dash: str | None = IMPORT_FIELDS["dash"],
                x_csrf_token: str | None = CSRF):
    # a plain function: FastAPI runs the import in a worker thread, off the event loop
    user = require(request, "analyst")
    check_csrf(request, x_csrf_token)
    options = dict(area_code=area_code, period=period, table_id=table_id, encoding=encoding,
                   dash=dash)
    # messages name this endpoint's own fields ("ange fältet 'area_version'")
    result = _admin.import_upload(
        request.app.state.engine, user, file.filename or "upload", file.file,
        format=(format or "").strip() or None, area_version=(area_version or "").strip() or None,
        labels={name: name for name in ("format", "area_version", *options)},
        **{name: (value or "").strip() or None for name, value in options.items()})
    if not result["ok"]:
        # the one error shape; each problem located as [file, row, column]
        raise ApiError(422, result["message"], [
            {"location": [e["file"] or "", e["row"] if e["row"] is not None else "",
                          e["column"] or ""], "message": e["problem"]}
            for e in result["errors"]])
    return m.clean(result)
