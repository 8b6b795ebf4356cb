"""Recommendation uptake in the web app.

``/arbete/genomslag`` (analysts and coordinators): the proposed matches per
organisation and year, with the passage, its page and headings and the evidence;
confirm, reject or re-assign each (every decision is kept with who and when).
``/genomslag`` (public): per strategy and year, how many boards took it up, with
the confirmed quotes and their sources only.
"""

from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ._auth import check_csrf, require
from ._errors import ApiError
from ._i18n import gettext as _

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
MATCH_ID = Path(ge=1, le=2_147_483_647)
REVIEWERS = ("analyst", "coordinator")


def _programme(engine) -> int | None:
    from jamlik.store import programme_ids

    ids = programme_ids(engine)
    return ids[0] if ids else None


def _targets(engine, programme_id: int) -> list[tuple[str, str]]:
    from jamlik.jobs import uptake_matcher

    return [(t.code, f"{t.code} {t.name}") for t in uptake_matcher(engine, programme_id).targets]


@router.get("/arbete/genomslag", response_class=HTMLResponse)
def review_page(request: Request):
    from jamlik.store import stored_matches

    try:
        require(request, *REVIEWERS)
    except ApiError as error:
        if error.status == 401:
            return RedirectResponse(f"/logga-in?next={request.url.path}", 303)
        raise
    engine = request.app.state.engine
    programme_id = _programme(engine)
    year = request.query_params.get("ar")
    organisation = request.query_params.get("organisation") or None
    matches = [] if programme_id is None else stored_matches(
        engine, programme_id=programme_id, year=int(year) if year and year.isdigit() else None,
        organisation=organisation)
    groups: dict[tuple[str, int], list] = defaultdict(list)
    for match in matches:
        groups[(match.organisation, match.year)].append(match)
    return request.app.state.templates.TemplateResponse(request, "uptake_review.html", {
        "groups": sorted(groups.items()), "targets": _targets(engine, programme_id)
        if programme_id else [], "notice": request.query_params.get("klart"),
        "error": request.query_params.get("fel")})


@router.post("/arbete/genomslag/{match_id}", response_class=HTMLResponse)
async def review_submit(request: Request, match_id: int = MATCH_ID):
    from jamlik.errors import InputError, NotFoundError
    from jamlik.jobs import review_match

    user = require(request, *REVIEWERS)
    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    decision = str(form.get("decision") or "")
    code = str(form.get("code") or "").strip() or None
    try:
        review_match(request.app.state.engine, match_id, decision, reviewer=user.username,
                     role=user.role, code=code if decision == "reassign" else None,
                     comment=str(form.get("comment") or "").strip() or None)
    except NotFoundError:
        raise ApiError(404, _("Det finns inget sådant förslag.")) from None
    except InputError:
        return RedirectResponse(f"/arbete/genomslag?fel={match_id}#forslag-{match_id}", 303)
    return RedirectResponse(f"/arbete/genomslag?klart={match_id}#forslag-{match_id}", 303)


@router.get("/genomslag", response_class=HTMLResponse)
def public_page(request: Request):
    from jamlik.store import confirmed_uptake

    engine = request.app.state.engine
    programme_id = _programme(engine)
    confirmed = confirmed_uptake(engine, programme_id) if programme_id else []
    names = dict(_targets(engine, programme_id)) if programme_id else {}
    by_code: dict[str, dict] = {}
    for match in confirmed:
        entry = by_code.setdefault(match.final_code, {"code": match.final_code,
                                                      "name": names.get(match.final_code, ""),
                                                      "years": defaultdict(set), "quotes": []})
        entry["years"][match.year].add(match.organisation)
        entry["quotes"].append(match)
    strategies = [{**entry, "years": sorted((year, len(orgs)) for year, orgs
                                            in entry["years"].items())}
                  for _code, entry in sorted(by_code.items())]
    return request.app.state.templates.TemplateResponse(
        request, "uptake_public.html", {"strategies": strategies})
