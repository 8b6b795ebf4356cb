"""The equality report on the web: ``/jamlikhetsrapport`` (public).

The report of the chosen municipality's programme (``?municipality=``), in the page's
language, as HTML (shown), PDF or Word, or its data appendix (``?format=xlsx``).
A report is built once per data version, format and language and then served from
the cache; building runs in the worker pool, never on the event loop.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ._choices import municipality
from ._errors import ApiError
from ._i18n import gettext as _
from ._i18n import language

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
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
    content = snapshot._cached_all("equality_report", (chosen, fmt, lang), lambda: _build(
        request.app.state.engine, programme, chosen, fmt, lang))
    name = f"jamlikhetsrapport-{chosen}.{fmt}"
    disposition = "inline" if fmt == "html" else "attachment"
    headers = {"Content-Disposition": f'{disposition}; filename="{name}"'}
    if fmt == "html":  # the report's own policy: inline styles, data: images, no scripts
        headers["Content-Security-Policy"] = CSP
    return Response(content, media_type=MEDIA[fmt], headers=headers)
