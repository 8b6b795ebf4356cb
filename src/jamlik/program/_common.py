"""Shared pieces of the programme services: errors, look-ups and time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, select

from jamlik.errors import ConflictError, NotFoundError, StoreError, option
from jamlik.store import Activity, FollowupCycle, Organisation, Programme

from ._catalogue import VOCABULARY

__all__ = ["WorkflowError", "StatusReportConflict", "now", "organisation_row", "cycle_row",
           "activity_row", "only_programme", "organisations_under", "parse_code", "when"]


class WorkflowError(StoreError):
    """A status report or cycle is not in a state that allows the step (e.g. already closed)."""


class StatusReportConflict(ConflictError):
    """Someone saved a newer version of the status report first.

    ``current`` is the newest stored version (a ``ReportVersion``) and ``rejected``
    the fields that were not saved, so that a user interface can show both and
    nobody's text is lost.
    """

    def __init__(self, message: str, *, current: Any, rejected: dict[str, Any]) -> None:
        super().__init__(message)
        self.current = current
        self.rejected = rejected


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def when(moment: dt.datetime) -> str:
    """``2025-02-03 kl. 14:05`` (Swedish local time, as the users read it)."""
    if moment.tzinfo is None:  # SQLite returns naive UTC
        moment = moment.replace(tzinfo=dt.timezone.utc)
    try:
        from zoneinfo import ZoneInfo

        moment = moment.astimezone(ZoneInfo("Europe/Stockholm"))
    except Exception:  # noqa: BLE001 - no time zone database: show UTC
        pass
    return moment.strftime("%Y-%m-%d kl. %H:%M")


def organisation_row(conn: Connection, ref: int | str):
    """An organisation by id or code (``NotFoundError`` if none)."""
    column = Organisation.id if isinstance(ref, int) else Organisation.code
    row = conn.execute(select(Organisation).where(column == ref)).first()
    if row is None:
        raise NotFoundError(f"ingen organisation med {'id' if isinstance(ref, int) else 'kod'} "
                            f"{ref!r}")
    return row


def cycle_row(conn: Connection, cycle_id: int):
    row = conn.execute(select(FollowupCycle).where(FollowupCycle.id == cycle_id)).first()
    if row is None:
        raise NotFoundError(f"ingen uppföljning med id {cycle_id}")
    return row


def activity_row(conn: Connection, activity_id: int):
    row = conn.execute(select(Activity).where(Activity.id == activity_id)).first()
    if row is None:
        raise NotFoundError(f"ingen aktivitet med id {activity_id}")
    return row


def only_programme(conn: Connection) -> int:
    """The id of the only stored programme; an error if there are none or several."""
    rows = conn.execute(select(Programme.id, Programme.code).order_by(Programme.id)).all()
    if not rows:
        raise NotFoundError("det finns inget program; importera ett med 'jamlik program import'")
    if len(rows) > 1:
        listed = ", ".join(f"{row.id} ({row.code})" for row in rows)
        raise NotFoundError(f"det finns flera program; välj ett med {option('programme')}: {listed}")
    return rows[0].id


def parse_code(vocabulary: str, value: Any) -> str | None:
    """The code for ``value`` given as a code or as a Swedish or English label; None if unknown.

    >>> parse_code("status", "Pågående"), parse_code("status", "paused"), parse_code("status", "x")
    ('ongoing', 'paused', None)
    """
    wanted = str(value).strip().casefold()
    for code, labels in VOCABULARY[vocabulary].items():
        if wanted == code or wanted in (labels[0].casefold(), labels[1].casefold()):
            return code
    return None


def organisations_under(conn: Connection, roots) -> list[int]:
    """``roots`` and every organisation below them in the hierarchy (parent_id), once each.

    The one walk of the organisation tree: it decides what an organisation owes
    (a board also owes its administrations' reports) and what a signed-in user may
    read and edit. Roots first, then depth first; a parent loop cannot recur.
    """
    children: dict[int | None, list[int]] = {}
    for org_id, parent in conn.execute(select(Organisation.id, Organisation.parent_id)):
        children.setdefault(parent, []).append(org_id)
    found: dict[int, None] = {}
    queue = list(roots)[::-1]
    while queue:
        org = queue.pop()
        if org not in found:
            found[org] = None
            queue.extend(children.get(org, []))
    return list(found)
