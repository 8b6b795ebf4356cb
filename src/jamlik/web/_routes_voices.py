"""Residents' voices in the web app.

``/rost`` and ``/rost/{collection}`` (public): each collection's method and results — the
closed questions' shares by area and the themes residents raised — with disclosure control
(nothing shown for fewer than the collection's threshold). No answer is shown here.
``/arbete/rost/{collection}`` (analysts): the open answers (masked) with suggested codes
and their evidence; an analyst codes each answer (a suggestion becomes a code only when
accepted), and the agreement between coders is shown.
"""

from __future__ import annotations

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ._auth import check_csrf, require
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
    response = request.app.state.templates.TemplateResponse(
        request, "voices_list.html", {"collections": collections, "methods": _methods()})
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
        out.append({"name": rows["indicator_name"].iloc[0], "rows": [
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
                         "lower": r.lower * 100, "upper": r.upper * 100, "n": r.n,
                         "suppressed": bool(r.suppressed)}
                        for r in rows.itertuples()]})
    return out


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
        "results": _results(engine, code, names), "themes": _themes(engine, code, names)})
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
        "notice": request.query_params.get("klart")})


@router.post("/arbete/rost/{code}/{answer_id}", response_class=HTMLResponse)
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
