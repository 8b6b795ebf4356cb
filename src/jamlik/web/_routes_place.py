"""Sites and access (``/platser``, public) and placement and allocation scenarios
(``/arbete/scenarier``, analysts).

The public page shows the stored sites of a kind and the access indicators of
a municipality's areas on a map with a table alternative and downloads. The
scenario page runs a maximal covering model (p new sites within a radius, the
existing sites fixed) or a budget allocation (α, budget) on the store, shows
the answer on a map, and saves it; saved scenarios are compared side by side.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ._auth import check_csrf, require
from ._errors import ApiError
from ._forms import POSTED_FORM
from ._i18n import gettext as _
from ._i18n import pick
from ._routes_public import download, render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
ANALYSTS = ("analyst",)
LIMITS = {"sites": (1, 20), "radius": (100, 10_000), "alpha": (0, 1),
          "budget": (1, 10_000_000_000), "weight": (0, 10), "floor": (0, 10_000_000),
          "cap": (0, 10_000_000)}


def _kinds(engine):
    from jamlik.store import site_kinds

    return site_kinds(engine)


def _kind_options(kinds) -> list[dict]:
    return [{"code": k.code, "name": pick(k.name, k.name_en)} for k in kinds.itertuples()]


def _chart(spec: dict, *, id: str, title: str, text: str, table: str) -> dict:
    return {"id": id, "title": title, "text": text, "spec": spec, "table": table, "map": True}


@router.get("/platser", response_class=HTMLResponse)
def places(request: Request):
    from ._assets import bundle_version
    from ._choices import choose, municipality
    from ._place_view import access_view

    snapshot = request.app.state.service.snapshot()
    engine = request.app.state.engine
    setting = snapshot.setting(municipality(request))
    settings = snapshot.settings()[["code", "name"]].to_dict(orient="records")
    kinds = _kinds(engine)
    context = {"settings": settings, "setting": setting, "kinds": _kind_options(kinds),
               "vega_version": bundle_version(), "data": None, "kind": None}
    if not kinds.empty and setting is not None:
        kind = choose(request.query_params.get("kind"),
                      {k["code"]: k["name"] for k in context["kinds"]},
                      _("Platstypen %(value)s finns inte."), parameter="kind")
        kind = kind or kinds["code"].iloc[0]
        whole = choose(request.query_params.get("karta") or None,
                       {"hela": _("hela kommunen")}, _("Kartvyn %(value)s finns inte."),
                       parameter="karta") == "hela"
        data = access_view(engine, setting, kind, kinds, whole_map=whole)
        if (found := download(request, data["tables"])) is not None:
            return found
        data["chart"] = _chart(data["spec"], id="platser-karta", table="tillgang",
                               title=_("Var bor barnen långt från närmaste plats?"),
                               text=_("Områdena färgas efter barnens medelavstånd till närmaste "
                                      "plats; punkterna är platserna. Tabellen visar också "
                                      "andelen som bor längre bort än gränsen."))
        context.update(data=data, kind=kind, whole=whole)
    return render(request, "places.html", context, snapshot=snapshot)


def _number(form, name: str, errors: list, *, integer: bool = False, limits: str | None = None,
            optional: bool = False):
    raw = str(form.get(name) or "").strip().replace("\u202f", "").replace(" ", "")
    if optional and not raw:
        return None
    low, high = LIMITS[limits or name]
    try:
        value = int(raw) if integer else float(raw.replace(",", "."))
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        errors.append({"field": name, "message": _("Ange ett tal mellan %(low)s och %(high)s.")
                       % {"low": f"{low:g}", "high": f"{high:g}"}})
        return None
    return value


def _need_fields(engine, values: dict) -> list[dict]:
    """The need index's indicators, each with its weight field (shown and editable)."""
    from sqlalchemy import select

    from jamlik.jobs import NEED_INDICATORS
    from jamlik.store import Indicator

    with engine.connect() as conn:
        meta = {r.code: r for r in conn.execute(
            select(Indicator.code, Indicator.name, Indicator.name_en, Indicator.polarity)
            .where(Indicator.code.in_(list(NEED_INDICATORS))))}
    fields = []
    for code, weight in NEED_INDICATORS.items():
        row = meta.get(code)
        name = pick(row.name, row.name_en) if row else code
        higher = row is not None and row.polarity == "lower_better"
        fields.append({"code": code, "field": f"w_{code}", "name": name,
                       "value": values.get(f"w_{code}") or f"{weight:g}",
                       "polarity": _("högre värde = större behov") if higher
                       else _("lägre värde = större behov")})
    return fields


def _scenario_page(request: Request, *, result=None, errors=None, values=None, status=200):
    from jamlik.store import current_sites, list_scenarios, load_scenario

    from ._assets import bundle_version
    from ._place_view import (
        allocation_comparison, allocation_table, comparison_table, placement_tables,
        scenario_map,
    )

    engine = request.app.state.engine
    kinds = _kinds(engine)
    scenarios = list_scenarios(engine)
    shown = result
    wanted = request.query_params.get("visa")
    if shown is None and wanted and wanted.isdigit():
        try:
            shown = load_scenario(engine, int(wanted))
        except Exception:  # noqa: BLE001 - an unknown id shows the list only
            shown = None
    tables, chart = {"scenarier": comparison_table(scenarios)}, None
    if (side_by_side := allocation_comparison(scenarios)) is not None:
        tables["fordelningar"] = side_by_side
    whole = request.query_params.get("karta") == "hela"
    if shown is not None:
        municipality = shown.get("municipality") or shown["parameters"].get("municipality")
        shown = {**shown, "municipality": municipality}
        if shown["model"] == "allocation":
            tables["fordelning"] = allocation_table(shown)
            table, title = "fordelning", _("Tilldelning per barn")
            sites = current_sites(engine).iloc[0:0]
        else:
            tables.update(placement_tables(shown))
            table, title = "tackning", _("Täckning efter de nya platserna")
            sites = current_sites(engine, kind=shown["parameters"].get("kind"))
        chart = _chart(scenario_map(engine, shown, sites, whole_map=whole), id="scenario-karta",
                       table=table,
                       title=title, text=_("Kartan visar scenariots resultat per område; samma "
                                           "värden finns i tabellen."))
    if (found := download(request, tables)) is not None:
        return found
    snapshot = request.app.state.service.snapshot()
    return request.app.state.templates.TemplateResponse(request, "scenarios.html", {
        "kinds": _kind_options(kinds), "default_city": snapshot.setting(None),
        "cities": snapshot.settings()[["code", "name"]].to_dict(orient="records"), "tables": tables, "shown": shown, "chart": chart,
        "errors": errors or [], "values": values or {}, "vega_version": bundle_version(),
        "need_fields": _need_fields(engine, values or {}), "whole": whole},
        status_code=status)


@router.get("/arbete/scenarier", response_class=HTMLResponse)
def scenarios_page(request: Request):
    try:
        require(request, *ANALYSTS)
    except ApiError as error:
        if error.status == 401:
            return RedirectResponse(f"/logga-in?next={request.url.path}", 303)
        raise
    return _scenario_page(request)


def _run(engine, form, errors: list, cities: set[str]):
    from jamlik.jobs import allocation_scenario, placement_scenario

    model = form.get("model")
    city = str(form.get("municipality") or "")
    if city not in cities:
        errors.append({"field": "municipality", "message": _("Välj en stad.")})
    if model == "allocation":
        from jamlik.jobs import NEED_INDICATORS

        alpha = _number(form, "alpha", errors)
        budget = _number(form, "budget", errors, integer=True)
        # a form without the weight fields (an older page, a script) keeps the defaults
        need = {code: _number(form, f"w_{code}", errors, limits="weight")
                if form.get(f"w_{code}") is not None else weight
                for code, weight in NEED_INDICATORS.items()}
        floor = _number(form, "floor", errors, optional=True)
        cap = _number(form, "cap", errors, optional=True)
        if not errors and not any(need.values()):
            errors.append({"field": f"w_{next(iter(NEED_INDICATORS))}",
                           "message": _("Minst en vikt måste vara större än 0.")})
        if errors:
            return None
        return allocation_scenario(engine, municipality=city, budget=budget, alpha=alpha,
                                   need={c: w for c, w in need.items() if w},
                                   floor_per_head=floor, cap_per_head=cap)
    if model != "mclp":
        errors.append({"field": "model", "message": _("Välj en modell.")})
        return None
    sites = _number(form, "sites", errors, integer=True)
    radius = _number(form, "radius", errors)
    kind = str(form.get("kind") or "")
    if kind not in set(_kinds(engine)["code"]):
        errors.append({"field": "kind", "message": _("Välj en platstyp.")})
    if errors:
        return None
    return placement_scenario(engine, kind=kind, municipality=city, sites=sites, radius=radius)


@router.post("/arbete/scenarier", response_class=HTMLResponse)
def scenarios_submit(request: Request, form=POSTED_FORM):
    from jamlik.errors import JamlikError
    from jamlik.jobs import save_scenario

    user = require(request, *ANALYSTS)
    check_csrf(request, form.get("csrf_token"))
    engine = request.app.state.engine
    errors: list[dict] = []
    from jamlik.jobs import NEED_INDICATORS

    values = {k: str(form.get(k) or "") for k in (
        "model", "kind", "sites", "radius", "alpha", "budget", "name", "municipality", "floor",
        "cap", *(f"w_{code}" for code in NEED_INDICATORS))}
    name = values["name"].strip()
    if form.get("action") == "save" and not name:
        errors.append({"field": "name", "message": _("Ge scenariot ett namn för att spara det.")})
    try:
        cities = set(request.app.state.service.snapshot().settings()["code"])
        scenario = _run(engine, form, errors, cities)
    except JamlikError as error:
        errors.append({"field": None, "message": str(error)})
        scenario = None
    if errors or scenario is None:
        return _scenario_page(request, errors=errors, values=values, status=422)
    if form.get("action") == "save":
        scenario_id = save_scenario(engine, scenario, name=name, created_by=user.username)
        return RedirectResponse(f"/arbete/scenarier?visa={scenario_id}", 303)
    shown = {**scenario, "id": None, "name": _("Osparat scenario"), "created_by": user.username,
             "created_at": None, "municipality": scenario["parameters"].get("municipality")}
    return _scenario_page(request, result=shown, values=values)
