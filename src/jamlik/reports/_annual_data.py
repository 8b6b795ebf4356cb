"""Collecting the content of the annual summary (årsbokslut) from the store.

Only reported content counts: a status report whose newest version is submitted
or reviewed. A draft, a report sent back, or no report at all is "not reported".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select

from jamlik.program import safe_link
from jamlik.errors import NotFoundError
from jamlik.program import (
    Cycle, REPORTED, current_snapshot, current_tree, cycle_from_row, cycle_row, cycle_status,
    latest_versions, only_programme,
)
from jamlik.store import (
    Activity, ActivityIndicator, ActivityOrganisation, ActivityStrategy, ContactPerson,
    FollowupCycle, IndicatorTargetArea, Organisation, Programme, StatusReport, Strategy,
    confirmed_uptake, programme_recommendations,
)

from ._annual_voices import collect_voices
from ._indicators import indicator_lines, indicator_rows, setting_areas
from ._scenarios import saved_scenarios

__all__ = ["AnnualData", "collect", "choose_cycle", "DEFAULT_MEASURES"]

# D and R between groups; between areas the headline ranks them by an area index
DEFAULT_MEASURES = ("D", "R", "SII", "RII")


@dataclass
class AnnualData:
    """Everything the annual summary shows, with stored codes (labels come at rendering)."""

    programme: Any
    preconditions: list[str]
    cycle: Cycle
    previous: Cycle | None
    sections: list[dict[str, Any]]
    activities: dict[int, dict[str, Any]]
    missing: list[dict[str, Any]]
    is_example: bool
    compiled: dt.date
    measures: tuple[str, ...] = DEFAULT_MEASURES
    scenarios: list[dict[str, Any]] = field(default_factory=list)  # saved place scenarios


def choose_cycle(conn: Connection, programme_id: int, cycle_id: int | None) -> Any:
    """``cycle_id``, else the programme's latest closed cycle (an annual summary reports a
    finished year), else, when none is closed yet, its latest open one."""
    if cycle_id is not None:
        cycle = cycle_row(conn, cycle_id)
        if cycle.programme_id != programme_id:
            raise NotFoundError(f"uppföljningen {cycle_id} hör inte till programmet {programme_id}")
        return cycle
    cycle = conn.execute(select(FollowupCycle).where(FollowupCycle.programme_id == programme_id)
                         .order_by((FollowupCycle.status == "closed").desc(),
                                   FollowupCycle.year.desc(), FollowupCycle.id.desc())).first()
    if cycle is None:
        raise NotFoundError("programmet har ingen uppföljning; öppna en med 'jamlik followup open'")
    return cycle


def _reported(conn: Connection, cycle_id: int) -> dict[int, dict[str, Any]]:
    """Activity id → its report in the cycle: reporter and (if reported) the content."""
    latest = latest_versions(conn, cycle_id=cycle_id)
    out = {}
    for report in conn.execute(select(StatusReport).where(StatusReport.cycle_id == cycle_id)):
        row = latest.get(report.id)
        state = row.state if row is not None else None
        content = row if state in REPORTED else None
        out[report.activity_id] = {
            "report_id": report.id, "organisation_id": report.organisation_id, "state": state,
            "status": content.status if content is not None else None,
            "progress": content.progress if content is not None else None,
            "goal": content.goal_attainment if content is not None else None,
            "narrative": content.narrative if content is not None else None,
            "examples": list(content.examples or []) if content is not None else [],
            "links": [link for link in map(safe_link, content.evidence_links or []) if link]
            if content is not None else [],
        }
    return out


def _previous(conn: Connection, cycle) -> Any:
    return conn.execute(select(FollowupCycle).where(
        FollowupCycle.programme_id == cycle.programme_id,
        (FollowupCycle.year < cycle.year)
        | ((FollowupCycle.year == cycle.year) & (FollowupCycle.id < cycle.id)))
        .order_by(FollowupCycle.year.desc(), FollowupCycle.id.desc())).first()


def collect(engine: Engine, *, programme_id: int | None = None, cycle_id: int | None = None,
            area_code: str | None = None, measures: tuple[str, ...] = DEFAULT_MEASURES,
            uptake_examples: bool = True) -> AnnualData:
    """Read what the annual summary of ``cycle_id`` (default: the latest) shows.

    With ``uptake_examples`` each target area's examples also hold the passages of the
    boards' annual reports of the cycle's year that a reviewer confirmed (or re-assigned)
    for one of its strategies, or for a recommendation linked to one of them; proposals
    nobody reviewed never appear.
    """
    with engine.connect() as conn:
        if programme_id is None:
            programme_id = only_programme(conn)
        programme = conn.execute(select(Programme).where(Programme.id == programme_id)).first()
        if programme is None:
            raise NotFoundError(f"inget program med id {programme_id}")
        cycle = choose_cycle(conn, programme_id, cycle_id)
        previous = _previous(conn, cycle)
        tree = current_tree(conn, programme_id)
        snapshot = current_snapshot(conn, programme_id)
        reports = _reported(conn, cycle.id)
        before = _reported(conn, previous.id) if previous is not None else {}
        activities = _activities(conn, list(reports))
        names = dict(conn.execute(select(Organisation.id, Organisation.name)).all())
        for activity_id, info in activities.items():
            info.update(reports[activity_id])
            info["reporter"] = names[info["organisation_id"]]
            info["previous"] = before.get(activity_id)
        targets = _targets_of(conn, list(reports))
        linked = _linked_indicators(conn, [t["id"] for t in tree], list(reports), targets)
        areas = setting_areas(conn, programme.name, programme.owner, area_code)
        all_ids = sorted({i for ids in linked.values() for i in ids})
        lines = indicator_lines(conn, all_ids, area_ids=areas, measures=measures)
        indicators = indicator_rows(conn, all_ids)
        sections = []
        for target in tree:
            members = sorted((a for a in activities.values() if target["id"] in
                              targets.get(a["id"], ())), key=lambda a: a["code"])
            sections.append({
                "id": target["id"], "code": target["code"], "name": target["name"],
                "strategies": target["strategies"], "activities": members,
                "goal_counts": _goal_counts(members),
                "indicators": [{"indicator": indicators[i], "lines": lines.get(i, [])}
                               for i in sorted(linked.get(target["id"], ()),
                                               key=lambda i: indicators[i].name)],
            })
        _, progress = cycle_status(engine, cycle.id)
        missing = _missing(conn, progress)
    uptake = _uptake_examples(engine, programme_id, cycle.year, tree) if uptake_examples else {}
    said = collect_voices(engine, programme_id, cycle.year, area_code)  # what residents say
    for section in sections:
        section["uptake"] = uptake.get(section["id"], [])
        section["voices"] = said.get(section["id"], [])
    is_example = bool(cycle.is_example or any(a["is_example"] for a in activities.values())
                      or any(c["is_example"] for found in said.values() for c in found)
                      or any(i.is_example for i in indicators.values())
                      or any(u["is_example"] for found in uptake.values() for u in found))
    return AnnualData(programme=programme, preconditions=list(snapshot["preconditions"]),
                      cycle=cycle_from_row(cycle),
                      previous=cycle_from_row(previous) if previous else None,
                      sections=sections, activities=activities, missing=missing,
                      is_example=is_example, compiled=dt.date.today(), measures=measures,
                      scenarios=saved_scenarios(engine, municipality=area_code))


def _uptake_examples(engine: Engine, programme_id: int, year: int,
                     tree: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Target area id → the confirmed passages of ``year``'s annual reports that count for
    it (one passage once per target area, in document order)."""
    target_of = {strategy["code"]: target["id"] for target in tree
                 for strategy in target["strategies"]}
    target_of.update({target["code"]: target["id"] for target in tree})
    for recommendation in programme_recommendations(engine, programme_id):
        targets = {target_of[code] for code in recommendation["strategies"] if code in target_of}
        if len(targets) == 1:  # a recommendation spanning target areas belongs to none alone
            target_of[recommendation["code"]] = targets.pop()
    found: dict[int, list[dict[str, Any]]] = {}
    seen: set[tuple[int, int]] = set()
    for match in confirmed_uptake(engine, programme_id):
        target = target_of.get(match.final_code)
        if match.year != year or target is None or (target, match.passage_id) in seen:
            continue
        seen.add((target, match.passage_id))
        found.setdefault(target, []).append({
            "quote": match.text, "document": match.source, "page": match.page,
            "organisation": match.organisation_name or match.organisation, "year": match.year,
            "is_example": match.is_example})
    return found


def _activities(conn: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    out = {row.id: {"id": row.id, "code": row.code, "name": row.name,
                    "plan_part": row.plan_part, "budget": row.budget,
                    "is_example": row.is_example, "owners": [], "strategies": []}
           for row in conn.execute(select(Activity).where(Activity.id.in_(ids)))}
    for activity_id, name in conn.execute(
            select(ActivityOrganisation.activity_id, Organisation.name)
            .join(Organisation, Organisation.id == ActivityOrganisation.organisation_id)
            .where(ActivityOrganisation.activity_id.in_(ids),
                   ActivityOrganisation.role == "owner").order_by(Organisation.name)):
        out[activity_id]["owners"].append(name)
    for activity_id, code in conn.execute(
            select(ActivityStrategy.activity_id, Strategy.code)
            .join(Strategy, Strategy.id == ActivityStrategy.strategy_id)
            .where(ActivityStrategy.activity_id.in_(ids)).order_by(Strategy.code)):
        out[activity_id]["strategies"].append(code)
    return out


def _targets_of(conn: Connection, ids: list[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for activity_id, target_id in conn.execute(
            select(ActivityStrategy.activity_id, Strategy.target_area_id)
            .join(Strategy, Strategy.id == ActivityStrategy.strategy_id)
            .where(ActivityStrategy.activity_id.in_(ids))):
        out.setdefault(activity_id, set()).add(target_id)
    return out


def _linked_indicators(conn, target_ids, activity_ids, targets) -> dict[int, set[int]]:
    """Indicators of a target area: linked to it, or to one of its activities."""
    out: dict[int, set[int]] = {t: set() for t in target_ids}
    for indicator_id, target_id in conn.execute(
            select(IndicatorTargetArea.indicator_id, IndicatorTargetArea.target_area_id)
            .where(IndicatorTargetArea.target_area_id.in_(target_ids))):
        out[target_id].add(indicator_id)
    for activity_id, indicator_id in conn.execute(
            select(ActivityIndicator.activity_id, ActivityIndicator.indicator_id)
            .where(ActivityIndicator.activity_id.in_(activity_ids))):
        for target_id in targets.get(activity_id, ()):
            if target_id in out:
                out[target_id].add(indicator_id)
    return out


def _goal_counts(members: list[dict[str, Any]]) -> dict[str, int]:
    counts = Counter(a["goal"] or "missing" for a in members)
    return {key: counts.get(key, 0) for key in ("good", "some", "none", "missing")}


def _missing(conn: Connection, progress) -> list[dict[str, Any]]:
    contacts: dict[int, str] = {}
    for org_id, name, role in conn.execute(select(
            ContactPerson.organisation_id, ContactPerson.name, ContactPerson.role)
            .order_by(ContactPerson.id)):
        contacts.setdefault(org_id, f"{name} ({role})" if role else name)
    children = {}
    for org_id, parent in conn.execute(select(Organisation.id, Organisation.parent_id)):
        if parent is not None and org_id in contacts:
            children.setdefault(parent, org_id)
    out = []
    for org in progress:
        if org.done or not org.reports:
            continue
        out.append({"name": org.name, "kind": org.kind, "missing": org.missing,
                    "total": org.reports, "states": org.states,
                    "contact": contacts.get(org.organisation_id)
                    or contacts.get(children.get(org.organisation_id))})
    return out
