"""The JSON API under ``/api/v1``: everything the public pages show, paginated lists,
one error shape (see :mod:`._errors`) and the same permissions as the pages."""

from __future__ import annotations

import functools
from types import SimpleNamespace

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import TypeAdapter

from . import _api_models as m
from ._cache import MAX_KEY
from ._choices import municipality as asked_municipality
from ._choices import refuse_unknown_parameters
from ._flags import flag_test_text
from ._errors import error_responses
from ._i18n import language, pick
from ._programme_view import programme

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", responses=error_responses(400, 404, 405, 422, 500),
                   dependencies=[Depends(refuse_unknown_parameters)])
PAGE = Query(1, ge=1, le=1_000_000, description="Sidnummer, från 1.")
PER_PAGE = Query(50, ge=1, le=500, description="Poster per sida (högst 500).")
MUNICIPALITY = Query(None, max_length=80, description="Kommunens områdeskod, t.ex. 1480 "
                     "(utelämnad: programmets kommun).", examples=["1480"])
SETTING = Query(None, max_length=80, deprecated=True,
                description="Gammalt namn på municipality (tas bort i nästa version).")
CODE = Path(max_length=200, description="Indikatorns kod.", examples=["medellivslangd"])


def _snapshot(request: Request):
    return request.app.state.service.snapshot()


def cached(model):
    """Serve the endpoint's answer as JSON bytes built (and validated) once per URL,
    language and data version; the response cache may keep it for visitors."""
    adapter = TypeAdapter(model)

    def decorate(func):
        @functools.wraps(func)
        def wrapper(**kwargs):
            request = kwargs["request"]
            snapshot = request.app.state.service.snapshot()
            key = ("api", request.url.path, str(request.url.query), language(),
                   snapshot.version)

            def build():
                return adapter.dump_json(adapter.validate_python(func(**kwargs)))

            body = (snapshot.service.cache.get(key, build)
                    if len(request.url.path) + len(request.url.query) <= MAX_KEY else build())
            return Response(body, media_type="application/json",
                            headers={"x-jamlik-cache": "public"})

        return wrapper

    return decorate


def table_out(table) -> dict:
    return m.clean({"name": table.name, "caption": table.caption,
                    "columns": [{"key": c.key, "label": c.label, "kind": c.kind}
                                for c in table.columns],
                    "rows": table.rows, "note": table.note, "example": table.example})


def _indicator_out(row) -> dict:
    return {"code": row.code, "name": pick(row.name, row.name_en), "unit": row.unit,
            "polarity": row.polarity, "kind": row.kind, "source": row.source,
            "is_example": bool(row.is_example), "url": f"/indikatorer/{row.code}"}


@router.get("/health", response_model=m.Health, tags=["allmänt"])
def health():
    return {"status": "ok"}


@router.get("/municipalities", response_model=list[m.Municipality], tags=["allmänt"],
            summary="Kommuner (städer) med områden vars skillnader jamlik visar")
@cached(list[m.Municipality])
def municipalities(request: Request):
    return _snapshot(request).settings()[["code", "name"]].to_dict(orient="records")


#: the deprecated name of /municipalities ("setting" is WHO HEAT's word), kept for one release
SUCCESSOR = "/api/v1/municipalities"


@router.get("/settings", response_model=list[m.Municipality], tags=["allmänt"],
            deprecated=True, summary="Föråldrat namn på /api/v1/municipalities",
            description="Samma svar som `/api/v1/municipalities`; tas bort i nästa version. "
                        "Svaret har rubrikerna `Deprecation: true` och "
                        "`Link: </api/v1/municipalities>; rel=\"successor-version\"`.")
def settings(request: Request):
    response = municipalities(request=request)
    response.headers["Deprecation"] = "true"
    response.headers["Link"] = f'<{SUCCESSOR}>; rel="successor-version"'
    return response


@router.get("/overview", response_model=m.OverviewOut, tags=["statistik"],
            summary="Översikten: programmets mål och rubrikskillnaderna med trend")
@cached(m.OverviewOut)
def overview(request: Request, municipality: str | None = MUNICIPALITY,
             setting: str | None = SETTING):
    snapshot = _snapshot(request)
    data = snapshot.overview(asked_municipality(request, municipality))
    prog = programme(snapshot, data["setting"])["programme"]
    return {"programme": m.clean(prog) if prog else None, "setting": data["setting"],
            "city": data["city"], "headlines": table_out(data["table"])}


@router.get("/indicators", response_model=m.Page[m.IndicatorOut], tags=["statistik"])
@cached(m.Page[m.IndicatorOut])
def indicators(request: Request, page: int = PAGE, per_page: int = PER_PAGE):
    rows = [_indicator_out(r) for r in _snapshot(request).indicators().itertuples()]
    return m.paginate(rows, page, per_page)


@router.get("/indicators/{code}", response_model=m.IndicatorView, tags=["statistik"],
            summary="Indikatorsidan: karta, rangordning, trender, grupper, metod")
@cached(m.IndicatorView)
def indicator(request: Request, code: str = CODE, municipality: str | None = MUNICIPALITY,
              setting: str | None = SETTING,
              period: str | None = Query(None, max_length=40),
              dimension: str | None = Query(None, max_length=120)):
    snapshot = _snapshot(request)
    meta = snapshot.indicator_meta(code)
    data = snapshot.indicator(code, setting=asked_municipality(request, municipality),
                              period=period or None, dimension=dimension or None)
    row = SimpleNamespace(**meta.to_dict())
    link = (f"/indikatorer/{code}?municipality={data['setting'] or ''}"
            f"&period={data['period'] or ''}&skillnad={data['dimension'] or ''}")
    return m.clean({
        "indicator": _indicator_out(row), "setting": data["setting"], "city": data["city"],
        "period": data["period"], "periods": data["periods"], "dimension": data["dimension"],
        "dimensions": data["dimensions"], "city_value": data["city_value"],
        "ranking": data["ranking"],
        "verdicts": [{k: v.get(k) for k in ("measure", "measure_name", "unit", "verdict",
                                            "text", "slope", "lower", "upper", "slope_unit",
                                            "n_periods", "period_first", "period_last")}
                     for v in data["verdicts"]],
        "methods": data["methods"], "comparison_test": flag_test_text(),
        "tables": {name: table_out(t) for name, t in data["tables"].items()},
        "charts": {c["id"]: c["spec"] for c in data["charts"]}, "permalink": link})


@router.get("/indicators/{code}/values", response_model=m.Page[dict[str, m.Cell]],
            tags=["statistik"], summary="Områdenas värden (rangordnade) för en period")
@cached(m.Page[dict[str, m.Cell]])
def indicator_values(request: Request, code: str = CODE,
                     municipality: str | None = MUNICIPALITY, setting: str | None = SETTING,
                     period: str | None = Query(None, max_length=40),
                     page: int = PAGE, per_page: int = PER_PAGE):
    data = _snapshot(request).indicator(code, setting=asked_municipality(request, municipality),
                                       period=period or None, dimension=None)
    return m.paginate(m.clean(data["tables"]["rangordning"].rows), page, per_page)


@router.get("/areas", response_model=m.Page[m.AreaOut], tags=["områden"])
@cached(m.Page[m.AreaOut])
def areas(request: Request, municipality: str | None = MUNICIPALITY,
          setting: str | None = SETTING, page: int = PAGE, per_page: int = PER_PAGE):
    data = _snapshot(request).areas(asked_municipality(request, municipality))
    rows = [{"code": r["code"], "name": r["name"]["text"], "version": r["version"],
             "url": r["name"]["href"]} for r in data["rows"]]
    return m.paginate(rows, page, per_page)


@router.get("/areas/{version}/{code}", response_model=m.AreaProfile, tags=["områden"],
            summary="Områdesprofilen: varje indikator mot staden, med testet")
@cached(m.AreaProfile)
def area(request: Request, version: str = Path(max_length=80, examples=["RegSO_2025"]),
         code: str = Path(max_length=80, examples=["1480R001"])):
    data = _snapshot(request).area(version, code)
    return {"area": m.clean(data["area"]), "comparison_test": flag_test_text(),
            "table": table_out(data["table"])}


@router.get("/programme", response_model=m.ProgrammeOut, tags=["program"],
            summary="Programmet: målområden, strategier, aktiviteter med senaste status")
@cached(m.ProgrammeOut)
def programme_tree(request: Request, municipality: str | None = MUNICIPALITY,
                   setting: str | None = SETTING):
    snapshot = _snapshot(request)
    data = programme(snapshot, snapshot.setting(asked_municipality(request, municipality)))
    return m.clean({"programme": data["programme"], "targets": data["targets"],
                    "preconditions": data["preconditions"],
                    "activities": table_out(data["tables"]["aktiviteter"])
                    if data["tables"] else None})
