"""The equality report on the web: ``/jamlikhetsrapport`` (public).

The report of the chosen municipality's programme (``?municipality=``), in the page's
language, as HTML (shown), PDF or Word, or its data appendix (``?format=xlsx``).
A report is built once per data version, commentary version, format and language and
then served from the cache; building runs in the worker pool, never on the event loop.

``/jamlikhetsrapport/kommentarer`` (analysts and coordinators, signed in): the
commentary per section of the report, a form per section (CSRF-checked, every save
a new version in the audit log) and each section's history; the report includes the
newest text of each section.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ._auth import check_csrf, require
from ._choices import municipality
from ._errors import ApiError
from ._i18n import gettext as _
from ._i18n import language

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
COMMENTERS = ("analyst", "coordinator")
MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _build(engine, programme_id: int, code: str, fmt: str, lang: str) -> bytes:
    from jamlik.reports import equality_report

    with tempfile.TemporaryDirectory() as folder:
        suffix = "html" if fmt == "xlsx" else fmt
        report, appendix = equality_report(engine, Path(folder) / f"rapport.{suffix}",
                                           programme_id=programme_id, municipality=code,
                                           lang=lang)
        return (appendix if fmt == "xlsx" else report).read_bytes()


@router.get("/jamlikhetsrapport")
def equality(request: Request) -> Response:
    from jamlik.reports import CSP

    from ._programme_view import programme_id

    fmt = request.query_params.get("format") or "html"
    if fmt not in MEDIA:
        raise ApiError(400, _("Okänt format: %(value)s. Välj något av: %(choices)s.")
                       % {"value": fmt, "choices": ", ".join(MEDIA)})
    snapshot = request.app.state.service.snapshot()
    chosen = snapshot.setting(municipality(request))
    programme = programme_id(request.app.state.engine, chosen) if chosen else None
    if programme is None:
        raise ApiError(404, _("%(city)s har inget program för jämlikhet i jamlik.")
                       % {"city": snapshot.city_name(chosen) if chosen else "–"})
    lang = language()
    edition = _commentary_edition(request.app.state.engine, programme)
    content = snapshot._cached_all("equality_report", (chosen, fmt, lang, edition),
                                   lambda: _build(request.app.state.engine, programme, chosen,
                                                  fmt, lang))
    name = f"jamlikhetsrapport-{chosen}.{fmt}"
    disposition = "inline" if fmt == "html" else "attachment"
    headers = {"Content-Disposition": f'{disposition}; filename="{name}"'}
    if fmt == "html":  # the report's own policy: inline styles, data: images, no scripts
        headers["Content-Security-Policy"] = CSP
    return Response(content, media_type=MEDIA[fmt], headers=headers)


def _commentary_edition(engine, programme_id: int) -> int:
    """The newest commentary version's id: a saved comment makes a new report."""
    history = _history(engine, programme_id)
    return history[0]["id"] if history else 0


def _history(engine, programme_id: int) -> list[dict]:
    from jamlik.store import commentary_history

    return commentary_history(engine, programme_id)


def _chosen_programme(request: Request) -> int:
    from ._programme_view import programme_id

    snapshot = request.app.state.service.snapshot()
    chosen = snapshot.setting(municipality(request))
    programme = programme_id(request.app.state.engine, chosen) if chosen else None
    if programme is None:
        raise ApiError(404, _("%(city)s har inget program för jämlikhet i jamlik.")
                       % {"city": snapshot.city_name(chosen) if chosen else "–"})
    return programme


@router.get("/jamlikhetsrapport/kommentarer", response_class=HTMLResponse)
def commentary_page(request: Request):
    from jamlik.reports import equality_sections

    try:
        require(request, *COMMENTERS)
    except ApiError as error:
        if error.status == 401:
            return RedirectResponse(f"/logga-in?next={request.url.path}", 303)
        raise
    engine = request.app.state.engine
    programme = _chosen_programme(request)
    history = _history(engine, programme)
    sections = []
    for key, heading in equality_sections(engine, programme, language()):
        versions = [v for v in history if v["section"] == key]
        sections.append({"key": key, "heading": heading, "versions": versions,
                         "current": versions[0]["text"] if versions else ""})
    return request.app.state.templates.TemplateResponse(request, "report_commentary.html", {
        "sections": sections, "saved": request.query_params.get("sparad"),
        "failed": request.query_params.get("fel")})


@router.post("/jamlikhetsrapport/kommentarer", response_class=HTMLResponse)
async def commentary_submit(request: Request):
    from jamlik.errors import ArgumentError
    from jamlik.reports import equality_sections
    from jamlik.store import audit, save_commentary

    user = require(request, *COMMENTERS)
    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    engine = request.app.state.engine
    programme = _chosen_programme(request)
    section = str(form.get("section") or "")
    if section not in dict(equality_sections(engine, programme)):
        raise ApiError(400, _("Okänt avsnitt: %(value)s.") % {"value": section})
    try:
        saved = save_commentary(engine, programme, section, str(form.get("text") or ""),
                                user.username)
    except ArgumentError:
        return RedirectResponse(f"/jamlikhetsrapport/kommentarer?fel={section}#{section}", 303)
    with engine.begin() as conn:
        audit(conn, user.username, "commentary.save", "report_commentary", saved, section)
    return RedirectResponse(f"/jamlikhetsrapport/kommentarer?sparad={section}#{section}", 303)
