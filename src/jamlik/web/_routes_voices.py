"""Residents' voices in the web app.

``/rost`` and ``/rost/{collection}`` (public): each collection's method and results — the
closed questions' shares by area and the themes residents raised — with disclosure control
(nothing shown for fewer than the collection's threshold). No answer is shown here.
``/arbete/rost/{collection}`` (analysts): the open answers (masked) with suggested codes
and their evidence; an analyst codes each answer (a suggestion becomes a code only when
accepted), approves an answer as a quote (checked: masked, coded, its area's theme cell
published; audited), and the agreement between coders is shown.
``/arbete/rost/{collection}/radera`` (analysts and administrators): erase a collection
completely after a confirmation step — the same function as ``jamlik voices erase``.
"""

from __future__ import annotations

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ._auth import check_csrf, current_user, require
from ._errors import ApiError
from ._i18n import gettext as _, pick

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
CODE = Path(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.-]+$")
ANSWER_ID = Path(ge=1, le=2_147_483_647)
CODERS = ("analyst",)
PAGE = 50  # answers per page of the coding page


def _methods() -> dict[str, str]:
    return {"web_survey": _("webbenkät"), "street_interviews": _("gatuintervjuer"),
            "workshop": _("workshop"), "walk_and_talk": _("trygghetsvandring"),
            "paper_survey": _("pappersenkät"), "dialogue": _("dialog")}


def _collections(engine) -> list[dict]:
    from sqlalchemy import select

    from jamlik.store import VoiceCollection

    table = VoiceCollection.__table__
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(
            select(table).order_by(table.c.ended.desc())).mappings()]


def _collection(engine, code: str) -> dict:
    found = [c for c in _collections(engine) if c["code"] == code]
    if not found:
        raise ApiError(404, _("Det finns ingen sådan samling."))
    return found[0]


@router.get("/rost", response_class=HTMLResponse)
def list_page(request: Request):
    collections = _collections(request.app.state.engine)
    for c in collections:
        c["shown_title"] = pick(c["title"], c["title_en"])
    signed_in = current_user(request) is not None
    response = request.app.state.templates.TemplateResponse(
        request, "voices_list.html", {"collections": collections, "methods": _methods(),
                                      "erased": signed_in and "raderad" in request.query_params})
    if not signed_in:
        response.headers["x-jamlik-cache"] = "public"
    return response


def _results(engine, code: str, names: dict[str, str]) -> list[dict]:
    from jamlik.voices import collection_indicators

    frame = collection_indicators(engine, code)
    out = []
    if frame.empty:
        return out
    for indicator, rows in frame.groupby("indicator", sort=False):
        rows = rows[rows["dimension"] == "total"]
        out.append({"name": pick(rows["indicator_name"].iloc[0],
                                 rows["indicator_name_en"].iloc[0]), "code": indicator, "rows": [
            {"area": names.get(r.area_code, r.area_code), "value": r.value, "lower": r.lower,
             "upper": r.upper, "n": r.denominator, "suppressed": bool(r.suppressed)}
            for r in rows.itertuples()]})
    return out


def _themes(engine, code: str, names: dict[str, str]) -> list[dict]:
    from jamlik.voices import ALL_AREAS, theme_shares

    frame = theme_shares(engine, code)
    if frame.empty:
        return []
    frame = frame[frame["dimension"] == "total"]
    out = []
    for theme, rows in frame.groupby("code", sort=False):
        first = rows.iloc[0]
        out.append({"name": pick(first["name"], first["name_en"]),
                    "target_area": first["target_area_name"], "rows": [
                        {"area": _("Alla svar") if r.area == ALL_AREAS else names.get(r.area,
                                                                                       r.area),
                         "value": r.value * 100 if r.value == r.value else None,
                         "lower": r.lower * 100, "upper": r.upper * 100, "n": r.n, "x": r.x,
                         "suppressed": bool(r.suppressed)}
                        for r in rows.itertuples()]})
    return out


def _quotes(engine, code: str) -> list[dict]:
    from jamlik.store import VoiceCode
    from jamlik.voices import quotes

    from sqlalchemy import select

    with engine.connect() as conn:
        names = {c: pick(n, e) for c, n, e in conn.execute(
            select(VoiceCode.code, VoiceCode.name, VoiceCode.name_en))}
    return [{**q, "theme_names": [names.get(t, t) for t in q["themes"]]}
            for q in quotes(engine, code)]


def _refusals() -> dict[str, str]:
    return {"not_open": _("Bara öppna svar kan visas som citat."),
            "personal": _("Svaret innehåller fortfarande personuppgifter."),
            "not_coded": _("Koda svaret först: ett citat visas under de teman det tar upp."),
            "small_group": _("För få svar från området tar upp svarets teman; citatet skulle "
                             "visa en grupp som tabellerna döljer.")}


@router.get("/rost/{code}", response_class=HTMLResponse)
def collection_page(request: Request, code: str = CODE):
    from sqlalchemy import select

    from jamlik.store import Area

    engine = request.app.state.engine
    collection = _collection(engine, code)
    with engine.connect() as conn:
        names = dict(conn.execute(select(Area.code, Area.name)).all())
    response = request.app.state.templates.TemplateResponse(request, "voices_collection.html", {
        "c": collection, "title": pick(collection["title"], collection["title_en"]),
        "method": _methods().get(collection["method"], collection["method"]),
        "results": _results(engine, code, names), "themes": _themes(engine, code, names),
        "quotes": _quotes(engine, code)})
    response.headers["x-jamlik-cache"] = "public"
    return response


@router.get("/arbete/rost/{code}", response_class=HTMLResponse)
def coding_page(request: Request, code: str = CODE):
    from jamlik.voices import (
        codebook, coding_agreement, load_collection, open_answers, suggest_codes,
    )

    try:
        user = require(request, *CODERS)
    except ApiError as error:
        if error.status == 401:
            return RedirectResponse(f"/logga-in?next={request.url.path}", 303)
        raise
    engine = request.app.state.engine
    collection = _collection(engine, code)
    with engine.connect() as conn:
        codes = codebook(conn, load_collection(conn, code).id)
    answers = open_answers(engine, code)
    uncoded = request.query_params.get("visa") == "okodade"
    if uncoded:
        answers = [a for a in answers if user.username not in a["codings"]]
    page = request.query_params.get("sida", "1")
    page = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
    start = (page - 1) * PAGE
    shown = answers[start:start + PAGE]
    suggestions = suggest_codes(engine, code, answers=shown) if shown else {}
    return request.app.state.templates.TemplateResponse(request, "voices_coding.html", {
        "c": collection, "title": pick(collection["title"], collection["title_en"]),
        "answers": shown, "total": len(answers), "first": start + 1 if shown else 0,
        "last": start + len(shown), "uncoded": uncoded,
        "previous": page - 1 if page > 1 else None,
        "next": page + 1 if start + PAGE < len(answers) else None,
        "suggestions": suggestions, "codes": codes, "coder": user.username,
        "names": {c["code"]: pick(c["name"], c["name_en"]) for c in codes},
        "agreement": coding_agreement(engine, code),
        "notice": request.query_params.get("klart"), "page": page,
        "quoted": request.query_params.get("citat"),
        "refused": _refused(request)})


def _refused(request: Request) -> tuple[int, list[str]] | None:
    """(answer id, reasons) of a quote just refused, from the redirect's query."""
    answer, reasons = request.query_params.get("nej", ""), request.query_params.get("skal", "")
    known = _refusals()
    shown = [known[r] for r in reasons.split(",") if r in known]
    return (int(answer), shown) if answer.isdigit() and shown else None


@router.post("/arbete/rost/{code}/{answer_id:int}", response_class=HTMLResponse)
async def coding_submit(request: Request, code: str = CODE, answer_id: int = ANSWER_ID):
    from jamlik.errors import NotFoundError
    from jamlik.voices import code_answer, uncode_answer

    user = require(request, *CODERS)
    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    chosen = str(form.get("code") or "").strip()
    action = str(form.get("action") or "add")
    engine = request.app.state.engine
    try:
        if action == "remove":
            uncode_answer(engine, answer_id=answer_id, code=chosen, coder=user.username)
        else:
            code_answer(engine, answer_id=answer_id, code=chosen, coder=user.username,
                        from_suggestion=action == "accept")
    except NotFoundError:
        raise ApiError(404, _("Det finns inget sådant svar eller ingen sådan kod.")) from None
    return RedirectResponse(f"/arbete/rost/{code}?klart={answer_id}#svar-{answer_id}", 303)


@router.post("/arbete/rost/{code}/{answer_id:int}/citat", response_class=HTMLResponse)
async def quote_submit(request: Request, code: str = CODE, answer_id: int = ANSWER_ID):
    """Approve an answer as a quote (after :func:`jamlik.voices.quote_check`) or withdraw it."""
    from jamlik.errors import NotFoundError
    from jamlik.voices import approve_quote, open_answers, quote_check

    user = require(request, *CODERS)
    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    approve = str(form.get("approve") or "") == "1"
    engine = request.app.state.engine
    page = str(form.get("sida") or "1")
    page = page if page.isdigit() and len(page) < 6 else "1"
    if not any(a["id"] == answer_id for a in open_answers(engine, code)):
        raise ApiError(404, _("Det finns inget sådant svar eller ingen sådan kod."))
    try:
        reasons = quote_check(engine, answer_id) if approve else []
        if not reasons:
            approve_quote(engine, answer_id=answer_id, by=user.username, approved=approve)
    except NotFoundError:
        raise ApiError(404, _("Det finns inget sådant svar eller ingen sådan kod.")) from None
    if reasons:
        return RedirectResponse(f"/arbete/rost/{code}?sida={page}&nej={answer_id}&skal="
                                f"{','.join(reasons)}#svar-{answer_id}", 303)
    return RedirectResponse(f"/arbete/rost/{code}?sida={page}&citat={answer_id}"
                            f"#svar-{answer_id}", 303)


def _forget_cached(app) -> None:
    """Drop every cached frame and stored public page now (not only when the data version
    is next read): an erased collection must leave no page behind, not even in memory."""
    from ._cache import ResponseCache

    service = app.state.service
    service.cache.clear()
    service._version = None  # read the data version again on the next request
    layer = getattr(app, "middleware_stack", None)
    while layer is not None:
        if isinstance(layer, ResponseCache):
            with layer.store.lock:
                layer.store.items.clear()
                layer.store.size = 0
        layer = getattr(layer, "app", None)


@router.get("/arbete/rost/{code}/radera", response_class=HTMLResponse)
def erase_page(request: Request, code: str = CODE):
    """The confirmation step: what erasing the collection removes, and the form."""
    from jamlik.voices import erasure_preview

    try:
        require(request, *CODERS)
    except ApiError as error:
        if error.status == 401:
            return RedirectResponse(f"/logga-in?next={request.url.path}", 303)
        raise
    engine = request.app.state.engine
    collection = _collection(engine, code)
    return request.app.state.templates.TemplateResponse(request, "voices_erase.html", {
        "c": collection, "title": pick(collection["title"], collection["title_en"]),
        "counts": erasure_preview(engine, code), "wrong": False})


@router.post("/arbete/rost/{code}/radera", response_class=HTMLResponse)
async def erase_submit(request: Request, code: str = CODE):
    """Erase the collection when the form names it; the same function as the CLI."""
    from jamlik.voices import erase_collection, erasure_preview

    user = require(request, *CODERS)
    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    engine = request.app.state.engine
    collection = _collection(engine, code)
    if str(form.get("confirm") or "").strip() != code:
        return request.app.state.templates.TemplateResponse(request, "voices_erase.html", {
            "c": collection, "title": pick(collection["title"], collection["title_en"]),
            "counts": erasure_preview(engine, code), "wrong": True}, status_code=400)
    erase_collection(engine, code, by=user.username)
    _forget_cached(request.app)
    return RedirectResponse("/rost?raderad=1", 303)
