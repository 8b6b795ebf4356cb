"""The programme page: target areas → strategies → activities with their latest status,
and the indicators that follow each target area.

The tree comes from :func:`jamlik.program.current_tree` (the current revision);
activities, owners and their latest status from
:func:`jamlik.program.programme_activities`. Only reported
statuses (submitted or reviewed) are public: a draft is the reporter's own.
"""

from __future__ import annotations

from sqlalchemy import select

from jamlik.program import programme_activities, programme_municipalities
from jamlik.store import Indicator, IndicatorTargetArea, Precondition, Programme

from ._i18n import gettext as _
from ._i18n import language, pick
from ._tables import Column, Table

__all__ = ["programme", "status_label"]


def status_label(vocabulary: str, code: str | None) -> str:
    from jamlik.program import catalogue

    return catalogue.label(vocabulary, code, language()) if code else ""


def _tree(conn, programme_id: int) -> list[dict]:
    # current_tree reads the stored rows itself when a programme has no revisions yet
    from jamlik.program import current_tree

    return current_tree(conn, programme_id)


def programme_id(engine, municipality: str | None) -> int | None:
    """The id of the programme ``municipality`` owns (the first, when it owns several),
    None when it owns none."""
    owned = [pid for pid, code in programme_municipalities(engine).items()
             if code is not None and code == municipality]
    return min(owned) if owned else None


def _load(engine, municipality: str | None) -> dict:
    """The programme of ``municipality`` (None when it has none)."""
    owned = programme_id(engine, municipality)
    with engine.connect() as conn:
        programme = conn.execute(select(Programme).where(Programme.id == owned)
                                 ).first() if owned is not None else None
        if programme is None:
            return {"programme": None, "targets": [], "preconditions": []}
        tree = _tree(conn, programme.id)
        preconditions = list(conn.execute(select(Precondition.name).where(
            Precondition.programme_id == programme.id).order_by(Precondition.sort_order))
            .scalars())
        linked: dict[int, list[dict]] = {}
        for row in conn.execute(select(IndicatorTargetArea.target_area_id, Indicator.code,
                                       Indicator.name, Indicator.name_en, Indicator.is_example)
                                .join(Indicator).order_by(Indicator.name)):
            linked.setdefault(row.target_area_id, []).append(row._asdict())
        tree_ids = {s["id"] for t in tree for s in t["strategies"]}
    activities: dict[int, list[dict]] = {}
    owners: dict[int, list[str]] = {}
    statuses: dict[int, dict] = {}
    for activity in programme_activities(engine, programme.id):
        row = {"id": activity.id, "code": activity.code, "name": activity.name,
               "is_example": activity.is_example, "period_start": activity.period_start,
               "period_end": activity.period_end}
        for strategy_id in activity.strategy_ids:
            if strategy_id in tree_ids:
                activities.setdefault(strategy_id, []).append(row)
        owners[activity.id] = list(activity.owners)
        if activity.latest is not None:
            latest = activity.latest
            statuses[activity.id] = {"status": latest.status, "progress": latest.progress,
                                     "goal_attainment": latest.goal_attainment,
                                     "narrative": latest.narrative, "state": latest.state,
                                     "created_at": latest.created_at}
    return {"programme": programme._asdict(), "tree": tree, "preconditions": preconditions,
            "linked": linked, "activities": activities, "owners": owners,
            "statuses": statuses, "uptake": _uptake(engine, programme.id)}


def _uptake(engine, programme_id: int) -> dict[str, tuple[int, int]]:
    """Strategy code → (latest year, boards whose annual report of that year took it up),
    from confirmed matches only."""
    from jamlik.store import confirmed_uptake

    boards: dict[str, dict[int, set[str]]] = {}
    for match in confirmed_uptake(engine, programme_id):
        boards.setdefault(match.final_code, {}).setdefault(match.year, set()).add(
            match.organisation)
    return {code: (max(years), len(years[max(years)])) for code, years in boards.items()}


def programme(snapshot, municipality: str | None) -> dict:
    """The programme tree of ``municipality`` for the page (cached per data version and
    language); an empty one when the municipality has no programme."""
    raw = snapshot._cached_all("programme_raw", (municipality,),
                               lambda: _load(snapshot.engine, municipality))

    def compute():
        if raw["programme"] is None:
            return {"programme": None, "targets": [], "preconditions": [], "tables": {},
                    "example": False}
        targets, rows = [], []
        example = False
        for target in raw["tree"]:
            strategies = []
            for strategy in target["strategies"]:
                items = []
                for activity in raw["activities"].get(strategy["id"], []):
                    status = raw["statuses"].get(activity["id"], {})
                    example |= bool(activity["is_example"])
                    item = {**activity, "owners": raw["owners"].get(activity["id"], []),
                            "status": status_label("status", status.get("status")) or
                            _("ingen rapport än"),
                            "status_code": status.get("status"),
                            "progress": status.get("progress"),
                            "goal_attainment": status_label("goal_attainment",
                                                            status.get("goal_attainment")),
                            "narrative": status.get("narrative")}
                    items.append(item)
                    rows.append({"target": target["code"], "strategy": strategy["code"],
                                 "activity": activity["name"], "code": activity["code"],
                                 "owners": ", ".join(item["owners"]), "status": item["status"],
                                 "progress": item["progress"],
                                 "goal": item["goal_attainment"],
                                 "example": _("ja") if activity["is_example"] else ""})
                strategies.append({**strategy, "activities": items,
                                   "uptake": raw["uptake"].get(strategy["code"])})
            indicators = [{"code": i["code"], "name": pick(i["name"], i["name_en"]),
                           "is_example": i["is_example"]}
                          for i in raw["linked"].get(target["id"], [])]
            targets.append({**target, "strategies": strategies, "indicators": indicators})
        table = Table(
            "aktiviteter", _("Aktiviteter och senaste rapporterade status"),
            [Column("target", _("Målområde")), Column("strategy", _("Strategi")),
             Column("activity", _("Aktivitet")), Column("code", _("Kod")),
             Column("owners", _("Ansvarig")), Column("status", _("Status")),
             Column("progress", _("Genomfört (%)"), "number", 0),
             Column("goal", _("Måluppfyllelse")), Column("example", _("Exempeldata"))],
            rows, row_header="activity", example=example)
        return {"programme": raw["programme"], "targets": targets,
                "preconditions": raw["preconditions"], "tables": {"aktiviteter": table},
                "example": example, "uptake": bool(raw["uptake"])}

    return snapshot._cached_all("programme", (municipality, language()), compute)
