"""Status reports (lägesrapporter): versions, the workflow and optimistic concurrency.

Every step writes a new :class:`~jamlik.store._programme.StatusReportVersion`;
nothing is updated in place. The workflow::

    (none) ─save→ draft ─save→ draft ─submit→ submitted ─review→ reviewed
                    ↑                              │                 │
                    └──── save ── returned ←─send_back (comment)─────┘

A caller passes the version it has read (``expected_version``, 0 before the first
save). If someone saved in between, the step fails with
:class:`StatusReportConflict`, which names who saved first and when and carries
both the stored version and the rejected fields. The unique (report, version)
pair in the store makes this hold also for two saves at the same instant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, select
from sqlalchemy.exc import IntegrityError

from jamlik.errors import ArgumentError, NotFoundError
from jamlik.store import StatusReport, StatusReportVersion

from ._links import check_link
from ._catalogue import codes, label
from ._common import StatusReportConflict, WorkflowError, activity_row, cycle_row, now, when

__all__ = [
    "FIELDS", "ReportVersion", "check_fields", "save_status_report", "submit_status_report",
    "review_status_report", "status_report_history", "current_status_report", "latest_versions",
    "step",
]

FIELDS = ("status", "progress", "goal_attainment", "narrative", "examples", "evidence_links")
EXAMPLE_KEYS = ("quote", "document", "page", "link")
REPORTED = ("submitted", "reviewed")
VERBS = {"save": "sparade", "submit": "skickade in", "review": "granskade",
         "send_back": "skickade tillbaka"}


class HasCurrentVersion:
    """For records that carry the newest version of a status report as ``current``."""

    current: "ReportVersion | None"

    @property
    def version(self) -> int:
        """The newest version number, 0 when nothing is saved yet."""
        return self.current.version if self.current is not None else 0

    @property
    def state(self) -> str | None:
        """The newest version's workflow state, or None."""
        return self.current.state if self.current is not None else None


@dataclass(frozen=True)
class ReportVersion:
    """One stored version of a status report."""

    report_id: int
    cycle_id: int
    activity_id: int
    organisation_id: int
    version: int
    action: str
    state: str
    status: str | None
    progress: int | None
    goal_attainment: str | None
    narrative: str | None
    examples: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    evidence_links: tuple[str, ...] = field(default_factory=tuple)
    comment: str | None = None
    author: str = ""
    created_at: dt.datetime | None = None

    def fields(self) -> dict[str, Any]:
        """The reported content, as ``save_status_report`` takes it."""
        return {"status": self.status, "progress": self.progress,
                "goal_attainment": self.goal_attainment, "narrative": self.narrative,
                "examples": [dict(e) for e in self.examples],
                "evidence_links": list(self.evidence_links)}


def _version(report, row) -> ReportVersion:
    return ReportVersion(
        report.id, report.cycle_id, report.activity_id, report.organisation_id, row.version,
        row.action, row.state, row.status, row.progress, row.goal_attainment, row.narrative,
        tuple(row.examples or ()), tuple(row.evidence_links or ()), row.comment, row.author,
        row.created_at)


def _one_of(name: str, value: Any, vocabulary: str) -> str | None:
    if value is not None and value not in codes(vocabulary):
        raise ArgumentError(f"{name} måste vara en av {', '.join(codes(vocabulary))} (eller "
                            f"None), fick {value!r}")
    return value


def check_fields(fields: Any) -> dict[str, Any]:
    """Check the content fields of a status report; return them normalised."""
    if not isinstance(fields, Mapping):
        raise ArgumentError(f"fields måste vara en ordlista (dict), fick {type(fields).__name__}")
    for key in fields:
        if key not in FIELDS:
            raise ArgumentError(f"okänt fält {key!r} i fields; tillåtna: {', '.join(FIELDS)}")
    out: dict[str, Any] = {}
    if "status" in fields:
        out["status"] = _one_of("status", fields["status"], "status")
    if "goal_attainment" in fields:
        out["goal_attainment"] = _one_of("goal_attainment", fields["goal_attainment"],
                                         "goal_attainment")
    if "progress" in fields:
        value = fields["progress"]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or not 0 <= value <= 100):
            raise ArgumentError(f"progress måste vara ett heltal 0–100 (eller None), "
                                f"fick {value!r}")
        out["progress"] = value
    if "narrative" in fields:
        value = fields["narrative"]
        if value is not None and not isinstance(value, str):
            raise ArgumentError(f"narrative måste vara text (eller None), "
                                f"fick {type(value).__name__}")
        out["narrative"] = (value.strip() or None) if value is not None else None
    if "examples" in fields:
        out["examples"] = _examples(fields["examples"])
    if "evidence_links" in fields:
        links = fields["evidence_links"]
        if not isinstance(links, (list, tuple)) or not all(isinstance(x, str) for x in links):
            raise ArgumentError(f"evidence_links måste vara en lista av länkar (text), "
                                f"fick {links!r}")
        out["evidence_links"] = [check_link(x, field=f"evidence_links[{i}]")
                                 for i, x in enumerate(links) if x.strip()]
    return out


def check_consistency(content: Mapping[str, Any]) -> None:
    """A status and the share done that contradict each other are refused
    ("ej påbörjad" with 40 % done, "genomförd" with 60 %)."""
    status, progress = content.get("status"), content.get("progress")
    if progress is None or status is None:
        return
    if status == "not_started" and progress != 0:
        raise ArgumentError(f"status '{label('status', status)}' passar inte med genomfört "
                            f"{progress} %; ange 0 % eller en annan status")
    if status == "completed" and progress != 100:
        raise ArgumentError(f"status '{label('status', status)}' passar inte med genomfört "
                            f"{progress} %; ange 100 % eller en annan status")


def _examples(examples: Any) -> list[dict[str, Any]]:
    if not isinstance(examples, (list, tuple)):
        raise ArgumentError(f"examples måste vara en lista av exempel, fick "
                            f"{type(examples).__name__}")
    out = []
    for i, example in enumerate(examples):
        if not isinstance(example, Mapping):
            raise ArgumentError(f"examples[{i}] måste vara en ordlista med quote, document, page "
                                "och link")
        extra = [k for k in example if k not in EXAMPLE_KEYS]
        if extra:
            raise ArgumentError(f"examples[{i}]: okänt fält {extra[0]!r}; tillåtna: "
                                f"{', '.join(EXAMPLE_KEYS)}")
        quote = example.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            raise ArgumentError(f"examples[{i}] behöver ett citat (quote)")
        page = example.get("page")
        out.append({"quote": quote.strip(), "document": example.get("document") or None,
                    "page": None if page in (None, "") else str(page),
                    "link": check_link(example["link"], field=f"examples[{i}].link")
                    if example.get("link") else None})
    return out


def latest_versions(conn: Connection, *, cycle_id: int | None = None,
                    report_ids: list[int] | None = None) -> dict[int, Any]:
    """The newest version row of each status report (of a cycle, or of given reports)."""
    newest = select(StatusReportVersion.report_id,
                    func.max(StatusReportVersion.version).label("version")).group_by(
        StatusReportVersion.report_id)
    if cycle_id is not None:
        newest = newest.join(StatusReport, StatusReport.id == StatusReportVersion.report_id).where(
            StatusReport.cycle_id == cycle_id)
    if report_ids is not None:
        newest = newest.where(StatusReportVersion.report_id.in_(report_ids))
    newest = newest.subquery()
    rows = conn.execute(select(StatusReportVersion).join(newest, and_(
        StatusReportVersion.report_id == newest.c.report_id,
        StatusReportVersion.version == newest.c.version)))
    return {row.report_id: row for row in rows}


def _report(conn: Connection, activity_id: int, cycle_id: int):
    cycle = cycle_row(conn, cycle_id)
    activity = activity_row(conn, activity_id)
    report = conn.execute(select(StatusReport).where(
        StatusReport.cycle_id == cycle_id, StatusReport.activity_id == activity_id)).first()
    if report is None:
        raise NotFoundError(f"aktiviteten '{activity.name}' ingår inte i uppföljningen "
                            f"'{cycle.name}'")
    return cycle, activity, report


def _conflict(conn, activity, cycle, report, expected, rejected) -> StatusReportConflict:
    row = latest_versions(conn, report_ids=[report.id]).get(report.id)
    if row is None:
        message = (f"statusrapporten för '{activity.name}' i {cycle.name} har ingen sparad "
                   f"version än; du utgick från version {expected}")
        return StatusReportConflict(message, current=None, rejected=rejected)
    message = (f"statusrapporten för '{activity.name}' i {cycle.name} har ändrats: {row.author} "
               f"{VERBS[row.action]} version {row.version} den {when(row.created_at)}. Du "
               f"utgick från version {expected}. Dina ändringar har inte sparats; läs in den "
               "senaste versionen och för in dem igen.")
    return StatusReportConflict(message, current=_version(report, row), rejected=rejected)


def _check_common(expected_version: Any, author: Any) -> None:
    if (isinstance(expected_version, bool) or not isinstance(expected_version, int)
            or expected_version < 0):
        raise ArgumentError(f"expected_version måste vara ett heltal ≥ 0, fick "
                            f"{expected_version!r}")
    if not isinstance(author, str) or not author.strip():
        raise ArgumentError("author måste anges (vem som gör ändringen)")


def step(conn: Connection, *, activity_id: int, cycle_id: int, expected_version: int,
         author: str, action: str, fields: dict[str, Any] | None = None,
         comment: str | None = None, at: dt.datetime | None = None) -> ReportVersion:
    """One workflow step on an open transaction (fields already checked)."""
    cycle, activity, report = _report(conn, activity_id, cycle_id)
    rejected = dict(fields or {})
    if cycle.status != "open":
        raise WorkflowError(f"uppföljningen '{cycle.name}' är stängd; inga ändringar kan sparas")
    current = latest_versions(conn, report_ids=[report.id]).get(report.id)
    if (current.version if current is not None else 0) != expected_version:
        raise _conflict(conn, activity, cycle, report, expected_version, rejected)
    state = current.state if current is not None else None
    content = _version(report, current).fields() if current is not None else {}
    name = activity.name
    if action == "save":
        if state in ("submitted", "reviewed"):
            raise WorkflowError(f"statusrapporten för '{name}' är {label('state', state)} och "
                                "kan inte ändras förrän granskaren skickar tillbaka den")
        merged = {**content, **(fields or {})}
        check_consistency(merged)
        if current is not None and state == "draft" and merged == content:
            return _version(report, current)  # nothing changed: no new version
        content, new_state = merged, "draft"
    elif action == "submit":
        if state not in ("draft", "returned"):
            raise WorkflowError(f"bara ett utkast eller en återsänd rapport kan skickas in; "
                                f"statusrapporten för '{name}' är "
                                f"{label('state', state) if state else 'inte påbörjad'}")
        if not content.get("status"):
            raise WorkflowError(f"statusrapporten för '{name}' saknar status; fyll i status "
                                "innan den skickas in")
        new_state = "submitted"
    elif action == "review":
        if state != "submitted":
            raise WorkflowError(f"bara en inskickad rapport kan granskas; statusrapporten för "
                                f"'{name}' är {label('state', state) if state else 'tom'}")
        new_state = "reviewed"
    else:  # send_back
        if state not in REPORTED:
            raise WorkflowError(f"bara en inskickad eller granskad rapport kan skickas tillbaka; "
                                f"statusrapporten för '{name}' är "
                                f"{label('state', state) if state else 'tom'}")
        new_state = "returned"
    values = dict(report_id=report.id, version=expected_version + 1, action=action,
                  state=new_state, comment=comment, author=author.strip(),
                  created_at=at or now(),
                  **{key: content.get(key) for key in FIELDS})
    values["examples"] = values["examples"] or []
    values["evidence_links"] = values["evidence_links"] or []
    conn.execute(StatusReportVersion.__table__.insert().values(**values))
    row = latest_versions(conn, report_ids=[report.id])[report.id]
    return _version(report, row)


def _run(engine: Engine, rejected: dict[str, Any], **kwargs: Any) -> ReportVersion:
    try:
        with engine.begin() as conn:
            return step(conn, **kwargs)
    except IntegrityError:
        # Another writer inserted the same version number first (a race): report it as
        # the conflict it is, read after their commit.
        with engine.connect() as conn:
            cycle, activity, report = _report(conn, kwargs["activity_id"], kwargs["cycle_id"])
            raise _conflict(conn, activity, cycle, report, kwargs["expected_version"],
                            rejected) from None


def save_status_report(engine: Engine, *, activity_id: int, cycle_id: int,
                       fields: Mapping[str, Any], expected_version: int, author: str,
                       at: dt.datetime | None = None) -> ReportVersion:
    """Save changed content of a status report as a new draft version.

    ``fields`` holds any of :data:`FIELDS`; fields left out keep their value.
    Returns the new version (or the current one if nothing changed).
    """
    checked = check_fields(fields)
    _check_common(expected_version, author)
    return _run(engine, checked, activity_id=activity_id, cycle_id=cycle_id,
                expected_version=expected_version, author=author, action="save",
                fields=checked, at=at)


def submit_status_report(engine: Engine, *, activity_id: int, cycle_id: int,
                         expected_version: int, author: str,
                         at: dt.datetime | None = None) -> ReportVersion:
    """Submit a draft (or a returned report) for review."""
    _check_common(expected_version, author)
    return _run(engine, {}, activity_id=activity_id, cycle_id=cycle_id,
                expected_version=expected_version, author=author, action="submit", at=at)


def review_status_report(engine: Engine, *, activity_id: int, cycle_id: int,
                         expected_version: int, reviewer: str, send_back: bool = False,
                         comment: str | None = None,
                         at: dt.datetime | None = None) -> ReportVersion:
    """Approve a submitted report, or send it back to the reporter with a comment."""
    _check_common(expected_version, reviewer)
    if send_back and (not isinstance(comment, str) or not comment.strip()):
        raise ArgumentError("en rapport som skickas tillbaka behöver en kommentar")
    return _run(engine, {}, activity_id=activity_id, cycle_id=cycle_id,
                expected_version=expected_version, author=reviewer,
                action="send_back" if send_back else "review",
                comment=comment.strip() if isinstance(comment, str) and comment.strip() else None,
                at=at)


def status_report_history(engine: Engine, *, activity_id: int,
                          cycle_id: int) -> list[ReportVersion]:
    """Every version of a status report, oldest first."""
    with engine.connect() as conn:
        _, _, report = _report(conn, activity_id, cycle_id)
        rows = conn.execute(select(StatusReportVersion).where(
            StatusReportVersion.report_id == report.id).order_by(StatusReportVersion.version))
        return [_version(report, row) for row in rows]


def current_status_report(engine: Engine, *, activity_id: int,
                          cycle_id: int) -> ReportVersion | None:
    """The newest version of a status report, or None if nothing is saved yet."""
    with engine.connect() as conn:
        _, _, report = _report(conn, activity_id, cycle_id)
        row = latest_versions(conn, report_ids=[report.id]).get(report.id)
        return None if row is None else _version(report, row)
