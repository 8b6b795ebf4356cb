"""Residents' voices: collections (surveys, dialogues), their questions, respondents,
answers, codebook and codings, and the log of erased collections.

Answers are personal data. Open answers are stored masked (names of places stay, phone
numbers, e-mail addresses and personal identity numbers do not); a collection can be
erased completely (:class:`VoiceErasure` keeps what was erased, by whom and when, and
nothing about a person). Codings are appended per coder: several coders may code the same
answer, and agreement between them is measured (``jamlik.stats.cohen_kappa``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ._models import Base, utcnow

__all__ = [
    "VOICE_METHODS", "VoiceAnswer", "VoiceCode", "VoiceCoding", "VoiceCollection",
    "VoiceErasure", "VoiceQuestion", "VoiceRespondent",
]

#: How answers were collected (the collection's ``method``).
VOICE_METHODS = ("web_survey", "street_interviews", "workshop", "walk_and_talk",
                 "paper_survey", "dialogue")


class VoiceCollection(Base):
    """A survey or dialogue: purpose, method, dates, areas, who ran it, recruitment.

    ``column_map`` is the saved mapping of a file's columns (area, age group, sex, weight)
    and ``postcodes`` an optional postcode → area code table for matching answers to areas.
    """

    __tablename__ = "voice_collection"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str | None] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(40))
    random_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    started: Mapped[dt.date] = mapped_column(Date)
    ended: Mapped[dt.date] = mapped_column(Date)
    period: Mapped[str] = mapped_column(String(40))
    run_by: Mapped[str] = mapped_column(Text)
    recruitment: Mapped[str] = mapped_column(Text)
    municipality: Mapped[str] = mapped_column(String(20))
    area_version: Mapped[str] = mapped_column(String(80))
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_count: Mapped[int] = mapped_column(Integer, default=5)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programme.id"), index=True)
    column_map: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    postcodes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class VoiceQuestion(Base):
    """A question of a collection: closed (options) or open (free text), and its column."""

    __tablename__ = "voice_question"
    __table_args__ = (UniqueConstraint("collection_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("voice_collection.id"), index=True)
    code: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))  # closed, open
    column: Mapped[str] = mapped_column(Text, doc="The file's column holding the answers.")
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    positive: Mapped[list[str]] = mapped_column(
        JSON, default=list, doc="Closed: the options counted in the share (the numerator).")
    excluded: Mapped[list[str]] = mapped_column(
        JSON, default=list, doc="Closed: options left out of the denominator ('vet ej').")
    indicator_name: Mapped[str | None] = mapped_column(Text)
    polarity: Mapped[str] = mapped_column(String(20), default="neutral")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class VoiceRespondent(Base):
    """One respondent (a row of the file): area, age group, sex, weight; no identity."""

    __tablename__ = "voice_respondent"
    __table_args__ = (UniqueConstraint("collection_id", "row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("voice_collection.id"), index=True)
    row: Mapped[int] = mapped_column(Integer, doc="Row of the imported file (header = 1).")
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    area_match: Mapped[str | None] = mapped_column(
        String(20), doc="How the area was found: code, name, postcode, partial name.")
    age_group: Mapped[str | None] = mapped_column(String(40))
    sex: Mapped[str | None] = mapped_column(String(20))
    weight: Mapped[float | None] = mapped_column(Float)


class VoiceAnswer(Base):
    """A respondent's answer to a question: an option (closed) or masked text (open)."""

    __tablename__ = "voice_answer"
    __table_args__ = (UniqueConstraint("respondent_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("voice_respondent.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("voice_question.id"), index=True)
    value: Mapped[str] = mapped_column(Text, doc="The option, or the open answer masked.")
    masked: Mapped[int] = mapped_column(Integer, default=0, doc="Personal details masked.")
    approved_quote: Mapped[bool] = mapped_column(Boolean, default=False)


class VoiceCode(Base):
    """A theme (or, with ``parent_id``, a sub-theme) of a collection's codebook, linked to
    the programme's target area and strategy it speaks to."""

    __tablename__ = "voice_code"
    __table_args__ = (UniqueConstraint("collection_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("voice_collection.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("voice_code.id"), index=True)
    code: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    definition: Mapped[str] = mapped_column(Text, default="")
    target_area_id: Mapped[int | None] = mapped_column(ForeignKey("target_area.id"), index=True)
    strategy_id: Mapped[int | None] = mapped_column(ForeignKey("strategy.id"), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class VoiceCoding(Base):
    """A coder's decision that an open answer speaks to a code (appended, one per coder)."""

    __tablename__ = "voice_coding"
    __table_args__ = (UniqueConstraint("answer_id", "code_id", "coder"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("voice_answer.id"), index=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("voice_code.id"), index=True)
    coder: Mapped[str] = mapped_column(String(120))
    from_suggestion: Mapped[bool] = mapped_column(Boolean, default=False)
    coded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class VoiceErasure(Base):
    """The log of erased collections: which, by whom, when and how much (never answers)."""

    __tablename__ = "voice_erasure"

    id: Mapped[int] = mapped_column(primary_key=True)
    collection: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(Text)
    erased_by: Mapped[str] = mapped_column(String(120))
    erased_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
