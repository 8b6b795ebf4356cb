"""Signed-in follow-up pages: my requests, the status report form, the review queue."""

from __future__ import annotations

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from jamlik.errors import ArgumentError, ConflictError
from jamlik.program import check_consistency, check_link

from . import _work
from ._auth import check_csrf, require
from ._errors import ApiError
from ._forms import POSTED_FORM
from ._i18n import gettext as _
from ._i18n import language

__all__ = ["form_fields", "router"]

router = APIRouter(include_in_schema=False)


def _login_redirect(request: Request):
    return RedirectResponse(f"/logga-in?next={request.url.path}", 303)


def _templates(request: Request):
    return request.app.state.templates


@router.get("/arbete", response_class=HTMLResponse)
def work(request: Request):
    try:
        user = require(request)
    except ApiError as error:
        if error.status == 401:
            return _login_redirect(request)
        raise
    engine = request.app.state.engine
    requests = _work.my_requests(engine, user) if user.role == "reporter" else []
    queue = _work.review_queue(engine) if user.has("coordinator") else []
    return _templates(request).TemplateResponse(request, "work.html", {
        "user": user, "requests": requests, "queue": queue,
        "notice": request.query_params.get("klart")})


def _vocabulary(name: str) -> list[tuple[str, str]]:
    from jamlik.program import catalogue

    return [(code, catalogue.label(name, code, language()))
            for code in catalogue.codes(name)]


def form_fields(form) -> tuple[dict, list[dict]]:
    """The status report fields of a submitted form, and the problems found in it."""
    errors, fields = [], {}
    fields["status"] = form.get("status") or None
    fields["goal_attainment"] = form.get("goal_attainment") or None
    progress = (form.get("progress") or "").strip()
    if progress:
        try:
            fields["progress"] = int(progress)
        except ValueError:
            fields["progress"] = None
            errors.append({"field": "progress",
                           "message": _("Genomfört måste vara ett heltal mellan 0 och 100.")})
        else:
            if not 0 <= fields["progress"] <= 100:
                errors.append({"field": "progress",
                               "message": _("Genomfört måste vara ett heltal mellan 0 och 100.")})
    else:
        fields["progress"] = None
    fields["narrative"] = form.get("narrative") or None
    fields["examples"], problems = _examples(form)
    errors += problems
    links = [line.strip() for line in (form.get("evidence_links") or "").splitlines()]
    fields["evidence_links"] = [line for line in links if line]
    for i, line in enumerate(fields["evidence_links"]):
        errors += _refused("evidence_links", check_link, line, field=f"evidence_links[{i}]")
    errors += _refused("progress", check_consistency, fields)
    return fields, errors


def _refused(name: str, check, *args, **kwargs) -> list[dict]:
    """The program's own check of a field (one definition), as a form error."""
    try:
        check(*args, **kwargs)
    except ArgumentError as error:
        return [{"field": name, "message": str(error)}]
    return []


def _examples(form) -> tuple[list[dict], list[dict]]:
    """Every example of the form (one group of fields each, matched by position)."""
    examples, errors = [], []
    groups = zip(*(form.getlist(f"example_{key}") for key in ("quote", "document", "page",
                                                              "link")), strict=False)
    for quote, document, page, link in groups:
        quote, document, page, link = (str(v).strip() for v in (quote, document, page, link))
        if not (quote or document or page or link):
            continue  # an emptied example is removed
        if not quote:
            errors.append({"field": "example_quote", "message": _(
                "Skriv citatet ur dokumentet, eller töm dokumentfältet.")})
            continue
        if link:
            errors += _refused("example_quote", check_link, link,
                               field=f"examples[{len(examples)}].link")
        examples.append({"quote": quote, "document": document or None, "page": page or None,
                         "link": link or None})
    return examples, errors


def _report_page(request: Request, report: dict, *, errors=None, values=None, status=200,
                 conflict=None):
    return _templates(request).TemplateResponse(request, "report.html", {
        "report": report, "errors": errors or [], "values": values or report["current"] or {},
        "statuses": _vocabulary("status"), "attainments": _vocabulary("goal_attainment"),
        "conflict": conflict, "notice": request.query_params.get("klart")},
        status_code=status)


@router.get("/arbete/rapporter/{report_id}", response_class=HTMLResponse)
def report_page(request: Request, report_id: int = Path(ge=1, le=2_147_483_647)):
    try:
        user = require(request)
    except ApiError as error:
        if error.status == 401:
            return _login_redirect(request)
        raise
    return _report_page(request, _work.load_report(request.app.state.engine, user, report_id))


@router.post("/arbete/rapporter/{report_id}", response_class=HTMLResponse)
def report_submit(request: Request, report_id: int = Path(ge=1, le=2_147_483_647),
                  form=POSTED_FORM):
    user = require(request)
    check_csrf(request, form.get("csrf_token"))
    engine = request.app.state.engine
    report = _work.load_report(engine, user, report_id)
    action = form.get("action") or "save"
    try:
        expected = int(form.get("expected_version") or "0")
    except ValueError:
        expected = -1
    fields, errors = ({}, []) if action in ("review", "send_back") else form_fields(form)
    comment = (form.get("comment") or "").strip() or None
    if action == "send_back" and not comment:
        errors.append({"field": "comment",
                       "message": _("Skriv en kommentar om vad som behöver ändras.")})
    if action == "submit" and not fields.get("status"):
        errors.append({"field": "status", "message": _("Välj en status innan du skickar in.")})
    if errors:
        return _report_page(request, report, errors=errors, values=fields, status=422)
    try:
        _work.apply_step(engine, user, report_id, action, expected_version=expected,
                         fields=fields, comment=comment)
    except ConflictError as error:
        return _report_page(request, _work.load_report(engine, user, report_id),
                            errors=[{"field": None, "message": str(error)}], values=fields,
                            status=409, conflict=True)
    except ArgumentError as error:
        return _report_page(request, report, errors=[{"field": None, "message": str(error)}],
                            values=fields, status=422)
    except ApiError as error:
        if error.status == 409:
            return _report_page(request, _work.load_report(engine, user, report_id),
                                errors=[{"field": None, "message": error.message}],
                                values=fields, status=409)
        raise
    return RedirectResponse(f"/arbete/rapporter/{report_id}?klart={action}", 303)
