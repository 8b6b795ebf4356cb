"""Organisations, commissions and plans with activities, from a YAML/JSON structure.

The file format (every section optional)::

    programme: goteborg-jamlik-stad-2018-2026     # code of a stored programme
    example: true                                  # mark everything as exempeldata
    organisations:
      - {id: forskolenamnden, name: Förskolenämnden, kind: board,
         contacts: [{name: ..., role: ..., email: ...}]}
      - {id: forskoleforvaltningen, name: Förskoleförvaltningen, kind: administration,
         parent: forskolenamnden}
    commissions:
      - id: ..., name: ..., owner: ..., period: {start: 2010, end: 2013}
        reports: [{id: R1, title: ..., authors: ..., year: 2012}]
        recommendations: [{id: K1, kind: recommendation, text: ..., report: R1,
                           parent: K0, strategies: [MO1.2], activities: [A01]}]
    plans:
      - id: plan-2019-2022, name: ..., period: {start: 2019, end: 2022}
        activities:
          - {id: A01, name: ..., description: ..., owners: [forskolenamnden],
             partners: [...], period: {start: 2019, end: 2022}, strategies: [MO1.4],
             indicators: [gymnasiebehorighet], budget: 1200000, plan_part: ..., tags: [...]}

Items are matched by ``id`` (their code): new ones are added, changed ones are
updated, and an activity's earlier values are kept in ``details['history']``.
The whole file is checked before anything is stored, and stored in one
transaction, so a broken file changes nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, delete, select

from jamlik.errors import InputError
from jamlik.store import (
    Activity, ActivityIndicator, ActivityOrganisation, ActivityStrategy, BackgroundReport,
    Commission, ContactPerson, Indicator, Organisation, Plan, Programme, Recommendation,
    RecommendationActivity, RecommendationStrategy, Strategy, TargetArea,
)

from ._common import now, parse_code

__all__ = ["import_structure", "store_activities"]

KEYS = {
    "top": {"programme", "example", "organisations", "commissions", "plans"},
    "organisation": {"id", "name", "kind", "parent", "contacts", "details"},
    "contact": {"name", "role", "email", "phone"},
    "commission": {"id", "name", "owner", "period", "url", "reports", "recommendations",
                   "details"},
    "report": {"id", "title", "authors", "year", "url"},
    "recommendation": {"id", "kind", "text", "report", "parent", "strategies", "activities"},
    "plan": {"id", "name", "period", "activities", "details"},
    "activity": {"id", "name", "description", "owners", "partners", "period", "strategies",
                 "indicators", "budget", "plan_part", "tags"},
}


def _check(item: Any, kind: str, where: str, file: str | None) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise InputError("väntade en mappning", file=file, row=where)
    extra = set(item) - KEYS[kind]
    if extra:
        raise InputError(f"okänt fält '{sorted(extra)[0]}'", file=file, row=where)
    for key in ("id", "name") if kind in ("organisation", "commission", "plan", "activity") else ():
        if not item.get(key):
            raise InputError(f"fältet '{key}' saknas", file=file, row=where)
    return item


def import_structure(engine: Engine, data: dict[str, Any], *, file: str | None = None,
                     programme_id: int | None = None) -> dict[str, int]:
    """Store organisations, commissions and plans from ``data``; return counts per kind."""
    _check(data, "top", "fil", file)
    counts = {"organisations": 0, "commissions": 0, "plans": 0, "activities": 0}
    with engine.begin() as conn:
        if programme_id is None and (data.get("plans") or data.get("commissions")):
            code = data.get("programme")
            found = conn.execute(select(Programme.id).where(Programme.code == code)).first()
            if found is None:
                raise InputError(f"programmet '{code}' finns inte; importera programmet först",
                                 file=file, row="programme")
            programme_id = found[0]
        example = bool(data.get("example", False))
        for i, org in enumerate(data.get("organisations") or []):
            _organisation(conn, _check(org, "organisation", f"organisations[{i}]", file),
                          example, f"organisations[{i}]", file)
            counts["organisations"] += 1
        for i, plan in enumerate(data.get("plans") or []):
            where = f"plans[{i}]"
            _check(plan, "plan", where, file)
            plan_id = _plan(conn, plan, programme_id, example)
            counts["activities"] += store_activities(
                conn, plan_id, plan.get("activities") or [], example=example, file=file,
                where=f"{where}.activities")
            counts["plans"] += 1
        for i, commission in enumerate(data.get("commissions") or []):
            _commission(conn, _check(commission, "commission", f"commissions[{i}]", file),
                        example, f"commissions[{i}]", file, programme_id)
            counts["commissions"] += 1
    return counts


def _organisation(conn, org, example, where, file) -> int:
    kind = parse_code("organisation_kind", org.get("kind") or "other")
    if kind is None:
        raise InputError(f"okänd typ '{org['kind']}'; väntade en av nämnd, förvaltning, bolag, "
                         "extern part, annan", file=file, row=where, column="kind")
    parent = None
    if org.get("parent"):
        found = conn.execute(select(Organisation.id).where(
            Organisation.code == org["parent"])).first()
        if found is None:
            raise InputError(f"okänd överordnad organisation '{org['parent']}'", file=file,
                             row=where, column="parent")
        parent = found[0]
    values = dict(code=str(org["id"]), name=org["name"], kind=kind, parent_id=parent,
                  is_example=example, details=org.get("details") or {})
    found = conn.execute(select(Organisation.id).where(Organisation.code == values["code"])).first()
    table = Organisation.__table__
    if found is None:
        org_id = conn.execute(table.insert().values(**values)).inserted_primary_key[0]
    else:
        org_id = found[0]
        conn.execute(table.update().where(table.c.id == org_id).values(**values))
    known = set(conn.execute(select(ContactPerson.name).where(
        ContactPerson.organisation_id == org_id)).scalars())
    for j, contact in enumerate(org.get("contacts") or []):
        _check(contact, "contact", f"{where}.contacts[{j}]", file)
        if not contact.get("name"):
            raise InputError("fältet 'name' saknas", file=file, row=f"{where}.contacts[{j}]")
        if contact["name"] not in known:
            conn.execute(ContactPerson.__table__.insert().values(
                organisation_id=org_id, **{k: contact.get(k) for k in KEYS["contact"]}))
    return org_id


def _period(item: dict[str, Any]) -> tuple[int | None, int | None]:
    period = item.get("period") or {}
    return period.get("start"), period.get("end")


def _plan(conn, plan, programme_id, example) -> int:
    start, end = _period(plan)
    values = dict(programme_id=programme_id, code=str(plan["id"]), name=plan["name"],
                  period_start=start, period_end=end, is_example=example,
                  details=plan.get("details") or {})
    table = Plan.__table__
    found = conn.execute(select(Plan.id).where(Plan.code == values["code"])).first()
    if found is None:
        return conn.execute(table.insert().values(**values)).inserted_primary_key[0]
    conn.execute(table.update().where(table.c.id == found[0]).values(**values))
    return found[0]


def _lookup(conn: Connection, plan_id: int) -> dict[str, dict[str, int]]:
    programme_id = conn.execute(select(Plan.programme_id).where(Plan.id == plan_id)).scalar()
    return {
        "strategy": dict(conn.execute(select(Strategy.code, Strategy.id).join(
            TargetArea, TargetArea.id == Strategy.target_area_id).where(
            TargetArea.programme_id == programme_id)).all()),
        "indicator": dict(conn.execute(select(Indicator.code, Indicator.id)).all()),
        "organisation": dict(conn.execute(select(Organisation.code, Organisation.id)).all()),
    }


def _ids(lookup, kind, codes, where, column, file) -> list[int]:
    out = []
    for code in codes or []:
        found = lookup[kind].get(str(code))
        if found is None:
            names = {"strategy": "strategi", "indicator": "indikator",
                     "organisation": "organisation"}
            raise InputError(f"okänd {names[kind]} '{code}'", file=file, row=where, column=column)
        out.append(found)
    return out


def store_activities(conn: Connection, plan_id: int, activities: list[dict[str, Any]], *,
                     example: bool = False, file: str | None = None,
                     where: str = "activities") -> int:
    """Add or update the activities of a plan (on an open transaction); return how many."""
    lookup = _lookup(conn, plan_id)
    existing = {row.code: row for row in conn.execute(
        select(Activity).where(Activity.plan_id == plan_id))}
    table = Activity.__table__
    for i, item in enumerate(activities):
        place = item.pop("_row", None) or f"{where}[{i}]"
        _check(item, "activity", place, file)
        links = {
            "strategies": _ids(lookup, "strategy", item.get("strategies"), place, "strategies",
                               file),
            "indicators": _ids(lookup, "indicator", item.get("indicators"), place, "indicators",
                               file),
            "owners": _ids(lookup, "organisation", item.get("owners"), place, "owners", file),
            "partners": _ids(lookup, "organisation", item.get("partners"), place, "partners",
                             file),
        }
        if not links["owners"]:
            raise InputError("en aktivitet behöver minst en ansvarig organisation", file=file,
                             row=place, column="owners")
        start, end = _period(item)
        for column, value in (("budget", item.get("budget")), ("period", start), ("period", end)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                      or value < 0):
                raise InputError(f"väntade ett tal ≥ 0, fick '{value}'", file=file, row=place,
                                 column=column)
        values = dict(plan_id=plan_id, code=str(item["id"]), name=item["name"],
                      description=item.get("description"), period_start=start, period_end=end,
                      budget=item.get("budget"), plan_part=item.get("plan_part"),
                      tags=list(item.get("tags") or []), is_example=example)
        old = existing.get(values["code"])
        if old is None:
            activity_id = conn.execute(table.insert().values(
                **values, details={})).inserted_primary_key[0]
        else:
            activity_id = old.id
            before = _links(conn, activity_id)
            changed = {k: getattr(old, k) for k, v in values.items() if getattr(old, k) != v}
            changed.update({k: v for k, v in before.items() if sorted(v) != sorted(links[k])})
            if not changed:
                continue
            history = list((old.details or {}).get("history", []))
            history.append({"changed_at": now().isoformat(timespec="seconds"),
                            "previous": changed})
            conn.execute(table.update().where(table.c.id == activity_id).values(
                **values, details={**(old.details or {}), "history": history}))
            for link in (ActivityStrategy, ActivityIndicator, ActivityOrganisation):
                conn.execute(delete(link).where(link.activity_id == activity_id))
        _store_links(conn, activity_id, links)
    return len(activities)


def _links(conn: Connection, activity_id: int) -> dict[str, list[int]]:
    roles = conn.execute(select(ActivityOrganisation.organisation_id, ActivityOrganisation.role)
                         .where(ActivityOrganisation.activity_id == activity_id)).all()
    return {
        "strategies": conn.execute(select(ActivityStrategy.strategy_id).where(
            ActivityStrategy.activity_id == activity_id)).scalars().all(),
        "indicators": conn.execute(select(ActivityIndicator.indicator_id).where(
            ActivityIndicator.activity_id == activity_id)).scalars().all(),
        "owners": [org for org, role in roles if role == "owner"],
        "partners": [org for org, role in roles if role == "partner"],
    }


def _store_links(conn: Connection, activity_id: int, links: dict[str, list[int]]) -> None:
    for strategy_id in dict.fromkeys(links["strategies"]):
        conn.execute(ActivityStrategy.__table__.insert().values(
            activity_id=activity_id, strategy_id=strategy_id))
    for indicator_id in dict.fromkeys(links["indicators"]):
        conn.execute(ActivityIndicator.__table__.insert().values(
            activity_id=activity_id, indicator_id=indicator_id))
    roles = {org: "partner" for org in links["partners"]}
    roles.update({org: "owner" for org in links["owners"]})
    for org, role in roles.items():
        conn.execute(ActivityOrganisation.__table__.insert().values(
            activity_id=activity_id, organisation_id=org, role=role))


def _commission(conn, commission, example, where, file, programme_id) -> int:
    start, end = _period(commission)
    values = dict(code=str(commission["id"]), name=commission["name"],
                  owner=commission.get("owner"), period_start=start, period_end=end,
                  url=commission.get("url"), is_example=example,
                  details=commission.get("details") or {})
    table = Commission.__table__
    found = conn.execute(select(Commission.id).where(Commission.code == values["code"])).first()
    if found is None:
        commission_id = conn.execute(table.insert().values(**values)).inserted_primary_key[0]
    else:
        commission_id = found[0]
        conn.execute(table.update().where(table.c.id == commission_id).values(**values))
    reports = dict(conn.execute(select(BackgroundReport.code, BackgroundReport.id).where(
        BackgroundReport.commission_id == commission_id)).all())
    for j, report in enumerate(commission.get("reports") or []):
        place = f"{where}.reports[{j}]"
        _check(report, "report", place, file)
        if not report.get("id") or not report.get("title"):
            raise InputError("väntade id och title", file=file, row=place)
        if str(report["id"]) not in reports:
            reports[str(report["id"])] = conn.execute(BackgroundReport.__table__.insert().values(
                commission_id=commission_id, code=str(report["id"]), title=report["title"],
                authors=report.get("authors"), year=report.get("year"), url=report.get("url"),
            )).inserted_primary_key[0]
    _recommendations(conn, commission, commission_id, reports, where, file, programme_id)
    return commission_id


def _recommendations(conn, commission, commission_id, reports, where, file, programme_id):
    known = dict(conn.execute(select(Recommendation.code, Recommendation.id).where(
        Recommendation.commission_id == commission_id)).all())
    strategies = dict(conn.execute(select(Strategy.code, Strategy.id).join(
        TargetArea, TargetArea.id == Strategy.target_area_id).where(
        TargetArea.programme_id == programme_id)).all()) if programme_id else {}
    activities: dict[str, list[int]] = {}
    for code, activity_id in conn.execute(select(Activity.code, Activity.id).join(
            Plan, Plan.id == Activity.plan_id).where(Plan.programme_id == programme_id)):
        activities.setdefault(code, []).append(activity_id)
    for j, item in enumerate(commission.get("recommendations") or []):
        place = f"{where}.recommendations[{j}]"
        _check(item, "recommendation", place, file)
        if not item.get("id") or not item.get("text"):
            raise InputError("väntade id och text", file=file, row=place)
        kind = parse_code("recommendation_kind", item.get("kind") or "recommendation")
        if kind is None:
            raise InputError(f"okänd typ '{item['kind']}'; väntade en av rekommendation, "
                             "åtgärdsförslag, uppdrag", file=file, row=place, column="kind")
        report_id = reports.get(str(item["report"])) if item.get("report") else None
        if item.get("report") and report_id is None:
            raise InputError(f"okänd underlagsrapport '{item['report']}'", file=file, row=place,
                             column="report")
        if item.get("parent") and str(item["parent"]) not in known:
            raise InputError(f"okänd rekommendation '{item['parent']}'", file=file, row=place,
                             column="parent")
        if str(item["id"]) in known:
            continue
        rec_id = conn.execute(Recommendation.__table__.insert().values(
            commission_id=commission_id, background_report_id=report_id,
            parent_id=known.get(str(item.get("parent"))), code=str(item["id"]), kind=kind,
            text=item["text"])).inserted_primary_key[0]
        known[str(item["id"])] = rec_id
        for code in item.get("strategies") or []:
            if code not in strategies:
                raise InputError(f"okänd strategi '{code}'", file=file, row=place,
                                 column="strategies")
            conn.execute(RecommendationStrategy.__table__.insert().values(
                recommendation_id=rec_id, strategy_id=strategies[code]))
        for code in item.get("activities") or []:
            found = activities.get(str(code), [])
            if len(found) != 1:
                problem = "okänd" if not found else "tvetydig (finns i flera planer)"
                raise InputError(f"{problem} aktivitet '{code}'", file=file, row=place,
                                 column="activities")
            conn.execute(RecommendationActivity.__table__.insert().values(
                recommendation_id=rec_id, activity_id=found[0]))
