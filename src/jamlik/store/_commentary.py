"""Analysts' commentary on the sections of the equality report, kept with its history.

Every save adds a version (:class:`ReportCommentary`); nothing is overwritten or
deleted, so what the report said at any time can be shown again. The report takes
the newest version per section (an empty text withdraws a comment: the section then
has none, and the history still shows what it said).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Engine, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from jamlik.errors import ArgumentError

from ._models import Base, utcnow

__all__ = ["COMMENTARY_LIMIT", "ReportCommentary", "commentary_history", "latest_commentary",
           "save_commentary"]

COMMENTARY_LIMIT = 5000  # characters: a commentary is a paragraph or two, not a chapter


class ReportCommentary(Base):
    """One version of the commentary on one section of a programme's equality report."""

    __tablename__ = "report_commentary"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    section: Mapped[str] = mapped_column(String(120), doc="The report section's key.")
    text: Mapped[str] = mapped_column(Text, doc="Empty when the comment was withdrawn.")
    author: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def save_commentary(engine: Engine, programme_id: int, section: str, text: str,
                    author: str) -> int:
    """Add a version of a section's commentary; returns its id.

    Raises
    ------
    jamlik.errors.ArgumentError
        An empty section key or author, or a text over :data:`COMMENTARY_LIMIT`.
    """
    section, author, text = str(section).strip(), str(author).strip(), str(text).strip()
    if not section or len(section) > 120:
        raise ArgumentError("avsnittet (section) måste anges, högst 120 tecken")
    if not author:
        raise ArgumentError("författaren (author) måste anges")
    if len(text) > COMMENTARY_LIMIT:
        raise ArgumentError(f"kommentaren är {len(text)} tecken; högst {COMMENTARY_LIMIT}")
    with engine.begin() as conn:
        result = conn.execute(ReportCommentary.__table__.insert().values(
            programme_id=programme_id, section=section, text=text, author=author[:120],
            created_at=utcnow()))
        return int(result.inserted_primary_key[0])


def latest_commentary(engine: Engine, programme_id: int) -> dict[str, dict]:
    """The newest version per section with a text: ``{section: {text, author, created_at}}``."""
    newest = (select(ReportCommentary.section, func.max(ReportCommentary.id).label("id"))
              .where(ReportCommentary.programme_id == programme_id)
              .group_by(ReportCommentary.section).subquery())
    query = select(ReportCommentary).join(newest, newest.c.id == ReportCommentary.id)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return {row.section: {"text": row.text, "author": row.author, "created_at": row.created_at}
            for row in rows if row.text}


def commentary_history(engine: Engine, programme_id: int,
                       section: str | None = None) -> list[dict]:
    """Every version, newest first (of one section when given)."""
    query = select(ReportCommentary).where(ReportCommentary.programme_id == programme_id)
    if section is not None:
        query = query.where(ReportCommentary.section == section)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(ReportCommentary.id.desc())).all()
    return [{"id": r.id, "section": r.section, "text": r.text, "author": r.author,
             "created_at": r.created_at} for r in rows]
