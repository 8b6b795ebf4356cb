"""Documents, their passages, proposed uptake matches and review decisions.

A document is identified by the SHA-256 of its bytes, so importing the same file
again changes nothing. Matches are proposals (re-running updates their score and
evidence); review decisions are appended and never changed: the newest decision
of a match is its state, and every earlier one stays as history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON, Boolean, DateTime, Engine, Float, ForeignKey, Integer, String, Text, UniqueConstraint,
    func, select,
)
from sqlalchemy.orm import Mapped, mapped_column

from jamlik.errors import NotFoundError

from ._models import Base, Programme, Strategy, TargetArea, utcnow
from ._programme import Commission, Organisation, Recommendation, RecommendationStrategy

__all__ = [
    "Document", "DocumentPassage", "UptakeMatch", "UptakeDecision", "DECISIONS", "StoredMatch",
    "save_document", "year_passages", "save_matches", "record_decision", "decision_history",
    "stored_matches", "programme_recommendations", "confirmed_uptake", "programme_ids",
    "match_programme",
]

DECISIONS = ("confirm", "reject", "reassign")


class Document(Base):
    """An imported document (an annual report, årsrapport) of an organisation and year."""

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(10))
    pages: Mapped[int | None] = mapped_column(Integer)
    scanned_pages: Mapped[list[int]] = mapped_column(JSON, default=list)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_by: Mapped[str | None] = mapped_column(String(120))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DocumentPassage(Base):
    """A paragraph, list item or table row of a document, with page and headings."""

    __tablename__ = "document_passage"
    __table_args__ = (UniqueConstraint("document_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    heading_path: Mapped[list[str]] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)


class UptakeMatch(Base):
    """A proposed match of a passage to a strategy or recommendation of a programme."""

    __tablename__ = "uptake_match"
    __table_args__ = (UniqueConstraint("passage_id", "programme_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("document_passage.id"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    target_kind: Mapped[str] = mapped_column(String(20))  # strategy, recommendation
    code: Mapped[str] = mapped_column(String(40))
    target_area: Mapped[str | None] = mapped_column(String(40))
    rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    matched_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UptakeDecision(Base):
    """A reviewer's decision on a match: confirm, reject or re-assign (never changed)."""

    __tablename__ = "uptake_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("uptake_match.id"), index=True)
    decision: Mapped[str] = mapped_column(String(20))
    code: Mapped[str | None] = mapped_column(String(40))  # the new code of a re-assignment
    reviewer: Mapped[str] = mapped_column(String(120))
    comment: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


@dataclass(frozen=True, slots=True)
class StoredMatch:
    """A stored match with its passage, document and current review state."""

    id: int
    code: str
    target_kind: str
    target_area: str | None
    rank: int
    score: float
    evidence: list[dict[str, Any]]
    passage_id: int
    text: str
    page: int | None
    heading_path: list[str]
    document_id: int
    source: str
    organisation: str
    year: int
    decision: str | None
    decided_code: str | None
    reviewer: str | None
    organisation_name: str = ""
    is_example: bool = False

    @property
    def final_code(self) -> str:
        """The code a confirmed or re-assigned match counts for."""
        return self.decided_code if self.decision == "reassign" and self.decided_code else self.code


def _organisation(conn, organisation: str | int) -> int:
    column = Organisation.id if isinstance(organisation, int) else Organisation.code
    found = conn.execute(select(Organisation.id).where(column == organisation)).scalar()
    if found is None:
        raise NotFoundError(f"ingen organisation med id '{organisation}'")
    return found


def programme_ids(engine: Engine) -> list[int]:
    """Ids of the stored programmes, oldest first."""
    with engine.connect() as conn:
        return list(conn.execute(select(Programme.id).order_by(Programme.id)).scalars())


def match_programme(engine: Engine, match_id: int) -> int:
    """The programme a stored match belongs to."""
    with engine.connect() as conn:
        found = conn.execute(select(UptakeMatch.programme_id)
                             .where(UptakeMatch.id == match_id)).scalar()
    if found is None:
        raise NotFoundError(f"inget förslag med id {match_id}")
    return found


def save_document(engine: Engine, *, sha256: str, organisation: str | int, year: int, kind: str,
                  source: str, format: str, pages: int | None, scanned_pages: list[int],
                  passages: list[dict[str, Any]], imported_by: str | None = None,
                  is_example: bool = False) -> tuple[int, bool]:
    """Store a document and its passages in one transaction; ``(id, created)``.

    A document with the same SHA-256 is already stored: nothing changes and
    ``created`` is False.
    """
    with engine.begin() as conn:
        found = conn.execute(select(Document.id).where(Document.sha256 == sha256)).scalar()
        if found is not None:
            return found, False
        owner = _organisation(conn, organisation)
        document_id = conn.execute(Document.__table__.insert().values(
            sha256=sha256, organisation_id=owner, year=year, kind=kind, source=source,
            format=format, pages=pages, scanned_pages=list(scanned_pages), is_example=is_example,
            imported_by=imported_by, imported_at=utcnow())).inserted_primary_key[0]
        if passages:
            conn.execute(DocumentPassage.__table__.insert(), [
                {"document_id": document_id, "seq": seq, "page": p.get("page"),
                 "heading_path": list(p.get("heading_path") or []), "kind": p["kind"],
                 "text": p["text"]} for seq, p in enumerate(passages, start=1)])
    return document_id, True


def year_passages(engine: Engine, year: int) -> list[tuple[int, str]]:
    """``(passage id, text)`` of every stored document of a year."""
    with engine.connect() as conn:
        rows = conn.execute(select(DocumentPassage.id, DocumentPassage.text)
                            .join(Document, Document.id == DocumentPassage.document_id)
                            .where(Document.year == year)
                            .order_by(DocumentPassage.id)).all()
    return [(row.id, row.text) for row in rows]


def save_matches(engine: Engine, programme_id: int, matches: list[dict[str, Any]]) -> int:
    """Insert new proposals, update score, rank and evidence of known ones; the count."""
    with engine.begin() as conn:
        known = {(row.passage_id, row.code): row.id for row in conn.execute(
            select(UptakeMatch.id, UptakeMatch.passage_id, UptakeMatch.code)
            .where(UptakeMatch.programme_id == programme_id))}
        new, changed = [], []
        now = utcnow()
        for match in matches:
            values = {"rank": match["rank"], "score": match["score"],
                      "evidence": match["evidence"], "matched_at": now}
            key = (match["passage_id"], match["code"])
            if key in known:
                changed.append({"match_id": known[key], **values})
            else:
                new.append({"passage_id": match["passage_id"], "programme_id": programme_id,
                            "target_kind": match["kind"], "code": match["code"],
                            "target_area": match["target_area"] or None, **values})
        if new:
            conn.execute(UptakeMatch.__table__.insert(), new)
        for row in changed:
            conn.execute(UptakeMatch.__table__.update()
                         .where(UptakeMatch.id == row.pop("match_id")).values(**row))
    return len(matches)


def record_decision(engine: Engine, match_id: int, decision: str, *, reviewer: str,
                    code: str | None = None, comment: str | None = None) -> int:
    """Append a decision to a match's history; its id."""
    with engine.begin() as conn:
        if conn.execute(select(UptakeMatch.id).where(UptakeMatch.id == match_id)).scalar() is None:
            raise NotFoundError(f"inget förslag med id {match_id}")
        return conn.execute(UptakeDecision.__table__.insert().values(
            match_id=match_id, decision=decision, code=code, reviewer=reviewer, comment=comment,
            decided_at=utcnow())).inserted_primary_key[0]


def decision_history(engine: Engine, match_id: int) -> list[dict[str, Any]]:
    """Every decision on a match, oldest first: decision, code, reviewer, comment, time."""
    with engine.connect() as conn:
        rows = conn.execute(select(UptakeDecision.decision, UptakeDecision.code,
                                   UptakeDecision.reviewer, UptakeDecision.comment,
                                   UptakeDecision.decided_at)
                            .where(UptakeDecision.match_id == match_id)
                            .order_by(UptakeDecision.id)).all()
    return [{"decision": r.decision, "code": r.code, "reviewer": r.reviewer,
             "comment": r.comment, "decided_at": r.decided_at} for r in rows]


def stored_matches(engine: Engine, *, programme_id: int | None = None, year: int | None = None,
                   organisation: str | None = None, decision: str | None = "any"
                   ) -> list[StoredMatch]:
    """Stored matches with passage, document and current decision.

    ``decision``: ``"any"`` (default), ``None`` (not yet reviewed) or one of
    :data:`DECISIONS`.
    """
    latest = (select(UptakeDecision.match_id, func.max(UptakeDecision.id).label("id"))
              .group_by(UptakeDecision.match_id).subquery())
    query = (select(UptakeMatch.id, UptakeMatch.code, UptakeMatch.target_kind,
                    UptakeMatch.target_area, UptakeMatch.rank, UptakeMatch.score,
                    UptakeMatch.evidence, DocumentPassage.id.label("passage_id"),
                    DocumentPassage.text, DocumentPassage.page, DocumentPassage.heading_path,
                    Document.source, Document.year,
                    Document.id.label("document_id"), Organisation.code.label("organisation"),
                    Organisation.name.label("organisation_name"), Document.is_example,
                    UptakeDecision.decision, UptakeDecision.code.label("decided_code"),
                    UptakeDecision.reviewer)
             .join(DocumentPassage, DocumentPassage.id == UptakeMatch.passage_id)
             .join(Document, Document.id == DocumentPassage.document_id)
             .join(Organisation, Organisation.id == Document.organisation_id)
             .outerjoin(latest, latest.c.match_id == UptakeMatch.id)
             .outerjoin(UptakeDecision, UptakeDecision.id == latest.c.id)
             .order_by(Document.year, Organisation.code, DocumentPassage.id, UptakeMatch.rank,
                       UptakeMatch.id))
    if programme_id is not None:
        query = query.where(UptakeMatch.programme_id == programme_id)
    if year is not None:
        query = query.where(Document.year == year)
    if organisation is not None:
        query = query.where(Organisation.code == organisation)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    found = []
    for row in rows:
        if decision != "any" and row.decision != decision:
            continue
        found.append(StoredMatch(
            row.id, row.code, row.target_kind, row.target_area, row.rank, row.score,
            row.evidence, row.passage_id, row.text, row.page, row.heading_path,
            row.document_id, row.source, row.organisation, row.year, row.decision,
            row.decided_code, row.reviewer, row.organisation_name, bool(row.is_example)))
    return found


def programme_recommendations(engine: Engine, programme_id: int) -> list[dict[str, Any]]:
    """Recommendations linked to a programme's strategies, for matching:
    ``code``, ``text``, ``strategies`` (codes) and ``commission`` (name)."""
    with engine.connect() as conn:
        if conn.execute(select(Programme.id).where(Programme.id == programme_id)).scalar() is None:
            raise NotFoundError(f"inget program med id {programme_id}")
        rows = conn.execute(
            select(Recommendation.id, Recommendation.code, Recommendation.text,
                   Commission.name.label("commission"), Strategy.code.label("strategy"))
            .join(RecommendationStrategy, RecommendationStrategy.recommendation_id
                  == Recommendation.id)
            .join(Strategy, Strategy.id == RecommendationStrategy.strategy_id)
            .join(TargetArea, TargetArea.id == Strategy.target_area_id)
            .join(Commission, Commission.id == Recommendation.commission_id)
            .where(TargetArea.programme_id == programme_id)
            .order_by(Recommendation.id, Strategy.code)).all()
    found: dict[int, dict[str, Any]] = {}
    for row in rows:
        item = found.setdefault(row.id, {"code": row.code, "text": row.text, "strategies": [],
                                         "commission": row.commission})
        item["strategies"].append(row.strategy)
    return list(found.values())


def confirmed_uptake(engine: Engine, programme_id: int) -> list[StoredMatch]:
    """Confirmed and re-assigned matches of a programme: what reports may use."""
    return [match for match in stored_matches(engine, programme_id=programme_id)
            if match.decision in ("confirm", "reassign")]


def uptake_facets(engine: Engine, programme_id: int) -> dict[str, list]:
    """What the proposals of a programme can be filtered by.

    Returns ``{"years": [int, ...], "organisations": [(code, name), ...]}``: the years
    and organisations that have at least one proposed match, in order.
    """
    base = (select(Document.year, Organisation.code, Organisation.name)
            .join(DocumentPassage, DocumentPassage.document_id == Document.id)
            .join(UptakeMatch, UptakeMatch.passage_id == DocumentPassage.id)
            .join(Organisation, Organisation.id == Document.organisation_id)
            .where(UptakeMatch.programme_id == programme_id).distinct())
    with engine.connect() as conn:
        rows = conn.execute(base).all()
    return {"years": sorted({row.year for row in rows}),
            "organisations": sorted({(row.code, row.name) for row in rows},
                                    key=lambda pair: pair[1].casefold())}
