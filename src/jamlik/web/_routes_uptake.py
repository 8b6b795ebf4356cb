"""Recommendation uptake in the web app.

``/arbete/genomslag`` (analysts and coordinators): the proposed matches per
organisation and year, with the passage, its page and headings and the evidence;
confirm, reject or re-assign each (every decision is kept with who and when).
``/genomslag`` (public): per strategy and year, how many boards took it up, with
the confirmed quotes and their sources only.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ._auth import check_csrf, require
from ._errors import ApiError
from ._i18n import gettext as _

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
MATCH_ID = Path(ge=1, le=2_147_483_647)
REVIEWERS = ("analyst", "coordinator")


def _programme(request: Request) -> int | None:
    """The programme of the municipality asked for (``?municipality=``, else the default);
    None when it has none. A store without areas (documents and a programme only) has no
    municipality to choose: its first programme is shown."""
    from jamlik.store import programme_ids

    from ._choices import municipality
    from ._programme_view import programme_id

    engine = request.app.state.engine
    chosen = request.app.state.service.snapshot().setting(municipality(request))
    if chosen is None:
        return next(iter(programme_ids(engine)), None)
    return programme_id(engine, chosen)


def _targets(engine, programme_id: int) -> list[tuple[str, str]]:
    from jamlik.jobs import uptake_matcher

    return [(t.code, f"{t.code} {t.name}") for t in uptake_matcher(engine, programme_id).targets]


# the review page's decision filter: query value → stored decision (None: not reviewed)
DECISION_FILTERS = {"alla": "any", "ej-granskade": None, "bekraftade": "confirm",
                    "avvisade": "reject", "flyttade": "reassign"}


def _review_filters(request: Request, facets: dict) -> dict:
    """The review page's filters from the query, each checked against what exists."""
    params = request.query_params
    year = params.get("ar") or None
    if year is not None and (not year.isdigit() or int(year) not in facets["years"]):
        raise ApiError(404, _("Det finns inga förslag för år %(year)s.") % {"year": year})
    organisation = params.get("organisation") or None
    if organisation is not None and organisation not in dict(facets["organisations"]):
        raise ApiError(404, _("Det finns inga förslag från organisationen %(code)s.")
                       % {"code": organisation})
    decision = params.get("beslut") or "alla"
    if decision not in DECISION_FILTERS:
        raise ApiError(400, _("Okänt värde för beslut: %(value)s. Välj något av: %(choices)s.")
                       % {"value": decision, "choices": ", ".join(DECISION_FILTERS)})
    return {"year": int(year) if year else None, "organisation": organisation,
            "decision": decision}


@router.get("/arbete/genomslag", response_class=HTMLResponse)
def review_page(request: Request):
    from jamlik.store import stored_matches, uptake_facets

    try:
        require(request, *REVIEWERS)
    except ApiError as error:
        if error.status == 401:
            return RedirectResponse(f"/logga-in?next={request.url.path}", 303)
        raise
    engine = request.app.state.engine
    programme_id = _programme(request)
    facets = uptake_facets(engine, programme_id) if programme_id is not None else {
        "years": [], "organisations": []}
    chosen = _review_filters(request, facets)
    matches = [] if programme_id is None else stored_matches(
        engine, programme_id=programme_id, year=chosen["year"],
        organisation=chosen["organisation"], decision=DECISION_FILTERS[chosen["decision"]])
    groups: dict[tuple[str, int], list] = defaultdict(list)
    for match in matches:
        groups[(match.organisation_name or match.organisation, match.year)].append(match)
    return request.app.state.templates.TemplateResponse(request, "uptake_review.html", {
        "groups": sorted(groups.items()), "targets": _targets(engine, programme_id)
        if programme_id else [], "notice": request.query_params.get("klart"),
        "error": request.query_params.get("fel"), "facets": facets, "chosen": chosen,
        "count": len(matches)})


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
        return RedirectResponse(_back(form, fel=match_id) + f"#forslag-{match_id}", 303)
    return RedirectResponse(_back(form, klart=match_id) + f"#forslag-{match_id}", 303)


def _back(form, **state) -> str:
    """The review page with the filters the decision was made under (checked again there)."""
    kept = {key: str(form.get(key)) for key in ("ar", "organisation", "beslut") if form.get(key)}
    return "/arbete/genomslag?" + urlencode({**kept, **state})


@router.get("/genomslag", response_class=HTMLResponse)
def public_page(request: Request):
    from jamlik.store import confirmed_uptake

    engine = request.app.state.engine
    programme_id = _programme(request)
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
        request, "uptake_public.html", {"strategies": strategies,
                                        "example": any(m.is_example for m in confirmed)})
