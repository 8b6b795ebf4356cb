"""Example follow-up content for the demo (exempeldata): organisations, plans,
activities and two follow-up cycles of Göteborg's programme.

The organisations are the city's real boards, administrations and companies; the
activities, people, texts and quotes are invented examples in the style of the
city's annual summaries, and everything is stored with ``is_example`` set. The
content is in ``jamlik/program/data/exempel-goteborg.yaml``; this module adds the
cycles: *Årsuppföljning 2024* (closed, every report reviewed, two sent back once)
and *Årsuppföljning 2025* (open, some organisations not yet reported).
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from typing import Any

import numpy as np
import yaml
from sqlalchemy import Engine, select

from jamlik.errors import NotFoundError
from jamlik.program import (
    close_cycle, current_status_report, import_structure, open_cycle, review_status_report,
    save_status_report, submit_status_report,
)
from jamlik.store import (
    Activity, ContactPerson, FollowupCycle, Organisation, Plan, StatusReport,
)

__all__ = ["load_demo_followup", "demo_content"]

REVIEWER = "Maria Lind (Stadsledningskontoret)"
UTC = dt.timezone.utc
# year → (opened, deadline, closed or None)
CYCLES = {
    2024: (dt.datetime(2025, 1, 13, 8, 30, tzinfo=UTC), dt.date(2025, 2, 28),
           dt.datetime(2025, 3, 31, 15, 0, tzinfo=UTC)),
    2025: (dt.datetime(2026, 1, 12, 8, 30, tzinfo=UTC), dt.date(2026, 2, 27), None),
}
SENT_BACK = {2024: ("A202", "B110"), 2025: ("B205",)}
COMMENTS = {
    "A202": "Beskriv gärna hur många praktikplatser kraven har gett och hur de följs upp.",
    "B110": "Komplettera med hur stödet når föräldrar som inte talar svenska.",
    "B205": "Ange hur många som har validerats inom respektive yrkesområde.",
}
#: Organisations that have not reported in the open cycle (drafts at most).
LATE = {"valn", "ifn", "sn-sydvast"}


def demo_content() -> dict[str, Any]:
    """The example structure and report texts (``structure`` and ``reports``)."""
    text = resources.files("jamlik.program").joinpath("data/exempel-goteborg.yaml")
    return yaml.safe_load(text.read_text(encoding="utf-8"))


def load_demo_followup(engine: Engine, programme_id: int, *,
                       rng: np.random.Generator) -> dict[str, Any]:
    """Add the example organisations, plans, activities and cycles; a second call is a no-op."""
    content = demo_content()
    first_plan = content["structure"]["plans"][0]["id"]
    with engine.connect() as conn:
        if conn.execute(select(Plan.id).where(Plan.code == first_plan)).first() is not None:
            return {"already_loaded": True, "cycles": []}
    counts = import_structure(engine, content["structure"], programme_id=programme_id)
    cycles = [_cycle(engine, programme_id, year, content["reports"], rng) for year in CYCLES]
    return {"already_loaded": False, "cycles": cycles, **counts}


def _reporters(engine: Engine) -> dict[int, str]:
    """Organisation id → the person who reports for it (its own or its administration's)."""
    with engine.connect() as conn:
        orgs = conn.execute(select(Organisation.id, Organisation.parent_id)).all()
        people = dict(conn.execute(select(ContactPerson.organisation_id, ContactPerson.name)
                                   .order_by(ContactPerson.id)).all())
    out = {}
    for org_id, _ in orgs:
        child = next((o for o, parent in orgs if parent == org_id and o in people), None)
        out[org_id] = people.get(org_id) or people.get(child) or "Rapportör"
    return out


def _fields(year: int, status: str, text: dict[str, Any], rng: np.random.Generator,
            before: dict[str, Any] | None) -> dict[str, Any]:
    earlier = (before or {}).get("progress") or 0
    if status == "completed":
        progress, goal = 100, "good"
    elif status == "not_started":
        progress, goal = 0, None
    elif status in ("paused", "cancelled"):
        progress = earlier or int(rng.integers(20, 50))
        goal = "some" if status == "paused" else "none"
    else:
        progress = min(95, earlier + int(rng.integers(12, 35))) if earlier else \
            int(rng.integers(25, 60))
        goal = str(rng.choice(["good", "some", "none"], p=[0.45, 0.45, 0.10]))
    narrative = text["narrative"]
    if year == 2024:  # the year before, the report said less
        narrative = narrative.split(". ")[0].rstrip(".") + "."
    example = text["example"]
    page = int(example["page"]) - (int(rng.integers(1, 6)) if year == 2024 else 0)
    examples = [{"quote": example["quote"], "document": f"{example['document']} {year}",
                 "page": str(max(page, 2))}]
    return {"status": status, "progress": progress, "goal_attainment": goal,
            "narrative": narrative, "examples": examples}


def _cycle(engine: Engine, programme_id: int, year: int, texts: dict[str, Any],
           rng: np.random.Generator) -> int:
    opened, deadline, closed = CYCLES[year]
    cycle = open_cycle(engine, year=year, author=REVIEWER, programme_id=programme_id,
                       deadline=deadline, example=True, at=opened)
    reporters = _reporters(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(StatusReport.activity_id, StatusReport.organisation_id,
                                   Activity.code, Organisation.code.label("org"))
                            .join(Activity, Activity.id == StatusReport.activity_id)
                            .join(Organisation, Organisation.id == StatusReport.organisation_id)
                            .where(StatusReport.cycle_id == cycle.id)
                            .order_by(Activity.code)).all()
        previous = conn.execute(select(FollowupCycle.id).where(
            FollowupCycle.programme_id == programme_id, FollowupCycle.year == year - 1)).scalar()
    for row in rows:
        text = texts[row.code]
        status = (text.get("status") or {}).get(year, "ongoing")
        before = _previous_fields(engine, row.activity_id, previous)
        author = reporters[row.organisation_id]
        moment = opened + dt.timedelta(days=int(rng.integers(7, 40)),
                                       minutes=int(rng.integers(0, 480)))
        late = closed is None and row.org in LATE
        if late and rng.random() < 0.5:
            continue  # nothing saved yet
        common = dict(activity_id=row.activity_id, cycle_id=cycle.id)
        fields = _fields(year, status, text, rng, before)
        version = save_status_report(engine, **common, fields=fields, expected_version=0,
                                     author=author, at=moment).version
        if late:
            continue  # a draft only
        moment += dt.timedelta(hours=2)
        version = submit_status_report(engine, **common, expected_version=version, author=author,
                                       at=moment).version
        if row.code in SENT_BACK[year]:
            moment += dt.timedelta(days=3)
            version = review_status_report(engine, **common, expected_version=version,
                                           reviewer=REVIEWER, send_back=True,
                                           comment=COMMENTS[row.code], at=moment).version
            if closed is None:
                continue  # still with the reporter
            moment += dt.timedelta(days=4)
            fields = {"narrative": f"{text['narrative']} (Kompletterad efter granskning.)"}
            version = save_status_report(engine, **common, fields=fields, expected_version=version,
                                         author=author, at=moment).version
            version = submit_status_report(engine, **common, expected_version=version,
                                           author=author, at=moment).version
        if closed is not None or rng.random() < 0.6:
            review_status_report(engine, **common, expected_version=version, reviewer=REVIEWER,
                                 at=moment + dt.timedelta(days=5))
    if closed is not None:
        close_cycle(engine, cycle.id, author=REVIEWER, at=closed)
    return cycle.id


def _previous_fields(engine: Engine, activity_id: int, cycle_id: int | None) -> dict | None:
    if cycle_id is None:
        return None
    try:
        current = current_status_report(engine, activity_id=activity_id, cycle_id=cycle_id)
    except NotFoundError:
        return None
    return current.fields() if current is not None else None
