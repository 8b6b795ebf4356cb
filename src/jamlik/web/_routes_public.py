"""Public pages (no login): overview, indicators, areas, programme, accessibility.

Every view keeps its state in the URL (``municipality``, ``period``, ``skillnad``, ``lang``;
``stad`` is a deprecated alias of ``municipality``),
so its address is its permalink; adding ``tabell=NAME&format=csv|xlsx`` to it
downloads one of the view's tables. Rendered pages for visitors who are not
signed in are cached per URL, language and data version.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from . import _programme_view, _voices_view
from ._assets import bundle_version
from ._auth import current_user
from ._cache import MAX_KEY
from ._choices import choose, municipality
from ._flags import flag_test_text
from ._errors import ApiError
from ._i18n import gettext as _
from ._i18n import language, pick
from ._tables import Column, Table, to_csv, to_xlsx

__all__ = ["download", "public_url", "render", "router"]

router = APIRouter(include_in_schema=False)


def download(request: Request, tables: dict[str, Table]) -> Response | None:
    """The table asked for with ``format`` and ``tabell``, or None for the page itself."""
    fmt = request.query_params.get("format")
    if fmt is None:
        return None
    name = request.query_params.get("tabell")
    if fmt not in ("csv", "xlsx") or name not in tables:
        raise ApiError(404, _("Det finns ingen sådan tabell att ladda ner."))
    table = tables[name]
    filename = f"{request.url.path.strip('/').replace('/', '-') or 'oversikt'}-{name}.{fmt}"
    label, value = _("exempeldata"), _("ja")
    if fmt == "csv":
        body = to_csv(table, example_label=label, example_value=value)
        media = "text/csv; charset=utf-8"
    else:
        # the configured address, never the Host header: the file may be cached for all
        about = [_("Källa: jamlik, %(url)s") % {"url": public_url(request)}]
        if table.example:
            about.append(_("Exempeldata: värdena är påhittade, inte verklig statistik."))
        body = to_xlsx(table, example_label=label, example_value=value, about=about,
                       about_title=_("Om tabellen"))
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if current_user(request) is None:
        headers["x-jamlik-cache"] = "public"
    return Response(body, media_type=media, headers=headers)


def public_url(request: Request) -> str:
    """This page's address under the configured base URL (relative when none is set)."""
    query = request.url.query
    path = request.url.path + ("?" + query if query else "")
    return request.app.state.base_url + path


def render(request: Request, template: str, context: dict, *, snapshot=None) -> Response:
    """Render a page; for visitors who are not signed in, reuse the rendered bytes."""
    templates = request.app.state.templates
    anonymous = snapshot is not None and current_user(request) is None
    if anonymous and len(request.url.path) + len(request.url.query) <= MAX_KEY:
        key = ("html", str(request.url.path), str(request.url.query), language(),
               snapshot.version)
        cache = request.app.state.service.cache
        body = cache.get(key, lambda: templates.get_template(template).render(
            {"request": request, **context}).encode())
        return HTMLResponse(body, headers={"x-jamlik-cache": "public"})
    return templates.TemplateResponse(request, template, context)


def _snapshot(request: Request):
    return request.app.state.service.snapshot()


def _settings(snapshot) -> list[dict]:
    return snapshot.settings()[["code", "name"]].to_dict(orient="records")


@router.get("/", response_class=HTMLResponse)
def overview(request: Request):
    snapshot = _snapshot(request)
    data = snapshot.overview(municipality(request))
    if (found := download(request, {"skillnader": data["table"]})) is not None:
        return found
    programme = _programme_view.programme(snapshot, data["setting"])
    return render(request, "overview.html", {
        **data, "settings": _settings(snapshot), "programme": programme["programme"],
        "targets": programme["targets"], "example": data["table"].example},
        snapshot=snapshot)


def indicator_table(snapshot) -> Table:
    meta = snapshot.indicators()
    rows = [{"name": {"text": pick(r.name, r.name_en), "href": f"/indikatorer/{r.code}"},
             "code": r.code, "unit": r.unit or _("okänd"), "source": r.source or _("okänd"),
             "example": _("ja") if r.is_example else ""} for r in meta.itertuples()]
    return Table("indikatorer", _("Indikatorer i databasen"),
                 [Column("name", _("Indikator"), "link"), Column("code", _("Kod")),
                  Column("unit", _("Enhet")), Column("source", _("Källa")),
                  Column("example", _("Exempeldata"))], rows, row_header="name")


@router.get("/indikatorer", response_class=HTMLResponse)
def indicators(request: Request):
    snapshot = _snapshot(request)
    table = indicator_table(snapshot)
    if (found := download(request, {"indikatorer": table})) is not None:
        return found
    return render(request, "indicators.html", {"table": table}, snapshot=snapshot)


@router.get("/indikatorer/{code}", response_class=HTMLResponse)
def indicator(request: Request, code: str, period: str | None = None,
              skillnad: str | None = None, karta: str | None = None):
    snapshot = _snapshot(request)
    whole = choose(karta or None, {"hela": _("hela kommunen")},
                   _("Kartvyn %(value)s finns inte."), parameter="karta") == "hela"
    data = snapshot.indicator(code, setting=municipality(request), period=period or None,
                              dimension=skillnad or None, whole_map=whole)
    if (found := download(request, data["tables"])) is not None:
        return found
    return render(request, "indicator.html", {
        **data, "settings": _settings(snapshot), "vega_version": bundle_version(),
        "flag_test": flag_test_text(),
        "attribution": snapshot.attribution(data["setting"]),
        "voices_indicator": _voices_view.indicator_voices(snapshot, code, data["setting"]),
        "voice_source": _voices_view.voice_source(snapshot, code)}, snapshot=snapshot)


@router.get("/geometri/{version}/{setting}/{zoom}.geojson")
def geometry(request: Request, version: str, setting: str, zoom: int, v: str | None = None):
    """The shapes of a municipality's sub-areas in one area version, simplified for a map
    zoom (:func:`._geometry.geojson`), fetched by the indicator page's map.

    The address the page names carries the content's tag (``v``): with the current tag
    the answer may be kept a year (``immutable``), without it for five minutes; its
    ``ETag`` answers a revalidation with 304. Not personal: cached for everyone.
    """
    from ._geometry import geojson

    found = _snapshot(request).shapes(setting).get(version)
    if found is None or not 4 <= zoom <= 18:
        raise ApiError(404, _("Det finns ingen karta för %(version)s i %(setting)s.") % {
            "version": version, "setting": setting})
    body, tag = geojson(found, zoom)
    etag = f'"{tag}"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=31536000, immutable"
               if v == tag else "public, max-age=300"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers={k: headers[k] for k in ("ETag",
                                                                           "Cache-Control")})
    if current_user(request) is None:
        headers["x-jamlik-cache"] = "public"
    return Response(body, media_type="application/geo+json", headers=headers)


def area_table(data: dict) -> Table:
    return Table("omraden", _("Områden i %(city)s") % {
        "city": data["city"]["name"] if data["city"] else "–"},
        [Column("name", _("Område"), "link"), Column("code", _("Kod")),
         Column("version", _("Indelning"))], data["rows"], row_header="name")


@router.get("/omraden", response_class=HTMLResponse)
def areas(request: Request):
    snapshot = _snapshot(request)
    data = snapshot.areas(municipality(request))
    table = area_table(data)
    if (found := download(request, {"omraden": table})) is not None:
        return found
    return render(request, "areas.html", {**data, "table": table,
                                          "settings": _settings(snapshot)}, snapshot=snapshot)


@router.get("/omraden/{version}/{code}", response_class=HTMLResponse)
def area(request: Request, version: str, code: str):
    snapshot = _snapshot(request)
    data = snapshot.area(version, code)
    if (found := download(request, {"profil": data["table"]})) is not None:
        return found
    return render(request, "area.html", {**data, "example": data["table"].example,
                                         "vega_version": bundle_version(),
                                         "flag_test": flag_test_text(),
                                         "voices_area": _voices_view.area_voices(snapshot, code)},
                  snapshot=snapshot)


@router.get("/program", response_class=HTMLResponse)
def programme_page(request: Request):
    snapshot = _snapshot(request)
    chosen = snapshot.setting(municipality(request))
    data = {**_programme_view.programme(snapshot, chosen), "setting": chosen,
            "city": snapshot.city_name(chosen) if chosen else None,
            "settings": _settings(snapshot)}
    if (found := download(request, data["tables"])) is not None:
        return found
    data["voices_programme"] = _voices_view.programme_voices(  # what residents say, per target
        snapshot, chosen, _programme_view.programme_id(snapshot.engine, chosen))
    return render(request, "programme.html", data, snapshot=snapshot)


@router.get("/tillganglighet", response_class=HTMLResponse)
def accessibility(request: Request):
    return render(request, "accessibility.html", {}, snapshot=_snapshot(request))
